// The self-diagnostic page: scores the native radio form in the browser,
// saves answers on this device, exports, compares and shares them. Nothing
// leaves the browser: after the referential's module is loaded, the page
// makes no request. app.js calls init(document) on every page change of
// Material's instant navigation, so a page's listeners hang off one
// AbortController, aborted when its form leaves the document.

import {
  UserError, dateText, decodeShare, deltaText, encodeShare, exportDocument, fmt, gapSentence, improvementPlan,
  isoDay, levelProgress, parseImport, parseSave, percentText, plural, pointsText, resultsCsv, shareParam,
  storageKey, storagePrefix, thresholdText,
} from "./diagnostic-core.js";
import { barsSvg, radarSvg } from "./radar.js";

/** @typedef {import("./diagnostic-core.js").Answers} Answers */
/** @typedef {import("./diagnostic-core.js").Result} Result */

const ANNOUNCE_DELAY = 1000; // ms of quiet before the status region speaks
const PLAN_VISIBLE = 10;

/** @type {Map<string, Promise<any>>} one import per referential module, whatever the navigation */
const modules = new Map();
/** @type {{form: HTMLFormElement, controller: AbortController}|null} */
let active = null;

/** Start the page's diagnostic; a no-op when it is already running. */
export async function init(root = document) {
  const form = /** @type {HTMLFormElement|null} */ (root.querySelector("form[data-rse-diagnostic]"));
  if (active && active.form === form) return;
  if (active) active.controller.abort();
  active = null;
  if (!form) return;
  const controller = new AbortController();
  active = { form, controller };
  controller.signal.addEventListener("abort", () => { if (active && active.controller === controller) active = null; });
  // Leaving for a page without a diagnostic does not call init(): Material's
  // page stream says when this form is gone, so its listeners go with it.
  const pages = /** @type {any} */ (window).document$;
  const subscription = pages && typeof pages.subscribe === "function"
    ? pages.subscribe(() => { if (!form.isConnected) controller.abort(); }) : null;
  if (subscription) controller.signal.addEventListener("abort", () => subscription.unsubscribe());
  const url = new URL(form.dataset.rseModule || "", document.baseURI).href;
  if (!modules.has(url)) modules.set(url, import(url));
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
  if (controller.signal.aborted || !form.isConnected) return;
  new Diagnostic(form, mod.referential, mod.score, controller).start();
}

/**
 * Minimal element builder: text goes through textContent, never HTML.
 * @param {string} tag
 * @param {Record<string, any>|null} [attrs]
 * @param {...(Node|string|null|false|undefined|(Node|string|null|false|undefined)[])} children
 */
function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    el.setAttribute(k, v === true ? "" : String(v));
  }
  el.append(...present(children));
  return el;
}

/** Children without the null/false that conditional rendering leaves (append() would print "null"). */
const present = (children) => children.flat().filter((c) => c !== null && c !== undefined && c !== false);

/** @param {Element|null} box */
const fill = (box, ...children) => box?.replaceChildren(...present(children));

/** @param {"info"|"warn"|"error"} kind */
function notice(kind, text, ...extra) {
  const close = h("button", { type: "button", class: "rse-notice__close" }, "Masquer");
  const box = h("div", { class: `rse-notice rse-notice--${kind}` },
    h("p", null, h("span", { class: "rse-notice__kind" }, kind === "info" ? "Information : " : kind === "warn" ? "Attention : " : "Erreur : "), text),
    extra.length ? h("p", { class: "rse-notice__actions" }, ...extra) : null, close);
  close.addEventListener("click", () => box.remove());
  return box;
}

/** The fragment leaves the address bar (a reload then shows the saved answers). */
function dropFragment() {
  if (!location.hash) return;
  try {
    history.replaceState(history.state, "", location.pathname + location.search);
  } catch { /* a sandboxed page may refuse: harmless */ }
}

function download(filename, content, type) {
  const url = URL.createObjectURL(new Blob([content], { type }));
  // A detached link: Material's instant navigation listens for clicks on the
  // page and must not take a blob: URL for a page to fetch.
  const a = h("a", { href: url, download: filename });
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 30_000);
}

class Diagnostic {
  /**
   * @param {HTMLFormElement} form
   * @param {any} ref the referential module's data
   * @param {(answers: Answers) => Result} score
   * @param {AbortController} controller
   */
  constructor(form, ref, score, controller) {
    this.form = form;
    this.ref = ref;
    this.score = score;
    this.controller = controller;
    this.signal = controller.signal;
    this.key = storageKey(ref);
    /** @type {Answers} */
    this.answers = {};
    this.persist = true; // false while showing a share link's answers, until the user changes one
    this.sharedParam = null; // the share link applied, so a repeated hashchange is not applied twice
    /** @type {{answers: Answers, result: Result, date: Date|null, name: string, warnings: string[]}|null} */
    this.compare = null;
    /** @type {Result|null} */
    this.result = null;
    this.announceTimer = 0;
    this.planOpen = false;
    this.criteria = new Map(ref.themes.flatMap((t) => t.criteria.map((c) => [c.id, { criterion: c, theme: t }])));
    /** @type {Map<string, HTMLInputElement[]>} */
    this.radios = new Map();
    for (const input of form.querySelectorAll('input[type="radio"]')) {
      const list = this.radios.get(input.name) || [];
      list.push(/** @type {HTMLInputElement} */ (input));
      this.radios.set(input.name, list);
    }
    let fiches = {}, refFiches = [];
    try { fiches = JSON.parse(form.dataset.rseFiches || "{}"); } catch { /* links are a bonus */ }
    try { refFiches = JSON.parse(form.dataset.rseRefFiches || "[]"); } catch { /* idem */ }
    this.fiches = fiches;
    this.refFiches = refFiches;
    const doc = form.ownerDocument;
    const q = (sel) => doc.querySelector(sel);
    this.el = {
      notices: q("[data-rse-notices]"), toolbar: q("[data-rse-toolbar]"), total: q("[data-rse-progress-total]"),
      results: q("[data-rse-results]"), live: q("[data-rse-live]"), summary: q("[data-rse-summary]"),
      compare: q("[data-rse-compare]"), themes: q("[data-rse-themes]"), radar: q("[data-rse-radar]"),
      plan: q("[data-rse-plan]"), actions: q("[data-rse-actions]"), printDate: q("[data-rse-print-date]"),
    };
    this.signal.addEventListener("abort", () => clearTimeout(this.announceTimer));
  }

  /** Listeners outside the form outlive it under instant navigation: they check it is still there. */
  alive() {
    if (this.form.isConnected) return true;
    this.controller.abort();
    return false;
  }

  start() {
    const { signal } = this;
    const saved = this.readSave();
    this.answers = saved ?? {};
    const shared = shareParam(location.hash);
    if (shared !== null) this.applyShared(shared, saved);
    this.setRadios();
    this.renderActions();
    for (const el of [this.el.results, this.el.toolbar]) if (el) el.hidden = false;
    for (const el of this.form.querySelectorAll("[data-rse-progress]")) /** @type {HTMLElement} */ (el).hidden = false;
    this.update();
    if (this.el.live) this.el.live.textContent = this.liveText();

    this.form.addEventListener("change", (event) => {
      const input = /** @type {HTMLInputElement} */ (event.target);
      if (input.type !== "radio" || !this.criteria.has(input.name)) return;
      this.answers[input.name] = input.value;
      if (!this.persist) this.leaveShared();
      this.save();
      this.update();
      this.scheduleAnnounce();
    }, { signal });
    // Implicit submission would reload the page with the answers in the query string.
    this.form.addEventListener("submit", (event) => event.preventDefault(), { signal });
    // A share link pasted while on the page. (Material may also reload the
    // page's content on a first fragment change; init() then reads the hash.)
    window.addEventListener("hashchange", () => {
      if (!this.alive()) return;
      const param = shareParam(location.hash);
      if (param === null || param === this.sharedParam) return;
      this.applyShared(param, this.readSave(true));
      this.setRadios();
      this.update();
      this.scheduleAnnounce();
    }, { signal });
    // In-page links of the results move focus themselves: a fragment change
    // would let Material's instant navigation fetch the page again, which is
    // a request, and a new page that forgets the comparison.
    const jump = (event) => this.jump(event);
    for (const el of [this.el.toolbar, this.el.results]) el?.addEventListener("click", jump, { signal });
    window.addEventListener("beforeprint", () => {
      if (!this.alive()) return;
      this.planOpen = true; // the printed report carries the whole plan
      this.renderPlan();
    }, { signal });
    this.form.setAttribute("data-rse-ready", "");
  }

  // --- Storage ------------------------------------------------------------

  /** localStorage may be missing or throw (private browsing, blocked storage). */
  storage() {
    try {
      return window.localStorage;
    } catch {
      return null;
    }
  }

  storageProblem() {
    this.addNotice("storage", "warn", "L'enregistrement automatique n'est pas disponible dans ce navigateur (navigation privée ou stockage bloqué) : exportez vos réponses pour les conserver.");
  }

  /** Saved answers of this version, or null; a bad save is reported, never thrown. */
  readSave(quiet = false) {
    const store = this.storage();
    let text = null;
    try {
      if (!store) throw new Error("no storage");
      text = store.getItem(this.key);
    } catch {
      if (!quiet) this.storageProblem();
      return null;
    }
    if (text === null) {
      if (!quiet) this.reportOldSaves(store);
      return null;
    }
    try {
      return parseSave(this.ref, text);
    } catch (err) {
      if (!(err instanceof UserError)) throw err;
      if (!quiet) {
        this.addNotice("corrupted", "warn", `Vos réponses enregistrées sur cet appareil n'ont pas été reprises. ${err.message} Elles seront remplacées à votre prochaine réponse.`);
      }
      return null;
    }
  }

  reportOldSaves(store) {
    const prefix = storagePrefix(this.ref);
    const versions = [];
    try {
      for (let i = 0; i < store.length; i++) {
        const k = store.key(i);
        if (k && k.startsWith(prefix) && k !== this.key) versions.push(k.slice(prefix.length));
      }
    } catch { return; }
    if (!versions.length) return;
    this.addNotice("outdated", "info", `Des réponses enregistrées sur cet appareil pour une version précédente de ce référentiel (version ${versions.sort().join(", ")}) n'ont pas été reprises : la grille a changé (version actuelle : ${this.ref.version}).`);
  }

  save() {
    const store = this.storage();
    try {
      if (!store) throw new Error("no storage");
      if (Object.keys(this.answers).length) store.setItem(this.key, JSON.stringify(exportDocument(this.ref, this.answers)));
      else store.removeItem(this.key);
    } catch {
      this.storageProblem();
    }
  }

  // --- Share links --------------------------------------------------------

  /**
   * Show a share link's answers without saving them: they replace this
   * device's saved answers only once the user changes one. The fragment stays
   * while they are shown, so a reload shows the same thing.
   */
  applyShared(param, saved) {
    this.sharedParam = param;
    this.el.notices?.querySelector("[data-rse-shared-notice]")?.remove();
    let answers;
    try {
      answers = decodeShare(this.ref, param);
    } catch (err) {
      if (!(err instanceof UserError)) throw err;
      this.addNotice("shared-error", "warn", err.message);
      dropFragment();
      return;
    }
    this.answers = answers;
    this.persist = false;
    const extra = [];
    if (saved && Object.keys(saved).length) {
      const back = h("button", { type: "button", class: "md-button" }, "Revenir à mes réponses enregistrées");
      back.addEventListener("click", () => {
        this.answers = this.readSave(true) ?? {};
        this.leaveShared();
        this.setRadios();
        this.update();
        this.scheduleAnnounce();
        this.actionStatus("Vos réponses enregistrées sont de nouveau affichées.");
      });
      extra.push(back);
    }
    const box = notice("info", `Les réponses affichées viennent d'un lien de partage (${Object.keys(answers).length} ${plural(Object.keys(answers).length, "critère")} ${plural(Object.keys(answers).length, "renseigné")}). Elles ne remplacent vos réponses enregistrées sur cet appareil que si vous modifiez une réponse.`, ...extra);
    box.setAttribute("data-rse-shared-notice", "");
    this.el.notices?.append(box);
  }

  /** Back to saving: the displayed answers become this device's own. */
  leaveShared() {
    this.persist = true;
    this.el.notices?.querySelector("[data-rse-shared-notice]")?.remove();
    dropFragment();
  }

  /** @param {MouseEvent} event */
  jump(event) {
    const a = /** @type {HTMLElement} */ (event.target).closest?.("a[href]");
    if (!(a instanceof HTMLAnchorElement) || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    const url = new URL(a.href);
    if (!url.hash || url.origin !== location.origin || url.pathname !== location.pathname || url.search !== location.search) return;
    let id;
    try { id = decodeURIComponent(url.hash.slice(1)); } catch { return; }
    const target = document.getElementById(id);
    if (!target) return;
    event.preventDefault();
    event.stopPropagation();
    // A criterion: straight to its radios, to change the answer.
    const focusable = target.matches("fieldset.rse-criterion")
      ? target.querySelector("input:checked") || target.querySelector("input")
      : target;
    if (focusable === target && !target.hasAttribute("tabindex")) target.setAttribute("tabindex", "-1");
    target.scrollIntoView({ block: "start" });
    /** @type {HTMLElement} */ (focusable).focus({ preventScroll: true });
  }

  shareUrl() {
    return `${location.origin}${location.pathname}${location.search}#r=${encodeShare(this.ref, this.answers)}`;
  }

  // --- Form state ---------------------------------------------------------

  setRadios() {
    for (const [name, inputs] of this.radios) {
      const value = this.answers[name];
      for (const input of inputs) input.checked = value !== undefined && input.value === value;
    }
  }

  addNotice(id, kind, text) {
    if (!this.el.notices || this.el.notices.querySelector(`[data-rse-notice="${id}"]`)) return;
    const box = notice(kind, text);
    box.setAttribute("data-rse-notice", id);
    this.el.notices.append(box);
  }

  // --- Rendering ----------------------------------------------------------

  update() {
    this.result = this.score(this.answers);
    this.renderProgress();
    this.renderSummary();
    this.renderCompare();
    this.renderThemes();
    this.renderRadar();
    this.renderPlan();
    const share = this.el.actions?.querySelector("[data-rse-share-url]");
    if (share && !share.closest("[hidden]")) /** @type {HTMLInputElement} */ (share).value = this.shareUrl();
  }

  liveText() {
    const r = this.result;
    let text = `Score : ${fmt(r.score, 2)} sur ${pointsText(r.max)}, ${percentText(r.percent)}`;
    if (this.ref.levels.length) text += r.level ? `, niveau ${r.level.label}.` : ", aucun niveau atteint.";
    else text += ".";
    return text;
  }

  scheduleAnnounce() {
    clearTimeout(this.announceTimer);
    this.announceTimer = setTimeout(() => {
      if (this.alive() && this.el.live) this.el.live.textContent = this.liveText();
    }, ANNOUNCE_DELAY);
  }

  renderProgress() {
    const r = this.result;
    this.ref.themes.forEach((t, i) => {
      const span = this.form.querySelector(`[data-rse-progress="${CSS.escape(t.id)}"]`);
      const tr = r.themes[i];
      if (span) span.textContent = `${tr.answered} / ${tr.total} ${plural(tr.answered, "renseigné")}${tr.answered === tr.total ? " ✓" : ""}`;
    });
    if (this.el.total) {
      this.el.total.textContent = `${r.answered} ${plural(r.answered, "critère")} ${plural(r.answered, "renseigné")} sur ${r.total}`
        + ` · score ${r.complete ? "" : "provisoire "}: ${fmt(r.score, 2)} / ${pointsText(r.max)} (${percentText(r.percent)})`;
    }
    if (this.el.printDate) {
      this.el.printDate.textContent = `Rapport d'auto-diagnostic établi le ${dateText(new Date())} : ${r.answered} ${plural(r.answered, "critère")} ${plural(r.answered, "renseigné")} sur ${r.total}.`;
    }
    this.el.results?.toggleAttribute("data-rse-has-answers", r.answered > 0);
    this.form.toggleAttribute("data-rse-has-answers", r.answered > 0);
  }

  renderSummary() {
    const r = this.result, ref = this.ref;
    const progress = levelProgress(ref, r);
    const weighted = ref.themes.length > 0 && ref.themes.every((t) => t.weight !== null);
    const abstentions = Object.entries(this.answers).filter(([id, v]) => {
      const c = this.criteria.get(id)?.criterion;
      return c?.options.find((o) => o.value === v)?.points === null;
    }).length;
    const parts = [
      h("p", { class: "rse-score" },
        h("span", { class: "rse-score__value" }, fmt(r.score, 2)), ` / ${pointsText(r.max)}`,
        h("span", { class: "rse-score__sep", "aria-hidden": "true" }, " · "), h("span", { class: "rse-visually-hidden" }, ", soit "),
        h("span", { class: "rse-score__value" }, percentText(r.percent))),
    ];
    if (weighted) {
      parts.push(h("p", { class: "rse-muted" }, "Le pourcentage est la moyenne des pourcentages des thèmes, pondérée : ",
        ref.themes.map((t) => `${t.title} ${fmt(t.weight, 2)}`).join(" ; "), "."));
    }
    if (ref.levels.length) {
      const lv = progress.reached;
      parts.push(h("p", { class: "rse-level" }, lv
        ? ["Niveau atteint : ", h("strong", null, lv.label), ` (seuil ${lv.indicative ? "indicatif " : ""}: ${thresholdText(lv)})`]
        : ["Aucun niveau atteint pour l'instant (premier niveau : ", h("strong", null, ref.levels[0].label), `, ${thresholdText(ref.levels[0])}).`]));
      const gap = gapSentence(progress);
      if (gap) parts.push(h("p", { class: "rse-gap" }, gap));
    }
    if (r.answered === 0) {
      parts.push(h("p", { class: "rse-muted" }, "Aucun critère renseigné pour l'instant : répondez à la grille ci-dessus, le résultat se met à jour à chaque réponse."));
    } else if (!r.complete) {
      const missing = r.total - r.answered;
      parts.push(h("p", { class: "rse-provisional" }, h("strong", null, "Résultat provisoire : "),
        `${missing} ${plural(missing, "critère")} sur ${r.total} ${missing > 1 ? "ne sont" : "n'est"} pas ${plural(missing, "renseigné")} et ${missing > 1 ? "comptent" : "compte"} pour 0 point.`));
    } else {
      parts.push(h("p", null, `Les ${r.total} critères sont renseignés.`));
    }
    if (abstentions) {
      parts.push(h("p", { class: "rse-muted" }, `${abstentions} ${plural(abstentions, "réponse")} sans avis ou « non applicable » ${abstentions > 1 ? "ne sont" : "n'est"} pas ${plural(abstentions, "comptée")} : ${abstentions > 1 ? "ces critères sont retirés" : "ce critère est retiré"} du maximum.`));
    }
    fill(this.el.summary, ...parts);
  }

  renderCompare() {
    const box = this.el.compare;
    if (!box) return;
    const c = this.compare;
    if (!c) { fill(box); box.hidden = true; return; }
    box.hidden = false;
    const r = this.result;
    const when = c.date ? `l'export du ${dateText(c.date)}` : `le fichier ${c.name}`;
    const levels = this.ref.levels.length ? ` Niveau du fichier importé : ${c.result.level ? c.result.level.label : "aucun"}.` : "";
    const drop = h("button", { type: "button", class: "md-button" }, "Retirer la comparaison");
    const take = h("button", { type: "button", class: "md-button" }, "Reprendre les réponses du fichier");
    drop.addEventListener("click", () => {
      this.compare = null;
      this.update();
      this.actionStatus("Comparaison retirée.");
      /** @type {HTMLElement|null|undefined} */ (this.el.actions?.querySelector("[data-rse-act=import]"))?.focus();
    });
    take.addEventListener("click", () => {
      if (!confirm("Remplacer vos réponses actuelles par celles du fichier ?")) return;
      this.answers = { ...c.answers };
      this.leaveShared();
      this.save();
      this.setRadios();
      this.update();
      this.scheduleAnnounce();
      this.actionStatus("Les réponses du fichier ont remplacé vos réponses.");
    });
    fill(box,
      h("h3", null, `Comparaison avec ${when}`),
      c.warnings.length ? h("ul", { class: "rse-notice rse-notice--warn" }, c.warnings.map((w) => h("li", null, w))) : null,
      h("p", { class: "rse-delta" }, "Total : ", h("strong", null, deltaText(r.score - c.result.score)),
        ` (${fmt(c.result.score, 2)} → ${fmt(r.score, 2)} ${plural(r.score, "point")}), `,
        h("strong", null, deltaText(r.percent - c.result.percent, "point", 1)), " de pourcentage",
        ` (${percentText(c.result.percent)} → ${percentText(r.percent)}).${levels}`),
      h("p", { class: "rse-compare__actions" }, take, " ", drop),
    );
  }

  renderThemes() {
    const r = this.result;
    const items = this.ref.themes.map((t, i) => {
      const tr = r.themes[i];
      const before = this.compare?.result.themes[i];
      const width = Math.max(0, Math.min(100, tr.percent));
      return h("li", { class: "rse-bar" },
        h("a", { class: "rse-bar__label", href: `#theme-${t.id}` }, t.title),
        h("span", { class: "rse-bar__track", "aria-hidden": "true" },
          h("span", { class: "rse-bar__fill", style: `width:${width.toFixed(2)}%` }),
          before ? h("span", { class: "rse-bar__previous", style: `left:${Math.max(0, Math.min(100, before.percent)).toFixed(2)}%` }) : null),
        h("span", { class: "rse-bar__value" },
          h("strong", null, percentText(tr.percent)), ` · ${fmt(tr.score, 2)} / ${pointsText(tr.max)} · ${tr.answered} / ${tr.total} ${plural(tr.answered, "renseigné")}`,
          before ? h("span", { class: "rse-bar__delta" }, ` · ${deltaText(tr.score - before.score)}`) : null));
    });
    fill(this.el.themes, h("h3", null, "Résultats par thème"), h("ul", { class: "rse-bars" }, items));
  }

  renderRadar() {
    const box = this.el.radar;
    if (!box) return;
    const r = this.result, c = this.compare;
    const chart = {
      title: `Profil par thème : pourcentage obtenu dans chacun des ${this.ref.themes.length} thèmes${c ? ", comparé à l'export importé" : ""}. Les valeurs sont dans le tableau qui suit.`,
      axes: this.ref.themes.map((t, i) => ({ label: t.title, percent: r.themes[i].percent, text: percentText(r.themes[i].percent) })),
      previous: c ? c.result.themes.map((t) => t.percent) : null,
    };
    // Below three themes a radar has no surface: bars say the same.
    const svg = chart.axes.length < 3 ? barsSvg(chart)
      : radarSvg(chart) + radarSvg({ ...chart, id: "rse-radar-compact", compact: true });
    box.hidden = false;
    const figure = h("div", { class: "rse-radar__figure" });
    figure.innerHTML = svg; // built by radar.js with every text escaped
    const head = ["Thème", "Score", "Maximum", "Pourcentage"];
    if (c) head.push("Export importé", "Écart");
    const rows = this.ref.themes.map((t, i) => {
      const tr = r.themes[i], before = c?.result.themes[i];
      return h("tr", null, h("th", { scope: "row" }, `${i + 1}. ${t.title}`), h("td", null, fmt(tr.score, 2)),
        h("td", null, fmt(tr.max, 2)), h("td", null, percentText(tr.percent)),
        before ? [h("td", null, percentText(before.percent)), h("td", null, `${deltaText(tr.percent - before.percent, "point", 1)} de pourcentage`)] : null);
    });
    fill(box,
      h("h3", null, "Profil par thème"),
      figure,
      c ? h("p", { class: "rse-radar__legend" }, h("span", { class: "rse-radar__key rse-radar__key--current", "aria-hidden": "true" }),
        " Vos réponses actuelles (trait plein) ", h("span", { class: "rse-radar__key rse-radar__key--previous", "aria-hidden": "true" }),
        " Export importé (pointillés)") : null,
      h("div", { class: "rse-table-wrap" }, h("table", { class: "rse-radar-table" },
        h("caption", null, "Données du graphique : score et pourcentage par thème"),
        h("thead", null, h("tr", null, head.map((x) => h("th", { scope: "col" }, x)))),
        h("tbody", null, rows))),
    );
  }

  planItem(item) {
    const c = item.criterion;
    const slugs = c.fiches && c.fiches.length ? c.fiches : this.refFiches;
    const links = slugs.filter((s) => this.fiches[s]).map((s) => h("a", { href: this.fiches[s].url }, this.fiches[s].title));
    const answer = item.unanswered
      ? h("span", { class: "rse-flag" }, "Non renseigné")
      : ["Votre réponse : « ", item.option.label, " »"];
    const gain = item.gainPercent > 0 ? `, soit ${fmt(item.gainPercent, 1)} ${plural(item.gainPercent, "point")} de pourcentage` : "";
    return h("li", { class: "rse-plan__item" + (item.unanswered ? " rse-plan__item--unanswered" : "") },
      h("p", { class: "rse-plan__title" }, h("a", { href: `#critere-${c.id}` }, c.text)),
      h("p", { class: "rse-plan__meta" }, item.theme.title, " · ", answer,
        ` · ${fmt(item.points, 2)} / ${pointsText(item.max)} · gain possible : ${pointsText(item.missing)}${gain}`),
      h("p", { class: "rse-plan__advice" }, h("span", { class: "rse-advice__label" }, "Conseil : "), c.advice),
      links.length ? h("p", { class: "rse-plan__fiches" }, "Dans le guide : ",
        links.flatMap((a, i) => (i ? [" ; ", a] : [a]))) : null);
  }

  renderPlan() {
    const box = this.el.plan;
    if (!box) return;
    const head = h("h3", null, "Plan d'amélioration");
    if (this.result.answered === 0) {
      fill(box, head, h("p", { class: "rse-muted" }, "Votre plan d'amélioration apparaîtra dès vos premières réponses."));
      return;
    }
    const items = improvementPlan(this.ref, this.answers, this.result);
    if (!items.length) {
      fill(box, head, h("p", null, "Tous les critères comptés ont le maximum de points : rien à améliorer dans cette grille."));
      return;
    }
    const shown = items.slice(0, PLAN_VISIBLE), rest = items.slice(PLAN_VISIBLE);
    const parts = [head,
      h("p", { class: "rse-muted" }, "Les critères les plus faibles d'abord (part des points obtenus la plus basse), puis ceux qui rapportent le plus. Les critères non renseignés comptent pour 0 point."),
      h("ol", { class: "rse-plan" }, shown.map((it) => this.planItem(it)))];
    if (rest.length) {
      const more = h("details", { class: "rse-plan__more", open: this.planOpen },
        h("summary", null, `Voir les ${rest.length} autres critères à améliorer`));
      // Rendered when opened: a long grid would otherwise rebuild hundreds of items per answer.
      if (this.planOpen) more.append(h("ol", { class: "rse-plan", start: PLAN_VISIBLE + 1 }, rest.map((it) => this.planItem(it))));
      more.addEventListener("toggle", () => {
        if (more.open === this.planOpen) return;
        this.planOpen = more.open;
        if (more.open && !more.querySelector("ol")) {
          more.append(h("ol", { class: "rse-plan", start: PLAN_VISIBLE + 1 }, rest.map((it) => this.planItem(it))));
        }
      });
      parts.push(more);
    }
    fill(box, ...parts);
  }

  // --- Actions ------------------------------------------------------------

  actionStatus(text, error = false) {
    const box = this.el.actions?.querySelector("[data-rse-action-status]");
    if (!box) return;
    fill(box, h("p", { class: error ? "rse-notice rse-notice--error" : "rse-action-message", role: error ? "alert" : null }, text));
  }

  renderActions() {
    const box = this.el.actions;
    if (!box) return;
    const button = (act, text) => h("button", { type: "button", class: "md-button", "data-rse-act": act }, text);
    const file = h("input", { type: "file", accept: ".json,application/json", hidden: true, "data-rse-import": "", tabindex: "-1" });
    const shareUrl = h("input", { type: "text", id: "rse-share-url", readonly: true, "data-rse-share-url": "", class: "rse-share__url" });
    const share = h("div", { class: "rse-share", hidden: true },
      h("label", { for: "rse-share-url" }, "Lien de partage"),
      shareUrl,
      h("p", { class: "rse-muted" }, "Vos réponses sont dans le lien lui-même, après « # » : cette partie n'est jamais envoyée au serveur. Toute personne qui reçoit le lien voit vos réponses."));
    fill(box,
      h("h3", null, "Enregistrer, comparer, partager"),
      h("p", { class: "rse-muted" }, "Vos réponses sont enregistrées automatiquement dans ce navigateur, sur cet appareil."),
      h("div", { class: "rse-actions__buttons" },
        button("export-json", "Exporter mes réponses (JSON)"),
        button("export-csv", "Exporter les résultats (CSV)"),
        button("import", "Comparer avec un export précédent…"),
        button("share", "Créer un lien de partage"),
        button("print", "Imprimer le rapport"),
        button("reset", "Effacer mes réponses")),
      file, share,
      h("div", { "data-rse-action-status": "", role: "status", class: "rse-action-status" }));

    const { signal } = this;
    box.addEventListener("click", (event) => {
      const target = /** @type {HTMLElement} */ (event.target);
      const act = target.closest?.("[data-rse-act]")?.getAttribute("data-rse-act");
      if (!act) return;
      if (act === "export-json") {
        download(`autodiagnostic-${this.ref.id}-${isoDay()}.json`,
          JSON.stringify(exportDocument(this.ref, this.answers), null, 2) + "\n", "application/json");
        this.actionStatus("Réponses exportées : le fichier JSON est dans vos téléchargements. Importez-le plus tard pour comparer.");
      } else if (act === "export-csv") {
        download(`resultats-${this.ref.id}-${isoDay()}.csv`, resultsCsv(this.ref, this.result), "text/csv;charset=utf-8");
        this.actionStatus("Résultats exportés : le fichier CSV est dans vos téléchargements.");
      } else if (act === "import") {
        file.value = "";
        file.click();
      } else if (act === "share") {
        share.hidden = false;
        shareUrl.value = this.shareUrl();
        shareUrl.focus();
        shareUrl.select();
        const copied = navigator.clipboard?.writeText(shareUrl.value);
        if (copied) {
          copied.then(() => this.actionStatus("Lien de partage copié dans le presse-papiers."),
            () => this.actionStatus("Lien de partage créé : copiez-le dans le champ ci-dessus."));
        } else {
          this.actionStatus("Lien de partage créé : copiez-le dans le champ ci-dessus.");
        }
      } else if (act === "print") {
        window.print();
      } else if (act === "reset") {
        if (!confirm("Effacer toutes vos réponses ? Elles seront aussi supprimées de cet appareil.")) return;
        this.answers = {};
        this.leaveShared();
        this.setRadios();
        this.save();
        this.update();
        this.scheduleAnnounce();
        this.actionStatus("Vos réponses ont été effacées.");
      }
    }, { signal });
    file.addEventListener("change", async () => {
      const f = file.files && file.files[0];
      if (!f) return;
      let text;
      try {
        text = await f.text();
      } catch {
        this.actionStatus("Ce fichier n'a pas pu être lu.", true);
        return;
      }
      if (!this.alive()) return;
      try {
        const imported = parseImport(this.ref, text);
        this.compare = { ...imported, name: f.name, result: this.score(imported.answers) };
      } catch (err) {
        // Any file may be chosen here: whatever fails, the user is told and
        // the answers and the comparison shown stay as they were.
        if (!(err instanceof UserError)) console.error("[rse] diagnostic : import", err);
        this.actionStatus(err instanceof UserError ? err.message
          : "Ce fichier n'a pas pu être importé : choisissez un export « Exporter mes réponses (JSON) » de cette page.", true);
        return;
      }
      this.update();
      const d = deltaText(this.result.score - this.compare.result.score);
      this.actionStatus(`Comparaison affichée : ${d} par rapport au fichier importé.${this.compare.warnings.length ? " Attention : " + this.compare.warnings.join(" ") : ""}`);
    }, { signal });
  }
}
