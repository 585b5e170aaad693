// The state of one diagnostic page: the answers shown, where they come from
// (saved, shared, imported for comparison), and the native radio form that
// holds them. Each section lives in its own module: storage, share links,
// results, actions; this one listens to the form and keeps them in step.

import { fmt, percentText } from "./fr.js";
import { jsonData, plainClick } from "./dom.js";
import { addNotice } from "./notice.js";
import { actionStatus, renderActions } from "./diagnostic-actions.js";
import { pointsText, shareParam } from "./diagnostic-core.js";
import { renderPlan, renderResults } from "./diagnostic-results.js";
import { applyShared, leaveShared, shareUrl } from "./diagnostic-share.js";
import { AnswerStore } from "./diagnostic-storage.js";
import { timer } from "./lifecycle.js";

/** @typedef {import("./diagnostic-core.js").Answers} Answers */
/** @typedef {import("./diagnostic-core.js").Result} Result */
/** @typedef {import("./lifecycle.js").Life} Life */

const ANNOUNCE_DELAY = 1000; // ms of quiet before the status region speaks

/** The page's boxes, found once. */
function elements(doc) {
  const q = (sel) => doc.querySelector(sel);
  return {
    notices: q("[data-rse-notices]"), toolbar: q("[data-rse-toolbar]"), total: q("[data-rse-progress-total]"),
    results: q("[data-rse-results]"), live: q("[data-rse-live]"), summary: q("[data-rse-summary]"),
    compare: q("[data-rse-compare]"), themes: q("[data-rse-themes]"), radar: q("[data-rse-radar]"),
    plan: q("[data-rse-plan]"), actions: q("[data-rse-actions]"), printDate: q("[data-rse-print-date]"),
  };
}


export class Diagnostic {
  /**
   * @param {HTMLFormElement} form
   * @param {any} ref the referential module's data
   * @param {(answers: Answers) => Result} score
   * @param {Life} life
   */
  constructor(form, ref, score, life) {
    this.form = form;
    this.ref = ref;
    this.score = score;
    this.life = life;
    this.signal = life.signal;
    this.el = elements(form.ownerDocument);
    this.store = new AnswerStore(ref, (id, kind, text) => this.addNotice(id, kind, text));
    /** @type {Answers} */
    this.answers = {};
    this.persist = true; // false while showing a share link's answers, until the user changes one
    this.sharedParam = null; // the share link applied, so a repeated hashchange is not applied twice
    /** @type {{answers: Answers, result: Result, date: Date|null, name: string, warnings: string[]}|null} */
    this.compare = null;
    /** @type {Result|null} */
    this.result = null;
    this.announcer = timer(this.signal);
    this.planOpen = false;
    /** @type {((d: Diagnostic) => void)[]} results drawn by modules loaded on demand (diagnostic.js) */
    this.views = [];
    this.criteria = new Map(ref.themes.flatMap((t) => t.criteria.map((c) => [c.id, { criterion: c, theme: t }])));
    /** @type {Map<string, HTMLInputElement[]>} */
    this.radios = new Map();
    for (const input of form.querySelectorAll('input[type="radio"]')) {
      const list = this.radios.get(input.name) || [];
      list.push(/** @type {HTMLInputElement} */ (input));
      this.radios.set(input.name, list);
    }
    this.fiches = jsonData(form.dataset.rseFiches, {});
    this.refFiches = jsonData(form.dataset.rseRefFiches, []);
  }

  start() {
    const saved = this.store.read();
    this.answers = saved ?? {};
    const shared = shareParam(location.hash);
    if (shared !== null) applyShared(this, shared, saved);
    this.setRadios();
    renderActions(this);
    for (const el of [this.el.results, this.el.toolbar]) if (el) el.hidden = false;
    for (const el of this.form.querySelectorAll("[data-rse-progress]")) /** @type {HTMLElement} */ (el).hidden = false;
    this.update();
    if (this.el.live) this.el.live.textContent = this.liveText();
    this.listen();
    this.form.setAttribute("data-rse-ready", "");
  }

  listen() {
    const { signal } = this;
    this.form.addEventListener("change", (event) => {
      const input = /** @type {HTMLInputElement} */ (event.target);
      if (input.type !== "radio" || !this.criteria.has(input.name)) return;
      this.answers[input.name] = input.value;
      if (!this.persist) leaveShared(this);
      this.store.save(this.answers);
      this.update();
      this.scheduleAnnounce();
    }, { signal });
    // Implicit submission would reload the page with the answers in the query string.
    this.form.addEventListener("submit", (event) => event.preventDefault(), { signal });
    // A share link pasted while on the page. (Material may also reload the
    // page's content on a first fragment change; init() then reads the hash.)
    window.addEventListener("hashchange", () => {
      if (!this.life.alive()) return;
      const param = shareParam(location.hash);
      if (param === null || param === this.sharedParam) return;
      applyShared(this, param, this.store.read(true));
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
      if (!this.life.alive()) return;
      this.planOpen = true; // the printed report carries the whole plan
      renderPlan(this);
    }, { signal });
  }

  /** @param {MouseEvent} event */
  jump(event) {
    const a = /** @type {HTMLElement} */ (event.target).closest?.("a[href]");
    if (!(a instanceof HTMLAnchorElement) || !plainClick(event)) return;
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

  setRadios() {
    for (const [name, inputs] of this.radios) {
      const value = this.answers[name];
      for (const input of inputs) input.checked = value !== undefined && input.value === value;
    }
  }

  /**
   * Other answers replace the shown ones, which become this device's own
   * (saved, unless they already are), and the reader is told.
   * @param {Answers} answers
   * @param {string} message
   */
  replaceAnswers(answers, message, { save = true } = {}) {
    this.answers = answers;
    leaveShared(this);
    this.setRadios();
    if (save) this.store.save(this.answers);
    this.update();
    this.scheduleAnnounce();
    this.actionStatus(message);
  }

  /** @param {"info"|"warn"|"error"} kind */
  addNotice(id, kind, text) {
    addNotice(this.el.notices, id, kind, text);
  }

  actionStatus(text, error = false) {
    actionStatus(this, text, error);
  }

  shareUrl() {
    return shareUrl(this.ref, this.answers);
  }

  update() {
    this.result = this.score(this.answers);
    renderResults(this);
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
    this.announcer.start(() => {
      if (this.life.alive() && this.el.live) this.el.live.textContent = this.liveText();
    }, ANNOUNCE_DELAY);
  }
}
