"""Label statuses and expiry dates: the rule the build and the browser share."""

from __future__ import annotations

import datetime as dt

import pytest

from generator.model import SOON_DAYS, Award, add_years
from generator.source.project import load_project
from tests.conftest import ROOT, copy_project

D = dt.date
EXPIRES = D(2027, 6, 1)
AWARD = Award("enr", "labellise", D(2024, 6, 1), EXPIRES)


@pytest.mark.parametrize(("today", "expected"), [
    (D(2025, 1, 1), "valide"),
    (EXPIRES - dt.timedelta(days=SOON_DAYS + 1), "valide"),  # 91 days left
    (EXPIRES - dt.timedelta(days=SOON_DAYS), "expire-bientot"),  # 90 days left: the boundary is inside
    (EXPIRES - dt.timedelta(days=1), "expire-bientot"),
    (EXPIRES, "expire-bientot"),  # the expiry day itself is still covered
    (EXPIRES + dt.timedelta(days=1), "expire"),  # the day after
    (D(2030, 1, 1), "expire"),
])
def test_status_against_a_fixed_today(today, expected):
    assert AWARD.status(today) == expected


def test_soon_window_is_ninety_days():
    assert SOON_DAYS == 90


@pytest.mark.parametrize(("day", "years", "expected"), [
    (D(2024, 2, 29), 1, D(2025, 2, 28)),
    (D(2024, 2, 29), 3, D(2027, 2, 28)),
    (D(2024, 2, 29), 4, D(2028, 2, 29)),  # a leap year again: the day exists
    (D(2023, 3, 1), 2, D(2025, 3, 1)),
    (D(2025, 12, 31), 2, D(2027, 12, 31)),
])
def test_add_years(day, years, expected):
    assert add_years(day, years) == expected


def test_default_expiry_is_obtained_plus_validity(tmp_path):
    project = copy_project(tmp_path)
    (project / "data" / "entreprises" / "bissextile.yml").write_text(
        "nom: Bissextile\nregion: Bretagne\nsecteur: Test\ncluster: france-it\n"
        "labels:\n  - label: enr\n    obtenu: 2024-02-29\n  - label: afaq-26000\n    obtenu: 2024-02-29\n    expire: 2026-01-15\n",
        encoding="utf-8")
    model = load_project(project)
    awards = {a.label: a for a in model.companies["bissextile"].awards}
    assert model.referentials["enr"].label.validity_years == 2
    assert awards["enr"].expires == D(2026, 2, 28)
    assert awards["afaq-26000"].expires == D(2026, 1, 15)  # an explicit date wins


def test_shipped_data_uses_the_default_where_no_date_is_given():
    import yaml

    model = load_project(ROOT)
    checked = 0
    for path in sorted((ROOT / "data" / "entreprises").glob("*.yml")):
        raw = {a["label"]: a for a in yaml.safe_load(path.read_text(encoding="utf-8"))["labels"]}
        for award in model.companies[path.stem].awards:
            validity = model.referentials[award.label].label.validity_years
            if "expire" in raw[award.label]:
                assert award.expires == raw[award.label]["expire"]
            elif award.obtained is None:  # an approximate date: no expiry can be computed
                assert award.expires is None and award.status(D(2026, 11, 26)) == "a-confirmer", path.name
            else:
                assert award.expires == add_years(award.obtained, validity), path.name
                checked += 1
    assert checked > 0


# Was test_sos_data_is_expired_whatever_the_build_date: the data invented
# `obtenu: 2018-01-01` and the page said "Expiré", which the guide does not
# support (it only says SOS Data has held ENR "depuis plus de 4 ans" in 2018).
def test_sos_data_status_is_to_be_confirmed_whatever_the_build_date():
    sos = load_project(ROOT).companies["sos-data"]
    (award,) = sos.awards
    assert award.obtained is None and award.obtained_text == "avant 2014" and award.held_in == 2018
    assert award.prov("obtenu").kind == "hypothese" and award.prov("obtenu").reason
    assert award.expires is None
    for today in (D(2018, 6, 1), D(2026, 11, 26), D(2040, 1, 1)):
        assert award.status(today) == "a-confirmer"


@pytest.mark.parametrize("expires, estimated", [(None, False), (D(2027, 6, 1), True), (D(2020, 1, 1), True)])
def test_an_unknown_or_estimated_expiry_is_never_expired(expires, estimated):
    award = Award("ecoride", None, D(2019, 6, 1), expires, expires_estimated=estimated)
    assert not award.expires_known
    for today in (D(2019, 7, 1), D(2026, 11, 26), D(2050, 1, 1)):
        assert award.status(today) == "a-confirmer"


def test_an_assumed_validity_gives_an_estimate_not_a_fact():
    model = load_project(ROOT)
    assert model.referentials["ecoride"].label.prov("validite_ans").kind == "hypothese"
    holders = [a for c in model.companies.values() for a in c.awards if a.label == "ecoride"]
    assert holders
    for a in holders:
        if a.obtained is not None and a.prov("expire").kind == "guide" and a.expires is not None:
            assert a.expires_estimated or a.expires_known  # explicit dates stay facts
    assert any(a.expires_estimated for a in holders)
    assert all(a.status(D(2026, 11, 26)) == "a-confirmer" for a in holders if a.expires_estimated)
    # 6PL's validity is the guide's (« reçoit le label 6PL pour 3 ans »): its statuses are facts.
    sixpl = [a for c in model.companies.values() for a in c.awards if a.label == "6pl"]
    assert sixpl and all(a.expires_known for a in sixpl)


def test_a_company_hashes_once_and_never_carries_its_hash_elsewhere():
    import dataclasses
    import pickle

    from generator.model import Company

    def make(name="Société"):
        return Company("societe", name, None, "Bretagne", "Conseil", "piles", None, False, ())

    c = make()
    assert hash(c) == hash(make()) and c == make()
    assert c.__dict__["_hash"] == hash(c)  # kept: the render cache hashes it several times a build
    copy = pickle.loads(pickle.dumps(c))
    assert "_hash" not in copy.__dict__ and copy == c and hash(copy) == hash(c)
    renamed = dataclasses.replace(c, name="Autre")
    assert renamed != c and "_hash" not in renamed.__dict__
    assert "_hash" not in repr(c)
