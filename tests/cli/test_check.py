"""`python -m generator check` and `new`, run as editors run them.

The catalogue's other modules call load_project directly, for speed; these
cases go through the command line, in a subprocess, on a copy of the project
with one file altered: exit status, exact first line, hint, no traceback.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest

from generator.cli.scaffold import ScaffoldError, new_file
from generator.source.project import load_project
from tests.conftest import ROOT, copy_project
from tests.catalogue import COMPANY, COMPANY_PATH, FICHE, FICHE_PATH, edited, variant


def run(*args: str, root: Path = ROOT) -> subprocess.CompletedProcess:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONIOENCODING": "utf-8"}
    return subprocess.run([sys.executable, "-m", "generator", "--root", str(root), *args],
                          cwd=ROOT, env=env, capture_output=True, text=True, encoding="utf-8", timeout=60)


def test_shipped_project_is_valid_and_checked_well_under_two_seconds():
    proc = run("check")
    assert proc.returncode == 0, proc.stderr
    assert re.fullmatch(r"Tout est valide : .* \(\d+\.\d\d s\)\.\n", proc.stdout), proc.stdout
    assert proc.stderr == ""
    # Processor time, not wall time: other test processes share the machine.
    started = time.process_time()
    load_project(ROOT)
    assert time.process_time() - started < 1


BOMB = "".join([
    'a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]\n',
    *(f"{chr(98 + i)}: &{chr(98 + i)} [" + ", ".join([f"*{chr(97 + i)}"] * 9) + "]\n" for i in range(8)),
])

CLI_CASES = [
    ("encodage", {COMPANY_PATH: variant(COMPANY, "secteur: Conseil", "secteur: Conseil régional").encode("latin-1")},
     "data/entreprises/zz-catalogue.yml:5:19: erreur : ce fichier n'est pas encodé en UTF-8 (octet 0xE9)", "UTF-8"),
    ("yaml-invalide", {COMPANY_PATH: variant(COMPANY, "secteur: Conseil", "secteur: Conseil: RSE")},
     "data/entreprises/zz-catalogue.yml:5:17: erreur : YAML invalide : « : » inattendu", "entre guillemets"),
    ("bombe-d-alias", {COMPANY_PATH: BOMB},
     "data/entreprises/zz-catalogue.yml:2:8: erreur : les ancres et alias YAML (&nom, *nom) ne sont pas acceptés",
     "recopiez la valeur"),
    ("fichier-vide", {COMPANY_PATH: ""},
     "data/entreprises/zz-catalogue.yml:1:1: erreur : fichier vide", "clés obligatoires"),
    ("cluster-inconnu", {COMPANY_PATH: variant(COMPANY, "cluster: piles", "cluster: logistique-seine-normandy")},
     "data/entreprises/zz-catalogue.yml:6:10: erreur : cluster inconnu 'logistique-seine-normandy'",
     "vouliez-vous dire 'logistique-seine-normandie' ?"),
    ("date-impossible", {COMPANY_PATH: variant(COMPANY, "obtenu: 2025-03-01", "obtenu: 2024-02-30")},
     "data/entreprises/zz-catalogue.yml:12:13: erreur : date impossible '2024-02-30'", "n'existe pas"),
    ("en-tete-non-ferme", {FICHE_PATH: variant(FICHE, "referentiels: [enr]\n---\n", "referentiels: [enr]\n")},
     "content/fiches/zz-catalogue.md:1:1: erreur : en-tête YAML non fermé", "ajoutez une ligne '---'"),
    ("lien-javascript", {FICHE_PATH: FICHE + "\n[clic](javascript:alert(1))\n"},
     "content/fiches/zz-catalogue.md:17:8: erreur : lien non autorisé 'javascript:alert(1)'", "http(s), mailto"),
    ("ancre-introuvable", {FICHE_PATH: FICHE + "\nVoir [ici](../fiches/piles.md#nope).\n"},
     "content/fiches/zz-catalogue.md:17:12: erreur : ancre '#nope' introuvable dans fiches/piles.md", "valeurs possibles"),
]


@pytest.mark.parametrize("name, edits, first_line, hint", CLI_CASES, ids=[c[0] for c in CLI_CASES])
def test_check_reports_a_bad_file_and_exits_1(tmp_path, name, edits, first_line, hint):
    root = copy_project(tmp_path)
    with edited(root, edits):
        started = time.perf_counter()
        proc = run("check", root=root)
        elapsed = time.perf_counter() - started
    lines = proc.stderr.splitlines()
    assert proc.returncode == 1, proc.stderr
    assert proc.stdout == ""
    assert lines[0] == first_line
    if name != "fichier-vide":  # an empty file has no line to quote
        assert lines[1].lstrip().split(" | ", 1)[0].isdigit()  # the quoted source line...
        assert lines[2].rstrip().endswith("^")  # ...and its caret
        lines = lines[:1] + lines[3:]
    assert lines[1].startswith("      conseil : ") and hint in lines[1]
    assert lines[-1] == "1 erreur trouvée."
    assert "Traceback" not in proc.stderr
    assert elapsed < 10  # a subprocess on a shared machine; the in-process bound is in tests/source/test_reader.py


def test_check_reports_every_broken_file_at_once_sorted_by_path(tmp_path):
    root = copy_project(tmp_path)
    edits = {COMPANY_PATH: variant(COMPANY, "exemple: true", "exemple: oui"),
             "data/clusters/aa-casse.yml": "nom: [Cluster\n",
             FICHE_PATH: variant(FICHE, "etapes: [mobilisation]", "etapes: [mobilisaton]")}
    with edited(root, edits):
        proc = run("check", root=root)
    assert proc.returncode == 1
    firsts = [line for line in proc.stderr.splitlines() if ": erreur : " in line]
    assert firsts == [
        "content/fiches/zz-catalogue.md:5:10: erreur : valeur inconnue 'mobilisaton'",
        "data/clusters/aa-casse.yml:1:6: erreur : YAML invalide : liste entre crochets non fermée",
        "data/entreprises/zz-catalogue.yml:8:10: erreur : attendu true ou false, trouvé 'oui'",
    ]
    assert proc.stderr.endswith("\n\n3 erreurs trouvées.\n")
    assert "Traceback" not in proc.stderr


def test_check_outside_a_project_says_so(tmp_path):
    proc = run("check", root=tmp_path)
    assert proc.returncode == 1
    assert proc.stderr.startswith(".:1:1: erreur : ni content/ ni data/ dans ")
    assert "Traceback" not in proc.stderr


# --- python -m generator new -----------------------------------------------------

KINDS = ("entreprise", "fiche", "cluster", "referentiel")


def test_every_new_file_is_valid_as_created(tmp_path):
    root = copy_project(tmp_path)
    paths = {kind: new_file(root, kind, f"zz-nouveau-{kind}") for kind in KINDS}
    assert [p.relative_to(root).as_posix() for p in paths.values()] == [
        "data/entreprises/zz-nouveau-entreprise.yml", "content/fiches/zz-nouveau-fiche.md",
        "data/clusters/zz-nouveau-cluster.yml", "data/referentiels/zz-nouveau-referentiel.yml"]
    project = load_project(root)  # raises on any error
    company = project.companies["zz-nouveau-entreprise"]
    assert company.cluster in project.clusters
    assert company.awards and all(a.label in project.labels for a in company.awards)
    fiche = project.fiches["zz-nouveau-fiche"]
    assert fiche.cluster in project.clusters and all(t in project.themes for t in fiche.themes)
    assert "zz-nouveau-cluster" in project.clusters and "zz-nouveau-referentiel" in project.referentials
    for kind in ("entreprise", "cluster", "referentiel"):
        text = paths[kind].read_text(encoding="utf-8")
        assert text.startswith(f"# yaml-language-server: $schema=../../schemas/{kind}.schema.json\n")
        assert text.count("\n# ") >= 5  # commented for editors


def test_new_fiche_takes_the_cluster_of_the_same_name(tmp_path):
    root = copy_project(tmp_path)
    new_file(root, "cluster", "zz-meme-nom")
    new_file(root, "fiche", "zz-meme-nom")
    assert load_project(root).fiches["zz-meme-nom"].cluster == "zz-meme-nom"


@pytest.mark.parametrize("kind, name, fragment", [
    ("entreprise", "Mon Entreprise", "identifiant invalide 'Mon Entreprise'"),
    ("entreprise", "a_b", "identifiant invalide 'a_b'"),
    ("fiche", "../../etc/passwd", "identifiant invalide"),
    ("cluster", "", "identifiant invalide ''"),
    ("cluster", "x" * 81, "80 caractères au plus"),
    ("fiche", "piles", "content/fiches/piles.md existe déjà"),
    ("entreprise", "datalpix", "data/entreprises/datalpix.yml existe déjà"),
    ("label", "x", "type inconnu 'label'"),
])
def test_new_refuses_bad_names_and_existing_files(tmp_path, kind, name, fragment):
    root = copy_project(tmp_path)
    before = sorted(p.relative_to(root) for p in root.rglob("*"))
    with pytest.raises(ScaffoldError) as err:
        new_file(root, kind, name)
    assert fragment in str(err.value)
    assert sorted(p.relative_to(root) for p in root.rglob("*")) == before


def test_new_command_line(tmp_path):
    root = copy_project(tmp_path)
    proc = run("new", "entreprise", "zz-ma-societe", root=root)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == "Créé : data/entreprises/zz-ma-societe.yml\n"
    assert run("check", root=root).returncode == 0
    again = run("new", "entreprise", "zz-ma-societe", root=root)
    assert again.returncode == 2
    assert again.stderr == ("erreur : data/entreprises/zz-ma-societe.yml existe déjà : modifiez ce fichier, "
                            "ou choisissez un autre identifiant\n")
    bad = run("new", "cluster", "Mon Cluster", root=root)
    assert bad.returncode == 2 and bad.stderr.startswith("erreur : identifiant invalide 'Mon Cluster'")
