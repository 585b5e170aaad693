"""Check internal Markdown links, anchors and raw HTML before anything is built.

MkDocs only warns about a broken link, and only for files it knows; editors
need the file, line and column of the link, so the check runs on the sources.
The same pass refuses what would run script in a reader's browser, with a
position an editor can act on. It reads the source line by line, so it can
be misled (an unclosed fence hides what follows): it is not the barrier. The
rendered HTML is sanitised (sanitize.py) and the policy only trusts the
templates' scripts (csp.py), each layer holding on its own.

Every pattern here is bounded or linear: a source file is untrusted input, and
a pull request must not be able to stall the check.
"""

from __future__ import annotations

import bisect
import html
import posixpath
import re
from dataclasses import dataclass
from typing import Iterator

from markdown.extensions.toc import slugify

from .errors import Collector, Position, choices_hint, closest

_TARGET = r"<[^<>\n]{0,2000}>|(?:[^()\s]|\([^()\s]{0,200}\)){1,2000}"
LINK_RE = re.compile(
    r"(?<!!)\[(?P<text>[^\]\n]{0,1000})\]\([ \t]*(?P<target>" + _TARGET + r")"
    r"(?:[ \t]+(?:\"[^\"\n]{0,500}\"|'[^'\n]{0,500}'))?[ \t]*\)"
)
# [id]: target "title" — Markdown's reference definitions, links all the same;
# Python-Markdown also reads them inside list items and quotes, hence any indent.
REFDEF_RE = re.compile(r"^[ \t>]*\[[^\]\n]{1,1000}\]:[ \t]*(?P<target><[^<>\n]{0,2000}>|\S{1,2000})")
HEADING_RE = re.compile(r"^(#{1,6})[ \t]+(?P<title>.*)$")
FENCE_RE = re.compile(r"^\s*(```|~~~)")
SCHEME_RE = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")
SAFE_SCHEMES = ("http:", "https:", "mailto:")
# What browsers ignore in a URL: leading C0 controls and spaces, tabs and line breaks anywhere.
_URL_NOISE = re.compile(r"[\x00-\x20\x7f]")

# Attributes run to the first '>' outside quotes, as browsers read them: a quoted
# '>' or a long value must not hide an attribute that follows.
TAG_RE = re.compile(r"""<(?P<close>/?)(?P<name>[A-Za-z][A-Za-z0-9-]{0,40})(?=[\s/>])(?P<attrs>(?:[^<>"']|"[^"]*"|'[^']*')*)""")
ATTR_RE = re.compile(r"(?P<name>[^\s=/>\"']+)(?:\s*=\s*(?P<value>\"[^\"]*\"|'[^']*'|[^\s\"'=<>`]+))?")
# Layout tags Markdown pages use (md_in_html); anything else (script, iframe,
# object, form, style, svg...) can run code or restyle the site.
ALLOWED_TAGS = frozenset("""
a abbr article aside b blockquote br caption cite code col colgroup dd del details dfn div dl dt em
figcaption figure footer h1 h2 h3 h4 h5 h6 header hr i img ins kbd li mark ol p pre q s samp section
small span strong sub summary sup table tbody td tfoot th thead time tr u ul wbr
""".split())
URL_ATTRS = frozenset({"href", "src", "srcset", "action", "formaction", "poster", "background", "cite",
                       "longdesc", "xlink:href", "data"})
# attr_list's {: key=value } sets any attribute on the element before it, event handlers included.
ATTR_LIST_RE = re.compile(r"\{:?(?P<attrs>[^{}\n]{1,2000})\}")
ID_RE = re.compile(r"""\sid\s*=\s*(?:"(?P<a>[^"]*)"|'(?P<b>[^']*)'|(?P<c>[^\s"'=<>`]+))""")


@dataclass(frozen=True)
class Page:
    rel: str  # path in the repository, for messages
    uri: str  # path under content/
    body: str
    body_line: int


def heading_anchor(line: str) -> str | None:
    """The id the toc extension gives a '#' heading line, or None."""
    m = HEADING_RE.match(line)
    if m is None:
        return None
    title = m.group("title").strip().rstrip("#").rstrip()  # closing hashes go first, as in Markdown
    explicit = None
    if title.endswith("}") and "{" in title:
        start = title.rfind("{")
        ids = [t[1:] for t in title[start + 1 : -1].split() if re.fullmatch(r"#[\w-]+", t)]
        if ids:
            explicit, title = ids[-1], title[:start].rstrip()
    return explicit or slugify(re.sub(r"[*_`]", "", title), "-")


def anchors_of(body: str) -> set[str]:
    """Heading ids as the toc extension makes them (duplicates get _1, _2...),
    and ids given in raw HTML."""
    out: set[str] = set()
    counts: dict[str, int] = {}
    for _n, line in _outside_code(body):
        anchor = heading_anchor(line)
        if anchor is None:
            if "<" in line:
                out.update(m.group("a") or m.group("b") or m.group("c") or "" for m in ID_RE.finditer(line))
            continue
        if anchor in counts:
            counts[anchor] += 1
            anchor = f"{anchor}_{counts[anchor]}"
        else:
            counts[anchor] = 0
        out.add(anchor)
    return out


def _outside_code(body: str) -> Iterator[tuple[int, str]]:
    fenced = False
    for n, line in enumerate(body.split("\n")):
        if FENCE_RE.match(line):
            fenced = not fenced
            continue
        if not fenced:
            yield n, line


def _blank_code_spans(line: str) -> str:
    """The line with `inline code` replaced by spaces (columns kept): HTML
    shown as code is text. A backtick run is closed by the next run of the
    same length; found by bisection, so a line of backticks stays linear."""
    runs = [(m.start(), m.end()) for m in re.finditer(r"`+", line)]
    if len(runs) < 2:
        return line
    by_len: dict[int, list[int]] = {}
    for i, (a, b) in enumerate(runs):
        by_len.setdefault(b - a, []).append(i)
    out = list(line)
    i = 0
    while i < len(runs):
        a, b = runs[i]
        same = by_len[b - a]
        k = bisect.bisect_right(same, i)
        if k == len(same):
            i += 1
            continue
        j = same[k]
        for c in range(a, runs[j][1]):
            out[c] = " "
        i = j + 1
    return "".join(out)


def rewrite_links(body: str, from_uri: str, to_uri: str) -> str:
    """Rewrite relative links of a page's Markdown as seen from another page (print view)."""

    def fix(m: re.Match) -> str:
        target = m.group("target").strip("<>")
        if SCHEME_RE.match(target) or target.startswith("#") or target.startswith("/"):
            return m.group(0)
        path, sep, anchor = target.partition("#")
        absolute = posixpath.normpath(posixpath.join(posixpath.dirname(from_uri), path))
        new = posixpath.relpath(absolute, posixpath.dirname(to_uri) or ".")
        return m.group(0).replace(m.group("target"), new + sep + anchor, 1)

    return LINK_RE.sub(fix, body)


def _as_browser_reads(target: str) -> str:
    """Entities decoded and ignored characters dropped, as a browser would:
    `java&#115;cript:` and ` javascript:` are both javascript: URLs."""
    return _URL_NOISE.sub("", html.unescape(target))


def unsafe_url(target: str) -> bool:
    """True for a URL with a scheme other than http(s) and mailto."""
    url = _as_browser_reads(target)
    return bool(SCHEME_RE.match(url)) and not url.lower().startswith(SAFE_SCHEMES)


def check_links(pages: list[Page], generated: dict[str, set[str] | None], collector: Collector) -> None:
    """Report links to missing pages, missing anchors and unsafe schemes.

    `generated` maps the URIs of pages the generator adds to their anchors
    (None: anchors not checked)."""
    anchors: dict[str, set[str] | None] = {p.uri: anchors_of(p.body) for p in pages}
    anchors.update(generated)
    for page in pages:
        for n, line in _outside_code(page.body):
            if "](" in line:
                for m in LINK_RE.finditer(line):
                    pos = Position(page.rel, page.body_line + n, m.start("target") + 1)
                    _check_one(page, m.group("target").strip("<>"), pos, anchors, collector)
            if "]:" in line and (m := REFDEF_RE.match(line)):
                pos = Position(page.rel, page.body_line + n, m.start("target") + 1)
                _check_one(page, m.group("target").strip("<>"), pos, anchors, collector)


def _check_one(page: Page, target: str, pos: Position, anchors: dict[str, set[str] | None], collector: Collector) -> None:
    if unsafe_url(target):
        collector.error(pos, f"lien non autorisé '{target[:80]}'",
                        "seuls les liens http(s), mailto et les liens vers d'autres pages du site sont acceptés")
        return
    target = html.unescape(target)
    if SCHEME_RE.match(target):
        return  # http(s) or mailto: not checked here
    path, _, anchor = target.partition("#")
    if not path:
        uri = page.uri
    else:
        if path.startswith("/"):
            collector.error(pos, f"lien absolu '{target}'", "écrivez un lien relatif vers le fichier .md, par exemple ../fiches/piles.md")
            return
        uri = posixpath.normpath(posixpath.join(posixpath.dirname(page.uri), path))
        if uri.endswith("/") or not uri.endswith(".md"):
            if not posixpath.splitext(uri)[1]:
                uri = posixpath.join(uri, "index.md")
        if uri not in anchors:
            if uri.endswith(".md"):
                collector.error(pos, f"lien vers une page inexistante '{path}'", _page_hint(page, path, uri, anchors))
            return
    if anchor:
        known = anchors.get(uri)
        if known is not None and anchor not in known:
            collector.error(pos, f"ancre '#{anchor}' introuvable dans {uri}", choices_hint(anchor, known))


def _page_hint(page: Page, path: str, uri: str, anchors: dict[str, set[str] | None]) -> str:
    """Suggest the closest existing page, written the way the editor wrote
    the link (../fiches/x.md stays ../fiches/…, not x.md)."""
    pages = [u for u in anchors if u.endswith(".md")]
    # The right file in the wrong folder is the likeliest slip; then a typo in the name.
    same_name = [u for u in pages if posixpath.basename(u) == posixpath.basename(uri)]
    close = closest(uri, same_name) or (same_name[0] if same_name else None) or closest(uri, pages)
    if close is None:
        return "vérifiez le chemin : il est relatif au fichier qui contient le lien, par exemple ../fiches/piles.md"
    if posixpath.dirname(close) == posixpath.dirname(uri):
        shown = posixpath.join(posixpath.dirname(path), posixpath.basename(close))
    else:
        shown = posixpath.relpath(close, posixpath.dirname(page.uri) or ".")
    return f"vouliez-vous dire '{shown}' ?"


def check_raw_html(pages: list[Page], collector: Collector) -> None:
    """Refuse HTML in Markdown that could run script: tags outside a layout
    allow-list, event-handler attributes, and URLs with another scheme than
    http(s) or mailto, in tags or in attribute lists ({: … }). Code (fenced or
    `inline`) is text and is skipped."""
    for page in pages:
        lines = page.body.split("\n")
        kept = ["" for _ in lines]
        for n, line in _outside_code(page.body):
            kept[n] = _blank_code_spans(line) if "`" in line else line
        text = "\n".join(kept)
        if "<" not in text and "{" not in text:
            continue
        starts = [0] + [m.end() for m in re.finditer("\n", text)]

        def position(offset: int) -> Position:
            n = bisect.bisect_right(starts, offset) - 1
            return Position(page.rel, page.body_line + n, offset - starts[n] + 1)

        for tag in TAG_RE.finditer(text):
            if tag.group("close"):
                continue  # the opening tag is the one reported
            name = tag.group("name").lower()
            if name not in ALLOWED_TAGS:
                collector.error(position(tag.start()), f"balise HTML <{name}> interdite",
                                "écrivez ce contenu en Markdown ; seules des balises de mise en page simples "
                                "(div, span, details, table…) sont acceptées")
                continue
            _check_attributes(tag.group("attrs"), tag.start("attrs"), position, collector, valued_only=False)
        if "{" in text:
            for group in ATTR_LIST_RE.finditer(text):
                # Braces are common in text ({a, b}): only key=value pairs set attributes.
                _check_attributes(group.group("attrs"), group.start("attrs"), position, collector, valued_only=True)


def _check_attributes(attrs: str, offset: int, position, collector: Collector, valued_only: bool) -> None:
    for attr in ATTR_RE.finditer(attrs):
        name, value = attr.group("name").lower(), attr.group("value")
        if valued_only and value is None:
            continue
        where = position(offset + attr.start())
        if name.startswith("on"):
            collector.error(where, f"attribut HTML '{name}' interdit", "les attributs on… exécutent du code : retirez-le")
        elif name in URL_ATTRS and value and unsafe_url(value.strip("\"'")):
            collector.error(where, f"adresse non autorisée dans l'attribut '{name}'",
                            "seuls les liens http(s), mailto et les liens vers d'autres pages du site sont acceptés")
