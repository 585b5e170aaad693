"""« Sources et méthode »: what comes from the guide, what the site adds, and
every value marked as an assumption, listed from the data so none is missed."""

from __future__ import annotations

from .. import urls
from ..model import Project, Provenance
from .output import GeneratedPage
from .templating import render


def assumptions(project: Project) -> list[tuple[str, str, str, str, Provenance]]:
    """Every marked value of the project: (where, link, what, value, provenance),
    for the « Sources et méthode » page. Generated, so that it cannot miss one."""
    rows: list[tuple[str, str, str, str, Provenance]] = []
    names = {"nom_complet": "nom complet", "type": "type", "region": "région", "secteur": "secteur",
             "membres": "membres", "site": "site web", "certifie": "ce que certifie le label",
             "emetteur": "qui délivre le label", "evaluateur": "qui évalue", "depuis": "année de création",
             "validite_ans": "durée de validité", "regions": "éligibilité : régions",
             "secteur_contient": "éligibilité : secteurs", "clusters": "éligibilité : clusters",
             "obtenu": "date d'obtention", "expire": "date de fin"}

    def value(obj, field: str) -> str:
        attr = {"nom_complet": "full_name", "type": "kind", "region": "region", "secteur": "sector",
                "membres": "members", "site": "site", "certifie": "certifies", "emetteur": "issuer",
                "evaluateur": "evaluator", "depuis": "since", "validite_ans": "validity_years",
                "regions": "regions", "secteur_contient": "sector_words", "clusters": "clusters",
                "obtenu": "obtained_text", "expire": "expires"}[field]
        v = getattr(obj, attr)
        if field == "obtenu" and v is None:
            v = obj.obtained
        return ", ".join(v) if isinstance(v, tuple) else str(v)

    for c in project.clusters.values():
        rows += [(f"Cluster {c.name}", urls.cluster(c.id), names[k], value(c, k), p) for k, p in c.assumptions]
    for f in project.fiches.values():
        rows += [(f"Fiche {f.title}", f.src_uri, names[k], value(f, k), p) for k, p in f.assumptions]
    for r in project.referentials.values():
        if r.label is not None:
            rows += [(f"Label {r.label.name}", urls.label(r.id), names[k], value(r.label, k), p)
                     for k, p in r.label.assumptions]
            if r.label.eligibility is not None:
                rows += [(f"Label {r.label.name}", urls.label(r.id), names[k], value(r.label.eligibility, k), p)
                         for k, p in r.label.eligibility.assumptions]
        rows += [(f"Auto-diagnostic {r.title}", urls.diagnostic(r.id), "ajout", n.text, n.provenance) for n in r.notes]
    for c in project.companies.values():
        rows += [(f"Entreprise {c.name}", urls.company(c.slug), names[k], value(c, k), p) for k, p in c.assumptions]
        for a in c.awards:
            label = project.referentials[a.label].label.name
            rows += [(f"Entreprise {c.name}", urls.company(c.slug), f"label {label} : {names[k]}", value(a, k), p)
                     for k, p in a.assumptions]
    return rows


def sources_page(project: Project) -> GeneratedPage:
    return GeneratedPage(urls.SOURCES, "Sources et méthode", render(
        "sources.html", page=urls.SOURCES, project=project, assumptions=assumptions(project)), in_nav=True)
