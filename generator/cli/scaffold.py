"""`python -m generator new KIND NAME`: a valid, commented file to start from.

Editors copy what they see; a starting file that already passes `check`, and
that explains each key in a comment, is the shortest way to a correct file.
References (cluster, theme, label) point at entries that exist in the project,
so the new file validates as written; the editor then replaces the values.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from ..source.layout import STEP_PAGES
from ..source.spec import SLUG_RE

KINDS = ("entreprise", "fiche", "cluster", "referentiel")
MAX_SLUG = 80


class ScaffoldError(Exception):
    """A file that cannot be created; the message is for the editor."""


def _target(root: Path, kind: str, name: str) -> Path:
    if kind == "fiche":
        return root / "content" / "fiches" / f"{name}.md"
    folder = {"entreprise": "entreprises", "cluster": "clusters", "referentiel": "referentiels"}[kind]
    return root / "data" / folder / f"{name}.yml"


def _stems(folder: Path) -> list[str]:
    return sorted(p.stem for p in folder.glob("*.yml") if SLUG_RE.match(p.stem)) if folder.is_dir() else []


def _top_value(path: Path, key: str) -> str | None:
    """The raw YAML text of a top-level `key:`, quotes included, so it can be
    copied into another file as is."""
    m = re.search(rf"^{key}:[ \t]*(\S.*?)[ \t]*$", path.read_text(encoding="utf-8"), re.M)
    return m.group(1) if m and not m.group(1).startswith(("|", ">", "#", "[", "{", "&", "*", "!")) else None


def _title(name: str) -> str:
    words = name.replace("-", " ")
    return words[:1].upper() + words[1:]


def _first_cluster(root: Path, prefer: str | None = None) -> str:
    clusters = _stems(root / "data" / "clusters")
    if not clusters:
        raise ScaffoldError("aucun cluster dans data/clusters/ : créez-en un d'abord "
                            "(python -m generator new cluster NOM)")
    return prefer if prefer in clusters else clusters[0]


def _entreprise(root: Path, name: str) -> str:
    cluster = _first_cluster(root)
    refs = root / "data" / "referentiels"
    labels = [s for s in _stems(refs) if re.search(r"^label:", (refs / f"{s}.yml").read_text(encoding="utf-8"), re.M)]
    # A label open to all first: the placeholder region and sector meet no eligibility rule.
    labels.sort(key=lambda s: bool(re.search(r"^  eligibilite:", (refs / f"{s}.yml").read_text(encoding="utf-8"), re.M)))
    if not labels:
        raise ScaffoldError("aucun référentiel avec une section 'label' dans data/referentiels/ : "
                            "une entreprise de l'annuaire a au moins un label")
    region = _top_value(root / "data" / "clusters" / f"{cluster}.yml", "region") or '"À compléter"'
    today = dt.date.today().isoformat()
    return f"""\
# yaml-language-server: $schema=../../schemas/entreprise.schema.json
#
# Entreprise labellisée de l'annuaire. Remplacez chaque valeur, puis lancez « make check ».
# Le nom du fichier ({name}.yml) est l'identifiant de l'entreprise : il apparaît dans
# l'adresse de sa page. Les lignes qui commencent par « # » sont des commentaires.
nom: "{_title(name)}"
# Facultatif : l'adresse du site de l'entreprise (http ou https uniquement).
# site: https://www.exemple.fr
# Région du siège et secteur d'activité, tels qu'ils seront affichés et filtrés.
region: {region}
secteur: "À compléter"
# Identifiant du cluster ou pôle de l'entreprise : un nom de fichier de data/clusters/, sans .yml.
cluster: {cluster}
# Facultatif : une ou deux phrases sur l'activité, en texte simple (pas de HTML).
description: "À compléter : une ou deux phrases sur l'activité de l'entreprise."
# Les labels obtenus : au moins un. « label » est l'identifiant d'un fichier de
# data/referentiels/ qui a une section « label: ».
labels:
  - label: {labels[0]}
    # Date d'obtention, AAAA-MM-JJ ; si elle n'est pas connue exactement : « avant 2014 »,
    # « en 2018 » ou « inconnue » (le statut sera alors « à confirmer »).
    obtenu: {today}
    # Facultatif : le niveau obtenu, un identifiant de la liste « niveaux » du référentiel.
    # niveau: identifiant-du-niveau
    # Facultatif : la date de fin ; par défaut, obtention + durée de validité du label.
    # expire: AAAA-MM-JJ
"""


def _fiche(root: Path, name: str) -> str:
    cluster = _first_cluster(root, prefer=name)
    themes_file = root / "data" / "themes.yml"
    themes = re.findall(r"^([a-z0-9]+(?:-[a-z0-9]+)*):", themes_file.read_text(encoding="utf-8"), re.M) \
        if themes_file.is_file() else []
    if not themes:
        raise ScaffoldError("aucun thème dans data/themes.yml : une fiche a au moins un thème")
    cluster_file = root / "data" / "clusters" / f"{cluster}.yml"
    region = _top_value(cluster_file, "region") or '"À compléter"'
    secteur = _top_value(cluster_file, "secteur") or '"À compléter"'
    guide = STEP_PAGES["mobilisation"]
    link = (f"\nLe guide situe cette démarche à l'[étape 1, mobilisation et sensibilisation](../{guide}).\n"
            if (root / "content" / guide).is_file() else "")
    return f"""\
---
# En-tête de la fiche, entre les deux lignes « --- » ; le texte suit, en Markdown.
# Pour qu'elle figure dans le menu, ajoutez-la dans mkdocs.yml, sous « Les fiches ».
titre: "{_title(name)} : titre de la fiche"
resume: "À compléter : une phrase qui résume la démarche RSE du cluster."
# Identifiant du cluster : un nom de fichier de data/clusters/, sans .yml.
cluster: {cluster}
# Une ou plusieurs étapes du guide : mobilisation, accompagnement, valorisation.
etapes: [mobilisation]
# Un ou plusieurs thèmes : les identifiants de data/themes.yml.
themes: [{themes[0]}]
region: {region}
secteur: {secteur}
# Facultatif : les auto-diagnostics liés, identifiants de data/referentiels/.
referentiels: []
---
À compléter : présentez le cluster et sa démarche RSE en quelques paragraphes.
{link}
## Les objectifs de la démarche

- Premier objectif
- Deuxième objectif

## Les actions menées

Décrivez les actions, leurs résultats et les partenaires.
"""


def _cluster(root: Path, name: str) -> str:
    return f"""\
# yaml-language-server: $schema=../../schemas/cluster.schema.json
#
# Cluster ou pôle. Remplacez chaque valeur, puis lancez « make check ».
# Le nom du fichier ({name}.yml) est l'identifiant du cluster : les fiches et les
# entreprises y renvoient par « cluster: {name} ».
nom: "{_title(name)}"
# Facultatif : le nom développé.
# nom_complet: "Nom complet du cluster"
# Un de : cluster, pôle de compétitivité, pôle, fédération professionnelle, association.
type: cluster
region: "À compléter"
secteur: "À compléter"
# Facultatif : le nombre de membres, et de qui il s'agit.
# membres: 100
# membres_precision: "entreprises, laboratoires et centres de formation"
# Facultatif : l'adresse du site (http ou https uniquement).
# site: https://www.exemple.fr
description: "À compléter : ce que fait le cluster, pour qui, et sa démarche RSE en une ou deux phrases."
# Facultatif : les personnes à contacter ; « fonction », « telephone » et « email » sont facultatifs.
# contacts:
#   - nom: "Prénom NOM"
#     fonction: "Chargée de mission RSE"
#     telephone: "01 23 45 67 89"
#     email: prenom.nom@exemple.fr
"""


def _referentiel(root: Path, name: str) -> str:
    return f"""\
# yaml-language-server: $schema=../../schemas/referentiel.schema.json
#
# Référentiel d'auto-diagnostic. Le format complet et le calcul du score sont
# expliqués dans CONTRIBUTING.md. Remplacez chaque valeur, puis lancez « make check ».
titre: "{_title(name)} : auto-évaluation"
version: "1.0"
description: >-
  À compléter : à qui s'adresse cette auto-évaluation, ce qu'elle mesure
  et d'où viennent ses critères.
# true tant que les critères ne sont pas ceux, officiels, d'un label.
illustratif: true
# Facultatif : d'où vient la grille, et les fiches liées (identifiants de content/fiches/).
# source: "Guide France Clusters, fiche …"
# fiches: [identifiant-de-fiche]

# Facultatif : des échelles de réponses partagées, qu'un critère désigne par « echelle: ».
echelles:
  oui-non:
    - {{valeur: "oui", libelle: "Oui", points: 2}}
    - {{valeur: "en-partie", libelle: "En partie", points: 1}}
    - {{valeur: "non", libelle: "Non", points: 0}}
    # Une abstention n'a pas de points : elle retire le critère du maximum.
    - {{valeur: "na", libelle: "Non applicable", abstention: true}}

themes:
  - id: gouvernance
    titre: "Gouvernance"
    # Facultatif : un poids, à donner à tous les thèmes ou à aucun.
    # poids: 50
    criteres:
      - id: gouv-01
        texte: "La direction a formalisé ses engagements RSE par écrit."
        conseil: "Rédigez une politique RSE d'une page, signée par la direction et présentée aux équipes."
        # Chaque critère a soit une « echelle »…
        echelle: oui-non
      - id: gouv-02
        texte: "Un référent RSE est désigné et dispose de temps pour cette mission."
        # Facultatif : une précision affichée sous la question.
        aide: "Le référent peut être un salarié ou le dirigeant."
        conseil: "Nommez un référent et inscrivez cette mission dans sa fiche de poste."
        # … soit ses propres « options ».
        options:
          - {{valeur: "oui", libelle: "Oui", points: 1}}
          - {{valeur: "non", libelle: "Non", points: 0}}

# Facultatif : les niveaux, du plus bas au plus haut ; le plus haut atteint est affiché.
niveaux:
  - id: engage
    libelle: "Engagé"
    seuil: 50
    # « pourcentage » (de 0 à 100) ou « score » (en points).
    sur: pourcentage
    # Facultatif : true pour exiger de dépasser le seuil, pas seulement de l'atteindre.
    # strict: true
    # true si le seuil n'est pas donné par une source officielle.
    indicatif: true

# Facultatif : si ce référentiel est celui d'un label attribué à des entreprises.
# label:
#   nom: "Nom du label"
#   certifie: "Ce que le label atteste."
#   emetteur: "Qui délivre le label"
#   emetteur_cluster: identifiant-du-cluster
#   evaluateur: "Qui évalue les candidats"
#   depuis: 2020
#   validite_ans: 3            # si le guide ne la donne pas, marquez l'hypothèse :
#   # validite_ans: {{valeur: 3, provenance: hypothese, raison: "le guide ne la précise pas"}}
#   # eligibilite:             # facultatif : qui peut l'obtenir, vérifié par « make check »
#   #   texte: "La phrase du guide, mot pour mot."
#   #   regions: [Normandie]
#   processus:
#     - titre: "Candidature"
#       description: "L'entreprise remet un dossier."
#     - titre: "Évaluation"
"""


_TEMPLATES = {"entreprise": _entreprise, "fiche": _fiche, "cluster": _cluster, "referentiel": _referentiel}


def new_file(root: Path, kind: str, name: str) -> Path:
    """Create the starting file of `kind` named `name`; returns its path."""
    if kind not in _TEMPLATES:
        raise ScaffoldError(f"type inconnu '{kind}' (possibles : {', '.join(KINDS)})")
    if not SLUG_RE.match(name) or len(name) > MAX_SLUG:
        raise ScaffoldError(f"identifiant invalide '{name}' : minuscules sans accent, chiffres et tirets "
                            f"uniquement, {MAX_SLUG} caractères au plus (par exemple : mon-entreprise)")
    path = _target(root, kind, name)
    rel = path.relative_to(root).as_posix()
    others = [path, path.with_suffix(".yaml")] if path.suffix == ".yml" else [path]
    if any(p.exists() or p.is_symlink() for p in others):
        raise ScaffoldError(f"{rel} existe déjà : modifiez ce fichier, ou choisissez un autre identifiant")
    text = _TEMPLATES[kind](root, name)
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        with path.open("x", encoding="utf-8", newline="\n") as out:  # never overwrite, even in a race
            out.write(text)
    except FileExistsError:
        raise ScaffoldError(f"{rel} existe déjà : modifiez ce fichier, ou choisissez un autre identifiant") from None
    return path
