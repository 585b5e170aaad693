"""The command-line contract of `describe` and `score`: JSON keys, exit statuses, messages."""

from __future__ import annotations

import io
import json
import subprocess
import sys

import pytest

from generator.cli.main import main
from tests.conftest import ROOT

REF_KEYS = {"id", "title", "version", "module", "themes", "levels"}
THEME_KEYS = {"id", "title", "weight", "criteria"}
CRITERION_KEYS = {"id", "text", "options"}
OPTION_KEYS = {"value", "label", "points"}
LEVEL_KEYS = {"id", "label", "min", "on", "strict", "indicative"}
RESULT_KEYS = {"referential", "score", "max", "percent", "answered", "total", "complete", "level", "themes"}
RESULT_THEME_KEYS = {"id", "score", "max", "percent", "answered", "total"}


def cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "generator", "--root", str(ROOT), *args],
                          capture_output=True, text=True, cwd=ROOT, timeout=60)


def run(capsys, *args: str) -> tuple[int, str, str]:
    status = main(["--root", str(ROOT), *args])
    out, err = capsys.readouterr()
    return status, out, err


def check_referential(ref: dict) -> None:
    assert set(ref) == REF_KEYS
    assert ref["module"] == f"assets/referentiels/{ref['id']}.js"
    for t in ref["themes"]:
        assert set(t) == THEME_KEYS
        for c in t["criteria"]:
            assert set(c) == CRITERION_KEYS
            for o in c["options"]:
                assert set(o) == OPTION_KEYS
    for lv in ref["levels"]:
        assert set(lv) == LEVEL_KEYS
        assert lv["on"] in ("score", "percent")


def test_describe_lists_every_referential():
    proc = cli("describe")
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    assert [r["id"] for r in data] == ["6pl", "afaq-26000", "cluster-bio", "ecoride", "enr", "hydreos"]
    for ref in data:
        check_referential(ref)


def test_describe_one_referential(capsys):
    status, out, _ = run(capsys, "describe", "hydreos")
    assert status == 0
    ref = json.loads(out)
    check_referential(ref)
    assert ref["id"] == "hydreos"
    options = ref["themes"][0]["criteria"][0]["options"]
    assert {"value": "ne-se-prononce-pas", "label": "ne se prononce pas", "points": None} in options


def test_describe_unknown_referential(capsys):
    status, out, err = run(capsys, "describe", "inconnu")
    assert (status, out) == (2, "")
    assert "erreur : référentiel inconnu 'inconnu'" in err and "6pl" in err


def test_score_a_file(tmp_path):
    answers = tmp_path / "reponses.json"
    answers.write_text(json.dumps({"prat-01": "justifiee", "client-01": "satisfait"}), encoding="utf-8")
    proc = cli("score", "enr", "--answers", str(answers))
    assert proc.returncode == 0, proc.stderr
    result = json.loads(proc.stdout)
    assert set(result) == RESULT_KEYS
    assert all(set(t) == RESULT_THEME_KEYS for t in result["themes"])
    assert (result["referential"], result["score"], result["max"], result["answered"]) == ("enr", 17, 200, 2)
    assert result["level"] is None and result["complete"] is False


def test_score_from_standard_input(capsys, monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.StringIO(json.dumps({c: "a" for c in ("gouv-01", "gouv-02")})))
    status, out, _ = run(capsys, "score", "cluster-bio", "--answers", "-")
    assert status == 0
    result = json.loads(out)
    assert result["score"] == 6 and result["level"] == {"id": "d", "label": "D"}


@pytest.mark.parametrize("content, message", [
    ('{"zz-99": "a"}', "critère inconnu 'zz-99' dans le référentiel 'cluster-bio'"),
    ('{"gouv-01": "e"}', "valeur invalide pour 'gouv-01' : 'e' (valeurs possibles : a, b, c, d)"),
    ('{"gouv-01": true}', "valeur invalide pour 'gouv-01' : True"),
    ('["gouv-01"]', "les réponses doivent être un objet JSON"),
    ('{"gouv-01": "a",\n  "gouv-02": }', ":2:14: JSON invalide : Expecting value"),
])
def test_score_rejects_bad_answers_with_status_2(capsys, tmp_path, content, message):
    path = tmp_path / "reponses.json"
    path.write_text(content, encoding="utf-8")
    status, out, err = run(capsys, "score", "cluster-bio", "--answers", str(path))
    assert (status, out) == (2, "")
    assert err.startswith(f"erreur : {path}")
    assert message in err
    assert err.count("\n") == 1  # one clear line, no traceback


def test_score_unknown_referential(capsys, tmp_path):
    path = tmp_path / "reponses.json"
    path.write_text("{}", encoding="utf-8")
    status, out, err = run(capsys, "score", "inconnu", "--answers", str(path))
    assert (status, out) == (2, "")
    assert err.startswith("erreur : référentiel inconnu 'inconnu' (connus : 6pl, afaq-26000")


def test_score_missing_file(capsys, tmp_path):
    status, out, err = run(capsys, "score", "enr", "--answers", str(tmp_path / "absent.json"))
    assert (status, out) == (2, "")
    assert "lecture impossible" in err


def test_score_errors_through_the_real_command(tmp_path):
    """The exit status and stderr seen by a shell script, not only by main()."""
    path = tmp_path / "reponses.json"
    path.write_text('{"inconnu": "1"}', encoding="utf-8")
    proc = cli("score", "6pl", "--answers", str(path))
    assert proc.returncode == 2
    assert proc.stdout == ""
    assert "critère inconnu 'inconnu'" in proc.stderr and "Traceback" not in proc.stderr
