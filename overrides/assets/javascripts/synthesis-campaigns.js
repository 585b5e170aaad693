// The synthesis's constants and campaigns (issue 14; see synthesis-core.js).
// An export has no campaign label, so its date decides, in UTC: the same on
// every machine and in generator/synthesis.py. No DOM access.

/** @typedef {{id: string, libelle: string, debut: string, fin: string}} Campaign */

export const FORMAT = "synthese-autodiagnostic";
export const FORMAT_VERSION = 1;
export const DEFAULT_THRESHOLD = 5;
export const MIN_THRESHOLD = 5;
export const DEFAULT_WEAKEST = 5;
export const DEFAULT_PRECISION = 2;
export const PERIODS = ["annee", "semestre", "trimestre", "mois"];

export const isObject = (x) => x !== null && typeof x === "object" && !Array.isArray(x);

const MONTHS = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre",
  "octobre", "novembre", "décembre"];
const SPAN = { annee: 12, semestre: 6, trimestre: 3, mois: 1 };
const pad = (n, w = 2) => String(n).padStart(w, "0");
const ordinal = (i) => (i === 1 ? "1er" : `${i}e`);

export function checkedPeriod(period = "semestre") {
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

export function checkedThreshold(threshold = DEFAULT_THRESHOLD) {
  if (!Number.isInteger(threshold) || threshold < MIN_THRESHOLD) {
    throw new RangeError(`threshold: an integer of at least ${MIN_THRESHOLD}`);
  }
  return threshold;
}
