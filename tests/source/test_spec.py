"""Catalogue of bad inputs, part 2: one file's values (types, keys, formats),
and the JSON Schemas generated from the same specs for editors' tools."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml
from yaml.nodes import MappingNode, SequenceNode

from generator.source.errors import Collector
from generator.source.kinds import KINDS
from generator.source.reader import Source, split_front_matter
from generator.cli.schemas import file_name, schema_text, write_schemas
from tests.conftest import ROOT
from tests.catalogue import (  # noqa: F401 - `project` is a fixture
    CLUSTER, CLUSTER_PATH, COMPANY, COMPANY_PATH, FICHE, FICHE_PATH, REF, REF_PATH, Case, check, project,
    variant,
)

C, K, F, R = COMPANY_PATH, CLUSTER_PATH, FICHE_PATH, REF_PATH

CASES = [
    # wrong types
    Case("texte-attendu-liste-trouvee", {C: variant(COMPANY, "region: Bretagne", "region: [Bretagne, Normandie]")},
         "data/entreprises/zz-catalogue.yml:4:9", "attendu un texte, trouvé une liste", "sans « - » ni crochets"),
    Case("texte-attendu-liste-en-tirets", {C: variant(COMPANY, "region: Bretagne", "region:\n  - Bretagne")},
         "data/entreprises/zz-catalogue.yml:5:3", "attendu un texte, trouvé une liste", "une seule valeur"),
    Case("texte-attendu-sous-cles", {C: variant(COMPANY, "region: Bretagne", "region:\n  nom: Bretagne")},
         "data/entreprises/zz-catalogue.yml:5:3", "attendu un texte, trouvé un ensemble de clés", "sous-clés"),
    Case("entier-attendu-texte", {K: variant(CLUSTER, "membres: 12", "membres: une douzaine")},
         "data/clusters/zz-catalogue.yml:6:10", "attendu un nombre entier, trouvé 'une douzaine'", "par exemple 3"),
    Case("entier-attendu-decimal", {K: variant(CLUSTER, "membres: 12", "membres: 12.5")},
         "data/clusters/zz-catalogue.yml:6:10", "attendu un nombre entier, trouvé '12.5'", "sans espace ni décimale"),
    Case("entier-avec-espace", {K: variant(CLUSTER, "membres: 12", "membres: 1 200")},
         "data/clusters/zz-catalogue.yml:6:10", "trouvé '1 200'", "sans espace"),
    Case("entier-negatif", {K: variant(CLUSTER, "membres: 12", "membres: -3")},
         "data/clusters/zz-catalogue.yml:6:10", "nombre hors limites : -3", "attendu au moins 0"),
    Case("entier-demesure", {K: variant(CLUSTER, "membres: 12", "membres: " + "9" * 5000)},
         "data/clusters/zz-catalogue.yml:6:10", "nombre trop long '99999999999999999999…'", "au plus 15 chiffres"),
    Case("nombre-infini", {R: variant(REF, "seuil: 80", "seuil: 1e400")},
         "data/referentiels/zz-catalogue.yml:35:40", "nombre trop long '1e400'", "au plus 15 chiffres"),
    Case("nombre-avec-virgule", {R: variant(REF, '    titre: "Gouvernance"\n', '    titre: "Gouvernance"\n    poids: 2,5\n')},
         "data/referentiels/zz-catalogue.yml:13:12", "attendu un nombre, trouvé '2,5'", "un point pour les décimales"),
    Case("booleen-oui", {C: variant(COMPANY, "exemple: true", "exemple: oui")},
         "data/entreprises/zz-catalogue.yml:8:10", "attendu true ou false, trouvé 'oui'", "true (oui) ou false (non)"),
    Case("booleen-nombre", {C: variant(COMPANY, "exemple: true", "exemple: 1")},
         "data/entreprises/zz-catalogue.yml:8:10", "attendu true ou false, trouvé '1'", "true (oui)"),
    Case("liste-attendue-texte", {C: variant(COMPANY, "labels:\n  - label: enr\n    niveau: labellise\n    obtenu: 2025-03-01\n",
                                             "labels: enr\n")},
         "data/entreprises/zz-catalogue.yml:9:9", "attendu une liste, trouvé 'enr'", "précédée de '- '"),
    # missing, empty and unknown keys
    Case("cle-obligatoire-manquante", {C: variant(COMPANY, "region: Bretagne\n", "")},
         # The position is the mapping that lacks the key: here, the whole file.
         "data/entreprises/zz-catalogue.yml:2:1", "clé obligatoire manquante : 'region'", "ajoutez une ligne « region: … »"),
    Case("cle-obligatoire-manquante-dans-une-liste", {C: variant(COMPANY, "    obtenu: 2025-03-01\n", "")},
         "data/entreprises/zz-catalogue.yml:10:5", "clé obligatoire manquante : 'obtenu'", "« obtenu: … » (AAAA-MM-JJ)"),
    Case("cle-obligatoire-vide", {C: variant(COMPANY, "region: Bretagne", "region:")},
         "data/entreprises/zz-catalogue.yml:4:8", "texte vide", "écrivez une valeur"),
    Case("texte-nul", {C: variant(COMPANY, "nom: Test Catalogue", "nom: ~")},
         "data/entreprises/zz-catalogue.yml:2:6", "texte vide", "écrivez une valeur"),
    Case("texte-vide-entre-guillemets", {C: variant(COMPANY, "nom: Test Catalogue", 'nom: "  "')},
         "data/entreprises/zz-catalogue.yml:2:6", "texte vide", "écrivez une valeur"),
    Case("cle-inconnue-avec-suggestion", {C: variant(COMPANY, "region: Bretagne", "regoin: Bretagne")},
         # One diagnostic: the misspelt key is not also reported as a missing 'region'.
         "data/entreprises/zz-catalogue.yml:4:1", "clé inconnue 'regoin'", "vouliez-vous dire 'region' ?"),
    Case("cle-inconnue-sans-suggestion", {C: COMPANY + "couleur: bleu\n"},
         "data/entreprises/zz-catalogue.yml:13:1", "clé inconnue 'couleur'", "valeurs possibles : 'cluster', 'description'"),
    Case("cle-inconnue-dans-une-liste", {C: variant(COMPANY, "    obtenu: 2025-03-01", "    obtenue: 2025-03-01")},
         "data/entreprises/zz-catalogue.yml:12:5", "clé inconnue 'obtenue'", "vouliez-vous dire 'obtenu' ?"),
    Case("cle-inconnue-dans-un-en-tete", {F: variant(FICHE, "resume:", "résumé:")},
         "content/fiches/zz-catalogue.md:3:1", "clé inconnue 'résumé'", "vouliez-vous dire 'resume' ?"),
    # dates
    Case("date-impossible", {C: variant(COMPANY, "obtenu: 2025-03-01", "obtenu: 2024-02-30")},
         "data/entreprises/zz-catalogue.yml:12:13", "date impossible '2024-02-30'", "n'existe pas dans le calendrier"),
    Case("date-13e-mois", {C: variant(COMPANY, "obtenu: 2025-03-01", "obtenu: 2025-13-01")},
         "data/entreprises/zz-catalogue.yml:12:13", "date impossible '2025-13-01'", "vérifiez le mois"),
    Case("date-mal-formee", {C: variant(COMPANY, "obtenu: 2025-03-01", "obtenu: 1/3/2025")},
         "data/entreprises/zz-catalogue.yml:12:13", "date invalide '1/3/2025'", "AAAA-MM-JJ"),
    # web addresses and e-mail
    Case("url-javascript", {C: variant(COMPANY, "site: https://catalogue.example", "site: javascript:alert(1)")},
         "data/entreprises/zz-catalogue.yml:3:7", "adresse web invalide 'javascript:alert(1)'", "seules les adresses http(s)"),
    Case("url-javascript-majuscules", {C: variant(COMPANY, "site: https://catalogue.example", "site: JavaScript:alert(1)")},
         "data/entreprises/zz-catalogue.yml:3:7", "adresse web invalide", "http(s)"),
    Case("url-ftp", {C: variant(COMPANY, "site: https://catalogue.example", "site: ftp://catalogue.example")},
         "data/entreprises/zz-catalogue.yml:3:7", "adresse web invalide 'ftp://catalogue.example'", "http(s)"),
    Case("url-data", {K: variant(CLUSTER, "site: https://cluster.example", "site: data:text/html,<script>alert(1)</script>")},
         "data/clusters/zz-catalogue.yml:7:7", "adresse web invalide", "http(s)"),
    Case("url-sans-protocole", {C: variant(COMPANY, "site: https://catalogue.example", "site: www.catalogue.example")},
         "data/entreprises/zz-catalogue.yml:3:7", "adresse web invalide 'www.catalogue.example'", "https://www.exemple.fr"),
    Case("url-avec-guillemet", {C: variant(COMPANY, "site: https://catalogue.example", """site: 'https://a.example/"onmouseover="x'""")},
         "data/entreprises/zz-catalogue.yml:3:7", "adresse web invalide", "http(s)"),
    Case("url-demesuree", {C: variant(COMPANY, "site: https://catalogue.example", "site: https://a.example/" + "a" * 3000)},
         "data/entreprises/zz-catalogue.yml:3:7", "adresse web trop longue (3018 caractères, maximum 2000)", "page d'accueil"),
    Case("email-double-arobase", {K: variant(CLUSTER, "email: camille.martin@cluster.example", "email: camille@@cluster.example")},
         "data/clusters/zz-catalogue.yml:11:12", "adresse e-mail invalide 'camille@@cluster.example'", "nom@domaine.fr"),
    Case("email-sans-domaine", {K: variant(CLUSTER, "email: camille.martin@cluster.example", "email: camille.martin")},
         "data/clusters/zz-catalogue.yml:11:12", "adresse e-mail invalide 'camille.martin'", "nom@domaine.fr"),
    Case("email-avec-nom", {K: variant(CLUSTER, "email: camille.martin@cluster.example",
                                       "email: Camille <camille.martin@cluster.example>")},
         "data/clusters/zz-catalogue.yml:11:12", "adresse e-mail invalide", "nom@domaine.fr"),
    # HTML and script in plain text
    Case("html-balise-script", {C: variant(COMPANY, "nom: Test Catalogue", "nom: <script>alert(1)</script>")},
         "data/entreprises/zz-catalogue.yml:2:6", "HTML interdit dans ce champ de texte simple", "retirez les balises"),
    Case("html-entite", {C: variant(COMPANY, "nom: Test Catalogue", "nom: Test &amp; Catalogue")},
         "data/entreprises/zz-catalogue.yml:2:6", "HTML interdit", "entités &…;"),
    Case("html-entite-numerique", {C: variant(COMPANY, "nom: Test Catalogue", "nom: Test &#60;b&#62;")},
         "data/entreprises/zz-catalogue.yml:2:6", "HTML interdit", "entités"),
    Case("html-dans-un-en-tete", {F: variant(FICHE, 'titre: "Fiche du catalogue"', 'titre: "Fiche <b>du</b> catalogue"')},
         "content/fiches/zz-catalogue.md:2:8", "HTML interdit", "affiché tel quel"),
    Case("javascript-dans-un-texte", {F: variant(FICHE, 'titre: "Fiche du catalogue"', 'titre: "[clic](javascript:alert(1))"')},
         # Titles reach Markdown in the print view: a link there would be live.
         "content/fiches/zz-catalogue.md:2:8", "adresse « javascript: » interdite dans un texte", "http(s)"),
    # enumerations, identifiers, lengths, lists
    Case("type-de-cluster-inconnu", {K: variant(CLUSTER, "type: cluster", "type: pole")},
         "data/clusters/zz-catalogue.yml:3:7", "valeur inconnue 'pole'", "vouliez-vous dire 'pôle' ?"),
    Case("etape-inconnue", {F: variant(FICHE, "etapes: [mobilisation]", "etapes: [mobilisaton]")},
         "content/fiches/zz-catalogue.md:5:10", "valeur inconnue 'mobilisaton'", "vouliez-vous dire 'mobilisation' ?"),
    Case("identifiant-en-majuscules", {C: variant(COMPANY, "cluster: piles", "cluster: Piles")},
         "data/entreprises/zz-catalogue.yml:6:10", "valeur invalide 'Piles'", "minuscules sans accent"),
    Case("identifiant-avec-accent", {F: variant(FICHE, "themes: [sensibilisation, veille]", "themes: [sensibilisation, économie]")},
         "content/fiches/zz-catalogue.md:6:27", "valeur invalide 'économie'", "minuscules sans accent"),
    Case("texte-trop-long", {C: variant(COMPANY, "secteur: Conseil", "secteur: " + "Conseil " * 30)},
         "data/entreprises/zz-catalogue.yml:5:10", "texte trop long (239 caractères, maximum 160)", "raccourcissez"),
    Case("liste-vide", {F: variant(FICHE, "etapes: [mobilisation]", "etapes: []")},
         "content/fiches/zz-catalogue.md:5:9", "liste trop courte (0 élément(s), minimum 1)", "au moins 1"),
    Case("doublon-dans-une-liste", {F: variant(FICHE, "themes: [sensibilisation, veille]", "themes: [veille, veille]")},
         "content/fiches/zz-catalogue.md:6:18", "'veille' apparaît deux fois dans la liste", "supprimez le doublon"),
    Case("themes-en-liste", {"data/themes.yml": "- sensibilisation\n- veille\n"},
         # One diagnostic: the fiches' themes are not all reported unknown in addition.
         "data/themes.yml:1:1", "attendu un ensemble de clés, trouvé une liste", "identifiant: libellé"),
    Case("themes-identifiant-invalide", {"data/themes.yml": "veille: Veille\nMon thème: Autre\n"},
         "data/themes.yml:2:1", "valeur invalide 'Mon thème'", "minuscules"),
    Case("themes-en-double", {"data/themes.yml": "veille: Veille\nlabel: Labels\nveille: Autre\n"},
         "data/themes.yml:3:1", "clé 'veille' en double (déjà définie ligne 1)", "supprimez l'une"),
]


@pytest.mark.parametrize("case", CASES, ids=str)
def test_bad_input(project, case):
    check(project, case)


def test_optional_keys_left_empty_count_as_absent(project):
    """`site:` with nothing after it is no site, not an invalid address."""
    from tests.catalogue import diagnostics_of

    company = variant(variant(COMPANY, "site: https://catalogue.example", "site:"), "exemple: true", "exemple: ~")
    referential = variant(REF, "fiches: [piles]\nechelles", "fiches:\nechelles")
    assert diagnostics_of(project, {C: company, REF_PATH: referential}) == []


# --- JSON Schemas ---------------------------------------------------------------

SCHEMAS = ROOT / "schemas"
DATA_KINDS = {"clusters": "cluster", "entreprises": "entreprise", "referentiels": "referentiel", "syntheses": "synthese"}


def test_committed_schemas_are_what_the_specs_generate(tmp_path):
    """schemas/ is generated (python -m generator schemas): it cannot drift from kinds.py."""
    written = write_schemas(tmp_path)
    assert [p.name for p in written] == [file_name(k) for k in KINDS]
    assert sorted(p.name for p in SCHEMAS.glob("*.json")) == sorted(p.name for p in written)
    for path in written:
        committed = (SCHEMAS / path.name).read_text(encoding="utf-8")
        assert committed == path.read_text(encoding="utf-8"), f"schemas/{path.name} : relancez « make schemas »"


def test_schemas_are_deterministic_json():
    for kind in KINDS:
        text = schema_text(kind)
        assert text == schema_text(kind) and text.endswith("}\n")
        schema = json.loads(text)
        assert json.dumps(schema, ensure_ascii=False, sort_keys=True, indent=2) + "\n" == text
        assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
        assert schema["$id"] == f"urn:rse-clusters:schema:{kind}" and schema["title"] == KINDS[kind][1]


# A validator for the keywords the generator emits. It refuses any other
# keyword, so a new one cannot be silently ignored by these tests.
KEYWORDS = {"$schema", "$id", "title", "description", "format", "type", "enum", "pattern", "minLength",
            "maxLength", "minimum", "maximum", "exclusiveMinimum", "properties", "required",
            "additionalProperties", "propertyNames", "items", "minItems", "uniqueItems", "not",
            "anyOf", "if", "then"}
TYPES = {
    "string": lambda v: isinstance(v, str),
    "integer": lambda v: isinstance(v, int) and not isinstance(v, bool),
    "number": lambda v: isinstance(v, (int, float)) and not isinstance(v, bool),
    "boolean": lambda v: isinstance(v, bool),
    "object": lambda v: isinstance(v, dict),
    "array": lambda v: isinstance(v, list),
    "null": lambda v: v is None,
}


def validate(schema: dict, value, path: str = "") -> list[str]:
    unknown = set(schema) - KEYWORDS
    assert not unknown, f"mot-clé non géré par le validateur de test : {unknown}"
    if "type" in schema and not TYPES[schema["type"]](value):
        return [f"{path or '/'} : type {schema['type']} attendu, trouvé {value!r}"]
    errors = []
    if "anyOf" in schema:  # a Sourced value: plain, or a mapping with its provenance
        branches = [validate(branch, value, path) for branch in schema["anyOf"]]
        if all(branches):
            errors.append(f"{path} : aucune forme admise ({' | '.join(e for b in branches for e in b)})")
    if "if" in schema and not validate(schema["if"], value, path):
        errors += validate(schema["then"], value, path)
    if "enum" in schema and value not in schema["enum"]:
        errors.append(f"{path} : {value!r} hors de {schema['enum']}")
    if "not" in schema and not validate(schema["not"], value, path):
        errors.append(f"{path} : {value!r} correspond à un motif interdit")
    if isinstance(value, str):
        if len(value) < schema.get("minLength", 0) or len(value) > schema.get("maxLength", len(value)):
            errors.append(f"{path} : longueur {len(value)}")
        if "pattern" in schema and not re.search(schema["pattern"], value):  # unanchored, as in ECMA-262
            errors.append(f"{path} : {value!r} ne suit pas {schema['pattern']}")
    if TYPES["number"](value):
        if value < schema.get("minimum", value) or value > schema.get("maximum", value):
            errors.append(f"{path} : {value} hors limites")
        if "exclusiveMinimum" in schema and value <= schema["exclusiveMinimum"]:
            errors.append(f"{path} : {value} hors limites")
    if isinstance(value, dict):
        errors += [f"{path} : clé '{k}' manquante" for k in schema.get("required", []) if k not in value]
        props = schema.get("properties", {})
        for key, item in value.items():
            if "propertyNames" in schema:
                errors += validate(schema["propertyNames"], key, f"{path}/{key} (nom)")
            if key in props:
                errors += validate(props[key], item, f"{path}/{key}")
            elif schema.get("additionalProperties") is False:
                errors.append(f"{path} : clé '{key}' non prévue")
            elif isinstance(schema.get("additionalProperties"), dict):
                errors += validate(schema["additionalProperties"], item, f"{path}/{key}")
    if isinstance(value, list):
        if len(value) < schema.get("minItems", 0):
            errors.append(f"{path} : liste trop courte")
        if schema.get("uniqueItems") and len({json.dumps(v, sort_keys=True) for v in value}) < len(value):
            errors.append(f"{path} : doublons")
        for i, item in enumerate(value):
            errors += validate(schema.get("items", {}), item, f"{path}/{i}")
    return errors


_CORE_INT = re.compile(r"[-+]?[0-9]+")
_CORE_FLOAT = re.compile(r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?")


def yaml_as_editors_see_it(text: str):
    """YAML 1.2 core typing, as the editor's YAML extension reads a file
    (2024-03-01 and oui stay text; true, 12 and 2.5 do not)."""

    def value(node):
        if isinstance(node, MappingNode):
            return {k.value: value(v) for k, v in node.value}
        if isinstance(node, SequenceNode):
            return [value(v) for v in node.value]
        raw = node.value
        if node.style:  # quoted or block: text (libyaml marks plain scalars with '')
            return raw
        if raw in ("", "~", "null", "Null", "NULL"):
            return None
        if raw in ("true", "True", "TRUE", "false", "False", "FALSE"):
            return raw.lower() == "true"
        if _CORE_INT.fullmatch(raw):
            return int(raw)
        if _CORE_FLOAT.fullmatch(raw):
            return float(raw)
        return raw

    return value(yaml.compose(text, Loader=yaml.CSafeLoader))


def _shipped_documents():
    for folder, kind in DATA_KINDS.items():
        for path in sorted((ROOT / "data" / folder).glob("*.yml")):
            yield path, kind, path.read_text(encoding="utf-8")
    yield ROOT / "data" / "themes.yml", "themes", (ROOT / "data" / "themes.yml").read_text(encoding="utf-8")
    for path in sorted((ROOT / "content" / "fiches").glob("*.md")):
        if path.name != "index.md":
            rel = path.relative_to(ROOT).as_posix()
            md = split_front_matter(Source(rel, path.read_text(encoding="utf-8")), Collector(ROOT))
            yield path, "fiche", "\n" * md.front.line_offset + md.source.text.split("\n---", 1)[0][4:]


@pytest.mark.parametrize("path, kind, text", list(_shipped_documents()), ids=lambda v: v.name if isinstance(v, Path) else "")
def test_shipped_files_validate_against_their_schema(path, kind, text):
    schema = json.loads((SCHEMAS / file_name(kind)).read_text(encoding="utf-8"))
    assert validate(schema, yaml_as_editors_see_it(text)) == []


def test_schemas_accept_marked_values_and_approximate_dates():
    cluster = json.loads((SCHEMAS / file_name("cluster")).read_text(encoding="utf-8"))
    marked = variant(CLUSTER, "type: cluster", "type: {valeur: cluster, provenance: hors-guide, raison: r}")
    assert validate(cluster, yaml_as_editors_see_it(marked)) == []
    company = json.loads((SCHEMAS / file_name("entreprise")).read_text(encoding="utf-8"))
    for approx in ("avant 2014", "en 2018", "vers 2016", "inconnue"):
        assert validate(company, yaml_as_editors_see_it(variant(COMPANY, "obtenu: 2025-03-01", f"obtenu: {approx}"))) == []


@pytest.mark.parametrize("kind, text, fragment", [
    ("entreprise", variant(COMPANY, "region:", "regoin:"), "clé 'regoin' non prévue"),
    ("entreprise", variant(COMPANY, "region: Bretagne\n", ""), "clé 'region' manquante"),
    ("entreprise", variant(COMPANY, "exemple: true", "exemple: oui"), "type boolean attendu"),
    ("entreprise", variant(COMPANY, "obtenu: 2025-03-01", "obtenu: 1/3/2025"), "ne suit pas"),
    ("entreprise", variant(COMPANY, "site: https://catalogue.example", "site: javascript:alert(1)"), "ne suit pas"),
    ("entreprise", variant(COMPANY, "nom: Test Catalogue", "nom: <b>Test</b>"), "motif interdit"),
    ("entreprise", variant(COMPANY, "cluster: piles", "cluster: Piles"), "ne suit pas"),
    ("cluster", variant(CLUSTER, "type: cluster", "type: pole"), "hors de"),
    ("cluster", variant(CLUSTER, "membres: 12", "membres: -3"), "hors limites"),
    ("cluster", variant(CLUSTER, "email: camille.martin@cluster.example", "email: camille"), "ne suit pas"),
    ("fiche", "titre: T\nresume: R\ncluster: piles\netapes: []\nthemes: [veille]\nregion: R\nsecteur: S\n", "liste trop courte"),
    ("fiche", "titre: T\nresume: R\ncluster: piles\netapes: [valorisation, valorisation]\nthemes: [veille]\n"
              "region: R\nsecteur: S\n", "doublons"),
    # An assumption without its reason, a provenance that does not exist, an approximate date misspelt.
    ("cluster", variant(CLUSTER, "type: cluster", "type: {valeur: cluster, provenance: hypothese}"), "clé 'raison' manquante"),
    ("cluster", variant(CLUSTER, "type: cluster", "type: {valeur: cluster, provenance: suppose, raison: r}"), "hors de"),
    ("entreprise", variant(COMPANY, "obtenu: 2025-03-01", "obtenu: courant 2019"), "ne suit pas"),
    ("themes", "Mon thème: x\n", "(nom)"),
    ("referentiel", "titre: T\nversion: '1'\ndescription: D\nthemes:\n  - id: t\n    titre: T\n    poids: 0\n"
                    "    criteres:\n      - {id: c, texte: T, conseil: C, echelle: e}\n", "hors limites"),
])
def test_schemas_refuse_what_check_refuses(kind, text, fragment):
    """The schemas bite: the editor underlines what `check` would report."""
    schema = json.loads((SCHEMAS / file_name(kind)).read_text(encoding="utf-8"))
    errors = validate(schema, yaml_as_editors_see_it(text))
    assert any(fragment in e for e in errors), errors


def test_data_files_declare_their_schema_on_their_first_line():
    """The YAML extension of VS Code (and other editors) reads this comment."""
    wrong = []
    for folder, kind in DATA_KINDS.items():
        for path in sorted((ROOT / "data" / folder).glob("*.y*ml")):
            first = path.read_text(encoding="utf-8").split("\n", 1)[0]
            if first != f"# yaml-language-server: $schema=../../schemas/{kind}.schema.json":
                wrong.append(f"{path.relative_to(ROOT)} : {first}")
    first = (ROOT / "data" / "themes.yml").read_text(encoding="utf-8").split("\n", 1)[0]
    if first != "# yaml-language-server: $schema=../schemas/themes.schema.json":
        wrong.append(f"data/themes.yml : {first}")
    assert wrong == []


def test_vscode_maps_data_files_to_schemas_and_recommends_the_yaml_extension():
    settings = json.loads((ROOT / ".vscode" / "settings.json").read_text(encoding="utf-8"))
    mapping = settings["yaml.schemas"]
    for schema, globs in mapping.items():
        assert (ROOT / schema).is_file(), schema
    assert mapping["./schemas/cluster.schema.json"][0] == "data/clusters/*.yml"
    assert mapping["./schemas/entreprise.schema.json"][0] == "data/entreprises/*.yml"
    assert mapping["./schemas/referentiel.schema.json"][0] == "data/referentiels/*.yml"
    assert mapping["./schemas/synthese.schema.json"][0] == "data/syntheses/*.yml"
    assert mapping["./schemas/themes.schema.json"] == ["data/themes.yml"]
    extensions = json.loads((ROOT / ".vscode" / "extensions.json").read_text(encoding="utf-8"))
    assert "redhat.vscode-yaml" in extensions["recommendations"]
