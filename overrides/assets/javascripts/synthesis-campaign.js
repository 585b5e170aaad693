// One campaign's aggregate on the synthesis page: the distribution per theme
// (box plot and its table), the levels reached, and the draft collective
// action plan. Everything drawn here comes from the anonymous aggregate
// (aggregateDocument), never from one company's file.

import { boxplotSvg } from "./boxplot.js";
import { actionPlan } from "./synthesis-core.js";
import { fill, h } from "./dom.js";
import { counted, dayText, fmt, percentText, plural } from "./fr.js";
import { tableBox } from "./synthesis-view.js";

/** @typedef {import("./synthesis-page.js").SynthesisPage} SynthesisPage */

const COLUMNS = ["Entreprises", "Minimum", "1er quartile", "Médiane", "3e quartile", "Maximum", "Moyenne"];
const KEYS = ["min", "q1", "mediane", "q3", "max", "moyenne"];

/** "Ensemble" then each theme, with its statistics or null below the threshold. */
function rows(page, doc) {
  const withStats = (s) => (s && typeof s.mediane === "number" ? s : null);
  const list = [{ label: "Ensemble (score global)", s: doc.ensemble }];
  page.ref.themes.forEach((t, i) => list.push({ label: `${i + 1}. ${t.title}`, s: doc.themes.find((x) => x.id === t.id) }));
  return list.map(({ label, s }) => ({ label, n: s?.n ?? 0, stats: withStats(s) }));
}

function distributionTable(doc, items) {
  const body = items.map((r) => h("tr", null, h("th", { scope: "row" }, r.label), h("td", null, fmt(r.n, 0)),
    r.stats ? KEYS.map((k) => h("td", null, percentText(r.stats[k])))
      : h("td", { colspan: KEYS.length, class: "rse-synth__hidden-stat" }, `non affiché : moins de ${doc.seuil} entreprises`)));
  return tableBox("Données du graphique : pourcentages obtenus par les entreprises, par thème", "rse-synth__table",
    ["Thème", ...COLUMNS], body);
}

function distribution(page, doc) {
  const items = rows(page, doc);
  const chart = {
    title: `Répartition des pourcentages par thème, campagne ${doc.campagne.libelle} : pour chaque thème, minimum, premier quartile, `
      + "médiane, troisième quartile et maximum. Les valeurs sont dans le tableau qui suit.",
    rows: items.map((r) => ({ label: r.label, stats: r.stats,
      note: r.stats ? `médiane ${percentText(r.stats.mediane)}` : `non affiché (${counted(r.n, "entreprise")}, seuil ${doc.seuil})` })),
  };
  const figure = h("div", { class: "rse-synth__figure" });
  figure.innerHTML = boxplotSvg(chart) + boxplotSvg({ ...chart, id: "rse-box-compact", compact: true }); // built with every text escaped
  return [h("h4", null, "Répartition des pourcentages par thème"), figure,
    h("p", { class: "rse-synth__legend" }, "Lecture : le trait fin va du minimum au maximum ; la boîte, du premier au troisième quartile ",
      "(la moitié des entreprises) ; la barre épaisse marque la médiane (la moitié des entreprises au-dessus, la moitié en dessous)."),
    distributionTable(doc, items)];
}

function levels(page, doc) {
  if (!page.ref.levels.length) return null;
  const share = (n) => percentText((100 * n) / doc.n);
  const row = (label, n) => h("tr", null, h("th", { scope: "row" }, label), h("td", null, fmt(n, 0)), h("td", null, share(n)));
  return [h("h4", null, "Niveaux atteints"),
    tableBox(`Répartition des ${counted(doc.n, "entreprise")} par niveau atteint`, "rse-synth__levels", ["Niveau", "Entreprises", "Part"],
      [page.ref.levels.map((lv) => row(lv.label, doc.niveaux.find((x) => x.id === lv.id)?.n ?? 0)), row("Aucun niveau atteint", doc.sans_niveau)])];
}

function planItem(page, item) {
  const slugs = item.fiches.length ? item.fiches : page.refFiches;
  const links = slugs.filter((s) => page.fiches[s]).map((s) => h("a", { href: page.fiches[s].url }, page.fiches[s].title));
  return h("li", { class: "rse-plan__item" },
    h("p", { class: "rse-plan__title" }, item.text),
    h("p", { class: "rse-plan__meta" }, `${item.theme.title} · part des points obtenue par le collectif : ${percentText(item.part)}`,
      ` · ${counted(item.n, "entreprise")} · ${item.sans_reponse} sans réponse`),
    h("p", { class: "rse-plan__advice" }, h("span", { class: "rse-advice__label" }, "Conseil : "), item.advice),
    links.length ? h("p", { class: "rse-plan__fiches" }, "Dans le guide : ", links.flatMap((a, i) => (i ? [" ; ", a] : [a]))) : null);
}

function plan(page, doc) {
  const items = actionPlan(page.ref, doc);
  return [h("h4", null, "Projet de plan d'action collectif"),
    h("p", { class: "rse-muted" }, "Les critères où le collectif obtient la plus faible part des points d'abord (les réponses absentes comptent pour 0, ",
      "les « sans avis » sont retirées), avec le conseil de la grille et les fiches du guide : une base pour des ateliers collectifs, à discuter."),
    items.length ? h("ol", { class: "rse-plan" }, items.map((it) => planItem(page, it)))
      : h("p", null, `Aucun critère n'est renseigné par au moins ${doc.seuil} entreprises : pas de plan à proposer.`)];
}

/** The campaign chooser, when the files make more than one campaign. */
function chooser(page, docs, doc) {
  if (docs.length < 2) return null;
  const select = h("select", { id: "rse-synth-campaign", "data-rse-synth-choose": "" },
    docs.map((d) => h("option", { value: d.campagne.id, selected: d === doc }, `${d.campagne.libelle} (${counted(d.n, "entreprise")})`)));
  return h("p", { class: "rse-synth__choose" }, h("label", { for: "rse-synth-campaign" }, "Campagne affichée "), select);
}

/**
 * @param {SynthesisPage} page
 * @param {object[]} docs the aggregates, oldest first
 * @param {object|null} doc the one shown
 */
export function renderCampaign(page, docs, doc) {
  const box = page.parts.campaign;
  if (!doc) { fill(box); return; }
  const c = doc.campagne;
  const head = [chooser(page, docs, doc), h("h3", null, `Campagne : ${c.libelle}`),
    h("p", null, `${counted(doc.n, "entreprise")}, dont ${doc.complets} ${plural(doc.complets, "diagnostic")} ${plural(doc.complets, "complet")} `,
      `(exports du ${dayText(c.debut)} au ${dayText(c.fin)}).`)];
  if (!doc.themes) {
    fill(box, head, h("p", { class: "rse-notice rse-notice--info" }, h("span", { class: "rse-notice__kind" }, "Seuil d'anonymat : "),
      `moins de ${doc.seuil} entreprises dans cette campagne, aucune statistique n'est affichée, seulement l'effectif.`));
    return;
  }
  fill(box, head, distribution(page, doc), levels(page, doc), plan(page, doc));
}
