// The diagnostic's answers saved on this device (localStorage), one key per
// referential and version. Storage may be missing or refuse (private
// browsing, blocked storage): the page then says so once and keeps working.

import { UserError, exportDocument, parseSave, storageKey, storagePrefix } from "./diagnostic-core.js";

/** @typedef {import("./diagnostic-core.js").Answers} Answers */
/** @typedef {(id: string, kind: "info"|"warn"|"error", text: string) => void} Warn */

/** localStorage may be missing or throw on access. */
function storage() {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}

export class AnswerStore {
  /**
   * @param {any} ref the referential's data
   * @param {Warn} warn shows a notice, once per id
   */
  constructor(ref, warn) {
    this.ref = ref;
    this.key = storageKey(ref);
    this.warn = warn;
  }

  problem() {
    this.warn("storage", "warn", "L'enregistrement automatique n'est pas disponible dans ce navigateur (navigation privée ou stockage bloqué) : exportez vos réponses pour les conserver.");
  }

  /**
   * Saved answers of this version, or null; a bad save is reported (unless
   * `quiet`), never thrown.
   * @returns {Answers|null}
   */
  read(quiet = false) {
    const store = storage();
    let text = null;
    try {
      if (!store) throw new Error("no storage");
      text = store.getItem(this.key);
    } catch {
      if (!quiet) this.problem();
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
        this.warn("corrupted", "warn", `Vos réponses enregistrées sur cet appareil n'ont pas été reprises. ${err.message} Elles seront remplacées à votre prochaine réponse.`);
      }
      return null;
    }
  }

  /** Saves of earlier versions of the grid are not taken over: say that they exist. */
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
    this.warn("outdated", "info", `Des réponses enregistrées sur cet appareil pour une version précédente de ce référentiel (version ${versions.sort().join(", ")}) n'ont pas été reprises : la grille a changé (version actuelle : ${this.ref.version}).`);
  }

  /** @param {Answers} answers none: the save is removed */
  save(answers) {
    const store = storage();
    try {
      if (!store) throw new Error("no storage");
      if (Object.keys(answers).length) store.setItem(this.key, JSON.stringify(exportDocument(this.ref, answers)));
      else store.removeItem(this.key);
    } catch {
      this.problem();
    }
  }
}
