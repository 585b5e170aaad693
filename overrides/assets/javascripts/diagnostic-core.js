// What the self-diagnostic page computes besides the score: level gaps, the
// improvement plan, the share-link codec, exports and the checks on saved or
// imported answers. No DOM access, so Node.js tests import it as is.

import { fmt, percentText, plural } from "./fr.js";
import { AnswerError, clipped, maxPoints, normaliseAnswers } from "./scoring.js";

/** @typedef {import("./scoring.js").Referential} Referential */
/** @typedef {{id: string, label: string, min: number, on: "score"|"percent", strict: boolean, indicative?: boolean}} Level */
/** @typedef {{id: string, score: number, max: number, percent: number, answered: number, total: number}} ThemeResult */
/** @typedef {{referential: string, score: number, max: number, percent: number, answered: number, total: number,
 *   complete: boolean, level: {id: string, label: string}|null, themes: ThemeResult[]}} Result */
/** @typedef {Record<string, string>} Answers */

export { AnswerError };

/** A message meant for the user, in French: saved, shared or imported answers that cannot be used. */
export class UserError extends Error {}

/** "3 critères renseignés". */
export const answeredText = (n) => `${n} ${plural(n, "critère")} ${plural(n, "renseigné")}`;

export const pointsText = (n, digits = 2) => `${fmt(n, digits)} ${plural(n, "point")}`;

/** Signed difference for comparisons: "+12 points", "−3 points", "±0 point". */
export function deltaText(n, unit = "point", digits = 2) {
  const rounded = Number(n.toFixed(digits));
  if (rounded === 0) return `±0 ${unit}`;
  const sign = rounded > 0 ? "+" : "\u2212";
  return `${sign}${fmt(Math.abs(rounded), digits)} ${plural(rounded, unit)}`;
}

// Rounding a gap towards what is sure to be enough (or, for "more than",
// what is sure to be needed) keeps the sentence true after rounding.
const ceilTo = (x, digits) => Math.ceil(x * 10 ** digits - 1e-9) / 10 ** digits;
const floorTo = (x, digits) => Math.floor(x * 10 ** digits + 1e-9) / 10 ** digits;

const reaches = (lv, result) => {
  const value = lv.on === "score" ? result.score : result.percent;
  return lv.strict ? value > lv.min : value >= lv.min;
};

/**
 * The level reached (the highest satisfied, as the engine decides) and the
 * next one with the distance to it, in the unit of that level's threshold.
 * @param {{levels: Level[]}} ref
 * @param {Result} result
 */
export function levelProgress(ref, result) {
  let index = -1;
  ref.levels.forEach((lv, i) => { if (reaches(lv, result)) index = i; });
  const reached = index >= 0 ? ref.levels[index] : null;
  const next = ref.levels[index + 1] ?? null;
  const gap = next ? next.min - (next.on === "score" ? result.score : result.percent) : 0;
  return { reached, next, gap };
}

/** "Il vous manque 7 points pour atteindre Silver." and its variants. */
export function gapSentence(progress) {
  const { reached, next, gap } = progress;
  if (!next) return reached ? `Vous avez atteint le niveau le plus élevé : ${reached.label}.` : "";
  if (next.strict && gap <= 1e-9) {
    return `Vous êtes exactement au seuil de ${next.label} : il faut le dépasser pour l'atteindre.`;
  }
  const digits = next.on === "score" ? 2 : 1;
  const amount = next.strict ? floorTo(gap, digits) : ceilTo(gap, digits);
  const unit = next.on === "score" ? plural(amount, "point") : `${plural(amount, "point")} de pourcentage`;
  return `Il vous manque ${next.strict ? "plus de " : ""}${fmt(amount, digits)} ${unit} pour atteindre ${next.label}.`;
}

/** "≥ 60 %" / "> 120 points": a level's threshold as the page states it. */
export function thresholdText(lv) {
  return `${lv.strict ? ">" : "≥"} ${lv.on === "score" ? pointsText(lv.min) : percentText(lv.min)}`;
}

/**
 * Criteria that can still earn points, weakest first: lowest points ratio,
 * then the largest gain on the overall percent, then the order of the grid.
 * Abstentions and criteria worth nothing are left out: they cannot improve.
 * @param {Referential} ref
 * @param {Answers} answers
 * @param {Result} result
 */
export function improvementPlan(ref, answers, result) {
  const weighted = ref.themes.length > 0 && ref.themes.every((t) => t.weight !== null);
  let weightSum = 0;
  if (weighted) ref.themes.forEach((t, i) => { if (result.themes[i].max !== 0) weightSum += t.weight; });
  const items = [];
  let order = 0;
  ref.themes.forEach((theme, ti) => {
    const themeMax = result.themes[ti].max;
    for (const criterion of theme.criteria) {
      const position = order++;
      const max = maxPoints(criterion);
      const value = answers[criterion.id];
      const option = value == null ? null : criterion.options.find((o) => o.value === String(value)) ?? null;
      if ((option && option.points === null) || max <= 0) continue;
      const points = option ? option.points : 0;
      if (points >= max) continue;
      const missing = max - points;
      let gainPercent;
      if (weighted) gainPercent = weightSum && themeMax ? (theme.weight / weightSum) * ((100 * missing) / themeMax) : 0;
      else gainPercent = result.max ? (100 * missing) / result.max : 0;
      items.push({ criterion, theme, option, points, max, missing, ratio: points / max, gainPercent,
        unanswered: option === null, position });
    }
  });
  items.sort((a, b) => a.ratio - b.ratio || b.gainPercent - a.gainPercent || a.position - b.position);
  return items;
}

// One character per criterion, in grid order: the option's index, or "-"
// when unanswered. The referential's version follows "~", since indices only
// mean something for the grid they were made from.
const DIGITS = "0123456789abcdefghijklmnopqrstuvwxyz";

/** The compact encoding that follows `#r=` in a share link. */
export function encodeShare(ref, answers) {
  let chars = "";
  for (const t of ref.themes) {
    for (const c of t.criteria) {
      const i = answers[c.id] == null ? -1 : c.options.findIndex((o) => o.value === String(answers[c.id]));
      chars += i >= 0 && i < DIGITS.length ? DIGITS[i] : "-";
    }
  }
  return `${chars.replace(/-+$/, "")}~${encodeURIComponent(ref.version)}`;
}

/** The `r` parameter of a location hash ("#r=…"), or null. */
export function shareParam(hash) {
  const m = /^#?(?:.*&)?r=([^&]*)/.exec(hash || "");
  return m ? m[1] : null;
}

/** Answers from a share link's encoding; UserError when it does not fit this grid. */
export function decodeShare(ref, text) {
  const m = /^([0-9a-z-]*)~(.+)$/.exec(text);
  if (!m) throw new UserError("Le lien de partage est incomplet ou abîmé : ses réponses n'ont pas été reprises.");
  let version;
  try { version = decodeURIComponent(m[2]); } catch { version = m[2]; }
  if (version !== ref.version) {
    throw new UserError(`Le lien de partage a été créé pour la version ${version} de ce référentiel (version actuelle : ${ref.version}) : ses réponses n'ont pas été reprises.`);
  }
  const criteria = ref.themes.flatMap((t) => t.criteria);
  if (m[1].length > criteria.length) {
    throw new UserError("Le lien de partage contient plus de réponses que ce référentiel n'a de critères : ses réponses n'ont pas été reprises.");
  }
  /** @type {Answers} */
  const answers = {};
  for (let i = 0; i < m[1].length; i++) {
    if (m[1][i] === "-") continue;
    const option = criteria[i].options[DIGITS.indexOf(m[1][i])];
    if (!option) throw new UserError("Le lien de partage contient une réponse inconnue : ses réponses n'ont pas été reprises.");
    answers[criteria[i].id] = option.value;
  }
  return answers;
}

/** Answers in grid order, answered criteria only. */
export function orderedAnswers(ref, answers) {
  const out = {};
  for (const t of ref.themes) for (const c of t.criteria) if (answers[c.id] != null) out[c.id] = String(answers[c.id]);
  return out;
}

/** The JSON export, also the shape kept in localStorage. */
export function exportDocument(ref, answers, date = new Date()) {
  return { referentiel: ref.id, version: ref.version, date: date.toISOString(), reponses: orderedAnswers(ref, answers) };
}

export const storageKey = (ref) => `rse:diag:${ref.id}:${ref.version}`;
export const storagePrefix = (ref) => `rse:diag:${ref.id}:`;

const isObject = (x) => x !== null && typeof x === "object" && !Array.isArray(x);

// A field of an imported file, for a sentence. String() is not safe on what
// JSON.parse returns: {"toString": 1} throws, a megabyte stays a megabyte.
const fieldText = (value, missing) =>
  typeof value === "string" ? clipped(value) : typeof value === "number" ? String(value) : missing;

function checkedAnswers(ref, raw, what) {
  try {
    return Object.fromEntries(normaliseAnswers(ref, raw));
  } catch (err) {
    if (err instanceof AnswerError) throw new UserError(`${what} ne correspondent pas aux critères de ce référentiel (${err.message}).`);
    throw err;
  }
}

/** Answers saved on this device; UserError when the save is corrupted or for another grid. */
export function parseSave(ref, text) {
  let doc;
  try { doc = JSON.parse(text); } catch { throw new UserError("La sauvegarde est illisible."); }
  if (!isObject(doc) || !isObject(doc.reponses)) throw new UserError("La sauvegarde est illisible.");
  if (doc.referentiel !== ref.id || doc.version !== ref.version) {
    throw new UserError("La sauvegarde correspond à un autre référentiel ou à une autre version.");
  }
  return checkedAnswers(ref, doc.reponses, "Les réponses enregistrées");
}

const MAX_IMPORT = 1_000_000; // bytes: an export of the largest grid is a few kilobytes

/**
 * A previous JSON export, to compare with. Another referential or version is
 * only a warning: the comparison still holds when the criteria fit.
 * @returns {{answers: Answers, date: Date|null, warnings: string[]}}
 */
export function parseImport(ref, text) {
  if (text.length > MAX_IMPORT) throw new UserError("Ce fichier est trop volumineux pour être un export d'auto-diagnostic.");
  let doc;
  try {
    doc = JSON.parse(text);
  } catch {
    throw new UserError("Ce fichier n'est pas un fichier JSON valide : choisissez un export « Exporter mes réponses (JSON) ».");
  }
  if (!isObject(doc)) {
    throw new UserError("Ce fichier n'est pas un export d'auto-diagnostic : il ne contient pas d'objet JSON « { … } ».");
  }
  if (!isObject(doc.reponses)) {
    throw new UserError("Ce fichier n'est pas un export d'auto-diagnostic : le champ « reponses » est absent ou n'est pas un ensemble de réponses.");
  }
  const warnings = [];
  if (doc.referentiel !== ref.id) {
    warnings.push(`Ce fichier a été exporté depuis un autre référentiel (« ${fieldText(doc.referentiel, "inconnu")} ») que celui de cette page (« ${ref.id} »).`);
  }
  if (doc.version !== ref.version) {
    warnings.push(`Ce fichier correspond à la version ${fieldText(doc.version, "inconnue")} du référentiel ; la version actuelle est la ${ref.version}.`);
  }
  const answers = checkedAnswers(ref, doc.reponses, "Les réponses de ce fichier");
  const date = typeof doc.date === "string" && !Number.isNaN(Date.parse(doc.date)) ? new Date(doc.date) : null;
  return { answers, date, warnings };
}

export const csvNumber = (n) => fmt(n, 2).replace(/[\s\u00a0\u202f]/g, "");
export const csvField = (v) => (/[;"\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
// The OWASP rule against CSV injection, as opendata.neutralised does: theme
// titles come from data files, and a spreadsheet runs a cell starting with one of these.
export const csvText = (v) => (/^[=+\-@\t\r]/.test(v) ? `'${v}` : v);

/**
 * Results as CSV for a French spreadsheet: BOM so Excel reads UTF-8, ";"
 * because the decimal separator is a comma, one row per theme and a total.
 * @param {Referential} ref
 * @param {Result} result
 */
export function resultsCsv(ref, result) {
  const rows = [["Thème", "Score", "Maximum", "Pourcentage", "Critères renseignés", "Critères"]];
  ref.themes.forEach((t, i) => {
    const r = result.themes[i];
    rows.push([csvText(t.title), csvNumber(r.score), csvNumber(r.max), csvNumber(r.percent), String(r.answered), String(r.total)]);
  });
  rows.push(["Total", csvNumber(result.score), csvNumber(result.max), csvNumber(result.percent),
    String(result.answered), String(result.total)]);
  return "\ufeff" + rows.map((r) => r.map(csvField).join(";")).join("\r\n") + "\r\n";
}

/** A file name's date part, in local time: "2026-11-26". */
export function isoDay(date = new Date()) {
  const p = (n) => String(n).padStart(2, "0");
  return `${date.getFullYear()}-${p(date.getMonth() + 1)}-${p(date.getDate())}`;
}
