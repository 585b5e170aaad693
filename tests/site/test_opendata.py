"""Open data of the directory: CSV against its Table Schema, JSON, Atom feed, browser index."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from generator.source.project import load_project
from tests.conftest import ROOT, TODAY
from tests.site.test_directory import index_rows

pytestmark = pytest.mark.build

ATOM = "{http://www.w3.org/2005/Atom}"


def table_schema_errors(text: str, schema: dict) -> list[str]:
    """A small Table Schema (frictionless) checker: the subset the schema uses.

    Header equals the fields in order; types string, date (ISO), boolean (with
    trueValues/falseValues); constraints required and enum; primaryKey unique.
    """
    errors: list[str] = []
    fields = schema["fields"]
    rows = list(csv.reader(io.StringIO(text, newline="")))
    if not rows:
        return ["empty file"]
    header, body = rows[0], rows[1:]
    names = [f["name"] for f in fields]
    if header != names:
        errors.append(f"header {header} != fields {names}")
        return errors
    keys: set[tuple] = set()
    for n, row in enumerate(body, start=2):
        if len(row) != len(fields):
            errors.append(f"line {n}: {len(row)} cells for {len(fields)} fields")
            continue
        for f, cell in zip(fields, row):
            c = f.get("constraints", {})
            where = f"line {n}, {f['name']}"
            if cell == "":
                if c.get("required"):
                    errors.append(f"{where}: required")
                continue
            typ = f.get("type", "string")
            if typ == "date":
                try:
                    dt.date.fromisoformat(cell)
                except ValueError:
                    errors.append(f"{where}: not a date {cell!r}")
                if len(cell) != 10:
                    errors.append(f"{where}: date not YYYY-MM-DD {cell!r}")
            elif typ == "boolean":
                if cell not in f.get("trueValues", ["true"]) + f.get("falseValues", ["false"]):
                    errors.append(f"{where}: not a boolean {cell!r}")
            elif typ != "string":
                errors.append(f"{where}: type {typ} not supported by this checker")
            if "enum" in c and cell not in c["enum"]:
                errors.append(f"{where}: {cell!r} not in {c['enum']}")
        key = tuple(row[names.index(k)] for k in schema.get("primaryKey", []))
        if key in keys:
            errors.append(f"line {n}: duplicate primary key {key}")
        keys.add(key)
    return errors


def test_checker_catches_what_it_should():
    schema = {"fields": [{"name": "id", "type": "string", "constraints": {"required": True}},
                         {"name": "d", "type": "date"},
                         {"name": "b", "type": "boolean", "trueValues": ["true"], "falseValues": ["false"]},
                         {"name": "s", "type": "string", "constraints": {"enum": ["x"]}}],
              "primaryKey": ["id"]}
    assert table_schema_errors("id,d,b,s\na,2026-01-31,true,x\n", schema) == []
    assert table_schema_errors("d,id,b,s\n", schema)
    bad = table_schema_errors("id,d,b,s\n,2026-02-30,yes,y\na,,false,\na,,false,\n", schema)
    assert any("required" in e for e in bad)
    assert any("not a date" in e for e in bad)
    assert any("not a boolean" in e for e in bad)
    assert any("not in" in e for e in bad)
    assert any("duplicate primary key" in e for e in bad)


@pytest.fixture(scope="module")
def model():
    return load_project(ROOT)


def read(site: Path, name: str) -> str:
    return (site / "annuaire" / name).read_text(encoding="utf-8")


def test_csv_validates_against_its_schema(site, model):
    schema = json.loads(read(site, "schema.json"))
    text = read(site, "entreprises.csv")
    assert table_schema_errors(text, schema) == []
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    assert len(rows) == sum(len(c.awards) for c in model.companies.values())
    today = dt.date.fromisoformat(TODAY)
    by_key = {(r["entreprise"], r["label"]): r for r in rows}
    for c in model.companies.values():
        for a in c.awards:
            row = by_key[(c.slug, a.label)]
            assert row["nom"] == c.name
            assert row["expire"] == (a.expires.isoformat() if a.expires_known else "")
            assert row["statut"] == a.status(today)
            assert row["exemple"] == ("true" if c.example else "false")
    # Was: SOS Data "expire", from an invented date. The guide gives no date:
    # the row says so, and flags the assumed values with their column names.
    sos = by_key[("sos-data", "enr")]
    assert (sos["obtenu"], sos["obtenu_approx"], sos["expire"], sos["statut"]) == ("", "avant 2014", "", "a-confirmer")
    assert sos["hypotheses"].split() == ["obtenu", "region", "secteur"]
    # An award whose validity is assumed (ECORIDE) has no expiry in the open data either.
    estimated = [(c.slug, a.label) for c in model.companies.values() for a in c.awards if a.expires_estimated]
    assert estimated and all(by_key[k]["statut"] == "a-confirmer" and by_key[k]["expire"] == "" for k in estimated)
    assert {r["hypotheses"] for r in rows if r["label"] == "6pl"} == {"emetteur"}  # who awards 6PL is assumed
    fields = {f["name"]: f for f in schema["fields"]}
    assert "a-confirmer" in fields["statut"]["constraints"]["enum"]
    assert "hypoth" in fields["hypotheses"]["description"]
    assert schema["primaryKey"] == ["entreprise", "label"]
    assert {f["name"]: f for f in schema["fields"]}["label"]["constraints"]["enum"] == sorted(model.labels)


def test_json_export(site, model):
    data = json.loads(read(site, "entreprises.json"))
    assert data["date"] == TODAY
    assert [e["id"] for e in data["entreprises"]] == sorted(model.companies)
    sos = next(e for e in data["entreprises"] if e["id"] == "sos-data")
    assert sos["exemple"] is False
    # Was: "obtenu": "2018-01-01", "expire": "2020-01-01", "statut": "expire" (an invented date).
    (award,) = sos["labels"]
    assert award["obtenu"] is None and award["obtenu_approx"] == "avant 2014" and award["detenu_en"] == 2018
    assert award["expire"] is None and award["statut"] == "a-confirmer"
    assert award["hypotheses"]["obtenu"]["provenance"] == "hypothese" and award["hypotheses"]["obtenu"]["raison"]
    assert set(award["hypotheses"]) == {"obtenu", "region", "secteur"}


def test_atom_feed(site, model):
    root = ET.fromstring(read(site, "flux.xml"))
    assert root.tag == f"{ATOM}feed"
    for child in ("id", "title", "updated"):
        assert (root.findtext(f"{ATOM}{child}") or "").strip(), child
    assert root.find(f"{ATOM}link[@rel='self']") is not None
    entries = root.findall(f"{ATOM}entry")
    assert entries
    ids = [e.findtext(f"{ATOM}id") for e in entries]
    assert len(set(ids)) == len(ids)
    for e in entries:
        assert e.findtext(f"{ATOM}id").startswith("urn:rse:")
        assert e.findtext(f"{ATOM}title")
        link = e.find(f"{ATOM}link")
        assert link is not None and link.get("href").startswith("https://example.org/rse-clusters/annuaire/")
        updated = e.findtext(f"{ATOM}updated")
        assert dt.datetime.fromisoformat(updated.replace("Z", "+00:00"))
    # Both kinds of news, from the pinned date's point of view.
    titles = " ".join(e.findtext(f"{ATOM}title") for e in entries)
    assert " obtient le label " in titles and " expire le " in titles
    # French dates, elision, newest first, each entry dated by its own event, a summary.
    assert not re.search(r"\d{4}-\d{2}-\d{2}", titles)
    assert re.search(r" expire le \d{1,2}(er)? (janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre) \d{4}", titles)
    assert "de Entrepôts" not in titles and "d'Entrepôts Risloria" in titles
    days = [e.findtext(f"{ATOM}updated") for e in entries]
    assert days == sorted(days, reverse=True) and len(set(days)) > 1
    assert root.findtext(f"{ATOM}updated") == days[0]
    assert f"{TODAY}T00:00:00Z" not in days  # the build date is no event
    for e in entries:
        assert len(e.findtext(f"{ATOM}summary") or "") > 40


def test_browser_index(site, model):
    data, rows = index_rows(lambda name: read(site, name))
    assert data["v"] == 4 and data["page_size"] == 50
    assert data["columns"] == ["slug", "nom", "region", "secteur", "cluster", "exemple", "labels", "marques"]
    assert data["label_columns"] == ["label", "niveau", "expire"]
    facets = data["facets"]
    assert facets["label"] == sorted(model.labels)
    assert len(rows) == data["total"] == len(model.companies)
    for slug, name, region, sector, cluster, example, awards, marks in rows:
        c = model.companies[slug]
        assert (name, facets["region"][region], facets["secteur"][sector], facets["cluster"][cluster], example) == \
            (c.name, c.region, c.sector, c.cluster, int(c.example))
        for (label, level, expires), a in zip(awards, c.awards):
            assert facets["label"][label] == a.label
            assert expires == (a.expires.isoformat() if a.expires_known else "")  # "": à confirmer
            levels = data["labels"][a.label]["levels"]
            assert (levels[level][0] if level >= 0 else None) == a.level
        assert marks == [[k, p.kind, p.reason] for k, p in c.assumptions if k in ("region", "secteur")]
    sos = next(r for r in rows if r[0] == "sos-data")
    assert [m[:2] for m in sos[7]] == [["region", "hypothese"], ["secteur", "hypothese"]]
    # No status in the index: the browser computes it from its own date.
    assert "statut" not in json.dumps(data["columns"] + data["label_columns"])
