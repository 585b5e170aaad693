// What makes an imported aggregate unusable (see synthesis-core.js): the same
// checks, messages and paths as generator/synthesis.py's aggregate_problems.
// No DOM access.

import { UserError } from "./diagnostic-core.js";
import { clipped } from "./scoring.js";
import { DEFAULT_THRESHOLD, FORMAT, FORMAT_VERSION, MIN_THRESHOLD, campaignFromId, isObject } from "./synthesis-campaigns.js";
import { STAT_KEYS } from "./synthesis-stats.js";

const isNumber = (x) => typeof x === "number" && Number.isFinite(x);
const isCount = (x) => Number.isInteger(x) && x >= 0;
const shown = (x) => (typeof x === "string" ? `« ${clipped(x)} »` : typeof x === "number" ? String(x) : "absent");

/** The document's identity: type, format, referential and version, campaign. */
function checkIdentity(doc, referential, add) {
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
}

/** One summary's count and numbers: none below the threshold, in order, within 0-100. */
function checkStats({ n, seuil, add }, path, s) {
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
}

/** Each item's id is one of the referential's, once; each of the referential's is there. */
function checkIds({ referential, add }, key, items, known, noun) {
  const seen = new Set();
  items.forEach((item, i) => {
    const id = isObject(item) ? item.id : undefined;
    if (typeof id !== "string" || (known && !known.includes(id))) {
      add([key, i, "id"], `${noun} inconnu ${shown(id)}${referential ? ` dans le référentiel « ${referential.id} »` : ""}`);
    } else if (seen.has(id)) add([key, i, "id"], `${noun} ${shown(id)} en double`);
    else seen.add(id);
  });
  for (const id of known ?? []) if (!seen.has(id)) add([key], `${noun} « ${id} » absent`);
}

function checkThemes(ctx) {
  const { doc, referential, add } = ctx;
  if (!Array.isArray(doc.themes)) { add(["themes"], "liste des thèmes absente"); return; }
  checkIds(ctx, "themes", doc.themes, referential && referential.themes.map((t) => t.id), "thème");
  doc.themes.forEach((t, i) => checkStats(ctx, ["themes", i], t));
}

/** The levels' counts and the count without a level add up to n. */
function checkLevels(ctx) {
  const { doc, referential, n, add } = ctx;
  if (!Array.isArray(doc.niveaux)) { add(["niveaux"], "répartition des niveaux absente"); return; }
  let sum = 0, countsOk = isCount(doc.sans_niveau);
  checkIds(ctx, "niveaux", doc.niveaux, referential && referential.levels.map((lv) => lv.id), "niveau");
  doc.niveaux.forEach((lv, i) => {
    if (!isObject(lv) || !isCount(lv.n)) { add(["niveaux", i, "n"], `effectif ${shown(lv?.n)} : attendu un entier positif`); countsOk = false; }
    else sum += lv.n;
  });
  if (!isCount(doc.sans_niveau)) add(["sans_niveau"], `${shown(doc.sans_niveau)} : attendu un entier positif`);
  else if (countsOk && sum + doc.sans_niveau !== n) {
    add(["niveaux"], `les effectifs des niveaux (${sum}) et sans niveau (${doc.sans_niveau}) font ${sum + doc.sans_niveau}, pas n = ${n}`);
  }
}

/** Known criteria of their own theme, counted above the threshold, weakest first. */
function checkWeakest({ doc, referential, n, seuil, add }) {
  if (!Array.isArray(doc.criteres_faibles)) { add(["criteres_faibles"], "liste des critères les plus faibles absente"); return; }
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
  checkIdentity(doc, referential, add);
  const least = Math.max(threshold, MIN_THRESHOLD);
  const seuilOk = Number.isInteger(doc.seuil) && doc.seuil >= least;
  if (!seuilOk) add(["seuil"], `seuil d'anonymat ${shown(doc.seuil)} : au moins ${least} entreprises`);
  const seuil = seuilOk ? doc.seuil : least;
  if (!isCount(doc.n)) {
    add(["n"], `nombre d'entreprises ${shown(doc.n)} : attendu un entier positif`);
    return problems;
  }
  const n = doc.n;
  if (n < seuil) add(["n"], `n = ${n} : une synthèse compte au moins ${seuil} entreprises (seuil d'anonymat)`);
  if (!isCount(doc.complets) || doc.complets > n) add(["complets"], `diagnostics complets ${shown(doc.complets)} : attendu un entier entre 0 et n = ${n}`);
  const ctx = { doc, referential, n, seuil, add };
  checkStats(ctx, ["ensemble"], doc.ensemble);
  checkThemes(ctx);
  checkLevels(ctx);
  checkWeakest(ctx);
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

