"""Jinja2 rendering: autoescaped, strict, no file I/O beyond templates.

Text from data is always escaped: templates never mark data as safe. The only
`Markup` in the pipeline is HTML produced by these templates themselves.
"""

from __future__ import annotations

import datetime as dt
import json
from functools import lru_cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from .. import urls
from ..model import STATUS_LABELS, STEPS

TEMPLATES = Path(__file__).parent / "templates"
MONTHS = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
          "septembre", "octobre", "novembre", "décembre")


def date_fr(day: dt.date) -> str:
    return f"{day.day}{'er' if day.day == 1 else ''} {MONTHS[day.month - 1]} {day.year}"


def number_fr(value: float) -> str:
    if float(value).is_integer():
        return f"{int(value):,}".replace(",", "\u202f")
    return f"{value:.1f}".replace(".", ",")


def json_script(value: Any) -> Markup:
    """JSON safe inside <script>: '<', '>' and '&' cannot close the element."""
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return Markup(text)


@lru_cache(maxsize=1)
def environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=False,
    )
    env.filters.update(date_fr=date_fr, number_fr=number_fr, json_script=json_script)
    env.globals.update(rel=urls.rel, urls=urls, STEPS=STEPS, STATUS_LABELS=STATUS_LABELS)
    return env


def render(template: str, **context: Any) -> str:
    return environment().get_template(template).render(**context)
