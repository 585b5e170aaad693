// The directory's filters. The server-rendered first page (50 companies, links
// to static pages 2..N) is the fallback without JavaScript; here the browser
// fetches the compact index (annuaire/index.json, see generator/directory.py)
// after the first paint and filters it in memory, so the page itself stays one
// page of results at 10,000 companies.
//
// Budget: one filter change under 100 ms at 10,000 companies. Everything that
// does not depend on the filters (folded names, statuses, expiry days) is
// computed once when the index arrives; a change is one pass over the rows
// that filters and counts together, then only the visible page is rendered.
//
// Company names come from data: the DOM is built with textContent only.

import { STATUSES, STATUS_TEXT, dayNumber, statusOf, todayNumber } from "./status.js";

const INDEX_VERSION = 3;  // 3: a "marques" column, "" for an expiry that is not a fact
const MONTHS = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
  "septembre", "octobre", "novembre", "décembre"];
// Query-string keys, in the order they are written: the URL is the shareable state.
const PARAMS = ["label", "niveau", "statut", "cluster", "region", "secteur", "nom", "tri", "page"];
const SELECTS = ["label", "niveau", "statut", "cluster", "region", "secteur"];
const REGION = 1, SECTOR = 2, CLUSTER = 3;
// history.replaceState costs milliseconds and browsers throttle it when
// called on every keystroke: the address bar follows the filters a moment later.
const URL_DELAY_MS = 250;

// The page being served. Material's instant navigation replaces the content
// without unloading the module, so listeners hang on this one controller and
// go when its page goes.
let active = null;

function stop() {
  if (active) {
    active.controller.abort();
    clearTimeout(active.urlTimer);
  }
  active = null;
}

if (typeof window.document$ !== "undefined") {
  window.document$.subscribe(() => {
    if (active && !active.host.isConnected) stop();
  });
}

export function init(root) {
  const host = root.querySelector("[data-rse-directory]");
  if (active && active.host !== host) stop();
  if (!host || active || host.dataset.rseReady) return;
  const owner = { host, controller: new AbortController(), urlTimer: undefined };
  active = owner;
  load(root, owner).catch((err) => {
    if (err && err.name === "AbortError") return;
    // The static list is still there and still right: say why, do not break the page.
    console.warn("[rse] annuaire : index non chargé,", err);
    if (active === owner) stop();
  });
}

// Fetching after a frame has been painted keeps the index off the critical path.
function afterPaint() {
  return new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
}

async function load(root, owner) {
  const { host, controller: { signal } } = owner;
  await afterPaint();
  if (signal.aborted) return;
  const url = new URL(host.dataset.rseDirectory, document.baseURI);
  const response = await fetch(url, { signal });
  if (!response.ok) throw new Error(`${url} : HTTP ${response.status}`);
  const data = await response.json();
  if (signal.aborted || !host.isConnected) return;
  mount(root, host, prepare(data, host), signal, owner);
}

// --- the model --------------------------------------------------------------

function fold(text) {
  return text.normalize("NFD").replace(/\p{M}/gu, "").replace(/[’‘]/g, "'").toLowerCase();
}

function positions(names) {
  return Object.fromEntries(names.map((name, i) => [name, i]));
}

function byText(values, text) {
  const collator = new Intl.Collator("fr", { sensitivity: "base", numeric: true });
  return values.map((v, i) => [i, text(v, i)]).sort((a, b) => collator.compare(a[1], b[1]));
}

function prepare(data, host) {
  if (data.v !== INDEX_VERSION) throw new Error(`version d'index ${data.v}, attendue ${INDEX_VERSION}`);
  const col = positions(data.columns);
  const acol = positions(data.label_columns);
  const today = todayNumber();
  const f = data.facets;
  const rows = new Array(data.rows.length);
  for (let i = 0; i < rows.length; i++) {
    const r = data.rows[i];
    const awards = r[col.labels].map((a) => {
      const day = dayNumber(a[acol.expire]);
      return { label: a[acol.label], level: a[acol.niveau], expires: a[acol.expire], day,
        status: STATUSES.indexOf(statusOf(day, today)) };
    });
    rows[i] = { slug: r[col.slug], name: r[col.nom], key: fold(r[col.nom]), region: r[col.region],
      sector: r[col.secteur], cluster: r[col.cluster], example: r[col.exemple] === 1, awards,
      marks: r[col.marques] || [] };
  }
  const labels = f.label.map((id) => data.labels[id]);
  return {
    rows,
    pageSize: data.page_size || 50,
    keys: new Float64Array(rows.length),
    path: location.pathname,
    base: new URL(host.dataset.rseBase || "./", document.baseURI).pathname,
    // values: what the URL holds (ids, region names); text: what the options show
    facets: {
      label: { values: f.label, text: labels.map((l) => l.name) },
      statut: { values: STATUSES, text: STATUSES.map((s) => STATUS_TEXT[s]) },
      cluster: { values: f.cluster, text: f.cluster.map((id) => data.clusters[id] || id) },
      region: { values: f.region, text: f.region },
      secteur: { values: f.secteur, text: f.secteur },
    },
    levels: labels.map((l) => ({ values: l.levels.map((lv) => lv[0]), text: l.levels.map((lv) => lv[1]) })),
  };
}

function defaults() {
  return { label: -1, niveau: -1, statut: -1, cluster: -1, region: -1, secteur: -1, nom: "", tri: "nom", page: 1 };
}

function facetOf(model, name, state) {
  if (name !== "niveau") return model.facets[name];
  return state.label >= 0 ? model.levels[state.label] : { values: [], text: [] };
}

function readURL(model) {
  const params = new URLSearchParams(location.search);
  const state = defaults();
  for (const name of SELECTS) {
    const value = params.get(name);
    if (value !== null) state[name] = facetOf(model, name, state).values.indexOf(value);
  }
  state.nom = (params.get("nom") || "").slice(0, 200);
  state.tri = params.get("tri") === "expiration" ? "expiration" : "nom";
  const page = Number.parseInt(params.get("page") || "1", 10);
  state.page = page >= 1 ? page : 1;
  return state;
}

function queryOf(model, state, page = state.page) {
  const params = new URLSearchParams(location.search);
  for (const key of PARAMS) params.delete(key);
  for (const name of SELECTS) {
    if (state[name] >= 0) params.set(name, facetOf(model, name, state).values[state[name]]);
  }
  if (state.nom.trim()) params.set("nom", state.nom);
  if (state.tri !== "nom") params.set("tri", state.tri);
  if (page > 1) params.set("page", String(page));
  const query = params.toString();
  return query ? `?${query}` : "";
}

function filtering(state) {
  return SELECTS.some((name) => state[name] >= 0) || state.nom.trim() !== "";
}

// One pass: the rows that match, and for every facet the number of companies
// each of its values would give with the other filters kept as they are.
function run(model, state) {
  const { rows, keys } = model;
  const f = model.facets;
  const counts = {
    label: new Uint32Array(f.label.values.length),
    niveau: new Uint32Array(facetOf(model, "niveau", state).values.length),
    statut: new Uint32Array(STATUSES.length),
    cluster: new Uint32Array(f.cluster.values.length),
    region: new Uint32Array(f.region.values.length),
    secteur: new Uint32Array(f.secteur.values.length),
  };
  const tokens = fold(state.nom).split(/\s+/).filter(Boolean);
  const { label, niveau, statut } = state;
  const result = [];
  rows: for (let i = 0; i < rows.length; i++) {
    const r = rows[i];
    let fails = 0, missed = 0;
    if (state.region >= 0 && r.region !== state.region) { fails++; missed = REGION; }
    if (state.secteur >= 0 && r.sector !== state.secteur) { fails++; missed = SECTOR; }
    if (state.cluster >= 0 && r.cluster !== state.cluster) { fails++; missed = CLUSTER; }
    if (fails > 1) continue;
    // The name is not a facet with counts: a company it excludes counts nowhere.
    for (let t = 0; t < tokens.length; t++) if (!r.key.includes(tokens[t])) continue rows;
    // Label, level and status apply to one and the same award.
    let match = false, statuses = 0, first = Infinity;
    const awards = r.awards;
    for (let k = 0; k < awards.length; k++) {
      const a = awards[k];
      const okLabel = label < 0 || a.label === label;
      const okLevel = niveau < 0 || a.level === niveau;
      const okStatus = statut < 0 || a.status === statut;
      if (okLabel && okLevel && okStatus) {
        match = true;
        if (a.day < first) first = a.day;
      }
      if (fails === 0) {
        // The level depends on the label: choosing another label drops it.
        if (okStatus) counts.label[a.label]++;
        if (label >= 0 && okLabel && okStatus && a.level >= 0) counts.niveau[a.level]++;
        if (okLabel && okLevel) statuses |= 1 << a.status;
      }
    }
    if (fails === 0) {
      for (let s = 0; s < STATUSES.length; s++) if (statuses & (1 << s)) counts.statut[s]++;
    }
    if (!match) continue;
    if (fails === 0) {
      counts.region[r.region]++;
      counts.secteur[r.sector]++;
      counts.cluster[r.cluster]++;
      keys[i] = first;
      result.push(i);
    } else if (missed === REGION) counts.region[r.region]++;
    else if (missed === SECTOR) counts.secteur[r.sector]++;
    else counts.cluster[r.cluster]++;
  }
  // Rows arrive sorted by name (the build's accent-blind order): only the
  // expiry sort costs a sort, on numbers, with the name order to break ties.
  if (state.tri === "expiration") result.sort((a, b) => keys[a] - keys[b] || a - b);
  return { result, counts };
}

// --- the DOM ----------------------------------------------------------------

function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

// The marker of a value that is not the guide's, as the build's _macros.prov writes it.
const PROV_TEXT = { hypothese: "hypothèse", "hors-guide": "hors guide" };

function prov(marks, field, what) {
  const mark = marks.find((m) => m[0] === field);
  if (!mark || !PROV_TEXT[mark[1]]) return [];
  const details = el("details", `rse-prov rse-prov--${mark[1]}`);
  const summary = el("summary", "", PROV_TEXT[mark[1]]);
  summary.append(el("span", "rse-visually-hidden", ` : ${what}`));
  details.append(summary, " ", el("span", "rse-prov__reason", mark[2]));
  return [" ", details];
}

function dateFr(iso) {
  const [y, m, d] = iso.split("-").map(Number);
  return `${d}${d === 1 ? "er" : ""} ${MONTHS[m - 1]} ${y}`;
}

// One formatter: toLocaleString builds a new one on each call, 100 times a change.
const NUMBER = new Intl.NumberFormat("fr-FR");

function plural(n, word) {
  return `${NUMBER.format(n)} ${word}${n > 1 ? "s" : ""}`;
}

function field(id, text, control) {
  const wrap = el("div", "rse-directory__field");
  const label = el("label", "", text);
  label.htmlFor = id;
  control.id = id;
  wrap.append(label, control);
  return wrap;
}

function select(name, allText) {
  const node = el("select");
  node.name = name;
  node.append(new Option(allText, ""));
  return node;
}

const ALL = {
  label: "Tous les labels", niveau: "Tous les niveaux", statut: "Tous les statuts",
  cluster: "Tous les clusters", region: "Toutes les régions", secteur: "Tous les secteurs",
};
const CAPTIONS = {
  label: "Label", niveau: "Niveau", statut: "Statut", cluster: "Cluster ou pôle",
  region: "Région", secteur: "Secteur",
};

function mount(root, host, model, signal, owner) {
  let state = readURL(model);
  const form = el("form", "rse-directory__form");
  form.setAttribute("role", "search");
  form.setAttribute("aria-label", "Filtrer l'annuaire");
  const fields = el("div", "rse-directory__fields");
  const controls = {};
  for (const name of SELECTS) {
    controls[name] = select(name, ALL[name]);
    fields.append(field(`rse-dir-${name}`, CAPTIONS[name], controls[name]));
  }
  const nom = el("input");
  Object.assign(nom, { type: "search", name: "nom", autocomplete: "off", spellcheck: false, maxLength: 200 });
  fields.append(field("rse-dir-nom", "Nom de l'entreprise", nom));
  const tri = el("select");
  tri.name = "tri";
  tri.append(new Option("Nom", "nom"), new Option("Date d'expiration, la plus proche d'abord", "expiration"));
  fields.append(field("rse-dir-tri", "Trier par", tri));
  const reset = el("button", "md-button rse-directory__reset", "Effacer les filtres");
  reset.type = "button";
  form.append(fields, reset);

  const count = el("p", "rse-count rse-directory__count");
  count.setAttribute("role", "status");
  count.tabIndex = -1;  // focused after a page change, so reading resumes at the results
  const list = el("ul", "rse-companies");
  const pager = el("nav", "rse-pagination");
  pager.setAttribute("aria-label", "Pages des résultats");
  const pagerList = el("ul");
  pager.append(pagerList);

  // Options of the fixed facets, once; their counts change, not their order.
  const options = {};
  for (const name of SELECTS) {
    if (name === "niveau") continue;
    options[name] = fillOptions(controls[name], model.facets[name], name !== "statut");
  }

  function fillOptions(control, facet, alphabetical) {
    control.length = 1;
    const out = new Array(facet.values.length);
    // Statuses keep their natural order: valid, expiring soon, expired.
    const order = alphabetical ? byText(facet.values, (_, k) => facet.text[k]) : facet.text.map((t, i) => [i, t]);
    for (const [i, text] of order) {
      const option = new Option(text, facet.values[i]);
      option.dataset.text = text;
      control.append(option);
      out[i] = option;
    }
    return out;
  }

  function levelOptions() {
    const facet = facetOf(model, "niveau", state);
    // Levels keep the referential's order (lowest first), not alphabetical.
    controls.niveau.length = 1;
    options.niveau = facet.values.map((value, i) => {
      const option = new Option(facet.text[i], value);
      option.dataset.text = facet.text[i];
      controls.niveau.append(option);
      return option;
    });
    controls.niveau.disabled = facet.values.length === 0;
  }

  function syncControls() {
    levelOptions();
    for (const name of SELECTS) {
      const facet = facetOf(model, name, state);
      controls[name].value = state[name] >= 0 ? facet.values[state[name]] : "";
    }
    if (nom.value !== state.nom) nom.value = state.nom;
    tri.value = state.tri;
  }

  function renderCounts(counts) {
    for (const name of SELECTS) {
      const opts = options[name];
      const c = counts[name];
      for (let i = 0; i < opts.length; i++) {
        const text = `${opts[i].dataset.text} (${NUMBER.format(c[i])})`;
        if (opts[i].text !== text) opts[i].text = text;
      }
    }
  }

  function renderRow(row) {
    const item = el("li", "rse-company");
    const heading = el("h2", "rse-company__name");
    const link = el("a", "", row.name);
    link.href = `${model.base}${encodeURIComponent(row.slug)}/`;
    heading.append(link);
    if (row.example) heading.append(" ", el("span", "rse-example", "exemple fictif"));
    const f = model.facets;
    const meta = el("div", "rse-muted rse-meta");
    meta.append(f.region.text[row.region], ...prov(row.marks, "region", "région"), ` · ${f.secteur.text[row.sector]}`,
      ...prov(row.marks, "secteur", "secteur"), ` · ${f.cluster.text[row.cluster]}`);
    const awards = el("ul", "rse-company__labels");
    for (const a of row.awards) {
      const level = a.level >= 0 ? model.levels[a.label].text[a.level] : "";
      const status = STATUSES[a.status];
      // "valide jusqu'au 4 mars 2026 : Expiré" contradicted itself; an unknown end is said so.
      const until = !a.expires ? "date de fin à confirmer"
        : `${status === "expire" ? "expiré le" : "valide jusqu'au"} ${dateFr(a.expires)}`;
      const li = el("li", "", `Label ${f.label.text[a.label]}${level ? ` (${level})` : ""}, ${until} : `);
      const badge = el("span", `rse-status rse-status--${status}`, STATUS_TEXT[status]);
      badge.dataset.rseStatus = status;
      li.append(badge);
      awards.append(li);
    }
    item.append(heading, meta, awards);
    return item;
  }

  function pageLink(page, text, current) {
    const a = el("a", "", text);
    a.href = model.path + queryOf(model, state, page);
    a.dataset.page = String(page);
    if (current) a.setAttribute("aria-current", "page");
    return a;
  }

  function renderPager(pages) {
    pager.hidden = pages <= 1;
    if (pages <= 1) { pagerList.replaceChildren(); return; }
    const p = state.page;
    const keep = new Set([1, pages]);
    for (let k = Math.max(1, p - 2); k <= Math.min(pages, p + 2); k++) keep.add(k);
    const items = document.createDocumentFragment();
    const add = (node) => { const li = el("li"); li.append(node); items.append(li); };
    if (p > 1) add(pageLink(p - 1, "Page précédente"));
    let last = 0;
    for (const k of [...keep].sort((a, b) => a - b)) {
      if (k > last + 1) add(el("span", "rse-pagination__gap", "…"));
      const link = pageLink(k, "", k === p);
      link.append(el("span", "rse-visually-hidden", "Page "), String(k));
      add(link);
      last = k;
    }
    if (p < pages) add(pageLink(p + 1, "Page suivante"));
    pagerList.replaceChildren(items);
  }

  function writeNow() {
    clearTimeout(owner.urlTimer);
    owner.urlTimer = undefined;
    if (location.pathname !== model.path) return;  // already on another page
    const url = model.path + queryOf(model, state) + location.hash;
    if (url !== location.pathname + location.search + location.hash) history.replaceState(history.state, "", url);
  }

  function update({ focus = false, writeURL = true } = {}) {
    const started = performance.now();
    const { result, counts } = run(model, state);
    const total = model.rows.length;
    const size = model.pageSize;
    const pages = Math.max(1, Math.ceil(result.length / size));
    state.page = Math.min(Math.max(1, state.page), pages);
    const from = (state.page - 1) * size;
    const shown = result.slice(from, from + size);

    renderCounts(counts);
    let text;
    if (result.length === 0) text = `Aucune entreprise ne correspond à ces filtres (${plural(total, "entreprise")} dans l'annuaire).`;
    else {
      text = filtering(state) ? `${plural(result.length, "entreprise")} sur ${NUMBER.format(total)}` : plural(total, "entreprise");
      if (pages > 1) text += `, page ${state.page} sur ${pages} (${from + 1} à ${from + shown.length})`;
      text += ".";
    }
    count.textContent = text;

    const fragment = document.createDocumentFragment();
    for (const i of shown) fragment.append(renderRow(model.rows[i]));
    list.replaceChildren(fragment);
    renderPager(pages);

    if (writeURL) {
      clearTimeout(owner.urlTimer);
      owner.urlTimer = setTimeout(writeNow, URL_DELAY_MS);
    }
    if (focus) count.focus();
    host.dataset.rseUpdateMs = (performance.now() - started).toFixed(1);
  }

  form.addEventListener("change", (event) => {
    const name = event.target.name;
    if (name === "tri") state.tri = tri.value === "expiration" ? "expiration" : "nom";
    else if (SELECTS.includes(name)) {
      state[name] = facetOf(model, name, state).values.indexOf(event.target.value);
      if (name === "label") {
        state.niveau = -1;
        levelOptions();
      }
    } else return;
    state.page = 1;
    update();
  }, { signal });
  nom.addEventListener("input", () => {
    state.nom = nom.value;
    state.page = 1;
    update();
  }, { signal });
  form.addEventListener("submit", (event) => event.preventDefault(), { signal });
  reset.addEventListener("click", () => {
    state = defaults();
    syncControls();
    update();
  }, { signal });
  pager.addEventListener("click", (event) => {
    const link = event.target.closest("a[data-page]");
    if (!link || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    // Material's instant navigation listens on <body> for link clicks: the
    // page change stays here, without a fetch of the same page.
    event.preventDefault();
    event.stopPropagation();
    state.page = Number(link.dataset.page);
    update({ focus: true });
  }, { signal });
  // A pending address must be written before any link is followed (Material
  // pushes the next page from <body>, after this capture listener) or the page
  // unloads, so that "back" returns to the filters as they were.
  const flush = () => { if (owner.urlTimer !== undefined) writeNow(); };
  document.addEventListener("click", flush, { capture: true, signal });
  window.addEventListener("pagehide", flush, { signal });
  // Back and forward within this page (same path: Material does not reload it).
  window.addEventListener("popstate", () => {
    clearTimeout(owner.urlTimer);
    owner.urlTimer = undefined;
    if (!host.isConnected) { stop(); return; }
    if (location.pathname !== model.path) return;
    state = readURL(model);
    syncControls();
    update({ writeURL: false });
  }, { signal });

  syncControls();
  host.replaceChildren(form, count, list, pager);
  update();
  const fallback = root.querySelector("[data-rse-directory-static]");
  if (fallback) fallback.hidden = true;
  host.dataset.rseReady = "true";
}
