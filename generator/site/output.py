"""What the site stage produces: pages and files in memory, for an adapter to write.

A leaf module: every renderer and the adapter import these types, and they
import nothing of the pipeline but the standard library.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Options:
    today: dt.date
    site_url: str = ""
    include_examples: bool = True
    repo_url: str = ""  # the source repository (mkdocs.yml repo_url); empty: no edit links
    branch: str = ""
    # Processes that render the company pages (parallel.py); 1 in a preview,
    # whose rebuilds render a few pages and whose server runs threads.
    workers: int = 1


@dataclass(frozen=True)
class GeneratedPage:
    uri: str
    title: str
    html: str
    in_nav: bool = False
    markdown: str | None = None  # set: goes through the Markdown pipeline instead of `html`
    indexed: bool = True  # false: kept out of the search index (it repeats other pages)
    source: str | None = None  # the data file it is generated from, relative to the project
    # Own stylesheets (assets/stylesheets/<name>.css) this page needs beyond rse.css:
    # loaded by the pages that use them only, not render-blocking everywhere.
    styles: tuple[str, ...] = ()


@dataclass(frozen=True)
class GeneratedFile:
    uri: str
    content: str | bytes


@dataclass(frozen=True)
class FicheParts:
    """HTML the adapter places around a fiche's own Markdown."""

    title: str
    header: str
    footer: str
    sections: tuple[tuple[str, str], ...] = ()  # (anchor, title) of the footer's headings, for the table of contents


@dataclass
class Output:
    pages: list[GeneratedPage] = field(default_factory=list)
    files: list[GeneratedFile] = field(default_factory=list)
    fiches: dict[str, FicheParts] = field(default_factory=dict)
    filters: dict[str, dict[str, list[str]]] = field(default_factory=dict)  # content page -> search filters
    after: dict[str, str] = field(default_factory=dict)  # content page -> generated HTML after its Markdown
    styles: dict[str, tuple[str, ...]] = field(default_factory=dict)  # content page -> own stylesheets
