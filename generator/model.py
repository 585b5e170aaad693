"""The resolved site graph: typed, immutable, checked.

Everything here has passed validation: references resolve, dates are real,
scales are expanded into options. Renderers read this and nothing else.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Literal

Status = Literal["valide", "expire-bientot", "expire"]
STATUS_LABELS: dict[str, str] = {"valide": "Valide", "expire-bientot": "Expire bientôt", "expire": "Expiré"}
SOON_DAYS = 90


@dataclass(frozen=True)
class Contact:
    name: str
    role: str | None = None
    phone: str | None = None
    email: str | None = None


@dataclass(frozen=True)
class Cluster:
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


@dataclass(frozen=True)
class Fiche:
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
class Label:
    name: str
    certifies: str
    issuer: str
    issuer_cluster: str | None
    evaluator: str
    since: int | None
    validity_years: int
    steps: tuple[LabelStep, ...]


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
class Award:
    label: str  # referential id
    level: str | None
    obtained: dt.date
    expires: dt.date

    def status(self, today: dt.date) -> Status:
        if today > self.expires:
            return "expire"
        if (self.expires - today).days <= SOON_DAYS:
            return "expire-bientot"
        return "valide"


@dataclass(frozen=True)
class Company:
    slug: str
    name: str
    site: str | None
    region: str
    sector: str
    cluster: str
    description: str | None
    example: bool
    awards: tuple[Award, ...]


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

    @property
    def labels(self) -> dict[str, Referential]:
        return {k: r for k, r in self.referentials.items() if r.label is not None}
