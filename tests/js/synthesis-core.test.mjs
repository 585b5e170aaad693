// The synthesis page's pure logic (issue 14): 30 generated exports of two
// campaigns plus refused files, checked against values computed here from how
// the answers were built, never from the module's own statistics.
import assert from "node:assert/strict";
import path from "node:path";
import { describe, it } from "node:test";
import { pathToFileURL } from "node:url";

const site = process.env.RSE_SITE_DIR;
if (!site) throw new Error("RSE_SITE_DIR : chemin du site construit (python -m generator build --site-dir …)");
const load = (rel) => import(pathToFileURL(path.join(site, rel)).href);

const syn = await load("assets/javascripts/synthesis-core.js");
const core = await load("assets/javascripts/diagnostic-core.js");
const fr = await load("assets/javascripts/fr.js");
const hydreos = await load("assets/referentiels/hydreos.js");
const enr = await load("assets/referentiels/enr.js");
const ref = hydreos.referential;

const YES = "tout-a-fait-d-accord"; // 4 points
const NO = "pas-du-tout-d-accord"; // 0 points
const ABSTAIN = "ne-se-prononce-pas";

// Python's statistics.quantiles(method="inclusive") as written in CPython: a
// different arithmetic from the module's, the same definition.
function quartiles(values) {
  const d = [...values].sort((a, b) => a - b);
  const m = d.length - 1;
  return [1, 2, 3].map((i) => {
    const j = Math.floor((i * m) / 4);
    const delta = i * m - j * 4;
    return delta === 0 ? d[j] : (d[j] * (4 - delta) + d[j + 1] * delta) / 4;
  });
}
const close = (a, b, what) => assert.ok(Math.abs(a - b) < 1e-9, `${what}: ${a} != ${b}`);

let seed = 7;
const random = (n) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % n);

// A company answers YES to the first j[t] criteria of theme t and NO to the
// rest; company 0 of each campaign leaves the last criterion of theme 0 blank,
// company 1 abstains on the last criterion of theme 1.
function company(k, campaign, day) {
  const j = ref.themes.map((t) => random(t.criteria.length + 1));
  const answers = {};
  const percents = ref.themes.map((t, ti) => {
    let max = t.criteria.length;
    t.criteria.forEach((c, i) => {
      const last = i === t.criteria.length - 1;
      if (k === 0 && ti === 0 && last) { j[ti] = Math.min(j[ti], i); return; }
      if (k === 1 && ti === 1 && last) { j[ti] = Math.min(j[ti], i); max -= 1; answers[c.id] = ABSTAIN; return; }
      answers[c.id] = i < j[ti] ? YES : NO;
    });
    return { yes: j[ti], max };
  });
  const date = `${campaign}-${String(day).padStart(2, "0")}T09:${String(k).padStart(2, "0")}:00.000Z`;
  return { k, j, answers, date, themePercents: percents.map((p) => (100 * p.yes) / p.max),
    percent: (100 * percents.reduce((s, p) => s + p.yes, 0)) / percents.reduce((s, p) => s + p.max, 0) };
}

const spring = Array.from({ length: 14 }, (_, k) => company(k, "2026-03", 3 + k));
const autumn = Array.from({ length: 16 }, (_, k) => company(k, "2026-10", 1 + k));
const exportText = (c, extra = {}) => JSON.stringify({ ...core.exportDocument(ref, c.answers, new Date(c.date)), ...extra }, null, 2);
const NAMES = (c, season) => `Société ${season} ${c.k} SARL.json`;

const files = [
  ...spring.map((c) => ({ name: NAMES(c, "Printemps"), text: exportText(c, { entreprise: `Dupont Printemps ${c.k}` }) })),
  ...autumn.map((c) => ({ name: NAMES(c, "Automne"), text: exportText(c, c.k === 2 ? { score: 999, level: { id: "exemplaire" } } : {}) })),
  { name: "enr.json", text: JSON.stringify(core.exportDocument(enr.referential, { "prat-01": "absente" }, new Date("2026-10-02T00:00:00Z"))) },
  { name: "ancienne.json", text: exportText(autumn[3]).replace('"version": "1.0"', '"version": "0.9"') },
  { name: "abime.json", text: exportText(autumn[4]).slice(0, 60) },
  { name: "copie.json", text: exportText(autumn[5]) },
  { name: "resultats.csv", text: core.resultsCsv(ref, hydreos.score(autumn[6].answers)) },
  { name: "vide.json", text: "" },
  { name: "sans-date.json", text: JSON.stringify({ referentiel: ref.id, version: ref.version, reponses: autumn[7].answers }) },
  { name: "rien.json", text: JSON.stringify({ referentiel: ref.id, version: ref.version, date: "2026-10-20T00:00:00Z", reponses: {} }) },
  { name: "inconnu.json", text: JSON.stringify({ referentiel: ref.id, version: ref.version, date: "2026-10-20T00:00:00Z", reponses: { "x-99": YES } }) },
];

const { accepted, refused } = syn.readExports(files, ref, hydreos.score);
const groups = syn.byCampaign(accepted);
const docs = groups.map((g) => syn.aggregateDocument(ref, g.entries));

describe("reading exports", () => {
  it("accepts the 30 exports and refuses the others, each with its reason", () => {
    assert.equal(accepted.length, 30);
    assert.deepEqual(refused.map((r) => [r.name, r.kind]), [
      ["enr.json", "referentiel"], ["ancienne.json", "version"], ["abime.json", "illisible"], ["copie.json", "doublon"],
      ["resultats.csv", "csv"], ["vide.json", "vide"], ["sans-date.json", "date"], ["rien.json", "sans-reponse"],
      ["inconnu.json", "illisible"]]);
    const reason = Object.fromEntries(refused.map((r) => [r.kind, r.reason]));
    assert.match(reason.version, /version 0\.9 du référentiel « hydreos » ; cette synthèse porte sur la version 1\.0/);
    assert.match(reason.referentiel, /référentiel « enr »/);
    assert.match(reason.doublon, /identique à « Société Automne 5 SARL\.json »/);
    assert.match(reason.csv, /Exporter mes réponses \(JSON\)/);
    for (const r of refused) assert.match(r.reason, /^(Ce fichier|Les réponses de ce fichier) /, r.name);
  });

  it("re-scores: a forged score or level in the file changes nothing", () => {
    const forged = accepted.find((e) => e.name === NAMES(autumn[2], "Automne"));
    close(forged.result.percent, autumn[2].percent, "percent");
    assert.notEqual(forged.result.score, 999);
  });

  it("groups by half-year in UTC", () => {
    assert.deepEqual(groups.map((g) => [g.campaign.id, g.entries.length]), [["2026-S1", 14], ["2026-S2", 16]]);
    assert.deepEqual(groups[1].campaign, { id: "2026-S2", libelle: "2e semestre 2026", debut: "2026-07-01", fin: "2026-12-31" });
    assert.equal(syn.campaignOf(new Date("2026-06-30T23:59:59Z")).id, "2026-S1");
    assert.equal(syn.campaignOf(new Date("2026-06-30T23:30:00-02:00")).id, "2026-S2");
    assert.deepEqual(syn.campaignOf(new Date("2024-02-10T00:00:00Z"), "mois"),
      { id: "2024-02", libelle: "février 2024", debut: "2024-02-01", fin: "2024-02-29" });
    assert.equal(syn.campaignOf(new Date("2026-11-26T00:00:00Z"), "trimestre").libelle, "4e trimestre 2026");
    for (const id of ["2026", "2026-S1", "2026-T1", "2026-12"]) assert.equal(syn.campaignFromId(id).id, id);
    assert.equal(syn.campaignFromId("2026-S3"), null);
    assert.throws(() => syn.campaignOf(new Date(), "decennie"), RangeError);
  });

  it("warns, without refusing, about the same answers at another date of the campaign", () => {
    const twin = { name: "bis.json", text: JSON.stringify(core.exportDocument(ref, autumn[0].answers, new Date("2026-11-30T00:00:00Z"))) };
    const got = syn.readExports([files[14], twin], ref, hydreos.score);
    assert.equal(got.accepted.length, 2);
    assert.deepEqual(got.accepted[0].warnings, []);
    assert.match(got.accepted[1].warnings[0], /Mêmes réponses que « Société Automne 0 SARL\.json »/);
  });
});

describe("aggregate of a campaign", () => {
  const cases = [[docs[0], spring], [docs[1], autumn]];

  it("counts, medians and quartiles per theme and overall", () => {
    for (const [doc, companies] of cases) {
      assert.equal(doc.n, companies.length);
      assert.equal(doc.complets, companies.length - 1, "company 0 left one criterion blank");
      const check = (stats, values, what) => {
        const [q1, med, q3] = quartiles(values);
        assert.equal(stats.n, values.length, what);
        close(stats.q1, Math.floor(q1 * 100 + 0.5) / 100, `${what} q1`);
        close(stats.mediane, Math.floor(med * 100 + 0.5) / 100, `${what} mediane`);
        close(stats.q3, Math.floor(q3 * 100 + 0.5) / 100, `${what} q3`);
        close(stats.min, Math.floor(Math.min(...values) * 100 + 0.5) / 100, `${what} min`);
        close(stats.max, Math.floor(Math.max(...values) * 100 + 0.5) / 100, `${what} max`);
      };
      check(doc.ensemble, companies.map((c) => c.percent), "ensemble");
      ref.themes.forEach((t, i) => {
        assert.equal(doc.themes[i].id, t.id);
        check(doc.themes[i], companies.map((c) => c.themePercents[i]), t.id);
      });
    }
  });

  it("agrees with the unrounded values to the precision asked", () => {
    const raw = syn.aggregateDocument(ref, groups[1].entries, { precision: null });
    const [, med] = quartiles(autumn.map((c) => c.themePercents[2]));
    close(raw.themes[2].mediane, med, "raw median");
  });

  it("distributes levels as the referential's thresholds say", () => {
    for (const [doc, companies] of cases) {
      const expected = ref.levels.map((lv) => ({ id: lv.id, n: 0 }));
      for (const c of companies) {
        let reached = -1;
        ref.levels.forEach((lv, i) => { if (c.percent >= lv.min - 1e-9) reached = i; });
        expected[reached].n += 1; // hydreos' lowest level is at 0 %: everyone reaches one
      }
      assert.deepEqual(doc.niveaux, expected);
      assert.equal(doc.sans_niveau, 0);
    }
  });

  it("lists the weakest criteria: mean share of the maximum, ties in grid order", () => {
    for (const [doc, companies] of cases) {
      const expected = [];
      let position = 0;
      ref.themes.forEach((t, ti) => t.criteria.forEach((c, i) => {
        const counted = companies.filter((co) => co.answers[c.id] !== ABSTAIN);
        const yes = counted.filter((co) => co.answers[c.id] === YES).length;
        expected.push({ id: c.id, part: (100 * yes) / counted.length, position: position++ });
      }));
      expected.sort((a, b) => a.part - b.part || a.position - b.position);
      assert.deepEqual(doc.criteres_faibles.map((c) => c.id), expected.slice(0, 5).map((c) => c.id));
      doc.criteres_faibles.forEach((c, i) => close(c.part, Math.floor(expected[i].part * 100 + 0.5) / 100, c.id));
    }
    const plan = syn.actionPlan(ref, docs[1]);
    const first = ref.themes.flatMap((t) => t.criteria).find((c) => c.id === plan[0].id);
    assert.equal(plan[0].advice, first.advice);
    assert.deepEqual(plan[0].fiches, first.fiches);
    assert.ok(plan[0].advice.length > 20);
  });

  it("shows progress between the campaigns", () => {
    const out = syn.synthesise(files, ref, hydreos.score);
    assert.equal(out.fichiers, files.length);
    assert.equal(out.acceptes.length, 30);
    assert.equal(out.progression.length, 1);
    const p = out.progression[0];
    assert.equal(p.avant.id, "2026-S1");
    assert.equal(p.apres.id, "2026-S2");
    p.themes.forEach((t, i) => close(t.ecart, docs[1].themes[i].mediane - docs[0].themes[i].mediane, t.id));
    close(p.ensemble.ecart, docs[1].ensemble.mediane - docs[0].ensemble.mediane, "ensemble");
    assert.deepEqual(JSON.parse(JSON.stringify(out.campagnes)), JSON.parse(JSON.stringify(docs)));
  });
});

describe("anonymity", () => {
  it("returns counts only below the threshold", () => {
    const doc = syn.aggregateDocument(ref, groups[0].entries, { threshold: 15 });
    assert.deepEqual(Object.keys(doc), ["type", "format", "referentiel", "version", "campagne", "seuil", "n", "complets"]);
    assert.equal(doc.n, 14);
    assert.match(syn.aggregateCsv(ref, doc), /Statistiques non publiées : moins de 15 entreprises/);
    assert.ok(syn.aggregateDocument(ref, groups[1].entries, { threshold: 15 }).themes);
    assert.ok(syn.aggregateDocument(ref, groups[0].entries.slice(0, 5)).themes);
    assert.equal(syn.aggregateDocument(ref, groups[0].entries.slice(0, 4)).themes, undefined);
  });

  it("never goes below 5", () => {
    for (const t of [4, 0, 5.5, "5"]) assert.throws(() => syn.aggregateDocument(ref, groups[0].entries, { threshold: t }), RangeError);
  });

  it("withholds a theme counted for fewer companies than the threshold", () => {
    // Five companies abstain on the whole of theme 3: it counts for 9 of 14, under a threshold of 10.
    const theme = ref.themes[3];
    const entries = groups[0].entries.map((e, i) => {
      if (i >= 5) return e;
      const answers = { ...e.answers };
      for (const c of theme.criteria) answers[c.id] = ABSTAIN;
      return { ...e, answers, result: hydreos.score(answers) };
    });
    const doc = syn.aggregateDocument(ref, entries, { threshold: 10 });
    assert.deepEqual(doc.themes[3], { id: theme.id, n: 9 });
    assert.equal(doc.themes[0].n, 14);
    assert.ok(doc.criteres_faibles.every((c) => c.theme !== theme.id));
  });

  it("keeps names, dates and answers out of every output", () => {
    const outputs = [...docs.map((d) => JSON.stringify(d)), ...docs.map((d) => syn.aggregateCsv(ref, d)),
      JSON.stringify(syn.synthesise(files, ref, hydreos.score).campagnes)];
    for (const out of outputs) {
      for (const bad of ["Dupont", "Société", "SARL", "T09:", "2026-03-0", YES, NO, ABSTAIN, "reponses", "999"]) {
        assert.ok(!out.includes(bad), `${bad} in ${out.slice(0, 200)}`);
      }
    }
  });
});

describe("the aggregate's exports and checks", () => {
  it("exports CSV for a French spreadsheet", () => {
    const csv = syn.aggregateCsv(ref, docs[1]);
    assert.ok(csv.startsWith("\ufeffSynthèse d'auto-diagnostics;"));
    const lines = csv.slice(1).split("\r\n");
    assert.ok(lines.includes("Entreprises;16"));
    const ensemble = lines.find((l) => l.startsWith("Ensemble;")).split(";");
    assert.equal(ensemble[4], fr.fmt(docs[1].ensemble.mediane, 2).replace(/\s/g, ""));
    assert.ok(lines.includes("Niveau;Entreprises"));
    assert.equal(lines.filter((l) => l.startsWith('"') || /;Gouvernance|;Dimension/.test(l)).length >= 5, true);
  });

  it("reads back its own JSON, consistent by construction", () => {
    for (const doc of docs) {
      assert.deepEqual(syn.aggregateProblems(doc, ref), []);
      assert.deepEqual(syn.parseAggregate(ref, JSON.stringify(doc)), doc);
    }
  });

  it("refuses an aggregate that is inconsistent or of another version, naming the place", () => {
    const bad = (change) => { const d = structuredClone(docs[1]); change(d); return d; };
    const cases = [
      [(d) => { d.themes[1].q1 = d.themes[1].mediane + 1; }, ["themes", 1, "mediane"]],
      [(d) => { d.ensemble.max = 101; }, ["ensemble", "max"]],
      [(d) => { d.n = 4; d.complets = 4; }, ["n"]],
      [(d) => { d.niveaux[0].n += 1; }, ["niveaux"]],
      [(d) => { d.version = "0.9"; }, ["version"]],
      [(d) => { d.campagne.fin = "2026-12-30"; }, ["campagne", "fin"]],
      [(d) => { d.criteres_faibles[0].part = d.criteres_faibles[1].part + 1; }, ["criteres_faibles", 1, "part"]],
      [(d) => { d.themes.pop(); }, ["themes"]],
    ];
    for (const [change, where] of cases) {
      const problems = syn.aggregateProblems(bad(change), ref);
      assert.ok(problems.some(([p]) => JSON.stringify(p) === JSON.stringify(where)), `${where}: ${JSON.stringify(problems)}`);
    }
    assert.throws(() => syn.parseAggregate(ref, JSON.stringify(bad((d) => { d.version = "0.9"; }))),
      (e) => e instanceof core.UserError && /version « 0\.9 » du référentiel « hydreos », qui est en version 1\.0/.test(e.message));
    assert.throws(() => syn.parseAggregate(ref, "{pas du json"), core.UserError);
    assert.throws(() => syn.parseAggregate(ref, JSON.stringify(syn.aggregateDocument(ref, groups[0].entries.slice(0, 4)))),
      /au moins 5 entreprises/);
  });

  it("compares only aggregates of the same referential and version", () => {
    assert.throws(() => syn.compareCampaigns(docs[0], { ...docs[1], version: "2.0" }), /version 1\.0, l'autre sur « hydreos » version 2\.0/);
  });
});

describe("quantiles", () => {
  it("interpolate linearly (type 7)", () => {
    const s = syn.summary([4, 1, 3, 2]);
    assert.deepEqual([s.min, s.q1, s.mediane, s.q3, s.max, s.moyenne], [1, 1.75, 2.5, 3.25, 4, 2.5]);
    assert.deepEqual(syn.summary([7]), { n: 1, min: 7, q1: 7, mediane: 7, q3: 7, max: 7, moyenne: 7 });
    for (let n = 2; n < 40; n++) {
      const values = Array.from({ length: n }, () => random(1000) / 7);
      const [q1, med, q3] = quartiles(values);
      const s = syn.summary(values);
      close(s.q1, q1, `q1 n=${n}`); close(s.mediane, med, `med n=${n}`); close(s.q3, q3, `q3 n=${n}`);
    }
  });
});
