"""A published benchmark's rules across files (data/syntheses/): its cluster and
referential exist, its figures are a valid aggregate of that referential's
version (aggregates.aggregate_problems, the synthesis page's own checks), its
file name says whose and when; and its model."""

from __future__ import annotations

from ..model import Benchmark, Referential, Stats, WeakCriterion
from .aggregates import Path, aggregate_problems
from .errors import Collector, Position
from .references import check_ref
from .spec import Items, Record

_REDO = ("ces chiffres viennent de la page « Synthèse » de l'auto-diagnostic (/diagnostics/{ref}/synthese/) : "
         "exportez-la de nouveau et recopiez-la sans modifier les chiffres à la main")
_HINTS = {
    "referentiel": "indiquez l'identifiant du référentiel dont les exports ont été agrégés (un fichier de "
                   "data/referentiels/)",
    "version": "refaites la synthèse avec des exports de la version {version} du référentiel, sur la page "
               "« Synthèse » de l'auto-diagnostic (/diagnostics/{ref}/synthese/)",
    "n": "une synthèse publiée agrège au moins 5 entreprises, pour qu'aucune ne soit reconnaissable : attendez "
         "d'avoir assez d'exports",
    "seuil": "le seuil d'anonymat est d'au moins 5 entreprises : refaites la synthèse avec un seuil de 5 ou plus",
}


def _position(rec: Record, path: Path) -> Position:
    """Where the value at `path` is written; the nearest enclosing value when it is missing."""
    node: object = rec
    pos = rec.position
    for key in path:
        if isinstance(node, Record) and isinstance(key, str):
            pos, node = node.pos(key), node.get(key)
        elif isinstance(node, Items) and isinstance(key, int) and 0 <= key < len(node):
            pos, node = node.positions[key], node[key]
        else:
            break
    return pos


def _hint(path: Path, ref: Referential | None, rid: str) -> str:
    template = _HINTS.get(str(path[0]) if path else "", _REDO)
    return template.format(ref=rid, version=ref.version if ref is not None else "en vigueur")


def _check_name(slug: str, rec: Record, collector: Collector) -> None:
    """<cluster>-<referential>-<year>, or the campaign's id for a second campaign in a year."""
    campaign = str(rec["campagne"]["id"])
    stem = f"{rec['cluster']}-{rec['referentiel']}"
    expected = [f"{stem}-{campaign[:4]}", f"{stem}-{campaign.lower()}"]
    if slug not in expected:
        collector.error(Position(rec.position.path), f"nom de fichier « {slug}.yml » : attendu « {expected[0]}.yml »",
                        "le nom dit qui publie quoi et quand : <cluster>-<référentiel>-<année de la campagne>.yml "
                        f"(ou « {expected[1]}.yml » pour distinguer deux campagnes d'une même année)")


def _stats(s: Record) -> Stats:
    return Stats(s["n"], s.get("min"), s.get("q1"), s.get("mediane"), s.get("q3"), s.get("max"), s.get("moyenne"))


def benchmark(slug: str, rec: Record, collector: Collector, clusters: set[str], referentials: dict[str, Referential],
              broken_clusters: set[str] = frozenset(), broken_refs: set[str] = frozenset()) -> Benchmark | None:
    """The benchmark of `rec`, or None when it breaks a rule (reported)."""
    start = len(collector.diagnostics)
    publisher = check_ref(collector, rec.pos("cluster"), "cluster", rec["cluster"], clusters, broken_clusters)
    known = check_ref(collector, rec.pos("referentiel"), "référentiel", rec["referentiel"], referentials, broken_refs)
    ref = referentials.get(rec["referentiel"]) if known else None
    # Without its referential (unknown, or broken and reported there), the figures are still checked among themselves.
    for path, message in aggregate_problems(rec, ref):
        collector.error(_position(rec, path), message, _hint(path, ref, rec["referentiel"]))
    if publisher and known:  # the name expected from a wrong cluster or referential would mislead
        _check_name(slug, rec, collector)
    if len(collector.diagnostics) > start:
        return None
    c = rec["campagne"]
    return Benchmark(
        slug, rec["cluster"], rec["referentiel"], rec["version"], c["id"], c["libelle"], c["debut"], c["fin"],
        rec["seuil"], rec["n"], rec["complets"], _stats(rec["ensemble"]),
        tuple((t["id"], _stats(t)) for t in rec["themes"]), tuple((lv["id"], lv["n"]) for lv in rec["niveaux"]),
        rec["sans_niveau"],
        tuple(WeakCriterion(w["id"], w["theme"], w["n"], w["part"], w["sans_reponse"]) for w in rec["criteres_faibles"]),
        rec.get("exemple", False), rec.get("note"),
    )


def check_unique(found: dict[str, Benchmark], positions: dict[str, Position], collector: Collector) -> None:
    """One file per cluster, referential and campaign: two would publish two sets of figures for one."""
    seen: dict[tuple[str, str, str], str] = {}
    for slug, b in found.items():
        key = (b.cluster, b.referential, b.campaign)
        if key in seen:
            collector.error(positions[slug], f"synthèse de {b.cluster} sur « {b.referential} » pour la campagne "
                                             f"{b.campaign} déjà publiée ({seen[key]}.yml)",
                            "gardez un seul fichier par cluster, référentiel et campagne")
        else:
            seen[key] = slug
