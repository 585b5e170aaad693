"""Load every source file, check it, and build the project model.

All checks run before anything is reported: an editor sees every problem of a
pull request at once. Single-file rules live in the specs (kinds.py); the
rules across files are in references.py, referentials.py, companies.py and syntheses.py;
this module reads the files in order and puts the model together.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..heap import rare_collections
from ..model import Cluster, Contact, Fiche, GuidePage, Project, Referential
from ..urls import generated_uris
from .cache import ParsedFiles
from .companies import company
from .errors import Collector, Position
from .files import check_content_files, check_links_absent
from .kinds import CLUSTER, ENTREPRISE, FICHE, GUIDE_PAGE, REFERENTIEL, SYNTHESE, THEMES
from .layout import CONTENT, DATA, THEMES_FILE, Sources
from .links import Page, check_links, check_raw_html
from .messages import say
from .reader import Document, parse_yaml, read_source, split_front_matter
from .references import check_ref, check_region, provenances
from .referentials import referential
from .spec import SLUG_RE, Record, convert_document
from .steps import check_step_lists
from .syntheses import benchmark, check_unique


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


@dataclass
class _Loading:
    """What one run of load_project has read so far. `broken_*` hold the
    identifiers of files that exist but are invalid: a reference to one is
    not reported again (the file's own error is)."""

    root: Path
    collector: Collector
    cache: ParsedFiles
    include_examples: bool
    sources: Sources = field(init=False)
    themes: dict[str, str] = field(default_factory=dict)
    themes_ok: bool = True
    clusters: dict[str, Cluster] = field(default_factory=dict)
    cluster_recs: dict[str, tuple[Record, Document]] = field(default_factory=dict)
    fiche_recs: dict[str, tuple[Record, str, str]] = field(default_factory=dict)
    guide: dict[str, GuidePage] = field(default_factory=dict)
    pages: list[Page] = field(default_factory=list)
    broken_pages: dict[str, None] = field(default_factory=dict)  # unreadable pages: links to them stand
    broken_clusters: set[str] = field(default_factory=set)
    broken_fiches: set[str] = field(default_factory=set)
    broken_refs: set[str] = field(default_factory=set)
    data_files: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.sources = Sources(self.root)

    def read_themes(self) -> None:
        path = self.root / THEMES_FILE
        if path.exists():
            src = read_source(path, self.root, self.collector)
            doc = parse_yaml(src, self.collector) if src else None
            rec = convert_document(doc, THEMES, self.collector) if doc else None
            self.themes = dict(rec or {})
            self.themes_ok = rec is not None

    def read_clusters(self) -> None:
        self.cluster_recs = _load_data(self.sources, "clusters", CLUSTER, self.collector, self.cache,
                                       self.broken_clusters)
        self.clusters = {
            cid: Cluster(cid, r["nom"], r.get("nom_complet"), r["type"], r["region"], r["secteur"], r.get("membres"),
                         r.get("membres_precision"), r.get("site"), r["description"],
                         tuple(Contact(c["nom"], c.get("fonction"), c.get("telephone"), c.get("email"))
                               for c in r.get("contacts", [])),
                         provenances(r))
            for cid, (r, _doc) in self.cluster_recs.items()
        }
        self.data_files.update({f"clusters/{cid}": doc.source.rel for cid, (_r, doc) in self.cluster_recs.items()})

    def read_markdown(self) -> None:
        for path in self.sources.markdown_files():
            rel_content = path.relative_to(self.root / CONTENT).as_posix()
            is_fiche = Sources.is_fiche(rel_content)
            src = read_source(path, self.root, self.collector)
            md = split_front_matter(src, self.collector) if src is not None else None
            if md is None:
                self.broken_pages[rel_content] = None
                if is_fiche:
                    self.broken_fiches.add(path.stem)
                continue
            self.pages.append(Page(src.rel, rel_content, md.body, md.body_line))
            if is_fiche:
                self._fiche(path, src.rel, rel_content, md)
            elif md.front is not None:
                rec = convert_document(md.front, GUIDE_PAGE, self.collector)
                if rec is not None:
                    self.guide[rel_content] = GuidePage(rel_content, rec.get("etape"), md.body)
            else:
                self.guide[rel_content] = GuidePage(rel_content, None, md.body)

    def _fiche(self, path: Path, rel: str, rel_content: str, md) -> None:
        slug = _slug_of(path, self.root, self.collector)
        if md.front is None:
            self.collector.error(Position(rel), "en-tête YAML manquant",
                                 "une fiche commence par un bloc '---' avec titre, resume, cluster, etapes, themes, "
                                 "region et secteur")
            self.broken_fiches.add(path.stem)
            return
        rec = convert_document(md.front, FICHE, self.collector)
        if rec is not None and slug is not None:
            self.fiche_recs[slug] = (rec, rel_content, md.body)
        else:
            self.broken_fiches.add(path.stem)

    def check_regions_and_fiches(self) -> None:
        c = self.collector
        for _cid, (rec, _doc) in self.cluster_recs.items():
            check_region(c, rec.pos("region"), rec["region"])
        for _slug, (rec, _rel, _body) in self.fiche_recs.items():
            check_region(c, rec.pos("region"), rec["region"])
            check_ref(c, rec.pos("cluster"), "cluster", rec["cluster"], self.clusters, self.broken_clusters)
            if self.themes_ok:  # an invalid themes.yml is reported once, not at every fiche
                for theme, pos in zip(rec["themes"], rec["themes"].positions):
                    check_ref(c, pos, "thème", theme, self.themes)

    def read_referentials(self) -> tuple[dict[str, Fiche], dict[str, Referential]]:
        ref_recs = _load_data(self.sources, "referentiels", REFERENTIEL, self.collector, self.cache, self.broken_refs)
        for _slug, (rec, _rel, _body) in self.fiche_recs.items():
            for rid, pos in zip(rec.get("referentiels", []), getattr(rec.get("referentiels"), "positions", [])):
                check_ref(self.collector, pos, "référentiel", rid, ref_recs, self.broken_refs)
        fiches = {
            slug: Fiche(slug, rel, r["titre"], r["resume"], r["cluster"], tuple(r["etapes"]), tuple(r["themes"]),
                        r["region"], r["secteur"], tuple(r.get("referentiels", ())), body, provenances(r))
            for slug, (r, rel, body) in self.fiche_recs.items()
        }
        referentials: dict[str, Referential] = {}
        for rid, (rec, doc) in ref_recs.items():
            self.data_files[f"referentiels/{rid}"] = doc.source.rel
            ref = referential(rid, rec, self.collector, set(fiches), set(self.clusters), self.broken_fiches,
                              self.broken_clusters)
            if ref is not None:
                referentials[rid] = ref
            else:
                self.broken_refs.add(rid)
        return fiches, referentials

    def read_companies(self, labels: dict[str, Referential]) -> dict:
        companies = {}
        names: dict[str, Position] = {}
        clusters = set(self.clusters)
        self.cache.start_companies((frozenset(clusters), dict(labels), frozenset(self.broken_clusters),
                                    frozenset(self.broken_refs)))
        for slug, (rec, doc) in _load_data(self.sources, "entreprises", ENTREPRISE, self.collector, self.cache).items():
            key = " ".join(rec["nom"].casefold().split())
            if key in names:
                self.collector.error(rec.pos("nom"), f"entreprise '{rec['nom']}' déjà présente ({names[key].path})",
                                     "une entreprise n'a qu'un fichier : complétez le fichier existant")
                continue
            names[key] = rec.pos("nom")
            if rec.get("exemple", False) and not self.include_examples:
                continue
            found = self.cache.company(slug, rec, lambda: company(  # noqa: B023 (called at once)
                slug, rec, self.collector, clusters, labels, self.broken_clusters, self.broken_refs))
            if found is not None:
                companies[slug] = found
                self.data_files[f"entreprises/{slug}"] = doc.source.rel
        self.cache.end_companies()
        return companies

    def read_syntheses(self, referentials: dict[str, Referential]) -> dict:
        found, positions = {}, {}
        for slug, (rec, doc) in _load_data(self.sources, "syntheses", SYNTHESE, self.collector, self.cache).items():
            if rec.get("exemple", False) and not self.include_examples:
                continue
            b = benchmark(slug, rec, self.collector, set(self.clusters), referentials, self.broken_clusters,
                          self.broken_refs)
            if b is not None:
                found[slug], positions[slug] = b, Position(doc.source.rel)
                self.data_files[f"syntheses/{slug}"] = doc.source.rel
        check_unique(found, positions, self.collector)
        return found

    def check_pages(self, project: Project) -> None:
        """What the Markdown pages may link to and list, once the model is known."""
        generated = generated_uris(project)
        for page in self.pages:
            if page.uri in generated:
                self.collector.error(Position(page.rel), f"cette page remplacerait une page que le site génère ({page.uri})",
                                     "donnez un autre nom au fichier : les pages des clusters, labels, auto-diagnostics, "
                                     "de l'annuaire et les index sont construites à partir de data/")
        check_links(self.pages, {**self.broken_pages, **generated}, self.collector)
        check_step_lists(self.pages, project, self.collector)
        check_raw_html(self.pages, self.collector)


def load_project(root: Path, include_examples: bool = True, cache: ParsedFiles | None = None) -> Project:
    """Read, validate and model the whole project; raise ValidationError on any problem.
    `cache` (the adapter's, kept across a preview's rebuilds) saves re-reading unchanged files."""
    with rare_collections():
        return _load_project(root, include_examples, cache)


def _load_project(root: Path, include_examples: bool, cache: ParsedFiles | None) -> Project:
    collector = Collector(root)
    if not (root / CONTENT).is_dir() and not (root / DATA).is_dir():
        # Run from the wrong folder, the check would otherwise find nothing wrong.
        collector.error(Position("."), f"ni {CONTENT}/ ni {DATA}/ dans {root}",
                        "lancez la commande à la racine du projet (là où se trouve mkdocs.yml), ou indiquez --root")
        collector.raise_if_any()
    check_links_absent(root, collector)
    check_content_files(root, collector)
    run = _Loading(root, collector, ParsedFiles() if cache is None else cache, include_examples)
    run.read_themes()
    run.read_clusters()
    run.read_markdown()
    run.check_regions_and_fiches()
    fiches, referentials = run.read_referentials()
    labels = {k: r for k, r in referentials.items() if r.label is not None}
    companies = run.read_companies(labels)
    benchmarks = run.read_syntheses(referentials)
    project = Project(
        themes=dict(sorted(run.themes.items())),
        clusters=dict(sorted(run.clusters.items())),
        fiches=dict(sorted(fiches.items())),
        referentials=dict(sorted(referentials.items())),
        companies=dict(sorted(companies.items())),
        guide_pages=dict(sorted(run.guide.items())),
        data_files=dict(sorted(run.data_files.items())),
        benchmarks=dict(sorted(benchmarks.items())),
    )
    run.check_pages(project)
    collector.raise_if_any()
    return project
