"""France's regions: their official names, for the sources' rules and the map.

One vocabulary with the map's shapes (generator/geo/regions.json, Natural
Earth, public domain: see generator/geo/LICENCE.md): a region the checks
accept is a region the map can draw.
"""

from __future__ import annotations

import json
import unicodedata
from functools import lru_cache
from pathlib import Path

SHAPES = Path(__file__).parent / "geo" / "regions.json"
# A region value that is no region: the cluster works across France.
NATIONAL = "National"
OVERSEAS = ("Guadeloupe", "Martinique", "Guyane", "La Réunion", "Mayotte")


@lru_cache(maxsize=1)
def shapes() -> dict[str, dict]:
    return json.loads(SHAPES.read_text(encoding="utf-8"))["regions"]


def region_names() -> list[str]:
    """The regions the map can draw, official spelling."""
    return sorted(shapes())


def fold(name: str) -> str:
    """A name without case, accents, hyphens or apostrophes: 'ile de france'."""
    text = unicodedata.normalize("NFKD", name.casefold())
    text = "".join(c for c in text if not unicodedata.combining(c))
    return " ".join(text.replace("-", " ").replace("'", " ").replace("\u2019", " ").split())


def closest_region(name: str) -> str | None:
    """The official name a misspelt region stands for ('Ile-de-France'), if any."""
    folded = {fold(n): n for n in shapes()}
    return folded.get(fold(name))
