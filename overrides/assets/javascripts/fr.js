// French for the site's scripts: numbers, plurals, dates, as the generator
// writes them (generator/render.py date_fr, number_fr). No DOM access, so the
// pure modules (diagnostic-core.js, directory-model.js) and Node.js tests
// import it.

export const NBSP = "\u00a0";

const MONTHS = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
  "septembre", "octobre", "novembre", "décembre"];

// One formatter per precision: toLocaleString builds a new one on each call,
// which the directory would do a hundred times a change.
const formats = new Map();

/** French number: decimal comma, at most `digits` decimals, no trailing zeros, grouped thousands. */
export function fmt(n, digits = 1) {
  let f = formats.get(digits);
  if (!f) {
    f = new Intl.NumberFormat("fr-FR", { maximumFractionDigits: digits });
    formats.set(digits, f);
  }
  // Avoid "-0" when a tiny negative rounds to zero.
  const out = f.format(n);
  return /^-0(,0*)?$/.test(out) ? "0" : out;
}

/** French agrees the noun with the number: singular below 2 ("0 point", "1,5 point"). */
export const plural = (n, word) => (Math.abs(n) < 2 ? word : word + "s");

/** A whole number and its noun: "1 entreprise", "10 033 entreprises". */
export const counted = (n, word, space = " ") => `${fmt(n, 0)}${space}${plural(n, word)}`;

export const percentText = (n) => `${fmt(n, 1)}${NBSP}%`;

const spelled = (y, m, d, first) => `${d}${first && d === 1 ? "er" : ""} ${MONTHS[m - 1]} ${y}`;

/**
 * "26 novembre 2026", "1 mars 2026": a Date's local calendar day, as the
 * diagnostic has always written it (Intl's "long" French date, to the letter).
 * @param {Date} date
 */
export const dateText = (date) => spelled(date.getFullYear(), date.getMonth() + 1, date.getDate(), false);

/**
 * "1er mars 2026": an ISO day "2026-03-01", read as written whatever the
 * time zone, as the generator writes dates (render.date_fr).
 * @param {string} iso
 */
export function dayText(iso) {
  const [y, m, d] = iso.split("-").map(Number);
  return spelled(y, m, d, true);
}
