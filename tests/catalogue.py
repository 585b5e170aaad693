"""The harness of the bad-input catalogues (tests/source/test_reader.py,
test_spec.py, test_project.py, test_links.py, and the CLI's tests).

Each case adds or alters files in a private copy of the project and states the
first diagnostic exactly (path:line:col), a fragment of its message and of its
hint, and how many diagnostics the run has: one more would be a cascade, one
fewer a regression. The small valid documents the cases alter live here.
"""

from __future__ import annotations

from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Union

import pytest

from generator.source.errors import Diagnostic, ValidationError
from generator.source.project import load_project
from tests.conftest import copy_project

Edit = Union[str, bytes, None, Callable[[str], str]]  # None deletes the file

# Small valid documents, one per kind, that the cases alter. Line numbers in
# the cases count from these texts (line 1 is the first line).
COMPANY_PATH = "data/entreprises/zz-catalogue.yml"
COMPANY = """\
# yaml-language-server: $schema=../../schemas/entreprise.schema.json
nom: Test Catalogue
site: https://catalogue.example
region: Bretagne
secteur: Conseil
cluster: piles
description: Entreprise fictive des tests.
exemple: true
labels:
  - label: enr
    niveau: labellise
    obtenu: 2025-03-01
"""

CLUSTER_PATH = "data/clusters/zz-catalogue.yml"
CLUSTER = """\
# yaml-language-server: $schema=../../schemas/cluster.schema.json
nom: Cluster du catalogue
type: cluster
region: Bretagne
secteur: Conseil
membres: 12
site: https://cluster.example
description: Cluster fictif des tests.
contacts:
  - nom: Camille Martin
    email: camille.martin@cluster.example
"""

FICHE_PATH = "content/fiches/zz-catalogue.md"
FICHE = """\
---
titre: "Fiche du catalogue"
resume: "Une fiche pour les tests."
cluster: piles
etapes: [mobilisation]
themes: [sensibilisation, veille]
region: Bretagne
secteur: Conseil
referentiels: [enr]
---
Texte de la fiche, avec un [lien](../fiches/piles.md).

## Une section

Voir [la section](#une-section).
"""

REF_PATH = "data/referentiels/zz-catalogue.yml"
REF = """\
# yaml-language-server: $schema=../../schemas/referentiel.schema.json
titre: "Référentiel du catalogue"
version: "1"
description: "Un petit référentiel pour les tests."
fiches: [piles]
echelles:
  oui-non:
    - {valeur: oui, libelle: "Oui", points: 1}
    - {valeur: non, libelle: "Non", points: 0}
themes:
  - id: gouvernance
    titre: "Gouvernance"
    criteres:
      - id: c1
        texte: "Premier critère."
        conseil: "Premier conseil."
        echelle: oui-non
      - id: c2
        texte: "Deuxième critère."
        conseil: "Deuxième conseil."
        fiches: [piles]
        options:
          - {valeur: a, libelle: "A", points: 2}
          - {valeur: b, libelle: "B", points: 0}
          - {valeur: nsp, libelle: "Ne sait pas", abstention: true}
  - id: social
    titre: "Social"
    criteres:
      - id: c3
        texte: "Troisième critère."
        conseil: "Troisième conseil."
        echelle: oui-non
niveaux:
  - {id: bas, libelle: "Bas", seuil: 20, sur: pourcentage}
  - {id: haut, libelle: "Haut", seuil: 80, sur: pourcentage}
"""

BASES = {COMPANY_PATH: COMPANY, CLUSTER_PATH: CLUSTER, FICHE_PATH: FICHE, REF_PATH: REF}


def variant(base: str, old: str, new: str) -> str:
    """`base` with `old` replaced once; `old` must be there, or the case would
    silently test the unaltered document."""
    assert base.count(old) == 1, f"{old!r} apparaît {base.count(old)} fois"
    return base.replace(old, new)


def replace(old: str, new: str) -> Callable[[str], str]:
    """An edit of a shipped file: replace `old` (which must be there once)."""
    return lambda text: variant(text, old, new)


def append(extra: str) -> Callable[[str], str]:
    return lambda text: text + extra


@dataclass(frozen=True)
class Case:
    id: str
    edits: dict[str, Edit]
    where: str  # "path:line:col" of the first diagnostic
    message: str  # a fragment of its message
    hint: str  # a fragment of its hint
    count: int = 1  # diagnostics in the whole run
    also: tuple[str, ...] = field(default=())  # fragments of the other diagnostics' messages

    def __str__(self) -> str:
        return self.id


@contextmanager
def edited(root: Path, edits: dict[str, Edit]):
    """Apply `edits` to the project at `root`, and undo them on exit (the copy
    is shared by a module's cases: copying it for each one would be slow)."""
    saved: dict[Path, bytes | None] = {}
    try:
        for rel, edit in edits.items():
            path = root / rel
            saved[path] = path.read_bytes() if path.exists() else None
            if edit is None:
                path.unlink()
                continue
            if callable(edit):
                edit = edit(path.read_text(encoding="utf-8"))
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(edit.encode("utf-8") if isinstance(edit, str) else edit)
        yield root
    finally:
        for path, data in saved.items():
            if data is None:
                path.unlink(missing_ok=True)
            else:
                path.write_bytes(data)


def diagnostics_of(root: Path, edits: dict[str, Edit]) -> list[Diagnostic]:
    with edited(root, edits):
        try:
            load_project(root)
        except ValidationError as exc:
            return exc.diagnostics
    return []


def where(d: Diagnostic) -> str:
    return f"{d.position.path}:{d.position.line}:{d.position.col}"


def check(root: Path, case: Case) -> list[Diagnostic]:
    diags = diagnostics_of(root, case.edits)
    shown = "\n\n".join(d.format() for d in diags) or "(aucune erreur)"
    assert diags, f"{case.id} : aucune erreur signalée"
    first = diags[0]
    assert where(first) == case.where, shown
    assert case.message in first.message, shown
    assert case.hint and case.hint in first.hint, shown
    assert len(diags) == case.count, shown
    for fragment in case.also:
        assert any(fragment in d.message for d in diags[1:]), shown
    return diags


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    """A private copy of the project, shared by the cases of one module."""
    return copy_project(tmp_path_factory.mktemp("projet"))
