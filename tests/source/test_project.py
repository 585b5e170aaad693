"""Catalogue of bad inputs, part 3: what needs several files (references,
duplicates, file names) and the rules of a referential."""

from __future__ import annotations

import pytest

from generator.source.errors import ValidationError
from generator.source.project import load_project
from tests.catalogue import (  # noqa: F401 - `project` is a fixture
    CLUSTER, CLUSTER_PATH, COMPANY, COMPANY_PATH, FICHE, FICHE_PATH, REF, REF_PATH, Case, check, diagnostics_of,
    project, variant, where,
)

C, K, F, R = COMPANY_PATH, CLUSTER_PATH, FICHE_PATH, REF_PATH
SCORE_LEVELS = ('  - {id: bas, libelle: "Bas", seuil: 20, sur: pourcentage}\n'
                '  - {id: haut, libelle: "Haut", seuil: 80, sur: pourcentage}\n')
LABEL = """\
label:
  nom: "Label du catalogue"
  certifie: "Rien de réel."
  emetteur: "Cluster du catalogue"
  emetteur_cluster: zz-catalogue
  evaluateur: "Personne"
  validite_ans: 2
  processus:
    - titre: "Candidature"
"""
REF_LABEL = REF + LABEL  # a referential that is also a label
BROKEN_REF = variant(REF_LABEL, "seuil: 80", "seuil: 10")


def ref(old: str, new: str) -> dict:
    return {R: variant(REF, old, new)}


CASES = [
    # referential consistency (max score of REF: 1 + 2 + 1 = 4 points)
    Case("critere-sans-echelle-ni-options", ref("        echelle: oui-non\n      - id: c2", "      - id: c2"),
         "data/referentiels/zz-catalogue.yml:14:9", "le critère 'c1' doit avoir soit 'echelle', soit 'options'",
         "pas les deux"),
    Case("critere-avec-echelle-et-options", ref("        fiches: [piles]\n", "        fiches: [piles]\n        echelle: oui-non\n"),
         "data/referentiels/zz-catalogue.yml:18:9", "le critère 'c2' doit avoir soit 'echelle', soit 'options'",
         "une liste d'options"),
    Case("echelle-inconnue", ref("echelle: oui-non\n      - id: c2", "echelle: oui-nom\n      - id: c2"),
         "data/referentiels/zz-catalogue.yml:17:18", "échelle inconnue 'oui-nom'", "vouliez-vous dire 'oui-non' ?"),
    Case("option-sans-points", ref('{valeur: b, libelle: "B", points: 0}', '{valeur: b, libelle: "B"}'),
         "data/referentiels/zz-catalogue.yml:24:13", "l'option 'b' n'a pas de points", "« abstention: true »"),
    Case("abstention-avec-points", ref("abstention: true}", "abstention: true, points: 1}"),
         "data/referentiels/zz-catalogue.yml:25:77", "une option d'abstention n'a pas de points", "supprimez 'points'"),
    Case("options-en-double", ref('{valeur: b, libelle: "B", points: 0}', '{valeur: a, libelle: "B", points: 0}'),
         "data/referentiels/zz-catalogue.yml:24:22", "valeur d'option 'a' en double", "une valeur différente"),
    Case("options-en-double-dans-une-echelle", ref('{valeur: non, libelle: "Non"', '{valeur: oui, libelle: "Non"'),
         "data/referentiels/zz-catalogue.yml:9:16", "valeur d'option 'oui' en double", "une valeur différente"),
    Case("aucune-option-avec-points", ref('          - {valeur: a, libelle: "A", points: 2}\n'
                                          '          - {valeur: b, libelle: "B", points: 0}\n', ""),
         "data/referentiels/zz-catalogue.yml:23:11", "aucune option ne rapporte de points", "au moins une option"),
    Case("echelle-sans-points", ref('    - {valeur: oui, libelle: "Oui", points: 1}\n    - {valeur: non, libelle: "Non", points: 0}\n',
                                    '    - {valeur: na, libelle: "Non applicable", abstention: true}\n'),
         "data/referentiels/zz-catalogue.yml:7:3", "aucune option ne rapporte de points", "au moins une option"),
    Case("poids-nul", ref('    titre: "Gouvernance"\n', '    titre: "Gouvernance"\n    poids: 0\n'),
         "data/referentiels/zz-catalogue.yml:13:12", "nombre hors limites : 0", "strictement supérieur à 0"),
    Case("poids-negatif", ref('    titre: "Gouvernance"\n', '    titre: "Gouvernance"\n    poids: -5\n'),
         "data/referentiels/zz-catalogue.yml:13:12", "nombre hors limites : -5", "strictement supérieur à 0"),
    Case("poids-sur-certains-themes", ref('    titre: "Gouvernance"\n', '    titre: "Gouvernance"\n    poids: 2\n'),
         "data/referentiels/zz-catalogue.yml:27:5", "le thème 'social' n'a pas de poids, alors que d'autres en ont",
         "à tous les thèmes, ou à aucun"),
    Case("seuils-non-croissants", ref("seuil: 80", "seuil: 10"),
         "data/referentiels/zz-catalogue.yml:35:40", "seuil 10 non croissant", "du plus bas au plus haut"),
    Case("seuils-egaux", ref("seuil: 80", "seuil: 20"),
         "data/referentiels/zz-catalogue.yml:35:40", "seuil 20 non croissant", "supérieur au précédent"),
    Case("pourcentage-au-dela-de-100", ref("seuil: 80", "seuil: 120"),
         "data/referentiels/zz-catalogue.yml:35:40", "le niveau 'haut' ne peut pas être atteint (maximum possible : 100)",
         "baissez le seuil"),
    Case("pourcentage-100-strict", ref("seuil: 80, sur: pourcentage}", "seuil: 100, sur: pourcentage, strict: true}"),
         "data/referentiels/zz-catalogue.yml:35:40", "ne peut pas être atteint (maximum possible : 100)", "strict: true"),
    Case("score-au-dela-du-maximum", ref(SCORE_LEVELS, '  - {id: haut, libelle: "Haut", seuil: 5, sur: score}\n'),
         "data/referentiels/zz-catalogue.yml:34:40", "le niveau 'haut' ne peut pas être atteint (maximum possible : 4)",
         "baissez le seuil"),
    Case("score-strict-au-maximum", ref(SCORE_LEVELS, '  - {id: haut, libelle: "Haut", seuil: 4, sur: score, strict: true}\n'),
         "data/referentiels/zz-catalogue.yml:34:40", "ne peut pas être atteint (maximum possible : 4)", "retirez 'strict: true'"),
    Case("bases-melangees", ref("seuil: 80, sur: pourcentage", "seuil: 3, sur: score"),
         # One diagnostic: thresholds on different bases are not also "not increasing".
         "data/referentiels/zz-catalogue.yml:35:48", "les niveaux mélangent 'score' et 'pourcentage'", "la même base"),
    Case("base-inconnue", ref("seuil: 80, sur: pourcentage", "seuil: 80, sur: percent"),
         "data/referentiels/zz-catalogue.yml:35:49", "valeur inconnue 'percent'", "vouliez-vous dire 'pourcentage' ?"),
    Case("niveaux-en-double", ref("id: haut", "id: bas"),
         "data/referentiels/zz-catalogue.yml:35:10", "niveau 'bas' en double", "un identifiant différent"),
    Case("criteres-en-double", ref("id: c3", "id: c1"),
         "data/referentiels/zz-catalogue.yml:29:13", "critère 'c1' en double (déjà ligne 14)", "uniques dans tout le référentiel"),
    Case("themes-en-double", ref("id: social", "id: gouvernance"),
         "data/referentiels/zz-catalogue.yml:26:9", "thème 'gouvernance' en double", "un identifiant différent"),
    Case("theme-sans-critere", ref('    criteres:\n      - id: c3\n        texte: "Troisième critère."\n'
                                   '        conseil: "Troisième conseil."\n        echelle: oui-non\n', "    criteres: []\n"),
         "data/referentiels/zz-catalogue.yml:28:15", "liste trop courte (0 élément(s), minimum 1)", "au moins 1"),
    Case("fiche-inconnue-dans-un-referentiel", ref("fiches: [piles]\nechelles", "fiches: [pilez]\nechelles"),
         "data/referentiels/zz-catalogue.yml:5:10", "fiche inconnue 'pilez'", "vouliez-vous dire 'piles' ?"),
    Case("fiche-inconnue-dans-un-critere", ref("        fiches: [piles]", "        fiches: [piles, eurosim]"),
         "data/referentiels/zz-catalogue.yml:21:25", "fiche inconnue 'eurosim'", "vouliez-vous dire 'eurosima' ?"),
    Case("cluster-emetteur-inconnu", {R: variant(REF_LABEL, "emetteur_cluster: zz-catalogue", "emetteur_cluster: pilez")},
         "data/referentiels/zz-catalogue.yml:40:21", "cluster inconnu 'pilez'", "vouliez-vous dire 'piles' ?"),
    # references between files
    Case("cluster-inconnu-dans-une-entreprise", {C: variant(COMPANY, "cluster: piles", "cluster: logistique-seine-normandy")},
         "data/entreprises/zz-catalogue.yml:6:10", "cluster inconnu 'logistique-seine-normandy'",
         "vouliez-vous dire 'logistique-seine-normandie' ?"),
    Case("cluster-inconnu-dans-une-fiche", {F: variant(FICHE, "cluster: piles", "cluster: pile")},
         "content/fiches/zz-catalogue.md:4:10", "cluster inconnu 'pile'", "vouliez-vous dire 'piles' ?"),
    Case("theme-inconnu", {F: variant(FICHE, "themes: [sensibilisation, veille]", "themes: [sensibilisation, veile]")},
         "content/fiches/zz-catalogue.md:6:27", "thème inconnu 'veile'", "vouliez-vous dire 'veille' ?"),
    Case("referentiel-inconnu-dans-une-fiche", {F: variant(FICHE, "referentiels: [enr]", "referentiels: [enr, ecorid]")},
         "content/fiches/zz-catalogue.md:9:21", "référentiel inconnu 'ecorid'", "vouliez-vous dire 'ecoride' ?"),
    Case("label-inconnu", {C: variant(COMPANY, "label: enr", "label: enrr")},
         "data/entreprises/zz-catalogue.yml:10:12", "label inconnu 'enrr'", "vouliez-vous dire 'enr' ?"),
    Case("label-d-un-referentiel-sans-label", {C: variant(COMPANY, "label: enr\n    niveau: labellise", "label: hydreos")},
         "data/entreprises/zz-catalogue.yml:10:12", "label inconnu 'hydreos'", "valeurs possibles : '6pl', 'afaq-26000'"),
    Case("niveau-inconnu", {C: variant(COMPANY, "niveau: labellise", "niveau: expert")},
         "data/entreprises/zz-catalogue.yml:11:13", "niveau inconnu 'expert' pour le label ENR",
         "valeurs possibles : 'labellise'"),
    Case("label-en-double", {C: COMPANY + "  - label: enr\n    obtenu: 2024-01-01\n"},
         "data/entreprises/zz-catalogue.yml:13:12", "label 'enr' listé deux fois", "une seule attribution"),
    Case("dates-inversees", {C: COMPANY + "    expire: 2024-12-31\n"},
         "data/entreprises/zz-catalogue.yml:13:13",
         "date d'expiration 2024-12-31 antérieure ou égale à l'obtention 2025-03-01", "doit suivre la date 'obtenu'"),
    Case("dates-egales", {C: COMPANY + "    expire: 2025-03-01\n"},
         "data/entreprises/zz-catalogue.yml:13:13", "antérieure ou égale", "doit suivre"),
    # duplicates and file names
    Case("entreprise-en-double", {C: COMPANY, "data/entreprises/zz-catalogue-bis.yml": variant(
        COMPANY, "nom: Test Catalogue", "nom: test   CATALOGUE")},
         # Files are read in name order: the second one holds the duplicate.
         "data/entreprises/zz-catalogue.yml:2:6",
         "entreprise 'Test Catalogue' déjà présente (data/entreprises/zz-catalogue-bis.yml)", "complétez le fichier existant"),
    Case("identifiant-en-double-yml-et-yaml", {K: CLUSTER, "data/clusters/zz-catalogue.yaml": CLUSTER},
         "data/clusters/zz-catalogue.yaml:1:1", "identifiant 'zz-catalogue' en double", "un seul fichier"),
    Case("nom-de-fichier-avec-espace", {"data/entreprises/Mon Entreprise.yml": COMPANY},
         "data/entreprises/Mon Entreprise.yml:1:1", "nom de fichier invalide 'Mon Entreprise.yml'", "minuscules sans accent"),
    Case("nom-de-fichier-avec-souligne", {"data/entreprises/a_b.yml": COMPANY},
         "data/entreprises/a_b.yml:1:1", "nom de fichier invalide 'a_b.yml'", "des chiffres et des tirets"),
    Case("nom-de-fichier-avec-accent", {"data/clusters/pôle-test.yml": CLUSTER},
         "data/clusters/pôle-test.yml:1:1", "nom de fichier invalide 'pôle-test.yml'", "sans accent"),
    Case("nom-de-fiche-invalide", {"content/fiches/Ma_Fiche.md": FICHE},
         "content/fiches/Ma_Fiche.md:1:1", "nom de fichier invalide 'Ma_Fiche.md'", "puis .yml ou .md"),
    # an invalid file is reported once, not again by each file that refers to it
    Case("cluster-invalide-sans-cascade", {K: variant(CLUSTER, "type: cluster", "type: pole"),
                                           C: variant(COMPANY, "cluster: piles", "cluster: zz-catalogue"),
                                           F: variant(FICHE, "cluster: piles", "cluster: zz-catalogue"),
                                           R: variant(REF_LABEL, "fiches: [piles]\nechelles", "fiches: [zz-catalogue]\nechelles")},
         "data/clusters/zz-catalogue.yml:3:7", "valeur inconnue 'pole'", "vouliez-vous dire 'pôle' ?"),
    Case("referentiel-invalide-sans-cascade", {R: BROKEN_REF, K: CLUSTER,
                                               C: variant(COMPANY, "label: enr\n    niveau: labellise", "label: zz-catalogue"),
                                               F: variant(FICHE, "referentiels: [enr]", "referentiels: [zz-catalogue]")},
         "data/referentiels/zz-catalogue.yml:35:40", "seuil 10 non croissant", "du plus bas au plus haut"),
    Case("referentiel-illisible-sans-cascade", {R: REF_LABEL + "\tcasse: oui\n", K: CLUSTER,
                                                C: variant(COMPANY, "label: enr\n    niveau: labellise", "label: zz-catalogue"),
                                                F: variant(FICHE, "referentiels: [enr]", "referentiels: [zz-catalogue]")},
         "data/referentiels/zz-catalogue.yml:45:1", "tabulation dans l'indentation", "espaces"),
    Case("fiche-invalide-sans-cascade", {F: variant(FICHE, "referentiels: [enr]\n---\n", "referentiels: [enr]\n"),
                                         R: variant(REF, "fiches: [piles]\nechelles", "fiches: [zz-catalogue]\nechelles"),
                                         "content/guide/zz-lien.md": "Voir [la fiche](../fiches/zz-catalogue.md#une-section).\n"},
         "content/fiches/zz-catalogue.md:1:1", "en-tête YAML non fermé", "'---'"),
    # regions: the map's official names, or "National"
    Case("region-mal-orthographiee", {C: variant(COMPANY, "region: Bretagne", "region: Ile-de-France")},
         "data/entreprises/zz-catalogue.yml:4:9", "région mal orthographiée 'Ile-de-France'", "écrivez 'Île-de-France'"),
    Case("region-mal-orthographiee-cluster", {K: variant(CLUSTER, "region: Bretagne", "region: provence alpes cote d'azur")},
         "data/clusters/zz-catalogue.yml:4:9", "région mal orthographiée 'provence alpes cote d'azur'",
         "écrivez 'Provence-Alpes-Côte d'Azur'"),
    Case("region-mal-orthographiee-fiche", {F: variant(FICHE, "region: Bretagne", "region: BRETAGNE")},
         "content/fiches/zz-catalogue.md:7:9", "région mal orthographiée 'BRETAGNE'", "écrivez 'Bretagne'"),
]


@pytest.mark.parametrize("case", CASES, ids=str)
def test_bad_input(project, case):
    check(project, case)


def test_reference_documents_are_valid(project):
    edits = {R: REF_LABEL, K: CLUSTER, C: variant(COMPANY, "label: enr\n    niveau: labellise", "label: zz-catalogue\n"
                                                  "    niveau: haut"),
             F: variant(FICHE, "referentiels: [enr]", "referentiels: [zz-catalogue]")}
    assert diagnostics_of(project, edits) == []


def test_every_diagnostic_of_a_run_is_reported_together_sorted_by_path(project):
    """An editor fixes a whole pull request in one pass."""
    edits = {C: variant(COMPANY, "obtenu: 2025-03-01", "obtenu: 2024-02-30"),
             K: variant(CLUSTER, "type: cluster", "type: pole"),
             F: variant(FICHE, "etapes: [mobilisation]", "etapes: [mobilisaton]"),
             "data/entreprises/aaa-catalogue.yml": variant(COMPANY, "nom: Test Catalogue", "nom: Autre\nnom: Encore")}
    diags = diagnostics_of(project, edits)
    assert [where(d) for d in diags] == [
        "content/fiches/zz-catalogue.md:5:10",
        "data/clusters/zz-catalogue.yml:3:7",
        "data/entreprises/aaa-catalogue.yml:3:1",
        "data/entreprises/zz-catalogue.yml:12:13",
    ]
    report = ValidationError(diags).report()
    assert report.endswith("\n\n4 erreurs trouvées.")
    assert report.index("mobilisaton") < report.index("pole") < report.index("en double") < report.index("2024-02-30")


def test_lines_of_one_file_are_sorted_by_line_then_column(project):
    edits = {C: variant(variant(COMPANY, "exemple: true", "exemple: oui"), "nom: Test Catalogue", "nom: <b>x</b>")}
    assert [where(d) for d in diagnostics_of(project, edits)] == [
        "data/entreprises/zz-catalogue.yml:2:6", "data/entreprises/zz-catalogue.yml:8:10"]


def test_a_folder_that_is_not_a_project_is_an_error(tmp_path):
    with pytest.raises(ValidationError) as err:
        load_project(tmp_path)
    [diag] = err.value.diagnostics
    assert diag.message.startswith("ni content/ ni data/ dans ") and "--root" in diag.hint
