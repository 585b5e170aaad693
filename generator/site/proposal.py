"""The "Proposer une entreprise" page: a form that writes a company file.

The form checks what its editor types in the browser, with the rules of the
entreprise JSON Schema (the same spec the check converts with, kinds.py) and
the check's own message templates (messages.py), both emitted here as data;
overrides/assets/javascripts/proposal-core.js applies them.
"""

from __future__ import annotations

import re

from .. import urls
from ..source.errors import FORBIDDEN_CHARS
from ..source.kinds import ENTREPRISE
from ..source.messages import MESSAGES
from ..model import Project
from .templating import render
from ..source.spec import HTML_RE, SCRIPT_URL_RE, SLUG_RE

SCHEMA_LINE = "# yaml-language-server: $schema=../../schemas/entreprise.schema.json"
ISSUE_TEMPLATE = "demande-ajout-entreprise.yml"


def _js_pattern(pattern: str) -> str:
    """A Python pattern for JavaScript's `u` flag: \\U0010ffff is written \\u{10ffff} there."""
    return re.sub(r"\\U([0-9a-fA-F]{8})", lambda m: "\\u{%x}" % int(m.group(1), 16), pattern)


def _eligibility(rule) -> dict | None:
    if rule is None:
        return None
    return {"text": rule.text, "regions": list(rule.regions), "sector_words": list(rule.sector_words),
            "clusters": list(rule.clusters)}


def proposal_data(project: Project, repo_url: str = "", branch: str = "") -> dict:
    labels = project.labels.values()
    return {
        "schema": ENTREPRISE.json_schema(),
        "order": list(ENTREPRISE.fields),
        "patterns": {"html": HTML_RE.pattern, "script": SCRIPT_URL_RE.pattern, "slug": SLUG_RE.pattern,
                     "forbidden": _js_pattern(FORBIDDEN_CHARS.pattern)},
        "messages": MESSAGES,
        "header": SCHEMA_LINE,
        "folder": "data/entreprises/",
        "clusters": [{"id": c.id, "name": c.name} for c in project.clusters.values()],
        "labels": [{"id": r.id, "name": r.label.name, "levels": [{"id": lv.id, "label": lv.label} for lv in r.levels],
                    "eligibility": _eligibility(r.label.eligibility)} for r in labels],
        # GitHub's "new file" page, filled in from the query string.
        "new_file": f"{repo_url}/new/{branch}" if urls.is_github(repo_url) else "",
    }


def proposal_page(project: Project, regions: list[str], repo_url: str = "", branch: str = "") -> tuple[str, str]:
    """(title, HTML) of the page; `regions` are suggested, not imposed (the spec allows any)."""
    github = urls.is_github(repo_url)
    html = render(
        "proposal.html", page=urls.PROPOSE, data=proposal_data(project, repo_url, branch), regions=regions,
        clusters=list(project.clusters.values()), labels=list(project.labels.values()),
        issue_url=f"{repo_url}/issues/new?template={ISSUE_TEMPLATE}" if github else "",
        contributing_url=urls.in_repository(repo_url, branch, "CONTRIBUTING.md", "blob") if repo_url else "",
    )
    return "Proposer une entreprise", html
