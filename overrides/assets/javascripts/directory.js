// The directory's filters. The server-rendered first page (50 companies, links
// to static pages 2..N) is the fallback without JavaScript; here the browser
// fetches the compact index (annuaire/index.json, see generator/directory.py)
// after the first paint and filters it in memory, so the page itself stays one
// page of results at 10,000 companies. The model (directory-model.js) filters
// and counts; the view (directory-view.js) draws; this module wires them to
// the form, the address bar and the page's life.

import { changed, defaults, facetOf, paged, prepare, queryOf, run, SELECTS, stateFromQuery } from "./directory-model.js";
import { facetOptions, levelOptions, renderCounts, renderPager, renderRow, skeleton } from "./directory-view.js";
import { plainClick, replaceAddress } from "./dom.js";
import { mount, timer } from "./lifecycle.js";
import { todayNumber } from "./status.js";
import "./fr.js"; // imported by the model and the view: fetched with them, not after

// history.replaceState costs milliseconds and browsers throttle it when
// called on every keystroke: the address bar follows the filters a moment later.
const URL_DELAY_MS = 250;

export function init(root) {
  mount(root, "[data-rse-directory]", (host, life) => {
    if (host.dataset.rseReady) return;
    load(root, host, life).catch((err) => {
      if (err && err.name === "AbortError") return;
      // The static list is still there and still right: say why, do not break the page.
      console.warn("[rse] annuaire : index non chargé,", err);
      life.stop();
    });
  });
}

// Fetching after a frame has been painted keeps the index off the critical path.
function afterPaint() {
  return new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
}

async function load(root, host, life) {
  const { signal } = life;
  await afterPaint();
  if (signal.aborted) return;
  const url = new URL(host.dataset.rseDirectory, document.baseURI);
  const response = await fetch(url, { signal });
  if (!response.ok) throw new Error(`${url} : HTTP ${response.status}`);
  const data = await response.json();
  if (signal.aborted || !host.isConnected) return;
  const model = prepare(data, {
    path: location.pathname,
    base: new URL(host.dataset.rseBase || "./", document.baseURI).pathname,
    today: todayNumber(),
  });
  new Directory(host, model, life).start(root);
}

class Directory {
  constructor(host, model, life) {
    this.host = host;
    this.model = model;
    this.life = life;
    this.state = stateFromQuery(model, location.search);
    this.view = skeleton();
    this.options = facetOptions(model, this.view.controls);
    this.address = timer(life.signal);
  }

  start(root) {
    this.listen();
    this.syncControls();
    const v = this.view;
    this.host.replaceChildren(v.form, v.count, v.list, v.pager);
    this.update();
    const fallback = root.querySelector("[data-rse-directory-static]");
    if (fallback) fallback.hidden = true;
    this.host.dataset.rseReady = "true";
  }

  levels() {
    this.options.niveau = levelOptions(this.model, this.state, this.view.controls.niveau);
  }

  /** The controls show the state (after a reset, or back and forward). */
  syncControls() {
    this.levels();
    const { controls, nom, tri } = this.view;
    for (const name of SELECTS) {
      const facet = facetOf(this.model, name, this.state);
      controls[name].value = this.state[name] >= 0 ? facet.values[this.state[name]] : "";
    }
    if (nom.value !== this.state.nom) nom.value = this.state.nom;
    tri.value = this.state.tri;
  }

  href(page) {
    return this.model.path + queryOf(this.model, this.state, location.search, page);
  }

  writeNow() {
    this.address.clear();
    if (location.pathname !== this.model.path) return;  // already on another page
    replaceAddress(this.href(this.state.page) + location.hash);
  }

  update({ focus = false, writeURL = true } = {}) {
    const started = performance.now();
    const { model, state, view } = this;
    const { result, counts } = run(model, state);
    const { shown, pages, text } = paged(model, state, result);
    renderCounts(this.options, counts);
    view.count.textContent = text;
    const fragment = document.createDocumentFragment();
    for (const i of shown) fragment.append(renderRow(model, model.rows[i]));
    view.list.replaceChildren(fragment);
    renderPager(view, state.page, pages, (page) => this.href(page));
    if (writeURL) this.address.start(() => this.writeNow(), URL_DELAY_MS);
    if (focus) view.count.focus();
    this.host.dataset.rseUpdateMs = (performance.now() - started).toFixed(1);
  }

  listen() {
    const { signal } = this.life;
    const { form, nom, reset, pager } = this.view;
    form.addEventListener("change", (event) => {
      const { name, value } = event.target;
      if (!changed(this.model, this.state, name, value)) return;
      if (name === "label") this.levels();
      this.update();
    }, { signal });
    nom.addEventListener("input", () => {
      this.state.nom = nom.value;
      this.state.page = 1;
      this.update();
    }, { signal });
    form.addEventListener("submit", (event) => event.preventDefault(), { signal });
    reset.addEventListener("click", () => {
      this.state = defaults();
      this.syncControls();
      this.update();
    }, { signal });
    pager.addEventListener("click", (event) => {
      const link = event.target.closest("a[data-page]");
      if (!link || !plainClick(event)) return;
      // Material's instant navigation listens on <body> for link clicks: the
      // page change stays here, without a fetch of the same page.
      event.preventDefault();
      event.stopPropagation();
      this.state.page = Number(link.dataset.page);
      this.update({ focus: true });
    }, { signal });
    this.listenToHistory(signal);
  }

  listenToHistory(signal) {
    // A pending address must be written before any link is followed (Material
    // pushes the next page from <body>, after this capture listener) or the page
    // unloads, so that "back" returns to the filters as they were.
    const flush = () => { if (this.address.pending) this.writeNow(); };
    document.addEventListener("click", flush, { capture: true, signal });
    window.addEventListener("pagehide", flush, { signal });
    // Back and forward within this page (same path: Material does not reload it).
    window.addEventListener("popstate", () => {
      this.address.clear();
      if (!this.life.alive()) return;
      if (location.pathname !== this.model.path) return;
      this.state = stateFromQuery(this.model, location.search);
      this.syncControls();
      this.update({ writeURL: false });
    }, { signal });
  }
}
