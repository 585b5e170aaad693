"""The kinds of source files editors write, described once (see spec.py)."""

from __future__ import annotations

from ..model import STEPS
from .aggregates import FORMAT, MIN_THRESHOLD
from .spec import (
    DATE_RE, F, ApproxDate, Bool, Date, Email, Enum, Int, ListOf, MapOf, Number, Obj, Slug, Sourced, Str, Url,
)

CLUSTER_TYPES = ("cluster", "pôle de compétitivité", "pôle", "fédération professionnelle", "association")

CONTACT = Obj(title="Contact", fields={
    "nom": F(Str(max_len=120)),
    "fonction": F(Str(max_len=160), required=False),
    "telephone": F(Str(max_len=40, description="numéro tel que publié, entre guillemets"), required=False),
    "email": F(Email(), required=False),
})

# Fields wrapped in Sourced may be marked as an assumption or an addition from
# outside the guide (see schema.Sourced); every other value is the file's own.
CLUSTER = Obj(title="Cluster ou pôle", fields={
    "nom": F(Str(max_len=120, description="nom court du cluster")),
    "nom_complet": F(Sourced(Str(max_len=250)), required=False),
    "type": F(Sourced(Enum(values=CLUSTER_TYPES))),
    "region": F(Sourced(Str(max_len=80))),
    "secteur": F(Sourced(Str(max_len=160))),
    "membres": F(Sourced(Int(minimum=0, description="nombre de membres donné par le guide")), required=False),
    "membres_precision": F(Str(max_len=120), required=False),
    "site": F(Sourced(Url()), required=False),
    "description": F(Str(max_len=1500)),
    "contacts": F(ListOf(item=CONTACT), required=False),
})

FICHE = Obj(title="Fiche (en-tête YAML)", fields={
    "titre": F(Str(max_len=200, description="titre affiché de la fiche")),
    "resume": F(Str(max_len=400, description="une phrase de résumé")),
    "cluster": F(Slug("identifiant d'un fichier de data/clusters/")),
    "etapes": F(ListOf(item=Enum(values=tuple(STEPS)), min_items=1, unique=True)),
    "themes": F(ListOf(item=Slug("identifiant de data/themes.yml"), min_items=1, unique=True)),
    "region": F(Sourced(Str(max_len=80))),
    "secteur": F(Sourced(Str(max_len=160))),
    "referentiels": F(ListOf(item=Slug("identifiant d'un fichier de data/referentiels/"), unique=True), required=False),
})

GUIDE_PAGE = Obj(title="Page du guide (en-tête YAML)", fields={
    "etape": F(Enum(values=tuple(STEPS)), required=False),
    "title": F(Str(max_len=200), required=False),
    "description": F(Str(max_len=400), required=False),
    "hide": F(ListOf(item=Enum(values=("navigation", "toc", "footer", "path"))), required=False),
})

THEMES = MapOf(value=Str(max_len=80), description="identifiant: libellé")

OPTION = Obj(title="Option de réponse", fields={
    "valeur": F(Str(max_len=40, description="valeur enregistrée dans les réponses")),
    "libelle": F(Str(max_len=200)),
    "points": F(Number(minimum=0), required=False),
    "abstention": F(Bool(description="retire le critère du maximum (ne se prononce pas, non applicable)"), required=False),
})

CRITERE = Obj(title="Critère", fields={
    "id": F(Slug("identifiant unique dans le référentiel")),
    "texte": F(Str(max_len=600)),
    "aide": F(Str(max_len=1200), required=False),
    "conseil": F(Str(max_len=1200)),
    "fiches": F(ListOf(item=Slug(), unique=True), required=False),
    "echelle": F(Slug("nom d'une échelle définie sous 'echelles'"), required=False),
    "options": F(ListOf(item=OPTION, min_items=1), required=False),
})

THEME = Obj(title="Thème", fields={
    "id": F(Slug()),
    "titre": F(Str(max_len=200)),
    "poids": F(Number(minimum=0, exclusive_minimum=True), required=False),
    "criteres": F(ListOf(item=CRITERE, min_items=1)),
})

NIVEAU = Obj(title="Niveau", fields={
    "id": F(Slug()),
    "libelle": F(Str(max_len=80)),
    "seuil": F(Number(minimum=0)),
    "sur": F(Enum(values=("score", "pourcentage"))),
    "strict": F(Bool(), required=False),
    "indicatif": F(Bool(description="seuil non donné par le guide"), required=False),
})

ETAPE_LABEL = Obj(title="Étape de labellisation", fields={
    "titre": F(Str(max_len=200)),
    "description": F(Str(max_len=1200), required=False),
})

# Who a label is open to, as the guide states it. `texte` is the guide's
# sentence, quoted; the other keys are how `check` applies it to the directory
# (a company must meet every key given).
ELIGIBILITE = Obj(title="Conditions d'éligibilité", fields={
    "texte": F(Str(max_len=600, description="la règle telle que le guide l'écrit (citation exacte)")),
    "regions": F(Sourced(ListOf(item=Str(max_len=80), min_items=1, unique=True,
                                description="valeurs possibles du champ 'region' des entreprises")), required=False),
    "secteur_contient": F(Sourced(ListOf(item=Str(max_len=80), min_items=1, unique=True,
                                         description="le secteur de l'entreprise contient l'un de ces mots")),
                          required=False),
    "clusters": F(Sourced(ListOf(item=Slug("identifiant d'un fichier de data/clusters/"), min_items=1, unique=True,
                                 description="l'entreprise est membre de l'un de ces clusters")), required=False),
})

# Who evaluates a candidate and who awards the label are two facts: for 6PL an
# expert diagnoses and the pole awards; for ENR the CIRIDD evaluates and
# France IT awards.
LABEL = Obj(title="Label", fields={
    "nom": F(Str(max_len=80)),
    "certifie": F(Sourced(Str(max_len=1200))),
    "emetteur": F(Sourced(Str(max_len=200, description="qui délivre le label"))),
    "emetteur_cluster": F(Slug("identifiant du cluster qui délivre le label (data/clusters/)"), required=False),
    "evaluateur": F(Sourced(Str(max_len=300, description="qui évalue les candidats"))),
    "depuis": F(Sourced(Int(minimum=1900, maximum=2100)), required=False),
    "validite_ans": F(Sourced(Int(minimum=1, maximum=20))),
    "eligibilite": F(ELIGIBILITE, required=False),
    "processus": F(ListOf(item=ETAPE_LABEL, min_items=1)),
})

# A statement a page shows although the guide does not make it: always marked,
# always with its reason.
AJOUT = Obj(title="Ajout hors guide", fields={
    "texte": F(Str(max_len=600)),
    "provenance": F(Enum(values=("hypothese", "hors-guide"))),
    "raison": F(Str(max_len=400)),
})

REFERENTIEL = Obj(title="Référentiel d'auto-diagnostic", fields={
    "titre": F(Str(max_len=200)),
    "version": F(Str(max_len=40)),
    "description": F(Str(max_len=2000)),
    "illustratif": F(Bool(description="true si la grille n'est pas la grille officielle"), required=False),
    "source": F(Str(max_len=300), required=False),
    "fiches": F(ListOf(item=Slug(), unique=True), required=False),
    "echelles": F(MapOf(value=ListOf(item=OPTION, min_items=1)), required=False),
    "themes": F(ListOf(item=THEME, min_items=1)),
    "niveaux": F(ListOf(item=NIVEAU), required=False),
    "label": F(LABEL, required=False),
    "ajouts": F(ListOf(item=AJOUT, min_items=1), required=False),
})

ATTRIBUTION = Obj(title="Label obtenu", fields={
    "label": F(Slug("identifiant d'un référentiel qui a une section label")),
    "niveau": F(Slug("identifiant d'un niveau de ce label"), required=False),
    "obtenu": F(Sourced(ApproxDate(description="AAAA-MM-JJ"))),
    "detenu_en": F(Int(minimum=1900, maximum=2100, description="une année où la détention du label est attestée"),
                   required=False),
    "expire": F(Sourced(Date(description="AAAA-MM-JJ ; par défaut obtenu + validité du label")), required=False),
})

ENTREPRISE = Obj(title="Entreprise labellisée", fields={
    "nom": F(Str(max_len=160)),
    "site": F(Url(), required=False),
    "region": F(Sourced(Str(max_len=80))),
    "secteur": F(Sourced(Str(max_len=160))),
    "cluster": F(Slug("identifiant d'un fichier de data/clusters/")),
    "description": F(Str(max_len=1000), required=False),
    "exemple": F(Bool(description="entreprise fictive de démonstration"), required=False),
    "labels": F(ListOf(item=ATTRIBUTION, min_items=1)),
})

# A published benchmark: the anonymous aggregate the synthesis page exports
# (synthesis.aggregate_document), and who publishes it. The spec checks each
# value's type and range; source/syntheses.py checks the whole against the
# referential with synthesis.aggregate_problems, the engines' own rules.
DAY_HINT = "attendu une date AAAA-MM-JJ entre guillemets, par exemple '2026-07-01'"
PERCENT = Number(minimum=0, maximum=100, description="pourcentage, de 0 à 100")
COUNT = Int(minimum=0, description="nombre d'entreprises")
STATS = {
    "n": F(COUNT),
    **{k: F(PERCENT, required=False) for k in ("min", "q1", "mediane", "q3", "max", "moyenne")},
}
SYNTHESE = Obj(title="Synthèse publiée", fields={
    "cluster": F(Slug("identifiant du cluster qui publie la synthèse (data/clusters/)")),
    "exemple": F(Bool(description="synthèse fictive de démonstration"), required=False),
    "note": F(Str(max_len=600, description="d'où viennent ces chiffres, en une ou deux phrases"), required=False),
    "type": F(Enum(values=(FORMAT,))),
    "format": F(Int(minimum=1, maximum=1)),
    "referentiel": F(Slug("identifiant d'un fichier de data/referentiels/")),
    "version": F(Str(max_len=40, description="version du référentiel des exports agrégés")),
    "campagne": F(Obj(title="Campagne", fields={
        "id": F(Str(max_len=10, description="2026-S2, 2026-T4, 2026-11 ou 2026")),
        "libelle": F(Str(max_len=40)),
        "debut": F(Str(max_len=40, pattern=DATE_RE, pattern_hint=DAY_HINT)),
        "fin": F(Str(max_len=40, pattern=DATE_RE, pattern_hint=DAY_HINT)),
    })),
    "seuil": F(Int(minimum=MIN_THRESHOLD, description="seuil d'anonymat : au moins 5 entreprises")),
    "n": F(Int(minimum=MIN_THRESHOLD, description="nombre d'entreprises agrégées, au moins le seuil")),
    "complets": F(COUNT),
    "ensemble": F(Obj(title="Statistiques du score global", fields=STATS)),
    "themes": F(ListOf(item=Obj(title="Statistiques d'un thème", fields={"id": F(Slug()), **STATS}), min_items=1)),
    "niveaux": F(ListOf(item=Obj(title="Effectif d'un niveau", fields={"id": F(Slug()), "n": F(COUNT)}))),
    "sans_niveau": F(COUNT),
    "criteres_faibles": F(ListOf(item=Obj(title="Critère parmi les plus faibles", fields={
        "id": F(Slug()), "theme": F(Slug()), "n": F(COUNT), "part": F(PERCENT), "sans_reponse": F(COUNT),
    }))),
})

# name -> (spec, title naming the files it describes); schemas.py publishes each as schemas/<name>.schema.json
KINDS = {
    "cluster": (CLUSTER, "Cluster ou pôle (data/clusters/*.yml)"),
    "fiche": (FICHE, "En-tête d'une fiche (content/fiches/*.md)"),
    "referentiel": (REFERENTIEL, "Référentiel d'auto-diagnostic (data/referentiels/*.yml)"),
    "entreprise": (ENTREPRISE, "Entreprise labellisée (data/entreprises/*.yml)"),
    "themes": (THEMES, "Thèmes des fiches (data/themes.yml)"),
    "synthese": (SYNTHESE, "Synthèse publiée d'un cluster (data/syntheses/*.yml)"),
}
