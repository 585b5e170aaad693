// The directory's browser index, decoded (generator/site/directory.py writes
// it). The page fetches only its head, whose size does not depend on the
// number of companies: the facets' dictionaries, each value's count with no
// filter, the status counts as step functions of the day, the first page of
// the list and the names of the parts. The parts come when something needs
// them: `filtres` (facet columns of every company) on the first filter or
// sort, `noms` (names folded as fold() does) on the first name search,
// `lignes` for the pages shown. This
// module fetches nothing: the caller does, and hands the parts in.

import { STATUSES, STATUS_TEXT, dayNumber, statusOf } from "./status.js";

export const INDEX_VERSION = 4;  // 4: a head and parts (3: one file with every row)
const KINDS = ["filtres", "noms", "lignes"];

/** Accent- and case-blind text, for the name filter (directory.py's search_key, for the noms parts). */
export function fold(text) {
  return text.normalize("NFD").replace(/\p{M}/gu, "").replace(/[’‘]/g, "'").toLowerCase();
}

function positions(names) {
  return Object.fromEntries(names.map((name, i) => [name, i]));
}

/** The count of a status on `today`: [count before any step, day gaps, changes]. */
export function stepAt([base, gaps, changes], today) {
  let count = base, day = 0;
  for (let i = 0; i < gaps.length; i++) {
    day += gaps[i];
    if (day > today) break;
    count += changes[i];
  }
  return count;
}

function baseCounts(head, today) {
  const c = head.counts;
  return {
    label: Uint32Array.from(c.label), niveau: new Uint32Array(0),
    statut: Uint32Array.from(STATUSES, (s) => stepAt(head.steps[s], today)),
    cluster: Uint32Array.from(c.cluster), region: Uint32Array.from(c.region), secteur: Uint32Array.from(c.secteur),
  };
}

/**
 * The head, ready to filter once the parts it names have been added.
 * @param {any} head annuaire/index.json
 * @param {{path: string, base: string, today: number}} where the page's path, the
 *   companies' base path, and today's day number (status.js todayNumber)
 */
export function prepare(head, { path, base, today }) {
  if (head.v !== INDEX_VERSION) throw new Error(`version d'index ${head.v}, attendue ${INDEX_VERSION}`);
  const f = head.facets;
  const labels = f.label.map((id) => head.labels[id]);
  const model = {
    total: head.total,
    pageSize: head.page_size || 50,
    path, base, today,
    col: positions(head.columns),
    acol: positions(head.label_columns),
    parts: head.parts,
    received: Object.fromEntries(KINDS.map((kind) => [kind, []])),
    filters: null,  // the facet columns, once every filtres part is in
    keys: null,  // folded names, once every noms part is in
    lines: [],  // what a row shows, by row, for the lignes parts received
    baseCounts: baseCounts(head, today),
    // values: what the URL holds (ids, region names); text: what the options show
    facets: {
      label: { values: f.label, text: labels.map((l) => l.name) },
      statut: { values: STATUSES, text: STATUSES.map((s) => STATUS_TEXT[s]) },
      cluster: { values: f.cluster, text: f.cluster.map((id) => head.clusters[id] || id) },
      region: { values: f.region, text: f.region },
      secteur: { values: f.secteur, text: f.secteur },
    },
    levels: labels.map((l) => ({ values: l.levels.map((lv) => lv[0]), text: l.levels.map((lv) => lv[1]) })),
  };
  head.first.forEach((r, i) => { model.lines[i] = line(model, r); });
  return model;
}

function line(model, r) {
  const { col, acol, today } = model;
  const awards = r[col.labels].map((a) => {
    const day = dayNumber(a[acol.expire]);
    return { label: a[acol.label], level: a[acol.niveau], expires: a[acol.expire], day,
      status: STATUSES.indexOf(statusOf(day, today)) };
  });
  return { slug: r[col.slug], name: r[col.nom], region: r[col.region], sector: r[col.secteur],
    cluster: r[col.cluster], example: r[col.exemple] === 1, awards, marks: r[col.marques] || [] };
}

/** The address of part `k` (from 0) of `kind`, relative to the head. */
export function partUri(model, kind, k) {
  return model.parts[kind].uris[k];
}

function missing(model, kind, ks) {
  return ks.filter((k) => !model.received[kind][k]).map((k) => [kind, k]);
}

function all(model, kind) {
  return missing(model, kind, model.parts[kind].uris.map((_, k) => k));
}

/**
 * The parts to fetch before `state` can run: none for the plain list (its
 * counts are in the head), every filtres part for a filter or the expiry sort,
 * every noms part for a name.
 */
export function partsToRun(model, state, filtering) {
  const out = [];
  if (filtering || state.tri !== "nom") out.push(...all(model, "filtres"));
  if (state.nom.trim()) out.push(...all(model, "noms"));
  return out;
}

/** The lignes parts to fetch before the rows `shown` can be drawn. */
export function partsToShow(model, shown) {
  const size = model.parts.lignes.rows;
  const ks = new Set();
  for (const i of shown) if (!model.lines[i]) ks.add(Math.floor(i / size));
  return missing(model, "lignes", [...ks].sort((a, b) => a - b));
}

/** Add a fetched part; the columns are built when the last part of their kind is in. */
export function addPart(model, kind, k, data) {
  const received = model.received[kind];
  if (received[k]) return;
  received[k] = data;
  const from = k * model.parts[kind].rows;
  if (kind === "lignes") data.forEach((r, i) => { if (!model.lines[from + i]) model.lines[from + i] = line(model, r); });
  if (kind === "lignes" || received.filter(Boolean).length < model.parts[kind].uris.length) return;
  if (kind === "noms") model.keys = received.flat();  // folded by the build, as fold() does
  else model.filters = columns(received, model.total, model.today);
  received.fill(true);  // decoded: the raw parts can go
}

/** The facet columns as typed arrays; awards of row i are start[i] to start[i + 1]. */
function columns(parts, total, today) {
  const awards = parts.reduce((n, p) => n + p.label.length, 0);
  const c = {
    region: new Uint16Array(total), sector: new Uint16Array(total), cluster: new Uint16Array(total),
    start: new Uint32Array(total + 1), label: new Uint16Array(awards), level: new Int16Array(awards),
    day: new Float64Array(awards), status: new Uint8Array(awards), keys: new Float64Array(total),
  };
  let row = 0, award = 0;
  for (const p of parts) {
    c.region.set(p.region, row);
    c.sector.set(p.secteur, row);
    c.cluster.set(p.cluster, row);
    for (let i = 0; i < p.labels.length; i++) { c.start[row + i] = award; award += p.labels[i]; }
    const first = c.start[row];
    c.label.set(p.label, first);
    c.level.set(p.niveau, first);
    for (let j = 0; j < p.expire.length; j++) {
      const day = p.expire[j] === null ? NaN : p.expire[j];
      c.day[first + j] = day;
      c.status[first + j] = STATUSES.indexOf(statusOf(day, today));
    }
    row += p.region.length;
  }
  c.start[total] = award;
  return c;
}
