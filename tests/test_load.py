"""Catalogue of bad inputs, part 1: reading files (encoding, YAML syntax, size).

Each case adds or alters files in a private copy of the project and states the
first diagnostic exactly (path:line:col), a fragment of its message and of its
hint, and how many diagnostics the run has: one more would be a cascade, one
fewer a regression. The harness and the small valid documents the cases alter
live here and are shared by test_schema, test_validate, test_links and
test_cli_check.
"""

from __future__ import annotations

import time
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


def test_base_documents_are_valid(project):
    """The documents the cases alter are valid as written: each case's error
    comes from its alteration alone."""
    assert diagnostics_of(project, dict(BASES)) == []


# --- encoding, line endings, YAML syntax, size ---------------------------------

LATIN1 = variant(COMPANY, "region: Bretagne", "region: Bretagne, Côtes-d'Armor").encode("latin-1")

CASES = [
    Case("yaml-liste-non-fermee", {COMPANY_PATH: variant(COMPANY, "region: Bretagne", "region: [Bretagne")},
         "data/entreprises/zz-catalogue.yml:4:9", "YAML invalide : liste entre crochets non fermée", "« ] »"),
    Case("yaml-ensemble-non-ferme", {COMPANY_PATH: variant(COMPANY, "region: Bretagne", "region: {nom: Bretagne")},
         "data/entreprises/zz-catalogue.yml:4:9", "ensemble entre accolades non fermé", "« } »"),
    Case("yaml-deux-points-dans-un-texte", {COMPANY_PATH: variant(COMPANY, "secteur: Conseil", "secteur: Conseil: RSE")},
         "data/entreprises/zz-catalogue.yml:5:17", "YAML invalide : « : » inattendu", "entre guillemets"),
    Case("yaml-indentation-en-trop", {COMPANY_PATH: variant(COMPANY, "secteur: Conseil", "  secteur: Conseil")},
         "data/entreprises/zz-catalogue.yml:5:10", "« : » inattendu", "indentation"),
    Case("yaml-indentation-en-moins", {COMPANY_PATH: variant(COMPANY, "    niveau: labellise", "   niveau: labellise")},
         "data/entreprises/zz-catalogue.yml:11:4", "YAML invalide", "indentation"),
    Case("yaml-guillemet-non-ferme-au-milieu", {COMPANY_PATH: variant(
        variant(COMPANY, "secteur: Conseil", 'secteur: "Conseil'), "description: Entreprise fictive des tests.",
        'description: "Entreprise fictive des tests."')},
        "data/entreprises/zz-catalogue.yml:5:10", "YAML invalide : guillemet non fermé", "guillemet de fin"),
    Case("yaml-guillemet-non-ferme-en-fin-de-fichier", {COMPANY_PATH: COMPANY + 'exemple_bis: "oups\n'},
         "data/entreprises/zz-catalogue.yml:13:14", "guillemet non fermé", "guillemet de fin"),
    Case("yaml-arobase-en-debut-de-valeur", {COMPANY_PATH: variant(COMPANY, "secteur: Conseil", "secteur: @Conseil")},
         "data/entreprises/zz-catalogue.yml:5:10", "caractère inattendu en début de valeur", "guillemets"),
    Case("yaml-deux-documents", {COMPANY_PATH: COMPANY + "---\nnom: Autre\n"},
         "data/entreprises/zz-catalogue.yml:13:1", "un seul document par fichier", "« --- »"),
    Case("yaml-tabulation", {COMPANY_PATH: variant(COMPANY, "    obtenu:", "\tobtenu:")},
         "data/entreprises/zz-catalogue.yml:12:1", "tabulation dans l'indentation", "espaces"),
    Case("yaml-tabulation-apres-espaces", {COMPANY_PATH: variant(COMPANY, "    obtenu:", "  \tobtenu:")},
         "data/entreprises/zz-catalogue.yml:12:3", "tabulation dans l'indentation", "espaces"),
    Case("yaml-tabulation-sur-une-ligne-vide", {COMPANY_PATH: variant(COMPANY, "exemple: true\n", "exemple: true\n\t\n")},
         "data/entreprises/zz-catalogue.yml:9:1", "tabulation dans l'indentation", "ligne vide"),
    Case("encodage-latin-1", {COMPANY_PATH: LATIN1},
         # The column counts characters: "region: Bretagne, C" is 19 of them.
         "data/entreprises/zz-catalogue.yml:4:20", "pas encodé en UTF-8 (octet 0xF4)", "UTF-8"),
    Case("encodage-latin-1-apres-un-bom", {COMPANY_PATH: b"\xef\xbb\xbf" + LATIN1},
         "data/entreprises/zz-catalogue.yml:4:20", "pas encodé en UTF-8", "UTF-8"),
    Case("encodage-latin-1-apres-un-accent", {COMPANY_PATH: variant(COMPANY, "nom: Test Catalogue", "nom: Café Catalogue")
         .encode("utf-8") + "secteur_bis: Crêpes\n".encode("latin-1")},
         "data/entreprises/zz-catalogue.yml:13:16", "octet 0xEA", "UTF-8"),
    Case("caractere-de-controle", {COMPANY_PATH: variant(COMPANY, "secteur: Conseil", "secteur: Con\x07seil")},
         "data/entreprises/zz-catalogue.yml:5:13", "caractère invisible interdit (U+0007)", "copier-coller"),
    Case("caractere-nul", {COMPANY_PATH: variant(COMPANY, "secteur: Conseil", "secteur: \x00")},
         "data/entreprises/zz-catalogue.yml:5:10", "caractère invisible interdit (U+0000)", "supprimez-le"),
    Case("cle-en-double", {COMPANY_PATH: COMPANY + "region: Normandie\n"},
         "data/entreprises/zz-catalogue.yml:13:1", "clé 'region' en double (déjà définie ligne 4)", "supprimez l'une"),
    Case("cle-en-double-dans-une-liste", {COMPANY_PATH: COMPANY + "    obtenu: 2025-04-01\n"},
         "data/entreprises/zz-catalogue.yml:13:5", "clé 'obtenu' en double (déjà définie ligne 12)", "fusionnez"),
    Case("cle-qui-est-une-liste", {COMPANY_PATH: COMPANY + "? [a, b]\n: valeur\n"},
         "data/entreprises/zz-catalogue.yml:13:3", "une clé doit être un texte simple", "nom: valeur"),
    Case("alias-simple", {COMPANY_PATH: variant(variant(COMPANY, "region: Bretagne", "region: &r Bretagne"),
                                                "secteur: Conseil", "secteur: *r")},
         "data/entreprises/zz-catalogue.yml:5:10", "les ancres et alias YAML (&nom, *nom) ne sont pas acceptés", "recopiez"),
    Case("ancre-en-double", {COMPANY_PATH: variant(variant(COMPANY, "region: Bretagne", "region: &r Bretagne"),
                                                   "secteur: Conseil", "secteur: &r Conseil")},
         "data/entreprises/zz-catalogue.yml:5:10", "ancres et alias", "recopiez"),
    Case("alias-inconnu", {COMPANY_PATH: variant(COMPANY, "secteur: Conseil", "secteur: *nulle-part")},
         "data/entreprises/zz-catalogue.yml:5:10", "ancres et alias", "recopiez"),
    Case("fusion-yaml", {COMPANY_PATH: COMPANY + "<<: {pays: France}\n"},
         "data/entreprises/zz-catalogue.yml:13:1", "la fusion YAML « << » n'est pas acceptée", "recopiez les clés"),
    Case("etiquette-python", {COMPANY_PATH: variant(COMPANY, "secteur: Conseil", "secteur: !!python/object:os.system x")},
         "data/entreprises/zz-catalogue.yml:5:10", "étiquette YAML '!!python/object:os.system' non acceptée",
         "« ! »"),
    Case("etiquette-locale", {COMPANY_PATH: variant(COMPANY, "secteur: Conseil", "secteur: !conseil x")},
         "data/entreprises/zz-catalogue.yml:5:10", "étiquette YAML '!conseil' non acceptée", "guillemets"),
    Case("imbrication-trop-profonde", {COMPANY_PATH: variant(COMPANY, "secteur: Conseil", "secteur: " + "[" * 2000 + "]" * 2000)},
         "data/entreprises/zz-catalogue.yml:5:1009", "imbrication trop profonde", "niveaux"),
    Case("fichier-trop-volumineux", {COMPANY_PATH: COMPANY + ("# " + "x" * 1000 + "\n") * 600},
         "data/entreprises/zz-catalogue.yml:1:1", "fichier trop volumineux (", "découpez-le"),
    Case("fichier-vide", {COMPANY_PATH: ""},
         "data/entreprises/zz-catalogue.yml:1:1", "fichier vide", "clés obligatoires"),
    Case("fichier-de-commentaires", {COMPANY_PATH: "# rien\n# encore rien\n"},
         "data/entreprises/zz-catalogue.yml:1:1", "fichier vide", "clés obligatoires"),
    Case("fichier-qui-est-une-liste", {COMPANY_PATH: "- nom: Test\n"},
         "data/entreprises/zz-catalogue.yml:1:1", "attendu un ensemble de clés « nom: valeur » (Entreprise labellisée)",
         "une clé par ligne"),
    Case("fichier-qui-est-un-texte", {COMPANY_PATH: "Test Catalogue\n"},
         "data/entreprises/zz-catalogue.yml:1:1", "trouvé 'Test Catalogue'", "une clé par ligne"),
    # Markdown front matter: positions count the lines of the .md file.
    Case("en-tete-non-ferme", {FICHE_PATH: variant(FICHE, "referentiels: [enr]\n---\n", "referentiels: [enr]\n")},
         "content/fiches/zz-catalogue.md:1:1", "en-tête YAML non fermé", "'---'"),
    Case("en-tete-vide", {FICHE_PATH: "---\n---\nTexte.\n"},
         "content/fiches/zz-catalogue.md:2:1", "en-tête YAML vide", "clés obligatoires"),
    Case("en-tete-manquant", {FICHE_PATH: "Texte sans en-tête.\n"},
         "content/fiches/zz-catalogue.md:1:1", "en-tête YAML manquant", "titre, resume, cluster"),
    Case("en-tete-cle-en-double", {FICHE_PATH: variant(FICHE, "secteur: Conseil\n", "secteur: Conseil\nregion: Normandie\n")},
         "content/fiches/zz-catalogue.md:9:1", "clé 'region' en double (déjà définie ligne 7)", "supprimez"),
    Case("en-tete-guillemet-non-ferme", {FICHE_PATH: variant(FICHE, 'resume: "Une fiche pour les tests."',
                                                             'resume: "Une fiche pour les tests.')},
         "content/fiches/zz-catalogue.md:3:9", "guillemet non fermé", "guillemet de fin"),
    Case("en-tete-tabulation", {FICHE_PATH: variant(FICHE, "region: Bretagne", "\tregion: Bretagne")},
         "content/fiches/zz-catalogue.md:7:1", "tabulation dans l'indentation", "espaces"),
    Case("en-tete-non-utf-8", {FICHE_PATH: variant(FICHE, "secteur: Conseil", "secteur: Conseil régional")
         .encode("latin-1")},
         "content/fiches/zz-catalogue.md:8:19", "pas encodé en UTF-8 (octet 0xE9)", "UTF-8"),
]


@pytest.mark.parametrize("case", CASES, ids=str)
def test_bad_input(project, case):
    check(project, case)


@pytest.mark.parametrize("name, data", [
    ("bom", b"\xef\xbb\xbf" + COMPANY.encode()),
    ("crlf", COMPANY.replace("\n", "\r\n").encode()),
    ("bom-crlf", b"\xef\xbb\xbf" + COMPANY.replace("\n", "\r\n").encode()),
    ("cr", COMPANY.replace("\n", "\r").encode()),
    ("sans-fin-de-ligne-finale", COMPANY.rstrip("\n").encode()),
])
def test_accepted_encodings_and_line_endings(project, name, data):
    """Windows editors write a byte order mark and CRLF: both are accepted."""
    assert diagnostics_of(project, {COMPANY_PATH: data}) == []


def test_front_matter_crlf_bom_and_mkdocs_delimiters_are_accepted(project):
    crlf = ("\ufeff" + FICHE).replace("\n", "\r\n").encode()
    assert diagnostics_of(project, {FICHE_PATH: crlf}) == []
    # MkDocs also closes front matter with '...', and allows trailing blanks.
    dots = variant(variant(FICHE, "---\ntitre", "--- \ntitre"), "[enr]\n---\n", "[enr]\n...\t\n")
    assert diagnostics_of(project, {FICHE_PATH: dots}) == []


def test_crlf_positions_count_lines_not_carriage_returns(project):
    bad = variant(COMPANY, "secteur: Conseil", "secteur: Conseil: RSE").replace("\n", "\r\n")
    diags = diagnostics_of(project, {COMPANY_PATH: bad})
    assert [where(d) for d in diags] == ["data/entreprises/zz-catalogue.yml:5:17"]
    assert diags[0].source_line == "secteur: Conseil: RSE"


def test_alias_bomb_is_refused_fast(project):
    """'Billion laughs': nine levels of nine aliases. Expanding it would build
    10^9 nodes; it must be refused at the first alias, in well under 2 s."""
    lines = ['a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for level in range(1, 9):
        prev, name = chr(ord("a") + level - 1), chr(ord("a") + level)
        lines.append(f"{name}: &{name} [" + ", ".join([f"*{prev}"] * 9) + "]")
    bomb = "\n".join(lines) + "\n"
    started = time.process_time()  # processor time: immune to other processes on the machine
    diags = diagnostics_of(project, {COMPANY_PATH: bomb})
    assert time.process_time() - started < 2
    assert [where(d) for d in diags] == ["data/entreprises/zz-catalogue.yml:2:8"]
    assert "ancres et alias" in diags[0].message and diags[0].source_line.startswith("b: &b [*a")


def test_many_nodes_are_refused(project):
    many = COMPANY + "secteur_bis: [" + ", ".join(["x"] * 60_000) + "]\n"
    diags = diagnostics_of(project, {COMPANY_PATH: many})
    assert [(where(d), d.message) for d in diags] == [("data/entreprises/zz-catalogue.yml:2:1", "fichier trop complexe")]


def test_symbolic_link_is_refused(project, tmp_path):
    """A link could pull any file of the machine into messages or into the site."""
    outside = tmp_path / "secret.yml"
    outside.write_text("nom: secret\n", encoding="utf-8")
    link = project / "data" / "entreprises" / "zz-lien.yml"
    link.symlink_to(outside)
    try:
        diags = diagnostics_of(project, {})
    finally:
        link.unlink()
    assert [(where(d), d.message) for d in diags] == [("data/entreprises/zz-lien.yml:1:1", "lien symbolique refusé")]
    assert "copie" in diags[0].hint


def test_hidden_files_are_ignored(project):
    """Editors' lock files (Emacs: .#name.yml, a dangling link) are not data."""
    link = project / "data" / "entreprises" / ".#datalpix.yml"
    link.symlink_to("root@machine.12345:1700000000")
    try:
        assert diagnostics_of(project, {"data/clusters/.brouillon.yml": "pas: [du yaml"}) == []
    finally:
        link.unlink()


def test_long_source_lines_are_cut_around_the_caret(project):
    diags = diagnostics_of(project, {COMPANY_PATH: variant(COMPANY, "secteur: Conseil", "secteur: " + "x" * 5000 + ": y")})
    text = diags[0].format()
    assert where(diags[0]) == "data/entreprises/zz-catalogue.yml:5:5010"
    assert max(len(line) for line in text.splitlines()) < 200
    source, caret = text.splitlines()[1:3]
    assert source[caret.index("^")] == ":"
