"""Read source files into YAML node trees that remember their positions.

Values are not constructed here: PyYAML's YAML 1.1 typing turns `no` into
False and `2024-02-30` into an exception. The schema (schema.py) decides the
type of each scalar from its raw text, so only the node tree leaves this module.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from .errors import Collector, Position

# Data files are a few KB; the cap bounds time and memory on hostile input.
MAX_BYTES = 512 * 1024
MAX_NODES = 50_000


@dataclass(frozen=True)
class Source:
    """A decoded source file: its project-relative path and its text."""

    rel: str
    text: str


@dataclass(frozen=True)
class Document:
    """A YAML document (a data file or a front matter block)."""

    source: Source
    root: Node | None
    line_offset: int = 0  # front matter starts after the opening '---'


class _Abort(Exception):
    def __init__(self, node: Node, message: str, hint: str = ""):
        self.node, self.message, self.hint = node, message, hint


# libyaml composes about 14 times faster than the pure-Python parser, which
# matters at 10,000 company files; its composer cannot be hooked, so the checks
# PyYAML lacks (duplicate keys, aliases, size) run on the finished node tree.
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _check_tree(root: Node) -> None:
    """Reject duplicate keys, non-text keys, aliases and oversized trees."""
    seen_ids: set[int] = set()
    stack: list[tuple[Node, Node]] = [(root, root)]
    count = 0
    while stack:
        node, where = stack.pop()
        if id(node) in seen_ids:
            # An alias yields the very same node object a second time.
            raise _Abort(where, "les alias YAML (*nom) ne sont pas acceptés",
                         "recopiez la valeur au lieu d'utiliser une ancre & et un alias *")
        seen_ids.add(id(node))
        count += 1
        if count > MAX_NODES:
            raise _Abort(root, "fichier trop complexe", "découpez ce fichier en plusieurs fichiers")
        if isinstance(node, MappingNode):
            keys: dict[str, Node] = {}
            for key, value in node.value:
                if not isinstance(key, ScalarNode):
                    raise _Abort(key, "une clé doit être un texte simple")
                if key.value in keys:
                    first = keys[key.value].start_mark.line + 1
                    raise _Abort(key, f"clé '{key.value}' en double (déjà définie ligne {first})",
                                 "supprimez l'une des deux lignes ou fusionnez-les")
                keys[key.value] = key
                stack.append((value, key))
        elif isinstance(node, SequenceNode):
            stack.extend((child, node) for child in reversed(node.value))


def read_source(path: Path, root: Path, collector: Collector) -> Source | None:
    """Read and decode one file; on failure, report and return None."""
    rel = path.relative_to(root).as_posix()
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            collector.error(Position(rel), f"fichier trop volumineux ({size} octets, maximum {MAX_BYTES})",
                            "un fichier de données fait quelques Ko : découpez-le ou retirez ce qui n'y a pas sa place")
            return None
        raw = path.read_bytes()
    except OSError as exc:
        collector.error(Position(rel), f"lecture impossible : {exc.strerror}")
        return None
    try:
        text = raw.decode("utf-8-sig")  # a byte order mark is accepted and dropped
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        col = len(before) - (before.rfind(b"\n") + 1) + 1
        collector.register_source(rel, raw.decode("utf-8", errors="replace"))
        collector.error(Position(rel, line, col), "ce fichier n'est pas encodé en UTF-8",
                        "enregistrez-le en UTF-8 (dans votre éditeur : « Enregistrer avec l'encodage » > UTF-8)")
        return None
    # CRLF and CR endings are accepted: Windows editors produce them.
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    collector.register_source(rel, text)
    return Source(rel, text)


def parse_yaml(source: Source, collector: Collector, text: str | None = None,
               line_offset: int = 0) -> Document | None:
    """Compose `text` (default: the whole source) into a positioned node tree."""
    text = source.text if text is None else text
    for n, line in enumerate(text.split("\n"), start=1):
        indent = len(line) - len(line.lstrip(" \t"))
        if "\t" in line[:indent]:
            collector.error(Position(source.rel, n + line_offset, line.index("\t") + 1),
                            "tabulation dans l'indentation",
                            "YAML n'accepte que des espaces pour indenter : remplacez la tabulation par des espaces")
            return None
    try:
        root = yaml.compose(text, Loader=_Loader)
        if root is not None:
            _check_tree(root)
    except _Abort as exc:
        mark = exc.node.start_mark
        collector.error(Position(source.rel, mark.line + 1 + line_offset, mark.column + 1), exc.message, exc.hint)
        return None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = (mark.line + 1) if mark else 1
        col = (mark.column + 1) if mark else 1
        problem = exc.problem or exc.context or "syntaxe invalide"
        collector.error(Position(source.rel, line + line_offset, col),
                        f"YAML invalide : {problem}",
                        "vérifiez l'indentation et les deux-points ; mettez entre guillemets un texte qui contient « : » ou commence par un caractère spécial")
        return None
    except yaml.YAMLError as exc:
        collector.error(Position(source.rel, 1 + line_offset, 1), f"YAML invalide : {exc}")
        return None
    return Document(source, root, line_offset)


@dataclass(frozen=True)
class MarkdownFile:
    source: Source
    front: Document | None
    body: str
    body_line: int  # 1-based line where the body starts


def split_front_matter(source: Source, collector: Collector) -> MarkdownFile | None:
    """Split a Markdown file into its YAML front matter and its body."""
    text = source.text
    if not text.startswith("---\n"):
        return MarkdownFile(source, None, text, 1)
    end = text.find("\n---\n", 3)
    if end == -1 and text.endswith("\n---"):
        end = len(text) - 4
    if end == -1:
        collector.error(Position(source.rel, 1, 1), "en-tête YAML non fermé",
                        "ajoutez une ligne '---' après les métadonnées de la fiche")
        return None
    yaml_text = text[4 : end + 1]
    body = text[end + 5 :]
    body_line = yaml_text.count("\n") + 3
    doc = parse_yaml(source, collector, yaml_text, line_offset=1)
    if doc is None:
        return None
    return MarkdownFile(source, doc, body, body_line)


def node_position(doc: Document, node: Node) -> Position:
    return Position(doc.source.rel, node.start_mark.line + 1 + doc.line_offset, node.start_mark.column + 1)


__all__ = [
    "Document", "MarkdownFile", "Source", "MappingNode", "ScalarNode", "SequenceNode",
    "node_position", "parse_yaml", "read_source", "split_front_matter",
]
