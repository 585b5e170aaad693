"""Published benchmarks (data/syntheses/): bad inputs and where they are
reported, the demonstration file's provenance, the starter and the JSON Schema.

The cases alter the shipped demonstration file (data/syntheses/hydreos-hydreos-2026.yml,
written by tools/demo_synthesis.py: test_demo_file_is_what_its_script_writes
keeps the positions below true).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from generator.cli.scaffold import ScaffoldError, new_file
from generator.cli.schemas import file_name
from generator.source.project import load_project
from generator.synthesis import aggregate_document
from tests.conftest import ROOT, copy_project
from tests.catalogue import Case, check, diagnostics_of, project, replace, where  # noqa: F401 - `project`: fixture
from tests.source.test_spec import validate, yaml_as_editors_see_it

S = "data/syntheses/hydreos-hydreos-2026.yml"
REDO = "exportez-la de nouveau"


def edit(old: str, new: str) -> dict:
    return {S: replace(old, new)}


CASES = [
    # references and the file's name
    Case("cluster-inconnu", edit("cluster: hydreos", "cluster: hydreoz"), f"{S}:13:10", "cluster inconnu 'hydreoz'",
         "vouliez-vous dire 'hydreos' ?"),
    Case("referentiel-inconnu", edit("referentiel: hydreos", "referentiel: hydro"), f"{S}:19:14",
         "référentiel inconnu 'hydro'", "vouliez-vous dire 'hydreos' ?"),
    Case("version-autre", edit("version: '1.0'", "version: '0.9'"), f"{S}:20:10",
         "synthèse établie sur la version « 0.9 » du référentiel « hydreos », qui est en version 1.0",
         "refaites la synthèse avec des exports de la version 1.0"),
    Case("referentiel-change-de-version", {"data/referentiels/hydreos.yml": replace('version: "1.0"', 'version: "1.1"')},
         f"{S}:20:10", "qui est en version 1.1", "des exports de la version 1.1"),
    Case("nom-de-fichier", {S: None, "data/syntheses/hydreos-hydreos-2025.yml": (ROOT / S).read_text(encoding="utf-8")},
         "data/syntheses/hydreos-hydreos-2025.yml:1:1",
         "nom de fichier « hydreos-hydreos-2025.yml » : attendu « hydreos-hydreos-2026.yml »", "hydreos-hydreos-2026-s2.yml"),
    Case("deux-fichiers-pour-une-campagne",
         {"data/syntheses/hydreos-hydreos-2026-s2.yml": (ROOT / S).read_text(encoding="utf-8")},
         f"{S}:1:1", "synthèse de hydreos sur « hydreos » pour la campagne 2026-S2 déjà publiée "
                     "(hydreos-hydreos-2026-s2.yml)", "un seul fichier par cluster"),
    # anonymity: at least 5 companies
    Case("moins-de-5-entreprises", edit("n: 12\n", "n: 4\n"), f"{S}:23:4", "nombre hors limites : 4", "au moins 5"),
    Case("seuil-sous-5", edit("seuil: 5", "seuil: 3"), f"{S}:22:8", "nombre hors limites : 3", "au moins 5"),
    Case("theme-sous-le-seuil-avec-chiffres", edit("{id: dimension-sociale, n: 12,", "{id: dimension-sociale, n: 4,"),
         f"{S}:28:38", "statistiques d'un effectif de 4, sous le seuil d'anonymat (5) : à retirer", REDO),
    # values in range, in order, consistent
    Case("pourcentage-au-dela-de-100", edit("max: 78.13", "max: 108.13"), f"{S}:25:73", "nombre hors limites : 108.13",
         "attendu au plus 100"),
    Case("quartiles-dans-le-desordre", edit("q1: 33.04", "q1: 50.04"), f"{S}:27:60",
         "mediane = 48.21 : attendu entre q1 (50.04) et 100", REDO),
    Case("moyenne-hors-des-extremes", edit("moyenne: 52.07}", "moyenne: 12.07}"), f"{S}:25:89",
         "moyenne 12.07 : attendu un nombre entre min (18) et max (78.13)", REDO),
    Case("complets-au-dela-de-n", edit("complets: 2", "complets: 13"), f"{S}:24:11",
         "diagnostics complets 13 : attendu un entier entre 0 et n = 12", REDO),
    Case("niveaux-qui-ne-font-pas-n", edit("{id: engage, n: 3}", "{id: engage, n: 4}"), f"{S}:32:1",
         "les effectifs des niveaux (13) et sans niveau (0) font 13, pas n = 12", REDO),
    Case("sans-reponse-au-dela-de-l-effectif", edit("sans_reponse: 2}", "sans_reponse: 12}"), f"{S}:38:79",
         "12 : attendu un entier entre 0 et l'effectif", REDO),
    Case("criteres-dans-le-desordre", edit("part: 39.58", "part: 29.58"), f"{S}:39:50",
         "part 29.58 : les critères vont du plus faible au moins faible (précédent : 31.82)", REDO),
    # ids of the referential
    Case("theme-inconnu", edit("{id: gouvernance,", "{id: gouvernanse,"), f"{S}:27:1", "thème « gouvernance » absent",
         REDO, count=2, also=("thème inconnu « gouvernanse » dans le référentiel « hydreos »",)),
    Case("niveau-inconnu", edit("{id: exemplaire, n: 0}", "{id: excellent, n: 0}"), f"{S}:32:1",
         "niveau « exemplaire » absent", REDO, count=2, also=("niveau inconnu « excellent »",)),
    Case("critere-inconnu", edit("{id: gouv-04,", "{id: gouv-99,"), f"{S}:40:8", "critère inconnu « gouv-99 »", REDO),
    Case("critere-d-un-autre-theme", edit("{id: gouv-04, theme: gouvernance", "{id: gouv-04, theme: dimension-sociale"),
         f"{S}:40:24", "le critère « gouv-04 » est du thème « gouvernance », pas « dimension-sociale »", REDO),
    # the campaign
    Case("campagne-inconnue", edit("{id: 2026-S2,", "{id: 2026-S3,"), f"{S}:21:11", "campagne absente ou illisible", REDO),
    Case("libelle-de-campagne", edit("libelle: 2e semestre 2026", "libelle: 1er semestre 2026"), f"{S}:21:34",
         "« 1er semestre 2026 » ne correspond pas à la campagne 2026-S2 (attendu « 2e semestre 2026 »)", REDO),
    Case("date-de-campagne", edit("debut: '2026-07-01'", "debut: 1er juillet"), f"{S}:21:59",
         "valeur invalide '1er juillet'", "AAAA-MM-JJ entre guillemets"),
    # the file's own form, hostile text
    Case("type", edit("type: synthese-autodiagnostic", "type: synthese"), f"{S}:17:7", "valeur inconnue 'synthese'",
         "'synthese-autodiagnostic'"),
    Case("format", edit("format: 1", "format: 2"), f"{S}:18:9", "nombre hors limites : 2", "au plus 1"),
    Case("cle-inconnue", edit("note:", "notes:"), f"{S}:15:1", "clé inconnue 'notes'", "vouliez-vous dire 'note' ?"),
    Case("html-dans-la-note", edit("Synthèse fictive", "<b>Synthèse</b> fictive"), f"{S}:15:7",
         "HTML interdit dans ce champ de texte simple", "retirez les balises"),
    Case("exemple-pas-booleen", edit("\nexemple: true", "\nexemple: oui"), f"{S}:14:10", "attendu true ou false",
         "écrivez true"),
    Case("cle-en-double", edit("n: 12\n", "n: 12\nn: 13\n"), f"{S}:24:1", "clé 'n' en double (déjà définie ligne 23)", "supprimez l'une des deux lignes"),
]


@pytest.mark.parametrize("case", CASES, ids=str)
def test_bad_benchmark(project, case):  # noqa: F811
    diags = check(project, case)
    assert all(d.hint for d in diags), [d.format() for d in diags]  # every message says what to do


def test_shipped_benchmark_is_valid_and_modelled():
    project = load_project(ROOT)
    b = project.benchmarks["hydreos-hydreos-2026"]
    assert (b.cluster, b.referential, b.campaign, b.campaign_label, b.n, b.example) == (
        "hydreos", "hydreos", "2026-S2", "2e semestre 2026", 12, True)
    assert [t for t, _ in b.themes] == [t.id for t in project.referentials["hydreos"].themes]
    assert all(s.min <= s.q1 <= s.median <= s.q3 <= s.max for _, s in b.themes)
    assert sum(n for _, n in b.levels) + b.no_level == b.n
    assert project.data_files["syntheses/hydreos-hydreos-2026"] == S


def test_a_production_build_leaves_the_demonstration_benchmark_out():
    assert load_project(ROOT, include_examples=False).benchmarks == {}


def test_demo_file_is_what_its_script_writes():
    """The demonstration figures are computed (tools/demo_synthesis.py, seeded), never typed."""
    proc = subprocess.run([sys.executable, str(ROOT / "tools" / "demo_synthesis.py"), "--check"],
                          capture_output=True, text=True, cwd=ROOT)
    assert proc.returncode == 0, proc.stdout + proc.stderr


# --- python -m generator new synthese --------------------------------------------

def _export(tmp_path: Path, doc: object) -> Path:
    path = tmp_path / "synthese.json"
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    return path


def _aggregate(root: Path, companies: int = 6) -> dict:
    ref = load_project(root).referentials["enr"]
    answers = [{c.id: c.options[i % len(c.options)].value for c in ref.criteria} for i in range(companies)]
    return aggregate_document(ref, [(a, f"2026-03-{i + 1:02d}") for i, a in enumerate(answers)])


def test_new_synthese_from_an_export_is_valid_as_created(tmp_path):
    root = copy_project(tmp_path / "p")
    path = new_file(root, "synthese", "france-it-enr-2026", _export(tmp_path, _aggregate(root)))
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=../../schemas/synthese.schema.json\n")
    b = load_project(root).benchmarks["france-it-enr-2026"]  # raises on any error
    assert (b.cluster, b.campaign, b.n, b.example) == ("france-it", "2026-S1", 6, False)


@pytest.mark.parametrize("name, doc, fragment", [
    ("france-it-enr-2026", None, "une synthèse se crée à partir de son export"),
    ("inconnu-enr-2026", "aggregate", "attendu <cluster>-enr-2026"),
    ("france-it-enr-2026", "small", "n = 4 : une synthèse compte au moins 5 entreprises"),
    ("france-it-enr-2026", [1, 2], "la synthèse doit être un objet"),
])
def test_new_synthese_refuses_what_cannot_be_published(tmp_path, name, doc, fragment):
    root = copy_project(tmp_path / "p")
    export = None
    if doc is not None:
        content = _aggregate(root) if doc == "aggregate" else _aggregate(root, 4) if doc == "small" else doc
        if doc == "small":
            content = {**content, "ensemble": {"n": 4}, "themes": [], "niveaux": [], "sans_niveau": 4,
                       "criteres_faibles": []}
        export = _export(tmp_path, content)
    with pytest.raises(ScaffoldError, match=fragment):
        new_file(root, "synthese", name, export)
    assert not (root / "data" / "syntheses").exists() or not list((root / "data" / "syntheses").glob("france-it*"))


# --- JSON Schema ---------------------------------------------------------------------

def test_json_schema_of_a_published_benchmark():
    schema = json.loads((ROOT / "schemas" / file_name("synthese")).read_text(encoding="utf-8"))
    assert schema["$id"] == "urn:rse-clusters:schema:synthese"
    assert set(schema["required"]) == {"cluster", "type", "format", "referentiel", "version", "campagne", "seuil", "n",
                                       "complets", "ensemble", "themes", "niveaux", "sans_niveau", "criteres_faibles"}
    props = schema["properties"]
    assert props["n"]["minimum"] == 5 and props["seuil"]["minimum"] == 5
    assert props["type"] == {"enum": ["synthese-autodiagnostic"]}
    theme = props["themes"]["items"]["properties"]
    assert all(theme[k]["minimum"] == 0 and theme[k]["maximum"] == 100 for k in ("min", "q1", "mediane", "q3", "max"))
    text = (ROOT / S).read_text(encoding="utf-8")
    assert validate(schema, yaml_as_editors_see_it(text)) == []
    for old, new, fragment in [("max: 78.13", "max: 101", "hors limites"), ("n: 12\n", "n: 4\n", "hors limites"),
                               ("{id: gouvernance,", "{id: Gouvernance,", "ne suit pas"),
                               ("note:", "notes:", "clé 'notes' non prévue")]:
        errors = validate(schema, yaml_as_editors_see_it(text.replace(old, new, 1)))
        assert any(fragment in e for e in errors), (new, errors)


def test_published_file_is_the_synthesis_page_format():
    """The site publishes each benchmark as the synthesis page exports it: what `new synthese --depuis` read."""
    import yaml

    from generator.site.benchmarks import file_of
    from generator.source.aggregates import aggregate_problems

    project = load_project(ROOT)
    published = file_of(project.benchmarks["hydreos-hydreos-2026"])
    assert published.uri == "assets/syntheses/hydreos-hydreos-2026.json"
    doc = json.loads(published.content)
    source = yaml.safe_load((ROOT / S).read_text(encoding="utf-8"))
    assert doc == {k: v for k, v in source.items() if k not in ("cluster", "exemple", "note")}
    assert aggregate_problems(doc, project.referentials["hydreos"]) == []


def test_benchmark_text_is_escaped_on_its_pages():
    """Validation refuses markup in a cluster's name and a benchmark's note; past it, the pages still escape them,
    in the table and in the JSON the browser reads (which must not close its <script>)."""
    import dataclasses
    import datetime as dt
    import re

    from generator import urls
    from generator.site.generate import generate
    from generator.site.output import Options

    evil = "</script><script>alert(1)</script> & Cie"
    project = load_project(ROOT)
    cluster = dataclasses.replace(project.clusters["hydreos"], name=evil)
    b = dataclasses.replace(project.benchmarks["hydreos-hydreos-2026"], note=evil)
    project = dataclasses.replace(project, clusters={**project.clusters, "hydreos": cluster},
                                  benchmarks={b.id: b})
    pages = {p.uri: p.html for p in generate(project, Options(dt.date(2026, 11, 26))).pages}
    for uri in (urls.diagnostic("hydreos"), urls.cluster("hydreos")):
        assert "<script>alert(1)" not in pages[uri]
    html = pages[urls.diagnostic("hydreos")]
    assert "&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt; &amp; Cie" in html
    data = re.search(r'<script type="application/json" data-rse-benchmarks>(.*?)</script>', html, re.S).group(1)
    assert json.loads(data)[0]["cluster"] == evil
