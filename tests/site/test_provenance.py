"""Provenance: every statement of the built site is the guide's, or visibly
marked as an assumption or an addition, with its reason (issue 10).

Built once per process (tests.conftest `site`); the refusals run `check` on a
private copy of the project.
"""

from __future__ import annotations

import datetime as dt
import html as htmllib
import re
from pathlib import Path

import pytest

from generator.site.generate import generate as emit
from generator.site.output import Options
from generator.site.provenance import assumptions
from generator.source.errors import ValidationError
from generator.source.layout import STEP_PAGES
from generator.source.steps import listed_fiches
from generator.source.links import Page
from generator.source.project import load_project
from tests.conftest import ROOT, TODAY, copy_project
from tests.cli.test_check import run
from tests.catalogue import edited

MARK = re.compile(r'<details class="rse-prov rse-prov--(?P<kind>hypothese|hors-guide)"><summary>(?P<word>[^<]+)'
                  r'(?:<span class="rse-visually-hidden">[^<]*</span>)?</summary> '
                  r'<span class="rse-prov__reason">(?P<reason>[^<]+)</span></details>')


@pytest.fixture(scope="module")
def model():
    return load_project(ROOT)


def page(site: Path, uri: str) -> str:
    path = site / (uri.removesuffix(".md").removesuffix("index").rstrip("/")) / "index.html"
    html = path.read_text(encoding="utf-8")
    return html[html.index('<article'):html.index('</article>')]


def text(html: str) -> str:
    return htmllib.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)))


def marks(html: str) -> list[tuple[str, str, str]]:
    return [(m["kind"], m["word"], htmllib.unescape(m["reason"])) for m in MARK.finditer(html)]


# --- every marked value is marked where it is shown -------------------------------

def test_every_assumption_is_marked_on_its_page_with_its_reason(site, model):
    rows = assumptions(model)
    assert len(rows) >= 20
    for where, uri, what, _value, prov in rows:
        shown = marks(page(site, uri))
        word = {"hypothese": "hypothèse", "hors-guide": "hors guide"}[prov.kind]
        assert (prov.kind, word, prov.reason) in shown, (where, what)


def test_marks_are_words_with_a_native_disclosure(site):
    html = page(site, "labels/ecoride")
    (validity,) = [m for m in MARK.finditer(html) if "> : durée de validité<" in m.group(0)]
    assert validity["word"] == "hypothèse"  # a word, not a colour
    assert '<span class="rse-visually-hidden"> : durée de validité</span>' in validity.group(0)


def test_unmarked_facts_carry_no_mark(site, model):
    six = page(site, "labels/6pl")
    # A value said to be the guide's, with its line in the guide's text, is shown as a plain fact.
    assert model.referentials["6pl"].label.prov("depuis").lines == "320"
    assert re.search(r"<dt>Créé en</dt><dd>2014</dd>", six)
    validity = re.search(r"<dt>Validité</dt><dd>(.*?)</dd>", six, re.S).group(1)
    assert validity == "3 ans"  # « reçoit le label 6PL pour 3 ans » : the guide's
    enr = page(site, "labels/enr")
    assert re.search(r"<dt>Validité</dt><dd>2 ans</dd>", enr)
    assert "rse-prov" not in re.search(r"<dt>Qui délivre le label</dt><dd>(.*?)</dd>", enr, re.S).group(1)


@pytest.mark.parametrize("label", ["ecoride", "afaq-26000"])
def test_assumed_validity_is_marked_and_gives_no_status(site, model, label):
    html = page(site, f"labels/{label}")
    validity = re.search(r"<dt>Validité</dt><dd>(.*?)</dd>", html, re.S).group(1)
    assert validity.startswith("3 ans") and "hypothèse" in validity
    today = dt.date.fromisoformat(TODAY)
    for c in model.companies.values():
        for a in c.awards:
            if a.label == label and a.expires_estimated:
                assert a.status(today) == "a-confirmer"
                company = page(site, f"annuaire/{c.slug}")
                assert "Expiré" not in text(company) and "estimation" in company


def test_cluster_metadata_outside_the_guide_is_marked(site, model):
    for cid, field in (("capenergies", "region"), ("vegepolys", "region"), ("terralia", "region"),
                       ("pole-icp", "region"), ("eurosima", "region"), ("capenergies", "type"),
                       ("france-it", "type"), ("mont-blanc-industries", "secteur")):
        assert model.clusters[cid].prov(field).kind == "hors-guide", (cid, field)
    html = page(site, "clusters/capenergies")
    for dt_name in ("Type", "Région", "Secteur"):
        dd = re.search(rf"<dt>{dt_name}</dt><dd>(.*?)</dd>", html, re.S).group(1)
        assert "hors guide" in dd, dt_name
    index = page(site, "clusters")
    assert len(MARK.findall(index)) >= 8
    fiche = page(site, "fiches/mont-blanc-industries")
    assert "hors guide" in re.search(r"<dt>Secteur</dt><dd>(.*?)</dd>", fiche, re.S).group(1)


def test_the_eu_rules_sentence_is_marked_as_outside_the_guide(site, model):
    for label in model.labels:
        html = page(site, f"labels/{label}")
        aside = re.search(r'<div class="rse-aside">(.*?)</div>\s*</div>', html, re.S).group(1)
        assert "règles européennes" in aside and "hors guide" in aside


def test_afaq_page_states_nothing_against_the_guide(site):
    html = page(site, "labels/afaq-26000")
    assert "certifiable" not in text(html)
    dd = re.search(r"<dt>Qui délivre le label</dt><dd>(.*?)</dd>", html, re.S).group(1)
    assert dd.startswith("AFNOR Certification") and "hors guide" in dd
    diag = page(site, "diagnostics/afaq-26000")
    notes = re.search(r'<div class="admonition note rse-notes">(.*?)</div>', diag, re.S).group(1)
    assert "1000 points" in notes and "Engagé RSE" in notes and notes.count("hors guide") == 2
    lead = re.search(r'<p class="rse-lead">(.*?)</p>', diag, re.S).group(1)
    assert "1000" not in lead and "Engagé RSE" not in lead


# --- who evaluates, who awards -------------------------------------------------------

@pytest.mark.parametrize("ref", ["6pl", "ecoride", "enr", "afaq-26000"])
def test_diagnostic_pages_separate_who_evaluates_and_who_awards(site, model, ref):
    html = page(site, f"diagnostics/{ref}")
    assert not re.search(r"seul .{0,200} délivre", text(html)) and "délivre le label" in text(html)
    label = model.referentials[ref].label
    box = re.search(r'<div class="admonition warning">(.*?)</div>', html, re.S).group(1)
    evaluates = re.search(r"<dt>Qui évalue les candidats</dt><dd>(.*?)</dd>", box, re.S).group(1)
    awards = re.search(r"<dt>Qui délivre le label</dt><dd>(.*?)</dd>", box, re.S).group(1)
    assert htmllib.unescape(evaluates).startswith(label.evaluator)
    assert htmllib.unescape(awards).startswith(label.issuer)
    assert "ce n'est pas le référentiel officiel" in text(box).lower()


def test_six_pl_and_enr_name_the_right_roles(site):
    six = text(page(site, "labels/6pl"))
    assert "Qui évalue les candidats Un expert" in six
    assert "Qui délivre le label Logistique Seine Normandie hypothèse" in six
    enr = text(page(site, "annuaire/datalpix"))
    assert "Délivré par France IT" in enr and "Évalué par Le CIRIDD" in enr


# --- label rules ---------------------------------------------------------------------

def test_six_pl_eligibility_is_quoted_and_met_by_every_holder(site, model):
    html = page(site, "labels/6pl")
    assert ("<blockquote><p>Sont éligibles au label 6PL l’ensemble des entreprises ayant une activité logistique "
            "en région Seine Normandie.</p></blockquote>") in html
    holders = [c for c in model.companies.values() if any(a.label == "6pl" for a in c.awards)]
    assert holders and all(c.region == "Normandie" and "logisti" in c.sector.lower() for c in holders)
    assert "rhodanix-fret" not in model.companies  # removed: a plaine de l'Ain logistician cannot hold 6PL


INELIGIBLE = """\
nom: Zz Hors Normandie
region: Auvergne-Rhône-Alpes
secteur: Transport et logistique
cluster: piles
labels:
  - label: 6pl
    obtenu: 2025-03-01
"""


def test_check_refuses_an_ineligible_holder_with_its_position(tmp_path):
    root = copy_project(tmp_path)
    with edited(root, {"data/entreprises/zz-hors-normandie.yml": INELIGIBLE}):
        proc = run("check", root=root)
    assert proc.returncode == 1
    lines = proc.stderr.splitlines()
    assert lines[0] == ("data/entreprises/zz-hors-normandie.yml:2:9: erreur : région 'Auvergne-Rhône-Alpes' hors du "
                        "périmètre du label 6PL : Zz Hors Normandie n'y est pas éligible")
    hint = next(line for line in lines if "conseil" in line)
    assert "Sont éligibles au label 6PL" in hint and "'Normandie'" in hint


def test_check_refuses_a_holder_outside_the_labels_sector(tmp_path):
    root = copy_project(tmp_path)
    text_ = INELIGIBLE.replace("Auvergne-Rhône-Alpes", "Normandie").replace("Transport et logistique", "Boulangerie")
    with edited(root, {"data/entreprises/zz-hors-normandie.yml": text_}):
        proc = run("check", root=root)
    assert proc.returncode == 1
    assert proc.stderr.splitlines()[0].startswith(
        "data/entreprises/zz-hors-normandie.yml:3:10: erreur : secteur 'Boulangerie' hors du champ du label 6PL")


def test_check_refuses_an_assumption_without_its_reason(tmp_path):
    root = copy_project(tmp_path)
    path = "data/clusters/agroe.yml"
    original = (root / path).read_text(encoding="utf-8")
    changed = original.replace("region: Hauts-de-France\n", "region:\n  valeur: Hauts-de-France\n  provenance: hypothese\n")
    assert changed != original
    line = changed.splitlines().index("  provenance: hypothese") + 1
    with edited(root, {path: changed}):
        proc = run("check", root=root)
    assert proc.returncode == 1
    lines = proc.stderr.splitlines()
    assert lines[0] == f"{path}:{line}:3: erreur : hypothèse sans raison"
    assert "raison:" in next(x for x in lines if "conseil" in x)


def test_check_refuses_a_mark_on_a_field_that_cannot_hold_one(tmp_path):
    root = copy_project(tmp_path)
    path = "data/clusters/agroe.yml"
    original = (root / path).read_text(encoding="utf-8")
    changed = original.replace("nom: AGROE\n", "nom:\n  valeur: AGROE\n  provenance: hypothese\n  raison: \"test\"\n")
    with edited(root, {path: changed}):
        proc = run("check", root=root)
    assert proc.returncode == 1
    assert proc.stderr.splitlines()[0] == f"{path}:3:3: erreur : attendu un texte, trouvé un ensemble de clés"


def test_approximate_dates_are_accepted_and_others_refused(tmp_path):
    root = copy_project(tmp_path)
    company = INELIGIBLE.replace("Auvergne-Rhône-Alpes", "Normandie").replace("obtenu: 2025-03-01", "obtenu: en 2019")
    with edited(root, {"data/entreprises/zz-hors-normandie.yml": company}):
        (award,) = load_project(root).companies["zz-hors-normandie"].awards
    assert (award.obtained, award.obtained_text, award.expires) == (None, "en 2019", None)
    assert award.status(dt.date(2019, 6, 1)) == "a-confirmer"
    with edited(root, {"data/entreprises/zz-hors-normandie.yml": company.replace("en 2019", "courant 2019")}):
        with pytest.raises(ValidationError) as err:
            load_project(root)
    (diag,) = err.value.diagnostics
    assert (diag.position.line, diag.position.col, diag.message) == (7, 13, "date invalide 'courant 2019'")
    assert "avant 2014" in diag.hint


# --- one source for the steps -------------------------------------------------------------

def test_step_pages_list_exactly_the_fiches_tagged_with_them(site, model):
    for step, uri in STEP_PAGES.items():
        html = page(site, uri)
        section = html[html.index('id="fiches-qui-illustrent-cette-etape"'):]
        listed = set(re.findall(r'<li><a href="\.\./\.\./fiches/([a-z0-9-]+)/"', section))
        tagged = {slug for slug, f in model.fiches.items() if step in f.steps}
        assert listed == tagged, step
    # The three disagreements of the issue are settled as the guide places them.
    assert model.fiches["terralia"].steps == ("mobilisation", "accompagnement")
    assert model.fiches["mont-blanc-industries"].steps == ("mobilisation",)
    assert "valorisation" not in model.fiches["logistique-seine-normandie"].steps


def test_check_refuses_a_step_page_listing_an_untagged_fiche(tmp_path):
    root = copy_project(tmp_path)
    path = "content/guide/etape-3-valorisation.md"
    body = (root / path).read_text(encoding="utf-8").rstrip("\n") + "\n- [AGROE](../fiches/agroe.md) : une veille.\n"
    line = len(body.splitlines())
    with edited(root, {path: body}):
        proc = run("check", root=root)
    assert proc.returncode == 1
    assert proc.stderr.splitlines()[0] == (f"{path}:{line}:11: erreur : la fiche 'agroe' est listée ici, "
                                           "mais son en-tête ne porte pas l'étape 'valorisation'")


def test_a_tagged_fiche_missing_from_its_step_page_is_added_by_the_build(tmp_path):
    root = copy_project(tmp_path)
    path = "content/fiches/agroe.md"
    fiche = (root / path).read_text(encoding="utf-8").replace("etapes: [mobilisation]", "etapes: [mobilisation, valorisation]")
    with edited(root, {path: fiche}):
        project = load_project(root)
        out = emit(project, Options(dt.date.fromisoformat(TODAY)))
    extra = out.after["guide/etape-3-valorisation.md"]
    assert '<li><a href="../../fiches/agroe/">' in extra  # the page's own relative URL
    assert "Autres fiches de cette étape" in extra and project.fiches["agroe"].summary in htmllib.unescape(extra)
    assert out.after["guide/etape-1-mobilisation.md"] == ""


def test_listed_fiches_reads_only_the_section():
    body = ("# T\n\nExemple : [X](../fiches/x.md).\n\n## Fiches qui illustrent cette étape\n\n"
            "- [A](../fiches/a.md) : voir aussi [B](../fiches/b.md).\n\n### Sous-partie\n\n- [C](../fiches/c.md)\n\n"
            "## Ensuite\n\n- [D](../fiches/d.md)\n")
    assert list(listed_fiches(Page("p.md", "guide/p.md", body, 1))) == ["a", "c"]


# --- wording: no overclaim, verbatim quotations -----------------------------------------

def test_home_and_step_two_do_not_overclaim(site):
    home = text((site / "index.html").read_text(encoding="utf-8"))
    assert "douze fiches" not in home and "grilles des labels" not in home
    assert "ce ne sont pas les grilles officielles" in home.lower()
    assert "six" in home and "Sources et méthode" in home
    step2 = page(site, "guide/etape-2-accompagnement")
    assert "reprennent les grilles présentées dans le guide" not in step2
    addition = re.search(r'<div class="admonition info">(.*?)</div>', step2, re.S).group(1)
    assert "Ajout du site (hors guide)" in addition and "pas les grilles officielles" in addition
    index = text(page(site, "diagnostics"))
    assert "référentiels présentés dans le guide" not in index and "ne publie pas les grilles officielles" in index


def test_hydreos_partners_and_quotation_as_the_guide_prints_them(site):
    html = page(site, "fiches/hydreos")
    for partner in ("GESTE", "ICube", "CNIDEP"):
        assert f"<li>{partner}</li>" in html
    assert not re.search(r"<li>I(GESTE|ICube|CNIDEP)</li>", html)
    assert "« Les acteurs directement impliquées se sont concertés" in html  # sic: the guide's agreement


# --- Sources et méthode --------------------------------------------------------------------

def test_sources_page_explains_and_lists_every_assumption(site, model):
    html = page(site, "sources-et-methode")
    for anchor in ("ce-qui-vient-du-guide", "ce-que-le-site-ajoute", "hypotheses", "signaler-une-erreur"):
        assert f'id="{anchor}"' in html
    rows = assumptions(model)
    assert f"Toutes les valeurs marquées ({len(rows)})" in html
    for _where, _uri, _what, _value, prov in rows:
        assert htmllib.escape(prov.reason, quote=True).replace("&#x27;", "&#39;") in html
    assert 'href="mailto:contact@franceclusters.fr"' in html  # the guide's own address


def test_sources_page_is_reachable_from_home_and_navigation(site):
    home = (site / "index.html").read_text(encoding="utf-8")
    assert 'href="sources-et-methode/"' in home
    nav = page(site, "labels/enr")  # any page: the nav is in the sidebar, outside <article>
    full = (site / "labels" / "enr" / "index.html").read_text(encoding="utf-8")
    assert "sources-et-methode/" in full and nav
