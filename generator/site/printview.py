"""The whole dossier on one page, for printing (or saving as PDF).

The guide was a PDF; readers still want one. The page is Markdown assembled
from the sources in the guide's reading order, links rewritten to work from
its own location, and goes through the normal Markdown pipeline.
"""

from __future__ import annotations

import re

from .. import urls
from ..source.links import rewrite_links
from ..source.layout import GUIDE_ORDER, STEP_PAGES
from ..model import Project
from .guide import has_section, unlisted

HEADING_RE = re.compile(r"^(#{1,5})(\s)", re.M)
# Every character Python-Markdown (and attr_list, tables) reads as syntax.
_MARKDOWN_SYNTAX = re.compile(r"([\\`*_{}\[\]()#+\-.!|])")
FENCE_RE = re.compile(r"^(```|~~~).*?^\1", re.M | re.S)


def _demote(body: str) -> str:
    """One heading level down, outside code blocks: each page becomes a section."""
    out, last = [], 0
    for m in FENCE_RE.finditer(body):
        out.append(HEADING_RE.sub(r"#\1\2", body[last : m.start()]))
        out.append(m.group(0))
        last = m.end()
    out.append(HEADING_RE.sub(r"#\1\2", body[last:]))
    return "".join(out)


def plain_text(text: str) -> str:
    """A plain-text field as literal Markdown: no link, no attribute list, no
    block (a title is checked as plain text, but this page is Markdown)."""
    one_line = " ".join(text.split())
    escaped = one_line.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _MARKDOWN_SYNTAX.sub(r"\\\1", escaped)


def print_markdown(project: Project) -> str:
    order = [u for u in GUIDE_ORDER if u in project.guide_pages]
    order += sorted(u for u in project.guide_pages if u.startswith("guide/") and u not in order and u != "guide/index.md")
    parts = [
        "# Les étapes de mise en place d'une dynamique RSE au sein des pôles et clusters\n",
        "*Guide pratique de France Clusters : version imprimable. Utilisez la commande « Imprimer » "
        "de votre navigateur, ou « Enregistrer au format PDF ».*\n",
    ]
    steps = {uri: step for step, uri in STEP_PAGES.items()}
    for uri in order:
        body = project.guide_pages[uri].body
        if uri in steps and (missing := unlisted(project, steps[uri])):
            title = "### Autres fiches de cette étape" if has_section(project, steps[uri]) else "## Fiches qui illustrent cette étape"
            body += f"\n\n{title}\n\n" + "".join(f"- [{f.title}](../{f.src_uri}) : {f.summary}\n" for f in missing)
        parts.append(_demote(rewrite_links(body, uri, urls.PRINT)).strip() + "\n")
    parts.append("## Les fiches des pôles et clusters\n")
    for f in project.fiches.values():
        body = HEADING_RE.sub(r"##\1\2", rewrite_links(f.body, f.src_uri, urls.PRINT))
        parts.append(f"### {plain_text(f.title)}\n\n*{plain_text(f.summary)}*\n\n{body.strip()}\n")
    return "\n".join(parts)
