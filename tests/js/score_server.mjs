// Scores JSON lines from stdin with the browser's engine, for the Python
// agreement tests: one long-lived process answers many queries.
//   {"ref": "enr", "answers": {...}}     -> the built module assets/referentiels/enr.js
//   {"data": {...}, "answers": {...}}    -> scoreWith(data, answers) of assets/javascripts/scoring.js
//   {"dump": "enr"}                      -> the module's `referential`
//   {"synthesis": "enr", "files": [...], "options": {...}} -> synthesise(files, referential, score, options)
//   {"problems": "enr" or null, "document": {...}}         -> aggregateProblems(document, referential)
//     (both of assets/javascripts/synthesis-core.js)
// Each answer is one line: {"ok": result} or {"error": message, "kind": class name}.
import path from "node:path";
import { createInterface } from "node:readline";
import { pathToFileURL } from "node:url";

const site = process.argv[2];
if (!site) throw new Error("usage: node score_server.mjs SITE_DIR");
const url = (rel) => pathToFileURL(path.join(site, rel)).href;
const { scoreWith } = await import(url("assets/javascripts/scoring.js"));
const modules = new Map();
const synthesis = () => import(url("assets/javascripts/synthesis-core.js"));

async function synthesised(q) {
  const m = await referential(q.synthesis);
  return (await synthesis()).synthesise(q.files, m.referential, m.score, q.options);
}

async function referential(id) {
  if (!modules.has(id)) modules.set(id, await import(url(`assets/referentiels/${id}.js`)));
  return modules.get(id);
}

for await (const line of createInterface({ input: process.stdin })) {
  let out;
  try {
    const q = JSON.parse(line);
    if (q.dump) out = { ok: (await referential(q.dump)).referential };
    else if (q.ref) out = { ok: (await referential(q.ref)).score(q.answers) };
    else if (q.synthesis) out = { ok: await synthesised(q) };
    else if ("problems" in q) out = { ok: (await synthesis()).aggregateProblems(q.document, q.problems && (await referential(q.problems)).referential) };
    else out = { ok: scoreWith(q.data, q.answers) };
  } catch (err) {
    out = { error: String(err && err.message), kind: err && err.constructor && err.constructor.name };
  }
  process.stdout.write(JSON.stringify(out) + "\n");
}
