// Self-diagnostic budgets: re-scoring after one answer on a synthetic
// 250-criterion referential (median must stay well under 2 ms), and the
// gzipped weight of the page's own code (budget: 30 KB).
//   node benchmarks/scoring_bench.mjs [--runs N]
// Exit status 1 when a budget is exceeded.
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { gzipSync } from "node:zlib";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const js = (name) => path.join(root, "overrides", "assets", "javascripts", name);
const { scoreWith } = await import(pathToFileURL(js("scoring.js")).href);
const { improvementPlan } = await import(pathToFileURL(js("diagnostic-core.js")).href);

const runsArg = process.argv.indexOf("--runs");
const RUNS = runsArg > 0 ? Number(process.argv[runsArg + 1]) : 5000;
const SCORE_BUDGET_MS = 2;
const SIZE_BUDGET = 30 * 1024;

// Deterministic pseudo-random numbers: the same synthetic grid every time.
let seed = 42;
const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);

const scale = [0, 1, 2, 3, 4, 5].map((p) => ({ value: String(p), label: `niveau ${p}`, points: p }))
  .concat([{ value: "na", label: "Non applicable", points: null }]);
const ref = {
  id: "synthetique", title: "Référentiel synthétique", version: "1",
  themes: Array.from({ length: 5 }, (_, t) => ({
    id: `theme-${t}`, title: `Thème ${t}`, weight: 10 + 10 * t,
    criteria: Array.from({ length: 50 }, (_, c) => ({
      id: `t${t}-c${c}`, text: `Critère ${c}`, advice: "Conseil", fiches: [], options: scale,
    })),
  })),
  levels: [
    { id: "bronze", label: "Bronze", min: 40, on: "percent", strict: false },
    { id: "silver", label: "Silver", min: 60, on: "percent", strict: false },
    { id: "gold", label: "Gold", min: 80, on: "percent", strict: true },
  ],
};
const criteria = ref.themes.flatMap((t) => t.criteria);
const answers = Object.fromEntries(criteria.map((c) => [c.id, scale[Math.floor(random() * scale.length)].value]));

function measure(fn) {
  for (let i = 0; i < 200; i++) fn(); // warm the JIT up
  const times = [];
  for (let i = 0; i < RUNS; i++) {
    const c = criteria[Math.floor(random() * criteria.length)];
    answers[c.id] = scale[Math.floor(random() * scale.length)].value; // one answer changes, as on the page
    const t0 = performance.now();
    fn();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return { median: times[Math.floor(times.length / 2)], p95: times[Math.floor(times.length * 0.95)] };
}

const ms = (x) => `${x.toFixed(3)} ms`;
const scoring = measure(() => scoreWith(ref, answers));
const withPlan = measure(() => improvementPlan(ref, answers, scoreWith(ref, answers)));
console.log(`Re-scoring after one answer, ${criteria.length} criteria, ${RUNS} runs:`);
console.log(`  score            median ${ms(scoring.median)}  p95 ${ms(scoring.p95)}  (budget ${SCORE_BUDGET_MS} ms)`);
console.log(`  score + plan     median ${ms(withPlan.median)}  p95 ${ms(withPlan.p95)}`);

// The page's code is diagnostic.js and every module it imports, statically
// (the referential's own module is data, weighed by the build).
function closure(name, seen = new Set()) {
  if (seen.has(name)) return seen;
  seen.add(name);
  for (const [, dep] of readFileSync(js(name), "utf-8").matchAll(/^import[^;]*?from "\.\/([\w.-]+\.js)";/gms)) closure(dep, seen);
  return seen;
}
const files = [...closure("diagnostic.js")].map(js)
  .concat(path.join(root, "overrides", "assets", "stylesheets", "diagnostic.css"));
let total = 0;
console.log("Gzipped size (level 9):");
for (const f of files) {
  const raw = readFileSync(f);
  const gz = gzipSync(raw, { level: 9 }).length;
  total += gz;
  console.log(`  ${path.relative(root, f).padEnd(48)} ${String(raw.length).padStart(6)} B -> ${String(gz).padStart(5)} B`);
}
console.log(`  ${"total".padEnd(48)} ${" ".repeat(6)}      ${(total / 1024).toFixed(1)} KB (budget ${SIZE_BUDGET / 1024} KB)`);

let failed = false;
if (scoring.median >= SCORE_BUDGET_MS) { console.error(`Re-scoring is over budget: ${ms(scoring.median)}`); failed = true; }
if (total > SIZE_BUDGET) { console.error(`The diagnostic's code is over budget: ${total} B`); failed = true; }
process.exit(failed ? 1 : 0);
