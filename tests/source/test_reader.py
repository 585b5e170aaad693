"""Catalogue of bad inputs, part 1: reading files (encoding, YAML syntax,
size), the job of generator/source/reader.py. The harness is tests/catalogue.py."""

from __future__ import annotations

import time

import pytest

from tests.catalogue import (  # noqa: F401 - `project` is a fixture
    BASES, COMPANY, COMPANY_PATH, FICHE, FICHE_PATH, Case, append, check, diagnostics_of, project, replace, variant,
    where,
)

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


def test_scalars_are_not_typed_by_the_reader():
    """YAML 1.1's implicit types (`no` as False, `2024-02-30` as an error) are
    not decided here: every plain scalar is text for the spec to type, except
    the null words (an empty value is absent) and `<<`, kept to be refused."""
    from pathlib import Path

    from generator.source.errors import Collector
    from generator.source.reader import Source, parse_yaml

    text = ('a: no\nb: 2024-02-30\nc: 0x1F\nd: =\ne:\nf: ~\ng: "null"\nh: !!str null\ni: [1.5, NULL]\n')
    doc = parse_yaml(Source("x.yml", text), Collector(Path(".")))
    tags = {key.value: getattr(value, "tag", None) for key, value in doc.root.value}
    short = {k: t.rsplit(":", 1)[1] for k, t in tags.items()}
    assert short == {"a": "str", "b": "str", "c": "str", "d": "str", "e": "null", "f": "null",
                     "g": "str", "h": "str", "i": "seq"}
    assert [n.tag.rsplit(":", 1)[1] for n in doc.root.value[-1][1].value] == ["str", "null"]
    collector = Collector(Path("."))
    assert parse_yaml(Source("x.yml", "<<: {a: b}\n"), collector) is None
    assert [d.message for d in collector.diagnostics] == ["la fusion YAML « << » n'est pas acceptée"]
