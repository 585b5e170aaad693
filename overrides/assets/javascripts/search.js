// Site search on Pagefind's static index: everything runs in the browser, the
// index is fetched from this site only (connect-src 'self').
//
// app.js calls init() on every instant-navigation page change; the form it
// finds is new each time: lifecycle.js gives each form its own listeners and
// timer, let go when another form takes over or when its form leaves the page.

import { choose, h, replaceAddress } from "./dom.js";
import { NBSP, counted } from "./fr.js";
import { mount, timer } from "./lifecycle.js";

// This module sits in assets/javascripts/: the site root is two levels up.
// Resolving from the module, not from the page, holds under any sub-path and
// whatever the page's URL is when init runs.
const SITE_ROOT = new URL("../../", import.meta.url);
const DEBOUNCE_MS = 200;
const PAGE_SIZE = 20;
const EXCERPT_WORDS = 24;
const FILTER_KEYS = ["type", "etape", "region"];

let pagefindLoading = null;

function log(...args) {
  console.error("[rse-search]", ...args);
}

// One Pagefind instance for the whole visit: the module is cached by the
// browser anyway, and its index chunks stay warm across page changes.
function pagefind() {
  if (!pagefindLoading) {
    pagefindLoading = import(new URL("pagefind/pagefind.js", SITE_ROOT).href).then(async (pf) => {
      await pf.options({ baseUrl: SITE_ROOT.pathname, excerptLength: EXCERPT_WORDS });
      return pf;
    });
    // A failed load (network hiccup) may succeed on the next page change.
    pagefindLoading.catch(() => { pagefindLoading = null; });
  }
  return pagefindLoading;
}

// Pagefind's excerpts are HTML with <mark> around matches; the page text in
// them must never become markup, so only text and <mark> survive. Exported
// for the tests: this is the one place where index text meets the DOM.
export function excerptNodes(html) {
  const doc = new DOMParser().parseFromString(`<body>${html}</body>`, "text/html");
  const out = document.createDocumentFragment();
  const walk = (node) => {
    for (const child of node.childNodes) {
      if (child.nodeType === Node.TEXT_NODE) {
        out.append(child.textContent);
      } else if (child.nodeType === Node.ELEMENT_NODE && child.tagName === "MARK") {
        out.append(h("mark", null, child.textContent));
      } else if (child.nodeType === Node.ELEMENT_NODE) {
        walk(child);
      }
    }
  };
  walk(doc.body);
  return out;
}

function statusText(count, query, filters) {
  const chosen = Object.values(filters);
  const within = chosen.length ? ` (${chosen.join(", ")})` : "";
  if (query) {
    if (count === 0) return `Aucun résultat pour «${NBSP}${query}${NBSP}»${within}. Essayez un autre mot, ou retirez un filtre.`;
    return `${counted(count, "résultat", NBSP)} pour «${NBSP}${query}${NBSP}»${within}`;
  }
  if (count === 0) return `Aucune page${within}.`;
  return `${counted(count, "page", NBSP)}${within}`;
}

function readFilters(selects, { keepChosen = false } = {}) {
  const params = new URLSearchParams(location.search);
  for (const [key, select] of Object.entries(selects)) {
    if (keepChosen && select.value) continue;
    choose(select, params.get(key) || "");
  }
}

function writeUrl(query, filters) {
  const url = new URL(location.href);
  url.searchParams.delete("q");
  for (const key of FILTER_KEYS) url.searchParams.delete(key);
  if (query) url.searchParams.set("q", query);
  for (const [key, value] of Object.entries(filters)) url.searchParams.set(key, value);
  replaceAddress(url.href);
}

// Filter values come from the index, so a type the template does not list
// (or a new region) can still be chosen.
async function completeFilters(pf, selects) {
  const available = await pf.filters();
  for (const [key, select] of Object.entries(selects)) {
    const known = new Set([...select.options].map((o) => o.value));
    const extra = Object.keys(available[key] || {}).filter((v) => !known.has(v));
    extra.sort((a, b) => a.localeCompare(b, "fr"));
    for (const value of extra) select.add(new Option(value, value));
  }
}

function renderResult(data) {
  // An example company's notice is not indexed; its meta keeps the marker in the results.
  const facets = [...(data.filters?.type || []), ...(data.meta?.exemple ? [data.meta.exemple] : []),
    ...(data.filters?.region || [])];
  return h("li", { class: "rse-search__result" },
    h("h2", { class: "rse-search__title" }, h("a", { href: data.url }, (data.meta && data.meta.title) || data.url)),
    facets.length ? h("p", { class: "rse-search__meta" }, facets.join(" · ")) : null,
    data.excerpt ? h("p", { class: "rse-search__excerpt" }, excerptNodes(data.excerpt)) : null);
}

/** The search page's parts; null when its markup is incomplete. */
function elementsOf(root, form) {
  const elements = {
    input: form.querySelector("input[name=q]"),
    selects: Object.fromEntries(FILTER_KEYS.map((k) => [k, form.querySelector(`select[name=${k}]`)]).filter(([, s]) => s)),
    fieldset: form.querySelector("[data-rse-search-filters]"),
    status: root.querySelector("[data-rse-search-status]"),
    results: root.querySelector("[data-rse-search-results]"),
    more: root.querySelector("[data-rse-search-more]"),
  };
  return elements.input && elements.status && elements.results ? elements : null;
}

export function init(root = document) {
  mount(root, "[data-rse-search]", (form, life) => {
    const elements = elementsOf(root, form);
    if (!elements) {
      log("balisage de la page de recherche incomplet");
      return;
    }
    new SearchPage(form, elements, life).start();
  });
}

class SearchPage {
  constructor(form, elements, life) {
    this.form = form;
    this.el = elements;
    this.life = life;
    this.debounce = timer(life.signal);
    // Each search gets an id; an answer arriving after a newer search started
    // (or after the page was left) is dropped, so results never go backwards.
    this.requestId = 0;
    this.pending = []; // results of the current search not rendered yet
    this.path = location.pathname;
  }

  stale(id) {
    return id !== this.requestId || this.life.signal.aborted || !this.form.isConnected;
  }

  filters() {
    const chosen = {};
    for (const [key, select] of Object.entries(this.el.selects)) if (select.value) chosen[key] = select.value;
    return chosen;
  }

  clear(message = "") {
    const { results, more, status } = this.el;
    this.requestId += 1;
    this.pending = [];
    results.replaceChildren();
    results.hidden = true;
    results.removeAttribute("aria-busy");
    if (more) more.hidden = true;
    status.textContent = message;
  }

  async showMore(id, moveFocus) {
    const { results, more } = this.el;
    const batch = this.pending.slice(0, PAGE_SIZE);
    const data = await Promise.all(batch.map((r) => r.data()));
    if (this.stale(id)) return;
    this.pending = this.pending.slice(batch.length);
    const items = data.map(renderResult);
    results.append(...items);
    results.hidden = results.children.length === 0;
    if (more) more.hidden = this.pending.length === 0;
    // Without this, "more" would leave keyboard users on a button that may vanish.
    if (moveFocus && items.length) items[0].querySelector("a").focus();
  }

  async run() {
    this.debounce.clear();
    // A late timer must not rewrite the URL of the page the reader went on to:
    // Material pushes the next page's address before it swaps the content,
    // so the form may still be in the document when the address is not ours.
    if (!this.life.alive() || location.pathname !== this.path) return;
    const { input, results, status } = this.el;
    const query = input.value.trim();
    const chosen = this.filters();
    writeUrl(query, chosen);
    if (!query && Object.keys(chosen).length === 0) {
      this.clear();
      return;
    }
    const id = ++this.requestId;
    results.setAttribute("aria-busy", "true");
    try {
      const pf = await pagefind();
      // A null term lists every page matching the filters alone.
      const search = await pf.search(query || null, { filters: chosen });
      if (this.stale(id)) return;
      this.pending = search.results;
      results.replaceChildren();
      await this.showMore(id, false);
      if (this.stale(id)) return;
      status.textContent = statusText(search.results.length, query, chosen);
    } catch (err) {
      if (this.stale(id)) return;
      log("la recherche a échoué :", err);
      this.clear("La recherche a échoué. Réessayez dans un instant, ou parcourez le guide et l'annuaire.");
    } finally {
      if (!this.stale(id)) results.removeAttribute("aria-busy");
    }
  }

  schedule() {
    this.debounce.start(() => this.run(), DEBOUNCE_MS);
    const query = this.el.input.value.trim();
    // Fetching the index chunks while the user is still typing.
    if (query && pagefindLoading) pagefindLoading.then((pf) => pf.preload(query)).catch(() => {});
  }

  listen() {
    const { signal } = this.life;
    const on = (target, type, handler) => target && target.addEventListener(type, handler, { signal });
    on(this.form, "submit", (event) => {
      event.preventDefault();
      this.run();
    });
    on(this.el.input, "input", () => this.schedule());
    for (const select of Object.values(this.el.selects)) on(select, "change", () => this.run());
    on(this.el.more, "click", () => {
      this.showMore(this.requestId, true).catch((err) => log("chargement des résultats suivants :", err));
    });
  }

  start() {
    const { input, selects } = this.el;
    this.listen();
    input.value = new URLSearchParams(location.search).get("q") || "";
    readFilters(selects);
    // Arriving from the header form (or a shared link), the query is ready to be refined.
    input.focus();
    const end = input.value.length;
    input.setSelectionRange(end, end);
    pagefind().then((pf) => this.indexReady(pf)).catch((err) => {
      if (this.life.signal.aborted) return;
      log("index de recherche introuvable :", err);
      this.clear("La recherche est indisponible : l'index n'a pas pu être chargé. Parcourez le guide, les fiches et l'annuaire depuis le menu.");
    });
  }

  async indexReady(pf) {
    const { signal } = this.life;
    if (signal.aborted) return;
    try {
      await completeFilters(pf, this.el.selects);
    } catch (err) {
      log("filtres indisponibles :", err);
    }
    if (signal.aborted) return;
    // Values added from the index may be the ones the URL names; a choice
    // made while the index loaded wins.
    readFilters(this.el.selects, { keepChosen: true });
    if (this.el.fieldset) this.el.fieldset.hidden = false;
    this.run();
  }
}
