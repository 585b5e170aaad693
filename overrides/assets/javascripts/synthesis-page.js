// The synthesis page's state and controls: the files dropped or chosen (kept
// in this page's memory only), the threshold, the campaigns' grouping, an
// imported aggregate, and the exports. Every change recomputes the whole
// synthesis with synthesis-core.js and draws it again.

import { download } from "./diagnostic-actions.js";
import { UserError } from "./diagnostic-core.js";
import { fill, h, jsonData } from "./dom.js";
import { dateText } from "./fr.js";
import { renderCampaign } from "./synthesis-campaign.js";
import {
  DEFAULT_THRESHOLD, MIN_THRESHOLD, actionPlanMarkdown, aggregateCsv, aggregateDocument, byCampaign, compareCampaigns,
  parseAggregate, readExports,
} from "./synthesis-core.js";
import { renderFilesReport, renderProgress, statusText } from "./synthesis-view.js";

// parseImport refuses a file over 1,000,000 characters: reading more would only fill memory.
const MAX_READ = 1_000_001;

async function readText(file) {
  try {
    return await file.slice(0, MAX_READ).text();
  } catch {
    return null;
  }
}


export class SynthesisPage {
  /**
   * @param {HTMLElement} element the page's [data-rse-synthesis]
   * @param {any} referential @param {(answers: any) => any} score the referential module's
   * @param {import("./lifecycle.js").Life} life
   */
  constructor(element, referential, score, life) {
    this.el = element;
    this.ref = referential;
    this.score = score;
    this.life = life;
    const q = (s) => element.querySelector(s);
    this.parts = {
      form: q("[data-rse-synth-form]"), files: q("[data-rse-synth-files]"), drop: q("[data-rse-dropzone]"),
      clear: q("[data-rse-synth-clear]"), threshold: q("[data-rse-synth-threshold]"), period: q("[data-rse-synth-period]"),
      aggregate: q("[data-rse-synth-aggregate]"), results: q("[data-rse-synth-results]"), status: q("[data-rse-synth-status]"),
      report: q("[data-rse-synth-files-report]"), campaign: q("[data-rse-synth-campaign]"), progress: q("[data-rse-synth-progress]"),
      actions: q("[data-rse-synth-actions]"), printDate: q("[data-rse-synth-print-date]"),
    };
    // Fiche links are relative to this page; the Markdown plan leaves it, so it gets absolute ones.
    this.fiches = jsonData(element.dataset.rseFiches, {});
    this.refFiches = jsonData(element.dataset.rseRefFiches, []);
    /** @type {{name: string, text: string}[]} */
    this.files = [];
    /** @type {{name: string, kind: string, reason: string}[]} files the browser could not read */
    this.unread = [];
    this.imported = null;
    this.threshold = DEFAULT_THRESHOLD;
    this.period = "semestre";
    this.selected = null;
    this.note = "";
    this.shown = null;
  }

  start() {
    const { signal } = this.life;
    const p = this.parts;
    p.files.addEventListener("change", () => { this.add(p.files.files); }, { signal });
    p.drop.addEventListener("dragover", (e) => { e.preventDefault(); p.drop.classList.add("rse-synth__drop--over"); }, { signal });
    p.drop.addEventListener("dragleave", () => p.drop.classList.remove("rse-synth__drop--over"), { signal });
    p.drop.addEventListener("drop", (e) => {
      e.preventDefault();
      p.drop.classList.remove("rse-synth__drop--over");
      this.add(e.dataTransfer?.files);
    }, { signal });
    // A file dropped beside the zone would make the browser open it in place of the page, and lose what was read.
    const files = (e) => Boolean(e.dataTransfer && [...e.dataTransfer.types].includes("Files"));
    document.addEventListener("dragover", (e) => { if (files(e)) e.preventDefault(); }, { signal });
    document.addEventListener("drop", (e) => {
      if (!files(e) || p.drop.contains(/** @type {Node} */ (e.target)) || !this.life.alive()) return;
      e.preventDefault();
      this.update("Déposez les fichiers dans le cadre « Exports des entreprises », ou choisissez-les avec le bouton.");
    }, { signal });
    p.clear.addEventListener("click", () => {
      this.files = []; this.unread = []; p.files.value = "";
      this.update("Tous les fichiers ont été retirés de la page.");
    }, { signal });
    p.threshold.addEventListener("change", () => this.setThreshold(), { signal });
    p.period.addEventListener("change", () => { this.period = p.period.value; this.selected = null; this.update(); }, { signal });
    p.aggregate.addEventListener("change", () => this.importAggregate(p.aggregate.files?.[0]), { signal });
    p.form.addEventListener("submit", (e) => { e.preventDefault(); this.setThreshold(); }, { signal });
    this.el.addEventListener("change", (e) => {
      const target = /** @type {HTMLSelectElement} */ (e.target);
      if (!target.matches("[data-rse-synth-choose]")) return;
      this.selected = target.value;
      this.update();
      /** @type {HTMLElement|null} */ (this.el.querySelector("[data-rse-synth-choose]"))?.focus();
    }, { signal });
    this.el.addEventListener("click", (e) => {
      const name = /** @type {HTMLElement} */ (e.target).closest?.("[data-rse-synth-act]")?.getAttribute("data-rse-synth-act");
      if (name) this.act(name);
    }, { signal });
    this.renderActions();
    p.form.hidden = false;
    p.results.hidden = false;
    this.update();
    this.el.setAttribute("data-rse-ready", "");
  }

  /** Read the files given (a FileList), after those already there. */
  async add(list) {
    const chosen = [...(list ?? [])];
    if (!chosen.length) return;
    const texts = await Promise.all(chosen.map(readText));
    if (!this.life.alive()) return;
    chosen.forEach((f, i) => {
      if (texts[i] === null) this.unread.push({ name: f.name, kind: "lecture", reason: "Ce fichier n'a pas pu être lu par le navigateur." });
      else this.files.push({ name: f.name, text: texts[i] });
    });
    this.parts.files.value = "";
    this.update();
  }

  setThreshold() {
    const field = this.parts.threshold;
    const value = Number(field.value);
    if (Number.isInteger(value) && value >= MIN_THRESHOLD) {
      this.threshold = value;
      this.update(`Seuil d'anonymat : ${value} entreprises.`);
      return;
    }
    field.value = String(this.threshold);
    this.update(`Le seuil d'anonymat est un nombre entier d'au moins ${MIN_THRESHOLD} entreprises : il reste à ${this.threshold}.`);
  }

  async importAggregate(file) {
    if (!file) return;
    const text = await readText(file);
    if (!this.life.alive()) return;
    this.parts.aggregate.value = "";
    try {
      if (text === null) throw new UserError("Ce fichier n'a pas pu être lu par le navigateur.");
      this.imported = parseAggregate(this.ref, text);
    } catch (err) {
      if (!(err instanceof UserError)) throw err;
      this.update(err.message);
      return;
    }
    this.update(`Synthèse importée : ${this.imported.campagne.libelle}, ${this.imported.n} entreprises.`);
  }

  /** Recompute and draw; `note` says what just happened, in the live status. */
  update(note = "") {
    const { accepted, refused } = readExports(this.files, this.ref, this.score, { period: this.period });
    const docs = byCampaign(accepted).map((g) => aggregateDocument(this.ref, g.entries, { threshold: this.threshold }));
    const doc = docs.find((d) => d.campagne.id === this.selected) ?? docs[docs.length - 1] ?? null;
    this.shown = doc;
    const allRefused = [...this.unread, ...refused];
    fill(this.parts.status, h("p", null, statusText(this.files.length + this.unread.length, accepted.length, allRefused.length, docs)),
      note ? h("p", null, note) : null);
    renderFilesReport(this, allRefused, accepted);
    renderCampaign(this, docs, doc);
    renderProgress(this, this.comparisons(docs, doc));
    const usable = Boolean(doc?.themes);
    for (const b of this.parts.actions.querySelectorAll("[data-rse-needs-stats]")) b.toggleAttribute("disabled", !usable);
    const hint = this.parts.actions.querySelector("[data-rse-synth-export-hint]");
    if (hint) {
      hint.textContent = usable ? "Les exports ne contiennent que la synthèse de la campagne affichée : aucune donnée d'une entreprise, aucun nom de fichier."
        : `Les exports seront possibles quand la campagne affichée comptera au moins ${this.threshold} entreprises (seuil d'anonymat).`;
    }
    if (this.parts.printDate) this.parts.printDate.textContent = `Rapport de synthèse établi le ${dateText(new Date())}.`;
  }

  /** Consecutive campaigns with statistics, then the imported aggregate with the campaign shown. */
  comparisons(docs, doc) {
    const out = [];
    const withStats = docs.filter((d) => d.themes);
    for (let i = 1; i < withStats.length; i++) out.push({ cmp: compareCampaigns(withStats[i - 1], withStats[i]), imported: false });
    if (this.imported && doc?.themes) {
      const first = this.imported.campagne.debut <= doc.campagne.debut;
      out.push({ cmp: first ? compareCampaigns(this.imported, doc) : compareCampaigns(doc, this.imported), imported: true });
    }
    return out;
  }

  renderActions() {
    const button = (name, text, needsStats = true) =>
      h("button", { type: "button", class: "md-button", "data-rse-synth-act": name, "data-rse-needs-stats": needsStats || null }, text);
    fill(this.parts.actions,
      h("h3", null, "Exporter, imprimer"),
      h("p", { class: "rse-muted", "data-rse-synth-export-hint": "" }),
      h("div", { class: "rse-actions__buttons" },
        button("export-json", "Exporter la synthèse (JSON)"), button("export-csv", "Exporter la synthèse (CSV)"),
        button("export-plan", "Exporter le plan d'action (Markdown)"), button("print", "Imprimer le rapport", false)),
      h("div", { "data-rse-synth-action-status": "", role: "status", class: "rse-action-status" }));
  }

  act(name) {
    const doc = this.shown;
    const say = (text) => fill(this.parts.actions.querySelector("[data-rse-synth-action-status]"), h("p", { class: "rse-action-message" }, text));
    if (name === "print") { window.print(); return; }
    if (name === "drop-import") {
      this.imported = null;
      this.update("Synthèse importée retirée.");
      this.parts.aggregate.focus();
      return;
    }
    if (!doc?.themes) return;
    const base = `synthese-${this.ref.id}-${doc.campagne.id}`;
    if (name === "export-json") {
      download(`${base}.json`, JSON.stringify(doc, null, 2) + "\n", "application/json");
      say("Synthèse exportée : le fichier JSON est dans vos téléchargements.");
    } else if (name === "export-csv") {
      download(`${base}.csv`, aggregateCsv(this.ref, doc), "text/csv;charset=utf-8");
      say("Synthèse exportée : le fichier CSV est dans vos téléchargements.");
    } else if (name === "export-plan") {
      const fiches = Object.fromEntries(Object.entries(this.fiches).map(([slug, f]) =>
        [slug, { title: f.title, url: new URL(f.url, document.baseURI).href }]));
      download(`plan-action-${this.ref.id}-${doc.campagne.id}.md`, actionPlanMarkdown({ ...this.ref, fiches: this.refFiches }, doc, fiches), "text/markdown;charset=utf-8");
      say("Plan d'action exporté : le fichier Markdown est dans vos téléchargements.");
    }
  }
}
