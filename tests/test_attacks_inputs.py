"""Attack catalogue, inputs (issue 9, items 6 to 8): what a hostile pull request
or a hostile answers file tries, and what stops it.

Each case asserts one of two things: "refused, with the file and the position"
(control characters decoded from YAML escapes, bad JSON of any shape), or
"the output holds no vector" (CSV cells that a spreadsheet would run, raw
control characters in messages, tracebacks on a closed pipe or on Ctrl-C).
The reproductions of the issue are marked « issue ». The browser side of item
9 is in tests/js/diagnostic-core.test.mjs and tests/e2e/test_attacks_import.py.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
import signal
import subprocess
import sys
import time
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

import generator.source.reader
from generator.adapter.build import MARKER, MARKER_TEXT
from generator.cli.main import MAX_ANSWERS, main
from generator.source.errors import FORBIDDEN_CHARS, Diagnostic, Position
from generator.site.opendata import FORMULA_START, NEUTRALISED, csv_table, neutralised, table_schema
from generator.source.project import load_project
from tests.conftest import ROOT, TODAY, copy_project
from tests.catalogue import (  # noqa: F401 - `project` is a fixture
    CLUSTER, CLUSTER_PATH, COMPANY, COMPANY_PATH, FICHE, FICHE_PATH, REF, REF_PATH, Case, check, diagnostics_of,
    edited, project, replace, variant,
)

C, K, F, R = COMPANY_PATH, CLUSTER_PATH, FICHE_PATH, REF_PATH
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONIOENCODING": "utf-8", "RSE_AUJOURDHUI": TODAY}


def cli(*args: str, root: Path = ROOT, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "generator", "--root", str(root), *args], cwd=ROOT, env=ENV,
                          capture_output=True, timeout=120, **kwargs)


def no_raw_control(text: str) -> bool:
    return FORBIDDEN_CHARS.search(text) is None


# --- 6. control characters, raw or decoded from YAML escapes --------------------

ESCAPE_HINT = "barre oblique inverse"
CONTROL_CASES = [
    # « issue »: "\0" and "\x1b" passed the check and broke flux.xml and the badges.
    Case("nul-echappe", {C: variant(COMPANY, "secteur: Conseil", 'secteur: "Con\\0seil"')},
         f"{C}:5:14", "caractère invisible interdit (U+0000), écrit « \\0 »", ESCAPE_HINT),
    Case("echap-x1b-dans-le-nom", {C: variant(COMPANY, "nom: Test Catalogue", 'nom: "Test \\x1b[31mCatalogue"')},
         f"{C}:2:12", "(U+001B), écrit « \\x1b »", ESCAPE_HINT),
    Case("echap-e", {C: variant(COMPANY, "region: Bretagne", 'region: "Bretagne\\e"')},
         f"{C}:4:18", "(U+001B), écrit « \\e »", ESCAPE_HINT),
    Case("c1-nel-u0085", {C: variant(COMPANY, "region: Bretagne", 'region: "Bre\\u0085tagne"')},
         f"{C}:4:13", "(U+0085), écrit « \\u0085 »", ESCAPE_HINT),
    Case("c1-nel-N", {C: variant(COMPANY, "region: Bretagne", 'region: "Bre\\Ntagne"')},
         f"{C}:4:13", "(U+0085), écrit « \\N »", ESCAPE_HINT),
    Case("c1-csi-U0000009B", {C: variant(COMPANY, "secteur: Conseil", 'secteur: "\\U0000009B2J"')},
         f"{C}:5:11", "(U+009B), écrit « \\U0000009B »", ESCAPE_HINT),
    Case("del-x7f", {C: variant(COMPANY, "description: Entreprise fictive des tests.",
                                'description: "Entreprise\\x7f fictive."')},
         f"{C}:7:25", "(U+007F), écrit « \\x7f »", ESCAPE_HINT),
    Case("retour-chariot-r", {C: variant(COMPANY, "secteur: Conseil", 'secteur: "Con\\rseil"')},
         f"{C}:5:14", "(U+000D), écrit « \\r »", ESCAPE_HINT),
    Case("separateur-de-ligne-L", {C: variant(COMPANY, "secteur: Conseil", 'secteur: "Con\\Lseil"')},
         f"{C}:5:14", "(U+2028), écrit « \\L »", ESCAPE_HINT),
    Case("non-caractere-uFFFE", {C: variant(COMPANY, "secteur: Conseil", 'secteur: "\\uFFFE"')},
         f"{C}:5:11", "(U+FFFE), écrit « \\uFFFE »", ESCAPE_HINT),
    # libyaml refuses a lone surrogate itself; the message says what to do in French.
    Case("surrogat-seul", {C: variant(COMPANY, "nom: Test Catalogue", 'nom: "Test \\ud800"')},
         f"{C}:2:12", "séquence \\u… invalide", "le caractère lui-même"),
    # Every scalar is text somewhere: keys, enum values, URLs, e-mails, lists, front matter.
    Case("dans-une-cle", {C: COMPANY + '"note\\x1b": x\n'},
         f"{C}:13:6", "(U+001B), écrit « \\x1b »", ESCAPE_HINT),
    Case("dans-une-valeur-enumeree", {C: variant(COMPANY, "niveau: labellise", 'niveau: "labellise\\x00"')},
         f"{C}:11:23", "(U+0000)", ESCAPE_HINT),
    Case("dans-une-url", {C: variant(COMPANY, "site: https://catalogue.example",
                                     'site: "https://catalogue.example/\\x1b"')},
         f"{C}:3:34", "(U+001B)", ESCAPE_HINT),
    Case("dans-un-e-mail", {K: variant(CLUSTER, "email: camille.martin@cluster.example",
                                       'email: "camille\\x00@cluster.example"')},
         f"{K}:11:20", "(U+0000)", ESCAPE_HINT),
    Case("dans-une-liste-d-en-tete", {F: variant(FICHE, "themes: [sensibilisation, veille]",
                                                  'themes: [sensibilisation, "veille\\x1b"]')},
         f"{F}:6:34", "(U+001B)", ESCAPE_HINT),
    Case("dans-le-titre-d-une-fiche", {F: variant(FICHE, 'titre: "Fiche du catalogue"',
                                                   'titre: "Fiche\\x1b du catalogue"')},
         f"{F}:2:14", "(U+001B)", ESCAPE_HINT),
    Case("dans-un-libelle-de-referentiel", {R: variant(REF, 'libelle: "Oui"', 'libelle: "Oui\\e"')},
         f"{R}:8:34", "(U+001B), écrit « \\e »", ESCAPE_HINT),
    Case("sur-la-deuxieme-ligne-d-un-texte", {C: variant(COMPANY, "description: Entreprise fictive des tests.",
                                                        'description: "Entreprise fictive\n  des \\x1b tests."')},
         f"{C}:8:7", "(U+001B)", ESCAPE_HINT),
    # Raw characters: C1 and the line separators YAML counts as line breaks (positions drifted).
    Case("c1-brut", {C: variant(COMPANY, "secteur: Conseil", "secteur: Con\x85seil")},
         f"{C}:5:13", "caractère invisible interdit (U+0085)", "copier-coller"),
    Case("separateur-de-ligne-brut", {C: variant(COMPANY, "secteur: Conseil", "secteur: Con\u2028seil")},
         f"{C}:5:13", "caractère invisible interdit (U+2028)", "copier-coller"),
    Case("echap-brut", {C: variant(COMPANY, "secteur: Conseil", "secteur: Con\x1bseil")},
         f"{C}:5:13", "caractère invisible interdit (U+001B)", "copier-coller"),
]


@pytest.mark.parametrize("case", CONTROL_CASES, ids=str)
def test_control_characters_are_refused_with_file_and_position(project, case):
    for d in check(project, case):
        assert no_raw_control(d.format())


def test_a_lone_surrogate_is_refused_by_the_pure_python_loader_too(project, monkeypatch):
    """libyaml refuses "\\ud800"; PyYAML's own parser decodes it: the decoded check holds for both."""
    import yaml

    monkeypatch.setattr(generator.source.reader, "_Loader", yaml.SafeLoader)
    check(project, Case("surrogat-seul-pyyaml", {C: variant(COMPANY, "nom: Test Catalogue", 'nom: "Test \\ud800"')},
                        f"{C}:2:12", "(U+D800), écrit « \\ud800 »", ESCAPE_HINT))


@pytest.mark.parametrize("written, decoded", [
    ('"Deux \\\\x1b barres"', "Deux \\x1b barres"),  # a doubled backslash is one character, not an escape
    ('"Avec\\ttabulation"', "Avec\ttabulation"),
    ('"Sur\\ndeux lignes"', "Sur\ndeux lignes"),
    ('"Espace\\_insécable"', "Espace\u00a0insécable"),
])
def test_harmless_escapes_still_pass(project, written, decoded):
    with edited(project, {C: variant(COMPANY, "secteur: Conseil", f"secteur: {written}")}):
        assert load_project(project).companies["zz-catalogue"].sector == decoded


def test_what_the_check_lets_through_is_valid_xml():
    """flux.xml and the badges are XML 1.0: every character outside FORBIDDEN_CHARS is
    an XML character, so whatever passes the check (then escaped) keeps them well formed."""
    def xml_char(cp: int) -> bool:
        return cp in (0x9, 0xA, 0xD) or 0x20 <= cp <= 0xD7FF or 0xE000 <= cp <= 0xFFFD or 0x10000 <= cp <= 0x10FFFF

    allowed = [cp for cp in range(0x110000) if not FORBIDDEN_CHARS.match(chr(cp))]
    assert all(xml_char(cp) for cp in allowed)
    # C0 but tab and newline, DEL, C1, surrogates, U+2028/U+2029, U+FFFE/U+FFFF.
    assert len(allowed) == 0x110000 - (32 - 2) - 1 - 32 - 2048 - 2 - 2


@pytest.mark.build
def test_a_build_refuses_an_escape_before_any_output(tmp_path):
    """« issue »: "\\x1b" in a company's name reached flux.xml and its badge. Now the build
    stops at the check, names the position, and writes nothing."""
    root = copy_project(tmp_path / "projet")
    (root / C).write_text(variant(COMPANY, "nom: Test Catalogue", 'nom: "Test \\x1b Catalogue"'), encoding="utf-8")
    proc = cli("build", "--site-dir", str(tmp_path / "site"), root=root, text=True, encoding="utf-8")
    assert proc.returncode == 1
    # MkDocs' log wraps lines to the terminal's width.
    assert f"{C}:2:12: erreur : caractère invisible interdit (U+001B)" in " ".join(proc.stderr.split())
    # MkDocs colours its own "ERROR" prefix; nothing else may hold an ESC.
    assert no_raw_control(proc.stderr.replace("\x1b[31m", "").replace("\x1b[0m", ""))
    assert "Traceback" not in proc.stderr
    assert not (tmp_path / "site").exists()
    assert not list(tmp_path.glob(".site-build-*"))


# --- 6. the one formatter never prints a raw control character ---------------------

def test_formatter_escapes_message_line_and_hint_and_keeps_the_caret_aligned():
    d = Diagnostic(Position("data/a\x1bb.yml", 3, 5), "valeur '\x1b[2J' \ud800", "conseil \x9b", "ab\x1bcdef")
    out = d.format()
    assert no_raw_control(out)
    lines = out.split("\n")
    assert lines[0] == "data/a<U+001B>b.yml:3:5: erreur : valeur '<U+001B>[2J' <U+D800>"
    assert lines[1] == "    3 | ab<U+001B>cdef"
    # Column 5 is "d": the caret stands under it, after the 8-character <U+001B>.
    assert lines[2].index("^") == lines[1].index("d")
    assert lines[3].endswith("conseil <U+009B>")
    out.encode("utf-8")  # a lone surrogate printed raw could not even be encoded


def test_check_prints_no_raw_control_character(tmp_path):
    """« issue »: an ESC in a value was printed raw by check (and drove the terminal)."""
    root = copy_project(tmp_path / "projet")
    (root / C).write_text(variant(COMPANY, "secteur: Conseil", "secteur: Con\x1b[2Jseil"), encoding="utf-8")
    (root / "data/entreprises/nom\x1b[31m.yml").write_text(COMPANY, encoding="utf-8")
    proc = cli("check", root=root)
    err = proc.stderr.decode("utf-8")
    assert proc.returncode == 1
    assert "\x1b" not in err and no_raw_control(err)
    assert f"{C}:5:13: erreur : caractère invisible interdit (U+001B)" in err
    assert "secteur: Con<U+001B>[2Jseil" in err
    assert "nom de fichier invalide 'nom<U+001B>[31m.yml'" in err


# --- 7. CSV: no cell a spreadsheet would run ---------------------------------------

HOSTILE_CELLS = ['=HYPERLINK("https://attaquant.example";"ENR")', "+1+cmd|' /C calc'!A0", "-2+3", "@SUM(A1:A9)"]
ENR = "data/referentiels/enr.yml"


def _csv_edits(where: str, value: str) -> dict:
    quoted = json.dumps(value, ensure_ascii=False)  # a JSON string is a YAML double-quoted string
    company = {
        "nom": ("nom: Test Catalogue", f"nom: {quoted}"),
        "region": ("region: Bretagne", f"region: {quoted}"),
        "secteur": ("secteur: Conseil", f"secteur: {quoted}"),
        "description": ("description: Entreprise fictive des tests.", f"description: {quoted}"),
    }
    if where in company:
        return {C: variant(COMPANY, *company[where])}
    label = {
        "label_nom": ('  nom: "ENR (Entreprise Numérique Responsable)"', f"  nom: {quoted}"),
        "emetteur": ('  emetteur: "France IT"', f"  emetteur: {quoted}"),
        "niveau": ('    libelle: "Labellisé"', f"    libelle: {quoted}"),
    }
    return {C: COMPANY, ENR: replace(*label[where])}


@pytest.mark.parametrize("value", HOSTILE_CELLS)
@pytest.mark.parametrize("where", ["nom", "region", "secteur", "description", "label_nom", "emetteur", "niveau"])
def test_csv_neutralises_formulas_in_every_column(project, where, value):
    """« issue »: only nom and secteur were neutralised; region, label and level names
    reached entreprises.csv as formulas. description is not a CSV column (JSON only)."""
    with edited(project, _csv_edits(where, value)):
        model = load_project(project)
    text = csv_table(model, list(model.companies.values()), dt.date.fromisoformat(TODAY))
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    assert all(not cell.startswith(FORMULA_START) for row in rows for cell in row.values())
    ours = next(r for r in rows if r["entreprise"] == "zz-catalogue")
    if where == "description":
        assert where not in ours and value not in text
    else:
        assert ours[where] == "'" + value


@pytest.mark.parametrize("value", ["=1", "+1", "-1", "@a", "\tx", "\rx", "\t=1"])
def test_neutralised_follows_the_owasp_rule(value):
    assert neutralised(value) == "'" + value
    assert neutralised("Sûr = oui") == "Sûr = oui" and neutralised("") == ""


def test_table_schema_documents_the_neutralisation():
    schema = json.loads(table_schema(load_project(ROOT)))
    assert schema["description"] == NEUTRALISED
    assert all(f"{c}," in NEUTRALISED or c in NEUTRALISED for c in "=+-@")
    assert "apostrophe" in NEUTRALISED and "tabulation" in NEUTRALISED and "retour chariot" in NEUTRALISED


# --- 8. score: bad JSON of any shape exits 2 with one short French line -------------

NEST = 100_000
BIG = "x" * 900_000
SCORE_CASES = [
    # « issue »: RecursionError and ValueError tracebacks.
    ("tableaux-imbriques", "[" * NEST + "]" * NEST, "JSON trop imbriqué"),
    ("objets-imbriques", '{"a":' * NEST + "1" + "}" * NEST, "JSON trop imbriqué"),
    ("entier-de-5000-chiffres", '{"gouv-01": 1' + "0" * 4999 + "}", "nombre trop long"),
    ("entier-de-4000-chiffres", '{"gouv-01": 1' + "0" * 3999 + "}", "valeur invalide pour 'gouv-01' : '1000"),
    # « issue »: a 5 MB value gave 5 MB of stderr.
    ("fichier-de-5-mo", json.dumps({"gouv-01": "x" * 5_000_000}), f"plus de {MAX_ANSWERS} caractères"),
    ("valeur-de-900-ko", json.dumps({"gouv-01": BIG}), "valeur invalide pour 'gouv-01' : 'xxx"),
    ("cle-de-900-ko", json.dumps({BIG: "a"}), "critère inconnu 'xxx"),
    ("liste-de-900-ko", json.dumps({"gouv-01": [BIG] * 1}), "(attendu un texte)"),
    ("tableau", '["gouv-01"]', "les réponses doivent être un objet JSON"),
    ("null", "null", "les réponses doivent être un objet JSON"),
    ("nombre", "42", "les réponses doivent être un objet JSON"),
    ("texte", '"gouv-01"', "les réponses doivent être un objet JSON"),
    ("vrai", "true", "les réponses doivent être un objet JSON"),
    ("booleen", '{"gouv-01": false}', "valeur invalide pour 'gouv-01' : False (attendu un texte)"),
    ("decimal", '{"gouv-01": 1.5}', "valeur invalide pour 'gouv-01' : 1.5 (attendu un texte)"),
    ("nan", '{"gouv-01": NaN}', "valeur invalide pour 'gouv-01' : nan"),
    ("infini", '{"gouv-01": 1e999}', "valeur invalide pour 'gouv-01' : inf"),
    ("objet-profond", '{"gouv-01": ' + '{"a": ' * 500 + "1" + "}" * 500 + "}", "{'a': {'a': {...}}}"),
    ("echap-dans-une-valeur", '{"gouv-01": "\\u001b[2J"}', "'<U+001B>[2J'"),
    ("surrogat-dans-une-cle", '{"\\ud800": "a"}', "critère inconnu '<U+D800>'"),
    ("vide", "", "JSON invalide : Expecting value"),
]


@pytest.mark.parametrize("content, fragment", [c[1:] for c in SCORE_CASES], ids=[c[0] for c in SCORE_CASES])
def test_score_refuses_bad_json_in_one_short_line(capsys, tmp_path, content, fragment):
    path = tmp_path / "reponses.json"
    path.write_text(content, encoding="utf-8", errors="surrogatepass")
    status = main(["--root", str(ROOT), "score", "cluster-bio", "--answers", str(path)])
    out, err = capsys.readouterr()
    assert (status, out) == (2, "")
    assert err.startswith(f"erreur : {path}") and err.count("\n") == 1, err[:500]
    assert fragment in err, err[:500]
    assert len(err) < 300 + len(str(path)), len(err)
    assert no_raw_control(err.rstrip("\n"))


def test_score_refuses_a_file_that_is_not_utf8(capsys, tmp_path):
    path = tmp_path / "reponses.json"
    path.write_bytes(b'{"gouv-01": "\xe9"}')
    assert main(["--root", str(ROOT), "score", "cluster-bio", "--answers", str(path)]) == 2
    assert "n'est pas encodé en UTF-8" in capsys.readouterr().err


@pytest.mark.parametrize("content", ["[" * NEST + "]" * NEST, '{"gouv-01": 1' + "0" * 4999 + "}",
                                     json.dumps({"gouv-01": "x" * 5_000_000}), '{"\\ud800": 1}'],
                         ids=["imbrique", "5000-chiffres", "5-mo", "surrogat"])
def test_score_through_standard_input_of_the_real_command(content):
    proc = cli("score", "cluster-bio", "--answers", "-", input=content.encode("utf-8"))
    err = proc.stderr.decode("utf-8")
    assert (proc.returncode, proc.stdout) == (2, b"")
    assert err.startswith("erreur : -") and err.count("\n") == 1 and len(err) < 300, err[:500]
    assert "Traceback" not in err and no_raw_control(err.rstrip("\n"))


# --- 8. a closed pipe and Ctrl-C ----------------------------------------------------

def test_describe_into_a_closed_pipe_prints_no_traceback():
    """« issue »: `describe | head` ended in BrokenPipeError."""
    proc = subprocess.Popen([sys.executable, "-m", "generator", "--root", str(ROOT), "describe"], cwd=ROOT, env=ENV,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    proc.stdout.close()  # the reader is gone before the first write
    err = proc.stderr.read().decode("utf-8")
    assert proc.wait(timeout=60) == 141
    assert err == ""


def test_describe_piped_into_head_prints_no_traceback():
    cmd = f"{sys.executable} -m generator --root {ROOT} describe | head -c 100"
    proc = subprocess.run(["sh", "-c", cmd], cwd=ROOT, env=ENV, capture_output=True, timeout=60)
    assert proc.returncode == 0 and len(proc.stdout) == 100
    assert proc.stderr == b""


def _wait_for(predicate, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError("attente trop longue")
        time.sleep(0.05)


@pytest.mark.build
@pytest.mark.parametrize("target", ["group", "parent"])
def test_ctrl_c_during_a_build_exits_130_without_traceback(tmp_path, target):
    """« issue »: Ctrl-C during a build printed a traceback. A terminal sends SIGINT to the
    whole foreground group (the CLI and its MkDocs child); `kill -INT` reaches the CLI alone."""
    site = tmp_path / "site"
    site.mkdir()
    (site / "ancien.html").write_text("site précédent", encoding="utf-8")
    (site / MARKER).write_text(MARKER_TEXT, encoding="utf-8")  # a previous build's output
    proc = subprocess.Popen([sys.executable, "-m", "generator", "--root", str(ROOT), "build", "--site-dir", str(site)],
                            cwd=ROOT, env=ENV, stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)
    try:
        # MkDocs is writing pages into the temporary folder: the build is well under way.
        _wait_for(lambda: any(p.suffix == ".html" for b in tmp_path.glob(".site-build-*") for p in b.rglob("*.html"))
                  or proc.poll() is not None)
        assert proc.poll() is None, "la construction s'est terminée avant l'interruption"
        if target == "group":
            os.killpg(proc.pid, signal.SIGINT)
        else:
            proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
    err_text = err.decode("utf-8")
    assert proc.returncode == 130, err_text
    assert "Traceback" not in err_text and "KeyboardInterrupt" not in err_text, err_text
    assert err_text.strip().endswith("Interrompu.")
    assert sorted(p.name for p in site.iterdir()) == [MARKER, "ancien.html"]  # the previous site is untouched
    _wait_for(lambda: not list(tmp_path.glob(".site-build-*")), timeout=10)


def test_ctrl_c_in_any_command_exits_130(capsys, monkeypatch):
    """The same handler covers every command: interrupt `check` from inside."""
    def interrupted(root):
        raise KeyboardInterrupt

    monkeypatch.setattr("generator.cli.main._project", interrupted)
    assert main(["--root", str(ROOT), "check"]) == 130
    assert capsys.readouterr().err == "\nInterrompu.\n"


def test_the_feed_stays_well_formed_with_every_allowed_character(project):
    """A name holding the characters closest to the forbidden ones (tab, U+0080's neighbours,
    U+FFFD, an astral character) still gives a well-formed feed."""
    nasty = "A\tB \u00a0 \u2027\u202a \ufffd \U0001F600 <&> ]]>"
    with edited(project, {C: variant(COMPANY, "nom: Test Catalogue", f"nom: {json.dumps(nasty, ensure_ascii=False)}")}):
        model = load_project(project)
    from generator.site.opendata import atom_feed

    class Options:
        today = dt.date(2025, 3, 2)
        site_url = "https://example.org/"

    root = ET.fromstring(atom_feed(model, list(model.companies.values()), Options()))
    titles = [e.findtext("{http://www.w3.org/2005/Atom}title") for e in root.iter("{http://www.w3.org/2005/Atom}entry")]
    assert any(nasty in t for t in titles)
