// What the reader does with the answers: export them (JSON) or the results
// (CSV), compare with an earlier export, share a link, print, erase. Files
// are made and read in the browser; nothing is sent anywhere.

import { UserError, deltaText, exportDocument, isoDay, parseImport, resultsCsv } from "./diagnostic-core.js";
import { fill, h } from "./dom.js";

/** @typedef {import("./diagnostic-form.js").Diagnostic} Diagnostic */

const SHARED_TEXT = "Lien de partage créé : copiez-le dans le champ ci-dessus.";

export function download(filename, content, type) {
  const url = URL.createObjectURL(new Blob([content], { type }));
  // A detached link: Material's instant navigation listens for clicks on the
  // page and must not take a blob: URL for a page to fetch.
  const a = h("a", { href: url, download: filename });
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 30_000);
}

/**
 * The outcome of the last action, in the status region under the buttons.
 * @param {Diagnostic} d
 */
export function actionStatus(d, text, error = false) {
  const box = d.el.actions?.querySelector("[data-rse-action-status]");
  if (!box) return;
  fill(box, h("p", { class: error ? "rse-notice rse-notice--error" : "rse-action-message", role: error ? "alert" : null }, text));
}

/** @param {Diagnostic} d */
function share(d, box, field) {
  box.hidden = false;
  field.value = d.shareUrl();
  field.focus();
  field.select();
  const copied = navigator.clipboard?.writeText(field.value);
  if (!copied) {
    d.actionStatus(SHARED_TEXT);
    return;
  }
  copied.then(() => d.actionStatus("Lien de partage copié dans le presse-papiers."), () => d.actionStatus(SHARED_TEXT));
}

/** @param {Diagnostic} d */
function act(d, name, parts) {
  if (name === "export-json") {
    download(`autodiagnostic-${d.ref.id}-${isoDay()}.json`,
      JSON.stringify(exportDocument(d.ref, d.answers), null, 2) + "\n", "application/json");
    d.actionStatus("Réponses exportées : le fichier JSON est dans vos téléchargements. Importez-le plus tard pour comparer.");
  } else if (name === "export-csv") {
    download(`resultats-${d.ref.id}-${isoDay()}.csv`, resultsCsv(d.ref, d.result), "text/csv;charset=utf-8");
    d.actionStatus("Résultats exportés : le fichier CSV est dans vos téléchargements.");
  } else if (name === "import") {
    parts.file.value = "";
    parts.file.click();
  } else if (name === "share") {
    share(d, parts.share, parts.shareUrl);
  } else if (name === "print") {
    window.print();
  } else if (name === "reset") {
    if (!confirm("Effacer toutes vos réponses ? Elles seront aussi supprimées de cet appareil.")) return;
    d.replaceAnswers({}, "Vos réponses ont été effacées.");
  }
}

/**
 * An earlier export, read to compare with. Any file may be chosen here:
 * whatever fails, the reader is told and the answers and the comparison
 * shown stay as they were.
 * @param {Diagnostic} d
 * @param {File} f
 */
async function compareWith(d, f) {
  let text;
  try {
    text = await f.text();
  } catch {
    d.actionStatus("Ce fichier n'a pas pu être lu.", true);
    return;
  }
  if (!d.life.alive()) return;
  try {
    const imported = parseImport(d.ref, text);
    d.compare = { ...imported, name: f.name, result: d.score(imported.answers) };
  } catch (err) {
    if (!(err instanceof UserError)) console.error("[rse] diagnostic : import", err);
    d.actionStatus(err instanceof UserError ? err.message
      : "Ce fichier n'a pas pu être importé : choisissez un export « Exporter mes réponses (JSON) » de cette page.", true);
    return;
  }
  d.update();
  const delta = deltaText(d.result.score - d.compare.result.score);
  d.actionStatus(`Comparaison affichée : ${delta} par rapport au fichier importé.${d.compare.warnings.length ? " Attention : " + d.compare.warnings.join(" ") : ""}`);
}

/** @param {Diagnostic} d */
export function renderActions(d) {
  const box = d.el.actions;
  if (!box) return;
  const button = (name, text) => h("button", { type: "button", class: "md-button", "data-rse-act": name }, text);
  const file = h("input", { type: "file", accept: ".json,application/json", hidden: true, "data-rse-import": "", tabindex: "-1" });
  const shareUrl = h("input", { type: "text", id: "rse-share-url", readonly: true, "data-rse-share-url": "", class: "rse-share__url" });
  const shareBox = h("div", { class: "rse-share", hidden: true },
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
    file, shareBox,
    h("div", { "data-rse-action-status": "", role: "status", class: "rse-action-status" }));

  const { signal } = d;
  const parts = { file, share: shareBox, shareUrl };
  box.addEventListener("click", (event) => {
    const name = /** @type {HTMLElement} */ (event.target).closest?.("[data-rse-act]")?.getAttribute("data-rse-act");
    if (name) act(d, name, parts);
  }, { signal });
  file.addEventListener("change", () => {
    const f = file.files && file.files[0];
    if (f) compareWith(d, f);
  }, { signal });
}
