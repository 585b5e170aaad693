// The reader's result beside the benchmarks clusters publish (data/syntheses/):
// per theme, "vous" and the member companies' median and middle half. The
// figures are the page's own (a JSON script the generator writes, also shown
// as tables for readers without JavaScript): nothing is fetched, and the
// reader's answers are compared here, in the browser, never sent.

import { fill, h } from "./dom.js";
import { percentText } from "./fr.js";

/** @typedef {import("./diagnostic-form.js").Diagnostic} Diagnostic */
/** @typedef {{n: number, min: number|null, q1: number|null, mediane: number|null, q3: number|null, max: number|null}} Stats */
/** @typedef {Stats & {id: string, titre: string}} ThemeStats */
/** @typedef {{id: string, cluster: string, campagne: string, n: number, seuil: number, exemple: boolean, ensemble: Stats, themes: ThemeStats[]}} Benchmark */

/** @type {WeakMap<Diagnostic, Benchmark[]>} read once per page */
const read = new WeakMap();

/** @param {Diagnostic} d @returns {Benchmark[]} */
function benchmarks(d) {
  let list = read.get(d);
  if (!list) {
    const script = d.form.ownerDocument.querySelector("script[data-rse-benchmarks]");
    try { list = JSON.parse(script?.textContent || "[]"); } catch { list = []; }
    if (!Array.isArray(list)) list = [];
    read.set(d, list);
  }
  return list;
}

const bounded = (percent) => Math.max(0, Math.min(100, percent)).toFixed(2);

/** Where `percent` stands in the distribution, in words (never by colour alone). */
export function standing(percent, s) {
  if (percent < s.q1) return "sous le 1er quartile";
  if (percent > s.q3) return "au-dessus du 3e quartile";
  return "dans la moitié centrale";
}

/**
 * One theme's line: the reader's bar over the cluster's middle half and median.
 * `percent` null: nothing of the reader's counts there (only abstentions), as
 * the synthesis leaves such a company out of the theme's figures.
 */
function row(title, percent, s, seuil) {
  if (percent === null || s.mediane === null || s.q1 === null || s.q3 === null) {
    const mine = percent === null ? "aucun critère compté (réponses « ne se prononce pas » ou « non applicable »)" : percentText(percent);
    const theirs = s.mediane === null ? ` · moins de ${seuil} réponses des entreprises pour ce thème : pas de repère`
      : ` · médiane des entreprises ${percentText(s.mediane)}`;
    return h("li", { class: "rse-bench" }, h("span", { class: "rse-bench__label" }, title),
      h("span", { class: "rse-bench__value rse-muted" }, `Vous : ${mine}${theirs}`));
  }
  return h("li", { class: "rse-bench" },
    h("span", { class: "rse-bench__label" }, title),
    h("span", { class: "rse-bench__track", "aria-hidden": "true" },
      h("span", { class: "rse-bench__band", style: `left:${bounded(s.q1)}%;width:${(bounded(s.q3) - bounded(s.q1)).toFixed(2)}%` }),
      h("span", { class: "rse-bench__median", style: `left:${bounded(s.mediane)}%` }),
      h("span", { class: "rse-bench__you", style: `left:${bounded(percent)}%` })),
    h("span", { class: "rse-bench__value" }, "Vous : ", h("strong", null, percentText(percent)),
      ` · médiane ${percentText(s.mediane)}, moitié centrale de ${percentText(s.q1)} à ${percentText(s.q3)} · vous êtes ${standing(percent, s)}`));
}

/** @param {Diagnostic} d @param {Benchmark} b */
function block(d, b) {
  const r = d.result;
  const byId = new Map(b.themes.map((t) => [t.id, t]));
  const rows = d.ref.themes.map((t, i) => {
    const s = byId.get(t.id);
    return s ? row(t.title, r.themes[i].max ? r.themes[i].percent : null, s, b.seuil) : null;
  });
  rows.push(row("Score global", r.max ? r.percent : null, b.ensemble, b.seuil));
  return h("div", { class: "rse-bench-block" },
    h("h3", null, `Vous / les entreprises de ${b.cluster} (n = ${b.n}, campagne ${b.campagne})`,
      b.exemple ? [" ", h("span", { class: "rse-example" }, "exemple fictif")] : null),
    b.exemple ? h("p", { class: "rse-muted" }, "Données de démonstration : les chiffres de ce repère sont fictifs.") : null,
    r.complete ? null : h("p", { class: "rse-muted" }, "Vos pourcentages sont provisoires : les critères non renseignés comptent pour 0 point."),
    h("p", { class: "rse-bench__legend" },
      h("span", { class: "rse-bench__key rse-bench__key--you", "aria-hidden": "true" }), " vous ",
      h("span", { class: "rse-bench__key rse-bench__key--band", "aria-hidden": "true" }), " moitié centrale des entreprises (du 1er au 3e quartile) ",
      h("span", { class: "rse-bench__key rse-bench__key--median", "aria-hidden": "true" }), " médiane"),
    h("ul", { class: "rse-benches" }, rows),
    h("p", null, h("a", { href: `#repere-${b.id}` }, `Tous les chiffres du repère de ${b.cluster}`)));
}

/** @param {Diagnostic} d */
export function renderBenchmark(d) {
  const box = d.form.ownerDocument.querySelector("[data-rse-benchmark]");
  if (!box) return;
  const list = benchmarks(d);
  if (!list.length) { fill(box); box.hidden = true; return; }
  box.hidden = false;
  if (d.result.answered === 0) {
    fill(box, h("h3", null, "Vous et les entreprises des clusters"),
      h("p", { class: "rse-muted" }, `Dès vos premières réponses, vos pourcentages par thème s'affichent ici à côté de ceux des entreprises de ${list.map((b) => b.cluster).join(", ")}.`));
    return;
  }
  fill(box, list.map((b) => block(d, b)));
}
