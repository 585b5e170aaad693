// Entry point of the site's own scripts. Material's instant navigation swaps
// pages without reloading, so each feature starts from `document$` and looks
// for its own markup; a feature's module is imported only on pages that use it.

const features = [
  ["[data-rse-filter-list]", "./fiches-filter.js"],
  ["[data-rse-diagnostic]", "./diagnostic.js"],
  ["[data-rse-directory]", "./directory.js"],
  ["[data-rse-search]", "./search.js"],
  ["[data-rse-expires]", "./status.js"],
  ["[data-rse-proposal]", "./proposal.js"],
  ["[data-rse-synthesis]", "./synthesis.js"],
];

function start() {
  for (const [selector, module] of features) {
    if (!document.querySelector(selector)) continue;
    import(module)
      .then((m) => m.init(document))
      .catch((err) => console.error(`[rse] ${module}:`, err));
  }
}

// Pressing "/" focuses the header search, as in Material's own search.
document.addEventListener("keydown", (event) => {
  if (event.key !== "/" || event.ctrlKey || event.metaKey || event.altKey) return;
  const target = event.target;
  if (target instanceof HTMLElement && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName))) return;
  const input = document.getElementById("rse-header-q");
  if (input) { event.preventDefault(); input.focus(); }
});

// The header form's relative action is right for the page first loaded, but
// instant navigation keeps the header while the URL changes: aim it at the
// site root (two levels above this module) when it is submitted.
document.addEventListener("submit", (event) => {
  const form = event.target;
  if (form instanceof HTMLFormElement && form.matches("[data-rse-header-search]")) {
    form.action = new URL("../../recherche/", import.meta.url).href;
  }
});

if (typeof window.document$ !== "undefined") {
  window.document$.subscribe(start);
} else {
  start();
}
