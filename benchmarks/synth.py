"""Synthetic project copies for the benchmarks.

`make_copy(dest, companies=N, fiches=M, seed=S)` copies the project's inputs
(content/, data/, overrides/, mkdocs.yml) into `dest`, then adds N fictitious
companies in the real `data/entreprises/<slug>.yml` format and, optionally, M
extra fiches (`content/fiches/synth-<n>.md`). The output is deterministic for a
given seed and passes `python -m generator --root DEST check`. The generator
package itself is not copied: it is imported from the repository.

Command line (prints the folder it wrote):

    python benchmarks/synth.py --companies 500 --fiches 20 --dest /tmp/rse-synth
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import shutil
import sys
import tempfile
import unicodedata
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parent.parent
COPIED_DIRS = ("content", "data", "overrides")
COPIED_FILES = ("mkdocs.yml",)

REGIONS = (
    "Auvergne-Rhône-Alpes", "Bourgogne-Franche-Comté", "Bretagne", "Centre-Val de Loire", "Corse", "Grand Est",
    "Hauts-de-France", "Île-de-France", "Normandie", "Nouvelle-Aquitaine", "Occitanie", "Pays de la Loire",
    "Provence-Alpes-Côte d'Azur", "National",
)
SECTORS = (
    "Agroalimentaire", "Logistique", "Transport et logistique", "Numérique", "Services numériques",
    "Édition de logiciels", "Énergie solaire", "Traitement de l'eau", "Mécatronique", "Décolletage",
    "Cosmétique bio", "Semences", "Horticulture et pépinière", "Sports nautiques", "Équipement outdoor",
    "Textile technique", "Chimie verte", "Bâtiment durable", "Économie circulaire", "Conseil en RSE",
)
PREFIXES = (
    "Atelier", "Ateliers", "Biscuiterie", "Conserverie", "Entrepôts", "Huilerie", "Laboratoire", "Messageries",
    "Pépinières", "Savonnerie", "Tisanerie", "Vergers", "Transports", "Fonderie", "Brasserie", "Menuiserie",
    "Imprimerie", "Filature", "Verrerie", "Tuilerie", "Coopérative", "Studio", "Groupe", "Maison",
)
SYLLABLES = (
    "al", "ar", "bel", "bri", "cas", "cel", "dra", "fel", "gar", "hol", "ir", "lan", "lor", "mar", "mel", "nor",
    "or", "pra", "quel", "ris", "sal", "sor", "tal", "tri", "val", "ver", "zal", "ou", "an", "ys", "ine", "ac",
)
SUFFIXES = ("", "", " Industrie", " Solutions", " Conseil", " Services", " Ingénierie", " et Fils", " Frères")
ACTIVITIES = (
    "conçoit des équipements", "fabrique des composants", "transforme des produits locaux",
    "développe des logiciels", "organise des flux logistiques", "accompagne des collectivités",
    "recycle des matériaux", "forme des techniciens", "distribue des produits biologiques",
)
CLIENTS = (
    "pour l'industrie", "pour les collectivités", "pour la grande distribution", "pour les PME de sa région",
    "pour le secteur de la santé", "pour les sports de glisse", "pour le bâtiment",
)
COMMITMENTS = (
    "réduction de ses consommations d'énergie", "achats responsables", "qualité de vie au travail",
    "économie circulaire", "mobilité durable de ses salariés", "insertion professionnelle",
    "écoconception de ses produits", "gouvernance partagée",
)

STEPS = ("mobilisation", "accompagnement", "valorisation")
FIRST_DAY = dt.date(2017, 1, 1)
LAST_DAY = dt.date(2026, 10, 31)


def slugify(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").lower()
    out, dash = [], False
    for ch in ascii_text:
        if ch.isalnum():
            out.append(ch)
            dash = False
        elif not dash and out:
            out.append("-")
            dash = True
    return "".join(out).strip("-")


def q(text: str) -> str:
    """A YAML double-quoted scalar (JSON strings are valid YAML)."""
    return json.dumps(text, ensure_ascii=False)


def project_ids(root: Path) -> dict:
    """Cluster ids, labels (with level ids and validity) and theme ids of a project folder."""
    clusters = sorted(p.stem for p in (root / "data" / "clusters").glob("*.yml"))
    labels = {}
    for path in sorted((root / "data" / "referentiels").glob("*.yml")):
        doc = yaml.safe_load(path.read_text(encoding="utf-8"))
        if isinstance(doc, dict) and doc.get("label"):
            labels[path.stem] = {
                "levels": [str(n["id"]) for n in doc.get("niveaux") or []],
                # A marked value is a mapping ({valeur, provenance, raison}): see schema.Sourced.
                "validity": int(v["valeur"] if isinstance(v := doc["label"]["validite_ans"], dict) else v),
                "eligibility": _plain(doc["label"].get("eligibilite") or {}),
            }
    themes = sorted(yaml.safe_load((root / "data" / "themes.yml").read_text(encoding="utf-8")))
    existing = set()
    for path in (root / "data" / "entreprises").glob("*.y*ml"):
        doc = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        existing.add(" ".join(str(doc.get("nom", "")).casefold().split()))
    return {"clusters": clusters, "labels": labels, "themes": themes, "names": existing,
            "slugs": {p.stem for p in (root / "data" / "entreprises").glob("*.y*ml")}}


def _plain(rule: dict) -> dict:
    """An eligibility rule with its marked values ({valeur, provenance, raison}) unwrapped."""
    return {k: (v["valeur"] if isinstance(v, dict) else v) for k, v in rule.items()}


def _fold(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c)).casefold()


def eligible(rule: dict, region: str, sector: str, cluster: str) -> bool:
    """The company meets the label's eligibility (the generator's own rule, validate._eligible)."""
    return ((not rule.get("regions") or region in rule["regions"])
            and (not rule.get("secteur_contient") or any(_fold(w) in _fold(sector) for w in rule["secteur_contient"]))
            and (not rule.get("clusters") or cluster in rule["clusters"]))


def _random_day(rng: random.Random) -> dt.date:
    return FIRST_DAY + dt.timedelta(days=rng.randrange((LAST_DAY - FIRST_DAY).days))


def _name(rng: random.Random) -> str:
    root = "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 3)))
    return f"{rng.choice(PREFIXES)} {root.capitalize()}{rng.choice(SUFFIXES)}"


def company_yaml(rng: random.Random, name: str, slug: str, ids: dict) -> str:
    region, sector, cluster = rng.choice(REGIONS), rng.choice(SECTORS), rng.choice(ids["clusters"])
    labels = {k: v for k, v in ids["labels"].items() if eligible(v["eligibility"], region, sector, cluster)}
    lines = [
        "# yaml-language-server: $schema=../../schemas/entreprise.schema.json",
        "# Synthetic company written by benchmarks/synth.py.",
        f"nom: {q(name)}",
        f"site: https://{slug}.example",
        f"region: {q(region)}",
        f"secteur: {q(sector)}",
        f"cluster: {cluster}",
        "description: " + q(
            f"Entreprise fictive générée pour les mesures de performance. {name} {rng.choice(ACTIVITIES)} "
            f"{rng.choice(CLIENTS)} et s'engage sur {rng.choice(COMMITMENTS)} et {rng.choice(COMMITMENTS)}."),
        "exemple: true",
        "labels:",
    ]
    count = rng.choices((1, 2, 3), weights=(70, 25, 5))[0]
    for label_id in sorted(rng.sample(sorted(labels), min(count, len(labels)))):
        info = labels[label_id]
        obtained = _random_day(rng)
        lines.append(f"  - label: {label_id}")
        if info["levels"] and rng.random() < 0.85:
            lines.append(f"    niveau: {rng.choice(info['levels'])}")
        lines.append(f"    obtenu: {obtained.isoformat()}")
        if rng.random() < 0.3:  # an explicit expiry date, always after `obtenu`
            lines.append(f"    expire: {(obtained + dt.timedelta(days=rng.randint(180, 5 * 365))).isoformat()}")
    return "\n".join(lines) + "\n"


def fiche_markdown(rng: random.Random, n: int, ids: dict) -> str:
    steps = sorted(rng.sample(STEPS, rng.randint(1, 3)), key=STEPS.index)
    themes = rng.sample(ids["themes"], rng.randint(1, 4))
    cluster = rng.choice(ids["clusters"])
    front = [
        "---",
        f"titre: {q(f'Fiche synthétique {n} : une démarche RSE collective')}",
        "resume: " + q(f"Fiche générée pour les mesures de performance (numéro {n}) : "
                       "un cluster anime une démarche RSE avec ses adhérents."),
        f"cluster: {cluster}",
        f"etapes: [{', '.join(steps)}]",
        f"themes: [{', '.join(themes)}]",
        f"region: {q(rng.choice(REGIONS))}",
        f"secteur: {q(rng.choice(SECTORS))}",
        "---",
    ]
    body = []
    for section in range(1, 4):
        body.append(f"## Partie {section}\n")
        for _ in range(2):
            body.append(
                f"Le cluster mobilise ses adhérents autour de la {rng.choice(COMMITMENTS)}. "
                f"Chaque entreprise {rng.choice(ACTIVITIES)} {rng.choice(CLIENTS)} et partage ses pratiques "
                "lors de rencontres régulières ; un comité de pilotage suit les indicateurs "
                "et publie un bilan annuel.\n")
        body.append("- " + "\n- ".join(rng.sample(COMMITMENTS, 3)) + "\n")
    return "\n".join(front) + "\n" + "\n".join(body)


def copy_inputs(dest: Path, source: Path = REPO) -> Path:
    dest.mkdir(parents=True, exist_ok=True)
    for name in COPIED_DIRS:
        shutil.copytree(source / name, dest / name, dirs_exist_ok=True)
    for name in COPIED_FILES:
        shutil.copy2(source / name, dest / name)
    return dest


def make_copy(dest: Path, companies: int = 10_000, fiches: int = 0, seed: int = 2026, source: Path = REPO) -> dict:
    """Copy the project into `dest` and add synthetic companies and fiches; returns counts."""
    copy_inputs(dest, source)
    ids = project_ids(dest)
    rng = random.Random(seed)
    names, slugs = set(ids["names"]), set(ids["slugs"])
    folder = dest / "data" / "entreprises"
    written = 0
    while written < companies:
        name = _name(rng)
        if " ".join(name.casefold().split()) in names:
            name = f"{name} {written + 1}"  # still deterministic, and unique
        key = " ".join(name.casefold().split())
        slug = slugify(name)
        if key in names or slug in slugs:
            continue
        names.add(key)
        slugs.add(slug)
        (folder / f"{slug}.yml").write_text(company_yaml(rng, name, slug, ids), encoding="utf-8")
        written += 1
    for n in range(1, fiches + 1):
        (dest / "content" / "fiches" / f"synth-{n}.md").write_text(fiche_markdown(rng, n, ids), encoding="utf-8")
    return {"companies_synthetic": companies, "companies_total": len(slugs), "fiches_synthetic": fiches}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--companies", type=int, default=10_000)
    parser.add_argument("--fiches", type=int, default=0, help="extra fiches content/fiches/synth-<n>.md")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--dest", type=Path, default=None, help="target folder (default: a new temporary folder)")
    args = parser.parse_args(argv)
    dest = args.dest or Path(tempfile.mkdtemp(prefix="rse-synth-"))
    if dest.exists() and any(dest.iterdir()):
        parser.error(f"{dest} exists and is not empty")
    counts = make_copy(dest, args.companies, args.fiches, args.seed)
    print(f"{dest}  ({counts['companies_total']} companies, of which {counts['companies_synthetic']} synthetic; "
          f"{counts['fiches_synthetic']} extra fiches)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
