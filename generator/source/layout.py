"""Where the sources are: the one module that knows the project's folders.

content/ holds the guide and the fiches (Markdown), data/ one YAML file per
cluster, referential and company, overrides/ the theme's additions. Nothing
else reads the tree by path.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Iterator

CONTENT = "content"
DATA = "data"
OVERRIDES = "overrides"
LINK_FREE = (CONTENT, DATA, OVERRIDES)  # no symbolic link anywhere below (files.check_links_absent)
THEMES_FILE = f"{DATA}/themes.yml"
# data/<folder>/<id>.yml for each kind of data file
DATA_FOLDERS = {"cluster": "clusters", "referentiel": "referentiels", "entreprise": "entreprises",
                "synthese": "syntheses"}
FICHES = "fiches/"  # content/fiches/<slug>.md; content/fiches/index.md is generated
# The guide's pages (content URIs), in its reading order, and its step pages.
GUIDE_ORDER = (
    "guide/avant-propos.md", "guide/contexte-enjeux.md", "guide/etape-1-mobilisation.md",
    "guide/etape-2-accompagnement.md", "guide/etape-3-valorisation.md",
    "guide/tribune-chorus-consultants.md", "guide/a-propos-france-clusters.md",
)
STEP_PAGES: dict[str, str] = {
    "mobilisation": "guide/etape-1-mobilisation.md",
    "accompagnement": "guide/etape-2-accompagnement.md",
    "valorisation": "guide/etape-3-valorisation.md",
}


def walk(root: Path, folder: str) -> Iterator[tuple[Path, bool]]:
    """Every visible entry under root/folder, without following links:
    (path, is_link). A linked folder is reported, not entered."""
    base = root / folder
    if not base.is_dir() or base.is_symlink():
        if base.is_symlink():
            yield base, True
        return
    for current, dirs, files in os.walk(base, followlinks=False):
        here = Path(current)
        for name in sorted(dirs):
            path = here / name
            if path.is_symlink() and not name.startswith("."):
                yield path, True
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and not (here / d).is_symlink())
        for name in sorted(files):
            if not name.startswith("."):
                path = here / name
                yield path, path.is_symlink()


class Sources:
    """Where the project's files are; the one place that knows the layout."""

    def __init__(self, root: Path):
        self.root = root

    def data_files(self, kind: str) -> list[Path]:
        folder = self.root / DATA / kind
        if not folder.is_dir() or folder.is_symlink() or (self.root / DATA).is_symlink():
            return []  # a linked folder is refused (files.check_links_absent), never read
        # One directory read, no stat per file (10,000 companies in a preview's every
        # rebuild). Hidden files are editors' lock and backup files (Emacs' .#name.yml
        # is a dangling link); MkDocs skips them too.
        with os.scandir(folder) as found:
            entries = [e for e in found if not e.name.startswith(".") and (e.is_file() or e.is_symlink())]
        return [folder / name for ext in (".yml", ".yaml")
                for name in sorted(e.name for e in entries if e.name.endswith(ext))]

    def markdown_files(self) -> list[Path]:
        return sorted(p for p, is_link in walk(self.root, CONTENT) if not is_link and p.suffix == ".md")

    def watch_paths(self) -> list[Path]:
        return [self.root / DATA]

    def data_file(self, kind: str, name: str) -> Path:
        """Where a new file of `kind` named `name` goes (python -m generator new)."""
        if kind == "fiche":
            return self.root / CONTENT / f"{FICHES}{name}.md"
        return self.root / DATA / DATA_FOLDERS[kind] / f"{name}.yml"

    @staticmethod
    def is_fiche(content_uri: str) -> bool:
        return content_uri.startswith(FICHES) and content_uri != f"{FICHES}index.md"


