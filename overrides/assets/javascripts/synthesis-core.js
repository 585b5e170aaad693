// What a cluster's synthesis page computes from its members' diagnostic
// exports (issue 14): which files count, the anonymous aggregate per
// campaign, the weakest criteria, progress between campaigns, and the
// aggregate's own export and checks. No DOM access, so Node.js tests import it
// as is; generator/synthesis.py is the Python reference of the statistics.
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

import { UserError, csvField, csvNumber, csvText, orderedAnswers, parseImport } from "./diagnostic-core.js";
import { clipped, maxPoints } from "./scoring.js";

/** @typedef {import("./scoring.js").Referential} Referential */
/** @typedef {import("./diagnostic-core.js").Result} Result */
/** @typedef {{id: string, libelle: string, debut: string, fin: string}} Campaign */
/** @typedef {{name: string, date: Date, campaign: Campaign, answers: Record<string, string>, result: Result, warnings: string[]}} Entry */
/** @typedef {{name: string, kind: string, reason: string}} Refusal */
/** @typedef {{n: number, min: number, q1: number, mediane: number, q3: number, max: number, moyenne: number}} Summary */

export const FORMAT = "synthese-autodiagnostic";
export const FORMAT_VERSION = 1;
export const DEFAULT_THRESHOLD = 5;
export const MIN_THRESHOLD = 5;
export const DEFAULT_WEAKEST = 5;
export const DEFAULT_PRECISION = 2;
export const PERIODS = ["annee", "semestre", "trimestre", "mois"];

const isObject = (x) => x !== null && typeof x === "object" && !Array.isArray(x);

/** A file refused, with the kind of reason (for grouping on the page) and the French sentence. */
class Refused extends UserError {
  constructor(kind, message) {
    super(message);
    this.kind = kind;
  }
}

// ---------------------------------------------------------------- campaigns

const MONTHS = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre",
  "octobre", "novembre", "décembre"];
const SPAN = { annee: 12, semestre: 6, trimestre: 3, mois: 1 };
const pad = (n, w = 2) => String(n).padStart(w, "0");
const ordinal = (i) => (i === 1 ? "1er" : `${i}e`);

function checkedPeriod(period = "semestre") {
  if (!PERIODS.includes(period)) throw new RangeError(`period: one of ${PERIODS.join(", ")}`);
  return period;
}

/** The campaign `year` and `index` (1-based half-year, quarter or month) stand for. */
function campaign(period, year, index) {
  const first = (index - 1) * SPAN[period];
  const last = first + SPAN[period] - 1;
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  const lastDay = last === 1 ? (leap ? 29 : 28) : [3, 5, 8, 10].includes(last) ? 30 : 31;
  const y = pad(year, 4);
  const id = { annee: y, semestre: `${y}-S${index}`, trimestre: `${y}-T${index}`, mois: `${y}-${pad(index)}` }[period];
  const libelle = { annee: y, semestre: `${ordinal(index)} semestre ${y}`, trimestre: `${ordinal(index)} trimestre ${y}`,
    mois: `${MONTHS[first]} ${y}` }[period];
  return { id, libelle, debut: `${y}-${pad(first + 1)}-01`, fin: `${y}-${pad(last + 1)}-${pad(lastDay)}` };
}

/** The campaign an export of `date` belongs to, in UTC. */
export function campaignOf(date, period = "semestre") {
  checkedPeriod(period);
  return campaign(period, date.getUTCFullYear(), Math.floor(date.getUTCMonth() / SPAN[period]) + 1);
}

const CAMPAIGN_ID = /^([1-9]\d{3})(?:-S([12])|-T([1-4])|-(0[1-9]|1[0-2]))?$/;

/** The campaign a campaign id names ("2026-S2", "2026-T4", "2026-11", "2026"), or null. */
export function campaignFromId(id) {
  const m = typeof id === "string" ? CAMPAIGN_ID.exec(id) : null;
  if (!m) return null;
  const year = Number(m[1]);
  if (m[2]) return campaign("semestre", year, Number(m[2]));
  if (m[3]) return campaign("trimestre", year, Number(m[3]));
  if (m[4]) return campaign("mois", year, Number(m[4]));
  return campaign("annee", year, 1);
}

// ------------------------------------------------------------------ reading

const CSV_RESULTS = /^\ufeff?Thème;Score;Maximum;Pourcentage;/;
const ISO_DAY = /^[1-9]\d{3}-\d{2}-\d{2}/;

function readOne(ref, text) {
  if (text.replace(/^\ufeff/, "").trim() === "") throw new Refused("vide", "Ce fichier est vide.");
  if (CSV_RESULTS.test(text)) {
    throw new Refused("csv", "Ce fichier est l'export CSV des résultats : il ne contient ni les réponses, ni la version "
      + "du référentiel, ni la date, et ne peut donc pas être vérifié. Demandez le fichier « Exporter mes réponses (JSON) ».");
  }
  let doc;
  try { doc = JSON.parse(text); } catch { doc = undefined; }
  if (isObject(doc)) {
    if (doc.referentiel !== ref.id) {
      throw new Refused("referentiel", typeof doc.referentiel === "string"
        ? `Ce fichier est un export du référentiel « ${clipped(doc.referentiel)} » ; cette synthèse porte sur « ${ref.id} ».`
        : "Ce fichier n'indique pas de quel référentiel il est l'export (champ « referentiel » absent ou illisible).");
    }
    if (doc.version !== ref.version) {
      throw new Refused("version", typeof doc.version === "string"
        ? `Ce fichier a été exporté avec la version ${clipped(doc.version)} du référentiel « ${ref.id} » ; cette synthèse `
          + `porte sur la version ${ref.version} : des versions différentes ne se comparent pas critère à critère.`
        : `Ce fichier n'indique pas la version du référentiel « ${ref.id} » dont il est l'export (champ « version » absent ou illisible).`);
    }
  }
  let parsed;
  try {
    parsed = parseImport(ref, text);
  } catch (err) {
    if (err instanceof UserError) throw new Refused("illisible", err.message);
    throw err;
  }
  if (!parsed.date || !ISO_DAY.test(doc.date)) {
    throw new Refused("date", "Ce fichier n'a pas de date d'export lisible : il ne peut être rattaché à aucune campagne.");
  }
  if (Object.keys(parsed.answers).length === 0) {
    throw new Refused("sans-reponse", "Ce fichier ne contient aucune réponse : l'auto-diagnostic n'a pas été rempli.");
  }
  return parsed;
}

/**
 * The exports that count, re-scored, and the refused ones with a French reason each.
 * Accepted entries hold the answers: they stay in the page, never in an output.
 * @param {{name: string, text: string}[]} files
 * @param {Referential & {version: string}} referential
 * @param {(answers: Record<string, string>) => Result} score the referential module's own
 * @param {{period?: string}} [options]
 * @returns {{accepted: Entry[], refused: Refusal[]}}
 */
export function readExports(files, referential, score, options = {}) {
  const period = checkedPeriod(options.period);
  const accepted = [];
  const refused = [];
  const instants = new Map(); // instant and answers -> file name
  const alike = new Map(); // campaign and answers -> file name
  for (const file of files) {
    const name = typeof file.name === "string" ? file.name : "";
    try {
      const { answers, date } = readOne(referential, typeof file.text === "string" ? file.text : "");
      const key = JSON.stringify(orderedAnswers(referential, answers));
      const instant = `${date.toISOString()} ${key}`;
      if (instants.has(instant)) {
        throw new Refused("doublon", `Ce fichier est identique à « ${clipped(instants.get(instant))} » (même date d'export `
          + "et mêmes réponses) : il n'est compté qu'une fois.");
      }
      instants.set(instant, name);
      const when = campaignOf(date, period);
      const warnings = [];
      const twin = alike.get(`${when.id} ${key}`);
      if (twin !== undefined) {
        warnings.push(`Mêmes réponses que « ${clipped(twin)} », exporté à une autre date de la même campagne : `
          + "s'il s'agit de la même entreprise, retirez l'un des deux fichiers.");
      } else {
        alike.set(`${when.id} ${key}`, name);
      }
      accepted.push({ name, date, campaign: when, answers, result: score(answers), warnings });
    } catch (err) {
      if (!(err instanceof Refused)) throw err;
      refused.push({ name, kind: err.kind, reason: err.message });
    }
  }
  return { accepted, refused };
}

/** Entries grouped by campaign, oldest first. */
export function byCampaign(entries) {
  const groups = new Map();
  for (const e of entries) {
    if (!groups.has(e.campaign.id)) groups.set(e.campaign.id, { campaign: e.campaign, entries: [] });
    groups.get(e.campaign.id).entries.push(e);
  }
  return [...groups.values()].sort((a, b) => (a.campaign.id < b.campaign.id ? -1 : a.campaign.id > b.campaign.id ? 1 : 0));
}

// --------------------------------------------------------------- statistics

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

function checkedThreshold(threshold = DEFAULT_THRESHOLD) {
  if (!Number.isInteger(threshold) || threshold < MIN_THRESHOLD) {
    throw new RangeError(`threshold: an integer of at least ${MIN_THRESHOLD}`);
  }
  return threshold;
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

const rounded = (x, digits) => (digits === null ? x : Math.floor(x * 10 ** digits + 0.5) / 10 ** digits);

function roundedSummary(s, digits) {
  const out = { n: s.n };
  for (const k of ["min", "q1", "mediane", "q3", "max", "moyenne"]) out[k] = rounded(s[k], digits);
  return out;
}

/**
 * The anonymous aggregate of one campaign's entries: the document the page
 * exports and a cluster publishes. Counts only below the threshold.
 * @param {Referential & {version: string}} referential
 * @param {Entry[]} entries all of one campaign (see byCampaign)
 * @param {{threshold?: number, weakest?: number, precision?: number|null}} [options]
 *   precision: decimals kept (default 2), null for unrounded values
 */
export function aggregateDocument(referential, entries, options = {}) {
  const threshold = checkedThreshold(options.threshold);
  const weakest = options.weakest ?? DEFAULT_WEAKEST;
  const digits = options.precision === undefined ? DEFAULT_PRECISION : options.precision;
  if (new Set(entries.map((e) => e.campaign.id)).size > 1) {
    throw new RangeError("aggregateDocument: entries of one campaign only (group them with byCampaign)");
  }
  const doc = { type: FORMAT, format: FORMAT_VERSION, referentiel: referential.id, version: referential.version,
    campagne: entries.length ? { ...entries[0].campaign } : null, seuil: threshold, n: entries.length,
    complets: entries.filter((e) => e.result.complete).length };
  if (entries.length < threshold) return doc;
  const stats = (id, values) => {
    if (values.length < threshold) return id === null ? { n: values.length } : { id, n: values.length };
    const s = roundedSummary(summary(values), digits);
    return id === null ? s : { id, ...s };
  };
  doc.ensemble = stats(null, entries.filter((e) => e.result.max !== 0).map((e) => e.result.percent));
  doc.themes = referential.themes.map((t, i) =>
    stats(t.id, entries.filter((e) => e.result.themes[i].max !== 0).map((e) => e.result.themes[i].percent)));
  doc.niveaux = referential.levels.map((lv) => ({ id: lv.id, n: entries.filter((e) => e.result.level?.id === lv.id).length }));
  doc.sans_niveau = entries.filter((e) => !e.result.level).length;
  doc.criteres_faibles = weakestCriteria(referential, entries, threshold).slice(0, weakest)
    .map((c) => ({ id: c.id, theme: c.theme, n: c.n, part: rounded(c.part, digits), sans_reponse: c.sans_reponse }));
  return doc;
}

/**
 * The draft collective action plan: the aggregate's weakest criteria with the
 * referential's text, advice and fiches (ids; the page links them).
 */
export function actionPlan(referential, doc) {
  const where = new Map();
  for (const t of referential.themes) for (const c of t.criteria) where.set(c.id, { theme: t, criterion: c });
  return (doc.criteres_faibles ?? []).filter((w) => where.has(w.id)).map((w) => {
    const { theme, criterion } = where.get(w.id);
    return { id: criterion.id, text: criterion.text, advice: criterion.advice, fiches: [...(criterion.fiches ?? [])],
      theme: { id: theme.id, title: theme.title }, part: w.part, n: w.n, sans_reponse: w.sans_reponse };
  });
}

/**
 * Medians then and now, per theme and overall, where both aggregates have them.
 * UserError when they are of different referentials or versions.
 */
export function compareCampaigns(before, after) {
  if (before.referentiel !== after.referentiel || before.version !== after.version) {
    throw new UserError(`Ces synthèses ne se comparent pas : l'une porte sur « ${clipped(String(before.referentiel))} » version `
      + `${clipped(String(before.version))}, l'autre sur « ${clipped(String(after.referentiel))} » version ${clipped(String(after.version))}.`);
  }
  const pair = (a, b) => (a && b && typeof a.mediane === "number" && typeof b.mediane === "number"
    ? { avant: a.mediane, apres: b.mediane, ecart: b.mediane - a.mediane } : null);
  const themesBefore = new Map((before.themes ?? []).map((t) => [t.id, t]));
  return {
    avant: before.campagne, apres: after.campagne,
    ensemble: pair(before.ensemble, after.ensemble),
    themes: (after.themes ?? []).map((t) => ({ id: t.id, ...(pair(themesBefore.get(t.id), t) ?? { avant: null, apres: null, ecart: null }) })),
  };
}

/**
 * Everything the page shows, in one call, without any per-file data but the
 * file's name: counts, refusals, one aggregate per campaign, and progress
 * between consecutive campaigns.
 */
export function synthesise(files, referential, score, options = {}) {
  const { accepted, refused } = readExports(files, referential, score, options);
  const campaigns = byCampaign(accepted).map((g) => aggregateDocument(referential, g.entries, options));
  const progress = [];
  for (let i = 1; i < campaigns.length; i++) progress.push(compareCampaigns(campaigns[i - 1], campaigns[i]));
  return {
    fichiers: files.length,
    acceptes: accepted.map((e) => ({ name: e.name, campagne: e.campaign.id, warnings: e.warnings })),
    refuses: refused, campagnes: campaigns, progression: progress,
  };
}

// ------------------------------------------------------------- the aggregate

const STAT_KEYS = ["min", "q1", "mediane", "q3", "max"];
const isNumber = (x) => typeof x === "number" && Number.isFinite(x);
const isCount = (x) => Number.isInteger(x) && x >= 0;
const shown = (x) => (typeof x === "string" ? `« ${clipped(x)} »` : typeof x === "number" ? String(x) : "absent");

/**
 * What makes an aggregate unusable or inconsistent, as [path, French message]
 * pairs (path: keys and indices into the document). The same checks as
 * generator/synthesis.py's aggregate_problems. `referential` may be null.
 */
export function aggregateProblems(doc, referential = null, options = {}) {
  const threshold = options.threshold ?? DEFAULT_THRESHOLD;
  const problems = [];
  const add = (path, message) => problems.push([path, message]);
  if (!isObject(doc)) return [[[], "la synthèse doit être un objet { … }"]];
  if (doc.type !== FORMAT) add(["type"], `ce n'est pas une synthèse d'auto-diagnostics (type ${shown(doc.type)}, attendu « ${FORMAT} »)`);
  if (doc.format !== FORMAT_VERSION) add(["format"], `format ${shown(doc.format)} non pris en charge (attendu ${FORMAT_VERSION})`);
  if (referential) {
    if (doc.referentiel !== referential.id) add(["referentiel"], `synthèse du référentiel ${shown(doc.referentiel)}, attendu « ${referential.id} »`);
    else if (doc.version !== referential.version) {
      add(["version"], `synthèse établie sur la version ${shown(doc.version)} du référentiel « ${referential.id} », qui est en version ${referential.version}`);
    }
  }
  const campaignOk = isObject(doc.campagne) && campaignFromId(doc.campagne.id) !== null;
  if (!campaignOk) add(["campagne"], "campagne absente ou illisible (attendu un identifiant comme « 2026-S2 », « 2026-T4 », « 2026-11 » ou « 2026 »)");
  else {
    const expected = campaignFromId(doc.campagne.id);
    for (const k of ["libelle", "debut", "fin"]) {
      if (doc.campagne[k] !== expected[k]) add(["campagne", k], `${shown(doc.campagne[k])} ne correspond pas à la campagne ${doc.campagne.id} (attendu « ${expected[k]} »)`);
    }
  }
  const seuilOk = Number.isInteger(doc.seuil) && doc.seuil >= Math.max(threshold, MIN_THRESHOLD);
  if (!seuilOk) add(["seuil"], `seuil d'anonymat ${shown(doc.seuil)} : au moins ${Math.max(threshold, MIN_THRESHOLD)} entreprises`);
  const seuil = seuilOk ? doc.seuil : Math.max(threshold, MIN_THRESHOLD);
  if (!isCount(doc.n)) {
    add(["n"], `nombre d'entreprises ${shown(doc.n)} : attendu un entier positif`);
    return problems;
  }
  const n = doc.n;
  if (n < seuil) add(["n"], `n = ${n} : une synthèse compte au moins ${seuil} entreprises (seuil d'anonymat)`);
  if (!isCount(doc.complets) || doc.complets > n) add(["complets"], `diagnostics complets ${shown(doc.complets)} : attendu un entier entre 0 et n = ${n}`);

  const checkStats = (path, s) => {
    if (!isObject(s)) { add(path, "statistiques absentes"); return; }
    if (!isCount(s.n) || s.n > n) { add([...path, "n"], `effectif ${shown(s.n)} : attendu un entier entre 0 et n = ${n}`); return; }
    const present = STAT_KEYS.concat("moyenne").filter((k) => k in s);
    if (s.n < seuil) {
      if (present.length) add([...path, present[0]], `statistiques d'un effectif de ${s.n}, sous le seuil d'anonymat (${seuil}) : à retirer`);
      return;
    }
    let previous = 0, previousKey = null;
    for (const k of STAT_KEYS) {
      const v = s[k];
      if (!isNumber(v)) { add([...path, k], `${k} ${shown(v)} : attendu un nombre`); return; }
      if (v < previous || v > 100) {
        add([...path, k], previousKey ? `${k} = ${v} : attendu entre ${previousKey} (${previous}) et 100` : `${k} = ${v} : attendu entre 0 et 100`);
        return;
      }
      previous = v; previousKey = k;
    }
    if (!isNumber(s.moyenne) || s.moyenne < s.min || s.moyenne > s.max) {
      add([...path, "moyenne"], `moyenne ${shown(s.moyenne)} : attendu un nombre entre min (${s.min}) et max (${s.max})`);
    }
  };

  // Each item's id is one of the referential's, once; each of the referential's is there.
  const checkIds = (key, items, known, noun) => {
    const seen = new Set();
    items.forEach((item, i) => {
      const id = isObject(item) ? item.id : undefined;
      if (typeof id !== "string" || (known && !known.includes(id))) {
        add([key, i, "id"], `${noun} inconnu ${shown(id)}${referential ? ` dans le référentiel « ${referential.id} »` : ""}`);
      } else if (seen.has(id)) add([key, i, "id"], `${noun} ${shown(id)} en double`);
      else seen.add(id);
    });
    for (const id of known ?? []) if (!seen.has(id)) add([key], `${noun} « ${id} » absent`);
  };

  checkStats(["ensemble"], doc.ensemble);

  if (!Array.isArray(doc.themes)) add(["themes"], "liste des thèmes absente");
  else {
    checkIds("themes", doc.themes, referential && referential.themes.map((t) => t.id), "thème");
    doc.themes.forEach((t, i) => checkStats(["themes", i], t));
  }

  if (!Array.isArray(doc.niveaux)) add(["niveaux"], "répartition des niveaux absente");
  else {
    let sum = 0, countsOk = isCount(doc.sans_niveau);
    checkIds("niveaux", doc.niveaux, referential && referential.levels.map((lv) => lv.id), "niveau");
    doc.niveaux.forEach((lv, i) => {
      if (!isObject(lv) || !isCount(lv.n)) { add(["niveaux", i, "n"], `effectif ${shown(lv?.n)} : attendu un entier positif`); countsOk = false; }
      else sum += lv.n;
    });
    if (!isCount(doc.sans_niveau)) add(["sans_niveau"], `${shown(doc.sans_niveau)} : attendu un entier positif`);
    else if (countsOk && sum + doc.sans_niveau !== n) {
      add(["niveaux"], `les effectifs des niveaux (${sum}) et sans niveau (${doc.sans_niveau}) font ${sum + doc.sans_niveau}, pas n = ${n}`);
    }
  }

  if (!Array.isArray(doc.criteres_faibles)) add(["criteres_faibles"], "liste des critères les plus faibles absente");
  else {
    const themeOf = new Map();
    if (referential) for (const t of referential.themes) for (const c of t.criteria) themeOf.set(c.id, t.id);
    let previous = -Infinity;
    doc.criteres_faibles.forEach((c, i) => {
      const at = (k) => ["criteres_faibles", i, k];
      if (!isObject(c)) { add(["criteres_faibles", i], "critère illisible"); return; }
      if (referential && !themeOf.has(c.id)) add(at("id"), `critère inconnu ${shown(c.id)}`);
      else if (referential && c.theme !== themeOf.get(c.id)) add(at("theme"), `le critère « ${c.id} » est du thème « ${themeOf.get(c.id)} », pas ${shown(c.theme)}`);
      if (!isCount(c.n) || c.n > n || c.n < seuil) add(at("n"), `effectif ${shown(c.n)} : attendu un entier entre le seuil (${seuil}) et n = ${n}`);
      if (!isNumber(c.part) || c.part < 0 || c.part > 100) add(at("part"), `part ${shown(c.part)} : attendu un pourcentage entre 0 et 100`);
      else if (c.part < previous) add(at("part"), `part ${c.part} : les critères vont du plus faible au moins faible (précédent : ${previous})`);
      else previous = c.part;
      if (!isCount(c.sans_reponse) || (isCount(c.n) && c.sans_reponse > c.n)) add(at("sans_reponse"), `${shown(c.sans_reponse)} : attendu un entier entre 0 et l'effectif`);
    });
  }
  return problems;
}

/**
 * A published benchmark or a previous aggregate, to compare campaigns with.
 * UserError (French) when it is not one, or not of this referential and version.
 */
export function parseAggregate(referential, text) {
  let doc;
  try { doc = JSON.parse(text); } catch { throw new UserError("Ce fichier n'est pas un fichier JSON valide : choisissez une synthèse exportée depuis cette page."); }
  const problems = aggregateProblems(doc, referential);
  if (problems.length) {
    const listed = problems.slice(0, 3).map(([p, m]) => (p.length ? `${p.join(".")} : ${m}` : m)).join(" ; ");
    throw new UserError(`Cette synthèse ne peut pas être importée : ${listed}${problems.length > 3 ? ` (et ${problems.length - 3} autres problèmes)` : ""}.`);
  }
  return doc;
}

/** The aggregate as CSV for a French spreadsheet, in blocks: identity, themes, levels, weakest criteria. */
export function aggregateCsv(referential, doc) {
  const num = (x) => (typeof x === "number" ? csvNumber(x) : "");
  const rows = [
    ["Synthèse d'auto-diagnostics", csvText(referential.title ?? referential.id)],
    ["Référentiel", csvText(doc.referentiel)], ["Version", csvText(doc.version)],
    ["Campagne", doc.campagne ? csvText(doc.campagne.libelle) : ""],
    ["Entreprises", String(doc.n)], ["Diagnostics complets", String(doc.complets)], ["Seuil d'anonymat", String(doc.seuil)],
  ];
  if (!doc.themes) {
    rows.push([], [`Statistiques non publiées : moins de ${doc.seuil} entreprises (seuil d'anonymat).`]);
  } else {
    const stat = (label, s) => [csvText(label), String(s.n), ...STAT_KEYS.concat("moyenne").map((k) => num(s[k]))];
    rows.push([], ["Thème", "Entreprises", "Minimum (%)", "1er quartile (%)", "Médiane (%)", "3e quartile (%)", "Maximum (%)", "Moyenne (%)"]);
    rows.push(stat("Ensemble", doc.ensemble));
    const titles = new Map(referential.themes.map((t) => [t.id, t.title ?? t.id]));
    for (const t of doc.themes) rows.push(stat(titles.get(t.id) ?? t.id, t));
    rows.push([], ["Niveau", "Entreprises"]);
    const labels = new Map(referential.levels.map((lv) => [lv.id, lv.label]));
    for (const lv of doc.niveaux) rows.push([csvText(labels.get(lv.id) ?? lv.id), String(lv.n)]);
    rows.push(["Aucun niveau atteint", String(doc.sans_niveau)]);
    rows.push([], ["Critère", "Thème", "Part des points obtenue (%)", "Entreprises", "Sans réponse", "Conseil", "Fiches"]);
    for (const item of actionPlan(referential, doc)) {
      rows.push([csvText(item.text), csvText(item.theme.title ?? item.theme.id), num(item.part), String(item.n),
        String(item.sans_reponse), csvText(item.advice ?? ""), csvText(item.fiches.join(", "))]);
    }
  }
  return "\ufeff" + rows.map((r) => r.map(csvField).join(";")).join("\r\n") + "\r\n";
}
