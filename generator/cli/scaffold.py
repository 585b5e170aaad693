"""`python -m generator new KIND NAME`: a valid, commented file to start from.

Editors copy what they see; a starting file that already passes `check`, and
that explains each key in a comment, is the shortest way to a correct file.
References (cluster, theme, label) point at entries that exist in the project,
so the new file validates as written; the editor then replaces the values.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from string import Template

import yaml
from yaml.nodes import MappingNode, ScalarNode

from ..source.aggregates import aggregate_problems
from ..source.layout import CONTENT, DATA, DATA_FOLDERS, STEP_PAGES, THEMES_FILE, Sources
from ..source.spec import SLUG_RE

KINDS = ("entreprise", "fiche", "cluster", "referentiel", "synthese")
MAX_EXPORT = 1_000_000  # characters: an aggregate is a few kilobytes
MAX_SLUG = 80


class ScaffoldError(Exception):
    """A file that cannot be created; the message is for the editor."""


STARTERS = Path(__file__).parent / "starters"


def _starter(kind: str, **values: str) -> str:
    suffix = ".md" if kind == "fiche" else ".yml"
    return Template((STARTERS / f"{kind}{suffix}").read_text(encoding="utf-8")).substitute(values)


def _mapping(path: Path) -> tuple[str, MappingNode | None]:
    """The file's text and its top-level mapping (None if it is not one)."""
    text = path.read_text(encoding="utf-8") if path.is_file() else ""
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError:
        return text, None
    return text, node if isinstance(node, MappingNode) else None


def _value(node: object, *keys: str) -> ScalarNode | MappingNode | None:
    for key in keys:
        if not isinstance(node, MappingNode):
            return None
        node = next((v for k, v in node.value if isinstance(k, ScalarNode) and k.value == key), None)
    return node


def _raw(text: str, node: MappingNode | None, key: str) -> str | None:
    """The YAML text of a top-level scalar `key`, quotes included, so it can be
    copied into another file as is."""
    value = _value(node, key)
    if not isinstance(value, ScalarNode) or value.style in ("|", ">"):
        return None
    return text[value.start_mark.index:value.end_mark.index]


def _title(name: str) -> str:
    words = name.replace("-", " ")
    return words[:1].upper() + words[1:]


def _stems(folder: Path) -> list[str]:
    return sorted(p.stem for p in folder.glob("*.yml") if SLUG_RE.match(p.stem)) if folder.is_dir() else []


def _first_cluster(sources: Sources, prefer: str | None = None) -> str:
    clusters = _stems(sources.root / DATA / DATA_FOLDERS["cluster"])
    if not clusters:
        raise ScaffoldError("aucun cluster dans data/clusters/ : créez-en un d'abord "
                            "(python -m generator new cluster NOM)")
    return prefer if prefer in clusters else clusters[0]


def _entreprise(sources: Sources, name: str) -> str:
    cluster = _first_cluster(sources)
    refs = sources.root / DATA / DATA_FOLDERS["referentiel"]
    found = {s: _mapping(refs / f"{s}.yml")[1] for s in _stems(refs)}
    labels = [s for s, node in found.items() if isinstance(_value(node, "label"), MappingNode)]
    # A label open to all first: the placeholder region and sector meet no eligibility rule.
    labels.sort(key=lambda s: _value(found[s], "label", "eligibilite") is not None)
    if not labels:
        raise ScaffoldError("aucun référentiel avec une section 'label' dans data/referentiels/ : "
                            "une entreprise de l'annuaire a au moins un label")
    region = _raw(*_mapping(sources.data_file("cluster", cluster)), "region") or '"À compléter"'
    return _starter("entreprise", name=name, title=_title(name), region=region, cluster=cluster, label=labels[0],
                    today=dt.date.today().isoformat())


def _fiche(sources: Sources, name: str) -> str:
    cluster = _first_cluster(sources, prefer=name)
    themes_node = _mapping(sources.root / THEMES_FILE)[1]
    themes = [k.value for k, _v in themes_node.value if isinstance(k, ScalarNode) and SLUG_RE.match(k.value)] \
        if themes_node is not None else []
    if not themes:
        raise ScaffoldError("aucun thème dans data/themes.yml : une fiche a au moins un thème")
    cluster_text, cluster_node = _mapping(sources.data_file("cluster", cluster))
    guide = STEP_PAGES["mobilisation"]
    link = (f"\nLe guide situe cette démarche à l'[étape 1, mobilisation et sensibilisation](../{guide}).\n"
            if (sources.root / CONTENT / guide).is_file() else "")
    return _starter("fiche", title=_title(name), cluster=cluster, theme=themes[0],
                    region=_raw(cluster_text, cluster_node, "region") or '"À compléter"',
                    secteur=_raw(cluster_text, cluster_node, "secteur") or '"À compléter"', link=link)


def _cluster(sources: Sources, name: str) -> str:
    return _starter("cluster", name=name, title=_title(name))


def _referentiel(sources: Sources, name: str) -> str:
    return _starter("referentiel", title=_title(name))


def synthese_text(doc: dict, cluster: str, name: str, example: bool = False, note: str | None = None) -> str:
    """A published benchmark's file: the aggregate the synthesis page exports, and who publishes it."""
    head: dict = {"cluster": cluster}
    if example:
        head["exemple"] = True
    if note:
        head["note"] = note
    body = yaml.safe_dump({**head, **doc}, allow_unicode=True, sort_keys=False, width=120, default_flow_style=None)
    campaign = doc.get("campagne") or {}
    return _starter("synthese", name=name, cluster=cluster, referentiel=doc.get("referentiel", ""),
                    campagne=campaign.get("libelle", ""), body=body.rstrip("\n"))


def _read_export(path: Path) -> dict:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise ScaffoldError(f"lecture impossible de {path} : {getattr(exc, 'strerror', None) or exc}") from None
    if len(text) > MAX_EXPORT:
        raise ScaffoldError(f"{path} : fichier trop volumineux pour une synthèse (plus de {MAX_EXPORT} caractères)")
    try:
        doc = json.loads(text)
    except (json.JSONDecodeError, RecursionError, ValueError) as exc:
        raise ScaffoldError(f"{path} : JSON invalide ({exc}) ; exportez la synthèse en JSON depuis sa page") from None
    problems = aggregate_problems(doc)
    if problems:
        listed = " ; ".join(f"{'.'.join(map(str, p)) or 'document'} : {m}" for p, m in problems[:3])
        raise ScaffoldError(f"{path} n'est pas une synthèse publiable : {listed}")
    return doc


def _synthese(sources: Sources, name: str, export: Path | None = None) -> str:
    if export is None:
        raise ScaffoldError("une synthèse se crée à partir de son export : python -m generator new synthese "
                            "<cluster>-<référentiel>-<année> --depuis synthese.json (le fichier exporté en JSON depuis "
                            "la page « Synthèse » de l'auto-diagnostic)")
    doc = _read_export(export)
    campaign = str(doc["campagne"]["id"])
    suffixes = (f"-{doc['referentiel']}-{campaign[:4]}", f"-{doc['referentiel']}-{campaign.lower()}")
    cluster = next((name[:-len(s)] for s in suffixes if name.endswith(s)), "")
    if cluster not in _stems(sources.root / DATA / DATA_FOLDERS["cluster"]):
        raise ScaffoldError(f"nom '{name}' : attendu <cluster>-{doc['referentiel']}-{campaign[:4]}, où <cluster> est "
                            "un fichier de data/clusters/ (le cluster qui publie la synthèse)")
    return synthese_text(doc, cluster, name)


_TEMPLATES = {"entreprise": _entreprise, "fiche": _fiche, "cluster": _cluster, "referentiel": _referentiel}


def new_file(root: Path, kind: str, name: str, export: Path | None = None) -> Path:
    """Create the starting file of `kind` named `name` (a synthesis from its `export`); returns its path."""
    if kind not in KINDS:
        raise ScaffoldError(f"type inconnu '{kind}' (possibles : {', '.join(KINDS)})")
    if not SLUG_RE.match(name) or len(name) > MAX_SLUG:
        raise ScaffoldError(f"identifiant invalide '{name}' : minuscules sans accent, chiffres et tirets "
                            f"uniquement, {MAX_SLUG} caractères au plus (par exemple : mon-entreprise)")
    sources = Sources(root)
    path = sources.data_file(kind, name)
    rel = path.relative_to(root).as_posix()
    others = [path, path.with_suffix(".yaml")] if path.suffix == ".yml" else [path]
    if any(p.exists() or p.is_symlink() for p in others):
        raise ScaffoldError(f"{rel} existe déjà : modifiez ce fichier, ou choisissez un autre identifiant")
    text = _synthese(sources, name, export) if kind == "synthese" else _TEMPLATES[kind](sources, name)
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        with path.open("x", encoding="utf-8", newline="\n") as out:  # never overwrite, even in a race
            out.write(text)
    except FileExistsError:
        raise ScaffoldError(f"{rel} existe déjà : modifiez ce fichier, ou choisissez un autre identifiant") from None
    return path
