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
const { STATUSES, dayNumber } = await load("assets/javascripts/status.js");
const index = JSON.parse(readFileSync(path.join(site, "annuaire", "index.json"), "utf-8"));
const TODAY = dayNumber("2026-11-26");
const WHERE = { path: "/annuaire/", base: "/annuaire/", today: TODAY };

/** A small index: three companies, two labels, dates either side of TODAY. */
function tiny() {
  const row = (slug, nom, region, secteur, cluster, labels, marques = []) => [slug, nom, region, secteur, cluster, 0, labels, marques];
  return {
    v: m.INDEX_VERSION, page_size: 2,
    columns: ["slug", "nom", "region", "secteur", "cluster", "exemple", "labels", "marques"],
    label_columns: ["label", "niveau", "expire"],
    facets: { label: ["a", "b"], cluster: ["c1", "c2"], region: ["Bretagne", "Normandie"], secteur: ["Bois", "Eau"] },
    labels: { a: { name: "Label A", levels: [["bas", "Bas"], ["haut", "Haut"]] }, b: { name: "Label B", levels: [] } },
    clusters: { c1: "Cluster 1", c2: "Cluster 2" },
    rows: [
      row("ecole", "École d'Été", 0, 0, 0, [[0, 1, "2027-06-01"], [1, -1, "2025-01-01"]]),
      row("forge", "Forge", 1, 0, 1, [[0, 0, "2026-12-01"]]),
      row("moulin", "Moulin", 0, 1, 0, [[1, -1, ""]], [["region", "hypothese", "Pas encore confirmé"]]),
    ],
  };
}

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
function expectedCounts(model, state) {
  const counts = {};
  for (const name of m.SELECTS) {
    const n = m.facetOf(model, name, state).values.length;
    counts[name] = Array.from({ length: n }, (_, v) => {
      const s = { ...state, [name]: v, ...(name === "label" ? { niveau: -1 } : {}) };
      return model.rows.filter((r) => matches(model, r, s)).length;
    });
  }
  return counts;
}

describe("prepare", () => {
  it("refuses an index of another version", () => {
    assert.throws(() => m.prepare({ ...tiny(), v: 2 }, WHERE), /version d'index 2, attendue 3/);
  });

  it("folds names, dates each award, reads the facets' text", () => {
    const model = m.prepare(tiny(), WHERE);
    assert.equal(model.rows[0].key, "ecole d'ete");
    assert.deepEqual(model.rows[0].awards.map((a) => STATUSES[a.status]), ["valide", "expire"]);
    assert.equal(STATUSES[model.rows[1].awards[0].status], "expire-bientot");
    assert.equal(STATUSES[model.rows[2].awards[0].status], "a-confirmer");
    assert.deepEqual(model.facets.cluster.text, ["Cluster 1", "Cluster 2"]);
    assert.deepEqual(model.levels[0].text, ["Bas", "Haut"]);
    assert.equal(model.pageSize, 2);
  });
});

describe("query string", () => {
  const model = m.prepare(tiny(), WHERE);

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
    const model = m.prepare(tiny(), WHERE);
    const s = { ...m.defaults(), label: 1, statut: STATUSES.indexOf("valide") };
    assert.deepEqual(m.run(model, s).result, [], "École's label B has expired, its valid award is label A");
    const byExpiry = m.run(model, { ...m.defaults(), tri: "expiration" }).result.map((i) => model.rows[i].slug);
    assert.deepEqual(byExpiry, ["ecole", "forge", "moulin"], "earliest expiry first, unknown last");
  });

  it("on the built index: every option's count is what choosing it gives", () => {
    const model = m.prepare(index, { ...WHERE, today: TODAY });
    const states = [m.defaults()];
    for (const name of ["label", "statut", "region", "cluster"]) {
      for (let v = 0; v < m.facetOf(model, name, m.defaults()).values.length; v++) states.push({ ...m.defaults(), [name]: v });
    }
    states.push({ ...m.defaults(), label: 1, niveau: 0, region: 0 }, { ...m.defaults(), nom: "LOGISTIQUE" });
    for (const state of states) {
      const { result, counts } = m.run(model, state);
      const want = model.rows.map((r, i) => [r, i]).filter(([r]) => matches(model, r, state)).map(([, i]) => i);
      assert.deepEqual(result, want, JSON.stringify(state));
      const got = Object.fromEntries(m.SELECTS.map((name) => [name, Array.from(counts[name])]));
      assert.deepEqual(got, expectedCounts(model, state), JSON.stringify(state));
    }
  });
});

describe("paging and sentences", () => {
  const model = m.prepare(tiny(), WHERE);

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
    const [ecole, , moulin] = model.rows;
    assert.equal(m.awardText(model, ecole.awards[0]), "Label Label A (Haut), valide jusqu'au 1er juin 2027 : ");
    assert.equal(m.awardText(model, ecole.awards[1]), "Label Label B, expiré le 1er janvier 2025 : ");
    assert.equal(m.awardText(model, moulin.awards[0]), "Label Label B, date de fin à confirmer : ");
  });
});
