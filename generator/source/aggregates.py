"""A cluster synthesis's published form: its campaigns and the checks of an aggregate.

The synthesis page (synthesis-core.js) and generator/synthesis.py compute the
anonymous aggregate; this module says what a valid one is, with the same
checks, messages and paths as synthesis-core.js's aggregateProblems (tests
require both to agree). It is a source check too: data/syntheses/*.yml are
published aggregates (source/syntheses.py), so it sits in the source stage.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Mapping

from ..model import Referential
from .errors import clipped

FORMAT = "synthese-autodiagnostic"
FORMAT_VERSION = 1
DEFAULT_THRESHOLD = 5
MIN_THRESHOLD = 5
PERIODS = ("annee", "semestre", "trimestre", "mois")
STAT_KEYS = ("min", "q1", "mediane", "q3", "max")

_MONTHS = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
           "novembre", "décembre")
_SPAN = {"annee": 12, "semestre": 6, "trimestre": 3, "mois": 1}
_CAMPAIGN_ID = re.compile(r"([1-9]\d{3})(?:-S([12])|-T([1-4])|-(0[1-9]|1[0-2]))?")

Path = tuple[str | int, ...]
Problem = tuple[Path, str]


def _ordinal(i: int) -> str:
    return "1er" if i == 1 else f"{i}e"


def _campaign(period: str, year: int, index: int) -> dict:
    first = (index - 1) * _SPAN[period]
    last = first + _SPAN[period] - 1
    leap = year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)
    last_day = (29 if leap else 28) if last == 1 else 30 if last in (3, 5, 8, 10) else 31
    y = f"{year:04d}"
    ident = {"annee": y, "semestre": f"{y}-S{index}", "trimestre": f"{y}-T{index}", "mois": f"{y}-{index:02d}"}[period]
    label = {"annee": y, "semestre": f"{_ordinal(index)} semestre {y}", "trimestre": f"{_ordinal(index)} trimestre {y}",
             "mois": f"{_MONTHS[first]} {y}"}[period]
    return {"id": ident, "libelle": label, "debut": f"{y}-{first + 1:02d}-01",
            "fin": f"{y}-{last + 1:02d}-{last_day:02d}"}


def _utc(moment: dt.datetime | dt.date | str) -> dt.datetime:
    if isinstance(moment, str):
        moment = dt.datetime.fromisoformat(moment)
    if not isinstance(moment, dt.datetime):
        moment = dt.datetime(moment.year, moment.month, moment.day)
    return moment.replace(tzinfo=dt.timezone.utc) if moment.tzinfo is None else moment.astimezone(dt.timezone.utc)


def campaign_of(moment: dt.datetime | dt.date | str, period: str = "semestre") -> dict:
    """The campaign an export of `moment` (naive means UTC) belongs to."""
    if period not in PERIODS:
        raise ValueError(f"period: one of {', '.join(PERIODS)}")
    utc = _utc(moment)
    return _campaign(period, utc.year, (utc.month - 1) // _SPAN[period] + 1)


def campaign_from_id(ident: object) -> dict | None:
    """The campaign an id such as "2026-S2", "2026-T4", "2026-11" or "2026" names, or None."""
    m = _CAMPAIGN_ID.fullmatch(ident) if isinstance(ident, str) else None
    if not m:
        return None
    year = int(m[1])
    if m[2]:
        return _campaign("semestre", year, int(m[2]))
    if m[3]:
        return _campaign("trimestre", year, int(m[3]))
    if m[4]:
        return _campaign("mois", year, int(m[4]))
    return _campaign("annee", year, 1)



def _number(x: object) -> bool:
    return isinstance(x, (int, float)) and not isinstance(x, bool) and math.isfinite(x)


def _count(x: object) -> bool:
    """A non-negative integer, as JavaScript's Number.isInteger sees it (JSON's 14.0 is 14 there)."""
    return _number(x) and float(x).is_integer() and x >= 0


def _shown(x: object) -> str:
    if isinstance(x, str):
        return f"« {clipped(x)} »"
    if _number(x):
        return _js_number(x)
    return "absent"


def _js_number(x: float) -> str:
    """A number as JavaScript's String() writes it, so both engines say the same."""
    if isinstance(x, int):
        return str(x)
    if x.is_integer() and abs(x) < 1e21:
        return str(int(x))
    text = repr(x)
    if "e" not in text:
        return text
    mantissa, exponent = text.split("e")
    e = int(exponent)
    if e > -7:  # JavaScript writes 1e-5 and 1e-6 out in full; Python does not
        return format(Decimal(text), "f")
    return f"{mantissa}e-{-e}"


@dataclass
class _Problems:
    """The problems found so far in one aggregate, and the bounds its counts are checked against."""

    ref: Referential | None
    found: list[Problem] = field(default_factory=list)
    n: int = 0
    seuil: int = MIN_THRESHOLD

    def add(self, path: Path, message: str) -> None:
        self.found.append((path, message))


def aggregate_problems(doc: object, ref: Referential | None = None,
                       threshold: int = DEFAULT_THRESHOLD) -> list[Problem]:
    """What makes an aggregate unusable or inconsistent: (path in the document, French message) pairs.

    The same checks, messages and paths as synthesis-core.js's aggregateProblems.
    `ref` None skips the checks against the referential.
    """
    if not isinstance(doc, Mapping):
        return [((), "la synthèse doit être un objet { … }")]
    p = _Problems(ref)
    _check_head(p, doc)
    _check_campaign(p, doc.get("campagne"))
    if not _check_counts(p, doc, threshold):
        return p.found
    _check_stats(p, ("ensemble",), doc.get("ensemble"))
    _check_themes(p, doc.get("themes"))
    _check_levels(p, doc)
    _check_weakest(p, doc.get("criteres_faibles"))
    return p.found


def _check_head(p: _Problems, doc: Mapping) -> None:
    if doc.get("type") != FORMAT:
        p.add(("type",), f"ce n'est pas une synthèse d'auto-diagnostics (type {_shown(doc.get('type'))}, "
                         f"attendu « {FORMAT} »)")
    if not _count(doc.get("format")) or doc.get("format") != FORMAT_VERSION:
        p.add(("format",), f"format {_shown(doc.get('format'))} non pris en charge (attendu {FORMAT_VERSION})")
    ref = p.ref
    if ref is not None:
        if doc.get("referentiel") != ref.id:
            p.add(("referentiel",),
                  f"synthèse du référentiel {_shown(doc.get('referentiel'))}, attendu « {ref.id} »")
        elif doc.get("version") != ref.version:
            p.add(("version",), f"synthèse établie sur la version {_shown(doc.get('version'))} du référentiel "
                                f"« {ref.id} », qui est en version {ref.version}")


def _check_campaign(p: _Problems, campaign: object) -> None:
    expected = campaign_from_id(campaign.get("id")) if isinstance(campaign, Mapping) else None
    if expected is None:
        p.add(("campagne",), "campagne absente ou illisible (attendu un identifiant comme « 2026-S2 », "
                             "« 2026-T4 », « 2026-11 » ou « 2026 »)")
        return
    for k in ("libelle", "debut", "fin"):
        if campaign.get(k) != expected[k]:
            p.add(("campagne", k), f"{_shown(campaign.get(k))} ne correspond pas à la campagne {expected['id']} "
                                   f"(attendu « {expected[k]} »)")


def _check_counts(p: _Problems, doc: Mapping, threshold: int) -> bool:
    """The threshold, n and the complete count; False when n is unreadable (nothing else can be checked)."""
    floor = max(threshold, MIN_THRESHOLD)
    seuil_ok = _count(doc.get("seuil")) and doc["seuil"] >= floor
    if not seuil_ok:
        p.add(("seuil",), f"seuil d'anonymat {_shown(doc.get('seuil'))} : au moins {floor} entreprises")
    p.seuil = doc["seuil"] if seuil_ok else floor
    n = doc.get("n")
    if not _count(n):
        p.add(("n",), f"nombre d'entreprises {_shown(n)} : attendu un entier positif")
        return False
    p.n = n
    if n < p.seuil:
        p.add(("n",), f"n = {n} : une synthèse compte au moins {p.seuil} entreprises (seuil d'anonymat)")
    complets = doc.get("complets")
    if not _count(complets) or complets > n:
        p.add(("complets",), f"diagnostics complets {_shown(complets)} : attendu un entier entre 0 et n = {n}")
    return True


def _check_stats(p: _Problems, path: Path, s: object) -> None:
    n, seuil = p.n, p.seuil
    if not isinstance(s, Mapping):
        p.add(path, "statistiques absentes")
        return
    if not _count(s.get("n")) or s["n"] > n:
        p.add((*path, "n"), f"effectif {_shown(s.get('n'))} : attendu un entier entre 0 et n = {n}")
        return
    present = [k for k in (*STAT_KEYS, "moyenne") if k in s]
    if s["n"] < seuil:
        if present:
            p.add((*path, present[0]),
                  f"statistiques d'un effectif de {s['n']}, sous le seuil d'anonymat ({seuil}) : à retirer")
        return
    previous, previous_key = 0, None
    for k in STAT_KEYS:
        v = s.get(k)
        if not _number(v):
            p.add((*path, k), f"{k} {_shown(v)} : attendu un nombre")
            return
        if v < previous or v > 100:
            p.add((*path, k), f"{k} = {_js_number(v)} : attendu entre {previous_key} ({_js_number(previous)}) et 100"
                  if previous_key else f"{k} = {_js_number(v)} : attendu entre 0 et 100")
            return
        previous, previous_key = v, k
    mean = s.get("moyenne")
    if not _number(mean) or mean < s["min"] or mean > s["max"]:
        p.add((*path, "moyenne"), f"moyenne {_shown(mean)} : attendu un nombre entre min ({_js_number(s['min'])}) "
                                  f"et max ({_js_number(s['max'])})")


def _check_ids(p: _Problems, key: str, items: list, known: list[str] | None, noun: str) -> None:
    """Each item's id is one of the referential's, once; each of the referential's is there."""
    seen: set[str] = set()
    for i, item in enumerate(items):
        ident = item.get("id") if isinstance(item, Mapping) else None
        if not isinstance(ident, str) or (known is not None and ident not in known):
            where = f" dans le référentiel « {p.ref.id} »" if p.ref else ""
            p.add((key, i, "id"), f"{noun} inconnu {_shown(ident)}{where}")
        elif ident in seen:
            p.add((key, i, "id"), f"{noun} {_shown(ident)} en double")
        else:
            seen.add(ident)
    for ident in known or ():
        if ident not in seen:
            p.add((key,), f"{noun} « {ident} » absent")


def _check_themes(p: _Problems, themes: object) -> None:
    if not isinstance(themes, list):
        p.add(("themes",), "liste des thèmes absente")
        return
    _check_ids(p, "themes", themes, [t.id for t in p.ref.themes] if p.ref is not None else None, "thème")
    for i, t in enumerate(themes):
        _check_stats(p, ("themes", i), t)


def _check_levels(p: _Problems, doc: Mapping) -> None:
    levels, n = doc.get("niveaux"), p.n
    if not isinstance(levels, list):
        p.add(("niveaux",), "répartition des niveaux absente")
        return
    total, counts_ok = 0, _count(doc.get("sans_niveau"))
    _check_ids(p, "niveaux", levels, [lv.id for lv in p.ref.levels] if p.ref is not None else None, "niveau")
    for i, lv in enumerate(levels):
        count = lv.get("n") if isinstance(lv, Mapping) else None
        if not _count(count):
            p.add(("niveaux", i, "n"), f"effectif {_shown(count)} : attendu un entier positif")
            counts_ok = False
        else:
            total += count
    none = doc.get("sans_niveau")
    if not _count(none):
        p.add(("sans_niveau",), f"{_shown(none)} : attendu un entier positif")
    elif counts_ok and total + none != n:
        p.add(("niveaux",),
              f"les effectifs des niveaux ({total}) et sans niveau ({none}) font {total + none}, pas n = {n}")


def _check_weakest(p: _Problems, weakest: object) -> None:
    if not isinstance(weakest, list):
        p.add(("criteres_faibles",), "liste des critères les plus faibles absente")
        return
    theme_of = {c.id: t.id for t in p.ref.themes for c in t.criteria} if p.ref is not None else {}
    previous = -math.inf
    for i, c in enumerate(weakest):
        if not isinstance(c, Mapping):
            p.add(("criteres_faibles", i), "critère illisible")
            continue
        _check_weak_criterion(p, i, c, theme_of)
        part = c.get("part")
        if not _number(part) or part < 0 or part > 100:
            p.add(("criteres_faibles", i, "part"), f"part {_shown(part)} : attendu un pourcentage entre 0 et 100")
        elif part < previous:
            p.add(("criteres_faibles", i, "part"), f"part {_js_number(part)} : les critères vont du plus faible au "
                                                   f"moins faible (précédent : {_js_number(previous)})")
        else:
            previous = part
        blanks, count = c.get("sans_reponse"), c.get("n")
        if not _count(blanks) or (_count(count) and blanks > count):
            p.add(("criteres_faibles", i, "sans_reponse"),
                  f"{_shown(blanks)} : attendu un entier entre 0 et l'effectif")


def _check_weak_criterion(p: _Problems, i: int, c: Mapping, theme_of: dict[str, str]) -> None:
    """A weakest criterion's id and theme against the referential, and its count against the bounds."""
    ident = c.get("id")
    if p.ref is not None and (not isinstance(ident, str) or ident not in theme_of):
        p.add(("criteres_faibles", i, "id"), f"critère inconnu {_shown(ident)}")
    elif p.ref is not None and c.get("theme") != theme_of[ident]:
        p.add(("criteres_faibles", i, "theme"),
              f"le critère « {ident} » est du thème « {theme_of[ident]} », pas {_shown(c.get('theme'))}")
    count = c.get("n")
    if not _count(count) or count > p.n or count < p.seuil:
        p.add(("criteres_faibles", i, "n"),
              f"effectif {_shown(count)} : attendu un entier entre le seuil ({p.seuil}) et n = {p.n}")
