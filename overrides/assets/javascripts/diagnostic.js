// The self-diagnostic page: scores the native radio form in the browser,
// saves answers on this device, exports, compares and shares them. Nothing
// leaves the browser: after the referential's module is loaded, the page
// makes no request. app.js calls init(document) on every page change of
// Material's instant navigation; lifecycle.js ties the page's listeners to
// its form, and lets them go when the form leaves the document.

import { Diagnostic } from "./diagnostic-form.js";
import { mount } from "./lifecycle.js";
import { notice } from "./notice.js";
// The modules the ones above import, named here too so that the browser
// fetches the whole page's code in one round trip rather than one per level.
import "./diagnostic-actions.js";
import "./diagnostic-core.js";
import "./diagnostic-results.js";
import "./diagnostic-share.js";
import "./diagnostic-storage.js";
import "./dom.js";
import "./fr.js";
import "./radar.js";
import "./scoring.js";

/** @type {Map<string, Promise<any>>} one import per referential module, whatever the navigation */
const modules = new Map();

/** Start the page's diagnostic; a no-op when it is already running. */
export function init(root = document) {
  return mount(root, "form[data-rse-diagnostic]", start);
}

/**
 * @param {HTMLFormElement} form
 * @param {import("./lifecycle.js").Life} life
 */
async function start(form, life) {
  const url = new URL(form.dataset.rseModule || "", document.baseURI).href;
  if (!modules.has(url)) modules.set(url, import(url));
  // Published benchmarks are drawn by their own module, fetched with the
  // referential's and only on pages that have one: the others do not pay for it.
  const benchmark = form.ownerDocument.querySelector("script[data-rse-benchmarks]")
    ? import("./diagnostic-benchmark.js").catch((err) => { console.error("[rse] diagnostic-benchmark:", err); return null; })
    : null;
  let mod;
  try {
    mod = await modules.get(url);
  } catch (err) {
    modules.delete(url);
    console.error("[rse] diagnostic:", err);
    const box = document.querySelector("[data-rse-notices]");
    if (box && form.isConnected) {
      box.append(notice("error", "Le calcul du score n'a pas pu être chargé. La grille reste utilisable sur papier : imprimez-la et cochez vos réponses."));
    }
    return;
  }
  const extra = benchmark && await benchmark;
  if (life.signal.aborted || !form.isConnected) return;
  const diagnostic = new Diagnostic(form, mod.referential, mod.score, life);
  if (extra) diagnostic.views.push(extra.renderBenchmark);
  diagnostic.start();
}
