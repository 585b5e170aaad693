"""JSON Schemas of the files editors write, generated from kinds.py.

Editors' tools (VS Code with the YAML extension) read `schemas/*.schema.json`
to complete keys and underline mistakes while typing. They come from the very
specs the validator runs, so a key cannot be valid for one and not the other;
a test fails if the committed files differ from what this module writes.
"""

from __future__ import annotations

import json
from pathlib import Path

from ..source.kinds import KINDS
from ..source.spec import json_schema

# A URN rather than a web address: the schemas are read from the repository,
# and a made-up URL would invite tools to fetch it.
ID_PREFIX = "urn:rse-clusters:schema:"


def file_name(kind: str) -> str:
    return f"{kind}.schema.json"


def schema_text(kind: str) -> str:
    """The schema of one kind, serialised deterministically (reviewable diffs)."""
    spec, title = KINDS[kind]
    schema = json_schema(spec, ID_PREFIX + kind, title)
    return json.dumps(schema, ensure_ascii=False, sort_keys=True, indent=2) + "\n"


def write_schemas(folder: Path) -> list[Path]:
    """Write every kind's schema into `folder`; returns the paths written."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for kind in KINDS:
        path = folder / file_name(kind)
        text = schema_text(kind)
        # Leave unchanged files alone: editors' tools reload on every write.
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8", newline="\n")
        written.append(path)
    return written
