// Which exports count (see synthesis-core.js): each file re-read with the
// diagnostic's own import checks and re-scored, or refused with a French
// reason; duplicates told apart; entries grouped by campaign. No DOM access.

import { UserError, orderedAnswers, parseImport } from "./diagnostic-core.js";
import { clipped } from "./scoring.js";
import { campaignOf, checkedPeriod, isObject } from "./synthesis-campaigns.js";

/** @typedef {import("./scoring.js").Referential} Referential */
/** @typedef {import("./diagnostic-core.js").Result} Result */
/** @typedef {import("./synthesis-campaigns.js").Campaign} Campaign */
/** @typedef {{name: string, date: Date, campaign: Campaign, answers: Record<string, string>, result: Result, warnings: string[]}} Entry */
/** @typedef {{name: string, kind: string, reason: string}} Refusal */

/** A file refused, with the kind of reason (for grouping on the page) and the French sentence. */
class Refused extends UserError {
  constructor(kind, message) {
    super(message);
    this.kind = kind;
  }
}

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
