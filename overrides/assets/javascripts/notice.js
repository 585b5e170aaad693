// Notices above the diagnostic: information, warnings and errors the reader
// may dismiss. The kind is said in words, not only by colour.

import { h } from "./dom.js";

const KIND_TEXT = { info: "Information : ", warn: "Attention : ", error: "Erreur : " };

/**
 * @param {"info"|"warn"|"error"} kind
 * @param {string} text
 * @param {...Node} extra buttons offered with the notice
 */
export function notice(kind, text, ...extra) {
  const close = h("button", { type: "button", class: "rse-notice__close" }, "Masquer");
  const box = h("div", { class: `rse-notice rse-notice--${kind}` },
    h("p", null, h("span", { class: "rse-notice__kind" }, KIND_TEXT[kind]), text),
    extra.length ? h("p", { class: "rse-notice__actions" }, ...extra) : null, close);
  close.addEventListener("click", () => box.remove());
  return box;
}

/**
 * A notice in `box` under the name `id`, once: the same problem met again
 * (every answer tries to save) is not repeated.
 * @param {Element|null} box
 * @param {string} id
 * @param {"info"|"warn"|"error"} kind
 * @param {string} text
 */
export function addNotice(box, id, kind, text) {
  if (!box || box.querySelector(`[data-rse-notice="${id}"]`)) return;
  const item = notice(kind, text);
  item.setAttribute("data-rse-notice", id);
  box.append(item);
}
