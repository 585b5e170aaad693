// The directory's model, without the DOM: the compact index prepared once
// (generator/directory.py writes it), the filter state read from and written
// to the query string, one pass that filters and counts, paging and the
// sentences that go with them. Node.js tests import it as is.
//
// Budget: one filter change under 100 ms at 10,000 companies. Everything that
// does not depend on the filters (folded names, statuses, expiry days) is
// computed once when the index arrives; a change is one pass over the rows
// that filters and counts together, then only the visible page is rendered.

import { counted, dayText, fmt } from "./fr.js";
import { STATUSES, STATUS_TEXT, dayNumber, statusOf } from "./status.js";

export const INDEX_VERSION = 3;  // 3: a "marques" column, "" for an expiry that is not a fact
/** The facets, in the order of the form and of the query string. */
export const SELECTS = ["label", "niveau", "statut", "cluster", "region", "secteur"];
// Query-string keys, in the order they are written: the URL is the shareable state.
const PARAMS = [...SELECTS, "nom", "tri", "page"];
const REGION = 1, SECTOR = 2, CLUSTER = 3;
const NAME_MAX = 200;

/** Accent- and case-blind text, for the name filter. */
export function fold(text) {
  return text.normalize("NFD").replace(/\p{M}/gu, "").replace(/[’‘]/g, "'").toLowerCase();
}

function positions(names) {
  return Object.fromEntries(names.map((name, i) => [name, i]));
}

/** Indices of `values` with their text, in French alphabetical order. */
export function byText(values, text) {
  const collator = new Intl.Collator("fr", { sensitivity: "base", numeric: true });
  return values.map((v, i) => [i, text(v, i)]).sort((a, b) => collator.compare(a[1], b[1]));
}

function prepareRow(r, col, acol, today) {
  const awards = r[col.labels].map((a) => {
    const day = dayNumber(a[acol.expire]);
    return { label: a[acol.label], level: a[acol.niveau], expires: a[acol.expire], day,
      status: STATUSES.indexOf(statusOf(day, today)) };
  });
  return { slug: r[col.slug], name: r[col.nom], key: fold(r[col.nom]), region: r[col.region],
    sector: r[col.secteur], cluster: r[col.cluster], example: r[col.exemple] === 1, awards,
    marks: r[col.marques] || [] };
}

/**
 * The index, ready to filter.
 * @param {any} data annuaire/index.json
 * @param {{path: string, base: string, today: number}} where the page's path, the
 *   companies' base path, and today's day number (status.js todayNumber)
 */
export function prepare(data, { path, base, today }) {
  if (data.v !== INDEX_VERSION) throw new Error(`version d'index ${data.v}, attendue ${INDEX_VERSION}`);
  const col = positions(data.columns);
  const acol = positions(data.label_columns);
  const f = data.facets;
  const rows = data.rows.map((r) => prepareRow(r, col, acol, today));
  const labels = f.label.map((id) => data.labels[id]);
  return {
    rows,
    pageSize: data.page_size || 50,
    keys: new Float64Array(rows.length),
    path,
    base,
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

/** No filter, sorted by name, first page. Facets hold the index of a value, -1 for all. */
export function defaults() {
  return { label: -1, niveau: -1, statut: -1, cluster: -1, region: -1, secteur: -1, nom: "", tri: "nom", page: 1 };
}

/** A facet's values and text; the levels are those of the chosen label. */
export function facetOf(model, name, state) {
  if (name !== "niveau") return model.facets[name];
  return state.label >= 0 ? model.levels[state.label] : { values: [], text: [] };
}

/** The state a query string names; an unknown value counts as no filter. */
export function stateFromQuery(model, search) {
  const params = new URLSearchParams(search);
  const state = defaults();
  for (const name of SELECTS) {
    const value = params.get(name);
    if (value !== null) state[name] = facetOf(model, name, state).values.indexOf(value);
  }
  state.nom = (params.get("nom") || "").slice(0, NAME_MAX);
  state.tri = params.get("tri") === "expiration" ? "expiration" : "nom";
  const page = Number.parseInt(params.get("page") || "1", 10);
  state.page = page >= 1 ? page : 1;
  return state;
}

/** The query string of `state` at `page`; other parameters of `search` are kept. */
export function queryOf(model, state, search, page = state.page) {
  const params = new URLSearchParams(search);
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

/** A control of the form changed: the state that follows, from page 1. False when the control is not a filter. */
export function changed(model, state, name, value) {
  if (name === "tri") state.tri = value === "expiration" ? "expiration" : "nom";
  else if (SELECTS.includes(name)) {
    state[name] = facetOf(model, name, state).values.indexOf(value);
    if (name === "label") state.niveau = -1;
  } else return false;
  state.page = 1;
  return true;
}

function filtering(state) {
  return SELECTS.some((name) => state[name] >= 0) || state.nom.trim() !== "";
}

function emptyCounts(model, state) {
  const f = model.facets;
  return {
    label: new Uint32Array(f.label.values.length),
    niveau: new Uint32Array(facetOf(model, "niveau", state).values.length),
    statut: new Uint32Array(STATUSES.length),
    cluster: new Uint32Array(f.cluster.values.length),
    region: new Uint32Array(f.region.values.length),
    secteur: new Uint32Array(f.secteur.values.length),
  };
}

// Label, level and status apply to one and the same award. Returns the
// first expiry day of the matching awards (Infinity when none is known), or
// null when none matches; counts the label, level and status facets when
// the row passes the other filters (`tally`).
function scanAwards(awards, state, tally, counts) {
  const { label, niveau, statut } = state;
  let match = false, statuses = 0, first = Infinity;
  for (let k = 0; k < awards.length; k++) {
    const a = awards[k];
    const okLabel = label < 0 || a.label === label;
    const okLevel = niveau < 0 || a.level === niveau;
    const okStatus = statut < 0 || a.status === statut;
    if (okLabel && okLevel && okStatus) {
      match = true;
      if (a.day < first) first = a.day;
    }
    if (tally) {
      // The level depends on the label: choosing another label drops it.
      if (okStatus) counts.label[a.label]++;
      if (label >= 0 && okLabel && okStatus && a.level >= 0) counts.niveau[a.level]++;
      if (okLabel && okLevel) statuses |= 1 << a.status;
    }
  }
  if (tally) for (let s = 0; s < STATUSES.length; s++) if (statuses & (1 << s)) counts.statut[s]++;
  return match ? first : null;
}

/**
 * One pass: the rows that match, and for every facet the number of companies
 * each of its values would give with the other filters kept as they are.
 */
export function run(model, state) {
  const { rows, keys } = model;
  const counts = emptyCounts(model, state);
  const tokens = fold(state.nom).split(/\s+/).filter(Boolean);
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
    const first = scanAwards(r.awards, state, fails === 0, counts);
    if (first === null) continue;
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

/** The page of `result` to show (state.page brought back within range) and the sentence that counts it. */
export function paged(model, state, result) {
  const total = model.rows.length;
  const size = model.pageSize;
  const pages = Math.max(1, Math.ceil(result.length / size));
  state.page = Math.min(Math.max(1, state.page), pages);
  const from = (state.page - 1) * size;
  const shown = result.slice(from, from + size);
  let text;
  if (result.length === 0) text = `Aucune entreprise ne correspond à ces filtres (${counted(total, "entreprise")} dans l'annuaire).`;
  else {
    text = filtering(state) ? `${counted(result.length, "entreprise")} sur ${fmt(total, 0)}` : counted(total, "entreprise");
    if (pages > 1) text += `, page ${state.page} sur ${pages} (${from + 1} à ${from + shown.length})`;
    text += ".";
  }
  return { shown, pages, text };
}

/** The pages the pager links to: the first, the last, two either side of `page`; null where pages are skipped. */
export function pagerPages(page, pages) {
  if (pages <= 1) return [];
  const keep = new Set([1, pages]);
  for (let k = Math.max(1, page - 2); k <= Math.min(pages, page + 2); k++) keep.add(k);
  const out = [];
  let last = 0;
  for (const k of [...keep].sort((a, b) => a - b)) {
    if (k > last + 1) out.push(null);
    out.push(k);
    last = k;
  }
  return out;
}

/** "Label ENR (Confirmé), valide jusqu'au 4 mars 2027 : " before the award's status badge. */
export function awardText(model, award) {
  const level = award.level >= 0 ? model.levels[award.label].text[award.level] : "";
  // "valide jusqu'au 4 mars 2026 : Expiré" contradicted itself; an unknown end is said so.
  const until = !award.expires ? "date de fin à confirmer"
    : `${STATUSES[award.status] === "expire" ? "expiré le" : "valide jusqu'au"} ${dayText(award.expires)}`;
  return `Label ${model.facets.label.text[award.label]}${level ? ` (${level})` : ""}, ${until} : `;
}
