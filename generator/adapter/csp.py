"""Content-Security-Policy for every built page, from an allowlist; and the
check that a finished page holds nothing else that runs.

Static hosting (GitHub Pages) cannot send headers, so the policy travels in
the page as a <meta> tag. Material's theme has a few small inline scripts; each
one is allowed by its SHA-256 hash. The hashes come from the templates — the
theme's and the project's — rendered for the page's own context: never from
the page, because a policy that trusts what it finds in the output trusts
whatever a source managed to put there.

`verify` then reads each finished page: an inline script whose hash the policy
does not list, an event-handler attribute, a script URL or an element that can
load another document fails the build with the page named.
"""

from __future__ import annotations

import base64
import hashlib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable

from ..source.links import ATTR_RE, TAG_RE, unsafe_url

# In template sources: an inline script is a <script> without src.
_TEMPLATE_SCRIPT_RE = re.compile(r"<script(?P<attrs>(?:\s[^>]*)?)>(?P<body>.*?)</script>", re.S)
# In built pages, where attribute values may hold '>' only inside quotes.
_SCRIPT_RE = re.compile(r"""<script(?P<attrs>(?:\s(?:[^<>"']|"[^"]*"|'[^']*')*)?)>(?P<body>.*?)</script\s*>""",
                        re.S | re.I)
_TYPE_RE = re.compile(r"""\stype\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""", re.I)
_SRC_RE = re.compile(r"""\ssrc\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""", re.I)
# https://html.spec.whatwg.org/#javascript-mime-type, plus the types that are
# not data blocks: modules, import maps (they redirect every module import)
# and speculation rules.
_JS_TYPES = frozenset({
    "", "module", "importmap", "speculationrules", "application/ecmascript", "application/javascript",
    "application/x-ecmascript", "application/x-javascript", "text/ecmascript", "text/javascript",
    "text/javascript1.0", "text/javascript1.1", "text/javascript1.2", "text/javascript1.3", "text/javascript1.4",
    "text/javascript1.5", "text/jscript", "text/livescript", "text/x-ecmascript", "text/x-javascript",
})
HEAD_RE = re.compile(r"<head>|<head\s[^>]*>")

# Fast scans: most pages have no hit, and only hits are parsed exactly.
_HANDLER_HINT = re.compile(r"""[\s"'/]on[a-z]+\s*=""", re.I)
_URL_ATTR_RE = re.compile(
    r"""[\s"'](?P<name>href|src|action|formaction|poster|data|xlink:href|srcdoc)\s*=\s*"""
    r"""(?:"(?P<a>[^"]*)"|'(?P<b>[^']*)'|(?P<c>[^\s"'>]+))""", re.I)
_FOREIGN_RE = re.compile(r"<(?P<tag>iframe|frame|frameset|object|embed|base|applet|portal)\b", re.I)
_META_RE = re.compile(r"""<meta\b(?:[^<>"']|"[^"]*"|'[^']*')*>""", re.I)
_ATTR_NAME_RE = re.compile(r"""(?P<name>[^\s=/>"']+)(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'=<>`]+))?""")


def _value(m: re.Match) -> str:
    return next((g for g in m.groups() if g is not None), "")


def script_hash(body: str) -> str:
    digest = hashlib.sha256(body.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


def _executable(attrs: str) -> bool:
    m = _TYPE_RE.search(attrs)
    kind = _value(m).strip().lower() if m else ""
    return kind.split(";")[0].strip() in _JS_TYPES


@dataclass(frozen=True)
class TemplateScript:
    path: str  # where it was found, for messages and tests
    body: str  # Jinja source of the script's text


def template_scripts(dirs: Iterable[Path]) -> list[TemplateScript]:
    """Every inline executable script written in the templates of `dirs`."""
    found: list[TemplateScript] = []
    for folder in dirs:
        folder = Path(folder)
        for path in sorted(folder.rglob("*.html")):
            text = path.read_text(encoding="utf-8")
            if "<script" not in text:
                continue
            for m in _TEMPLATE_SCRIPT_RE.finditer(text):
                attrs = m.group("attrs") or ""
                if "src=" in attrs or not _executable(attrs):
                    continue
                found.append(TemplateScript(path.relative_to(folder).as_posix(), m.group("body")))
    return found


class Allowlist:
    """The hashes of the templates' inline scripts, rendered for a page context.

    A script's text may hold template expressions; only those that depend on
    `base_url` and the configuration (the same for every page of a depth) are
    allowed. One that depends on a page's own data (Material's redirect page
    prints `page.meta.location`) is left out: front matter is not trusted.
    """

    CONTEXT = frozenset({"base_url", "config"})

    def __init__(self, scripts: list[TemplateScript], variables: Callable[[str], set[str]],
                 render: Callable[[str, dict], str]):
        self._scripts = [s for s in scripts if variables(s.body) <= self.CONTEXT]
        self._render = render
        self._cache: dict[str, tuple[str, ...]] = {}

    def hashes(self, base_url: str) -> tuple[str, ...]:
        hit = self._cache.get(base_url)
        if hit is None:
            rendered = {self._render(s.body, {"base_url": base_url}) for s in self._scripts}
            hit = self._cache[base_url] = tuple(sorted({script_hash(b) for b in rendered}))
        return hit


def policy(hashes: Iterable[str]) -> str:
    script = " ".join(["'self'", "'wasm-unsafe-eval'", *hashes])  # Pagefind runs WebAssembly
    return (
        "default-src 'self'; "
        f"script-src {script}; "
        "style-src 'self' 'unsafe-inline'; "
        "img-src 'self' data:; font-src 'self'; connect-src 'self'; "
        "object-src 'none'; base-uri 'self'; form-action 'self'; worker-src 'self'; frame-src 'none'"
    )


def add_csp(html: str, hashes: Iterable[str]) -> str:
    """Insert the policy as the first element of <head>."""
    m = HEAD_RE.search(html)
    if m is None:
        return html
    tag = f'<meta http-equiv="Content-Security-Policy" content="{policy(hashes)}">'
    return html[: m.end()] + "\n    " + tag + html[m.end():]


def _line(html: str, offset: int) -> int:
    return html.count("\n", 0, offset) + 1


def _in_tag(html: str, offset: int) -> bool:
    """Whether `offset` stands inside a start tag (not in text)."""
    start = html.rfind("<", 0, offset)
    tag = TAG_RE.match(html, start) if start >= 0 else None
    return tag is not None and not tag.group("close") and tag.end() >= offset


def verify(html: str, allowed: Iterable[str]) -> list[str]:
    """What in a finished page could run code the project did not write, or
    take the reader elsewhere: one French line per problem, with its line."""
    allowed = set(allowed)
    problems: list[str] = []
    if "<script" in html or "<SCRIPT" in html or "<Script" in html:
        for m in _SCRIPT_RE.finditer(html):
            attrs = m.group("attrs") or ""
            if not _executable(attrs):
                continue
            src = _SRC_RE.search(attrs)
            if src is not None:
                url = _value(src).strip()
                if url.startswith("//") or re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:", url):
                    problems.append(f"ligne {_line(html, m.start())} : script chargé hors du site ({url[:80]})")
            elif script_hash(m.group("body")) not in allowed:
                problems.append(f"ligne {_line(html, m.start())} : script en ligne inconnu des gabarits "
                                f"({m.group('body').strip()[:60]!r})")
    tags_seen: set[int] = set()
    for m in _HANDLER_HINT.finditer(html):
        start = html.rfind("<", 0, m.start() + 1)
        tag = TAG_RE.match(html, start) if start >= 0 and start not in tags_seen else None
        if tag is None or tag.group("close") or tag.end() <= m.start():
            continue  # text, a closing tag, or an attribute value: nothing runs
        tags_seen.add(start)
        for attr in _ATTR_NAME_RE.finditer(tag.group("attrs")):
            if attr.group("name").lower().startswith("on"):
                problems.append(f"ligne {_line(html, start)} : attribut {attr.group('name')} "
                                f"sur <{tag.group('name')}>")
    for m in _URL_ATTR_RE.finditer(html):
        value = next((v for v in m.group("a", "b", "c") if v is not None), "")
        if m.group("name").lower() == "srcdoc" or (":" in value or "&" in value) and unsafe_url(value) \
                and not value.lower().startswith("data:image/"):
            if _in_tag(html, m.start()):
                problems.append(f"ligne {_line(html, m.start())} : adresse non autorisée dans "
                                f"{m.group('name')} ({value[:60]!r})")
    for m in _FOREIGN_RE.finditer(html):
        problems.append(f"ligne {_line(html, m.start())} : élément <{m.group('tag').lower()}> interdit")
    for m in _META_RE.finditer(html):
        for attr in ATTR_RE.finditer(m.group(0), 5):
            equiv = (attr.group("value") or "").strip("\"'")
            if attr.group("name").lower() == "http-equiv" and equiv.lower() != "content-security-policy":
                problems.append(f"ligne {_line(html, m.start())} : <meta http-equiv=\"{equiv[:40]}\"> interdit")
    return problems
