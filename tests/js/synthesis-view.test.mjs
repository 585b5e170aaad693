// The synthesis page's pure helpers beside synthesis-core's statistics: the
// box plot's SVG (boxplot.js) and the action plan as Markdown.
import assert from "node:assert/strict";
import path from "node:path";
import { describe, it } from "node:test";
import { pathToFileURL } from "node:url";

const site = process.env.RSE_SITE_DIR;
if (!site) throw new Error("RSE_SITE_DIR : chemin du site construit (python -m generator build --site-dir …)");
const load = (rel) => import(pathToFileURL(path.join(site, rel)).href);

const { boxplotSvg } = await load("assets/javascripts/boxplot.js");
const syn = await load("assets/javascripts/synthesis-core.js");
const hydreos = await load("assets/referentiels/hydreos.js");
const ref = { ...hydreos.referential, fiches: ["hydreos"] };

const stats = { min: 10, q1: 25, mediane: 40, q3: 60, max: 90 };
const xs = (svg, cls) => [...svg.matchAll(new RegExp(`<(?:line|rect) class="${cls}" x1?="([\\d.]+)"(?: y1="[\\d.]+" x2="([\\d.]+)")?`, "g"))]
  .map((m) => [Number(m[1]), m[2] === undefined ? undefined : Number(m[2])]);

describe("box plot", () => {
  it("draws the five numbers in order on the 0-100 scale", () => {
    const svg = boxplotSvg({ title: "t", rows: [{ label: "A", stats, note: "médiane 40\u00a0%" }] });
    const [[lowFrom, lowTo], [highFrom, highTo]] = xs(svg, "rse-box__whisker");
    const [[box]] = xs(svg, "rse-box__box");
    const width = Number(/class="rse-box__box" x="[\d.]+" y="[\d.]+" width="([\d.]+)"/.exec(svg)[1]);
    const [[median]] = xs(svg, "rse-box__median");
    // x = 12 + 690 * v / 100 on the wide chart
    const x = (v) => Math.round((12 + 6.9 * v) * 10) / 10;
    assert.deepEqual([lowFrom, lowTo, box, median, highFrom, highTo], [x(10), x(25), x(25), x(40), x(60), x(90)]);
    assert.equal(Math.round((box + width) * 10) / 10, x(60));
  });

  it("escapes labels, keeps a no-break space, and draws nothing for a row without statistics", () => {
    const svg = boxplotSvg({ title: "<b>", compact: true, rows: [
      { label: "1. <script>&", stats: null, note: "non affiché (3 entreprises, seuil 5)" },
      { label: "2. Une dimension environnementale très longue", stats, note: "médiane 37,5\u00a0%" }] });
    assert.ok(svg.includes("<title id=\"rse-box-title\">&lt;b&gt;</title>") && svg.includes("1. &lt;script&gt;&amp;"));
    assert.ok(!svg.includes("<script"));
    assert.equal((svg.match(/class="rse-box__box"/g) || []).length, 1);
    assert.ok(svg.includes("37,5\u00a0%"), "the value and its sign stay on one line");
  });
});

describe("action plan as Markdown", () => {
  const exp = (k, answers) => ({ name: `e${k}.json`, text: JSON.stringify({ referentiel: ref.id, version: ref.version,
    date: `2026-03-0${k + 1}T10:00:00.000Z`, reponses: answers }) });
  const all = (value) => Object.fromEntries(ref.themes.flatMap((t) => t.criteria.map((c) => [c.id, value])));
  const weakest = ref.themes[2].criteria[1];
  const files = [0, 1, 2, 3, 4].map((k) => exp(k, { ...all("tout-a-fait-d-accord"), [weakest.id]: "pas-du-tout-d-accord" }));
  const { accepted } = syn.readExports(files, ref, hydreos.score);
  const doc = syn.aggregateDocument(ref, accepted);

  it("lists the weakest criteria first, with advice and absolute fiche links", () => {
    const md = syn.actionPlanMarkdown(ref, doc, { hydreos: { title: "Hydreos [fiche]", url: "https://example.org/fiches/hydreos/" } });
    const headings = md.split("\n").filter((l) => l.startsWith("## "));
    assert.equal(headings.length, doc.criteres_faibles.length);
    assert.ok(headings[0].startsWith("## 1. ") && headings[0].includes(weakest.text.slice(0, 20)));
    assert.ok(md.includes("0\u00a0% (5 entreprises, 0 sans réponse)"));
    assert.ok(md.includes(`- Conseil : ${weakest.advice}`));
    assert.ok(md.includes("[Hydreos \\[fiche\\]](<https://example.org/fiches/hydreos/>)"));
    assert.ok(!md.includes("e0.json") && !md.includes("2026-03-01T"));
  });

  it("says why there is no plan below the threshold", () => {
    const few = syn.aggregateDocument(ref, accepted.slice(0, 4));
    assert.ok(syn.actionPlanMarkdown(ref, few).includes("il faut au moins 5 entreprises par critère"));
  });
});
