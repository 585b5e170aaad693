// The anonymous aggregate of a campaign and what is made of it (see
// synthesis-core.js): the document, the collective action plan, progress
// between campaigns, the whole synthesis of a set of files, and the CSV.
// No DOM access.

import { UserError, csvField, csvNumber, csvText } from "./diagnostic-core.js";
import { counted, percentText } from "./fr.js";
import { clipped } from "./scoring.js";
import { DEFAULT_PRECISION, DEFAULT_WEAKEST, FORMAT, FORMAT_VERSION, checkedThreshold } from "./synthesis-campaigns.js";
import { byCampaign, readExports } from "./synthesis-read.js";
import { STAT_KEYS, rounded, roundedSummary, summary, weakestCriteria } from "./synthesis-stats.js";

/** @typedef {import("./synthesis-read.js").Entry} Entry */

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

const mdText = (v) => String(v).replace(/([\\`*_[\]<>#|])/g, "\\$1").replace(/\s+/g, " ").trim();

/**
 * The draft collective action plan as Markdown, to edit and share.
 * @param {{title?: string, id: string, version: string, fiches?: string[]}} referential
 * @param {object} doc an aggregate (aggregateDocument)
 * @param {Record<string, {title: string, url: string}>} fiches the guide's fiches by slug, absolute URLs
 */
export function actionPlanMarkdown(referential, doc, fiches = {}) {
  const out = [`# Projet de plan d'action collectif : ${mdText(referential.title ?? referential.id)}`, "",
    `Campagne : ${mdText(doc.campagne?.libelle ?? "")} · ${counted(doc.n, "entreprise")} · seuil d'anonymat : ${doc.seuil}.`,
    `Grille « ${mdText(referential.id)} », version ${mdText(referential.version)}. Les critères où le collectif obtient la plus faible part `
      + "des points d'abord : un projet à discuter avec les entreprises, pas un plan arrêté.", ""];
  const plan = actionPlan(referential, doc);
  if (!plan.length) out.push(`Aucun critère à afficher : il faut au moins ${doc.seuil} entreprises par critère (seuil d'anonymat).`, "");
  plan.forEach((item, i) => {
    const slugs = item.fiches.length ? item.fiches : referential.fiches ?? [];
    const links = slugs.filter((slug) => fiches[slug]).map((slug) => `[${mdText(fiches[slug].title)}](<${fiches[slug].url}>)`);
    out.push(`## ${i + 1}. ${mdText(item.text)}`, "", `- Thème : ${mdText(item.theme.title ?? item.theme.id)}`,
      `- Part des points obtenue par le collectif : ${percentText(item.part)} (${counted(item.n, "entreprise")}, `
        + `${item.sans_reponse} sans réponse)`,
      `- Conseil : ${mdText(item.advice ?? "")}`);
    if (links.length) out.push(`- Dans le guide : ${links.join(" ; ")}`);
    out.push("");
  });
  return out.join("\n");
}
