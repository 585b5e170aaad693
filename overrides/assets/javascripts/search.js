// Site search on Pagefind's static index: everything runs in the browser, the
// index is fetched from this site only (connect-src 'self').
//
// app.js calls init() on every instant-navigation page change; the form it
// finds is new each time, so one controller per form, aborted (listeners,
// timer) when another form takes over or when its form leaves the page.

// This module sits in assets/javascripts/: the site root is two levels up.
// Resolving from the module, not from the page, holds under any sub-path and
// whatever the page's URL is when init runs.
const SITE_ROOT = new URL("../../", import.meta.url);
const DEBOUNCE_MS = 200;
const PAGE_SIZE = 20;
const EXCERPT_WORDS = 24;
const FILTER_KEYS = ["type", "etape", "region"];
const NBSP = "\u00a0";

let pagefindLoading = null;
let current = null; // { form, abort: AbortController, timer }

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
        const mark = document.createElement("mark");
        mark.textContent = child.textContent;
        out.append(mark);
      } else if (child.nodeType === Node.ELEMENT_NODE) {
        walk(child);
      }
    }
  };
  walk(doc.body);
  return out;
}

function plural(n, one, many) {
  return `${n.toLocaleString("fr-FR")}${NBSP}${n === 1 ? one : many}`;
}

function statusText(count, query, filters) {
  const chosen = Object.values(filters);
  const within = chosen.length ? ` (${chosen.join(", ")})` : "";
  if (query) {
    if (count === 0) return `Aucun résultat pour «${NBSP}${query}${NBSP}»${within}. Essayez un autre mot, ou retirez un filtre.`;
    return `${plural(count, "résultat", "résultats")} pour «${NBSP}${query}${NBSP}»${within}`;
  }
  if (count === 0) return `Aucune page${within}.`;
  return `${plural(count, "page", "pages")}${within}`;
}

function readFilters(selects, { keepChosen = false } = {}) {
  const params = new URLSearchParams(location.search);
  for (const [key, select] of Object.entries(selects)) {
    if (keepChosen && select.value) continue;
    const value = params.get(key) || "";
    // A stale shared link may name a value the index no longer has.
    select.value = [...select.options].some((o) => o.value === value) ? value : "";
  }
}

function writeUrl(query, filters) {
  const url = new URL(location.href);
  url.searchParams.delete("q");
  for (const key of FILTER_KEYS) url.searchParams.delete(key);
  if (query) url.searchParams.set("q", query);
  for (const [key, value] of Object.entries(filters)) url.searchParams.set(key, value);
  if (url.href !== location.href) {
    // Material keeps its scroll offsets in history.state: keep it intact.
    history.replaceState(history.state, "", url);
  }
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
  const li = document.createElement("li");
  li.className = "rse-search__result";
  const title = document.createElement("h2");
  title.className = "rse-search__title";
  const link = document.createElement("a");
  link.href = data.url;
  link.textContent = (data.meta && data.meta.title) || data.url;
  title.append(link);
  li.append(title);
  const facets = [...(data.filters?.type || []), ...(data.filters?.region || [])];
  if (facets.length) {
    const meta = document.createElement("p");
    meta.className = "rse-search__meta";
    meta.textContent = facets.join(" · ");
    li.append(meta);
  }
  if (data.excerpt) {
    const excerpt = document.createElement("p");
    excerpt.className = "rse-search__excerpt";
    excerpt.append(excerptNodes(data.excerpt));
    li.append(excerpt);
  }
  return li;
}

function teardown() {
  if (!current) return;
  current.abort.abort();
  clearTimeout(current.timer);
  current = null;
}

// Leaving the search page by instant navigation calls no one: let go of its
// listeners, timer and detached DOM as soon as its form is out of the document.
if (typeof window.document$ !== "undefined") {
  window.document$.subscribe(() => {
    if (current && !current.form.isConnected) teardown();
  });
}

export function init(root = document) {
  const form = root.querySelector("[data-rse-search]");
  if (!form || (current && current.form === form)) return;
  teardown();
  const elements = {
    input: form.querySelector("input[name=q]"),
    selects: Object.fromEntries(FILTER_KEYS.map((k) => [k, form.querySelector(`select[name=${k}]`)]).filter(([, s]) => s)),
    fieldset: form.querySelector("[data-rse-search-filters]"),
    status: root.querySelector("[data-rse-search-status]"),
    results: root.querySelector("[data-rse-search-results]"),
    more: root.querySelector("[data-rse-search-more]"),
  };
  if (!elements.input || !elements.status || !elements.results) {
    log("balisage de la page de recherche incomplet");
    return;
  }
  const abort = new AbortController();
  const state = { form, abort, timer: 0 };
  current = state;
  const on = (target, type, handler) => target && target.addEventListener(type, handler, { signal: abort.signal });

  // Each search gets an id; an answer arriving after a newer search started
  // (or after the page was left) is dropped, so results never go backwards.
  let requestId = 0;
  let pending = []; // results of the current search not rendered yet
  const stale = (id) => id !== requestId || abort.signal.aborted || !form.isConnected;

  function filters() {
    const chosen = {};
    for (const [key, select] of Object.entries(elements.selects)) if (select.value) chosen[key] = select.value;
    return chosen;
  }

  function clear(message = "") {
    requestId += 1;
    pending = [];
    elements.results.replaceChildren();
    elements.results.hidden = true;
    elements.results.removeAttribute("aria-busy");
    if (elements.more) elements.more.hidden = true;
    elements.status.textContent = message;
  }

  async function showMore(id, moveFocus) {
    const batch = pending.slice(0, PAGE_SIZE);
    const data = await Promise.all(batch.map((r) => r.data()));
    if (stale(id)) return;
    pending = pending.slice(batch.length);
    const items = data.map(renderResult);
    elements.results.append(...items);
    elements.results.hidden = elements.results.children.length === 0;
    if (elements.more) elements.more.hidden = pending.length === 0;
    // Without this, "more" would leave keyboard users on a button that may vanish.
    if (moveFocus && items.length) items[0].querySelector("a").focus();
  }

  async function run() {
    clearTimeout(state.timer);
    // A late timer must not rewrite the URL of the page the reader went on to.
    if (abort.signal.aborted || !form.isConnected) return;
    const query = elements.input.value.trim();
    const chosen = filters();
    writeUrl(query, chosen);
    if (!query && Object.keys(chosen).length === 0) {
      clear();
      return;
    }
    const id = ++requestId;
    elements.results.setAttribute("aria-busy", "true");
    try {
      const pf = await pagefind();
      // A null term lists every page matching the filters alone.
      const search = await pf.search(query || null, { filters: chosen });
      if (stale(id)) return;
      pending = search.results;
      elements.results.replaceChildren();
      await showMore(id, false);
      if (stale(id)) return;
      elements.status.textContent = statusText(search.results.length, query, chosen);
    } catch (err) {
      if (stale(id)) return;
      log("la recherche a échoué :", err);
      clear("La recherche a échoué. Réessayez dans un instant, ou parcourez le guide et l'annuaire.");
    } finally {
      if (!stale(id)) elements.results.removeAttribute("aria-busy");
    }
  }

  function schedule() {
    clearTimeout(state.timer);
    state.timer = setTimeout(run, DEBOUNCE_MS);
    const query = elements.input.value.trim();
    // Fetching the index chunks while the user is still typing.
    if (query && pagefindLoading) pagefindLoading.then((pf) => pf.preload(query)).catch(() => {});
  }

  on(form, "submit", (event) => {
    event.preventDefault();
    run();
  });
  on(elements.input, "input", schedule);
  for (const select of Object.values(elements.selects)) on(select, "change", run);
  on(elements.more, "click", () => {
    const id = requestId;
    showMore(id, true).catch((err) => log("chargement des résultats suivants :", err));
  });

  elements.input.value = new URLSearchParams(location.search).get("q") || "";
  readFilters(elements.selects);
  // Arriving from the header form (or a shared link), the query is ready to be refined.
  elements.input.focus();
  const end = elements.input.value.length;
  elements.input.setSelectionRange(end, end);

  pagefind()
    .then(async (pf) => {
      if (abort.signal.aborted) return;
      try {
        await completeFilters(pf, elements.selects);
      } catch (err) {
        log("filtres indisponibles :", err);
      }
      if (abort.signal.aborted) return;
      // Values added from the index may be the ones the URL names; a choice
      // made while the index loaded wins.
      readFilters(elements.selects, { keepChosen: true });
      if (elements.fieldset) elements.fieldset.hidden = false;
      run();
    })
    .catch((err) => {
      if (abort.signal.aborted) return;
      log("index de recherche introuvable :", err);
      clear("La recherche est indisponible : l'index n'a pas pu être chargé. Parcourez le guide, les fiches et l'annuaire depuis le menu.");
    });
}
