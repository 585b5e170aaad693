"""A referential's rules that its spec cannot express: scales, options,
unique ids, increasing levels, its label's references; and its model."""

from __future__ import annotations

from ..model import (
    Criterion, Eligibility, Label, LabelStep, Level, Note, Option, Provenance, Referential, Theme,
)
from .errors import Collector, Position
from .references import check_ref, provenances
from .spec import Record


def _expand_options(rec: Record, crit: Record, scales: Record, collector: Collector) -> list[Record] | None:
    has_scale, has_options = "echelle" in crit, "options" in crit
    if has_scale == has_options:
        collector.error(crit.position, f"le critère '{crit['id']}' doit avoir soit 'echelle', soit 'options'",
                        "indiquez le nom d'une échelle partagée (echelle: …) ou une liste d'options, pas les deux")
        return None
    if has_scale:
        if not check_ref(collector, crit.pos("echelle"), "échelle", crit["echelle"], scales, feminine=True):
            return None
        return list(scales[crit["echelle"]])
    return list(crit["options"])


def _check_options(options: list[Record], where: Position, collector: Collector) -> bool:
    ok = True
    values: set[str] = set()
    for opt in options:
        if opt["valeur"] in values:
            collector.error(opt.pos("valeur"), f"valeur d'option '{opt['valeur']}' en double", "chaque option a une valeur différente")
            ok = False
        values.add(opt["valeur"])
        abst = opt.get("abstention", False)
        if abst and "points" in opt:
            collector.error(opt.pos("points"), "une option d'abstention n'a pas de points",
                            "supprimez 'points' ou 'abstention: true'")
            ok = False
        if not abst and "points" not in opt:
            collector.error(opt.position, f"l'option '{opt['valeur']}' n'a pas de points",
                            "ajoutez « points: … » ou « abstention: true » si elle retire le critère du maximum")
            ok = False
    if ok and not any("points" in o for o in options):
        collector.error(where, "aucune option ne rapporte de points", "ajoutez au moins une option avec des points")
        ok = False
    return ok


def _option(opt: Record) -> Option:
    return Option(opt["valeur"], opt["libelle"], None if opt.get("abstention") else opt["points"])


def _themes(rec: Record, scales: Record, collector: Collector, check_fiche) -> list[Theme]:
    theme_ids: set[str] = set()
    crit_ids: dict[str, Position] = {}
    unweighted = [t for t in rec["themes"] if "poids" not in t]
    if unweighted and len(unweighted) < len(rec["themes"]):
        collector.error(unweighted[0].position,
                        f"le thème '{unweighted[0]['id']}' n'a pas de poids, alors que d'autres en ont",
                        "donnez un 'poids' à tous les thèmes, ou à aucun")
    themes: list[Theme] = []
    for trec in rec["themes"]:
        if trec["id"] in theme_ids:
            collector.error(trec.pos("id"), f"thème '{trec['id']}' en double", "chaque thème a un identifiant différent")
        theme_ids.add(trec["id"])
        criteria: list[Criterion] = []
        for crec in trec["criteres"]:
            if crec["id"] in crit_ids:
                first = crit_ids[crec["id"]]
                collector.error(crec.pos("id"), f"critère '{crec['id']}' en double (déjà ligne {first.line})",
                                "les identifiants de critères sont uniques dans tout le référentiel")
            crit_ids[crec["id"]] = crec.pos("id")
            check_fiche(crec.get("fiches"))
            options = _expand_options(rec, crec, scales, collector)
            if options is None:
                continue
            if "options" in crec and not _check_options(options, crec.pos("options"), collector):
                continue
            criteria.append(Criterion(
                crec["id"], crec["texte"], crec.get("aide"), crec["conseil"], tuple(crec.get("fiches", ())),
                tuple(_option(o) for o in options), crec.get("echelle"),
            ))
        themes.append(Theme(trec["id"], trec["titre"], trec.get("poids"), tuple(criteria)))
    return themes


def _levels(niveaux: list[Record], max_points: float, collector: Collector) -> list[Level]:
    levels: list[Level] = []
    mixed = len({n["sur"] for n in niveaux}) > 1
    if mixed:
        odd = next(n for n in niveaux if n["sur"] != niveaux[0]["sur"])
        collector.error(odd.pos("sur"), "les niveaux mélangent 'score' et 'pourcentage'",
                        "faites porter tous les seuils sur la même base")
    level_ids: set[str] = set()
    previous = None
    for n in niveaux:
        if n["id"] in level_ids:
            collector.error(n.pos("id"), f"niveau '{n['id']}' en double", "chaque niveau a un identifiant différent")
        level_ids.add(n["id"])
        strict = n.get("strict", False)
        if previous is not None and not mixed and (n["seuil"], strict) <= previous:
            collector.error(n.pos("seuil"), f"seuil {n['seuil']:g} non croissant",
                            "rangez les niveaux du plus bas au plus haut, chacun avec un seuil supérieur au précédent")
        previous = (n["seuil"], strict)
        ceiling = 100 if n["sur"] == "pourcentage" else max_points
        if n["seuil"] > ceiling or (strict and n["seuil"] >= ceiling):
            collector.error(n.pos("seuil"), f"le niveau '{n['id']}' ne peut pas être atteint (maximum possible : {ceiling:g})",
                            "baissez le seuil ou retirez 'strict: true'")
        levels.append(Level(n["id"], n["libelle"], n["seuil"], "score" if n["sur"] == "score" else "percent",
                            strict, n.get("indicatif", False)))
    return levels


def _label(lrec: Record, collector: Collector, clusters: set[str], broken_clusters: set[str]) -> Label:
    if "emetteur_cluster" in lrec:
        check_ref(collector, lrec.pos("emetteur_cluster"), "cluster", lrec["emetteur_cluster"], clusters,
                  broken_clusters)
    eligibility = None
    if "eligibilite" in lrec:
        erec = lrec["eligibilite"]
        for slug, pos in zip(erec.get("clusters", []), getattr(erec.get("clusters"), "positions", [])):
            check_ref(collector, pos, "cluster", slug, clusters, broken_clusters)
        eligibility = Eligibility(erec["texte"], tuple(erec.get("regions", ())), tuple(erec.get("secteur_contient", ())),
                                  tuple(erec.get("clusters", ())), provenances(erec))
    return Label(lrec["nom"], lrec["certifie"], lrec["emetteur"], lrec.get("emetteur_cluster"),
                 lrec["evaluateur"], lrec.get("depuis"), lrec["validite_ans"],
                 tuple(LabelStep(s["titre"], s.get("description")) for s in lrec["processus"]),
                 eligibility, provenances(lrec))


def referential(ref_id: str, rec: Record, collector: Collector, fiches: set[str], clusters: set[str],
                broken_fiches: set[str] = frozenset(), broken_clusters: set[str] = frozenset()) -> Referential | None:
    """The referential of `rec`, or None when it breaks a rule (reported)."""
    start = len(collector.diagnostics)
    scales: Record = rec.get("echelles", Record())
    for name, options in scales.items():
        _check_options(list(options), scales.pos(name), collector)

    def check_fiche(slugs) -> None:
        for slug, pos in zip(slugs or [], getattr(slugs, "positions", [])):
            check_ref(collector, pos, "fiche", slug, fiches, broken_fiches, feminine=True)

    check_fiche(rec.get("fiches"))
    themes = _themes(rec, scales, collector, check_fiche)
    levels = _levels(rec.get("niveaux", []), sum(c.max_points for t in themes for c in t.criteria), collector)
    label = _label(rec["label"], collector, clusters, broken_clusters) if "label" in rec else None
    if len(collector.diagnostics) > start:
        return None
    return Referential(
        ref_id, rec["titre"], rec["version"], rec["description"], rec.get("illustratif", False),
        rec.get("source"), tuple(rec.get("fiches", ())), tuple(themes), tuple(levels), label,
        tuple((name, tuple(_option(o) for o in opts)) for name, opts in scales.items()),
        tuple(Note(n["texte"], Provenance(n["provenance"], n["raison"])) for n in rec.get("ajouts", ())),
    )
