// The life of a feature on one page. Material's instant navigation swaps the
// page without unloading the modules: app.js calls each feature's init() on
// every page, and nothing says when a page goes. A feature mounted here gets
// one AbortSignal for its listeners and timers, aborted when its element
// leaves the document (checked on each page of `document$`), when another
// element takes its place, or when it stops itself.

/** @typedef {{signal: AbortSignal, alive: () => boolean, stop: () => void}} Life */

/** @type {Map<string, {element: Element, controller: AbortController}>} the element each feature runs on, by selector */
const mounted = new Map();

function sweep() {
  for (const { element, controller } of [...mounted.values()]) {
    if (!element.isConnected) controller.abort();
  }
}

if (typeof window !== "undefined" && typeof window.document$ !== "undefined") {
  window.document$.subscribe(sweep);
}

/**
 * Start `start` on the element `selector` finds in `root`, once per element:
 * calling again for the same element does nothing, so init() may run on
 * every page change. `life.alive()` says whether the element is still in the
 * document, and stops the feature when it is not (for listeners on window or
 * document, which outlive the page).
 * @param {ParentNode} root
 * @param {string} selector
 * @param {(element: any, life: Life) => unknown} start
 * @returns {unknown} what `start` returns (a promise, for an async start), undefined when nothing starts
 */
export function mount(root, selector, start) {
  const element = root.querySelector(selector);
  const current = mounted.get(selector);
  if (current && current.element === element) return;
  current?.controller.abort();
  if (!element) return;
  const controller = new AbortController();
  const entry = { element, controller };
  mounted.set(selector, entry);
  controller.signal.addEventListener("abort", () => {
    if (mounted.get(selector) === entry) mounted.delete(selector);
  });
  const stop = () => controller.abort();
  const alive = () => {
    if (element.isConnected && !controller.signal.aborted) return true;
    stop();
    return false;
  };
  return start(element, { signal: controller.signal, alive, stop });
}

/**
 * One pending call at a time (a debounce), cancelled with the page.
 * @param {AbortSignal} signal
 */
export function timer(signal) {
  let id;
  const clear = () => {
    clearTimeout(id);
    id = undefined;
  };
  signal.addEventListener("abort", clear);
  return {
    /** @param {() => void} fn @param {number} ms */
    start(fn, ms) {
      clear();
      if (signal.aborted) return;
      id = setTimeout(() => {
        id = undefined;
        fn();
      }, ms);
    },
    clear,
    get pending() { return id !== undefined; },
  };
}
