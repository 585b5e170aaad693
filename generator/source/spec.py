"""Typed descriptions of every kind of source file.

One description serves two purposes: converting a positioned YAML node tree
into checked Python values (with French messages at the right line and
column), and producing the JSON Schema published for editors' tools. Keeping
both in one place is what stops the schema and the validator from drifting.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any, Callable

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from .errors import Collector, Position, choices_hint, closest
from .reader import NULL_WORDS, Document, node_position
from .messages import MESSAGES, say

SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
INT_RE = re.compile(r"^[+-]?\d+$")
NUM_RE = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")
EMAIL_RE = re.compile(r"^[A-Za-z0-9._%+-]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+$")
URL_RE = re.compile(r'^https?://[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?(?::\d+)?(?:[/?#][^\s<>"]*)?$')
HTML_RE = re.compile(r"<\s*/?\s*[A-Za-z!]|&[A-Za-z#][A-Za-z0-9]*;")
# Plain text can reach Markdown (the print view): a link target there would be live.
SCRIPT_URL_RE = re.compile(r"\b(?:javascript|vbscript)\s*:", re.I)
MAX_DIGITS = 15  # beyond, Python refuses or rounds; no count or score is that large
MAX_URL = 2000
MAX_EMAIL = 254


class Ctx:
    """What a conversion needs: where to report, in which document."""

    def __init__(self, doc: Document, collector: Collector):
        self.doc = doc
        self.collector = collector

    def pos(self, node: Node) -> Position:
        return node_position(self.doc, node)

    def error(self, node: Node, message: str, hint: str = "") -> None:
        self.collector.error(self.pos(node), message, hint)


class Invalid(Exception):
    """Internal: the node was reported; the caller drops the value."""


class Record(dict):
    """A converted mapping that remembers where each of its values stands.

    Positions are computed on demand from the nodes: only values that end up
    in an error message need one, and at 10,000 files building them all
    eagerly was a visible part of validation."""

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self._ctx: Ctx | None = None
        self._node: Node | None = None
        self._nodes: dict[str, Node] = {}
        # key -> (provenance, reason, guide lines) for values an editor marked
        # (see Sourced); a key absent here is unmarked: the file's default.
        self.sources: dict[str, tuple[str, str | None, str | None]] = {}

    def locate(self, ctx: Ctx, node: Node) -> None:
        self._ctx, self._node = ctx, node

    def locate_key(self, key: str, node: Node) -> None:
        self._nodes[key] = node

    @property
    def position(self) -> Position:
        return self._ctx.pos(self._node) if self._ctx is not None and self._node is not None else Position("")

    @property
    def positions(self) -> dict[str, Position]:
        return {k: self.pos(k) for k in self._nodes}

    def pos(self, key: str) -> Position:
        node = self._nodes.get(key)
        if node is None or self._ctx is None:
            return self.position
        return self._ctx.pos(node)


class Items(list):
    """A converted sequence that remembers the position of each item (on demand)."""

    def __init__(self, *args: Any):
        super().__init__(*args)
        self._ctx: Ctx | None = None
        self._node: Node | None = None
        self._nodes: list[Node] = []

    @property
    def position(self) -> Position:
        return self._ctx.pos(self._node) if self._ctx is not None and self._node is not None else Position("")

    @property
    def positions(self) -> list[Position]:
        return [self._ctx.pos(n) for n in self._nodes] if self._ctx is not None else []


def _plain(node: ScalarNode) -> bool:
    """An unquoted scalar. libyaml's composer gives plain scalars the style ''
    where PyYAML's gives None: `~` or an empty value is only null when plain."""
    return not node.style


def _kind(node: Node) -> str:
    if isinstance(node, MappingNode):
        return "un ensemble de clés"
    if isinstance(node, SequenceNode):
        return "une liste"
    return f"'{node.value}'" if node.value else "une valeur vide"


@dataclass
class Spec:
    description: str = ""

    def convert(self, node: Node, ctx: Ctx) -> Any:
        raise NotImplementedError

    def json_schema(self) -> dict:
        raise NotImplementedError

    def _doc(self, schema: dict) -> dict:
        if self.description:
            schema["description"] = self.description
        return schema

    def _scalar(self, node: Node, ctx: Ctx, expected: str) -> str:
        if not isinstance(node, ScalarNode):
            if isinstance(node, SequenceNode):
                hint = "écrivez une seule valeur après la clé, sans « - » ni crochets [ ]"
            else:
                hint = ("écrivez la valeur sur la même ligne que sa clé : "
                        "les lignes indentées en dessous en font des sous-clés")
            ctx.error(node, f"attendu {expected}, trouvé {_kind(node)}", hint)
            raise Invalid
        return node.value


@dataclass
class Str(Spec):
    plain: bool = True  # plain text: HTML is refused, it would be escaped anyway
    min_len: int = 1
    max_len: int = 2000
    pattern: re.Pattern | None = None
    pattern_hint: str = ""

    def convert(self, node: Node, ctx: Ctx) -> str:
        value = self._scalar(node, ctx, "un texte")
        if node.tag != "tag:yaml.org,2002:str" and _plain(node) and value in NULL_WORDS:
            value = ""
        value = value.strip()
        if len(value) < self.min_len:
            ctx.error(node, *say("texte_vide"))
            raise Invalid
        if len(value) > self.max_len:
            ctx.error(node, *say("texte_trop_long", length=len(value), maximum=self.max_len))
            raise Invalid
        if self.plain and HTML_RE.search(value):
            ctx.error(node, *say("html_interdit"))
            raise Invalid
        if self.plain and "script" in value.lower() and SCRIPT_URL_RE.search(value):
            ctx.error(node, *say("javascript_interdit"))
            raise Invalid
        if self.pattern is not None and not self.pattern.match(value):
            ctx.error(node, say("valeur_invalide", value=value)[0], self.pattern_hint)
            raise Invalid
        return value

    def json_schema(self) -> dict:
        s: dict = {"type": "string", "minLength": self.min_len, "maxLength": self.max_len}
        if self.pattern is not None:
            s["pattern"] = self.pattern.pattern
        if self.plain and self.pattern is None:  # a pattern already rules markup out
            s["not"] = {"pattern": HTML_RE.pattern}
        return self._doc(s)


def Slug(description: str = "") -> Str:  # noqa: N802 - reads as a type
    return Str(description=description, max_len=80, pattern=SLUG_RE,
               pattern_hint=MESSAGES["identifiant.conseil"])


@dataclass
class Url(Spec):
    mailto: bool = False

    def convert(self, node: Node, ctx: Ctx) -> str:
        value = self._scalar(node, ctx, "une adresse web").strip()
        if len(value) > MAX_URL:  # also bounds the regular expression's work
            ctx.error(node, *say("adresse_trop_longue", length=len(value), maximum=MAX_URL))
            raise Invalid
        if self.mailto and value.startswith("mailto:") and EMAIL_RE.match(value[7:]):
            return value
        if not URL_RE.match(value):
            allowed = "http(s) ou mailto" if self.mailto else "http(s)"
            ctx.error(node, *say("adresse_invalide", value=value, allowed=allowed))
            raise Invalid
        return value

    def json_schema(self) -> dict:
        return self._doc({"type": "string", "maxLength": MAX_URL, "pattern": URL_RE.pattern, "format": "uri"})


@dataclass
class Email(Spec):
    def convert(self, node: Node, ctx: Ctx) -> str:
        value = self._scalar(node, ctx, "une adresse e-mail").strip()
        if len(value) > MAX_EMAIL or not EMAIL_RE.match(value):
            ctx.error(node, f"adresse e-mail invalide '{value}'", "attendu une adresse de la forme nom@domaine.fr")
            raise Invalid
        return value

    def json_schema(self) -> dict:
        return self._doc({"type": "string", "format": "email", "maxLength": MAX_EMAIL, "pattern": EMAIL_RE.pattern})


@dataclass
class Int(Spec):
    minimum: int | None = None
    maximum: int | None = None

    def convert(self, node: Node, ctx: Ctx) -> int:
        value = self._scalar(node, ctx, "un nombre entier").strip()
        if not INT_RE.match(value):
            ctx.error(node, f"attendu un nombre entier, trouvé '{value}'", "écrivez un nombre sans espace ni décimale, par exemple 3")
            raise Invalid
        _digits(node, ctx, value)
        n = int(value)
        _bounds(node, ctx, n, self.minimum, self.maximum, exclusive=False)
        return n

    def json_schema(self) -> dict:
        s: dict = {"type": "integer"}
        if self.minimum is not None:
            s["minimum"] = self.minimum
        if self.maximum is not None:
            s["maximum"] = self.maximum
        return self._doc(s)


@dataclass
class Number(Spec):
    minimum: float | None = None
    exclusive_minimum: bool = False
    maximum: float | None = None

    def convert(self, node: Node, ctx: Ctx) -> float | int:
        value = self._scalar(node, ctx, "un nombre").strip()
        if not NUM_RE.match(value):
            ctx.error(node, f"attendu un nombre, trouvé '{value}'", "utilisez un point pour les décimales, par exemple 2.5")
            raise Invalid
        _digits(node, ctx, value)
        n: float | int = int(value) if INT_RE.match(value) else float(value)
        _bounds(node, ctx, n, self.minimum, self.maximum, exclusive=self.exclusive_minimum)
        return n

    def json_schema(self) -> dict:
        s: dict = {"type": "number"}
        if self.minimum is not None:
            s["exclusiveMinimum" if self.exclusive_minimum else "minimum"] = self.minimum
        if self.maximum is not None:
            s["maximum"] = self.maximum
        return self._doc(s)


def _digits(node: Node, ctx: Ctx, value: str) -> None:
    """Refuse what Python cannot read (over 4,300 digits) or would round to infinity."""
    mantissa, _, exponent = value.lower().partition("e")
    if sum(c.isdigit() for c in mantissa) > MAX_DIGITS or len(exponent.lstrip("+-")) > 2:
        shown = value if len(value) <= 20 else value[:20] + "…"
        ctx.error(node, f"nombre trop long '{shown}'", f"écrivez un nombre d'au plus {MAX_DIGITS} chiffres")
        raise Invalid


def _bounds(node: Node, ctx: Ctx, n: float, lo: float | None, hi: float | None, exclusive: bool) -> None:
    if lo is not None and (n <= lo if exclusive else n < lo):
        word = "strictement supérieur à" if exclusive else "au moins"
        ctx.error(node, f"nombre hors limites : {n}", f"attendu {word} {lo:g}")
        raise Invalid
    if hi is not None and n > hi:
        ctx.error(node, f"nombre hors limites : {n}", f"attendu au plus {hi:g}")
        raise Invalid


@dataclass
class Bool(Spec):
    def convert(self, node: Node, ctx: Ctx) -> bool:
        value = self._scalar(node, ctx, "true ou false").strip()
        if value in ("true", "True"):
            return True
        if value in ("false", "False"):
            return False
        ctx.error(node, f"attendu true ou false, trouvé '{value}'", "écrivez true (oui) ou false (non)")
        raise Invalid

    def json_schema(self) -> dict:
        return self._doc({"type": "boolean"})


@dataclass
class Date(Spec):
    def convert(self, node: Node, ctx: Ctx) -> dt.date:
        value = self._scalar(node, ctx, "une date AAAA-MM-JJ").strip()
        if not DATE_RE.match(value):
            ctx.error(node, *say("date_invalide", value=value))
            raise Invalid
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            ctx.error(node, *say("date_impossible", value=value))
            raise Invalid from None

    def json_schema(self) -> dict:
        return self._doc({"type": "string", "format": "date", "pattern": DATE_RE.pattern})


APPROX_RE = re.compile(r"^(?:(?P<word>avant|en|vers) (?P<year>\d{4})|(?P<unknown>inconnue))$")


@dataclass(frozen=True)
class ApproxDay:
    """A date known only roughly ("avant 2014", "en 2018") or not at all."""

    text: str
    year: int | None


@dataclass
class ApproxDate(Spec):
    """An exact date AAAA-MM-JJ, or what is known of it: « avant 2014 »,
    « en 2018 », « vers 2016 », « inconnue ». Nothing is computed from an
    approximate date: a status that would need it is « à confirmer »."""

    def convert(self, node: Node, ctx: Ctx) -> dt.date | ApproxDay:
        value = self._scalar(node, ctx, "une date AAAA-MM-JJ").strip()
        m = APPROX_RE.match(value)
        if m is not None:
            return ApproxDay(value, int(m.group("year")) if m.group("year") else None)
        if not DATE_RE.match(value):
            ctx.error(node, f"date invalide '{value}'",
                      "attendu une date AAAA-MM-JJ (par exemple 2024-03-01) ou, si elle n'est pas connue "
                      "exactement, « avant 2014 », « en 2018 », « vers 2016 » ou « inconnue »")
            raise Invalid
        return Date(description=self.description).convert(node, ctx)

    def json_schema(self) -> dict:
        return self._doc({"anyOf": [{"type": "string", "format": "date", "pattern": DATE_RE.pattern},
                                    {"type": "string", "pattern": APPROX_RE.pattern,
                                     "description": "date approximative : avant AAAA, en AAAA, vers AAAA ou inconnue"}]})


@dataclass
class Enum(Spec):
    values: tuple[str, ...] = ()

    def convert(self, node: Node, ctx: Ctx) -> str:
        value = self._scalar(node, ctx, "une valeur").strip()
        if value not in self.values:
            ctx.error(node, f"valeur inconnue '{value}'", choices_hint(value, self.values))
            raise Invalid
        return value

    def json_schema(self) -> dict:
        return self._doc({"enum": list(self.values)})


@dataclass
class ListOf(Spec):
    item: Spec = field(default_factory=Str)
    min_items: int = 0
    max_items: int = 5000
    unique: bool = False

    def convert(self, node: Node, ctx: Ctx) -> Items:
        if isinstance(node, ScalarNode) and node.value in NULL_WORDS and _plain(node):
            node_items: list[Node] = []
        elif not isinstance(node, SequenceNode):
            ctx.error(node, f"attendu une liste, trouvé {_kind(node)}",
                      "écrivez une liste, une valeur par ligne précédée de '- ', ou [a, b]")
            raise Invalid
        else:
            node_items = node.value
        out = Items()
        out._ctx, out._node = ctx, node
        if len(node_items) < self.min_items:
            ctx.error(node, *say("liste_trop_courte", count=len(node_items), minimum=self.min_items))
            raise Invalid
        if len(node_items) > self.max_items:
            ctx.error(node, f"liste trop longue ({len(node_items)} éléments, maximum {self.max_items})",
                      "découpez ce fichier en plusieurs fichiers")
            raise Invalid
        ok = True
        seen: set = set()
        for child in node_items:
            try:
                value = self.item.convert(child, ctx)
            except Invalid:
                ok = False
                continue
            if self.unique:
                if value in seen:
                    ctx.error(child, f"'{value}' apparaît deux fois dans la liste", "supprimez le doublon")
                    ok = False
                    continue
                seen.add(value)
            out.append(value)
            out._nodes.append(child)
        if not ok:
            raise Invalid
        return out

    def json_schema(self) -> dict:
        s: dict = {"type": "array", "items": self.item.json_schema()}
        if self.min_items:
            s["minItems"] = self.min_items
        if self.unique:
            s["uniqueItems"] = True
        return self._doc(s)


@dataclass
class F:
    """A field of an object: its spec and whether it is required."""

    spec: Spec
    required: bool = True


@dataclass
class Obj(Spec):
    fields: dict[str, F] = field(default_factory=dict)
    title: str = ""
    checks: tuple[Callable[[Record, Node, Ctx], None], ...] = ()

    def convert(self, node: Node, ctx: Ctx) -> Record:
        if not isinstance(node, MappingNode):
            what = f" ({self.title})" if self.title else ""
            ctx.error(node, f"attendu un ensemble de clés « nom: valeur »{what}, trouvé {_kind(node)}",
                      "écrivez une clé par ligne, « nom: valeur », au même niveau d'indentation")
            raise Invalid
        rec = Record()
        rec.locate(ctx, node)
        ok = True
        meant: set[str] = set()  # required keys an unknown key was probably meant to be
        for key_node, value_node in node.value:
            key = key_node.value
            spec = self.fields.get(key)
            if spec is None:
                ctx.error(key_node, f"clé inconnue '{key}'", choices_hint(key, self.fields))
                if (close := closest(key, self.fields)) is not None:
                    meant.add(close)
                ok = False
                continue
            if (not spec.required and isinstance(value_node, ScalarNode)
                    and _plain(value_node) and value_node.value in NULL_WORDS):
                continue  # an optional key left empty is the same as no key
            try:
                if isinstance(spec.spec, Sourced):
                    rec[key], source = spec.spec.convert_sourced(value_node, ctx)
                    if source is not None:
                        rec.sources[key] = source
                else:
                    rec[key] = spec.spec.convert(value_node, ctx)
                rec.locate_key(key, value_node)
            except Invalid:
                ok = False
        # A misspelt key is reported once, as unknown with its correction, not also as missing.
        missing = [k for k, f in self.fields.items()
                   if f.required and k not in rec and not _present(node, k) and k not in meant]
        for key in missing:
            ctx.error(node, f"clé obligatoire manquante : '{key}'",
                      f"ajoutez une ligne « {key}: … »" + (f" ({self.fields[key].spec.description})" if self.fields[key].spec.description else ""))
            ok = False
        if not ok:
            raise Invalid
        for check in self.checks:
            check(rec, node, ctx)
        return rec

    def json_schema(self) -> dict:
        s: dict = {
            "type": "object",
            "properties": {k: f.spec.json_schema() for k, f in self.fields.items()},
            "additionalProperties": False,
        }
        req = [k for k, f in self.fields.items() if f.required]
        if req:
            s["required"] = req
        if self.title:
            s["title"] = self.title
        return self._doc(s)


PROVENANCES = ("guide", "hypothese", "hors-guide")
PROVENANCE_TEXT = {"hypothese": "hypothèse", "hors-guide": "hors guide"}
LINES_RE = re.compile(r"^\d{1,5}(?:-\d{1,5})?$")
MAX_REASON = 400


@dataclass(init=False)
class Sourced(Spec):
    """A field whose value may be an editor's assumption or an addition from
    outside the guide. Written plainly, the value is the file's own (from the
    guide, for guide-derived files); written as a mapping, it says where it
    comes from, and an assumption always carries its reason:

        validite_ans:
          valeur: 3
          provenance: hypothese
          raison: "le guide ne précise pas la durée de validité"

    Only fields declared Sourced accept the mapping: validation knows which
    values may be assumptions, and the pages mark exactly those."""

    inner: Spec

    def __init__(self, inner: Spec, description: str = ""):
        self.inner, self.description = inner, description or inner.description

    def convert(self, node: Node, ctx: Ctx) -> Any:
        return self.convert_sourced(node, ctx)[0]

    def convert_sourced(self, node: Node, ctx: Ctx) -> tuple[Any, tuple[str, str | None, str | None] | None]:
        if not isinstance(node, MappingNode) or not (_present(node, "provenance") or _present(node, "valeur")):
            return self.inner.convert(node, ctx), None
        keys = {k.value: (k, v) for k, v in node.value}
        ok = True
        for key, (key_node, _v) in keys.items():
            if key not in ("valeur", "provenance", "raison", "lignes"):
                ctx.error(key_node, f"clé inconnue '{key}'", choices_hint(key, ("valeur", "provenance", "raison", "lignes")))
                ok = False
        if "valeur" not in keys:
            ctx.error(node, "clé obligatoire manquante : 'valeur'",
                      "écrivez la valeur elle-même sous « valeur: », à côté de « provenance: »")
            raise Invalid
        if "provenance" not in keys:
            ctx.error(node, "clé obligatoire manquante : 'provenance'",
                      "ajoutez « provenance: hypothese » (valeur supposée) ou « provenance: hors-guide » "
                      "(fait qui ne vient pas du guide), avec sa « raison: … »")
            raise Invalid
        value = self.inner.convert(keys["valeur"][1], ctx)
        kind = Enum(values=PROVENANCES).convert(keys["provenance"][1], ctx)
        reason = Str(max_len=MAX_REASON).convert(keys["raison"][1], ctx) if "raison" in keys else None
        lines = (Str(max_len=11, pattern=LINES_RE, pattern_hint="les lignes du texte du guide, par exemple 320 ou 318-331")
                 .convert(keys["lignes"][1], ctx) if "lignes" in keys else None)
        if kind != "guide" and reason is None:
            ctx.error(keys["provenance"][0], f"{PROVENANCE_TEXT[kind]} sans raison",
                      "ajoutez une ligne « raison: … » qui dit pourquoi cette valeur n'est pas celle du guide "
                      "(par exemple : « le guide ne précise pas la durée de validité »)")
            ok = False
        if not ok:
            raise Invalid
        return value, (kind, reason, lines)

    def json_schema(self) -> dict:
        inner = self.inner.json_schema()
        marked = {
            "type": "object",
            "properties": {
                "valeur": inner,
                "provenance": {"enum": list(PROVENANCES)},
                "raison": {"type": "string", "minLength": 1, "maxLength": MAX_REASON},
                "lignes": {"type": "string", "pattern": LINES_RE.pattern},
            },
            "required": ["valeur", "provenance"],
            "additionalProperties": False,
            "if": {"properties": {"provenance": {"enum": ["hypothese", "hors-guide"]}}},
            "then": {"required": ["raison"]},
        }
        return self._doc({"anyOf": [inner, marked]})


def _present(node: MappingNode, key: str) -> bool:
    return any(k.value == key for k, _ in node.value)


@dataclass
class MapOf(Spec):
    """A mapping from identifiers to values of one spec (e.g. named scales)."""

    value: Spec = field(default_factory=Str)
    key: Str = field(default_factory=lambda: Slug())

    def convert(self, node: Node, ctx: Ctx) -> Record:
        if not isinstance(node, MappingNode):
            ctx.error(node, f"attendu un ensemble de clés, trouvé {_kind(node)}",
                      f"écrivez une ligne par élément : {self.description}" if self.description
                      else "écrivez une ligne « nom: valeur » par élément")
            raise Invalid
        rec = Record()
        rec.locate(ctx, node)
        ok = True
        for key_node, value_node in node.value:
            try:
                key = self.key.convert(key_node, ctx)
                rec[key] = self.value.convert(value_node, ctx)
                rec.locate_key(key, key_node)
            except Invalid:
                ok = False
        if not ok:
            raise Invalid
        return rec

    def json_schema(self) -> dict:
        return self._doc({
            "type": "object",
            "propertyNames": {"pattern": SLUG_RE.pattern},
            "additionalProperties": self.value.json_schema(),
        })


def convert_document(doc: Document, spec: Spec, collector: Collector) -> Record | None:
    """Convert a whole document; None when it had errors (already reported)."""
    if doc.root is None:
        what = "en-tête YAML vide" if doc.line_offset else "fichier vide"
        collector.error(Position(doc.source.rel, 1 + doc.line_offset, 1), what,
                        "ajoutez les clés obligatoires (voir CONTRIBUTING.md)")
        return None
    try:
        return spec.convert(doc.root, Ctx(doc, collector))
    except Invalid:
        return None


def json_schema(spec: Spec, schema_id: str, title: str) -> dict:
    # The file kind's title wins over the spec's own (which names the object).
    return {**spec.json_schema(), "$schema": "https://json-schema.org/draft/2020-12/schema", "$id": schema_id, "title": title}
