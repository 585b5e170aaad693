// The directory's model, without the DOM: the filter state read from and
// written to the query string, one pass that filters and counts, paging and
// the sentences that go with them. The index it runs on is decoded by
// directory-index.js. Node.js tests import it as is.
//
// Budget: one filter change under 100 ms at 100,000 companies. Everything that
// does not depend on the filters (folded names, statuses, expiry days) is
// computed once when a part arrives, into typed arrays; a change is one pass
// over the rows that filters and counts together, then only the visible page
// is rendered. The plain list (no filter, by name) needs no pass at all.

import { counted, dayText, fmt } from "./fr.js";
import { STATUSES } from "./status.js";

export { INDEX_VERSION, fold, prepare } from "./directory-index.js";
import { fold } from "./directory-index.js";

/** The facets, in the order of the form and of the query string. */
export const SELECTS = ["label", "niveau", "statut", "cluster", "region", "secteur"];
// Query-string keys, in the order they are written: the URL is the shareable state.
const PARAMS = [...SELECTS, "nom", "tri", "page"];
const REGION = 1, SECTOR = 2, CLUSTER = 3;
const NAME_MAX = 200;

/** Indices of `values` with their text, in French alphabetical order. */
export function byText(values, text) {
  const collator = new Intl.Collator("fr", { sensitivity: "base", numeric: true });
  return values.map((v, i) => [i, text(v, i)]).sort((a, b) => collator.compare(a[1], b[1]));
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

/** Whether the state filters (the plain list, sorted by name or not, does not). */
export function filtering(state) {
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

// Label, level and status apply to one and the same award (awards `from` to
// `to` of the columns). Returns the first expiry day of the matching awards
// (Infinity when none is known), or null when none matches; counts the label,
// level and status facets when the row passes the other filters (`tally`).
function scanAwards(c, from, to, state, tally, counts) {
  const { label, niveau, statut } = state;
  const labels = counts.label;
  let match = false, statuses = 0, first = Infinity;
  for (let k = from; k < to; k++) {
    const al = c.label[k], lv = c.level[k], st = c.status[k];
    const okLabel = label < 0 || al === label;
    const okLevel = niveau < 0 || lv === niveau;
    const okStatus = statut < 0 || st === statut;
    if (okLabel && okLevel && okStatus) {
      match = true;
      if (c.day[k] < first) first = c.day[k];
    }
    if (tally) {
      // The level depends on the label: choosing another label drops it.
      if (okStatus) labels[al]++;
      if (label >= 0 && okLabel && okStatus && lv >= 0) counts.niveau[lv]++;
      if (okLabel && okLevel) statuses |= 1 << st;
    }
  }
  if (tally) for (let s = 0; s < STATUSES.length; s++) if (statuses & (1 << s)) counts.statut[s]++;
  return match ? first : null;
}

function everyRow(model) {
  if (!model.everyRow) model.everyRow = Uint32Array.from({ length: model.total }, (_, i) => i);
  return model.everyRow;
}

/**
 * One pass: the rows that match, and for every facet the number of companies
 * each of its values would give with the other filters kept as they are.
 * The parts that directory-index.js partsToRun names must be in.
 */
export function run(model, state) {
  if (!filtering(state) && state.tri === "nom") return { result: everyRow(model), counts: model.baseCounts };
  const c = model.filters, keys = model.keys;
  const counts = emptyCounts(model, state);
  const tokens = fold(state.nom).split(/\s+/).filter(Boolean);
  const result = [];
  const { region, secteur, cluster } = state;
  rows: for (let i = 0; i < model.total; i++) {
    let fails = 0, missed = 0;
    if (region >= 0 && c.region[i] !== region) { fails++; missed = REGION; }
    if (secteur >= 0 && c.sector[i] !== secteur) { fails++; missed = SECTOR; }
    if (cluster >= 0 && c.cluster[i] !== cluster) { fails++; missed = CLUSTER; }
    if (fails > 1) continue;
    // The name is not a facet with counts: a company it excludes counts nowhere.
    for (let t = 0; t < tokens.length; t++) if (!keys[i].includes(tokens[t])) continue rows;
    const first = scanAwards(c, c.start[i], c.start[i + 1], state, fails === 0, counts);
    if (first === null) continue;
    if (fails === 0) {
      counts.region[c.region[i]]++;
      counts.secteur[c.sector[i]]++;
      counts.cluster[c.cluster[i]]++;
      c.keys[i] = first;
      result.push(i);
    } else if (missed === REGION) counts.region[c.region[i]]++;
    else if (missed === SECTOR) counts.secteur[c.sector[i]]++;
    else counts.cluster[c.cluster[i]]++;
  }
  // Rows arrive sorted by name (the build's accent-blind order): only the
  // expiry sort costs a sort, on whole days, with the name order to break ties.
  return { result: state.tri === "expiration" ? byExpiry(result, c.keys) : result, counts };
}

/**
 * `result` sorted by `keys` (whole days, Infinity last), ties kept in order.
 * A counting sort: 100,000 rows in a few milliseconds, where a comparison sort
 * took a few hundred on this machine. Dates spread over centuries fall back to it.
 */
export function byExpiry(result, keys) {
  let lo = Infinity, hi = -Infinity;
  for (const i of result) if (keys[i] !== Infinity) { lo = Math.min(lo, keys[i]); hi = Math.max(hi, keys[i]); }
  if (lo === Infinity) return result;
  const last = hi - lo + 1;  // the bucket of the rows without a known expiry
  if (last > 4 * result.length + 100000) return result.sort((a, b) => keys[a] - keys[b] || a - b);
  const starts = new Uint32Array(last + 2);
  const bucket = (i) => (keys[i] === Infinity ? last : keys[i] - lo);
  for (const i of result) starts[bucket(i) + 1]++;
  for (let b = 1; b < starts.length; b++) starts[b] += starts[b - 1];
  const out = new Uint32Array(result.length);
  for (const i of result) out[starts[bucket(i)]++] = i;
  return out;
}

/** The page of `result` to show (state.page brought back within range) and the sentence that counts it. */
export function paged(model, state, result) {
  const total = model.total;
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
