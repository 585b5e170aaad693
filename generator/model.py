"""The resolved site graph: typed, immutable, checked.

Everything here has passed validation: references resolve, dates are real,
scales are expanded into options. Renderers read this and nothing else.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, fields
from typing import Literal

# The guide's three steps: id -> title, and the short name of search filters.
STEPS: dict[str, str] = {
    "mobilisation": "Étape 1 : mobilisation et sensibilisation",
    "accompagnement": "Étape 2 : accompagnement des démarches RSE",
    "valorisation": "Étape 3 : valorisation des démarches",
}
STEP_NAMES: dict[str, str] = {"mobilisation": "Mobilisation", "accompagnement": "Accompagnement",
                              "valorisation": "Valorisation"}

Status = Literal["valide", "expire-bientot", "expire", "a-confirmer"]
STATUS_LABELS: dict[str, str] = {"valide": "Valide", "expire-bientot": "Expire bientôt", "expire": "Expiré",
                                 "a-confirmer": "À confirmer"}
SOON_DAYS = 90

ProvenanceKind = Literal["guide", "hypothese", "hors-guide"]
PROVENANCE_LABELS: dict[str, str] = {"hypothese": "hypothèse", "hors-guide": "hors guide"}


@dataclass(frozen=True)
class Provenance:
    """Where a value comes from. Unmarked values are the file's own: the
    guide's, for files taken from the guide. A marked one is an editor's
    assumption or an addition from outside the guide, with its reason."""

    kind: ProvenanceKind = "guide"
    reason: str | None = None
    lines: str | None = None  # lines of the guide's text, for a value from the guide

    @property
    def marked(self) -> bool:
        return self.kind != "guide"

    @property
    def label(self) -> str:
        return PROVENANCE_LABELS.get(self.kind, "")


GUIDE = Provenance()


class HasSources:
    """Mixin: the provenance of a model's marked fields, by field name."""

    sources: tuple[tuple[str, Provenance], ...]

    def prov(self, name: str) -> Provenance:
        return next((p for n, p in self.sources if n == name), GUIDE)

    @property
    def assumptions(self) -> tuple[tuple[str, Provenance], ...]:
        return tuple((n, p) for n, p in self.sources if p.marked)


@dataclass(frozen=True)
class Contact:
    name: str
    role: str | None = None
    phone: str | None = None
    email: str | None = None


@dataclass(frozen=True)
class Cluster(HasSources):
    id: str
    name: str
    full_name: str | None
    kind: str
    region: str
    sector: str
    members: int | None
    members_note: str | None
    site: str | None
    description: str
    contacts: tuple[Contact, ...] = ()
    sources: tuple[tuple[str, Provenance], ...] = ()


@dataclass(frozen=True)
class Fiche(HasSources):
    slug: str
    src_uri: str  # path under content/, e.g. "fiches/piles.md"
    title: str
    summary: str
    cluster: str
    steps: tuple[str, ...]
    themes: tuple[str, ...]
    region: str
    sector: str
    referentials: tuple[str, ...] = ()
    body: str = ""  # the fiche's own Markdown, for the print view
    sources: tuple[tuple[str, Provenance], ...] = ()


@dataclass(frozen=True)
class Option:
    value: str
    label: str
    points: float | None  # None: an abstention, removed from the maximum

    @property
    def abstention(self) -> bool:
        return self.points is None


@dataclass(frozen=True)
class Criterion:
    id: str
    text: str
    help: str | None
    advice: str
    fiches: tuple[str, ...]
    options: tuple[Option, ...]
    scale: str | None = None  # name of the shared scale it uses, for the paper grid

    @property
    def max_points(self) -> float:
        return max((o.points for o in self.options if o.points is not None), default=0)


@dataclass(frozen=True)
class Theme:
    id: str
    title: str
    weight: float | None
    criteria: tuple[Criterion, ...]


@dataclass(frozen=True)
class Level:
    id: str
    label: str
    min: float
    on: Literal["score", "percent"]
    strict: bool = False
    indicative: bool = False


@dataclass(frozen=True)
class LabelStep:
    title: str
    description: str | None


@dataclass(frozen=True)
class Eligibility(HasSources):
    """Who may hold a label: the guide's sentence, and how check applies it."""

    text: str
    regions: tuple[str, ...] = ()
    sector_words: tuple[str, ...] = ()
    clusters: tuple[str, ...] = ()
    sources: tuple[tuple[str, Provenance], ...] = ()


@dataclass(frozen=True)
class Label(HasSources):
    name: str
    certifies: str
    issuer: str  # who awards the label
    issuer_cluster: str | None  # the cluster that awards it, when it is one
    evaluator: str  # who evaluates the candidates: not necessarily who awards
    since: int | None
    validity_years: int
    steps: tuple[LabelStep, ...]
    eligibility: Eligibility | None = None
    sources: tuple[tuple[str, Provenance], ...] = ()


@dataclass(frozen=True)
class Note:
    """A statement shown although the guide does not make it."""

    text: str
    provenance: Provenance


@dataclass(frozen=True)
class Referential:
    id: str
    title: str
    version: str
    description: str
    illustrative: bool
    source: str | None
    fiches: tuple[str, ...]
    themes: tuple[Theme, ...]
    levels: tuple[Level, ...]
    label: Label | None = None
    scales: tuple[tuple[str, tuple[Option, ...]], ...] = ()
    notes: tuple[Note, ...] = ()

    @property
    def criteria(self) -> tuple[Criterion, ...]:
        return tuple(c for t in self.themes for c in t.criteria)

    @property
    def max_points(self) -> float:
        return sum(c.max_points for c in self.criteria)

    def level(self, level_id: str | None) -> Level | None:
        return next((lv for lv in self.levels if lv.id == level_id), None)


def add_years(day: dt.date, years: int) -> dt.date:
    """Anniversary date; 29 February falls back to 28 February."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


@dataclass(frozen=True)
class Award(HasSources):
    label: str  # referential id
    level: str | None
    obtained: dt.date | None  # None: known only roughly (obtained_text) or not at all
    expires: dt.date | None  # None: cannot be known from what the data says
    obtained_text: str | None = None  # "avant 2014", "en 2018", "inconnue" when not exact
    held_in: int | None = None  # a year the guide (or the source) attests the label was held
    # True when `expires` was computed from an assumption (a validity or a
    # date the guide does not give): shown as an estimate, never as a fact.
    expires_estimated: bool = False
    sources: tuple[tuple[str, Provenance], ...] = ()

    @property
    def expires_known(self) -> bool:
        return self.expires is not None and not self.expires_estimated

    def status(self, today: dt.date) -> Status:
        # A status computed from an unknown or assumed date would state what
        # nobody knows: "à confirmer", never "expiré" (status.js agrees).
        if not self.expires_known:
            return "a-confirmer"
        if today > self.expires:
            return "expire"
        if (self.expires - today).days <= SOON_DAYS:
            return "expire-bientot"
        return "valide"


@dataclass(frozen=True)
class Company(HasSources):
    slug: str
    name: str
    site: str | None
    region: str
    sector: str
    cluster: str
    description: str | None
    example: bool
    awards: tuple[Award, ...]
    sources: tuple[tuple[str, Provenance], ...] = ()

    def __hash__(self) -> int:
        # Once per object: the render cache's keys hold every company several
        # times (its page, its directory page and parts, its open data rows),
        # and a preview keeps an unchanged company's object from one rebuild to the next.
        cached = self.__dict__.get("_hash")
        if cached is None:
            cached = self.__dict__["_hash"] = hash(tuple(getattr(self, f.name) for f in fields(self)))
        return cached

    def __getstate__(self) -> dict:
        # A string's hash differs from one process to another: never carry it over.
        return {k: v for k, v in self.__dict__.items() if k != "_hash"}


@dataclass(frozen=True)
class Stats:
    """A distribution of percentages over `n` companies; the figures are None
    when `n` is under the anonymity threshold (they are not published)."""

    n: int
    min: float | None = None
    q1: float | None = None
    median: float | None = None
    q3: float | None = None
    max: float | None = None
    mean: float | None = None

    @property
    def shown(self) -> bool:
        return self.median is not None


@dataclass(frozen=True)
class WeakCriterion:
    id: str
    theme: str
    n: int
    part: float  # share of the criterion's points the companies counted obtained, in percent
    blanks: int


@dataclass(frozen=True)
class Benchmark:
    """A cluster's published benchmark: the anonymous aggregate of its members'
    diagnostics on one referential for one campaign (data/syntheses/)."""

    id: str  # the file's name: <cluster>-<referential>-<year>
    cluster: str
    referential: str
    version: str
    campaign: str  # "2026-S2"
    campaign_label: str  # "2e semestre 2026"
    start: str
    end: str
    threshold: int
    n: int
    complete: int
    overall: Stats
    themes: tuple[tuple[str, Stats], ...]
    levels: tuple[tuple[str, int], ...]
    no_level: int
    weakest: tuple[WeakCriterion, ...]
    example: bool = False
    note: str | None = None


@dataclass(frozen=True)
class GuidePage:
    src_uri: str
    step: str | None
    body: str = ""


@dataclass(frozen=True)
class Project:
    """Everything the renderers need, sorted for deterministic output."""

    themes: dict[str, str]
    clusters: dict[str, Cluster]
    fiches: dict[str, Fiche]
    referentials: dict[str, Referential]
    companies: dict[str, Company]
    guide_pages: dict[str, GuidePage] = field(default_factory=dict)
    # 'clusters/piles' -> 'data/clusters/piles.yml': where each generated page's data comes from
    data_files: dict[str, str] = field(default_factory=dict)
    benchmarks: dict[str, Benchmark] = field(default_factory=dict)  # by file name, sorted

    @property
    def labels(self) -> dict[str, Referential]:
        return {k: r for k, r in self.referentials.items() if r.label is not None}

    def labels_issued_by(self, cluster_id: str) -> list[Referential]:
        return [r for r in self.labels.values() if r.label.issuer_cluster == cluster_id]
