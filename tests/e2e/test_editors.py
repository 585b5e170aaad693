"""Editors without a terminal: edit links to the sources, and the company form.

The shipped mkdocs.yml names no repository; these tests build a copy of the
project with one (a test value), as CONTRIBUTING.md tells an editor to set it.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from generator.source.project import load_project
from tests.conftest import ROOT, build, copy_project, run_axe, serve
from tests.cli.test_check import run

pytestmark = [pytest.mark.browser, pytest.mark.build]

REPO = "https://github.com/exemple/rse-clusters"
EDIT = f"{REPO}/edit/main/"
SHOTS = Path("/tmp/rse-editors-shots")


def with_repository(root: Path) -> None:
    config = root / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    commented = "# repo_url: https://github.com/ORGANISATION/DEPOT\n# edit_uri: edit/main/content/\n"
    assert commented in text, "mkdocs.yml ne montre plus comment indiquer le dépôt"
    config.write_text(text.replace(commented, f"repo_url: {REPO}\nedit_uri: edit/main/content/\n"), encoding="utf-8")


@pytest.fixture(scope="module")
def repo_site(tmp_path_factory):
    root = copy_project(tmp_path_factory.mktemp("depot"))
    with_repository(root)
    build(root, root / "site")
    server, url = serve(root / "site")
    yield root, url
    server.shutdown()


EDITED = [
    ("fiches/piles/", "content/fiches/piles.md"),
    ("guide/etape-1-mobilisation/", "content/guide/etape-1-mobilisation.md"),
    ("annuaire/atelier-lucernaire/", "data/entreprises/atelier-lucernaire.yml"),
    ("labels/ecoride/", "data/referentiels/ecoride.yml"),
    ("clusters/piles/", "data/clusters/piles.yml"),
    ("diagnostics/6pl/", "data/referentiels/6pl.yml"),
]


@pytest.mark.parametrize("path,source", EDITED)
def test_edit_link_opens_the_source_file(page, repo_site, path, source):
    root, url = repo_site
    page.goto(url + path)
    link = page.get_by_role("link", name="Modifier cette page")
    assert link.is_visible()
    assert link.get_attribute("href") == EDIT + source
    assert (root / source).is_file()
    if path == "fiches/piles/":
        assert run_axe(page) == []


def test_every_edit_link_names_a_file_of_the_project(repo_site):
    root, _ = repo_site
    seen = 0
    for html in (root / "site").rglob("*.html"):
        for href in re.findall(r'<a href="([^"]*)" class="md-content__button rse-edit-link" rel="edit">',
                               html.read_text(encoding="utf-8")):
            assert href.startswith(EDIT), (html, href)
            assert (root / href[len(EDIT):]).is_file(), (html, href)
            seen += 1
    assert seen > 50
    # Pages made from many files have no single source to edit.
    for listing in ("annuaire/index.html", "fiches/index.html", "recherche/index.html"):
        assert "rse-edit-link" not in (root / "site" / listing).read_text(encoding="utf-8")


def test_without_repo_url_no_edit_link_and_no_repository_call(site):
    for html in site.rglob("*.html"):
        text = html.read_text(encoding="utf-8")
        assert 'rel="edit"' not in text and "md-source" not in text, html


def test_repository_link_asks_nothing_of_github(page, repo_site):
    _, url = repo_site
    page.goto(url + "fiches/piles/")
    page.wait_for_load_state("networkidle")
    assert page.locator(".md-source").first.get_attribute("href") == REPO
    # The page fixture fails the test on any request off localhost (Material asks api.github.com).


def test_wrong_edit_uri_is_refused_in_french(tmp_path, capfd):
    from generator.adapter.build import BuildFailed, build_site

    root = copy_project(tmp_path)
    with_repository(root)
    config = root / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("edit_uri: edit/main/content/\n", ""), encoding="utf-8")
    with pytest.raises(BuildFailed) as failure:
        build_site(root, tmp_path / "site", log=lambda *_: None)
    assert failure.value is not None
    # MkDocs' default for GitHub (edit/master/docs/) would give every page a broken link.
    assert ("mkdocs.yml : edit_uri 'edit/master/docs/' ne correspond pas à repo_url ; conseil : écrivez "
            "« edit_uri: edit/<branche>/content/ », par exemple edit/main/content/") in capfd.readouterr().err


# The form, as an editor fills it: keyboard only.

NAME = "L'Atelier « Été » : bois & co #1"
SLUG = "l-atelier-ete-bois-co-1"
DESCRIPTION = 'Mobilier "sur mesure", posé en Bretagne.\nDeuxième ligne : 100 % bois.'


def fill_by_keyboard(page, cluster="eurosima", obtained="2025-03-01"):  # ECORIDE: EuroSIMA's members only
    kb = page.keyboard
    page.locator("form[data-rse-proposal]").wait_for(state="visible")  # enhanced by its module
    page.locator("#p-nom").focus()
    kb.type(NAME)
    kb.press("Tab")  # the file name, filled from the name
    assert page.evaluate("document.activeElement.id") == "p-slug"
    kb.press("Tab")
    kb.type("https://www.atelier-ete.fr")
    kb.press("Tab")
    kb.type("Bretagne")
    kb.press("Tab")
    kb.type("Menuiserie, agencement")
    kb.press("Tab")
    kb.type(cluster)
    kb.press("Tab")
    kb.type(DESCRIPTION)
    for label in ("6pl", "afaq-26000"):
        kb.press("Tab")
        assert page.evaluate("document.activeElement.id") == f"p-{label}"
    kb.press("Tab")
    assert page.evaluate("document.activeElement.id") == "p-ecoride"
    kb.press("Space")
    kb.press("Tab")
    kb.press("ArrowDown")
    kb.press("ArrowDown")
    assert page.locator("#p-ecoride-niveau").input_value() == "silver"
    kb.press("Tab")
    kb.type(obtained)
    kb.press("Tab")
    kb.type("2027-06-15")
    kb.press("Tab")
    assert page.evaluate("document.activeElement.id") == "p-enr"
    kb.press("Space")
    kb.press("Tab")  # ENR's level: left "Sans niveau"
    kb.press("Tab")
    kb.type("2024-02-29")
    kb.press("Tab")  # no end date: the label's validity applies
    kb.press("Tab")
    kb.press("Enter")


def check_output(root: Path, yaml_text: str) -> tuple[int, str]:
    (root / "data" / "entreprises" / f"{SLUG}.yml").write_text(yaml_text, encoding="utf-8")
    proc = run("check", root=root)
    return proc.returncode, proc.stderr + proc.stdout


def first_message(output: str) -> tuple[str, str]:
    message = re.search(r": erreur : (.*)", output).group(1)
    hint = re.search(r"conseil : (.*)", output).group(1)
    return message, hint


@pytest.fixture(scope="module")
def project_copy(tmp_path_factory):
    return copy_project(tmp_path_factory.mktemp("proposition"))


def test_form_filled_by_keyboard_writes_a_file_the_check_accepts(page, repo_site, project_copy):
    _, url = repo_site
    page.goto(url + "proposer-une-entreprise/")
    page.wait_for_load_state("networkidle")
    before = len(page.recorder.all)
    fill_by_keyboard(page)
    assert page.evaluate("document.activeElement.id") == "p-yaml"
    assert page.get_by_role("status").inner_text() == f"Fichier prêt : data/entreprises/{SLUG}.yml."
    text = page.locator("#p-yaml").input_value()
    rc, output = check_output(project_copy, text)
    assert rc == 0, output + text
    company = load_project(project_copy).companies[SLUG]
    assert (company.name, company.description, company.sector) == (NAME, DESCRIPTION, "Menuiserie, agencement")
    assert [(a.label, a.level, a.obtained.isoformat(), a.expires.isoformat()) for a in company.awards] == [
        ("ecoride", "silver", "2025-03-01", "2027-06-15"), ("enr", None, "2024-02-29", "2026-02-28")]
    assert text.startswith("# yaml-language-server: $schema=../../schemas/entreprise.schema.json\n")
    assert yaml.safe_load(text)["nom"] == NAME
    github = page.get_by_role("link", name="Créer le fichier sur GitHub").get_attribute("href")
    assert github.startswith(f"{REPO}/new/main?filename=data/entreprises/{SLUG}.yml&value=")
    from urllib.parse import parse_qs, urlsplit

    assert parse_qs(urlsplit(github).query)["value"] == [text]
    assert page.get_by_role("link", name="Télécharger le fichier").get_attribute("href").startswith("blob:")
    page.get_by_role("button", name="Copier le fichier").click()
    page.wait_for_timeout(200)
    assert page.recorder.all[before:] == [], "le formulaire a fait une requête"
    SHOTS.mkdir(exist_ok=True)
    for width in (390, 1280):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=str(SHOTS / f"proposition-remplie-{width}.png"), full_page=True)


@pytest.mark.parametrize("field,key,bad,valid", [
    ("label:ecoride:obtenu", "obtenu", "2025-02-30", "2025-03-01"),
    ("cluster", "cluster", "eurosimaa", "eurosima"),
    ("label:ecoride:eligibilite", "cluster", "piles", "eurosima"),  # the label's rule, from the guide
])
def test_form_refuses_with_the_checks_own_words(page, repo_site, project_copy, field, key, bad, valid):
    _, url = repo_site
    page.goto(url + "proposer-une-entreprise/")
    kwargs = {"obtained": bad} if key == "obtenu" else {"cluster": bad}
    fill_by_keyboard(page, **kwargs)
    error = page.locator(f'[data-rse-error-for="{field}"]')
    assert error.is_visible()
    assert page.locator("#p-yaml").is_hidden()
    assert page.get_by_role("status").inner_text() == "1 erreur à corriger avant de préparer le fichier."
    shown = error.inner_text()
    # The same file with the bad value, through the check.
    input_key = "label:ecoride:obtenu" if key == "obtenu" else "cluster"
    page.locator(f'[data-rse-key="{input_key}"]').fill(valid)
    text = page.locator("#p-yaml").input_value()
    assert f"{key}: {valid}" in text
    rc, output = check_output(project_copy, text.replace(f"{key}: {valid}", f"{key}: {bad}", 1))
    assert rc == 1
    message, hint = first_message(output)
    assert shown == f"erreur : {message}\nconseil : {hint}"
    if field == "cluster":
        page.locator(f'[data-rse-key="{field}"]').fill(bad)
        page.get_by_role("button", name="Vérifier et préparer le fichier").click()
        assert page.evaluate("document.activeElement.id") == "p-cluster"
        assert page.locator("#p-cluster").get_attribute("aria-invalid") == "true"
        assert run_axe(page) == []
        SHOTS.mkdir(exist_ok=True)
        for width in (390, 1280):
            page.set_viewport_size({"width": width, "height": 900})
            page.screenshot(path=str(SHOTS / f"proposition-erreur-{width}.png"), full_page=True)


def test_form_points_elsewhere_without_javascript(browser, repo_site):
    _, url = repo_site
    context = browser.new_context(java_script_enabled=False, locale="fr-FR")
    try:
        pg = context.new_page()
        pg.goto(url + "proposer-une-entreprise/")
        assert pg.locator("form[data-rse-proposal]").is_hidden()
        assert pg.get_by_role("link", name="ouvrir ce formulaire sur GitHub").get_attribute("href") == \
            f"{REPO}/issues/new?template=demande-ajout-entreprise.yml"
        assert pg.get_by_role("link", name="le guide de contribution (CONTRIBUTING.md)").get_attribute("href") == \
            f"{REPO}/blob/main/CONTRIBUTING.md"
    finally:
        context.close()


def test_shipped_form_without_repository_has_no_github_link(page, base_url):
    page.goto(base_url + "proposer-une-entreprise/")
    page.locator("form[data-rse-proposal]").wait_for(state="visible")
    assert page.locator("[data-rse-proposal-github]").count() == 0
    assert page.locator("[data-rse-proposal-fallback]").is_hidden()
    assert run_axe(page) == []


def test_issue_template_links_to_the_form():
    site_url = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))["site_url"]
    template = (ROOT / ".github" / "ISSUE_TEMPLATE" / "demande-ajout-entreprise.yml").read_text(encoding="utf-8")
    assert f"{site_url}proposer-une-entreprise/" in template
