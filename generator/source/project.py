"""Load every source file, check it, and build the project model.

All checks run before anything is reported: an editor sees every problem of a
pull request at once. Single-file rules live in the specs (kinds.py); this
module adds what needs several files (references, duplicates) and the rules of
a referential that a schema cannot express.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from pathlib import Path
from typing import Iterable

from .cache import ParsedFiles
from .files import check_content_files, check_links_absent
from .layout import CONTENT, DATA, THEMES_FILE, Sources
from .errors import Collector, Position, choices_hint
from ..urls import generated_uris
from ..regions import NATIONAL, closest_region, region_names
from .kinds import CLUSTER, ENTREPRISE, FICHE, GUIDE_PAGE, REFERENTIEL, THEMES
from .links import Page, check_links, check_raw_html
from .reader import Document, Source, parse_yaml, read_source, split_front_matter
from .messages import say
from ..model import (
    Award, Cluster, Company, Contact, Criterion, Eligibility, Fiche, GuidePage, Label, LabelStep, Level,
    Note, Option, Project, Provenance, Referential, Theme, add_years,
)
from .spec import SLUG_RE, ApproxDay, Record, convert_document
from .steps import check_step_lists

def _slug_of(path: Path, root: Path, collector: Collector) -> str | None:
    slug = path.stem
    if not SLUG_RE.match(slug):
        collector.error(Position(path.relative_to(root).as_posix()), *say("nom_de_fichier_invalide", name=path.name))
        return None
    return slug


def _load_data(sources: Sources, kind: str, spec, collector: Collector, cache: ParsedFiles,
               broken: set[str] | None = None) -> dict[str, tuple[Record, Document]]:
    """Valid files by identifier; the identifiers of invalid ones go to `broken`,
    so that references to them do not repeat the file's own error elsewhere."""
    out: dict[str, tuple[Record, Document]] = {}
    broken = set() if broken is None else broken
    for path in sources.data_files(kind):
        slug = _slug_of(path, sources.root, collector)
        broken.add(path.stem)
        cached = cache.get(path, kind)
        if cached is not None:
            src, doc, rec = cached
            collector.register_source(src.rel, src.text)
        else:
            src = read_source(path, sources.root, collector)
            if src is None:
                continue
            doc = parse_yaml(src, collector)
            if doc is None:
                continue
            rec = convert_document(doc, spec, collector)
            if rec is None:
                continue
            cache.put(path, kind, src, doc, rec)
        if slug is None:
            continue
        broken.discard(path.stem)
        if slug in out:  # 'a.yml' and 'a.yaml'
            collector.error(Position(src.rel), f"identifiant '{slug}' en double", "gardez un seul fichier de ce nom")
            continue
        out[slug] = (rec, doc)
    return out


def _sources(rec: Record) -> tuple[tuple[str, Provenance], ...]:
    """The provenance of a record's marked values, sorted by field."""
    return tuple((k, Provenance(*v)) for k, v in sorted(rec.sources.items()))


def _fold(text: str) -> str:
    """Accent- and case-blind text: « Logistique » matches « logistique »."""
    return "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c)).casefold()


def _eligible(rule: Eligibility, rec: Record) -> list[tuple[str, str, str]]:
    """The conditions of `rule` a company fails: (field, message, hint)."""
    failed = []
    quoted = lambda values: ", ".join(f"'{v}'" for v in values)  # noqa: E731
    if rule.regions and rec["region"] not in rule.regions:
        failed.append(("region", *say("hors_perimetre_region", value=rec["region"], allowed=quoted(rule.regions))))
    if rule.sector_words and not any(_fold(w) in _fold(rec["secteur"]) for w in rule.sector_words):
        failed.append(("secteur", *say("hors_champ_secteur", value=rec["secteur"],
                                       allowed=" ou ".join(f"« {w} »" for w in rule.sector_words))))
    if rule.clusters and rec["cluster"] not in rule.clusters:
        failed.append(("cluster", *say("hors_perimetre_cluster", value=rec["cluster"], allowed=quoted(rule.clusters))))
    return failed


def _ref(collector: Collector, pos: Position, what: str, value: str, known: Iterable[str],
         broken: Iterable[str] = (), feminine: bool = False, suffix: str = "") -> bool:
    """Check a reference; one to an existing but invalid file fails silently
    (its own errors are reported where they are)."""
    known = list(known)
    if value in known:
        return True
    if value not in broken:
        unknown = "inconnue" if feminine else "inconnu"
        message, _ = say("reference_inconnue", what=what, unknown=unknown, value=value, suffix=suffix)
        collector.error(pos, message, choices_hint(value, known))
    return False


def _region(collector: Collector, pos: Position, value: str) -> None:
    """A region spelt otherwise than the map's official name ('Ile-de-France')
    is an error: its clusters and companies would silently be left off the map
    and split the directory's region filter. Any other name is accepted and
    reported by the build as one the map cannot place (francemap.unplaced)."""
    if value in region_names() or value == NATIONAL:
        return
    official = closest_region(value)
    if official:
        collector.error(pos, f"région mal orthographiée '{value}'", f"écrivez '{official}' (orthographe officielle)")


def _expand_options(rec: Record, crit: Record, scales: Record, collector: Collector) -> list[Record] | None:
    has_scale, has_options = "echelle" in crit, "options" in crit
    if has_scale == has_options:
        collector.error(crit.position, f"le critère '{crit['id']}' doit avoir soit 'echelle', soit 'options'",
                        "indiquez le nom d'une échelle partagée (echelle: …) ou une liste d'options, pas les deux")
        return None
    if has_scale:
        if not _ref(collector, crit.pos("echelle"), "échelle", crit["echelle"], scales, feminine=True):
            return None
        return list(scales[crit["echelle"]])
    return list(crit["options"])


def _check_options(options: list[Record], where: Position, collector: Collector) -> bool:
    ok = True
    values: set[str] = set()
    for opt in options:
        if opt["valeur"] in values:
            collector.error(opt.pos("valeur"), f"valeur d'option '{opt['valeur']}' en double", "chaque option a une valeur différente")
            ok = False
        values.add(opt["valeur"])
        abst = opt.get("abstention", False)
        if abst and "points" in opt:
            collector.error(opt.pos("points"), "une option d'abstention n'a pas de points",
                            "supprimez 'points' ou 'abstention: true'")
            ok = False
        if not abst and "points" not in opt:
            collector.error(opt.position, f"l'option '{opt['valeur']}' n'a pas de points",
                            "ajoutez « points: … » ou « abstention: true » si elle retire le critère du maximum")
            ok = False
    if ok and not any("points" in o for o in options):
        collector.error(where, "aucune option ne rapporte de points", "ajoutez au moins une option avec des points")
        ok = False
    return ok


def _option(opt: Record) -> Option:
    return Option(opt["valeur"], opt["libelle"], None if opt.get("abstention") else opt["points"])


def _referential(ref_id: str, rec: Record, collector: Collector, fiches: set[str], clusters: set[str],
                 broken_fiches: set[str] = frozenset(), broken_clusters: set[str] = frozenset()) -> Referential | None:
    start = len(collector.diagnostics)
    scales: Record = rec.get("echelles", Record())
    for name, options in scales.items():
        _check_options(list(options), scales.pos(name), collector)
    for slug, pos in zip(rec.get("fiches", []), getattr(rec.get("fiches"), "positions", [])):
        _ref(collector, pos, "fiche", slug, fiches, broken_fiches, feminine=True)

    theme_ids: set[str] = set()
    crit_ids: dict[str, Position] = {}
    unweighted = [t for t in rec["themes"] if "poids" not in t]
    if unweighted and len(unweighted) < len(rec["themes"]):
        collector.error(unweighted[0].position,
                        f"le thème '{unweighted[0]['id']}' n'a pas de poids, alors que d'autres en ont",
                        "donnez un 'poids' à tous les thèmes, ou à aucun")
    themes: list[Theme] = []
    for trec in rec["themes"]:
        if trec["id"] in theme_ids:
            collector.error(trec.pos("id"), f"thème '{trec['id']}' en double", "chaque thème a un identifiant différent")
        theme_ids.add(trec["id"])
        criteria: list[Criterion] = []
        for crec in trec["criteres"]:
            if crec["id"] in crit_ids:
                first = crit_ids[crec["id"]]
                collector.error(crec.pos("id"), f"critère '{crec['id']}' en double (déjà ligne {first.line})",
                                "les identifiants de critères sont uniques dans tout le référentiel")
            crit_ids[crec["id"]] = crec.pos("id")
            for slug, pos in zip(crec.get("fiches", []), getattr(crec.get("fiches"), "positions", [])):
                _ref(collector, pos, "fiche", slug, fiches, broken_fiches, feminine=True)
            options = _expand_options(rec, crec, scales, collector)
            if options is None:
                continue
            if "options" in crec and not _check_options(options, crec.pos("options"), collector):
                continue
            criteria.append(Criterion(
                crec["id"], crec["texte"], crec.get("aide"), crec["conseil"], tuple(crec.get("fiches", ())),
                tuple(_option(o) for o in options), crec.get("echelle"),
            ))
        themes.append(Theme(trec["id"], trec["titre"], trec.get("poids"), tuple(criteria)))

    max_points = sum(c.max_points for t in themes for c in t.criteria)
    levels: list[Level] = []
    niveaux = rec.get("niveaux", [])
    mixed = len({n["sur"] for n in niveaux}) > 1
    if mixed:
        odd = next(n for n in niveaux if n["sur"] != niveaux[0]["sur"])
        collector.error(odd.pos("sur"), "les niveaux mélangent 'score' et 'pourcentage'",
                        "faites porter tous les seuils sur la même base")
    level_ids: set[str] = set()
    previous = None
    for n in niveaux:
        if n["id"] in level_ids:
            collector.error(n.pos("id"), f"niveau '{n['id']}' en double", "chaque niveau a un identifiant différent")
        level_ids.add(n["id"])
        strict = n.get("strict", False)
        if previous is not None and not mixed and (n["seuil"], strict) <= previous:
            collector.error(n.pos("seuil"), f"seuil {n['seuil']:g} non croissant",
                            "rangez les niveaux du plus bas au plus haut, chacun avec un seuil supérieur au précédent")
        previous = (n["seuil"], strict)
        ceiling = 100 if n["sur"] == "pourcentage" else max_points
        if n["seuil"] > ceiling or (strict and n["seuil"] >= ceiling):
            collector.error(n.pos("seuil"), f"le niveau '{n['id']}' ne peut pas être atteint (maximum possible : {ceiling:g})",
                            "baissez le seuil ou retirez 'strict: true'")
        levels.append(Level(n["id"], n["libelle"], n["seuil"], "score" if n["sur"] == "score" else "percent",
                            strict, n.get("indicatif", False)))

    label = None
    if "label" in rec:
        lrec = rec["label"]
        if "emetteur_cluster" in lrec:
            _ref(collector, lrec.pos("emetteur_cluster"), "cluster", lrec["emetteur_cluster"], clusters,
                 broken_clusters)
        eligibility = None
        if "eligibilite" in lrec:
            erec = lrec["eligibilite"]
            for slug, pos in zip(erec.get("clusters", []), getattr(erec.get("clusters"), "positions", [])):
                _ref(collector, pos, "cluster", slug, clusters, broken_clusters)
            eligibility = Eligibility(erec["texte"], tuple(erec.get("regions", ())), tuple(erec.get("secteur_contient", ())),
                                      tuple(erec.get("clusters", ())), _sources(erec))
        label = Label(lrec["nom"], lrec["certifie"], lrec["emetteur"], lrec.get("emetteur_cluster"),
                      lrec["evaluateur"], lrec.get("depuis"), lrec["validite_ans"],
                      tuple(LabelStep(s["titre"], s.get("description")) for s in lrec["processus"]),
                      eligibility, _sources(lrec))
    if len(collector.diagnostics) > start:
        return None
    return Referential(
        ref_id, rec["titre"], rec["version"], rec["description"], rec.get("illustratif", False),
        rec.get("source"), tuple(rec.get("fiches", ())), tuple(themes), tuple(levels), label,
        tuple((name, tuple(_option(o) for o in opts)) for name, opts in scales.items()),
        tuple(Note(n["texte"], Provenance(n["provenance"], n["raison"])) for n in rec.get("ajouts", ())),
    )


def _award(a: Record, ref: Referential, collector: Collector) -> Award:
    """An award and what its dates allow to say. An expiry is a fact only
    when every input is: an exact date and a validity the guide gives (or an
    explicit `expire`). Otherwise it is an estimate or unknown, and the
    status is "à confirmer"."""
    raw = a["obtenu"]
    obtained = raw if isinstance(raw, dt.date) else None
    sources = _sources(a)
    marked = {name for name, p in sources if p.marked}
    expires = a.get("expire")
    estimated = "expire" in marked
    if expires is None and obtained is not None:
        expires = add_years(obtained, ref.label.validity_years)
        estimated = "obtenu" in marked or ref.label.prov("validite_ans").marked
    if expires is not None and obtained is not None and expires <= obtained:
        collector.error(a.pos("expire"), *say("expiration_avant_obtention", expires=expires.isoformat(),
                                              obtained=obtained.isoformat()))
    return Award(a["label"], a.get("niveau"), obtained, expires,
                 raw.text if isinstance(raw, ApproxDay) else None, a.get("detenu_en"), estimated, sources)


def _company(slug: str, rec: Record, collector: Collector, clusters: set[str],
             labels: dict[str, Referential], broken_clusters: set[str] = frozenset(),
             broken_labels: set[str] = frozenset()) -> Company | None:
    start = len(collector.diagnostics)
    _region(collector, rec.pos("region"), rec["region"])
    _ref(collector, rec.pos("cluster"), "cluster", rec["cluster"], clusters, broken_clusters)
    awards: list[Award] = []
    seen: set[str] = set()
    complete = True
    for a in rec["labels"]:
        if not _ref(collector, a.pos("label"), "label", a["label"], labels, broken_labels):
            complete = False
            continue
        ref = labels[a["label"]]
        if a["label"] in seen:
            collector.error(a.pos("label"), f"label '{a['label']}' listé deux fois",
                            "gardez une seule attribution par label (la plus récente)")
        seen.add(a["label"])
        if "niveau" in a:
            _ref(collector, a.pos("niveau"), "niveau", a["niveau"], [lv.id for lv in ref.levels],
                 suffix=f" pour le label {ref.label.name}")
        rule = ref.label.eligibility
        for key, message, hint in (_eligible(rule, rec) if rule is not None else []):
            collector.error(rec.pos(key), *say("non_eligible", failure=message, label=ref.label.name, name=rec["nom"],
                                               text=rule.text, hint=hint))
        awards.append(_award(a, ref, collector))
    if len(collector.diagnostics) > start or not complete:
        return None
    return Company(slug, rec["nom"], rec.get("site"), rec["region"], rec["secteur"], rec["cluster"],
                   rec.get("description"), rec.get("exemple", False), tuple(sorted(awards, key=lambda w: w.label)),
                   _sources(rec))


def load_project(root: Path, include_examples: bool = True, cache: ParsedFiles | None = None) -> Project:
    """Read, validate and model the whole project; raise ValidationError on any problem.
    `cache` (the adapter's, kept across a preview's rebuilds) saves re-reading unchanged files."""
    cache = ParsedFiles() if cache is None else cache
    collector = Collector(root)
    sources = Sources(root)
    if not (root / CONTENT).is_dir() and not (root / DATA).is_dir():
        # Run from the wrong folder, the check would otherwise find nothing wrong.
        collector.error(Position("."), f"ni {CONTENT}/ ni {DATA}/ dans {root}",
                        "lancez la commande à la racine du projet (là où se trouve mkdocs.yml), ou indiquez --root")
        collector.raise_if_any()
    check_links_absent(root, collector)
    check_content_files(root, collector)

    themes: dict[str, str] = {}
    themes_ok = True
    themes_path = root / THEMES_FILE
    if themes_path.exists():
        src = read_source(themes_path, root, collector)
        doc = parse_yaml(src, collector) if src else None
        rec = convert_document(doc, THEMES, collector) if doc else None
        themes = dict(rec or {})
        themes_ok = rec is not None

    broken_clusters: set[str] = set()
    cluster_recs = _load_data(sources, "clusters", CLUSTER, collector, cache, broken_clusters)
    clusters = {
        cid: Cluster(cid, r["nom"], r.get("nom_complet"), r["type"], r["region"], r["secteur"], r.get("membres"),
                     r.get("membres_precision"), r.get("site"), r["description"],
                     tuple(Contact(c["nom"], c.get("fonction"), c.get("telephone"), c.get("email")) for c in r.get("contacts", [])),
                     _sources(r))
        for cid, (r, _doc) in cluster_recs.items()
    }
    data_files = {f"clusters/{cid}": doc.source.rel for cid, (_r, doc) in cluster_recs.items()}

    fiche_recs: dict[str, tuple[Record, str, str]] = {}
    broken_fiches: set[str] = set()
    broken_pages: dict[str, None] = {}  # pages that exist but could not be read: links to them stand
    guide: dict[str, GuidePage] = {}
    pages: list[Page] = []
    for path in sources.markdown_files():
        rel_content = path.relative_to(root / CONTENT).as_posix()
        is_fiche = Sources.is_fiche(rel_content)
        src = read_source(path, root, collector)
        md = split_front_matter(src, collector) if src is not None else None
        if md is None:
            broken_pages[rel_content] = None
            if is_fiche:
                broken_fiches.add(path.stem)
            continue
        pages.append(Page(src.rel, rel_content, md.body, md.body_line))
        if is_fiche:
            slug = _slug_of(path, root, collector)
            if md.front is None:
                collector.error(Position(src.rel), "en-tête YAML manquant",
                                "une fiche commence par un bloc '---' avec titre, resume, cluster, etapes, themes, region et secteur")
                broken_fiches.add(path.stem)
                continue
            rec = convert_document(md.front, FICHE, collector)
            if rec is not None and slug is not None:
                fiche_recs[slug] = (rec, rel_content, md.body)
            else:
                broken_fiches.add(path.stem)
        elif md.front is not None:
            rec = convert_document(md.front, GUIDE_PAGE, collector)
            if rec is not None:
                guide[rel_content] = GuidePage(rel_content, rec.get("etape"), md.body)
        else:
            guide[rel_content] = GuidePage(rel_content, None, md.body)

    for _cid, (rec, _doc) in cluster_recs.items():
        _region(collector, rec.pos("region"), rec["region"])
    for slug, (rec, _rel, _body) in fiche_recs.items():
        _region(collector, rec.pos("region"), rec["region"])
        _ref(collector, rec.pos("cluster"), "cluster", rec["cluster"], clusters, broken_clusters)
        if themes_ok:  # an invalid themes.yml is reported once, not at every fiche
            for theme, pos in zip(rec["themes"], rec["themes"].positions):
                _ref(collector, pos, "thème", theme, themes)
    broken_refs: set[str] = set()
    ref_recs = _load_data(sources, "referentiels", REFERENTIEL, collector, cache, broken_refs)
    for slug, (rec, _rel, _body) in fiche_recs.items():
        for rid, pos in zip(rec.get("referentiels", []), getattr(rec.get("referentiels"), "positions", [])):
            _ref(collector, pos, "référentiel", rid, ref_recs, broken_refs)
    fiches = {
        slug: Fiche(slug, rel, r["titre"], r["resume"], r["cluster"], tuple(r["etapes"]), tuple(r["themes"]),
                    r["region"], r["secteur"], tuple(r.get("referentiels", ())), body, _sources(r))
        for slug, (r, rel, body) in fiche_recs.items()
    }

    referentials: dict[str, Referential] = {}
    for rid, (rec, _doc) in ref_recs.items():
        data_files[f"referentiels/{rid}"] = _doc.source.rel
        ref = _referential(rid, rec, collector, set(fiches), set(clusters), broken_fiches, broken_clusters)
        if ref is not None:
            referentials[rid] = ref
        else:
            broken_refs.add(rid)
    labels = {k: r for k, r in referentials.items() if r.label is not None}

    companies: dict[str, Company] = {}
    names: dict[str, Position] = {}
    for slug, (rec, _doc) in _load_data(sources, "entreprises", ENTREPRISE, collector, cache).items():
        key = " ".join(rec["nom"].casefold().split())
        if key in names:
            collector.error(rec.pos("nom"), f"entreprise '{rec['nom']}' déjà présente ({names[key].path})",
                            "une entreprise n'a qu'un fichier : complétez le fichier existant")
            continue
        names[key] = rec.pos("nom")
        if rec.get("exemple", False) and not include_examples:
            continue
        company = _company(slug, rec, collector, set(clusters), labels, broken_clusters, broken_refs)
        if company is not None:
            companies[slug] = company
            data_files[f"entreprises/{slug}"] = _doc.source.rel

    project = Project(
        themes=dict(sorted(themes.items())),
        clusters=dict(sorted(clusters.items())),
        fiches=dict(sorted(fiches.items())),
        referentials=dict(sorted(referentials.items())),
        companies=dict(sorted(companies.items())),
        guide_pages=dict(sorted(guide.items())),
        data_files=dict(sorted(data_files.items())),
    )
    generated = generated_uris(project)
    for page in pages:
        if page.uri in generated:
            collector.error(Position(page.rel), f"cette page remplacerait une page que le site génère ({page.uri})",
                            "donnez un autre nom au fichier : les pages des clusters, labels, auto-diagnostics, "
                            "de l'annuaire et les index sont construites à partir de data/")
    check_links(pages, {**broken_pages, **generated}, collector)
    check_step_lists(pages, project, collector)
    check_raw_html(pages, collector)
    collector.raise_if_any()
    return project
