// The synthesis's statistics (see synthesis-core.js): type 7 quantiles, the
// five-number summary and mean, each criterion's share of its maximum, and
// rounding as generator/synthesis.py rounds. No DOM access.

import { maxPoints } from "./scoring.js";
import { DEFAULT_THRESHOLD } from "./synthesis-campaigns.js";

/** @typedef {{n: number, min: number, q1: number, mediane: number, q3: number, max: number, moyenne: number}} Summary */

/** Type 7 quantile of sorted values: linear interpolation at position (n - 1) p. */
export function quantile(sorted, p) {
  const h = (sorted.length - 1) * p;
  const lo = Math.floor(h);
  const a = sorted[lo], b = sorted[Math.min(lo + 1, sorted.length - 1)];
  // Clamped: in floating point a + f (b - a) may pass b by one unit, and break min <= q1 <= median.
  return Math.min(Math.max(a + (h - lo) * (b - a), a), b);
}

/** Count, extremes, quartiles and mean of a non-empty list of numbers. */
export function summary(values) {
  const s = [...values].sort((a, b) => a - b);
  let total = 0;
  for (const v of s) total += v; // in sorted order, as generator/synthesis.py sums
  return { n: s.length, min: s[0], q1: quantile(s, 0.25), mediane: quantile(s, 0.5), q3: quantile(s, 0.75),
    max: s[s.length - 1], moyenne: Math.min(Math.max(total / s.length, s[0]), s[s.length - 1]) };
}

/**
 * Every criterion with a maximum above 0, in grid order: how many companies
 * count for it, the collective's share of its maximum (percent), abstentions and
 * blanks. `part` is null when nobody counts (all abstained).
 */
export function criterionStats(referential, entries) {
  const out = [];
  for (const theme of referential.themes) {
    for (const c of theme.criteria) {
      const max = maxPoints(c);
      if (max <= 0) continue;
      let counted = 0, points = 0, blanks = 0, abstentions = 0;
      for (const e of entries) {
        const value = e.answers[c.id];
        const option = value == null ? undefined : c.options.find((o) => o.value === value);
        if (option && option.points === null) { abstentions += 1; continue; }
        counted += 1;
        if (option) points += option.points;
        else blanks += 1;
      }
      out.push({ id: c.id, theme: theme.id, n: counted, part: counted ? (100 * points) / (counted * max) : null,
        sans_reponse: blanks, abstentions });
    }
  }
  return out;
}

/** Criteria counted for at least `threshold` companies, weakest share first, ties in grid order. */
export function weakestCriteria(referential, entries, threshold = DEFAULT_THRESHOLD) {
  return criterionStats(referential, entries)
    .map((c, position) => ({ c, position }))
    .filter(({ c }) => c.part !== null && c.n >= threshold)
    .sort((a, b) => a.c.part - b.c.part || a.position - b.position)
    .map(({ c }) => c);
}

export const rounded = (x, digits) => (digits === null ? x : Math.floor(x * 10 ** digits + 0.5) / 10 ** digits);

export function roundedSummary(s, digits) {
  const out = { n: s.n };
  for (const k of ["min", "q1", "mediane", "q3", "max", "moyenne"]) out[k] = rounded(s[k], digits);
  return out;
}

/** The five numbers of a summary, in order (the mean is checked apart). */
export const STAT_KEYS = ["min", "q1", "mediane", "q3", "max"];
