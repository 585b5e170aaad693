"""Where each generated thing lives, and relative links between pages.

The site uses directory URLs (`fiches/piles.md` -> `fiches/piles/`); links are
relative so the site works under any base path (GitHub Pages project sites).
"""

from __future__ import annotations

import posixpath
from functools import lru_cache
from typing import TYPE_CHECKING
from urllib.parse import quote, urlsplit

if TYPE_CHECKING:
    from .model import Project


@lru_cache(maxsize=4096)
def page_dir(uri: str) -> str:
    """The directory URL of a page source path ('a/b.md' -> 'a/b/', 'a/index.md' -> 'a/')."""
    base, _ = posixpath.splitext(uri)
    if posixpath.basename(base) == "index":
        base = posixpath.dirname(base)
    return (base + "/") if base else ""


def rel(from_uri: str, to: str, anchor: str = "") -> str:
    """Relative link from page `from_uri` to a page (`*.md`) or a file (any other path).

    Always climbs to the site root then descends: one string operation instead
    of os.path.relpath, which dominated rendering 10,000 company pages."""
    up = "../" * page_dir(from_uri).count("/")
    target = page_dir(to) if to.endswith(".md") else to
    link = (up + target) or "./"
    return link + (f"#{anchor}" if anchor else "")


def in_repository(repo_url: str, branch: str, path: str, action: str = "edit") -> str:
    """A file of the source repository on GitHub: `action` is edit, blob or new."""
    return f"{repo_url.rstrip('/')}/{action}/{quote(branch, safe='/')}/{quote(path, safe='/')}"


def is_github(repo_url: str) -> bool:
    return urlsplit(repo_url).hostname == "github.com"


def fiche(slug: str) -> str:
    return f"fiches/{slug}.md"


def cluster(cid: str) -> str:
    return f"clusters/{cid}.md"


def diagnostic(rid: str) -> str:
    return f"diagnostics/{rid}.md"


def synthesis(rid: str) -> str:
    """A referential's synthesis page, where a cluster aggregates its members' exports."""
    return f"diagnostics/{rid}/synthese.md"


def label(rid: str) -> str:
    return f"labels/{rid}.md"


def company(slug: str) -> str:
    return f"annuaire/{slug}.md"


def badge(slug: str, rid: str) -> str:
    return f"annuaire/{slug}/{rid}.svg"


# The model's vocabulary as an ES module, so the browser's wording is the build's.
VOCABULARY_MODULE = "assets/javascripts/vocabulary.js"


def scoring_module(rid: str) -> str:
    return f"assets/referentiels/{rid}.js"


def directory_part(kind: str, k: int) -> str:
    """Part k (from 1) of one kind of the directory's browser index (filtres, noms,
    lignes): fetched when a filter, the name search or a page asks for it. The dots
    keep it apart from the company folders (slugs have none)."""
    return f"annuaire/index.{kind}.{k}.json"


def directory_page(n: int) -> str:
    """Page n of the no-JS directory (1 is the directory itself)."""
    return DIRECTORY if n == 1 else f"annuaire/page-{n}.md"


FICHES_INDEX = "fiches/index.md"
DIAGNOSTICS_INDEX = "diagnostics/index.md"
LABELS_INDEX = "labels/index.md"
CLUSTERS_INDEX = "clusters/index.md"
DIRECTORY = "annuaire/index.md"
SEARCH = "recherche.md"
PRINT = "imprimer.md"
PROPOSE = "proposer-une-entreprise.md"
SOURCES = "sources-et-methode.md"
# The directory's files: the index the browser filters, and its open data.
DIRECTORY_INDEX = "annuaire/index.json"
OPEN_CSV = "annuaire/entreprises.csv"
OPEN_JSON = "annuaire/entreprises.json"
OPEN_SCHEMA = "annuaire/schema.json"
FEED = "annuaire/flux.xml"

# The anchors of each generated page type that Markdown may link to. Some
# sections are conditional (generated_uris says which a page has); tests/test_urls.py
# checks that every anchor the link checker accepts lands on its page.
ANCHORS = {
    "cluster": frozenset({"fiches", "labels", "membres-labellises", "contact"}),
    "diagnostic": frozenset({"diagnostic", "resultats"}),
    "label": frozenset({"eligibilite", "processus", "transparence", "auto-diagnostic", "titulaires"}),
    "sources": frozenset({"ce-qui-vient-du-guide", "ce-que-le-site-ajoute", "hypotheses", "signaler-une-erreur"}),
    "company": frozenset({"labels"}),
}


def generated_uris(project: Project) -> dict[str, set[str] | None]:
    """URIs of generated pages with their anchors (None: not checked), for the link checker."""
    uris: dict[str, set[str] | None] = {
        FICHES_INDEX: set(), DIAGNOSTICS_INDEX: set(), LABELS_INDEX: set(),
        CLUSTERS_INDEX: set(), DIRECTORY: set(), SEARCH: set(), PRINT: None,
        PROPOSE: set(),
    }
    uris.update({cluster(c): _cluster_anchors(project, c) for c in project.clusters})
    uris.update({diagnostic(r): set(ANCHORS["diagnostic"]) for r in project.referentials})
    uris.update({synthesis(r): set() for r in project.referentials})
    uris.update({label(rid): set(ANCHORS["label"]) - ({"eligibilite"} if r.label.eligibility is None else set())
                 for rid, r in project.labels.items()})
    uris[SOURCES] = set(ANCHORS["sources"])
    uris.update({company(c): set(ANCHORS["company"]) for c in project.companies})
    for b in project.benchmarks.values():  # shown on their referential's diagnostic, listed on their cluster's page
        uris[diagnostic(b.referential)] |= {BENCHMARKS_ANCHOR, benchmark_anchor(b.id)}
        uris[cluster(b.cluster)].add(CLUSTER_BENCHMARKS_ANCHOR)
    return uris


BENCHMARKS_ANCHOR = "reperes"
CLUSTER_BENCHMARKS_ANCHOR = "syntheses"


def benchmark_file(bid: str) -> str:
    """A published benchmark as the synthesis page exports it (JSON), to download and compare."""
    return f"assets/syntheses/{bid}.json"


def benchmark_anchor(bid: str) -> str:
    """A published benchmark's place on its diagnostic page."""
    return f"repere-{bid}"


def _cluster_anchors(project: Project, cid: str) -> set[str]:
    """The cluster template's sections: labels and contact only when there are some."""
    absent = {"labels"} if not project.labels_issued_by(cid) else set()
    absent |= {"contact"} if not project.clusters[cid].contacts else set()
    return set(ANCHORS["cluster"]) - absent
