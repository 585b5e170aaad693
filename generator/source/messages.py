"""The words of the messages that both the check and the company form say.

The form ("Proposer une entreprise") checks a company as its editor types, in
the browser; it receives these templates as data, so that its messages are the
check's own, word for word. A message is a template with `{named}` fields;
its hint is under the same key followed by `.conseil`.
"""

from __future__ import annotations

MESSAGES: dict[str, str] = {
    "texte_vide": "texte vide",
    "texte_vide.conseil": "écrivez une valeur ou supprimez la ligne si elle est facultative",
    "texte_trop_long": "texte trop long ({length} caractères, maximum {maximum})",
    "texte_trop_long.conseil": "raccourcissez ce texte ; le détail a sa place dans une fiche",
    "html_interdit": "HTML interdit dans ce champ de texte simple",
    "html_interdit.conseil": "retirez les balises < > et les entités &…; : ce texte est affiché tel quel",
    "javascript_interdit": "adresse « javascript: » interdite dans un texte",
    "javascript_interdit.conseil": ("retirez-la : seules les adresses http(s) sont acceptées, "
                                    "dans les champs prévus (site)"),
    "valeur_invalide": "valeur invalide '{value}'",
    "identifiant.conseil": ("un identifiant ne contient que des minuscules sans accent, des chiffres et des tirets "
                            "(ex. 'mon-cluster')"),
    "adresse_trop_longue": "adresse web trop longue ({length} caractères, maximum {maximum})",
    "adresse_trop_longue.conseil": "donnez l'adresse de la page d'accueil du site",
    "adresse_invalide": "adresse web invalide '{value}'",
    "adresse_invalide.conseil": "seules les adresses {allowed} sont acceptées, par exemple https://www.exemple.fr",
    "date_invalide": "date invalide '{value}'",
    "date_invalide.conseil": "attendu une date AAAA-MM-JJ, par exemple 2024-03-01",
    "date_impossible": "date impossible '{value}'",
    "date_impossible.conseil": "ce jour n'existe pas dans le calendrier : vérifiez le mois et le jour",
    "liste_trop_courte": "liste trop courte ({count} élément(s), minimum {minimum})",
    "liste_trop_courte.conseil": "cette liste doit contenir au moins {minimum} élément(s)",
    "reference_inconnue": "{what} {unknown} '{value}'{suffix}",
    "vouliez_vous_dire": "vouliez-vous dire '{close}' ?",
    "valeurs_possibles": "valeurs possibles : {shown}{more}",
    "expiration_avant_obtention": ("date d'expiration {expires} antérieure ou égale à l'obtention {obtained}"),
    "expiration_avant_obtention.conseil": "la date 'expire' doit suivre la date 'obtenu'",
    "caractere_invisible": "caractère invisible interdit ({char})",
    "caractere_invisible.conseil": ("supprimez-le : il vient souvent d'un copier-coller depuis un traitement de texte "
                                    "ou un PDF"),
    "hors_perimetre_region": "région '{value}' hors du périmètre du label",
    "hors_perimetre_region.conseil": "régions admises : {allowed}",
    "hors_champ_secteur": "secteur '{value}' hors du champ du label",
    "hors_champ_secteur.conseil": "le secteur doit contenir : {allowed}",
    "hors_perimetre_cluster": "cluster '{value}' hors du périmètre du label",
    "hors_perimetre_cluster.conseil": "clusters admis : {allowed}",
    "non_eligible": "{failure} {label} : {name} n'y est pas éligible",
    "non_eligible.conseil": "le guide : « {text} » ; {hint}. Corrigez l'entreprise ou retirez-lui ce label",
    "nom_de_fichier_invalide": "nom de fichier invalide '{name}'",
    "nom_de_fichier_invalide.conseil": ("un nom de fichier ne contient que des minuscules sans accent, des chiffres "
                                        "et des tirets, puis .yml ou .md"),
}


def say(key: str, **values: object) -> tuple[str, str]:
    """A message and its hint ('' when it has none), filled in."""
    hint = MESSAGES.get(f"{key}.conseil", "")
    return MESSAGES[key].format(**values), hint.format(**values)
