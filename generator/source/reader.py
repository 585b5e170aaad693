"""Read source files into YAML node trees that remember their positions.

Values are not constructed here: PyYAML's YAML 1.1 typing turns `no` into
False and `2024-02-30` into an exception. The spec (spec.py) decides the
type of each scalar from its raw text, so only the node tree leaves this module.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from .errors import FORBIDDEN_CHARS, Collector, Position, char_name
from .messages import say

# Data files are a few KB; the cap bounds time and memory on hostile input.
MAX_BYTES = 512 * 1024
MAX_NODES = 50_000
_BOM = b"\xef\xbb\xbf"


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


class _Alias(Exception):
    def __init__(self, node: Node):
        self.node = node


class _Forbidden(Exception):
    """A scalar whose decoded text holds a forbidden character (a YAML escape
    such as "\\x1b": the raw text was clean)."""

    def __init__(self, node: ScalarNode, char: str):
        self.node, self.char = node, char


# libyaml composes about 14 times faster than the pure-Python parser, which
# matters at 10,000 company files; its composer cannot be hooked, so the checks
# PyYAML lacks (duplicate keys, aliases, size) run on the finished node tree.
_Base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_STR, _NULL, _MERGE = "tag:yaml.org,2002:str", "tag:yaml.org,2002:null", "tag:yaml.org,2002:merge"
# What YAML reads as "no value" when unquoted.
NULL_WORDS = frozenset({"", "~", "null", "Null", "NULL"})


class _Loader(_Base):  # type: ignore[misc, valid-type]
    """PyYAML's implicit typing (a regex per plain scalar, a third of the
    composing time at 10,000 files) decides nothing here: the spec types each
    value from its raw text. Only two implicit tags are looked at afterwards:
    null (an empty or `~` value) and merge (`<<`, refused by _check_tree)."""

    def resolve(self, kind, value, implicit):
        if kind is ScalarNode:
            if implicit[0]:
                if value in NULL_WORDS:
                    return _NULL
                if value == "<<":
                    return _MERGE
            return _STR
        return "tag:yaml.org,2002:seq" if kind is SequenceNode else "tag:yaml.org,2002:map"


# Tags PyYAML would turn into Python objects, or MkDocs' loader would refuse
# (front matter then silently becomes page text): only the plain types pass.
_PLAIN_TAGS = frozenset(f"tag:yaml.org,2002:{t}"
                        for t in ("str", "int", "float", "bool", "null", "timestamp", "seq", "map"))
_ALIAS_MESSAGE = "les ancres et alias YAML (&nom, *nom) ne sont pas acceptés"
_ALIAS_HINT = "recopiez la valeur au lieu d'utiliser une ancre & et un alias *"


def _check_tree(root: Node, line_offset: int = 0) -> None:
    """Reject duplicate keys, non-text keys, aliases, tags and oversized trees."""
    seen_ids: set[int] = set()
    stack: list[tuple[Node, Node]] = [(root, root)]
    count = 0
    while stack:
        node, where = stack.pop()
        if id(node) in seen_ids:
            # An alias yields the very same node object a second time; the
            # caller locates the '*' itself (the tree no longer knows it).
            raise _Alias(where)
        seen_ids.add(id(node))
        count += 1
        if count > MAX_NODES:
            raise _Abort(root, "fichier trop complexe", "découpez ce fichier en plusieurs fichiers")
        if node.tag == "tag:yaml.org,2002:merge":
            raise _Abort(node, "la fusion YAML « << » n'est pas acceptée",
                         "recopiez les clés au lieu de les fusionner")
        if node.tag not in _PLAIN_TAGS:
            shown = node.tag.replace("tag:yaml.org,2002:", "!!", 1)  # as the editor typed it
            raise _Abort(node, f"étiquette YAML '{shown}' non acceptée",
                         "retirez ce qui commence par « ! » devant la valeur, ou mettez toute la valeur entre guillemets")
        if isinstance(node, ScalarNode):
            # Every scalar, keys included, becomes text somewhere (a page, the
            # feed, a badge, a message): check what it decodes to.
            bad = FORBIDDEN_CHARS.search(node.value)
            if bad is not None:
                raise _Forbidden(node, bad.group())
        elif isinstance(node, MappingNode):
            keys: dict[str, Node] = {}
            for key, value in node.value:
                if not isinstance(key, ScalarNode):
                    raise _Abort(key, "une clé doit être un texte simple",
                                 "écrivez « nom: valeur » ; une clé n'est ni une liste ni un ensemble de clés")
                if key.value in keys:
                    first = keys[key.value].start_mark.line + 1 + line_offset
                    raise _Abort(key, f"clé '{key.value}' en double (déjà définie ligne {first})",
                                 "supprimez l'une des deux lignes ou fusionnez-les")
                keys[key.value] = key
                stack.append((key, key))
                stack.append((value, key))
        elif isinstance(node, SequenceNode):
            stack.extend((child, node) for child in reversed(node.value))


def _alias_mark(text: str):
    """Where the first alias stands: events keep it, nodes do not. Events are
    not expanded, so an alias bomb costs one linear pass here."""
    try:
        for event in yaml.parse(text, Loader=_Loader):
            if isinstance(event, yaml.AliasEvent):
                return event.start_mark
    except yaml.YAMLError:
        pass
    return None


def read_source(path: Path, root: Path, collector: Collector) -> Source | None:
    """Read and decode one file; on failure, report and return None."""
    rel = path.relative_to(root).as_posix()
    if path.is_symlink():
        # A link could pull any file of the machine (CI secrets included) into
        # error messages or into the built site.
        collector.error(Position(rel), "lien symbolique refusé",
                        "remplacez le lien par une copie du fichier, à l'intérieur du projet")
        return None
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            collector.error(Position(rel), f"fichier trop volumineux ({size} octets, maximum {MAX_BYTES})",
                            "un fichier de données fait quelques Ko : découpez-le ou retirez ce qui n'y a pas sa place")
            return None
        raw = path.read_bytes()
    except OSError as exc:
        collector.error(Position(rel), f"lecture impossible : {exc.strerror}",
                        "vérifiez que c'est bien un fichier texte lisible (droits d'accès, nom)")
        return None
    bom = len(_BOM) if raw.startswith(_BOM) else 0
    try:
        text = raw[bom:].decode("utf-8")  # a byte order mark is accepted and dropped
    except UnicodeDecodeError as exc:
        bad = exc.start + bom
        line_start = raw.rfind(b"\n", 0, bad) + 1
        line = raw.count(b"\n", 0, bad) + 1
        # Editors count characters, not bytes: the line before the bad byte is valid UTF-8.
        col = len(raw[max(line_start, bom):bad].decode("utf-8")) + 1
        collector.register_source(rel, raw[bom:].decode("utf-8", errors="replace"))
        collector.error(Position(rel, line, col), f"ce fichier n'est pas encodé en UTF-8 (octet 0x{raw[bad]:02X})",
                        "enregistrez-le en UTF-8 (dans votre éditeur : « Enregistrer avec l'encodage » > UTF-8)")
        return None
    # CRLF and CR endings are accepted: Windows editors produce them.
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    collector.register_source(rel, text)
    return Source(rel, text)


# The escapes of a double-quoted YAML text, in reading order: a doubled
# backslash is one escape, so the "x1b" of "\\x1b" is not taken for one.
_ESCAPE_RE = re.compile(r"\\(x[0-9A-Fa-f]{2}|u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8}|.)", re.S)
_SHORT_ESCAPES = {"0": "\0", "a": "\a", "b": "\b", "v": "\v", "f": "\f", "r": "\r", "e": "\x1b",
                  "N": "\x85", "L": "\u2028", "P": "\u2029"}


def _decoded(escape: str) -> str:
    return chr(int(escape[1:], 16)) if escape[0] in "xuU" else _SHORT_ESCAPES.get(escape, escape)


def _forbidden_escape(text: str, node: ScalarNode) -> tuple[int, int, str]:
    """(line, column, escape as written) of the escape that produced the
    forbidden character, 0-based in `text`; the scalar's start if none did."""
    start, end = node.start_mark, node.end_mark
    if node.style == '"' and end.index <= len(text):
        raw = text[start.index:end.index]
        for m in _ESCAPE_RE.finditer(raw):
            if FORBIDDEN_CHARS.search(_decoded(m.group(1))):
                at = start.index + m.start()
                line_start = text.rfind("\n", 0, at) + 1
                return text.count("\n", 0, at), at - line_start, m.group()
    return start.line, start.column, ""

# libyaml's messages, for editors who read French. Keyed by the problem text.
_YAML_PROBLEMS: dict[str, tuple[str, str]] = {
    "mapping values are not allowed in this context": (
        "« : » inattendu",
        "un texte qui contient « : » se met entre guillemets ; sinon, vérifiez l'indentation de cette ligne et de la précédente"),
    "did not find expected key": (
        "clé attendue à cet endroit",
        "vérifiez l'indentation (les clés d'un même bloc sont alignées) et les guillemets de la ligne précédente"),
    "did not find expected '-' indicator": (
        "élément de liste « - » attendu",
        "vérifiez l'indentation : les éléments d'une liste sont alignés et commencent par « - »"),
    "did not find expected ',' or ']'": (
        "liste entre crochets non fermée",
        "fermez la liste par « ] » sur la même ligne et séparez les éléments par des virgules"),
    "did not find expected ',' or '}'": (
        "ensemble entre accolades non fermé",
        "fermez-le par « } » sur la même ligne et séparez les éléments par des virgules"),
    "found unexpected end of stream": (
        "guillemet non fermé",
        "ajoutez le guillemet de fin, du même type que celui d'ouverture"),
    "found character that cannot start any token": (
        "caractère inattendu en début de valeur",
        "mettez la valeur entre guillemets (un texte ne peut pas commencer par @, ` ou %)"),
    "could not find expected ':'": (
        "« : » attendu après la clé",
        "écrivez « clé: valeur », avec une espace après les deux-points"),
    "found unknown escape character": (
        "barre oblique inverse \\ inattendue entre guillemets doubles",
        "doublez-la (\\\\) ou utilisez des guillemets simples"),
    "found invalid Unicode character escape code": (
        "séquence \\u… invalide entre guillemets doubles (moitié de caractère UTF-16 ou code hors d'Unicode)",
        "écrivez le caractère lui-même plutôt que son code ; un émoji s'écrit tel quel, pas en deux \\u…"),
    "did not find expected node content": (
        "valeur attendue à cet endroit",
        "vérifiez la ponctuation : une virgule ou un « - » de trop ?"),
    "block sequence entries are not allowed in this context": (
        "« - » inattendu",
        "une liste commence à la ligne suivant sa clé, indentée ; sinon mettez le texte entre guillemets"),
    "but found another document": (
        "un seul document par fichier",
        "supprimez la ligne « --- » et ce qui suit, ou déplacez-le dans un autre fichier"),
    "exceeded maximum nesting depth": (
        "imbrication trop profonde", "un fichier de données n'a que quelques niveaux d'indentation"),
}
# These problems are noticed far from their cause; libyaml's context points at the cause.
_AT_CONTEXT = {"did not find expected ',' or ']'", "did not find expected ',' or '}'", "found unexpected end of stream"}
_DEFAULT_HINT = ("vérifiez l'indentation et les deux-points ; mettez entre guillemets un texte qui contient « : » "
                 "ou commence par un caractère spécial")


def _unclosed_quote(text: str, problem):
    """A quoted text that swallowed the lines after it is the usual cause of a
    parser error a line or two below: return its opening mark, if so."""
    last = None
    try:
        for token in yaml.scan(text, Loader=_Loader):
            if token.start_mark.index >= problem.index:
                break  # the scanner runs ahead of the parser that failed
            if isinstance(token, yaml.ScalarToken):
                last = token
    except yaml.YAMLError:
        pass
    if (last is not None and last.style in ("'", '"') and last.end_mark.line > last.start_mark.line
            and 0 <= problem.line - last.end_mark.line <= 1):
        return last.start_mark
    return None


def _yaml_error(exc: yaml.MarkedYAMLError, text: str):
    """(mark, message, hint) in French for a libyaml error."""
    problem = exc.problem or ""
    context = exc.context or ""
    if "anchor" in context or "alias" in problem:
        return exc.problem_mark, _ALIAS_MESSAGE, _ALIAS_HINT
    if problem == "found unexpected end of stream" and "quoted" not in context:
        problem = ""  # the end of a file inside something else than a quoted text: rare, keep libyaml's words
    mark = exc.context_mark if problem in _AT_CONTEXT and exc.context_mark else exc.problem_mark or exc.context_mark
    if problem == "found invalid Unicode character escape code" and mark is not None:
        # libyaml points inside the hex digits; the editor looks for the backslash.
        back = text.rfind("\\", 0, mark.index + 1)
        if back >= 0 and text.count("\n", 0, back) == mark.line:
            mark = yaml.Mark(mark.name, back, mark.line, mark.column - (mark.index - back), None, None)
    message, hint = _YAML_PROBLEMS.get(problem, (f"syntaxe incorrecte ({exc.problem or context})", _DEFAULT_HINT))
    if problem == "did not find expected key" and exc.problem_mark is not None:
        opening = _unclosed_quote(text, exc.problem_mark)
        if opening is not None:
            return (opening, "YAML invalide : guillemet non fermé",
                    "ce texte continue jusqu'au prochain guillemet, plus bas : ajoutez le guillemet de fin")
    return mark, f"YAML invalide : {message}", hint


def parse_yaml(source: Source, collector: Collector, text: str | None = None,
               line_offset: int = 0) -> Document | None:
    """Compose `text` (default: the whole source) into a positioned node tree."""
    text = source.text if text is None else text

    def report(line: int, col: int, message: str, hint: str) -> None:
        collector.error(Position(source.rel, line + line_offset, col), message, hint)

    for n, line in enumerate(text.split("\n"), start=1):
        indent = len(line) - len(line.lstrip(" \t"))
        if "\t" in line[:indent]:  # libyaml refuses it even on a blank line
            report(n, line.index("\t") + 1, "tabulation dans l'indentation",
                   "YAML n'accepte que des espaces pour indenter : remplacez la tabulation par des espaces"
                   if line.strip() else "supprimez la tabulation de cette ligne vide")
            return None
    bad = FORBIDDEN_CHARS.search(text)
    if bad is not None:
        line_no = text.count("\n", 0, bad.start()) + 1
        col = bad.start() - (text.rfind("\n", 0, bad.start()) + 1) + 1
        report(line_no, col, *say("caractere_invisible", char=char_name(bad.group())))
        return None
    try:
        root = yaml.compose(text, Loader=_Loader)
        if root is not None:
            _check_tree(root, line_offset)
    except _Alias as exc:
        mark = _alias_mark(text) or exc.node.start_mark
        report(mark.line + 1, mark.column + 1, _ALIAS_MESSAGE, _ALIAS_HINT)
        return None
    except _Abort as exc:
        mark = exc.node.start_mark
        report(mark.line + 1, mark.column + 1, exc.message, exc.hint)
        return None
    except _Forbidden as exc:
        line, col, escape = _forbidden_escape(text, exc.node)
        written = f", écrit « {escape} »" if escape else ""
        report(line + 1, col + 1, say("caractere_invisible", char=char_name(exc.char))[0] + written,
               "supprimez cette séquence qui commence par une barre oblique inverse : ce caractère invisible "
               "n'a sa place dans aucun texte (il casserait le flux Atom et les badges) ; un retour à la ligne "
               "s'écrit \\n, une tabulation \\t" if escape else
               "supprimez-le : ce caractère invisible n'a sa place dans aucun texte")
        return None
    except yaml.MarkedYAMLError as exc:
        mark, message, hint = _yaml_error(exc, text)
        report((mark.line + 1) if mark else 1, (mark.column + 1) if mark else 1, message, hint)
        return None
    except yaml.YAMLError as exc:  # a reader error: the checks above should have caught it
        report(1, 1, f"YAML invalide : {exc}", _DEFAULT_HINT)
        return None
    return Document(source, root, line_offset)


@dataclass(frozen=True)
class MarkdownFile:
    source: Source
    front: Document | None
    body: str
    body_line: int  # 1-based line where the body starts


# The delimiters MkDocs accepts (mkdocs.utils.meta): a disagreement would show
# the front matter as page text, or hide the start of the page.
_OPEN_RE = re.compile(r"---[ \t]*\n")
_CLOSE_RE = re.compile(r"^(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.M)


def split_front_matter(source: Source, collector: Collector) -> MarkdownFile | None:
    """Split a Markdown file into its YAML front matter and its body."""
    text = source.text
    opening = _OPEN_RE.match(text)
    if opening is None:
        return MarkdownFile(source, None, text, 1)
    closing = _CLOSE_RE.search(text, opening.end())
    if closing is None:
        collector.error(Position(source.rel, 1, 1), "en-tête YAML non fermé",
                        "ajoutez une ligne '---' après les métadonnées de la fiche")
        return None
    yaml_text = text[opening.end() : closing.start()]
    body = text[closing.end() :]
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
