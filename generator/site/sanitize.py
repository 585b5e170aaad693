"""The allowlist every page's Markdown output passes through before it is published.

The line-based checks of links.py give editors positions, but they read the
source, and a scanner never sees exactly what Python-Markdown sees (an unclosed
fence, a code span inside an HTML block...). The rendered HTML is the truth, so
it is what gets sanitised, by Ammonia (through nh3), a maintained HTML5
sanitiser: whatever a pull request holds, only these tags, attributes, classes
and URL schemes reach a reader.
"""

from __future__ import annotations

import re
from functools import lru_cache

import nh3
from pygments.token import STANDARD_TYPES

# What Markdown pages really use (tables, admonitions, details, code, md_in_html
# layout), and what editors may write in raw HTML (see links.ALLOWED_TAGS).
TAGS = frozenset("""
a abbr article aside b blockquote br caption cite code col colgroup dd del details dfn div dl dt em
figcaption figure footer h1 h2 h3 h4 h5 h6 header hr i img ins kbd li mark ol p pre q s samp section
small span strong sub summary sup table tbody td tfoot th thead time tr u ul wbr
""".split())

ATTRIBUTES = {
    "*": {"id", "title", "lang"},
    "a": {"href"},
    "img": {"src", "alt", "width", "height", "loading"},
    "abbr": {"title"},
    "details": {"open"},
    "ol": {"start", "reversed"},
    "li": {"value"},
    "td": {"colspan", "rowspan", "style"},
    "th": {"colspan", "rowspan", "scope", "style"},
    "col": {"span"},
    "colgroup": {"span"},
    "time": {"datetime"},
    "del": {"datetime"},
    "ins": {"datetime"},
}

# The tables extension aligns columns with style="text-align: …": that one
# property is kept, every other one (position, background…) is dropped.
STYLE_PROPERTIES = frozenset({"text-align"})

ADMONITIONS = ("note", "abstract", "summary", "tldr", "info", "todo", "tip", "hint", "important", "success",
               "check", "done", "question", "help", "faq", "warning", "caution", "attention", "failure", "fail",
               "missing", "danger", "error", "bug", "example", "quote", "cite")
# Classes Material styles for content: admonitions, collapsible blocks, card
# grids, buttons, highlighted code. Any other class (Material's own layout
# classes, the project's rse-*) could restyle the page around the content.
_CODE = frozenset(v for v in STANDARD_TYPES.values() if v)
CLASSES = {
    "div": frozenset({"admonition", "admonition-title", "grid", "cards", "highlight", *ADMONITIONS}),
    "p": frozenset({"admonition-title"}),
    "details": frozenset(ADMONITIONS),
    "a": frozenset({"md-button", "md-button--primary"}),
    "span": _CODE,
    "code": frozenset(f"language-{x}" for x in ("python", "yaml", "json", "html", "css", "js", "javascript",
                                                "bash", "sh", "text", "markdown", "md", "csv")),
    "table": frozenset(),
}

URL_SCHEMES = frozenset({"http", "https", "mailto"})

# Ids the theme and the project's templates use, or could: an element of the
# content with such an id would be found first by the page's own scripts
# (Material reads its configuration from #__config) — DOM clobbering.
RESERVED_ID_PREFIXES = ("__", "md-", "rse-")


def reserved_id(value: str) -> bool:
    return value.startswith(RESERVED_ID_PREFIXES)


_URL_ATTRIBUTES = frozenset({"href", "src", "cite"})
# Browsers read "//host/x" and "/\\host/x" as another host: relative in form only.
_OTHER_HOST = re.compile(r"^[\x00-\x20]*[/\\]{2}")


def _attribute_filter(tag: str, attribute: str, value: str) -> str | None:
    if attribute == "id" and reserved_id(value):
        return None
    if attribute in _URL_ATTRIBUTES and _OTHER_HOST.match(value):
        return None
    return value


@lru_cache(maxsize=1)
def _cleaner() -> nh3.Cleaner:
    return nh3.Cleaner(
        tags=set(TAGS),
        attributes={k: set(v) for k, v in ATTRIBUTES.items()},
        allowed_classes={k: set(v) for k, v in CLASSES.items()},
        url_schemes=set(URL_SCHEMES),
        filter_style_properties=set(STYLE_PROPERTIES),
        attribute_filter=_attribute_filter,
        strip_comments=True,
        # rel is the templates' business: internal links need none, and the
        # content's external links get one below.
        link_rel=None,
    )


def sanitize_html(html: str) -> str:
    """The HTML of a Markdown page, with everything outside the allowlist removed
    (script and style elements with their content, the tags alone otherwise)."""
    return _cleaner().clean(html)
