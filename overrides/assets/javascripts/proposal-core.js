// The company form's logic, without the DOM: check a company as
// `python -m generator check` does, and write its YAML file. The rules come
// from the page's data (the entreprise JSON Schema, generator/kinds.py) and
// every message from generator/messages.py; nothing here repeats a rule's
// number or a message's words. Runs in Node.js for tests.

import { choicesHint, fill } from "./closest.js";

const codePoints = (text) => Array.from(text).length;

/** One checker per spec of generator/schema.py, in the same order of tests. */
export function makeChecker(data) {
  const M = data.messages;
  const html = new RegExp(data.patterns.html);
  const script = new RegExp(data.patterns.script, "i");
  const forbidden = new RegExp(data.patterns.forbidden, "u");
  const charName = (ch) => `U+${ch.codePointAt(0).toString(16).toUpperCase().padStart(4, "0")}`;
  const say = (key, values = {}) => ({
    message: fill(M[key], values),
    hint: fill(M[`${key}.conseil`] || "", values),
  });

  function text(value, schema) {  // schema.Str
    const v = value.trim();
    const length = codePoints(v);
    if (length < (schema.minLength ?? 0)) return say("texte_vide");
    if (length > schema.maxLength) return say("texte_trop_long", { length, maximum: schema.maxLength });
    if (html.test(v)) return say("html_interdit");
    if (v.toLowerCase().includes("script") && script.test(v)) return say("javascript_interdit");
    if (schema.pattern && !new RegExp(schema.pattern).test(v)) {
      return { message: fill(M.valeur_invalide, { value: v }), hint: M["identifiant.conseil"] };
    }
    return null;
  }

  function url(value, schema) {  // schema.Url
    const v = value.trim();
    const length = codePoints(v);
    if (length > schema.maxLength) return say("adresse_trop_longue", { length, maximum: schema.maxLength });
    if (!new RegExp(schema.pattern).test(v)) return say("adresse_invalide", { value: v, allowed: "http(s)" });
    return null;
  }

  function date(value, schema) {  // schema.Date
    const v = value.trim();
    if (!new RegExp(schema.pattern).test(v)) return say("date_invalide", { value: v });
    const [y, m, d] = v.split("-").map(Number);
    if (y < 1 || m < 1 || m > 12 || d < 1 || d > daysIn(y, m)) return say("date_impossible", { value: v });
    return null;
  }

  function field(value, sourced) {
    // A value the guide does not give may be written {valeur, provenance, raison}
    // (generator/schema.py Sourced): the form writes the first, plain form.
    let schema = sourced;
    while (schema.anyOf) schema = schema.anyOf[0];
    const bad = value.match(forbidden);  // load.py refuses the whole file first
    if (bad) return say("caractere_invisible", { char: charName(bad[0]) });
    if (schema.format === "date") return date(value, schema);
    if (schema.format === "uri") return url(value, schema);
    return text(value, schema);
  }

  function reference(what, value, known, suffix = "") {  // validate._ref
    if (known.includes(value)) return null;
    return {
      message: fill(M.reference_inconnue, { what, unknown: "inconnu", value, suffix }),
      hint: choicesHint(value, known, M),
    };
  }

  /**
   * Check a proposal: {slug, fields: {nom, site, ...}, labels: [{label, niveau, obtenu, expire}]}.
   * Returns {errors: {key: {message, hint}}, yaml} (yaml only when there is no error).
   * Error keys: field names, "slug", "labels", and "label:<id>:<field>".
   */
  function check(proposal) {
    const schema = data.schema;
    const errors = {};
    const slugError = new RegExp(data.patterns.slug).test(proposal.slug) ? null
      : say("nom_de_fichier_invalide", { name: `${proposal.slug}.yml` });
    if (slugError) errors.slug = slugError;
    for (const [key, spec] of Object.entries(schema.properties)) {
      if (key === "labels" || !(key in proposal.fields)) continue;
      const value = proposal.fields[key];
      if (!schema.required.includes(key) && value.trim() === "") continue;  // optional, left empty
      const error = field(value, spec);
      if (error) errors[key] = error;
    }
    if (!errors.cluster) {
      const known = data.clusters.map((c) => c.id);
      const error = reference("cluster", proposal.fields.cluster.trim(), known);
      if (error) errors.cluster = error;
    }
    const list = schema.properties.labels;
    if (proposal.labels.length < list.minItems) {
      errors.labels = say("liste_trop_courte", { count: proposal.labels.length, minimum: list.minItems });
    }
    const item = list.items;
    for (const award of proposal.labels) {
      const label = data.labels.find((l) => l.id === award.label);
      for (const key of ["obtenu", "expire"]) {
        if (!item.required.includes(key) && award[key].trim() === "") continue;
        const error = field(award[key], item.properties[key]);
        if (error) errors[`label:${award.label}:${key}`] = error;
      }
      if (award.niveau) {
        const error = reference("niveau", award.niveau, label.levels.map((l) => l.id), ` pour le label ${label.name}`);
        if (error) errors[`label:${award.label}:niveau`] = error;
      }
      const rule = label.eligibility;
      const failures = rule ? eligibility(rule, proposal.fields, errors) : [];
      if (failures.length) {
        const [failure, hint] = failures[0];
        errors[`label:${award.label}:eligibilite`] = say("non_eligible", {
          failure, label: label.name, name: proposal.fields.nom.trim(), text: rule.text, hint,
        });
      }
      const { obtenu, expire } = award;
      if (expire.trim() && !errors[`label:${award.label}:obtenu`] && !errors[`label:${award.label}:expire`]
          && expire.trim() <= obtenu.trim()) {
        errors[`label:${award.label}:expire`] = say("expiration_avant_obtention",
          { expires: expire.trim(), obtained: obtenu.trim() });
      }
    }
    return { errors, yaml: Object.keys(errors).length ? "" : toYaml(proposal, data) };
  }

  // validate._eligible: who may hold a label, checked on valid fields only.
  function eligibility(rule, fields, errors) {
    const quoted = (values) => values.map((v) => `'${v}'`).join(", ");
    const value = (key) => fields[key].trim();
    const failed = [];
    const add = (key, values) => {
      const { message, hint } = say(key, values);
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

  return { check };
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
