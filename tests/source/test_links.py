"""Catalogue of bad inputs, part 4: Markdown links, anchors and raw HTML.

The body of FICHE starts on line 11; the cases append to it, so their lines
are 17 and after (line 16 is the blank line each `more` starts with).
"""

from __future__ import annotations

import time

import pytest

from generator.source.errors import Collector
from generator.source.links import Page, anchors_of, check_links, check_raw_html, heading_anchor, unsafe_url
from tests.catalogue import FICHE, FICHE_PATH, Case, check, diagnostics_of, project  # noqa: F401 - fixture

F = FICHE_PATH


def more(markdown: str) -> dict:
    """FICHE with `markdown` appended after a blank line (from line 17)."""
    return {F: FICHE + "\n" + markdown}


CASES = [
    Case("lien-vers-une-page-inexistante", more("Voir [la fiche](../fiches/pilez.md)."),
         "content/fiches/zz-catalogue.md:17:17", "lien vers une page inexistante '../fiches/pilez.md'",
         "vouliez-vous dire '../fiches/piles.md' ?"),
    Case("lien-vers-une-page-inexistante-meme-dossier", more("Voir [la fiche](eurosim.md)."),
         "content/fiches/zz-catalogue.md:17:17", "lien vers une page inexistante 'eurosim.md'", "'eurosima.md'"),
    Case("lien-vers-un-dossier-inexistant", more("Voir [le guide](../guides/etape-1-mobilisation.md)."),
         "content/fiches/zz-catalogue.md:17:17", "page inexistante '../guides/etape-1-mobilisation.md'",
         "vouliez-vous dire '../guide/etape-1-mobilisation.md' ?"),
    Case("bon-fichier-mauvais-dossier", {"content/guide/zz-page.md": "Voir [la fiche](piles.md).\n"},
         "content/guide/zz-page.md:1:17", "lien vers une page inexistante 'piles.md'",
         "vouliez-vous dire '../fiches/piles.md' ?"),
    Case("ancre-introuvable-ailleurs", more("Voir [la fiche](../fiches/piles.md#nope)."),
         "content/fiches/zz-catalogue.md:17:17", "ancre '#nope' introuvable dans fiches/piles.md", "valeurs possibles : '"),
    Case("ancre-introuvable-ici", more("Voir [plus haut](#une-sectoin)."),
         "content/fiches/zz-catalogue.md:17:18", "ancre '#une-sectoin' introuvable dans fiches/zz-catalogue.md",
         "vouliez-vous dire 'une-section' ?"),
    Case("ancre-introuvable-page-generee", more("Voir [le contact](../clusters/piles.md#contacts)."),
         "content/fiches/zz-catalogue.md:17:19", "ancre '#contacts' introuvable dans clusters/piles.md",
         "vouliez-vous dire 'contact' ?"),
    Case("ancre-d-une-section-absente", more("Voir [le contact](../clusters/agroe.md#contact)."),
         # AGROE's data has no contact: its page has no such section (urls.generated_uris).
         "content/fiches/zz-catalogue.md:17:19", "ancre '#contact' introuvable dans clusters/agroe.md",
         "valeurs possibles : 'fiches', 'membres-labellises'"),
    Case("lien-absolu", more("Voir [la fiche](/fiches/piles.md)."),
         "content/fiches/zz-catalogue.md:17:17", "lien absolu '/fiches/piles.md'", "lien relatif"),
    Case("reference-vers-une-page-inexistante", more("Voir [la fiche][f].\n\n[f]: ../fiches/pilez.md"),
         "content/fiches/zz-catalogue.md:19:6", "lien vers une page inexistante '../fiches/pilez.md'", "'../fiches/piles.md'"),
    # script in links: refused however it is spelt
    Case("lien-javascript", more("[clic](javascript:alert(1))"),
         "content/fiches/zz-catalogue.md:17:8", "lien non autorisé 'javascript:alert(1)'", "http(s), mailto"),
    Case("lien-javascript-majuscules-et-espace", more("[clic](  JavaScript:alert(1))"),
         "content/fiches/zz-catalogue.md:17:10", "lien non autorisé 'JavaScript:alert(1)'", "http(s), mailto"),
    Case("lien-javascript-en-entites", more("[clic](java&#115;cript:alert(1))"),
         "content/fiches/zz-catalogue.md:17:8", "lien non autorisé 'java&#115;cript:alert(1)'", "http(s)"),
    Case("lien-javascript-entite-deux-points", more("[clic](javascript&colon;alert(1))"),
         "content/fiches/zz-catalogue.md:17:8", "lien non autorisé", "http(s)"),
    Case("lien-javascript-entre-chevrons", more("[clic](<javascript:alert(1)>)"),
         "content/fiches/zz-catalogue.md:17:8", "lien non autorisé 'javascript:alert(1)'", "http(s)"),
    Case("lien-javascript-avec-titre", more('[clic](javascript:alert(1) "Un titre")'),
         "content/fiches/zz-catalogue.md:17:8", "lien non autorisé", "http(s)"),
    Case("lien-vbscript", more("[clic](vbscript:msgbox(1))"),
         "content/fiches/zz-catalogue.md:17:8", "lien non autorisé 'vbscript:msgbox(1)'", "http(s)"),
    Case("lien-data", more("[clic](data:text/html;base64,PHNjcmlwdD4=)"),
         "content/fiches/zz-catalogue.md:17:8", "lien non autorisé 'data:text/html;base64,PHNjcmlwdD4='", "http(s)"),
    Case("reference-javascript", more("Voir [ici][x].\n\n[x]: javascript:alert(1)"),
         "content/fiches/zz-catalogue.md:19:6", "lien non autorisé 'javascript:alert(1)'", "http(s), mailto"),
    Case("reference-javascript-indentee", more("Voir [ici][x].\n\n   [x]:   <javascript:alert(1)>"),
         "content/fiches/zz-catalogue.md:19:11", "lien non autorisé", "http(s)"),
    Case("reference-javascript-dans-une-citation", more("> Voir [ici][x].\n>\n> [x]: javascript:alert(1)"),
         "content/fiches/zz-catalogue.md:19:8", "lien non autorisé", "http(s)"),
    Case("reference-javascript-dans-une-liste", more("- Voir [ici][x].\n\n    [x]: javascript:alert(1)"),
         "content/fiches/zz-catalogue.md:19:10", "lien non autorisé", "http(s)"),
    # raw HTML: the CSP trusts every inline script of a built page, so none may come from content/
    Case("balise-script", more("<script>alert(1)</script>"),
         "content/fiches/zz-catalogue.md:17:1", "balise HTML <script> interdite", "écrivez ce contenu en Markdown"),
    Case("balise-script-en-majuscules", more("Texte <SCRIPT src=https://x.example/a.js></SCRIPT>"),
         "content/fiches/zz-catalogue.md:17:7", "balise HTML <script> interdite", "balises de mise en page"),
    Case("balise-iframe", more('<iframe src="https://x.example"></iframe>'),
         "content/fiches/zz-catalogue.md:17:1", "balise HTML <iframe> interdite", "Markdown"),
    Case("balise-svg", more("<svg onload=alert(1)>"),
         "content/fiches/zz-catalogue.md:17:1", "balise HTML <svg> interdite", "Markdown"),
    Case("balise-style", more("<style>body{display:none}</style>"),
         "content/fiches/zz-catalogue.md:17:1", "balise HTML <style> interdite", "Markdown"),
    Case("balise-form", more('<form action="https://x.example"><input name="mdp"></form>'),
         "content/fiches/zz-catalogue.md:17:1", "balise HTML <form> interdite", "Markdown", count=2,
         also=("balise HTML <input> interdite",)),
    Case("attribut-onerror", more('<img src="x.png" onerror="alert(1)">'),
         "content/fiches/zz-catalogue.md:17:18", "attribut HTML 'onerror' interdit", "les attributs on…"),
    Case("attribut-onclick-sur-une-autre-ligne", more('<div class="note"\n     OnClick="alert(1)">\nTexte\n</div>'),
         "content/fiches/zz-catalogue.md:18:6", "attribut HTML 'onclick' interdit", "retirez-le"),
    Case("attribut-apres-un-chevron-entre-guillemets", more('<a title="a>b" onclick="alert(1)">x</a>'),
         "content/fiches/zz-catalogue.md:17:16", "attribut HTML 'onclick' interdit", "retirez-le"),
    Case("attribut-apres-une-longue-valeur", more('<a title="' + "x" * 6000 + '" onclick="alert(1)">x</a>'),
         "content/fiches/zz-catalogue.md:17:6013", "attribut HTML 'onclick' interdit", "retirez-le"),
    Case("attribut-apres-une-barre-oblique", more("<img/onerror=alert(1) src=x.png>"),
         "content/fiches/zz-catalogue.md:17:6", "attribut HTML 'onerror' interdit", "retirez-le"),
    Case("attribut-href-javascript", more('<a href="javascript:alert(1)">clic</a>'),
         "content/fiches/zz-catalogue.md:17:4", "adresse non autorisée dans l'attribut 'href'", "http(s), mailto"),
    Case("attribut-href-javascript-sans-guillemets", more("<a href=JaVaScRiPt:alert(1)>clic</a>"),
         "content/fiches/zz-catalogue.md:17:4", "adresse non autorisée dans l'attribut 'href'", "http(s)"),
    Case("attribut-href-javascript-en-entites", more('<a href="&#106;avascript:alert(1)">clic</a>'),
         "content/fiches/zz-catalogue.md:17:4", "adresse non autorisée dans l'attribut 'href'", "http(s)"),
    Case("liste-d-attributs-onclick", more('## Titre {: onclick="alert(1)" }'),
         "content/fiches/zz-catalogue.md:17:13", "attribut HTML 'onclick' interdit", "retirez-le"),
    Case("liste-d-attributs-sur-un-lien", more("[x](https://a.example){: onmouseover=alert(1) }"),
         "content/fiches/zz-catalogue.md:17:26", "attribut HTML 'onmouseover' interdit", "les attributs on…"),
    Case("liste-d-attributs-href-javascript", more('[x](https://a.example){: href="javascript:alert(1)" }'),
         "content/fiches/zz-catalogue.md:17:26", "adresse non autorisée dans l'attribut 'href'", "http(s)"),
    Case("html-dans-une-page-du-guide", {"content/guide/zz-page.md": "# Page\n\n<script>alert(1)</script>\n"},
         "content/guide/zz-page.md:3:1", "balise HTML <script> interdite", "Markdown"),
]


@pytest.mark.parametrize("case", CASES, ids=str)
def test_bad_input(project, case):
    check(project, case)


ACCEPTED = """\
Le code n'est que du texte : `<script>alert(1)</script>` et `` `<iframe>` ``.

```html
<script>alert(1)</script>
<a href="javascript:alert(1)">x</a>
```

<div class="grid cards" markdown>
<details><summary>Plus</summary>Détails, <abbr title="Responsabilité sociétale">RSE</abbr>.</details>
</div>

## Titre explicite {#mon-ancre}

## Titre fermé ##

## Une section

<span id="ancre-html"></span>

Accolades ordinaires : {on verra}, {a, b} ; attributs permis : [lien](https://www.exemple.fr){: .bouton title="Exemple" }

Liens : [web](https://www.exemple.fr), [courriel](mailto:rse@exemple.fr), <https://www.exemple.fr>,
[explicite](#mon-ancre), [fermé](#titre-ferme), [doublon](#une-section_1), [html](#ancre-html),
[guide](../guide/etape-1-mobilisation.md), [dossier](../fiches/), [cluster](../clusters/piles.md#contact),
[titre](../fiches/piles.md "La fiche PIL'ES"), [parenthèses](https://fr.wikipedia.org/wiki/RSE_(gestion)).
"""


def test_safe_markdown_and_layout_html_are_accepted(project):
    assert diagnostics_of(project, more(ACCEPTED)) == []


def test_heading_anchors_follow_markdown_toc():
    assert heading_anchor("## Les objectifs de la démarche") == "les-objectifs-de-la-demarche"
    assert heading_anchor("### Titre *en italique* ###") == "titre-en-italique"
    assert heading_anchor("## Titre {#mon-id .classe}") == "mon-id"
    assert heading_anchor("## Ensemble {a, b}") == "ensemble-a-b"
    assert heading_anchor("#pas-un-titre") is None
    assert anchors_of("# A\n\n# A\n\n```\n# B\n```\n# A\n") == {"a", "a_1", "a_2"}


def test_unsafe_url_reads_urls_as_a_browser_does():
    for url in ("javascript:x", " javascript:x", "\tjava\nscript:x", "JAVASCRIPT:x", "java&#x73;cript:x",
                "&#106;avascript:x", "vbscript:x", "data:text/html,x", "file:///etc/passwd"):
        assert unsafe_url(url), url
    for url in ("https://x.example", "http://x.example", "mailto:a@b.fr", "../fiches/piles.md", "#ancre",
                "piles.md", "%6Aavascript:x"):  # a percent sign cannot be part of a scheme
        assert not unsafe_url(url), url


@pytest.mark.parametrize("line", [
    "# a" + " " * 5000 + "b {",
    "[a](" * 20000,
    "[" * 20000,
    "](" * 20000,
    "`" * 50000,
    "` `` " * 10000,
    "<a " * 20000,
    "<div" + ' x="y"' * 30000,
    '<a title="' * 30000,
    "<a " + "'" * 50000,
    "[x]: " + "a" * 100000,
    "&#" * 50000,
    "{" * 50000,
    "{: " + "a=b " * 30000 + "}",
    ("{" + "x" * 1999) * 100,
], ids=lambda line: repr(line[:12]))
def test_hostile_lines_are_checked_in_linear_time(line):
    """A pull request must not be able to stall the check (catastrophic backtracking)."""
    page = Page("content/fiches/x.md", "fiches/x.md", line + "\n", 1)
    started = time.process_time()
    check_links([page], {}, Collector(None))
    check_raw_html([page], Collector(None))
    anchors_of(page.body)
    assert time.process_time() - started < 2
