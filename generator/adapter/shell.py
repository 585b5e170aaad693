"""Generated pages written from a shell, outside MkDocs' page loop.

Pages that grow with the data (companies, clusters, the directory's pages)
are not in the navigation, so Material renders them all alike but for a few
strings: the title, the content, the canonical URL and the edit link. Sending
10,000 of them through MkDocs' page loop and Material's `base.html` was about
a third of a build. Material now renders one page per layout (depth, own
stylesheets, indexing, own <h1>, edit link) with markers in those places; the
adapter fills it for each page and writes the files itself.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from markupsafe import escape

from .. import urls
from ..site.output import GeneratedPage

# Markers: plain ASCII that survives escaping, never found in a page otherwise.
TITLE = "RSE-GABARIT-TITRE-6f1d"
CONTENT = "RSE-GABARIT-CONTENU-6f1d"
EDIT = "https://rse-gabarit.invalid/modifier"
# Material adds an <h1> with the page's title when the content has none; a
# shell for pages that carry their own keeps it out with this inert comment.
OWN_H1 = "<!--<h1-->"
SHELL_FOLDER = "rse-gabarit"
# The region Pagefind indexes (overrides/main.html) and where Material's article ends.
INDEX_BODY = "<div data-pagefind-body>"
ARTICLE_END = "</article>"


@dataclass(frozen=True)
class Layout:
    """What Material renders differently between two pages outside the navigation."""

    depth: int  # folders between the site root and the page: relative links depend on it
    styles: tuple[str, ...]
    indexed: bool
    own_h1: bool
    editable: bool

    @classmethod
    def of(cls, page: GeneratedPage, editable: bool) -> "Layout":
        return cls(urls.page_dir(page.uri).count("/"), page.styles, page.indexed, "<h1" in page.html, editable)

    @property
    def uri(self) -> str:
        """A page of the same depth as the pages it serves (its name is never published)."""
        name = "-".join((*self.styles, "i" if self.indexed else "n", "h" if self.own_h1 else "t",
                         "e" if self.editable else "s"))
        return f"{SHELL_FOLDER}/" + "g/" * (self.depth - 2) + f"{name}.md" if self.depth > 1 else f"{SHELL_FOLDER}-{name}.md"

    def page(self) -> GeneratedPage:
        return GeneratedPage(self.uri, TITLE, CONTENT + (OWN_H1 if self.own_h1 else ""), indexed=self.indexed,
                             styles=self.styles)


class Shell:
    """A rendered shell, cut at its markers once, filled once per page."""

    def __init__(self, html: str, layout: Layout, canonical: str | None, hashes: tuple[str, ...]) -> None:
        self.layout, self.hashes = layout, hashes
        markers = [TITLE, CONTENT + (OWN_H1 if layout.own_h1 else "")]
        if layout.editable:
            markers.append(EDIT)
        if canonical:
            markers.append(canonical)
        pattern = "|".join(re.escape(m) for m in sorted(markers, key=len, reverse=True))
        self.parts = re.split(f"({pattern})", html)
        lean = index_document(html) if layout.indexed else None
        self.index_parts = re.split(f"({pattern})", lean) if lean is not None else None
        self.content_marker, self.canonical = markers[1], canonical
        found = {p for p in self.parts[1::2]}
        missing = {TITLE, self.content_marker} - found
        if missing or self.parts[1::2].count(self.content_marker) != 1:
            raise ValueError(f"gabarit {layout.uri} : marqueurs absents ou répétés ({', '.join(sorted(missing))})")

    def fill(self, title: str, content: str, canonical: str | None, edit_url: str | None,
             parts: list[str] | None = None) -> str:
        """The page; with `parts=self.index_parts`, what Pagefind reads of it."""
        values = {TITLE: str(escape(title)), self.content_marker: content}
        if self.canonical:
            values[self.canonical] = str(escape(canonical or ""))
        if self.layout.editable:
            values[EDIT] = str(escape(edit_url or ""))
        return "".join(values[p] if i % 2 else p for i, p in enumerate(self.parts if parts is None else parts))


def index_document(html: str) -> str | None:
    """What Pagefind reads of a page: its <html> tag (the language), its
    <title> and its indexed region, without the 15 KB of navigation, header
    and scripts around them that Pagefind parses only to skip. Parsing whole
    pages was half of Pagefind's time at 10,000 companies; the index it builds
    from these documents has the same fragments and words (test_build.py).
    None when the page holds anything else Pagefind would read (a second
    region, a filter or meta outside it): such a page is indexed whole."""
    start = html.find(INDEX_BODY)
    article_end = html.find(ARTICLE_END, start) if start >= 0 else -1
    if article_end < 0:
        return None
    end = html.rfind("</div>", start, article_end) + len("</div>")
    if end < start + len(INDEX_BODY):
        return None
    before, region = html[:start], html[start:end]
    if "data-pagefind" in before + html[end:] or region.count(INDEX_BODY) != 1:
        return None
    tag, title = re.search(r"<html\b[^>]*>", before), re.search(r"<title>.*?</title>", before, re.S)
    if tag is None:
        return None
    return (f'<!doctype html>{tag.group(0)}<head><meta charset="utf-8">{title.group(0) if title else ""}</head>'
            f"<body>{region}</body></html>")


_SITEMAP_URL = re.compile(r"    <url>\n         <loc>(?P<loc>[^<]*)</loc>\n(?:         <lastmod>(?P<mod>[^<]*)</lastmod>\n)?    </url>\n")


def sitemap(xml: str, order: list[str], written: set[str], shells: set[str]) -> str:
    """MkDocs' sitemap.xml with the pages written from shells put back in their
    place (`order`: the locations of every page, in MkDocs' file order) and the
    shells taken out. Entries keep MkDocs' own format, to the byte."""
    head, _, _ = xml.partition("    <url>\n")
    entries = {m.group("loc"): m.group(0) for m in _SITEMAP_URL.finditer(xml)}
    dates = {m.group("mod") for m in _SITEMAP_URL.finditer(xml)} - {None}
    lastmod = f"         <lastmod>{dates.pop()}</lastmod>\n" if len(dates) == 1 else ""
    out = [head]
    for loc in order:
        if loc in shells:
            continue
        if loc in entries:
            out.append(entries[loc])
        elif loc in written:
            out.append(f"    <url>\n         <loc>{escape(loc)}</loc>\n{lastmod}    </url>\n")
    out.append("</urlset>" if xml.endswith("</urlset>") else "</urlset>\n")
    return "".join(out)
