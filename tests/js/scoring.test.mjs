// The browser's scoring engine, as built: assets/javascripts/scoring.js and
// the referential modules that re-export it. RSE_SITE_DIR is the built site
// (tests/test_engines_agree.py sets it).
import assert from "node:assert/strict";
import path from "node:path";
import { describe, it } from "node:test";
import { pathToFileURL } from "node:url";

const site = process.env.RSE_SITE_DIR;
if (!site) throw new Error("RSE_SITE_DIR : chemin du site construit (python -m generator build --site-dir …)");
const load = (rel) => import(pathToFileURL(path.join(site, rel)).href);

const { AnswerError, maxPoints, normaliseAnswers, scoreWith } = await load("assets/javascripts/scoring.js");
const IDS = ["6pl", "afaq-26000", "cluster-bio", "ecoride", "enr", "hydreos"];
const modules = Object.fromEntries(await Promise.all(IDS.map(async (id) => [id, await load(`assets/referentiels/${id}.js`)])));

const criteriaOf = (ref) => ref.themes.flatMap((t) => t.criteria);
const best = (ref) => Object.fromEntries(criteriaOf(ref).map((c) => [c.id,
  c.options.filter((o) => o.points !== null).reduce((a, b) => (b.points > a.points ? b : a)).value]));
const opt = (value, points) => ({ value, label: value, points });
const crit = (id, ...points) => ({ id, options: points.map((p, i) => opt(String(i), p)) });
const ref = (themes, levels = []) => ({ id: "essai", themes, levels });

describe("referential modules", () => {
  for (const id of IDS) {
    it(`${id}: exports frozen data and score()`, () => {
      const m = modules[id];
      assert.equal(m.referential.id, id);
      assert.ok(Object.isFrozen(m.referential));
      assert.equal(typeof m.score, "function");
      for (const c of criteriaOf(m.referential)) {
        assert.equal(typeof c.advice, "string");
        assert.ok(Array.isArray(c.fiches));
      }
    });

    it(`${id}: nothing answered`, () => {
      const m = modules[id];
      const r = m.score({});
      const max = criteriaOf(m.referential).reduce((s, c) => s + maxPoints(c), 0);
      assert.deepEqual([r.score, r.max, r.percent, r.answered, r.complete], [0, max, 0, 0, false]);
      assert.equal(r.total, criteriaOf(m.referential).length);
      assert.equal(r.themes.length, m.referential.themes.length);
    });

    it(`${id}: every point earned reaches the highest level`, () => {
      const m = modules[id];
      const r = m.score(best(m.referential));
      assert.equal(r.percent, 100);
      assert.equal(r.complete, true);
      const top = m.referential.levels.at(-1);
      assert.deepEqual(r.level, { id: top.id, label: top.label });
    });
  }

  it("6pl is out of 250 points", () => assert.equal(modules["6pl"].score({}).max, 250));

  it("enr: labellisé strictly above 120 points", () => {
    const crits = criteriaOf(modules.enr.referential);
    const twelve = Object.fromEntries(crits.slice(0, 12).map((c) => [c.id, c.options.find((o) => o.points === 10).value]));
    assert.equal(modules.enr.score(twelve).score, 120);
    assert.equal(modules.enr.score(twelve).level, null);
    const more = { ...twelve, [crits[12].id]: crits[12].options.find((o) => o.points === 3).value };
    assert.deepEqual(modules.enr.score(more).level, { id: "labellise", label: "Labellisé" });
  });

  it("ecoride: weights 50/40/10, renormalised without an abstaining theme", () => {
    const [me, eco, eng] = modules.ecoride.referential.themes;
    const all = (t, v) => Object.fromEntries(t.criteria.map((c) => [c.id, v]));
    assert.equal(modules.ecoride.score({ ...all(me, "3"), ...all(eco, "0"), ...all(eng, "0") }).percent, 50);
    const r = modules.ecoride.score({ ...all(me, "3"), ...all(eco, "0"), ...all(eng, "na") });
    assert.equal(r.themes[2].max, 0);
    assert.ok(Math.abs(r.percent - (100 * 50) / 90) < 1e-9);
  });

  it("hydreos: « ne se prononce pas » everywhere leaves nothing to count", () => {
    const r = modules.hydreos.score(Object.fromEntries(criteriaOf(modules.hydreos.referential).map((c) => [c.id, "ne-se-prononce-pas"])));
    assert.deepEqual([r.score, r.max, r.percent, r.complete], [0, 0, 0, true]);
  });

  it("accepts integers for numeric option values", () => {
    assert.deepEqual(modules.ecoride.score({ "me-01": 3 }), modules.ecoride.score({ "me-01": "3" }));
  });
});

describe("scoreWith rules", () => {
  const R = ref([{ id: "a", weight: null, criteria: [crit("a1", 0, 1, 3), crit("a2", 0, 2)] },
    { id: "b", weight: null, criteria: [crit("b1", 0, 4, null)] }]);

  it("unanswered: 0 points, counted in the maximum", () => {
    const r = scoreWith(R, { a1: null });
    assert.deepEqual([r.score, r.max, r.answered], [0, 9, 0]);
  });

  it("abstention: answered, removed from the maximum", () => {
    const r = scoreWith(R, { a1: "2", b1: "2" });
    assert.deepEqual([r.score, r.max, r.answered, r.themes[1].max, r.themes[1].percent], [3, 5, 2, 0, 0]);
  });

  it("percent is 0 when the maximum is 0", () => {
    const r = scoreWith(ref([{ id: "a", weight: null, criteria: [crit("a1", null)] }]), { a1: "0" });
    assert.deepEqual([r.max, r.percent], [0, 0]);
    assert.equal(scoreWith(ref([]), {}).percent, 0);
  });

  it("weighted percent skips themes whose maximum is 0", () => {
    const W = ref([{ id: "a", weight: 50, criteria: [crit("a1", 0, 10)] },
      { id: "b", weight: 30, criteria: [crit("b1", 0, 10, null)] },
      { id: "c", weight: 20, criteria: [crit("c1", 0, 5, 10)] }]);
    assert.equal(scoreWith(W, { a1: "1", b1: "0", c1: "1" }).percent, (50 * 100 + 20 * 50) / 100);
    assert.ok(Math.abs(scoreWith(W, { a1: "1", b1: "2", c1: "1" }).percent - (50 * 100 + 20 * 50) / 70) < 1e-9);
  });

  const TEN = [{ id: "a", weight: null, criteria: Array.from({ length: 10 }, (_, i) => crit(`c${i}`, 0, 1)) }];
  const scoring = (n) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`c${i}`, "1"]));

  it("inclusive and strict thresholds on score and percent", () => {
    const lv = (on, min, strict) => ref(TEN, [{ id: "ok", label: "Ok", min, on, strict }]);
    assert.equal(scoreWith(lv("score", 5, false), scoring(5)).level?.id, "ok");
    assert.equal(scoreWith(lv("score", 5, false), scoring(4)).level, null);
    assert.equal(scoreWith(lv("score", 5, true), scoring(5)).level, null);
    assert.equal(scoreWith(lv("score", 5, true), scoring(6)).level?.id, "ok");
    assert.equal(scoreWith(lv("percent", 50, false), scoring(5)).level?.id, "ok");
    assert.equal(scoreWith(lv("percent", 50, true), scoring(5)).level, null);
  });

  it("the highest level reached wins", () => {
    const R3 = ref(TEN, [{ id: "bronze", label: "Bronze", min: 2, on: "score", strict: false },
      { id: "silver", label: "Silver", min: 5, on: "score", strict: false },
      { id: "gold", label: "Gold", min: 8, on: "score", strict: false }]);
    assert.deepEqual([1, 2, 7, 10].map((n) => scoreWith(R3, scoring(n)).level?.id ?? null), [null, "bronze", "silver", "gold"]);
  });

  it("rejects unknown criteria, invalid values, booleans and non-objects", () => {
    assert.throws(() => scoreWith(R, { zz: "1" }), (e) => e instanceof AnswerError && /critère inconnu 'zz'/.test(e.message));
    assert.throws(() => scoreWith(R, { a1: "9" }), AnswerError);
    assert.throws(() => scoreWith(R, { a1: true }), AnswerError);
    assert.throws(() => scoreWith(R, { a1: 1.5 }), AnswerError);
    assert.throws(() => scoreWith(R, { a1: ["1"] }), AnswerError);
    for (const bad of [null, [], "a1", 3]) assert.throws(() => scoreWith(R, bad), AnswerError);
  });

  it("normaliseAnswers maps to option values", () => {
    assert.deepEqual([...normaliseAnswers(R, { a1: 2, a2: null, b1: "2" })], [["a1", "2"], ["b1", "2"]]);
  });
});
