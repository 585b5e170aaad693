// The scoring engine of the browser: a line-by-line transcription of
// generator/scoring.py (the specification). Pure: no DOM access, so Node.js
// imports it in tests, which check both engines agree on random answers.

/** @typedef {{value: string, label: string, points: number|null}} Option */
/** @typedef {{id: string, options: Option[]}} Criterion */
/** @typedef {{id: string, weight: number|null, criteria: Criterion[]}} Theme */
/** @typedef {{id: string, label: string, min: number, on: "score"|"percent", strict: boolean}} Level */
/** @typedef {{id: string, themes: Theme[], levels: Level[]}} Referential */

export class AnswerError extends Error {}

/**
 * `text` cut to `width` characters for a message, as errors.clipped does: an
 * imported file may hold a key or a value of a megabyte.
 */
export function clipped(text, width = 80) {
  if (text.length <= width) return text;
  const head = text.slice(0, width - 1);
  return (/[\ud800-\udbff]$/.test(head) ? head.slice(0, -1) : head) + "…"; // never half an emoji
}

/** Highest points among a criterion's options (abstentions excluded). */
export function maxPoints(criterion) {
  let max = 0;
  let any = false;
  for (const o of criterion.options) {
    if (o.points !== null && (!any || o.points > max)) { max = o.points; any = true; }
  }
  return max;
}

/** Check answers and map them to option values, as normalise_answers does. */
export function normaliseAnswers(ref, answers) {
  if (answers === null || typeof answers !== "object" || Array.isArray(answers)) {
    throw new AnswerError("les réponses doivent être un objet {\"critère\": valeur}");
  }
  const criteria = new Map();
  for (const t of ref.themes) for (const c of t.criteria) criteria.set(c.id, c);
  const out = new Map();
  for (const [key, raw] of Object.entries(answers)) {
    const crit = criteria.get(key);
    if (!crit) throw new AnswerError(`critère inconnu '${clipped(key)}' dans le référentiel '${ref.id}'`);
    if (raw === null || raw === undefined) continue;
    if (typeof raw !== "string" && !(typeof raw === "number" && Number.isInteger(raw))) {
      throw new AnswerError(`valeur invalide pour '${key}'`);
    }
    const value = String(raw);
    if (!crit.options.some((o) => o.value === value)) {
      throw new AnswerError(`valeur invalide pour '${key}' : '${clipped(value)}'`);
    }
    out.set(key, value);
  }
  return out;
}

const percentOf = (score, max) => (max ? (100 * score) / max : 0);

/** Score answers; returns the same object as `python -m generator score`. */
export function scoreWith(ref, answers) {
  const chosen = normaliseAnswers(ref, answers);
  const themes = [];
  let totalScore = 0, totalMax = 0, answeredAll = 0, totalAll = 0;
  for (const theme of ref.themes) {
    let tScore = 0, tMax = 0, answered = 0;
    for (const crit of theme.criteria) {
      const value = chosen.get(crit.id);
      const option = value === undefined ? undefined : crit.options.find((o) => o.value === value);
      if (option === undefined) { tMax += maxPoints(crit); continue; }
      answered += 1;
      if (option.points !== null) { tScore += option.points; tMax += maxPoints(crit); }
    }
    themes.push({ id: theme.id, score: tScore, max: tMax, percent: percentOf(tScore, tMax),
      answered, total: theme.criteria.length });
    totalScore += tScore; totalMax += tMax; answeredAll += answered; totalAll += theme.criteria.length;
  }
  let percent;
  if (ref.themes.length && ref.themes.every((t) => t.weight !== null)) {
    let weights = 0, sum = 0;
    ref.themes.forEach((t, i) => {
      if (themes[i].max !== 0) { weights += t.weight; sum += t.weight * themes[i].percent; }
    });
    percent = weights ? sum / weights : 0;
  } else {
    percent = percentOf(totalScore, totalMax);
  }
  let level = null;
  for (const lv of ref.levels) {
    const value = lv.on === "score" ? totalScore : percent;
    if (lv.strict ? value > lv.min : value >= lv.min) level = { id: lv.id, label: lv.label };
  }
  return { referential: ref.id, score: totalScore, max: totalMax, percent, answered: answeredAll,
    total: totalAll, complete: answeredAll === totalAll, level, themes };
}
