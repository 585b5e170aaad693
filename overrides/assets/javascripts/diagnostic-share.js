// Share links: the answers travel in the fragment (`#r=…`), which the
// browser never sends to the server. A link's answers are shown without
// being saved; they replace this device's saved answers only once the
// reader changes one.

import { UserError, answeredText, decodeShare, encodeShare } from "./diagnostic-core.js";
import { h } from "./dom.js";
import { notice } from "./notice.js";

/** @typedef {import("./diagnostic-form.js").Diagnostic} Diagnostic */

/** The fragment leaves the address bar (a reload then shows the saved answers). */
function dropFragment() {
  if (!location.hash) return;
  try {
    history.replaceState(history.state, "", location.pathname + location.search);
  } catch { /* a sandboxed page may refuse: harmless */ }
}

/** This page's address with the answers in the fragment. */
export function shareUrl(ref, answers) {
  return `${location.origin}${location.pathname}${location.search}#r=${encodeShare(ref, answers)}`;
}

/**
 * Show a share link's answers. The fragment stays while they are shown, so
 * a reload shows the same thing.
 * @param {Diagnostic} d
 * @param {string} param the link's `r` parameter
 * @param {Record<string, string>|null} saved this device's answers, if any
 */
export function applyShared(d, param, saved) {
  d.sharedParam = param;
  d.el.notices?.querySelector("[data-rse-shared-notice]")?.remove();
  let answers;
  try {
    answers = decodeShare(d.ref, param);
  } catch (err) {
    if (!(err instanceof UserError)) throw err;
    d.addNotice("shared-error", "warn", err.message);
    dropFragment();
    return;
  }
  d.answers = answers;
  d.persist = false;
  const extra = [];
  if (saved && Object.keys(saved).length) {
    const back = h("button", { type: "button", class: "md-button" }, "Revenir à mes réponses enregistrées");
    back.addEventListener("click", () => {
      d.replaceAnswers(d.store.read(true) ?? {}, "Vos réponses enregistrées sont de nouveau affichées.", { save: false });
    });
    extra.push(back);
  }
  const box = notice("info", `Les réponses affichées viennent d'un lien de partage (${answeredText(Object.keys(answers).length)}). Elles ne remplacent vos réponses enregistrées sur cet appareil que si vous modifiez une réponse.`, ...extra);
  box.setAttribute("data-rse-shared-notice", "");
  d.el.notices?.append(box);
}

/**
 * Back to saving: the displayed answers become this device's own.
 * @param {Diagnostic} d
 */
export function leaveShared(d) {
  d.persist = true;
  d.el.notices?.querySelector("[data-rse-shared-notice]")?.remove();
  dropFragment();
}
