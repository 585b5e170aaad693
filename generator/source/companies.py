"""A company's rules across files: its cluster and labels exist, it meets each
label's eligibility, its dates agree; and its model."""

from __future__ import annotations

import datetime as dt
import unicodedata

from ..model import Award, Company, Eligibility, Referential, add_years
from .errors import Collector
from .messages import say
from .references import check_ref, check_region, provenances
from .spec import ApproxDay, Record


def _fold(text: str) -> str:
    """Accent- and case-blind text: « Logistique » matches « logistique »."""
    return "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c)).casefold()


def _eligible(rule: Eligibility, rec: Record) -> list[tuple[str, str, str]]:
    """The conditions of `rule` a company fails: (field, message, hint)."""
    failed = []
    quoted = lambda values: ", ".join(f"'{v}'" for v in values)  # noqa: E731
    if rule.regions and rec["region"] not in rule.regions:
        failed.append(("region", *say("hors_perimetre_region", value=rec["region"], allowed=quoted(rule.regions))))
    if rule.sector_words and not any(_fold(w) in _fold(rec["secteur"]) for w in rule.sector_words):
        failed.append(("secteur", *say("hors_champ_secteur", value=rec["secteur"],
                                       allowed=" ou ".join(f"« {w} »" for w in rule.sector_words))))
    if rule.clusters and rec["cluster"] not in rule.clusters:
        failed.append(("cluster", *say("hors_perimetre_cluster", value=rec["cluster"], allowed=quoted(rule.clusters))))
    return failed


def _award(a: Record, ref: Referential, collector: Collector) -> Award:
    """An award and what its dates allow to say. An expiry is a fact only
    when every input is: an exact date and a validity the guide gives (or an
    explicit `expire`). Otherwise it is an estimate or unknown, and the
    status is "à confirmer"."""
    raw = a["obtenu"]
    obtained = raw if isinstance(raw, dt.date) else None
    sources = provenances(a)
    marked = {name for name, p in sources if p.marked}
    expires = a.get("expire")
    estimated = "expire" in marked
    if expires is None and obtained is not None:
        expires = add_years(obtained, ref.label.validity_years)
        estimated = "obtenu" in marked or ref.label.prov("validite_ans").marked
    if expires is not None and obtained is not None and expires <= obtained:
        collector.error(a.pos("expire"), *say("expiration_avant_obtention", expires=expires.isoformat(),
                                              obtained=obtained.isoformat()))
    return Award(a["label"], a.get("niveau"), obtained, expires,
                 raw.text if isinstance(raw, ApproxDay) else None, a.get("detenu_en"), estimated, sources)


def company(slug: str, rec: Record, collector: Collector, clusters: set[str],
             labels: dict[str, Referential], broken_clusters: set[str] = frozenset(),
             broken_labels: set[str] = frozenset()) -> Company | None:
    start = len(collector.diagnostics)
    check_region(collector, rec.pos("region"), rec["region"])
    check_ref(collector, rec.pos("cluster"), "cluster", rec["cluster"], clusters, broken_clusters)
    awards: list[Award] = []
    seen: set[str] = set()
    complete = True
    for a in rec["labels"]:
        if not check_ref(collector, a.pos("label"), "label", a["label"], labels, broken_labels):
            complete = False
            continue
        ref = labels[a["label"]]
        if a["label"] in seen:
            collector.error(a.pos("label"), f"label '{a['label']}' listé deux fois",
                            "gardez une seule attribution par label (la plus récente)")
        seen.add(a["label"])
        if "niveau" in a:
            check_ref(collector, a.pos("niveau"), "niveau", a["niveau"], [lv.id for lv in ref.levels],
                 suffix=f" pour le label {ref.label.name}")
        rule = ref.label.eligibility
        for key, message, hint in (_eligible(rule, rec) if rule is not None else []):
            collector.error(rec.pos(key), *say("non_eligible", failure=message, label=ref.label.name, name=rec["nom"],
                                               text=rule.text, hint=hint))
        awards.append(_award(a, ref, collector))
    if len(collector.diagnostics) > start or not complete:
        return None
    return Company(slug, rec["nom"], rec.get("site"), rec["region"], rec["secteur"], rec["cluster"],
                   rec.get("description"), rec.get("exemple", False), tuple(sorted(awards, key=lambda w: w.label)),
                   provenances(rec))
