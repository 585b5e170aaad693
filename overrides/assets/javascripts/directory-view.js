// The directory's DOM: the filter form, the rows of one page and the pager.
// Company names come from data: text only ever goes in as text nodes.

import { byText, facetOf, SELECTS, awardText, pagerPages } from "./directory-model.js";
import { h } from "./dom.js";
import { fmt } from "./fr.js";
import { STATUSES, STATUS_TEXT } from "./status.js";

const ALL = {
  label: "Tous les labels", niveau: "Tous les niveaux", statut: "Tous les statuts",
  cluster: "Tous les clusters", region: "Toutes les régions", secteur: "Tous les secteurs",
};
const CAPTIONS = {
  label: "Label", niveau: "Niveau", statut: "Statut", cluster: "Cluster ou pôle",
  region: "Région", secteur: "Secteur",
};
// The marker of a value that is not the guide's, as the build's _macros.prov writes it.
const PROV_TEXT = { hypothese: "hypothèse", "hors-guide": "hors guide" };

function field(id, text, control) {
  control.id = id;
  return h("div", { class: "rse-directory__field" }, h("label", { for: id }, text), control);
}

/** A select's options, each remembering its text without the count. */
function optionsOf(control, entries) {
  control.length = 1;
  return entries.map(([value, text]) => {
    const option = new Option(text, value);
    option.dataset.text = text;
    control.append(option);
    return option;
  });
}

/** The form and the boxes of the results, empty. */
export function skeleton() {
  const controls = {};
  const fields = h("div", { class: "rse-directory__fields" });
  for (const name of SELECTS) {
    controls[name] = h("select", { name }, new Option(ALL[name], ""));
    fields.append(field(`rse-dir-${name}`, CAPTIONS[name], controls[name]));
  }
  const nom = h("input", { type: "search", name: "nom", autocomplete: "off", spellcheck: "false", maxlength: "200" });
  fields.append(field("rse-dir-nom", "Nom de l'entreprise", nom));
  const tri = h("select", { name: "tri" },
    new Option("Nom", "nom"), new Option("Date d'expiration, la plus proche d'abord", "expiration"));
  fields.append(field("rse-dir-tri", "Trier par", tri));
  const reset = h("button", { type: "button", class: "md-button rse-directory__reset" }, "Effacer les filtres");
  const form = h("form", { class: "rse-directory__form", role: "search", "aria-label": "Filtrer l'annuaire" }, fields, reset);
  // The count is focused after a page change, so reading resumes at the results.
  const count = h("p", { class: "rse-count rse-directory__count", role: "status", tabindex: "-1" });
  const list = h("ul", { class: "rse-companies" });
  const pagerList = h("ul");
  const pager = h("nav", { class: "rse-pagination", "aria-label": "Pages des résultats" }, pagerList);
  return { form, controls, nom, tri, reset, count, list, pager, pagerList };
}

/** Options of the fixed facets, once: their counts change, not their order. */
export function facetOptions(model, controls) {
  const options = {};
  for (const name of SELECTS) {
    if (name === "niveau") continue;
    const facet = model.facets[name];
    // Statuses keep their natural order: valid, expiring soon, expired.
    const order = name === "statut" ? facet.text.map((t, i) => [i, t]) : byText(facet.values, (_, k) => facet.text[k]);
    const made = optionsOf(controls[name], order.map(([i, text]) => [facet.values[i], text]));
    options[name] = [];
    order.forEach(([i], k) => { options[name][i] = made[k]; });
  }
  return options;
}

/** The level select follows the label: its levels, in the referential's order (lowest first). */
export function levelOptions(model, state, control) {
  const facet = facetOf(model, "niveau", state);
  control.disabled = facet.values.length === 0;
  return optionsOf(control, facet.values.map((value, i) => [value, facet.text[i]]));
}

/** Each option says how many companies it would give. */
export function renderCounts(options, counts) {
  for (const name of SELECTS) {
    const opts = options[name];
    const c = counts[name];
    for (let i = 0; i < opts.length; i++) {
      const text = `${opts[i].dataset.text} (${fmt(c[i], 0)})`;
      if (opts[i].text !== text) opts[i].text = text;
    }
  }
}

function prov(marks, name, what) {
  const mark = marks.find((m) => m[0] === name);
  if (!mark || !PROV_TEXT[mark[1]]) return [];
  return [" ", h("details", { class: `rse-prov rse-prov--${mark[1]}` },
    h("summary", null, PROV_TEXT[mark[1]], h("span", { class: "rse-visually-hidden" }, ` : ${what}`)),
    " ", h("span", { class: "rse-prov__reason" }, mark[2]))];
}

export function renderRow(model, row) {
  const f = model.facets;
  const awards = row.awards.map((a) => {
    const status = STATUSES[a.status];
    return h("li", null, awardText(model, a),
      h("span", { class: `rse-status rse-status--${status}`, "data-rse-status": status }, STATUS_TEXT[status]));
  });
  return h("li", { class: "rse-company" },
    h("h2", { class: "rse-company__name" },
      h("a", { href: `${model.base}${encodeURIComponent(row.slug)}/` }, row.name),
      row.example ? [" ", h("span", { class: "rse-example" }, "exemple fictif")] : null),
    h("div", { class: "rse-muted rse-meta" }, f.region.text[row.region], prov(row.marks, "region", "région"),
      ` · ${f.secteur.text[row.sector]}`, prov(row.marks, "secteur", "secteur"), ` · ${f.cluster.text[row.cluster]}`),
    h("ul", { class: "rse-company__labels" }, awards));
}

/**
 * @param {{pager: HTMLElement, pagerList: HTMLElement}} view
 * @param {(page: number) => string} href the address of a page
 */
export function renderPager(view, page, pages, href) {
  view.pager.hidden = pages <= 1;
  const link = (k, text, current) => h("a", { href: href(k), "data-page": k, "aria-current": current ? "page" : null }, text);
  const items = [];
  if (page > 1) items.push(link(page - 1, "Page précédente"));
  for (const k of pagerPages(page, pages)) {
    items.push(k === null ? h("span", { class: "rse-pagination__gap" }, "…")
      : link(k, [h("span", { class: "rse-visually-hidden" }, "Page "), String(k)], k === page));
  }
  if (page < pages) items.push(link(page + 1, "Page suivante"));
  view.pagerList.replaceChildren(...items.map((node) => h("li", null, node)));
}
