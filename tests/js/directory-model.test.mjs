// The directory's model, as built: the index prepared, the state in the query
// string, filtering and facet counts (against a plain restatement of the rule,
// on the built index), paging and the sentences of the page.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, it } from "node:test";
import { pathToFileURL } from "node:url";

const site = process.env.RSE_SITE_DIR;
if (!site) throw new Error("RSE_SITE_DIR : chemin du site construit (python -m generator build --site-dir …)");
const load = (rel) => import(pathToFileURL(path.join(site, rel)).href);

const m = await load("assets/javascripts/directory-model.js");
const ix = await load("assets/javascripts/directory-index.js");
const { STATUSES, dayNumber } = await load("assets/javascripts/status.js");
const read = (name) => JSON.parse(readFileSync(path.join(site, "annuaire", name), "utf-8"));
const index = read("index.json");
const TODAY = dayNumber("2026-11-26");
const WHERE = { path: "/annuaire/", base: "/annuaire/", today: TODAY };

/** A model with every part of `head` added, `parts(kind, k)` giving each. */
function complete(head, parts, where = WHERE) {
  const model = m.prepare(head, where);
  for (const kind of ["filtres", "noms", "lignes"]) {
    head.parts[kind].uris.forEach((uri, k) => ix.addPart(model, kind, k, parts(uri)));
  }
  return model;
}

/** A status's step function as the build writes it, from [ISO day, change] in order. */
function steps(base, changes) {
  const days = changes.map(([iso]) => dayNumber(iso));
  return [base, days.map((d, i) => d - (i ? days[i - 1] : 0)), changes.map(([, c]) => c)];
}

/** A small index: three companies, two labels, dates either side of TODAY, parts of two rows. */
function tinyParts() {
  const row = (slug, nom, region, secteur, cluster, labels, marques = []) => [slug, nom, region, secteur, cluster, 0, labels, marques];
  const rows = [
    row("ecole", "École d'Été", 0, 0, 0, [[0, 1, "2027-06-01"], [1, -1, "2025-01-01"]]),
    row("forge", "Forge", 1, 0, 1, [[0, 0, "2026-12-01"]]),
    row("moulin", "Moulin", 0, 1, 0, [[1, -1, ""]], [["region", "hypothese", "Pas encore confirmé"]]),
  ];
  const filtres = (rs) => ({
    region: rs.map((r) => r[2]), secteur: rs.map((r) => r[3]), cluster: rs.map((r) => r[4]), labels: rs.map((r) => r[6].length),
    label: rs.flatMap((r) => r[6].map((a) => a[0])), niveau: rs.flatMap((r) => r[6].map((a) => a[1])),
    expire: rs.flatMap((r) => r[6].map((a) => (a[2] ? dayNumber(a[2]) : null))),
  });
  const parts = {
    "f1": filtres(rows.slice(0, 2)), "f2": filtres(rows.slice(2)), "n1": rows.map((r) => m.fold(r[1])),
    "l1": rows.slice(0, 2), "l2": rows.slice(2),
  };
  const head = {
    v: m.INDEX_VERSION, page_size: 2, total: 3,
    columns: ["slug", "nom", "region", "secteur", "cluster", "exemple", "labels", "marques"],
    label_columns: ["label", "niveau", "expire"],
    facets: { label: ["a", "b"], cluster: ["c1", "c2"], region: ["Bretagne", "Normandie"], secteur: ["Bois", "Eau"] },
    labels: { a: { name: "Label A", levels: [["bas", "Bas"], ["haut", "Haut"]] }, b: { name: "Label B", levels: [] } },
    clusters: { c1: "Cluster 1", c2: "Cluster 2" },
    counts: { label: [2, 2], cluster: [2, 1], region: [2, 1], secteur: [2, 1] },
    // By hand: École expired on 2025-01-02 (label B), expires soon 90 days before each expiry, valid
    // until 90 days before its last; Forge the same with its one date; Moulin's date is unknown.
    steps: {
      valide: steps(2, [["2026-09-02", -1], ["2027-03-03", -1]]),
      "expire-bientot": steps(0, [["2024-10-03", 1], ["2025-01-02", -1], ["2026-09-02", 1], ["2026-12-02", -1],
        ["2027-03-03", 1], ["2027-06-02", -1]]),
      expire: steps(0, [["2025-01-02", 1], ["2026-12-02", 1]]),
      "a-confirmer": [1, [], []],
    },
    first: rows.slice(0, 2),
    parts: { filtres: { rows: 2, uris: ["f1", "f2"] }, noms: { rows: 3, uris: ["n1"] }, lignes: { rows: 2, uris: ["l1", "l2"] } },
  };
  return { head, parts: (uri) => parts[uri] };
}

function tiny() {
  const { head, parts } = tinyParts();
  return complete(head, parts);
}

const built = (where = WHERE) => complete(index, read, where);
const { statusOf } = await load("assets/javascripts/status.js");
const statusIndex = (day, today) => STATUSES.indexOf(statusOf(day, today));
const rowsOf = (model) => model.lines.map((r) => ({ ...r, key: m.fold(r.name) }));

/** The rule in plain words: a company matches when every filter holds, label, level and status on one award. */
function matches(model, row, s) {
  if (s.region >= 0 && row.region !== s.region) return false;
  if (s.secteur >= 0 && row.sector !== s.secteur) return false;
  if (s.cluster >= 0 && row.cluster !== s.cluster) return false;
  if (!m.fold(s.nom).split(/\s+/).filter(Boolean).every((t) => row.key.includes(t))) return false;
  return row.awards.some((a) => (s.label < 0 || a.label === s.label) && (s.niveau < 0 || a.level === s.niveau)
    && (s.statut < 0 || a.status === s.statut));
}

/** What each option of a facet would give: the same filters with that one value (another label drops the level). */
function expectedCounts(model, state, rows = rowsOf(model)) {
  const counts = {};
  for (const name of m.SELECTS) {
    const n = m.facetOf(model, name, state).values.length;
    counts[name] = Array.from({ length: n }, (_, v) => {
      const s = { ...state, [name]: v, ...(name === "label" ? { niveau: -1 } : {}) };
      return rows.filter((r) => matches(model, r, s)).length;
    });
  }
  return counts;
}

describe("prepare", () => {
  it("refuses an index of another version", () => {
    assert.throws(() => m.prepare({ ...tinyParts().head, v: 3 }, WHERE), /version d'index 3, attendue 4/);
  });

  it("dates each award, reads the facets' text, has the first page before any part", () => {
    const { head } = tinyParts();
    const model = m.prepare(head, WHERE);
    assert.equal(model.lines.length, 2);
    assert.deepEqual(model.lines[0].awards.map((a) => STATUSES[a.status]), ["valide", "expire"]);
    assert.equal(STATUSES[model.lines[1].awards[0].status], "expire-bientot");
    assert.deepEqual(model.facets.cluster.text, ["Cluster 1", "Cluster 2"]);
    assert.deepEqual(model.levels[0].text, ["Bas", "Haut"]);
    assert.equal(model.pageSize, 2);
    assert.equal(model.filters, null);
  });

  it("names the parts a state needs, and only those", () => {
    const { head, parts } = tinyParts();
    const model = m.prepare(head, WHERE);
    const need = (state) => ix.partsToRun(model, state, m.filtering(state));
    assert.deepEqual(need(m.defaults()), [], "the plain list runs on the head");
    assert.deepEqual(need({ ...m.defaults(), tri: "expiration" }), [["filtres", 0], ["filtres", 1]]);
    assert.deepEqual(need({ ...m.defaults(), nom: "forge" }), [["filtres", 0], ["filtres", 1], ["noms", 0]]);
    assert.deepEqual(ix.partsToShow(model, [0, 1]), []);
    assert.deepEqual(ix.partsToShow(model, [2, 0]), [["lignes", 1]]);
    ix.addPart(model, "filtres", 1, parts("f2"));
    assert.equal(model.filters, null, "columns wait for every part");
    assert.deepEqual(need({ ...m.defaults(), region: 0 }), [["filtres", 0]]);
    ix.addPart(model, "filtres", 0, parts("f1"));
    assert.deepEqual(Array.from(model.filters.start), [0, 2, 3, 4]);
    assert.deepEqual(Array.from(model.filters.label), [0, 1, 0, 1]);
    assert.ok(Number.isNaN(model.filters.day[3]), "an unknown expiry");
    assert.equal(STATUSES[model.filters.status[3]], "a-confirmer");
    ix.addPart(model, "lignes", 1, parts("l2"));
    assert.equal(model.lines[2].slug, "moulin");
    assert.deepEqual(model.lines[2].marks, [["region", "hypothese", "Pas encore confirmé"]]);
  });

  it("the head's status counts follow the day, boundaries included", () => {
    const { head } = tinyParts();
    const rows = rowsOf(tiny());
    const days = rows.flatMap((r) => r.awards.map((a) => a.day)).filter((d) => !Number.isNaN(d))
      .flatMap((d) => [d - 91, d - 90, d - 89, d - 1, d, d + 1]);
    for (const today of days) {
      const model = m.prepare(head, { ...WHERE, today });
      const fresh = rowsOf(tiny()).map((r) => ({ ...r, awards: r.awards.map((a) => ({ ...a, status: statusIndex(a.day, today) })) }));
      assert.deepEqual(Array.from(model.baseCounts.statut), expectedCounts(model, m.defaults(), fresh).statut, String(today));
    }
  });
});

describe("query string", () => {
  const model = tiny();

  it("reads known values, drops unknown ones, clips the name", () => {
    const s = m.stateFromQuery(model, `?label=a&niveau=haut&region=Mars&nom=${"x".repeat(300)}&tri=expiration&page=-4`);
    assert.equal(s.label, 0);
    assert.equal(s.niveau, 1);
    assert.equal(s.region, -1);
    assert.equal(s.nom.length, 200);
    assert.equal(s.tri, "expiration");
    assert.equal(s.page, 1);
    assert.equal(m.stateFromQuery(model, "?niveau=haut").niveau, -1, "a level needs its label");
  });

  it("writes the state back in a fixed order, keeping other parameters", () => {
    const s = m.stateFromQuery(model, "?secteur=Eau&label=b");
    assert.equal(m.queryOf(model, s, "?utm=1&page=3"), "?utm=1&label=b&secteur=Eau");
    assert.equal(m.queryOf(model, s, "", 2), "?label=b&secteur=Eau&page=2");
    assert.equal(m.queryOf(model, m.defaults(), ""), "");
  });

  it("a change starts again from page 1; another label drops the level", () => {
    const s = m.stateFromQuery(model, "?label=a&niveau=bas&page=2");
    assert.equal(m.changed(model, s, "label", "b"), true);
    assert.deepEqual([s.label, s.niveau, s.page], [1, -1, 1]);
    assert.equal(m.changed(model, s, "nom", "x"), false, "the name has its own input listener");
    assert.equal(m.changed(model, s, "tri", "n'importe"), true);
    assert.equal(s.tri, "nom");
  });
});

describe("filtering and counts", () => {
  it("on the small index: label, level and status apply to one award", () => {
    const model = tiny();
    const s = { ...m.defaults(), label: 1, statut: STATUSES.indexOf("valide") };
    assert.deepEqual(m.run(model, s).result, [], "École's label B has expired, its valid award is label A");
    const byExpiry = Array.from(m.run(model, { ...m.defaults(), tri: "expiration" }).result, (i) => model.lines[i].slug);
    assert.deepEqual(byExpiry, ["ecole", "forge", "moulin"], "earliest expiry first, unknown last");
    assert.deepEqual(m.run(model, { ...m.defaults(), nom: "ETE" }).result, [0]);
  });

  it("the expiry sort keeps the name order between equal days, unknown last", () => {
    const keys = new Float64Array([5, Infinity, 3, 5, 3, Infinity, 9]);
    assert.deepEqual(Array.from(m.byExpiry([0, 1, 2, 3, 4, 5, 6], keys)), [2, 4, 0, 3, 6, 1, 5]);
    assert.deepEqual(Array.from(m.byExpiry([6, 1, 0], keys)), [0, 6, 1]);
    const far = new Float64Array([1e7, 2, Infinity, 2]);
    assert.deepEqual(Array.from(m.byExpiry([0, 1, 2, 3], far)), [1, 3, 0, 2], "dates centuries apart");
  });

  it("on the built index: the names are folded as the browser folds them", () => {
    const model = built();
    assert.deepEqual(model.keys, model.lines.map((r) => m.fold(r.name)));
    assert.ok(model.keys.some((k, i) => k !== model.lines[i].name), "some names have capitals or accents");
  });

  it("on the built index: every option's count is what choosing it gives", () => {
    const model = built();
    const rows = rowsOf(model);
    assert.equal(rows.length, index.total);
    const states = [m.defaults()];
    for (const name of ["label", "statut", "region", "cluster"]) {
      for (let v = 0; v < m.facetOf(model, name, m.defaults()).values.length; v++) states.push({ ...m.defaults(), [name]: v });
    }
    states.push({ ...m.defaults(), label: 1, niveau: 0, region: 0 }, { ...m.defaults(), nom: "LOGISTIQUE" },
      { ...m.defaults(), tri: "expiration" });
    for (const state of states) {
      const { result, counts } = m.run(model, state);
      const want = rows.map((r, i) => [r, i]).filter(([r]) => matches(model, r, state)).map(([, i]) => i);
      if (state.tri === "nom") assert.deepEqual(Array.from(result), want, JSON.stringify(state));
      else assert.deepEqual(Array.from(result).sort((a, b) => a - b), want);
      const got = Object.fromEntries(m.SELECTS.map((name) => [name, Array.from(counts[name])]));
      assert.deepEqual(got, expectedCounts(model, state, rows), JSON.stringify(state));
    }
  });

  it("on the built index: the head's counts are those of a full pass, on any day", () => {
    const rows = rowsOf(built());
    const days = rows.flatMap((r) => r.awards.map((a) => a.day)).filter((d) => !Number.isNaN(d))
      .flatMap((d) => [d - 91, d - 90, d - 1, d, d + 1]);
    assert.ok(days.length > 20);
    for (const today of [...days, dayNumber("2000-01-01"), dayNumber("2060-01-01")]) {
      const model = m.prepare(index, { ...WHERE, today });
      const fresh = rows.map((r) => ({ ...r, awards: r.awards.map((a) => ({ ...a, status: statusIndex(a.day, today) })) }));
      const got = Object.fromEntries(m.SELECTS.map((name) => [name, Array.from(model.baseCounts[name])]));
      assert.deepEqual(got, expectedCounts(model, m.defaults(), fresh), String(today));
    }
  });
});

describe("paging and sentences", () => {
  const model = tiny();

  it("counts, pages, brings a page past the end back", () => {
    const s = { ...m.defaults(), page: 9 };
    const { shown, pages, text } = m.paged(model, s, [0, 1, 2]);
    assert.deepEqual([shown, pages, s.page], [[2], 2, 2]);
    assert.equal(text, "3 entreprises, page 2 sur 2 (3 à 3).");
    const filtered = { ...m.defaults(), region: 0 };
    assert.equal(m.paged(model, filtered, [0]).text, "1 entreprise sur 3.");
    assert.equal(m.paged(model, filtered, []).text, "Aucune entreprise ne correspond à ces filtres (3 entreprises dans l'annuaire).");
  });

  it("the pager: first, last, two either side, gaps", () => {
    assert.deepEqual(m.pagerPages(1, 1), []);
    assert.deepEqual(m.pagerPages(1, 3), [1, 2, 3]);
    assert.deepEqual(m.pagerPages(10, 20), [1, null, 8, 9, 10, 11, 12, null, 20]);
    assert.deepEqual(m.pagerPages(4, 20), [1, 2, 3, 4, 5, 6, null, 20]);
  });

  it("an award's line, as the build writes it", () => {
    const [ecole, , moulin] = model.lines;
    assert.equal(m.awardText(model, ecole.awards[0]), "Label Label A (Haut), valide jusqu'au 1er juin 2027 : ");
    assert.equal(m.awardText(model, ecole.awards[1]), "Label Label B, expiré le 1er janvier 2025 : ");
    assert.equal(m.awardText(model, moulin.awards[0]), "Label Label B, date de fin à confirmer : ");
  });
});
