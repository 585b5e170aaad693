// What a cluster's synthesis page computes from its members' diagnostic
// exports (issue 14): which files count, the anonymous aggregate per
// campaign, the weakest criteria, progress between campaigns, and the
// aggregate's own export and checks. No DOM access, so Node.js tests import it
// as is; generator/synthesis.py is the Python reference of the statistics.
//
// This module is the one entry point (the page, tests/js and
// tests/js/score_server.mjs import it); the work is in its parts:
// synthesis-campaigns.js (constants, campaigns), synthesis-read.js (which
// files count), synthesis-stats.js (statistics), synthesis-aggregate.js (the
// aggregate, action plan, progress, CSV), synthesis-problems.js (checks of an
// imported aggregate).
//
// Design, and why:
// - Nothing in a file is trusted but its answers. Each export is re-read with
//   diagnostic-core's parseImport (the same checks as the diagnostic's own
//   import) and re-scored with the referential's own `score`: a forged score
//   or level in a file changes nothing.
// - The diagnostic's CSV export holds per-theme results only: no answers, no
//   referential version, no date. It cannot be re-scored, tied to a version or
//   to a campaign, nor told apart from the JSON of the same company (counted
//   twice). It is refused with a reason that asks for the JSON export.
// - Duplicates: an export carries no company name, only its instant (to the
//   millisecond) and its answers. The same instant and the same answers is the
//   same file (refused). The same answers at another instant of the same
//   campaign may be the same company exporting twice, or two companies
//   answering alike: kept, with a warning so the facilitator decides.
// - Campaigns: an export has no campaign label, so its date decides, in UTC
//   (the same on every machine and in Python): by half-year by default (the
//   guide's Hydreos survey runs twice a year), or by year, quarter or month.
//   A company's exports of two campaigns are two entries: statistics are
//   always per campaign, never across campaigns.
// - Quantiles: linear interpolation between order statistics, position
//   (n - 1) p (Hyndman and Fan type 7; Python's statistics.quantiles with
//   method="inclusive", R's default), on the sorted values so file order never
//   matters.
// - Anonymity: below the threshold (default and minimum 5) an aggregate holds
//   counts only; a theme or criterion counted for fewer companies than the
//   threshold has no statistics. No output holds a file name, an export date or
//   one company's answers. With type 7 at n = 5 the five-number summary IS the
//   five companies' values: anonymity rests on values never being tied to a
//   company, which is why nothing per file leaves `readExports`.
// - Criteria: a criterion's share is the collective's points over its maximum,
//   unanswered counting as 0 and abstentions left out, as the score counts
//   them. The weakest come first, ties in grid order.

export {
  DEFAULT_PRECISION, DEFAULT_THRESHOLD, DEFAULT_WEAKEST, FORMAT, FORMAT_VERSION, MIN_THRESHOLD, PERIODS,
  campaignFromId, campaignOf,
} from "./synthesis-campaigns.js";
export { byCampaign, readExports } from "./synthesis-read.js";
export { criterionStats, quantile, summary, weakestCriteria } from "./synthesis-stats.js";
export { actionPlan, actionPlanMarkdown, aggregateCsv, aggregateDocument, compareCampaigns, synthesise } from "./synthesis-aggregate.js";
export { aggregateProblems, parseAggregate } from "./synthesis-problems.js";
