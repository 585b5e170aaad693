// The results of the diagnostic, drawn again after every answer: progress in
// the form, the summary, the comparison with an imported export, the bars by
// theme, the radar with its data table, and the improvement plan.

import {
  answeredText, deltaText, gapSentence, improvementPlan, levelProgress, pointsText, thresholdText,
} from "./diagnostic-core.js";
import { fill, h } from "./dom.js";
import { dateText, fmt, percentText, plural } from "./fr.js";
import { barsSvg, radarSvg } from "./radar.js";

/** @typedef {import("./diagnostic-form.js").Diagnostic} Diagnostic */

const PLAN_VISIBLE = 10;

/** @param {Diagnostic} d */
export function renderResults(d) {
  renderProgress(d);
  renderSummary(d);
  renderCompare(d);
  renderThemes(d);
  for (const view of d.views) view(d); // the published benchmarks, when the page has some
  renderRadar(d);
  renderPlan(d);
}

/** @param {Diagnostic} d */
function renderProgress(d) {
  const r = d.result;
  d.ref.themes.forEach((t, i) => {
    const span = d.form.querySelector(`[data-rse-progress="${CSS.escape(t.id)}"]`);
    const tr = r.themes[i];
    if (span) span.textContent = `${tr.answered} / ${tr.total} ${plural(tr.answered, "renseigné")}${tr.answered === tr.total ? " ✓" : ""}`;
  });
  if (d.el.total) {
    d.el.total.textContent = `${answeredText(r.answered)} sur ${r.total}`
      + ` · score ${r.complete ? "" : "provisoire "}: ${fmt(r.score, 2)} / ${pointsText(r.max)} (${percentText(r.percent)})`;
  }
  if (d.el.printDate) {
    d.el.printDate.textContent = `Rapport d'auto-diagnostic établi le ${dateText(new Date())} : ${answeredText(r.answered)} sur ${r.total}.`;
  }
  d.el.results?.toggleAttribute("data-rse-has-answers", r.answered > 0);
  d.form.toggleAttribute("data-rse-has-answers", r.answered > 0);
}

/** The level reached and the gap to the next one, when the grid has levels. */
function levelParts(ref, result) {
  if (!ref.levels.length) return [];
  const progress = levelProgress(ref, result);
  const lv = progress.reached;
  const parts = [h("p", { class: "rse-level" }, lv
    ? ["Niveau atteint : ", h("strong", null, lv.label), ` (seuil ${lv.indicative ? "indicatif " : ""}: ${thresholdText(lv)})`]
    : ["Aucun niveau atteint pour l'instant (premier niveau : ", h("strong", null, ref.levels[0].label), `, ${thresholdText(ref.levels[0])}).`])];
  const gap = gapSentence(progress);
  if (gap) parts.push(h("p", { class: "rse-gap" }, gap));
  return parts;
}

/** How complete the answers are, and the abstentions that leave the maximum. */
function completenessParts(d) {
  const r = d.result;
  const abstentions = Object.entries(d.answers).filter(([id, v]) => {
    const c = d.criteria.get(id)?.criterion;
    return c?.options.find((o) => o.value === v)?.points === null;
  }).length;
  const parts = [];
  if (r.answered === 0) {
    parts.push(h("p", { class: "rse-muted" }, "Aucun critère renseigné pour l'instant : répondez à la grille ci-dessus, le résultat se met à jour à chaque réponse."));
  } else if (!r.complete) {
    const missing = r.total - r.answered;
    parts.push(h("p", { class: "rse-provisional" }, h("strong", null, "Résultat provisoire : "),
      `${missing} ${plural(missing, "critère")} sur ${r.total} ${missing > 1 ? "ne sont" : "n'est"} pas ${plural(missing, "renseigné")} et ${missing > 1 ? "comptent" : "compte"} pour 0 point.`));
  } else {
    parts.push(h("p", null, `Les ${r.total} critères sont renseignés.`));
  }
  if (abstentions) {
    parts.push(h("p", { class: "rse-muted" }, `${abstentions} ${plural(abstentions, "réponse")} sans avis ou « non applicable » ${abstentions > 1 ? "ne sont" : "n'est"} pas ${plural(abstentions, "comptée")} : ${abstentions > 1 ? "ces critères sont retirés" : "ce critère est retiré"} du maximum.`));
  }
  return parts;
}

/** @param {Diagnostic} d */
function renderSummary(d) {
  const r = d.result, ref = d.ref;
  const weighted = ref.themes.length > 0 && ref.themes.every((t) => t.weight !== null);
  fill(d.el.summary,
    h("p", { class: "rse-score" },
      h("span", { class: "rse-score__value" }, fmt(r.score, 2)), ` / ${pointsText(r.max)}`,
      h("span", { class: "rse-score__sep", "aria-hidden": "true" }, " · "), h("span", { class: "rse-visually-hidden" }, ", soit "),
      h("span", { class: "rse-score__value" }, percentText(r.percent))),
    weighted ? h("p", { class: "rse-muted" }, "Le pourcentage est la moyenne des pourcentages des thèmes, pondérée : ",
      ref.themes.map((t) => `${t.title} ${fmt(t.weight, 2)}`).join(" ; "), ".") : null,
    levelParts(ref, r),
    completenessParts(d));
}

/** @param {Diagnostic} d */
function renderCompare(d) {
  const box = d.el.compare;
  if (!box) return;
  const c = d.compare;
  if (!c) { fill(box); box.hidden = true; return; }
  box.hidden = false;
  const r = d.result;
  const when = c.date ? `l'export du ${dateText(c.date)}` : `le fichier ${c.name}`;
  const levels = d.ref.levels.length ? ` Niveau du fichier importé : ${c.result.level ? c.result.level.label : "aucun"}.` : "";
  const drop = h("button", { type: "button", class: "md-button" }, "Retirer la comparaison");
  const take = h("button", { type: "button", class: "md-button" }, "Reprendre les réponses du fichier");
  drop.addEventListener("click", () => {
    d.compare = null;
    d.update();
    d.actionStatus("Comparaison retirée.");
    /** @type {HTMLElement|null|undefined} */ (d.el.actions?.querySelector("[data-rse-act=import]"))?.focus();
  });
  take.addEventListener("click", () => {
    if (!confirm("Remplacer vos réponses actuelles par celles du fichier ?")) return;
    d.replaceAnswers({ ...c.answers }, "Les réponses du fichier ont remplacé vos réponses.");
  });
  fill(box,
    h("h3", null, `Comparaison avec ${when}`),
    c.warnings.length ? h("ul", { class: "rse-notice rse-notice--warn" }, c.warnings.map((w) => h("li", null, w))) : null,
    h("p", { class: "rse-delta" }, "Total : ", h("strong", null, deltaText(r.score - c.result.score)),
      ` (${fmt(c.result.score, 2)} → ${fmt(r.score, 2)} ${plural(r.score, "point")}), `,
      h("strong", null, deltaText(r.percent - c.result.percent, "point", 1)), " de pourcentage",
      ` (${percentText(c.result.percent)} → ${percentText(r.percent)}).${levels}`),
    h("p", { class: "rse-compare__actions" }, take, " ", drop),
  );
}

const bounded = (percent) => Math.max(0, Math.min(100, percent)).toFixed(2);

/** @param {Diagnostic} d */
function renderThemes(d) {
  const r = d.result;
  const items = d.ref.themes.map((t, i) => {
    const tr = r.themes[i];
    const before = d.compare?.result.themes[i];
    return h("li", { class: "rse-bar" },
      h("a", { class: "rse-bar__label", href: `#theme-${t.id}` }, t.title),
      h("span", { class: "rse-bar__track", "aria-hidden": "true" },
        h("span", { class: "rse-bar__fill", style: `width:${bounded(tr.percent)}%` }),
        before ? h("span", { class: "rse-bar__previous", style: `left:${bounded(before.percent)}%` }) : null),
      h("span", { class: "rse-bar__value" },
        h("strong", null, percentText(tr.percent)), ` · ${fmt(tr.score, 2)} / ${pointsText(tr.max)} · ${tr.answered} / ${tr.total} ${plural(tr.answered, "renseigné")}`,
        before ? h("span", { class: "rse-bar__delta" }, ` · ${deltaText(tr.score - before.score)}`) : null));
  });
  fill(d.el.themes, h("h3", null, "Résultats par thème"), h("ul", { class: "rse-bars" }, items));
}

/** The chart's figures as a table: what assistive technologies read. */
function radarTable(d) {
  const r = d.result, c = d.compare;
  const head = ["Thème", "Score", "Maximum", "Pourcentage"];
  if (c) head.push("Export importé", "Écart");
  const rows = d.ref.themes.map((t, i) => {
    const tr = r.themes[i], before = c?.result.themes[i];
    return h("tr", null, h("th", { scope: "row" }, `${i + 1}. ${t.title}`), h("td", null, fmt(tr.score, 2)),
      h("td", null, fmt(tr.max, 2)), h("td", null, percentText(tr.percent)),
      before ? [h("td", null, percentText(before.percent)), h("td", null, `${deltaText(tr.percent - before.percent, "point", 1)} de pourcentage`)] : null);
  });
  return h("div", { class: "rse-table-wrap" }, h("table", { class: "rse-radar-table" },
    h("caption", null, "Données du graphique : score et pourcentage par thème"),
    h("thead", null, h("tr", null, head.map((x) => h("th", { scope: "col" }, x)))),
    h("tbody", null, rows)));
}

/** @param {Diagnostic} d */
function renderRadar(d) {
  const box = d.el.radar;
  if (!box) return;
  const r = d.result, c = d.compare;
  const chart = {
    title: `Profil par thème : pourcentage obtenu dans chacun des ${d.ref.themes.length} thèmes${c ? ", comparé à l'export importé" : ""}. Les valeurs sont dans le tableau qui suit.`,
    axes: d.ref.themes.map((t, i) => ({ label: t.title, percent: r.themes[i].percent, text: percentText(r.themes[i].percent) })),
    previous: c ? c.result.themes.map((t) => t.percent) : null,
  };
  // Below three themes a radar has no surface: bars say the same.
  const svg = chart.axes.length < 3 ? barsSvg(chart)
    : radarSvg(chart) + radarSvg({ ...chart, id: "rse-radar-compact", compact: true });
  box.hidden = false;
  const figure = h("div", { class: "rse-radar__figure" });
  figure.innerHTML = svg; // built by radar.js with every text escaped
  fill(box,
    h("h3", null, "Profil par thème"),
    figure,
    c ? h("p", { class: "rse-radar__legend" }, h("span", { class: "rse-radar__key rse-radar__key--current", "aria-hidden": "true" }),
      " Vos réponses actuelles (trait plein) ", h("span", { class: "rse-radar__key rse-radar__key--previous", "aria-hidden": "true" }),
      " Export importé (pointillés)") : null,
    radarTable(d),
  );
}

/** @param {Diagnostic} d */
function planItem(d, item) {
  const c = item.criterion;
  const slugs = c.fiches && c.fiches.length ? c.fiches : d.refFiches;
  const links = slugs.filter((s) => d.fiches[s]).map((s) => h("a", { href: d.fiches[s].url }, d.fiches[s].title));
  const answer = item.unanswered
    ? h("span", { class: "rse-flag" }, "Non renseigné")
    : ["Votre réponse : « ", item.option.label, " »"];
  const gain = item.gainPercent > 0 ? `, soit ${fmt(item.gainPercent, 1)} ${plural(item.gainPercent, "point")} de pourcentage` : "";
  return h("li", { class: "rse-plan__item" + (item.unanswered ? " rse-plan__item--unanswered" : "") },
    h("p", { class: "rse-plan__title" }, h("a", { href: `#critere-${c.id}` }, c.text)),
    h("p", { class: "rse-plan__meta" }, item.theme.title, " · ", answer,
      ` · ${fmt(item.points, 2)} / ${pointsText(item.max)} · gain possible : ${pointsText(item.missing)}${gain}`),
    h("p", { class: "rse-plan__advice" }, h("span", { class: "rse-advice__label" }, "Conseil : "), c.advice),
    links.length ? h("p", { class: "rse-plan__fiches" }, "Dans le guide : ",
      links.flatMap((a, i) => (i ? [" ; ", a] : [a]))) : null);
}

/** The criteria past the first ten, folded; rendered when opened, since a long grid would otherwise rebuild hundreds of items per answer. */
function planRest(d, rest) {
  const list = () => h("ol", { class: "rse-plan", start: PLAN_VISIBLE + 1 }, rest.map((it) => planItem(d, it)));
  const more = h("details", { class: "rse-plan__more", open: d.planOpen },
    h("summary", null, `Voir les ${rest.length} autres critères à améliorer`));
  if (d.planOpen) more.append(list());
  more.addEventListener("toggle", () => {
    if (more.open === d.planOpen) return;
    d.planOpen = more.open;
    if (more.open && !more.querySelector("ol")) more.append(list());
  });
  return more;
}

/** @param {Diagnostic} d */
export function renderPlan(d) {
  const box = d.el.plan;
  if (!box) return;
  const head = h("h3", null, "Plan d'amélioration");
  if (d.result.answered === 0) {
    fill(box, head, h("p", { class: "rse-muted" }, "Votre plan d'amélioration apparaîtra dès vos premières réponses."));
    return;
  }
  const items = improvementPlan(d.ref, d.answers, d.result);
  if (!items.length) {
    fill(box, head, h("p", null, "Tous les critères comptés ont le maximum de points : rien à améliorer dans cette grille."));
    return;
  }
  const shown = items.slice(0, PLAN_VISIBLE), rest = items.slice(PLAN_VISIBLE);
  fill(box, head,
    h("p", { class: "rse-muted" }, "Les critères les plus faibles d'abord (part des points obtenus la plus basse), puis ceux qui rapportent le plus. Les critères non renseignés comptent pour 0 point."),
    h("ol", { class: "rse-plan" }, shown.map((it) => planItem(d, it))),
    rest.length ? planRest(d, rest) : null);
}
