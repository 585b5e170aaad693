// The synthesis page's reports around the campaign: what was read and
// refused (the live status), and the progress between campaigns. Only file
// names and the aggregate's numbers are shown, never a company's answers.

import { deltaText } from "./diagnostic-core.js";
import { fill, h } from "./dom.js";
import { counted, percentText, plural } from "./fr.js";

/** @typedef {import("./synthesis-page.js").SynthesisPage} SynthesisPage */

const KINDS = {
  vide: "fichier vide", csv: "export CSV des résultats", referentiel: "autre référentiel", version: "autre version",
  illisible: "fichier illisible", date: "sans date", "sans-reponse": "aucune réponse", doublon: "doublon", lecture: "fichier illisible",
};

/**
 * A table in a box that scrolls sideways on a phone: focusable and named, so
 * that a keyboard reaches what is off screen (axe: scrollable-region-focusable).
 */
export function tableBox(caption, cls, head, body) {
  return h("div", { class: "rse-table-wrap", tabindex: "0", role: "region", "aria-label": caption },
    h("table", { class: `rse-radar-table ${cls}` }, h("caption", null, caption),
      h("thead", null, h("tr", null, head.map((c) => h("th", { scope: "col" }, c)))), h("tbody", null, body)));
}

/** The sentence of the live status: files read, kept and refused, and the campaigns. */
export function statusText(files, accepted, refused, docs) {
  if (!files) return "Aucun fichier lu pour l'instant : choisissez ou déposez les exports des entreprises.";
  const campaigns = docs.map((d) => `${d.campagne.libelle} (${counted(d.n, "entreprise")})`).join(", ");
  return `${counted(files, "fichier")} ${plural(files, "lu")} : ${accepted} ${plural(accepted, "retenu")}, `
    + `${refused} ${plural(refused, "écarté")}.${docs.length ? ` ${docs.length > 1 ? `${docs.length} campagnes` : "Une campagne"} : ${campaigns}.` : ""}`;
}

/**
 * The refused files with their reason, and the warnings of the kept ones.
 * @param {SynthesisPage} page
 * @param {{name: string, kind: string, reason: string}[]} refused
 * @param {{name: string, warnings: string[]}[]} accepted
 */
export function renderFilesReport(page, refused, accepted) {
  const warnings = accepted.flatMap((a) => a.warnings.map((w) => ({ name: a.name, w })));
  const item = (name, kind, text) => h("li", null, h("strong", null, name || "(sans nom)"), kind ? ` (${kind})` : null, ` : ${text}`);
  fill(page.parts.report,
    refused.length ? [h("h3", null, `${counted(refused.length, "fichier")} ${plural(refused.length, "écarté")}`),
      h("ul", { class: "rse-notice rse-notice--warn rse-synth__refused" }, refused.map((r) => item(r.name, KINDS[r.kind], r.reason)))] : null,
    warnings.length ? [h("h3", null, "À vérifier"),
      h("ul", { class: "rse-notice rse-notice--info" }, warnings.map(({ name, w }) => item(name, null, w)))] : null);
}

const median = (pair, key) => (pair[key] === null || pair[key] === undefined ? "non disponible" : percentText(pair[key]));

function progressTable(page, cmp) {
  const row = (label, pair) => h("tr", null, h("th", { scope: "row" }, label), h("td", null, median(pair ?? {}, "avant")),
    h("td", null, median(pair ?? {}, "apres")),
    h("td", null, pair && typeof pair.ecart === "number" ? `${deltaText(pair.ecart, "point", 1)} de pourcentage` : "non disponible"));
  const titles = new Map(page.ref.themes.map((t, i) => [t.id, `${i + 1}. ${t.title}`]));
  return tableBox(`Médianes des pourcentages : ${cmp.avant.libelle} puis ${cmp.apres.libelle}`, "rse-synth__progress",
    ["Thème", `Médiane ${cmp.avant.libelle}`, `Médiane ${cmp.apres.libelle}`, "Écart"],
    [row("Ensemble (score global)", cmp.ensemble), cmp.themes.map((t) => row(titles.get(t.id) ?? t.id, t))]);
}

/**
 * Progress between consecutive campaigns, and with an imported aggregate.
 * @param {SynthesisPage} page
 * @param {{cmp: object, imported: boolean}[]} comparisons
 */
export function renderProgress(page, comparisons) {
  const box = page.parts.progress;
  const drop = page.imported ? h("button", { type: "button", class: "md-button", "data-rse-synth-act": "drop-import" },
    "Retirer la synthèse importée") : null;
  if (!comparisons.length) {
    fill(box, h("h3", null, "Progression entre campagnes"),
      h("p", { class: "rse-muted" }, "Avec des exports de deux campagnes (des dates différentes), ou une synthèse importée, "
        + "la page compare ici les médianes d'une campagne à l'autre."), drop ? h("p", null, drop) : null);
    return;
  }
  fill(box, h("h3", null, "Progression entre campagnes"),
    comparisons.map(({ cmp, imported }) => [
      h("h4", null, `${cmp.avant.libelle} → ${cmp.apres.libelle}${imported ? " (avec la synthèse importée)" : ""}`),
      progressTable(page, cmp)]),
    drop ? h("p", null, drop) : null);
}
