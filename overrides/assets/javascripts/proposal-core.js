// The company form's logic, without the DOM: check a company as
// `python -m generator check` does, and write its YAML file. The rules come
// from the page's data (the entreprise JSON Schema, generator/kinds.py) and
// every message from generator/messages.py; nothing here repeats a rule's
// number or a message's words. Runs in Node.js for tests.

import { choicesHint, fill } from "./closest.js";

const codePoints = (text) => Array.from(text).length;

const charName = (ch) => `U+${ch.codePointAt(0).toString(16).toUpperCase().padStart(4, "0")}`;

/** One checker per spec of generator/schema.py, in the same order of tests. */
class Checker {
  constructor(data) {
    this.data = data;
    this.M = data.messages;
    this.html = new RegExp(data.patterns.html);
    this.script = new RegExp(data.patterns.script, "i");
    this.forbidden = new RegExp(data.patterns.forbidden, "u");
  }

  say(key, values = {}) {
    return { message: fill(this.M[key], values), hint: fill(this.M[`${key}.conseil`] || "", values) };
  }

  text(value, schema) {  // schema.Str
    const v = value.trim();
    const length = codePoints(v);
    if (length < (schema.minLength ?? 0)) return this.say("texte_vide");
    if (length > schema.maxLength) return this.say("texte_trop_long", { length, maximum: schema.maxLength });
    if (this.html.test(v)) return this.say("html_interdit");
    if (v.toLowerCase().includes("script") && this.script.test(v)) return this.say("javascript_interdit");
    if (schema.pattern && !new RegExp(schema.pattern).test(v)) {
      return { message: fill(this.M.valeur_invalide, { value: v }), hint: this.M["identifiant.conseil"] };
    }
    return null;
  }

  url(value, schema) {  // schema.Url
    const v = value.trim();
    const length = codePoints(v);
    if (length > schema.maxLength) return this.say("adresse_trop_longue", { length, maximum: schema.maxLength });
    if (!new RegExp(schema.pattern).test(v)) return this.say("adresse_invalide", { value: v, allowed: "http(s)" });
    return null;
  }

  date(value, schema) {  // schema.Date
    const v = value.trim();
    if (!new RegExp(schema.pattern).test(v)) return this.say("date_invalide", { value: v });
    const [y, m, d] = v.split("-").map(Number);
    if (y < 1 || m < 1 || m > 12 || d < 1 || d > daysIn(y, m)) return this.say("date_impossible", { value: v });
    return null;
  }

  field(value, sourced) {
    // A value the guide does not give may be written {valeur, provenance, raison}
    // (generator/schema.py Sourced): the form writes the first, plain form.
    let schema = sourced;
    while (schema.anyOf) schema = schema.anyOf[0];
    const bad = value.match(this.forbidden);  // load.py refuses the whole file first
    if (bad) return this.say("caractere_invisible", { char: charName(bad[0]) });
    if (schema.format === "date") return this.date(value, schema);
    if (schema.format === "uri") return this.url(value, schema);
    return this.text(value, schema);
  }

  reference(what, value, known, suffix = "") {  // validate._ref
    if (known.includes(value)) return null;
    return {
      message: fill(this.M.reference_inconnue, { what, unknown: "inconnu", value, suffix }),
      hint: choicesHint(value, known, this.M),
    };
  }

  /**
   * Check a proposal: {slug, fields: {nom, site, ...}, labels: [{label, niveau, obtenu, expire}]}.
   * Returns {errors: {key: {message, hint}}, yaml} (yaml only when there is no error).
   * Error keys: field names, "slug", "labels", and "label:<id>:<field>".
   */
  check(proposal) {
    const { data } = this;
    const errors = {};
    if (!new RegExp(data.patterns.slug).test(proposal.slug)) {
      errors.slug = this.say("nom_de_fichier_invalide", { name: `${proposal.slug}.yml` });
    }
    this.checkFields(proposal, errors);
    const list = data.schema.properties.labels;
    if (proposal.labels.length < list.minItems) {
      errors.labels = this.say("liste_trop_courte", { count: proposal.labels.length, minimum: list.minItems });
    }
    for (const award of proposal.labels) this.checkAward(proposal, award, errors);
    return { errors, yaml: Object.keys(errors).length ? "" : toYaml(proposal, data) };
  }

  checkFields(proposal, errors) {
    const schema = this.data.schema;
    for (const [key, spec] of Object.entries(schema.properties)) {
      if (key === "labels" || !(key in proposal.fields)) continue;
      const value = proposal.fields[key];
      if (!schema.required.includes(key) && value.trim() === "") continue;  // optional, left empty
      const error = this.field(value, spec);
      if (error) errors[key] = error;
    }
    if (!errors.cluster) {
      const known = this.data.clusters.map((c) => c.id);
      const error = this.reference("cluster", proposal.fields.cluster.trim(), known);
      if (error) errors.cluster = error;
    }
  }

  checkAward(proposal, award, errors) {
    const label = this.data.labels.find((l) => l.id === award.label);
    const item = this.data.schema.properties.labels.items;
    const key = (name) => `label:${award.label}:${name}`;
    for (const name of ["obtenu", "expire"]) {
      if (!item.required.includes(name) && award[name].trim() === "") continue;
      const error = this.field(award[name], item.properties[name]);
      if (error) errors[key(name)] = error;
    }
    if (award.niveau) {
      const error = this.reference("niveau", award.niveau, label.levels.map((l) => l.id), ` pour le label ${label.name}`);
      if (error) errors[key("niveau")] = error;
    }
    const rule = label.eligibility;
    const failures = rule ? this.eligibility(rule, proposal.fields, errors) : [];
    if (failures.length) {
      const [failure, hint] = failures[0];
      errors[key("eligibilite")] = this.say("non_eligible", {
        failure, label: label.name, name: proposal.fields.nom.trim(), text: rule.text, hint,
      });
    }
    const { obtenu, expire } = award;
    if (expire.trim() && !errors[key("obtenu")] && !errors[key("expire")] && expire.trim() <= obtenu.trim()) {
      errors[key("expire")] = this.say("expiration_avant_obtention", { expires: expire.trim(), obtained: obtenu.trim() });
    }
  }

  // validate._eligible: who may hold a label, checked on valid fields only.
  eligibility(rule, fields, errors) {
    const quoted = (values) => values.map((v) => `'${v}'`).join(", ");
    const value = (key) => fields[key].trim();
    const failed = [];
    const add = (key, values) => {
      const { message, hint } = this.say(key, values);
      failed.push([message, hint]);
    };
    if (rule.regions.length && !errors.region && !rule.regions.includes(value("region"))) {
      add("hors_perimetre_region", { value: value("region"), allowed: quoted(rule.regions) });
    }
    if (rule.sector_words.length && !errors.secteur
        && !rule.sector_words.some((w) => fold(value("secteur")).includes(fold(w)))) {
      add("hors_champ_secteur", { value: value("secteur"), allowed: rule.sector_words.map((w) => `« ${w} »`).join(" ou ") });
    }
    if (rule.clusters.length && !errors.cluster && !rule.clusters.includes(value("cluster"))) {
      add("hors_perimetre_cluster", { value: value("cluster"), allowed: quoted(rule.clusters) });
    }
    return failed;
  }
}

/** The checker of a page's data: `check(proposal)` gives {errors, yaml}. */
export function makeChecker(data) {
  const checker = new Checker(data);
  return { check: (proposal) => checker.check(proposal) };
}

/** validate._fold: accent- and case-blind. */
function fold(text) {
  return text.normalize("NFD").replace(/\p{M}/gu, "").toLowerCase();
}

function daysIn(year, month) {
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  return [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1];
}

// What PyYAML reads back as the same text: a plain scalar only when nothing
// in it has a meaning in YAML; otherwise a double-quoted one, where JSON's
// escapes are valid YAML and every character outside YAML's printable set is
// written as an escape (PyYAML refuses it raw).
const PLAIN = /^[\p{L}][\p{L}\p{N} .,'’()/&+-]*$/u;
const RESERVED = /^(?:y|n|yes|no|true|false|on|off|null)$/i;
const NOT_PRINTABLE = /[^\t\n\r\u0020-\u007e\u0085\u00a0-\ud7ff\ue000-\ufffd\u{10000}-\u{10ffff}]|[\u2028\u2029\u0085]/gu;

export function scalar(value) {
  if (PLAIN.test(value) && !RESERVED.test(value)) return value;
  return JSON.stringify(value).replace(NOT_PRINTABLE,
    (ch) => `\\u${ch.codePointAt(0).toString(16).padStart(4, "0")}`);
}

export function toYaml(proposal, data) {
  const lines = [data.header];
  for (const key of data.order) {
    if (key === "labels") continue;
    const value = (proposal.fields[key] ?? "").trim();
    if (value) lines.push(`${key}: ${scalar(value)}`);
  }
  lines.push("labels:");
  for (const award of proposal.labels) {
    lines.push(`  - label: ${award.label}`);
    if (award.niveau) lines.push(`    niveau: ${award.niveau}`);
    lines.push(`    obtenu: ${award.obtenu.trim()}`);
    if (award.expire.trim()) lines.push(`    expire: ${award.expire.trim()}`);
  }
  return lines.join("\n") + "\n";
}

/** A file name from a company's name: 'Atelier Été & Cie' -> 'atelier-ete-cie'. */
export function slugify(name) {
  return name.normalize("NFD").replace(/\p{M}/gu, "").toLowerCase()
    .replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "").slice(0, 80).replace(/-+$/, "");
}
