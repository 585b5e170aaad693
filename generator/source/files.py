"""What the source folders may hold, besides the files the loaders read.

MkDocs publishes every file of `content/` as it is, following symbolic links,
and a file at a theme path replaces the theme's own. A pull request could so
publish a page with no policy (`.html`), a script the policy trusts as the
site's own (`assets/javascripts/app.js`), an SVG that runs script, or any
file of the machine behind a link. So `content/` holds Markdown and an
allowlist of inert asset types, checked by their first bytes too; SVG passes
only inside a static subset; no source folder holds a symbolic link.
"""

from __future__ import annotations

import re
import xml.parsers.expat
from pathlib import Path

from .errors import Collector, Position
from .layout import CONTENT, LINK_FREE, walk

MAX_ASSET_BYTES = 5 * 1024 * 1024

# Signatures of the inert types a page may show or link to.
_MAGIC: dict[str, tuple[bytes | re.Pattern, ...]] = {
    ".png": (b"\x89PNG\r\n\x1a\n",),
    ".jpg": (b"\xff\xd8\xff",),
    ".jpeg": (b"\xff\xd8\xff",),
    ".gif": (b"GIF87a", b"GIF89a"),
    ".webp": (re.compile(rb"^RIFF.{4}WEBP", re.S),),
    ".avif": (re.compile(rb"^.{4}ftyp(avif|avis)", re.S),),
    ".pdf": (b"%PDF-",),
}
ASSET_TYPES = (*_MAGIC, ".svg")
# The theme's and the project's assets, and what the build writes: a source
# there would replace them.
RESERVED_FOLDERS = ("assets", "pagefind", "search")

_TYPES_HINT = ("content/ contient des pages Markdown (.md) et, pour les illustrer, des images "
               "(png, jpg, webp, gif, avif, svg) ou des documents PDF ; une page s'écrit en Markdown")


def check_links_absent(root: Path, collector: Collector) -> None:
    """Refuse symbolic links in the source folders, files and folders alike."""
    for folder in LINK_FREE:
        for path, is_link in walk(root, folder):
            if is_link:
                collector.error(Position(path.relative_to(root).as_posix()), "lien symbolique refusé",
                                "remplacez le lien par une copie du fichier (ou du dossier), à l'intérieur du projet")


def check_content_files(root: Path, collector: Collector) -> None:
    """Refuse what content/ may not publish: other types, misnamed files,
    unsafe SVG, and anything at a reserved path."""
    for path, is_link in walk(root, CONTENT):
        if is_link:
            continue  # reported by check_links_absent
        rel = path.relative_to(root).as_posix()
        uri = path.relative_to(root / CONTENT).as_posix()
        top = uri.split("/", 1)[0]
        if top in RESERVED_FOLDERS and "/" in uri:
            collector.error(Position(rel), f"dossier réservé : content/{top}/",
                            f"le site place dans {top}/ ses propres fichiers (thème, scripts, index) : "
                            "rangez ce fichier ailleurs, par exemple dans content/images/")
            continue
        suffix = path.suffix.lower()
        if path.suffix == ".md":
            continue
        if suffix not in ASSET_TYPES or path.suffix != suffix:
            # .MD or .Png: MkDocs and web servers would not read them as the editor meant.
            shown = path.suffix or "(sans extension)"
            collector.error(Position(rel), f"type de fichier non accepté dans content/ : {shown}",
                            _TYPES_HINT if path.suffix == suffix else
                            f"écrivez l'extension en minuscules ({suffix}) ; " + _TYPES_HINT)
            continue
        try:
            size = path.stat().st_size
            if size > MAX_ASSET_BYTES:
                collector.error(Position(rel), f"fichier trop volumineux ({size} octets, maximum {MAX_ASSET_BYTES})",
                                "réduisez l'image ou le document avant de l'ajouter")
                continue
            data = path.read_bytes()
        except OSError as exc:
            collector.error(Position(rel), f"lecture impossible : {exc.strerror}", "vérifiez les droits du fichier")
            continue
        if suffix == ".svg":
            collector.register_source(rel, data.decode("utf-8", errors="replace"))
            for line, col, message, hint in svg_problems(data):
                collector.error(Position(rel, line, col), message, hint)
            continue
        if not any(m.match(data) if isinstance(m, re.Pattern) else data.startswith(m) for m in _MAGIC[suffix]):
            collector.error(Position(rel), f"le contenu de ce fichier n'est pas du {suffix[1:].upper()}",
                            "le navigateur doit recevoir le type qu'annonce l'extension : "
                            "enregistrez le fichier dans ce format, ou donnez-lui la bonne extension")


SVG_NS = "http://www.w3.org/2000/svg"
XLINK_NS = "http://www.w3.org/1999/xlink"
# Drawing and text elements of static SVG. Left out: script, style (CSS can
# fetch), foreignObject (HTML inside), image and feImage (load documents), a,
# animation elements (they can rewrite an href), iframe, audio, video.
SVG_ELEMENTS = frozenset("""
svg g defs symbol use title desc metadata switch path rect circle ellipse line polyline polygon text tspan
textPath linearGradient radialGradient stop clipPath mask pattern marker filter feBlend feColorMatrix
feComponentTransfer feComposite feConvolveMatrix feDiffuseLighting feDisplacementMap feDistantLight
feDropShadow feFlood feFuncA feFuncB feFuncG feFuncR feGaussianBlur feMerge feMergeNode feMorphology
feOffset fePointLight feSpecularLighting feSpotLight feTile feTurbulence
""".split())
# Metadata editors (Inkscape, Illustrator) write; browsers neither draw nor run it.
INERT_NS = frozenset({
    "http://www.inkscape.org/namespaces/inkscape", "http://sodipodi.sourceforge.net/DTD/sodipodi-0.dtd",
    "http://www.w3.org/1999/02/22-rdf-syntax-ns#", "http://purl.org/dc/elements/1.1/",
    "http://creativecommons.org/ns#", "http://web.resource.org/cc/", "http://ns.adobe.com/AdobeIllustrator/10.0/",
})
_SVG_HINT = ("un SVG publié ne contient que du dessin statique : pas de script, de style, d'événement on…, "
             "d'image ou de lien vers un autre fichier ; exportez-le en « SVG simple » ou en PNG")
_URL_IN_VALUE = re.compile(r"url\s*\(\s*(?!['\"]?#)", re.I)
_SCRIPTY = re.compile(r"(?:javascript|vbscript|data)\s*:|@import|expression\s*\(", re.I)


def _attribute_problems(attrs: dict[str, str]) -> list[str]:
    found = []
    for key, value in attrs.items():
        a_ns, _, a_local = key.rpartition(" ")
        if a_local.lower().startswith("on"):
            found.append(f"attribut {a_local} interdit (il exécute du code)")
        elif a_local == "href" and a_ns in ("", XLINK_NS) and not value.strip().startswith("#"):
            found.append(f"lien vers un autre fichier interdit ({value[:60]})")
        elif _SCRIPTY.search(value) or _URL_IN_VALUE.search(value):
            found.append(f"valeur interdite dans l'attribut {a_local} ({value[:60]})")
    return found


def svg_problems(data: bytes) -> list[tuple[int, int, str, str]]:
    """(line, column, message, hint) for everything outside the static subset."""
    problems: list[tuple[int, int, str, str]] = []
    parser = xml.parsers.expat.ParserCreate(namespace_separator=" ")
    parser.SetParamEntityParsing(xml.parsers.expat.XML_PARAM_ENTITY_PARSING_NEVER)
    depth_inert = 0
    seen_root = False

    def where() -> tuple[int, int]:
        return parser.CurrentLineNumber, parser.CurrentColumnNumber + 1

    def refuse(message: str) -> None:
        problems.append((*where(), message, _SVG_HINT))

    def start(name: str, attrs: dict[str, str]) -> None:
        nonlocal depth_inert, seen_root
        ns, _, local = name.rpartition(" ")
        if depth_inert or ns in INERT_NS:
            depth_inert += 1
            return
        if not seen_root and (ns, local) != (SVG_NS, "svg"):
            refuse("un fichier .svg commence par l'élément <svg> de l'espace de noms SVG")
        seen_root = True
        if ns != SVG_NS or local not in SVG_ELEMENTS:
            refuse(f"élément <{local}> interdit dans un SVG publié")
            return  # one message per element: removing it fixes its attributes too
        for message in _attribute_problems(attrs):
            refuse(message)

    def end(name: str) -> None:
        nonlocal depth_inert
        if depth_inert:
            depth_inert -= 1

    def doctype(*_args) -> None:
        refuse("déclaration <!DOCTYPE> interdite (elle peut définir des entités)")
        raise _Stop

    def instruction(target: str, _data: str) -> None:
        refuse(f"instruction <?{target} …?> interdite")

    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.StartDoctypeDeclHandler = doctype
    parser.EntityDeclHandler = doctype
    parser.ProcessingInstructionHandler = instruction
    try:
        parser.Parse(data, True)
    except _Stop:
        pass
    except xml.parsers.expat.ExpatError as exc:
        problems.append((exc.lineno, exc.offset + 1, f"SVG mal formé ({xml.parsers.expat.ErrorString(exc.code)})",
                         "ouvrez le fichier dans un éditeur d'images et enregistrez-le à nouveau en SVG"))
    if not seen_root and not problems:
        problems.append((1, 1, "fichier SVG vide", _SVG_HINT))
    return problems


class _Stop(Exception):
    pass


def shadowed_theme_files(content_uris: list[str], theme_dirs: list[Path]) -> list[str]:
    """Content files at the path of a theme or project file they would replace."""
    return [u for u in content_uris if any((Path(d) / u).is_file() for d in theme_dirs)]
