"""generator/site/templating.py: autoescaped, strict, French formats, JSON safe in <script>."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from jinja2 import UndefinedError
from markupsafe import Markup

from generator.site.templating import date_fr, environment, json_script, number_fr


def test_data_is_escaped_in_every_template_string():
    env = environment()
    assert env.from_string("{{ x }}").render(x='<img src=x onerror="a()">') == \
        "&lt;img src=x onerror=&#34;a()&#34;&gt;"


def test_a_missing_variable_is_an_error_not_an_empty_string():
    with pytest.raises(UndefinedError):
        environment().from_string("{{ absent }}").render()


@pytest.mark.parametrize(("day", "text"), [
    (dt.date(2026, 3, 1), "1er mars 2026"),
    (dt.date(2026, 8, 15), "15 août 2026"),
    (dt.date(2027, 12, 31), "31 décembre 2027"),
])
def test_dates_in_french(day, text):
    assert date_fr(day) == text


@pytest.mark.parametrize(("value", "text"), [
    (12, "12"), (80000, "80\u202f000"), (1234567.0, "1\u202f234\u202f567"), (2.5, "2,5"), (3.14159, "3,1"),
])
def test_numbers_in_french(value, text):
    assert number_fr(value) == text


def test_json_cannot_close_its_script_element():
    value = {"nom": "</script><script>alert(1)</script>", "et": "a & b"}
    text = json_script(value)
    assert isinstance(text, Markup)
    assert "<" not in text and ">" not in text and "&" not in text
    assert json.loads(text) == value
