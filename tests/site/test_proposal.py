"""The company form's browser logic agrees with the check (Node.js, no browser).

- closest.js is a port of difflib.get_close_matches: same suggestion, always;
- proposal-core.js writes YAML that the check reads back as the text typed,
  whatever characters it holds.
"""

from __future__ import annotations

import difflib
import json
import random
import subprocess

import pytest

from generator.source.errors import choices_hint
from generator.site.proposal import proposal_data
from generator.source.project import load_project
from tests.conftest import ROOT, copy_project
from tests.test_engines_agree import NODE

JS = ROOT / "overrides" / "assets" / "javascripts"


def node(script: str, payload) -> object:
    proc = subprocess.run([NODE, "--input-type=module", "-e", script], input=json.dumps(payload),
                          capture_output=True, text=True, encoding="utf-8", timeout=60)
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)


READ = "let s = ''; for await (const c of process.stdin) s += c; const input = JSON.parse(s);"


def words(rng: random.Random, n: int) -> list[str]:
    alphabet = "aabcdeeilmnoprstu-é"
    return ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 14))) for _ in range(n)]


def test_suggestions_are_difflibs():
    rng = random.Random(15)
    cases = [(w, words(rng, rng.randint(0, 15))) for w in words(rng, 400)]
    # Near misses, as editors make them: a letter dropped, doubled or changed.
    for w in words(rng, 300):
        near = [w[:i] + rng.choice("aeé-") + w[i + rng.randint(0, 1):] for i in range(len(w))]
        cases.append((w, rng.sample(near, min(len(near), 6)) + words(rng, 4)))
    project = load_project(ROOT)
    cases += [(c[:-1] + "x", list(project.clusters)) for c in project.clusters]
    cases.append(("a" * 250, ["a" * 240 + "b" * 10, "a" * 200]))  # difflib's "autojunk" at 200 characters
    messages = proposal_data(project)["messages"]
    got = node(f"import {{ choicesHint }} from '{(JS / 'closest.js').as_uri()}'; {READ}"
               "console.log(JSON.stringify(input.cases.map(([w, c]) => choicesHint(w, c, input.messages))));",
               {"cases": cases, "messages": messages})
    expected = [choices_hint(w, c) for w, c in cases]
    assert got == expected
    assert sum(h.startswith("vouliez-vous dire") for h in expected) > 200
    assert difflib.get_close_matches("pile", ["piles"]) == ["piles"]


NAMES = ["Atelier Exemple", "L'Atelier : bois", "#1 du bois", "- tiret", "yes", "No", "null", "~", "123",
         "3M France", "@arobase", "*étoile", "&ancre", "!tag", "%pour", "{a: b}", "[a, b]", "a: b", "a #b",
         "guillemets \"doubles\"", "apostrophe ' seule", "’typo", "tab\tulation", "fin :",
         "\u00a0insécable", "emoji 🌿", "x\\y", "'", '"', "?", "|", ">", "2025-03-01", "0x1F", ".5", "+1"]


@pytest.fixture(scope="module")
def written(tmp_path_factory):
    """Each name through toYaml, then through the check in a copy of the project."""
    root = copy_project(tmp_path_factory.mktemp("yaml"))
    data = proposal_data(load_project(root), **{"repo_url": "", "branch": ""})
    proposals = [{"slug": f"zz-nom-{i}", "labels": [{"label": "enr", "niveau": "", "obtenu": "2025-03-01", "expire": ""}],
                  "fields": {"nom": name, "region": "Bretagne", "secteur": name, "cluster": "piles",
                             "description": f"{name}\nsuite", "site": ""}} for i, name in enumerate(NAMES)]
    out = node(f"import {{ makeChecker }} from '{(JS / 'proposal-core.js').as_uri()}'; {READ}"
               "const { check } = makeChecker(input.data);"
               "console.log(JSON.stringify(input.proposals.map((p) => check(p))));",
               {"data": data, "proposals": proposals})
    for p, result in zip(proposals, out):
        (root / "data" / "entreprises" / f"{p['slug']}.yml").write_text(result["yaml"], encoding="utf-8")
    return out, load_project(root)


@pytest.mark.parametrize("i,name", list(enumerate(NAMES)))
def test_yaml_written_by_the_form_reads_back_as_typed(written, i, name):
    out, project = written
    assert out[i]["errors"] == {}
    company = project.companies[f"zz-nom-{i}"]
    assert (company.name, company.sector, company.description) == (name.strip(), name.strip(), f"{name}\nsuite".strip())


def test_new_file_link_only_for_a_github_repository():
    data = proposal_data(load_project(ROOT), "https://github.com/o/r", "main")
    assert data["new_file"] == "https://github.com/o/r/new/main"
    assert proposal_data(load_project(ROOT), "https://gitlab.com/o/r", "main")["new_file"] == ""


@pytest.mark.parametrize("char", ["\u2028", "\x1b", "\x85", "\ufffe"])
def test_invisible_characters_are_refused_as_the_check_refuses_them(tmp_path, char):
    from generator.source.errors import ValidationError

    root = copy_project(tmp_path)
    data = proposal_data(load_project(root))
    name = f"Atelier{char}Exemple"
    out = node(f"import {{ makeChecker }} from '{(JS / 'proposal-core.js').as_uri()}'; {READ}"
               "console.log(JSON.stringify(makeChecker(input.data).check(input.p).errors.nom));",
               {"data": data, "p": {"slug": "zz-invisible", "labels": [], "fields": {
                   "nom": name, "region": "Bretagne", "secteur": "Conseil", "cluster": "piles"}}})
    (root / "data" / "entreprises" / "zz-invisible.yml").write_text(
        f'nom: "{name}"\nregion: Bretagne\nsecteur: Conseil\ncluster: piles\nlabels:\n  - label: enr\n'
        "    obtenu: 2025-03-01\n", encoding="utf-8")
    with pytest.raises(ValidationError) as failure:
        load_project(root)
    (d,) = failure.value.diagnostics
    assert out == {"message": d.message, "hint": d.hint}
