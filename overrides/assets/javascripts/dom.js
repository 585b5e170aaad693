// The one way the site's scripts build the DOM. Text from data (company
// names, theme titles, index excerpts) only ever becomes text nodes, never
// HTML: nothing here parses markup.

/** @typedef {Node|string|null|false|undefined} Child */

/** Children without the null/false that conditional rendering leaves (append() would print "null"). */
const present = (children) => children.flat(Infinity).filter((c) => c !== null && c !== undefined && c !== false);

/**
 * An element: attributes by name (null, undefined and false leave one out,
 * true writes it empty), children as nodes or text.
 * @param {string} tag
 * @param {Record<string, any>|null} [attrs]
 * @param {...(Child|Child[])} children
 */
export function h(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    node.setAttribute(k, v === true ? "" : String(v));
  }
  node.append(...present(children));
  return node;
}

/**
 * Replace what `box` holds (a missing box is fine).
 * @param {Element|null|undefined} box
 * @param {...(Child|Child[])} children
 */
export const fill = (box, ...children) => box?.replaceChildren(...present(children));

/**
 * A JSON data attribute: what it holds (links to the guide) is a bonus, never a failure.
 * @param {string | undefined} text
 * @param {any} fallback
 */
export function jsonData(text, fallback) {
  try { return JSON.parse(text || ""); } catch { return fallback; }
}

/**
 * A click the page may handle itself: the main button, no modifier (those
 * open a new tab or window, which the browser must keep doing).
 * @param {MouseEvent} event
 */
export const plainClick = (event) =>
  event.button === 0 && !event.metaKey && !event.ctrlKey && !event.shiftKey && !event.altKey;

/**
 * Choose `value` in a select when it is one of its options, "all" ("")
 * otherwise: a stale shared link may name a value the page no longer has.
 * @param {HTMLSelectElement} select
 * @param {string} value
 */
export function choose(select, value) {
  select.value = Array.from(select.options).some((o) => o.value === value) ? value : "";
}

/**
 * Rewrite the address bar without a history entry, when it changes.
 * Material keeps its scroll offsets in history.state: it stays intact.
 * @param {string} url
 */
export function replaceAddress(url) {
  if (new URL(url, location.href).href !== location.href) history.replaceState(history.state, "", url);
}
