// The DOM-free parts of the diagnostic page, as built: level gaps, the
// improvement plan, share links, exports, saved and imported answers, radar.
import assert from "node:assert/strict";
import path from "node:path";
import { describe, it } from "node:test";
import { pathToFileURL } from "node:url";

const site = process.env.RSE_SITE_DIR;
if (!site) throw new Error("RSE_SITE_DIR : chemin du site construit (python -m generator build --site-dir …)");
const load = (rel) => import(pathToFileURL(path.join(site, rel)).href);

const core = await load("assets/javascripts/diagnostic-core.js");
const fr = await load("assets/javascripts/fr.js");
const { radarSvg, barsSvg, wrap } = await load("assets/javascripts/radar.js");
const { clipped, scoreWith } = await load("assets/javascripts/scoring.js");
const IDS = ["6pl", "afaq-26000", "cluster-bio", "ecoride", "enr", "hydreos"];
const modules = Object.fromEntries(await Promise.all(IDS.map(async (id) => [id, await load(`assets/referentiels/${id}.js`)])));

const NBSP = "\u00a0";
const criteriaOf = (ref) => ref.themes.flatMap((t) => t.criteria);
const lv = (id, min, on = "score", strict = false) => ({ id, label: id[0].toUpperCase() + id.slice(1), min, on, strict });
const result = (score, percent) => ({ score, percent });

describe("level gaps", () => {
  const levels = [lv("bronze", 40), lv("silver", 60), lv("gold", 80)];

  it("points to the next level, in points", () => {
    const p = core.levelProgress({ levels }, result(53, 0));
    assert.equal(p.reached.id, "bronze");
    assert.equal(p.next.id, "silver");
    assert.equal(core.gapSentence(p), "Il vous manque 7 points pour atteindre Silver.");
  });

  it("in percentage points when the level is on the percent", () => {
    const pct = levels.map((l) => ({ ...l, on: "percent" }));
    assert.equal(core.gapSentence(core.levelProgress({ levels: pct }, result(0, 55.5))),
      "Il vous manque 4,5 points de pourcentage pour atteindre Silver.");
    // Rounded up: 4,41 points are not enough to be told "4,4".
    assert.equal(core.gapSentence(core.levelProgress({ levels: pct }, result(0, 55.59))),
      "Il vous manque 4,5 points de pourcentage pour atteindre Silver.");
  });

  it("singular below 2, « plus de » for a strict threshold", () => {
    assert.equal(core.gapSentence(core.levelProgress({ levels }, result(39, 0))), "Il vous manque 1 point pour atteindre Bronze.");
    const strict = [lv("labellise", 120, "score", true)];
    assert.equal(core.gapSentence(core.levelProgress({ levels: strict }, result(113, 0))),
      "Il vous manque plus de 7 points pour atteindre Labellise.");
    assert.match(core.gapSentence(core.levelProgress({ levels: strict }, result(120, 0))), /exactement au seuil de Labellise/);
    assert.equal(core.levelProgress({ levels: strict }, result(120.5, 0)).reached.id, "labellise");
  });

  it("says when the highest level is reached, nothing without levels", () => {
    assert.equal(core.gapSentence(core.levelProgress({ levels }, result(95, 0))), "Vous avez atteint le niveau le plus élevé : Gold.");
    assert.equal(core.gapSentence(core.levelProgress({ levels: [] }, result(95, 0))), "");
  });

  it("agrees with the engine on the level reached", () => {
    for (const id of IDS) {
      const m = modules[id];
      for (const answers of [{}, Object.fromEntries(m.referential.themes[0].criteria.map((c) => [c.id, c.options[0].value]))]) {
        const r = m.score(answers);
        assert.equal(core.levelProgress(m.referential, r).reached?.id ?? null, r.level?.id ?? null, id);
      }
    }
  });

  it("states thresholds as the page does", () => {
    assert.equal(core.thresholdText(lv("a", 120, "score", true)), "> 120 points");
    assert.equal(core.thresholdText(lv("a", 60, "percent")), `≥ 60${NBSP}%`);
  });
});

describe("improvement plan", () => {
  const c = (id, ...points) => ({ id, text: id, advice: "", fiches: [], options: points.map((p, i) => ({ value: String(i), label: `o${i}`, points: p })) });
  const ref = { id: "essai", levels: [], themes: [
    { id: "a", weight: null, criteria: [c("full", 0, 2), c("half", 0, 1, 2), c("zero", 0, 4), c("na", 0, 2, null)] },
    { id: "b", weight: null, criteria: [c("unanswered", 0, 2), c("nothing", 0, null), c("quarter", 0, 1, 4)] },
  ] };

  it("weakest first, unanswered flagged, nothing to gain left out", () => {
    const answers = { full: "1", half: "1", zero: "0", na: "2", quarter: "1" };
    const plan = core.improvementPlan(ref, answers, scoreWith(ref, answers));
    assert.deepEqual(plan.map((i) => i.criterion.id), ["zero", "unanswered", "quarter", "half"]);
    assert.deepEqual(plan.map((i) => i.unanswered), [false, true, false, false]);
    assert.deepEqual(plan.map((i) => i.missing), [4, 2, 3, 1]);
    const total = scoreWith(ref, answers).max;
    assert.equal(plan[0].gainPercent, (100 * 4) / total);
  });

  it("weighs the gain by the theme's weight", () => {
    const w = { ...ref, themes: [{ ...ref.themes[0], weight: 1 }, { ...ref.themes[1], weight: 3 }] };
    const answers = { zero: "0", unanswered: "0" };
    const plan = core.improvementPlan(w, answers, scoreWith(w, answers));
    const un = plan.find((i) => i.criterion.id === "unanswered");
    // Theme b holds 3/4 of the weight and 6 points: 2 missing points are 0.75 * 100 * 2 / 6.
    assert.ok(Math.abs(un.gainPercent - 25) < 1e-9);
  });
});

describe("share links", () => {
  it("round-trip every referential", () => {
    for (const id of IDS) {
      const ref = modules[id].referential;
      const answers = {};
      criteriaOf(ref).forEach((c, i) => { if (i % 3) answers[c.id] = c.options[i % c.options.length].value; });
      const code = core.encodeShare(ref, answers);
      assert.match(code, /^[0-9a-z-]*~/);
      assert.deepEqual(core.decodeShare(ref, code), core.orderedAnswers(ref, answers));
      assert.equal(core.shareParam(`#r=${code}`), code);
    }
  });

  it("is compact: one character per criterion, trailing blanks dropped", () => {
    const ref = modules["6pl"].referential;
    const first = criteriaOf(ref)[0];
    assert.equal(core.encodeShare(ref, { [first.id]: first.options[2].value }), "2~2014");
    assert.equal(core.encodeShare(ref, {}), "~2014");
  });

  it("refuses another version, a damaged code, unknown options", () => {
    const ref = modules.enr.referential;
    assert.throws(() => core.decodeShare(ref, "012~0.9"), (e) => e instanceof core.UserError && /version 0\.9/.test(e.message));
    assert.throws(() => core.decodeShare(ref, "n'importe quoi"), core.UserError);
    assert.throws(() => core.decodeShare(ref, "z~1.0"), core.UserError);
    assert.throws(() => core.decodeShare(ref, "0".repeat(21) + "~1.0"), core.UserError);
    assert.equal(core.shareParam("#critere-x"), null);
    assert.equal(core.shareParam(""), null);
  });
});

describe("exports, saves, imports", () => {
  const ref = modules.enr.referential;
  const answers = { "client-01": "satisfait", "prat-01": "justifiee" };

  it("exports the documented JSON, in grid order", () => {
    const doc = core.exportDocument(ref, answers, new Date("2026-11-26T10:00:00Z"));
    assert.deepEqual(Object.keys(doc), ["referentiel", "version", "date", "reponses"]);
    assert.equal(doc.date, "2026-11-26T10:00:00.000Z");
    assert.deepEqual(Object.keys(doc.reponses), ["prat-01", "client-01"]);
    assert.equal(core.storageKey(ref), "rse:diag:enr:1.0");
  });

  it("exports results as CSV for Excel", () => {
    const csv = core.resultsCsv(ref, scoreWith(ref, answers));
    assert.ok(csv.startsWith("\ufeffThème;Score;Maximum;Pourcentage;"));
    const lines = csv.slice(1).trimEnd().split("\r\n");
    assert.equal(lines.length, 1 + ref.themes.length + 1);
    assert.ok(lines.at(-1).startsWith("Total;17;200;8,5;2;20"), lines.at(-1));
    assert.ok(lines[1].startsWith('"Dossier de pratiques') || lines[1].startsWith("Dossier de pratiques"));
  });

  it("neutralises theme titles that a spreadsheet would run as formulas (OWASP)", () => {
    const titles = ["=HYPERLINK(\"https://attaquant.example\")", "+1", "-1", "@SUM(A1)", "\tx", "\rx", "Sûr"];
    const hostile = { ...ref, themes: titles.map((title, i) => ({ ...ref.themes[i % ref.themes.length], title })) };
    const cells = core.resultsCsv(hostile, scoreWith(hostile, {})).slice(1).split("\r\n").slice(1, 1 + titles.length)
      .map((line) => line.split(";")[0].replace(/^"|"$/g, "").replace(/""/g, '"'));
    assert.deepEqual(cells, [...titles.slice(0, -1).map((t) => `'${t}`), "Sûr"]);
  });

  it("reads back its own save; refuses a corrupted or foreign one", () => {
    const text = JSON.stringify(core.exportDocument(ref, answers));
    assert.deepEqual(core.parseSave(ref, text), answers);
    for (const bad of ["{pas du json", "[]", "{}", JSON.stringify({ ...JSON.parse(text), version: "0.9" }),
      JSON.stringify({ ...JSON.parse(text), reponses: { inconnu: "1" } })]) {
      assert.throws(() => core.parseSave(ref, bad), core.UserError, bad);
    }
  });

  it("imports a previous export, warning about another referential or version", () => {
    const text = JSON.stringify(core.exportDocument(ref, answers, new Date("2026-01-02T00:00:00Z")));
    const ok = core.parseImport(ref, text);
    assert.deepEqual([ok.answers, ok.warnings, ok.date.toISOString()], [answers, [], "2026-01-02T00:00:00.000Z"]);
    const other = core.parseImport(ref, JSON.stringify({ referentiel: "autre", version: "9", reponses: answers }));
    assert.equal(other.warnings.length, 2);
    assert.match(other.warnings[0], /autre référentiel/);
    assert.match(other.warnings[1], /version 9/);
    assert.equal(other.date, null);
  });

  it("rejects what cannot be compared, with a French message", () => {
    assert.throws(() => core.parseImport(ref, "{pas du json"), /pas un fichier JSON valide/);
    assert.throws(() => core.parseImport(ref, '{"referentiel": "enr"}'), /champ « reponses » est absent/);
    assert.throws(() => core.parseImport(ref, '{"reponses": {"inconnu": "1"}}'), /ne correspondent pas aux critères/);
    assert.throws(() => core.parseImport(ref, " ".repeat(1_000_001)), /trop volumineux/);
  });
});

describe("hostile imports (issue 9): a French notice, never an exception", () => {
  const ref = modules.enr.referential;
  const good = { "prat-01": "justifiee" };
  const nest = (n, open, close) => open.repeat(n) + close.repeat(n);
  const big = "x".repeat(500_000);
  // Each file is refused with a UserError, whatever its shape: the page shows
  // the message and changes nothing.
  const REFUSED = [
    ["toString instead of reponses (the issue's reproduction)", '{"referentiel": {"toString": 1}}'],
    ["an array", "[]"], ["null", "null"], ["a number", "42"], ["a string", '"reponses"'], ["true", "true"],
    ["an array 200,000 deep", nest(200_000, "[", "]")],
    ["objects 100,000 deep", nest(100_000, '{"a":', "}").replace(/}$/, "1}")],
    ["reponses is an array", '{"reponses": ["prat-01"]}'], ["reponses is null", '{"reponses": null}'],
    ["reponses is a string", '{"reponses": "prat-01=justifiee"}'],
    ["reponses nested deep", `{"reponses": ${nest(100_000, "[", "]")}}`],
    ["a __proto__ answer", '{"reponses": {"__proto__": "justifiee"}}'],
    ["a __proto__ answer holding an object", '{"reponses": {"__proto__": {"prat-01": "justifiee"}}}'],
    ["constructor and toString answers", '{"reponses": {"constructor": "a", "toString": "b"}}'],
    ["an answer that is an object", '{"reponses": {"prat-01": {"toString": 1}}}'],
    ["an answer that is an array", '{"reponses": {"prat-01": ["justifiee"]}}'],
    ["an answer that is true", '{"reponses": {"prat-01": true}}'],
    ["an answer that is a float", '{"reponses": {"prat-01": 1.5}}'],
    ["an answer that is a huge number", `{"reponses": {"prat-01": 1${"0".repeat(400)}}}`],
    ["a 500 KB unknown answer", `{"reponses": {"${big}": "a"}}`],
    ["a 500 KB value", `{"reponses": {"prat-01": "${big}"}}`],
    ["over 1 MB", `{"reponses": {}, "x": "${"x".repeat(1_000_001)}"}`],
    ["not JSON", "{pas du json"], ["empty", ""], ["a BOM alone", "\ufeff"],
  ];
  for (const [what, text] of REFUSED) {
    it(`refuses ${what}`, () => {
      let error = null;
      try { core.parseImport(ref, text); } catch (err) { error = err; }
      assert.ok(error instanceof core.UserError, `${what}: ${error && error.constructor.name}: ${error && error.message}`);
      assert.match(error.message, /^(Ce fichier|Les réponses de ce fichier) /);
      assert.ok(error.message.length < 300, `${what}: ${error.message.length} characters`);
    });
  }

  // Fields the comparison only mentions: any shape gives a bounded warning.
  const WARNED = [
    ["referentiel is {toString}", { referentiel: { toString: 1 }, version: "1.0" }, /autre référentiel \(« inconnu »\)/],
    ["version is {toString, valueOf}", { referentiel: "enr", version: { toString: 1, valueOf: 2 } }, /version inconnue/],
    ["referentiel is an array", { referentiel: ["enr"], version: "1.0" }, /« inconnu »/],
    ["version is a number", { referentiel: "enr", version: 2 }, /version 2 du/],
    ["referentiel is 500 KB", { referentiel: big, version: "1.0" }, /« x{79}… »/],
  ];
  for (const [what, fields, expected] of WARNED) {
    it(`imports with a warning when ${what}`, () => {
      const got = core.parseImport(ref, JSON.stringify({ ...fields, date: { toString: 1 }, reponses: good }));
      assert.deepEqual(got.answers, good);
      assert.equal(got.date, null);
      assert.equal(got.warnings.length, 1);
      assert.match(got.warnings[0], expected);
      assert.ok(got.warnings[0].length < 250);
    });
  }

  it("cuts keys and values in messages to 80 characters, never half an emoji", () => {
    assert.throws(() => core.parseImport(ref, `{"reponses": {"${big}": "a"}}`), (err) => err.message.includes(`'${"x".repeat(79)}…'`));
    assert.equal(clipped("😀".repeat(50)).length, 79);  // 39 emoji and the ellipsis
  });
});

describe("French formatting", () => {
  it("numbers, deltas", () => {
    assert.equal(fr.fmt(4.5), "4,5");
    assert.equal(fr.fmt(-0.001), "0");
    assert.equal(core.deltaText(12), "+12 points");
    assert.equal(core.deltaText(-3), "\u22123 points");
    assert.equal(core.deltaText(1), "+1 point");
    assert.equal(core.deltaText(0.0000001), "±0 point");
    assert.equal(fr.percentText(33.333), `33,3${NBSP}%`);
  });
});

describe("radar", () => {
  const axes = [{ label: "A <b>", percent: 50 }, { label: "B", percent: 100 }, { label: "C", percent: 0 }];

  it("is an image with a title, text escaped", () => {
    const svg = radarSvg({ title: "Profil & co", axes });
    assert.match(svg, /^<svg [^>]*role="img"[^>]*aria-labelledby="rse-radar-title"/);
    assert.match(svg, /<title id="rse-radar-title">Profil &amp; co<\/title>/);
    assert.ok(svg.includes("A &lt;b&gt;") && !svg.includes("<b>"));
    assert.equal((svg.match(/class="rse-radar__dot"/g) || []).length, 3);
  });

  it("draws the previous answers when comparing, nothing below three themes", () => {
    assert.match(radarSvg({ title: "t", axes, previous: [10, 20, 30] }), /rse-radar__previous/);
    assert.equal(radarSvg({ title: "t", axes: axes.slice(0, 2) }), "");
  });

  it("wraps long theme names on words instead of cutting them", () => {
    const name = "Responsabilité environnementale et sociétale de l'entreprise";
    const lines = wrap(name, 24);
    assert.equal(lines.join(" "), name);
    assert.ok(lines.length > 1 && lines.every((l) => l.length <= 24));
    const svg = radarSvg({ title: "t", axes: [{ label: name, percent: 40 }, ...axes.slice(1)] });
    assert.ok(!svg.includes("…"));
    assert.ok(svg.indexOf("rse-radar__current") < svg.indexOf("rse-radar__scale"), "scale over the polygon");
  });

  it("has a square phone variant with its own title id", () => {
    const svg = radarSvg({ title: "t", axes, id: "x", compact: true });
    assert.match(svg, /class="rse-radar rse-radar--compact"/);
    assert.match(svg, /viewBox="0 0 400 400"/);
    assert.match(svg, /<title id="x-title">/);
  });

  it("draws bars for one or two themes", () => {
    const svg = barsSvg({ title: "Deux", axes: axes.slice(0, 2), previous: [10, 20] });
    assert.match(svg, /^<svg [^>]*role="img"/);
    assert.equal((svg.match(/class="rse-radar__current"/g) || []).length, 2);
    assert.equal((svg.match(/class="rse-radar__previous"/g) || []).length, 2);
    assert.ok(svg.includes("A &lt;b&gt;") && svg.includes("50 %"));
  });
});
