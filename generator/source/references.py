"""Checks of a value against the rest of the project: references to other
files, regions spelt as the map spells them, the provenance of marked values."""

from __future__ import annotations

from typing import Iterable

from ..model import Provenance
from ..regions import NATIONAL, closest_region, region_names
from .errors import Collector, Position, choices_hint
from .messages import say
from .spec import Record


def check_ref(collector: Collector, pos: Position, what: str, value: str, known: Iterable[str],
         broken: Iterable[str] = (), feminine: bool = False, suffix: str = "") -> bool:
    """Check a reference; one to an existing but invalid file fails silently
    (its own errors are reported where they are)."""
    known = list(known)
    if value in known:
        return True
    if value not in broken:
        unknown = "inconnue" if feminine else "inconnu"
        message, _ = say("reference_inconnue", what=what, unknown=unknown, value=value, suffix=suffix)
        collector.error(pos, message, choices_hint(value, known))
    return False


def check_region(collector: Collector, pos: Position, value: str) -> None:
    """A region spelt otherwise than the map's official name ('Ile-de-France')
    is an error: its clusters and companies would silently be left off the map
    and split the directory's region filter. Any other name is accepted and
    reported by the build as one the map cannot place (francemap.unplaced)."""
    if value in region_names() or value == NATIONAL:
        return
    official = closest_region(value)
    if official:
        collector.error(pos, f"région mal orthographiée '{value}'", f"écrivez '{official}' (orthographe officielle)")


def provenances(rec: Record) -> tuple[tuple[str, Provenance], ...]:
    """The provenance of a record's marked values, sorted by field."""
    return tuple((k, Provenance(*v)) for k, v in sorted(rec.sources.items()))
