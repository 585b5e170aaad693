"""Published benchmarks as the pages show them: on their referential's
diagnostic page (a table, and data for diagnostic-benchmark.js) and listed on
their cluster's page."""

from __future__ import annotations

import json
from decimal import ROUND_HALF_UP, Decimal

from .. import urls
from ..model import Benchmark, Project, Referential, Stats
from ..synthesis import FORMAT, FORMAT_VERSION
from .output import GeneratedFile


def percent_text(x: float) -> str:
    """As the browser's fr.js percentText writes it: one decimal at most, no trailing zero, and
    Intl's rounding (half away from zero on the exact binary value: 12.25 is 12,3; format() says 12.2)."""
    text = str(Decimal(x).quantize(Decimal("0.1"), ROUND_HALF_UP)).rstrip("0").rstrip(".").replace(".", ",")
    return f"{'0' if text == '-0' else text}\u00a0%"


def _stats(s: Stats) -> dict:
    return {"n": s.n, "min": s.min, "q1": s.q1, "mediane": s.median, "q3": s.q3, "max": s.max}


def _texts(s: Stats) -> list[str] | None:
    """The table's cells, None under the anonymity threshold (nothing published)."""
    figures = (s.min, s.q1, s.median, s.q3, s.max)
    return None if any(x is None for x in figures) else [percent_text(x) for x in figures]


def _published(s: Stats) -> dict:
    figures = {"min": s.min, "q1": s.q1, "mediane": s.median, "q3": s.q3, "max": s.max, "moyenne": s.mean}
    return {"n": s.n, **({} if s.median is None else figures)}


def aggregate(b: Benchmark) -> dict:
    """The benchmark in the synthesis page's own format (synthesis.aggregate_document), without who publishes it."""
    return {
        "type": FORMAT, "format": FORMAT_VERSION, "referentiel": b.referential, "version": b.version,
        "campagne": {"id": b.campaign, "libelle": b.campaign_label, "debut": b.start, "fin": b.end},
        "seuil": b.threshold, "n": b.n, "complets": b.complete, "ensemble": _published(b.overall),
        "themes": [{"id": tid, **_published(s)} for tid, s in b.themes],
        "niveaux": [{"id": lid, "n": n} for lid, n in b.levels], "sans_niveau": b.no_level,
        "criteres_faibles": [{"id": w.id, "theme": w.theme, "n": w.n, "part": w.part, "sans_reponse": w.blanks}
                             for w in b.weakest],
    }


def file_of(b: Benchmark) -> GeneratedFile:
    return GeneratedFile(urls.benchmark_file(b.id), json.dumps(aggregate(b), ensure_ascii=False, indent=2) + "\n")


def _view(project: Project, b: Benchmark, ref: Referential) -> tuple[dict, list]:
    """The figures diagnostic-benchmark.js reads, and the rows of the table readers without JavaScript see."""
    cluster = project.clusters[b.cluster]
    titles = {t.id: t.title for t in ref.themes}
    data = {
        "id": b.id, "cluster": cluster.name, "cluster_id": cluster.id, "campagne": b.campaign_label, "n": b.n,
        "seuil": b.threshold, "exemple": b.example, "note": b.note, "ensemble": _stats(b.overall),
        "themes": [{"id": tid, "titre": titles[tid], **_stats(s)} for tid, s in b.themes],
    }
    rows = [(titles[tid], s.n, _texts(s)) for tid, s in b.themes] + [("Score global", b.overall.n, _texts(b.overall))]
    return data, rows


def of_referential(project: Project, ref: Referential) -> list[tuple[dict, list]]:
    """The referential's benchmarks, latest campaign first, then by cluster name."""
    found = [b for b in project.benchmarks.values() if b.referential == ref.id]
    found.sort(key=lambda b: b.cluster)
    found.sort(key=lambda b: b.start, reverse=True)  # stable: clusters stay in order within a campaign
    return [_view(project, b, ref) for b in found]


def files_of_referential(project: Project, ref: Referential) -> list[GeneratedFile]:
    return [file_of(b) for b in project.benchmarks.values() if b.referential == ref.id]


def of_cluster(project: Project, cluster_id: str) -> list[tuple[Benchmark, Referential]]:
    """A cluster's benchmarks with their referential, latest first."""
    found = [b for b in project.benchmarks.values() if b.cluster == cluster_id]
    return [(b, project.referentials[b.referential]) for b in sorted(found, key=lambda b: (b.start, b.referential),
                                                                      reverse=True)]
