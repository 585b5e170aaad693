// The synthesis page (issue 14): a cluster's facilitator drops its members'
// diagnostic exports and sees the collective's anonymous aggregate. Files are
// read in the browser; after the referential's module is loaded, the page
// makes no request. app.js calls init(document) on every page of Material's
// instant navigation; lifecycle.js ties the listeners to the page's element.

import { mount } from "./lifecycle.js";
import { notice } from "./notice.js";
import { SynthesisPage } from "./synthesis-page.js";
// The modules the ones above import, named here too so that the browser
// fetches the page's code in one round trip rather than one per level.
import "./boxplot.js";
import "./diagnostic-actions.js";
import "./diagnostic-core.js";
import "./dom.js";
import "./fr.js";
import "./radar.js";
import "./scoring.js";
import "./synthesis-aggregate.js";
import "./synthesis-campaigns.js";
import "./synthesis-core.js";
import "./synthesis-problems.js";
import "./synthesis-read.js";
import "./synthesis-stats.js";
import "./synthesis-view.js";

/** Start the page's synthesis; a no-op when it is already running. */
export function init(root = document) {
  return mount(root, "[data-rse-synthesis]", start);
}

/**
 * @param {HTMLElement} element
 * @param {import("./lifecycle.js").Life} life
 */
async function start(element, life) {
  let mod;
  try {
    // The browser keeps one instance of a module per URL: a page seen again imports nothing.
    mod = await import(new URL(element.dataset.rseModule || "", document.baseURI).href);
  } catch (err) {
    console.error("[rse] synthèse :", err);
    if (element.isConnected) {
      element.prepend(notice("error", "Le calcul de la synthèse n'a pas pu être chargé : rechargez la page."));
    }
    return;
  }
  if (!life.alive()) return;
  new SynthesisPage(element, mod.referential, mod.score, life).start();
}
