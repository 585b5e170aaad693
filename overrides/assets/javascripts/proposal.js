// "Proposer une entreprise": reads the form, checks it with proposal-core.js
// as the editor types, and offers the YAML file. Nothing leaves the browser:
// the file is copied, downloaded, or handed to GitHub's new-file page only
// when the editor follows that link.

import { h } from "./dom.js";
import { counted } from "./fr.js";
import { mount } from "./lifecycle.js";
import { makeChecker, slugify } from "./proposal-core.js";

const PREFIX = "[rse] proposal:";

export function init(root) {
  mount(root, "form[data-rse-proposal]", (form, life) => {
    const script = root.querySelector("script[data-rse-proposal-data]");
    if (!script || form.dataset.rseReady) return;
    let data;
    try {
      data = JSON.parse(script.textContent);
    } catch (err) {
      console.error(PREFIX, "données illisibles", err);
      return;
    }
    form.dataset.rseReady = "1";
    new Proposal(form, data, life.signal).start(root);
  });
}

class Proposal {
  constructor(form, data, signal) {
    this.form = form;
    this.data = data;
    this.signal = signal;
    this.check = makeChecker(data).check;
    this.touched = new Set();
    this.slugEdited = false;
    this.submitted = false;
    this.downloadUrl = null;
    // The file offered for download goes with the page.
    signal.addEventListener("abort", () => { if (this.downloadUrl) URL.revokeObjectURL(this.downloadUrl); });
  }

  $(selector) {
    return this.form.querySelector(selector);
  }

  keyed(key) {
    return this.form.querySelector(`[data-rse-key="${key}"]`);
  }

  proposal() {
    const fields = {};
    for (const key of this.data.order) {
      const input = this.keyed(key);
      if (input) fields[key] = input.value;
    }
    const labels = [];
    for (const box of this.form.querySelectorAll("input[data-rse-label]")) {
      if (!box.checked) continue;
      const id = box.dataset.rseLabel;
      const value = (name) => this.keyed(`label:${id}:${name}`)?.value ?? "";
      labels.push({ label: id, niveau: value("niveau"), obtenu: value("obtenu"), expire: value("expire") });
    }
    return { slug: this.keyed("slug").value.trim(), fields, labels };
  }

  showErrors(errors) {
    for (const p of this.form.querySelectorAll("[data-rse-error-for]")) {
      const key = p.dataset.rseErrorFor;
      const error = (this.touched.has(key) || this.submitted) ? errors[key] : null;
      const input = this.keyed(key);
      if (input) input.setAttribute("aria-invalid", error ? "true" : "false");
      p.hidden = !error;
      p.replaceChildren();
      if (!error) continue;
      p.append(h("strong", null, "erreur : "), error.message);
      if (error.hint) p.append(h("span", { class: "rse-field-error__hint" }, `conseil : ${error.hint}`));
    }
  }

  setStatus(text) {
    const status = this.$("[data-rse-proposal-status]");
    if (status.textContent !== text) status.textContent = text;
  }

  update() {
    const p = this.proposal();
    this.$("[data-rse-proposal-slug]").textContent = p.slug || "…";
    const { errors, yaml } = this.check(p);
    this.showErrors(errors);
    const count = Object.keys(errors).length;
    this.$("[data-rse-proposal-result]").hidden = count > 0;
    if (count) {
      this.setStatus(this.submitted ? `${counted(count, "erreur")} à corriger avant de préparer le fichier.` : "");
      return;
    }
    this.offer(p.slug, yaml);
  }

  /** The file is ready: shown, downloadable, and one link away from GitHub's new-file page. */
  offer(slug, yaml) {
    const path = `${this.data.folder}${slug}.yml`;
    this.setStatus(`Fichier prêt : ${path}.`);
    this.$("[data-rse-proposal-path]").textContent = path;
    this.$("[data-rse-proposal-yaml]").value = yaml;
    if (this.downloadUrl) URL.revokeObjectURL(this.downloadUrl);
    this.downloadUrl = URL.createObjectURL(new Blob([yaml], { type: "text/yaml;charset=utf-8" }));
    const download = this.$("[data-rse-proposal-download]");
    download.href = this.downloadUrl;
    download.download = `${slug}.yml`;
    const github = this.$("[data-rse-proposal-github]");
    if (github && this.data.new_file) {
      github.href = `${this.data.new_file}?filename=${path}&value=${encodeURIComponent(yaml)}`;
    }
  }

  onInput(target) {
    const key = target.dataset.rseKey;
    if (key) this.touched.add(key);
    if (key === "slug") this.slugEdited = target.value.trim() !== "";
    if (key === "nom" && !this.slugEdited) this.keyed("slug").value = slugify(target.value);
    if (target.dataset.rseLabel) {
      this.touched.add("labels");
      this.form.querySelector(`[data-rse-award="${target.dataset.rseLabel}"]`).hidden = !target.checked;
    }
    this.update();
  }

  async copy() {
    const area = this.$("[data-rse-proposal-yaml]");
    try {
      await navigator.clipboard.writeText(area.value);
      this.setStatus("Fichier copié : collez-le dans un nouveau fichier.");
    } catch {
      area.select();  // the editor copies with Ctrl+C
      this.setStatus("Copie automatique impossible : le texte est sélectionné, copiez-le avec Ctrl+C.");
    }
  }

  start(root) {
    const { form, signal } = this;
    form.addEventListener("input", (event) => this.onInput(event.target), { signal });
    form.addEventListener("change", (event) => {
      if (event.target.dataset.rseKey) this.touched.add(event.target.dataset.rseKey);
      this.update();
    }, { signal });
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      this.submitted = true;
      this.update();
      const invalid = form.querySelector('[aria-invalid="true"]');
      if (invalid) invalid.focus();
      else this.$("[data-rse-proposal-yaml]").focus();
    }, { signal });
    this.$("[data-rse-proposal-copy]").addEventListener("click", () => this.copy(), { signal });
    form.hidden = false;
    const fallback = root.querySelector("[data-rse-proposal-fallback]");
    if (fallback) fallback.hidden = true;
    this.update();
  }
}
