"""Content-Security-Policy for every built page, as a <meta> tag.

Static hosting (GitHub Pages) cannot send headers, so the policy travels in
the page. Material's theme has a few small inline scripts; rather than allow
inline scripts in general, each one is allowed by its SHA-256 hash.
"""

from __future__ import annotations

import base64
import hashlib
import re

INLINE_SCRIPT_RE = re.compile(r"<script(?P<attrs>(?:\s[^>]*)?)>(?P<body>.*?)</script>", re.S)
HEAD_RE = re.compile(r"<head>|<head\s[^>]*>")
DATA_TYPES = ("application/json", "application/ld+json")


def _hashes(html: str) -> list[str]:
    out: set[str] = set()
    for m in INLINE_SCRIPT_RE.finditer(html):
        attrs = m.group("attrs") or ""
        if "src=" in attrs or any(t in attrs for t in DATA_TYPES):
            continue
        digest = hashlib.sha256(m.group("body").encode("utf-8")).digest()
        out.add("'sha256-" + base64.b64encode(digest).decode("ascii") + "'")
    return sorted(out)


def policy(html: str) -> str:
    script = " ".join(["'self'", "'wasm-unsafe-eval'", *_hashes(html)])  # Pagefind runs WebAssembly
    return (
        "default-src 'self'; "
        f"script-src {script}; "
        "style-src 'self' 'unsafe-inline'; "
        "img-src 'self' data:; font-src 'self'; connect-src 'self'; "
        "object-src 'none'; base-uri 'self'; form-action 'self'; worker-src 'self'"
    )


def add_csp(html: str) -> str:
    """Insert the policy as the first element of <head>."""
    m = HEAD_RE.search(html)
    if m is None:
        return html
    tag = f'<meta http-equiv="Content-Security-Policy" content="{policy(html)}">'
    return html[: m.end()] + "\n    " + tag + html[m.end():]
