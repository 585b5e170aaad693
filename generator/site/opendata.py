"""Open data of the directory: CSV with its Table Schema, JSON, Atom feed."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from xml.sax.saxutils import escape

from .. import urls
from ..model import SOON_DAYS, Award, Company, Project
from .cache import RenderCache
from .templating import date_fr

CSV_FIELDS = [
    ("entreprise", "string", "Identifiant de l'entreprise (nom du fichier)"),
    ("nom", "string", "Raison sociale"),
    ("region", "string", "Région"),
    ("secteur", "string", "Secteur d'activité"),
    ("cluster", "string", "Identifiant du cluster ou pôle d'appartenance"),
    ("site", "string", "Site web"),
    ("label", "string", "Identifiant du label"),
    ("label_nom", "string", "Nom du label"),
    ("emetteur", "string", "Qui délivre le label"),
    ("niveau", "string", "Niveau obtenu (vide si le label n'a pas de niveau)"),
    ("obtenu", "date", "Date d'obtention (vide si elle n'est connue qu'approximativement : voir obtenu_approx)"),
    ("obtenu_approx", "string", "Date d'obtention approximative (« avant 2014 », « en 2018 », « inconnue ») ; vide si la date est exacte"),
    ("expire", "date", "Date de fin de validité (vide si elle ne peut pas se déduire des données : statut a-confirmer)"),
    ("statut", "string", "Statut à la date de génération : valide, expire-bientot, expire, ou a-confirmer quand la date de fin n'est pas connue"),
    ("hypotheses", "string", "Colonnes de la ligne dont la valeur est une hypothèse ou vient d'hors du guide, séparées par des espaces "
                             "(vide : aucune) ; leurs raisons sont dans entreprises.json (champ hypotheses) et sur la page Sources et méthode"),
    ("exemple", "boolean", "true pour une entreprise fictive de démonstration"),
]
STATUSES = ["valide", "expire-bientot", "expire", "a-confirmer"]
MARKABLE = ("region", "secteur", "emetteur", "obtenu", "expire")  # columns whose value may be marked


def _marks(company: Company, award: Award, ref) -> dict[str, dict]:
    """The marked values of one CSV row, by column: {provenance, raison}."""
    marks = {k: p for k, p in company.assumptions}
    marks.update({k: p for k, p in award.assumptions})
    if ref.label.prov("emetteur").marked:
        marks["emetteur"] = ref.label.prov("emetteur")
    return {k: {"provenance": p.kind, "raison": p.reason} for k, p in sorted(marks.items()) if k in MARKABLE}


# OWASP's rule against CSV injection: a spreadsheet program runs a cell that
# starts with one of these as a formula (tab and CR because some programs drop
# them first). Every text cell comes from data files, so every column is treated.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
NEUTRALISED = ("Une valeur de texte qui commence par =, +, -, @, une tabulation ou un retour chariot est "
               "précédée d'une apostrophe (') pour qu'un tableur ne l'exécute pas comme une formule "
               "(règle de l'OWASP contre l'injection CSV) ; retirez cette apostrophe pour retrouver la valeur.")


def neutralised(value: str) -> str:
    return "'" + value if value.startswith(FORMULA_START) else value


def _rows(project: Project, c: Company, today: dt.date):
    for a in c.awards:
        ref = project.referentials[a.label]
        level = ref.level(a.level)
        yield {
            "entreprise": c.slug, "nom": c.name, "region": c.region, "secteur": c.sector,
            "cluster": c.cluster, "site": c.site or "", "label": a.label, "label_nom": ref.label.name,
            "emetteur": ref.label.issuer, "niveau": level.label if level else "",
            "obtenu": a.obtained.isoformat() if a.obtained else "", "obtenu_approx": a.obtained_text or "",
            "expire": a.expires.isoformat() if a.expires_known else "",
            "statut": a.status(today), "hypotheses": " ".join(_marks(c, a, ref)),
            "exemple": "true" if c.example else "false",
        }


def _csv_writer(buf: io.StringIO) -> csv.DictWriter:
    return csv.DictWriter(buf, fieldnames=[f[0] for f in CSV_FIELDS], lineterminator="\n")


def _csv_lines(project: Project, c: Company, today: dt.date) -> str:
    buf = io.StringIO()
    writer = _csv_writer(buf)
    for row in _rows(project, c, today):
        writer.writerow({k: neutralised(v) for k, v in row.items()})
    return buf.getvalue()


def csv_table(project: Project, companies: list[Company], today: dt.date, cache: RenderCache | None = None) -> str:
    """One line per award. `cache` reuses a company's lines while it did not
    change (a scope of the labels and the day, see directory.py)."""
    memo = (cache or RenderCache()).memo
    buf = io.StringIO()
    _csv_writer(buf).writeheader()
    return buf.getvalue() + "".join(
        memo(("csv-lines", c), lambda: _csv_lines(project, c, today)) for c in companies)  # noqa: B023


def table_schema(project: Project) -> str:
    fields = []
    for name, typ, desc in CSV_FIELDS:
        f: dict = {"name": name, "type": typ, "description": desc}
        if name == "statut":
            f["constraints"] = {"required": True, "enum": STATUSES}
        elif name == "hypotheses":
            f["constraints"] = {"pattern": "^((" + "|".join(MARKABLE) + ")( (" + "|".join(MARKABLE) + "))*)?$"}
        elif name == "label":
            f["constraints"] = {"required": True, "enum": sorted(project.labels)}
        elif name in ("entreprise", "nom", "cluster"):
            f["constraints"] = {"required": True}
        if typ == "boolean":
            f["trueValues"], f["falseValues"] = ["true"], ["false"]
        fields.append(f)
    schema = {
        "$schema": "https://specs.frictionlessdata.io/schemas/table-schema.json",
        "name": "entreprises-labellisees", "title": "Entreprises labellisées (une ligne par label obtenu)",
        "description": NEUTRALISED,
        "licenses": [{"name": "etalab-2.0", "title": "Licence Ouverte / Open Licence version 2.0",
                      "path": "https://www.etalab.gouv.fr/licence-ouverte-open-licence/"}],
        "fields": fields, "primaryKey": ["entreprise", "label"],
    }
    return json.dumps(schema, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def _json_entry(project: Project, c: Company, today: dt.date) -> dict:
    return {
        "id": c.slug, "nom": c.name, "site": c.site, "region": c.region, "secteur": c.sector,
        "cluster": c.cluster, "description": c.description, "exemple": c.example,
        "labels": [{"label": a.label, "niveau": a.level,
                    "obtenu": a.obtained.isoformat() if a.obtained else None,
                    **({"obtenu_approx": a.obtained_text} if a.obtained_text else {}),
                    **({"detenu_en": a.held_in} if a.held_in else {}),
                    "expire": a.expires.isoformat() if a.expires_known else None, "statut": a.status(today),
                    **({"hypotheses": marks} if (marks := _marks(c, a, project.referentials[a.label])) else {})}
                   for a in c.awards],
    }


def _json_dump(data) -> str:
    return json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True)


# Where the companies go in the document: a string no JSON value can print
# (json.dumps escapes control characters).
_SLOT = "\x00entreprises"


def json_export(project: Project, companies: list[Company], today: dt.date, cache: RenderCache | None = None) -> str:
    """The directory as one JSON document, printed as json.dumps(indent=1) prints
    it; each company's entry is printed alone (and reused from `cache`, as in
    csv_table), then indented to its depth in the document."""
    memo = (cache or RenderCache()).memo
    data = {"licence": "Licence Ouverte 2.0 (Etalab)", "date": today.isoformat(), "entreprises": _SLOT}
    entries = [memo(("json-entry", c), lambda: _json_dump(_json_entry(project, c, today)).replace("\n", "\n  "))  # noqa: B023
               for c in companies]
    listed = "[\n  " + ",\n  ".join(entries) + "\n ]" if entries else "[]"
    return _json_dump(data).replace(json.dumps(_SLOT), listed, 1) + "\n"


def _of(name: str) -> str:
    """French "de" before a name, elided before a vowel: "d'Entrepôts Risloria"."""
    return "d'" + name if name[:1].casefold() in "aeiouyàâäéèêëîïôöùûüœ" else "de " + name


def atom_feed(project: Project, companies: list[Company], options) -> str:
    """New awards (obtained in the last year) and awards expiring within 90 days.

    Each entry carries the date of its own event, so that a feed reader sees
    what is new: the award's date for a new label, and for an expiring one the
    day it entered the 90-day window, not the build date (which changed every
    entry at every build).
    """
    today = options.today
    base = options.site_url.rstrip("/") + "/" if options.site_url else "/"
    entries = []
    for c in companies:
        cluster = project.clusters.get(c.cluster)
        for a in c.awards:
            ref = project.referentials[a.label]
            level = ref.level(a.level)
            name = f"{ref.label.name}{f' (niveau {level.label})' if level else ''}"
            link = base + urls.page_dir(urls.company(c.slug))
            obtained = date_fr(a.obtained) if a.obtained is not None else (a.obtained_text or "à une date inconnue")
            until = (f", valide jusqu'au {date_fr(a.expires)}" if a.expires_known
                     else ", date de fin de validité à confirmer")
            about = (f"Label {name}, obtenu {'le ' if a.obtained is not None else ''}{obtained}{until}. "
                     f"{c.name} : {c.sector}, {c.region}" + (f", membre {_of(cluster.name)}." if cluster else "."))
            if a.obtained is not None and 0 <= (today - a.obtained).days <= 365:
                entries.append((a.obtained, f"{c.slug}-{a.label}-obtenu-{a.obtained.isoformat()}",
                                f"{c.name} obtient le label {ref.label.name}", link, about))
            if a.expires_known and 0 <= (a.expires - today).days <= SOON_DAYS:
                entries.append((a.expires - dt.timedelta(days=SOON_DAYS), f"{c.slug}-{a.label}-expire-{a.expires.isoformat()}",
                                f"Le label {ref.label.name} {_of(c.name)} expire le {date_fr(a.expires)}", link, about))
    # Newest first, then by id: the same order whatever the order of the files.
    entries.sort(key=lambda e: (-e[0].toordinal(), e[1]))
    updated = max((e[0] for e in entries), default=today)
    parts = [
        '<?xml version="1.0" encoding="utf-8"?>',
        '<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="fr">',
        "<title>Annuaire RSE : nouveaux labels et labels qui expirent</title>",
        f"<id>{escape(base + urls.FEED)}</id>",
        f'<link rel="self" href="{escape(base + urls.FEED)}"/>',
        f"<updated>{updated.isoformat()}T00:00:00Z</updated>",
        "<author><name>Annuaire RSE des pôles et clusters</name></author>",
    ]
    for day, eid, title, link, about in entries:
        parts.append(
            f"<entry><id>urn:rse:{escape(eid)}</id><title>{escape(title)}</title>"
            f'<link href="{escape(link)}"/><updated>{day.isoformat()}T00:00:00Z</updated>'
            f"<summary>{escape(about)}</summary></entry>"
        )
    parts.append("</feed>")
    return "\n".join(parts) + "\n"
