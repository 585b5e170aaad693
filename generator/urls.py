"""Where each generated thing lives, and relative links between pages.

The site uses directory URLs (`fiches/piles.md` -> `fiches/piles/`); links are
relative so the site works under any base path (GitHub Pages project sites).
"""

from __future__ import annotations

import posixpath
from functools import lru_cache
from urllib.parse import quote, urlsplit


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


def label(rid: str) -> str:
    return f"labels/{rid}.md"


def company(slug: str) -> str:
    return f"annuaire/{slug}.md"


def badge(slug: str, rid: str) -> str:
    return f"annuaire/{slug}/{rid}.svg"


def scoring_module(rid: str) -> str:
    return f"assets/referentiels/{rid}.js"


FICHES_INDEX = "fiches/index.md"
DIAGNOSTICS_INDEX = "diagnostics/index.md"
LABELS_INDEX = "labels/index.md"
CLUSTERS_INDEX = "clusters/index.md"
DIRECTORY = "annuaire/index.md"
SEARCH = "recherche.md"
PRINT = "imprimer.md"
PROPOSE = "proposer-une-entreprise.md"
SOURCES = "sources-et-methode.md"
