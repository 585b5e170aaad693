"""France's regions as an inline SVG map, drawn at build time from shipped shapes.

The shapes (generator/geo/regions.json, Natural Earth, public domain: see
generator/geo/LICENCE.md) are in longitude/latitude; here they are projected
(equirectangular, scaled at France's mean latitude: at this size, nothing a
reader can tell from a conformal projection) into SVG coordinates. The five
overseas regions are drawn in insets under the mainland.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache

from ..regions import NATIONAL, OVERSEAS, region_names, shapes


# Mainland frame (degrees) and scale (SVG units per degree of latitude).
WEST, EAST, SOUTH, NORTH = -5.3, 9.9, 41.2, 51.2
SCALE = 56.0
COS = math.cos(math.radians(46.5))
INSET, GAP, MARGIN = 96.0, 12.0, 8.0


@dataclass(frozen=True)
class DrawnRegion:
    name: str
    path: str
    label: tuple[float, float]
    overseas: bool


@dataclass(frozen=True)
class Drawing:
    width: float
    height: float
    regions: tuple[DrawnRegion, ...]
    insets: tuple[tuple[str, float, float], ...]  # overseas name, x, y of its frame


def _path(rings: list[list[list[float]]], project) -> str:
    """Whole units (about a pixel where the map is drawn), relative moves: the
    map is inline in three pages, and half its weight was coordinates."""
    parts = []
    for ring in rings:
        points = [(round(x), round(y)) for x, y in (project(lon, lat) for lon, lat in ring)]
        points = [p for k, p in enumerate(points) if k == 0 or p != points[k - 1]]
        if len(points) < 3:
            continue
        steps = [f"{x - px},{y - py}" for (px, py), (x, y) in zip(points, points[1:])]
        parts.append(f"M{points[0][0]},{points[0][1]}l" + " ".join(steps) + "z")
    return "".join(parts)


@lru_cache(maxsize=1)
def drawing() -> Drawing:
    outlines = shapes()
    width = (EAST - WEST) * COS * SCALE
    height = (NORTH - SOUTH) * SCALE

    def mainland(lon: float, lat: float) -> tuple[float, float]:
        return (lon - WEST) * COS * SCALE, (NORTH - lat) * SCALE

    regions: list[DrawnRegion] = []
    for name, shape in outlines.items():
        if name in OVERSEAS:
            continue
        regions.append(DrawnRegion(name, _path(shape["rings"], mainland), mainland(*shape["label"]), False))

    # Insets: one square per overseas region, each scaled to fit its own frame.
    insets = []
    step = INSET + GAP
    left = (width - (len(OVERSEAS) * step - GAP)) / 2
    top = height + GAP
    for k, name in enumerate(OVERSEAS):
        shape = outlines[name]
        lons = [p[0] for r in shape["rings"] for p in r]
        lats = [p[1] for r in shape["rings"] for p in r]
        cos = math.cos(math.radians(sum(lats) / len(lats)))
        span = max((max(lons) - min(lons)) * cos, max(lats) - min(lats))
        k_scale = (INSET - 2 * MARGIN) / span
        x0, y0 = left + k * step, top
        cx, cy = (max(lons) + min(lons)) / 2, (max(lats) + min(lats)) / 2

        def project(lon, lat, cx=cx, cy=cy, cos=cos, s=k_scale, x0=x0, y0=y0):
            return x0 + INSET / 2 + (lon - cx) * cos * s, y0 + INSET / 2 - (lat - cy) * s

        regions.append(DrawnRegion(name, _path(shape["rings"], project), project(*shape["label"]), True))
        insets.append((name, x0, y0))
    return Drawing(round(width, 1), round(top + INSET + 18, 1), tuple(sorted(regions, key=lambda r: r.name)),
                   tuple(insets))


@dataclass
class RegionRow:
    companies: int = 0
    clusters: list = None  # type: ignore[assignment]
    level: int = 0  # 0 (none) to 4: the map's shade, from the company count

    def __post_init__(self):
        if self.clusters is None:
            self.clusters = []


def summarise(project) -> tuple[dict[str, RegionRow], RegionRow]:
    """Companies and clusters per region, in region order, and the national ones.

    Names are checked against the shapes when the project is validated
    (source/references.py): one that matches no region cannot reach this point.
    """
    rows = {name: RegionRow() for name in region_names()}
    national = RegionRow()
    # A region the map has no shape for still gets its row in the table (see unplaced()).
    for c in project.companies.values():
        (national if c.region == NATIONAL else rows.setdefault(c.region, RegionRow())).companies += 1
    for cl in sorted(project.clusters.values(), key=lambda c: c.name.casefold()):
        (national if cl.region == NATIONAL else rows.setdefault(cl.region, RegionRow())).clusters.append(cl)
    top = max((r.companies for r in rows.values()), default=0)
    for r in rows.values():
        r.level = 0 if not r.companies else 1 + min(3, (4 * (r.companies - 1)) // max(1, top))
    return rows, national


def unplaced(project) -> list[str]:
    """Region names of clusters, companies and fiches that the map cannot draw."""
    known = {*region_names(), NATIONAL}
    names = [x.region for group in (project.clusters, project.companies, project.fiches) for x in group.values()]
    return sorted({n for n in names if n not in known})
