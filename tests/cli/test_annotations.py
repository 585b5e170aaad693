"""`check` on a pull request: GitHub workflow commands, job summary, JSON.

Editors fix a pull request from GitHub's "Files changed" view: each message
must land on its file, line and column, whatever characters the data holds.
"""

from __future__ import annotations

import json

import pytest

from generator.source.errors import Diagnostic, Position, _escape_data, _escape_property, step_summary, workflow_command
from tests.conftest import copy_project
from tests.cli.test_check import run
from tests.catalogue import COMPANY, variant

BAD_NAME = "data/entreprises/a,b:c.yml"  # a file name GitHub's syntax would split
BAD_CLUSTER = "data/entreprises/zz-pourcent.yml"


@pytest.fixture(scope="module")
def broken(tmp_path_factory):
    root = copy_project(tmp_path_factory.mktemp("annotations"))
    (root / BAD_NAME).write_text(variant(COMPANY, "nom: Test Catalogue", "nom: Test Virgule"), encoding="utf-8")
    (root / BAD_CLUSTER).write_text(
        variant(variant(COMPANY, "nom: Test Catalogue", "nom: Test Pourcent"),
                "cluster: piles", 'cluster: "50%,a:b"'), encoding="utf-8")
    return root


SLUG_HINT = ("un identifiant ne contient que des minuscules sans accent, des chiffres et des tirets "
             "(ex. 'mon-cluster')")
EXPECTED = [
    "::error file=data/entreprises/a%2Cb%3Ac.yml,line=1,col=1,title=nom de fichier invalide 'a%2Cb%3Ac.yml'"
    "::nom de fichier invalide 'a,b:c.yml'%0Aconseil : un nom de fichier ne contient que des minuscules sans "
    "accent, des chiffres et des tirets, puis .yml ou .md",
    "::error file=data/entreprises/zz-pourcent.yml,line=6,col=10,title=valeur invalide '50%25%2Ca%3Ab'"
    f"::valeur invalide '50%25,a:b'%0Aconseil : {SLUG_HINT}",
]


def test_github_actions_gets_one_workflow_command_per_error_and_a_summary(broken, tmp_path, monkeypatch):
    summary = tmp_path / "summary.md"
    summary.write_text("étape précédente\n", encoding="utf-8")
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    proc = run("check", root=broken)
    assert proc.returncode == 1
    assert proc.stdout.splitlines() == EXPECTED
    # The log keeps the plain messages, with the quoted line and the caret.
    assert "data/entreprises/zz-pourcent.yml:6:10: erreur : valeur invalide '50%,a:b'" in proc.stderr
    assert proc.stderr.rstrip().endswith("2 erreurs trouvées.")
    text = summary.read_text(encoding="utf-8")
    assert text.startswith("étape précédente\n### Vérification des contenus et des données : 2 erreurs\n")
    assert ("| data/entreprises/a,b:c.yml | 1 | 1 | nom de fichier invalide 'a,b:c.yml' | un nom de fichier ne "
            "contient que des minuscules sans accent, des chiffres et des tirets, puis .yml ou .md |") in text
    assert f"| data/entreprises/zz-pourcent.yml | 6 | 10 | valeur invalide '50%,a:b' | {SLUG_HINT} |" in text


def test_format_github_without_actions_and_plain_by_default(broken, monkeypatch):
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)
    assert run("check", "--format", "github", root=broken).stdout.splitlines() == EXPECTED
    plain = run("check", root=broken)
    assert plain.returncode == 1 and plain.stdout == ""
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    assert run("check", "--format", "plain", root=broken).stdout == ""


def test_format_json_gives_the_same_diagnostics(broken):
    proc = run("check", "--format", "json", root=broken)
    assert proc.returncode == 1 and proc.stderr == ""
    report = json.loads(proc.stdout)
    assert report["valid"] is False
    assert [(d["path"], d["line"], d["column"], d["severity"], d["message"]) for d in report["diagnostics"]] == [
        (BAD_NAME, 1, 1, "error", "nom de fichier invalide 'a,b:c.yml'"),
        (BAD_CLUSTER, 6, 10, "error", "valeur invalide '50%,a:b'"),
    ]
    assert report["diagnostics"][1]["hint"] == SLUG_HINT


def test_valid_project_summary_and_json(tmp_path, monkeypatch):
    summary = tmp_path / "summary.md"
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    proc = run("check")
    assert proc.returncode == 0
    assert proc.stdout.startswith("Tout est valide : ") and "::" not in proc.stdout
    assert summary.read_text(encoding="utf-8").startswith("### Vérification des contenus et des données\n\nTout est valide : ")
    assert json.loads(run("check", "--format", "json").stdout) == {"valid": True, "diagnostics": []}


def test_workflow_command_escapes_as_github_documents():
    d = Diagnostic(Position("a%b.yml", 2, 3), "100% : a,b\nc", "d%e\nf", severity="warning")
    assert workflow_command(d) == (
        "::warning file=a%25b.yml,line=2,col=3,title=100%25 %3A a%2Cb%0Ac::100%25 : a,b%0Ac%0Aconseil : d%25e%0Af")
    assert _escape_data("a\r\nb%") == "a%0D%0Ab%25" and _escape_property("a:b,c\r") == "a%3Ab%2Cc%0D"
    # A carriage return or an ESC from data is shown as the plain output shows it, never raw.
    raw = Diagnostic(Position("x.yml"), "a\rb\x1bc")
    assert workflow_command(raw) == "::error file=x.yml,line=1,col=1,title=a<U+000D>b<U+001B>c::a<U+000D>b<U+001B>c"


def test_summary_cells_stay_literal_and_bounded():
    hostile = Diagnostic(Position("x.yml"), "<img src=x> | **gras** [lien](https://e.fr) @équipe\nsuite")
    row = step_summary([hostile]).splitlines()[-1]
    assert row == ("| x.yml | 1 | 1 | \\<img src=x\\> \\| \\*\\*gras\\*\\* \\[lien\\](https://e.fr) \\@équipe suite |  |")
    many = step_summary([Diagnostic(Position(f"f{i:04}.yml"), "m") for i in range(600)])
    assert many.count("\n| f") == 500 and "… et 100 autres : voir le journal de l'étape." in many
