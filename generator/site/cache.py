"""Rendered output kept between two builds of one process (`mkdocs serve`).

The preview rebuilds the whole site on every edit; re-rendering 10,000
unchanged company pages is what made it wait. Each entry is keyed by every
input of its rendering (frozen dataclasses hash and compare by value), and a
build keeps only what it used, so memory stays bounded. The adapter owns the
cache and passes it in; without one, nothing is reused.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .output import GeneratedFile, GeneratedPage


@dataclass
class RenderCache:
    # company page key -> (page, badges)
    companies: dict[tuple, tuple[GeneratedPage, tuple[GeneratedFile, ...]]] = field(default_factory=dict)
    # The directory's pages and open data depend on all companies but not on
    # the guide: a preview rebuilt after editing a fiche reuses them.
    listing: dict[tuple, tuple[list[GeneratedPage], list[GeneratedFile]]] = field(default_factory=dict)
