"""The `describe` JSON of the command-line contract: the referential as the
scoring engines read it (site/scoring_modules.py), without the advice texts
and fiches, with the path of its browser module."""

from __future__ import annotations

from .. import urls
from ..model import Referential
from ..site.scoring_modules import referential_data

LEFT_OUT = ("advice", "fiches")  # what the page shows, not what a caller scores with


def describe(ref: Referential) -> dict:
    data = referential_data(ref)
    themes = [{**t, "criteria": [{k: v for k, v in c.items() if k not in LEFT_OUT} for c in t["criteria"]]}
              for t in data["themes"]]
    return {"id": data["id"], "title": data["title"], "version": data["version"],
            "module": urls.scoring_module(ref.id), "themes": themes, "levels": data["levels"]}
