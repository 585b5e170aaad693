// Filters of the fiches index. The list is complete in the HTML (a dozen
// fiches): without JavaScript the form stays hidden and every fiche shows.
// The selected filters live in the query string, so a filtered view can be
// shared and comes back with the back button.

import { choose, replaceAddress } from "./dom.js";
import { counted } from "./fr.js";
import { mount } from "./lifecycle.js";

function words(value) {
  return (value || "").split(/\s+/).filter(Boolean);
}

export function init(root) {
  mount(root, "[data-rse-filter-form]", (form, life) => {
    const list = root.querySelector("[data-rse-filter-list]");
    if (!list || form.dataset.rseReady) return;
    start(root, form, list, life);
  });
}

function start(root, form, list, { signal, alive }) {
  const count = root.querySelector("[data-rse-filter-count]");
  const selects = ["etape", "region", "theme"].map((name) => form.elements.namedItem(name)).filter(Boolean);
  const items = Array.from(list.children, (li) => ({
    li, etape: words(li.dataset.etape), region: li.dataset.region || "", theme: words(li.dataset.theme),
  }));
  const path = location.pathname;

  function readURL() {
    const params = new URLSearchParams(location.search);
    for (const select of selects) choose(select, params.get(select.name) || "");
  }

  function apply(writeURL) {
    const want = Object.fromEntries(selects.map((s) => [s.name, s.value]));
    let shown = 0;
    for (const it of items) {
      const ok = (!want.etape || it.etape.includes(want.etape))
        && (!want.region || it.region === want.region)
        && (!want.theme || it.theme.includes(want.theme));
      it.li.hidden = !ok;
      if (ok) shown++;
    }
    if (count) {
      const total = items.length;
      count.textContent = shown === total ? counted(total, "fiche") : `${counted(shown, "fiche")} sur ${total}`;
    }
    if (writeURL && location.pathname === path) {
      const params = new URLSearchParams(location.search);
      for (const select of selects) {
        if (select.value) params.set(select.name, select.value);
        else params.delete(select.name);
      }
      const query = params.toString();
      replaceAddress(path + (query ? `?${query}` : "") + location.hash);
    }
  }

  form.addEventListener("change", () => apply(true), { signal });
  form.addEventListener("submit", (event) => event.preventDefault(), { signal });
  // Back and forward on this same page: Material only reloads on a path change.
  window.addEventListener("popstate", () => {
    if (!alive()) return;
    if (location.pathname !== path) return;
    readURL();
    apply(false);
  }, { signal });

  readURL();
  apply(false);
  form.hidden = false;
  form.dataset.rseReady = "true";
}
