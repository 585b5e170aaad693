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
    if (script && !form.dataset.rseReady) start(root, form, script, life);
  });
}

function start(root, form, script, { signal }) {
  let data;
  try {
    data = JSON.parse(script.textContent);
  } catch (err) {
    console.error(PREFIX, "données illisibles", err);
    return;
  }
  form.dataset.rseReady = "1";
  const { check } = makeChecker(data);
  const $ = (selector) => form.querySelector(selector);
  const keyed = (key) => form.querySelector(`[data-rse-key="${key}"]`);
  const touched = new Set();
  let slugEdited = false;
  let submitted = false;
  let downloadUrl = null;

  function proposal() {
    const fields = {};
    for (const key of data.order) {
      const input = keyed(key);
      if (input) fields[key] = input.value;
    }
    const labels = [];
    for (const box of form.querySelectorAll("input[data-rse-label]")) {
      if (!box.checked) continue;
      const id = box.dataset.rseLabel;
      const value = (name) => keyed(`label:${id}:${name}`)?.value ?? "";
      labels.push({ label: id, niveau: value("niveau"), obtenu: value("obtenu"), expire: value("expire") });
    }
    return { slug: keyed("slug").value.trim(), fields, labels };
  }

  function showErrors(errors) {
    for (const p of form.querySelectorAll("[data-rse-error-for]")) {
      const key = p.dataset.rseErrorFor;
      const error = (touched.has(key) || submitted) ? errors[key] : null;
      const input = keyed(key);
      if (input) input.setAttribute("aria-invalid", error ? "true" : "false");
      p.hidden = !error;
      p.replaceChildren();
      if (!error) continue;
      p.append(h("strong", null, "erreur : "), error.message);
      if (error.hint) p.append(h("span", { class: "rse-field-error__hint" }, `conseil : ${error.hint}`));
    }
  }

  function setStatus(text) {
    const status = $("[data-rse-proposal-status]");
    if (status.textContent !== text) status.textContent = text;
  }

  function update() {
    const p = proposal();
    const path = `${data.folder}${p.slug}.yml`;
    $("[data-rse-proposal-slug]").textContent = p.slug || "…";
    const { errors, yaml } = check(p);
    showErrors(errors);
    const result = $("[data-rse-proposal-result]");
    const count = Object.keys(errors).length;
    result.hidden = count > 0;
    if (count) {
      setStatus(submitted ? `${counted(count, "erreur")} à corriger avant de préparer le fichier.` : "");
      return;
    }
    setStatus(`Fichier prêt : ${path}.`);
    $("[data-rse-proposal-path]").textContent = path;
    $("[data-rse-proposal-yaml]").value = yaml;
    if (downloadUrl) URL.revokeObjectURL(downloadUrl);
    downloadUrl = URL.createObjectURL(new Blob([yaml], { type: "text/yaml;charset=utf-8" }));
    const download = $("[data-rse-proposal-download]");
    download.href = downloadUrl;
    download.download = `${p.slug}.yml`;
    const github = $("[data-rse-proposal-github]");
    if (github && data.new_file) {
      github.href = `${data.new_file}?filename=${path}&value=${encodeURIComponent(yaml)}`;
    }
  }

  form.addEventListener("input", (event) => {
    const target = event.target;
    if (target.dataset.rseKey) touched.add(target.dataset.rseKey);
    if (target.dataset.rseKey === "slug") slugEdited = target.value.trim() !== "";
    if (target.dataset.rseKey === "nom" && !slugEdited) keyed("slug").value = slugify(target.value);
    if (target.dataset.rseLabel) {
      touched.add("labels");
      form.querySelector(`[data-rse-award="${target.dataset.rseLabel}"]`).hidden = !target.checked;
    }
    update();
  }, { signal });
  form.addEventListener("change", (event) => {
    if (event.target.dataset.rseKey) touched.add(event.target.dataset.rseKey);
    update();
  }, { signal });
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    submitted = true;
    update();
    const invalid = form.querySelector('[aria-invalid="true"]');
    if (invalid) invalid.focus();
    else $("[data-rse-proposal-yaml]").focus();
  }, { signal });
  $("[data-rse-proposal-copy]").addEventListener("click", async () => {
    const area = $("[data-rse-proposal-yaml]");
    try {
      await navigator.clipboard.writeText(area.value);
      setStatus("Fichier copié : collez-le dans un nouveau fichier.");
    } catch {
      area.select();  // the editor copies with Ctrl+C
      setStatus("Copie automatique impossible : le texte est sélectionné, copiez-le avec Ctrl+C.");
    }
  }, { signal });
  // The file offered for download goes with the page.
  signal.addEventListener("abort", () => { if (downloadUrl) URL.revokeObjectURL(downloadUrl); });

  form.hidden = false;
  const fallback = root.querySelector("[data-rse-proposal-fallback]");
  if (fallback) fallback.hidden = true;
  update();
}
