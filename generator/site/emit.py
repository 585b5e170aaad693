"""Model -> generated pages and files, sorted and deterministic.

Pages are rendered to HTML here, from compiled templates: they do not go
through the Markdown pipeline, which is what keeps 10,000 company pages fast.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from .. import urls
from ..source.layout import STEP_PAGES
from ..model import STEP_NAMES, Company, Project, Provenance
from .francemap import drawing, summarise
from .printview import print_markdown
from .proposal import proposal_page
from .opendata import atom_feed, csv_table, json_export, table_schema
from .scoring_modules import scoring_module_source
from ..source.steps import has_section, unlisted
from markupsafe import escape

from .templating import date_fr, environment, render

# Label and cluster pages list this many companies and link to the directory
# for the rest: at 10,000 companies a full list weighed hundreds of KB.
LISTED = 100
HOME = "index.md"
# The one sentence of the label pages that is the site's, not the guide's.
EU_RULES = Provenance("hors-guide", "ajout du site : le guide ne parle pas de ces règles "
                                    "(directive (UE) 2024/825, applicable depuis septembre 2026)")


@dataclass(frozen=True)
class Options:
    today: dt.date
    site_url: str = ""
    include_examples: bool = True
    repo_url: str = ""  # the source repository (mkdocs.yml repo_url); empty: no edit links
    branch: str = ""


@dataclass(frozen=True)
class GeneratedPage:
    uri: str
    title: str
    html: str
    in_nav: bool = False
    markdown: str | None = None  # set: goes through the Markdown pipeline instead of `html`
    indexed: bool = True  # false: kept out of the search index (it repeats other pages)
    source: str | None = None  # the data file it is generated from, relative to the project
    # Own stylesheets (assets/stylesheets/<name>.css) this page needs beyond rse.css:
    # loaded by the pages that use them only, not render-blocking everywhere.
    styles: tuple[str, ...] = ()


@dataclass(frozen=True)
class GeneratedFile:
    uri: str
    content: str | bytes


@dataclass(frozen=True)
class FicheParts:
    """HTML the adapter places around a fiche's own Markdown."""

    title: str
    header: str
    footer: str
    sections: tuple[tuple[str, str], ...] = ()  # (anchor, title) of the footer's headings, for the table of contents


@dataclass
class Output:
    pages: list[GeneratedPage] = field(default_factory=list)
    files: list[GeneratedFile] = field(default_factory=list)
    fiches: dict[str, FicheParts] = field(default_factory=dict)
    filters: dict[str, dict[str, list[str]]] = field(default_factory=dict)  # content page -> search filters
    after: dict[str, str] = field(default_factory=dict)  # content page -> generated HTML after its Markdown
    styles: dict[str, tuple[str, ...]] = field(default_factory=dict)  # content page -> own stylesheets


def generated_uris(project: Project) -> dict[str, set[str] | None]:
    """URIs of generated pages with their anchors (None: not checked), for the link checker."""
    uris: dict[str, set[str] | None] = {
        urls.FICHES_INDEX: set(), urls.DIAGNOSTICS_INDEX: set(), urls.LABELS_INDEX: set(),
        urls.CLUSTERS_INDEX: set(), urls.DIRECTORY: set(), urls.SEARCH: set(), urls.PRINT: None,
        urls.PROPOSE: set(),
    }
    uris.update({urls.cluster(c): {"fiches", "labels", "membres-labellises", "contact"} for c in project.clusters})
    uris.update({urls.diagnostic(r): {"diagnostic", "resultats"} for r in project.referentials})
    uris.update({urls.label(r): {"eligibilite", "processus", "transparence", "auto-diagnostic", "titulaires"}
                 for r in project.labels})
    uris[urls.SOURCES] = {"ce-qui-vient-du-guide", "ce-que-le-site-ajoute", "hypotheses", "signaler-une-erreur"}
    uris.update({urls.company(c): {"labels"} for c in project.companies})
    return uris


def _related(project: Project, slug: str) -> list[tuple]:
    """Fiches sharing the most themes and steps with this one, best first."""
    me = project.fiches[slug]
    scored = []
    for other in project.fiches.values():
        if other.slug == slug:
            continue
        themes = set(me.themes) & set(other.themes)
        steps = set(me.steps) & set(other.steps)
        weight = 2 * len(themes) + len(steps) + (1 if other.region == me.region else 0)
        if themes or steps:
            why = ", ".join(project.themes[t] for t in sorted(themes)) or "même étape"
            scored.append((-weight, other.slug, other, why))
    scored.sort(key=lambda x: (x[0], x[1]))
    return [(f, why) for _, _, f, why in scored[:5]]


def emit(project: Project, options: Options) -> Output:
    out = Output()
    env = environment()
    fiche_header = env.get_template("fiche_header.html")
    fiche_footer = env.get_template("fiche_footer.html")

    for uri, gp in project.guide_pages.items():
        filters = {"type": ["Guide"]}
        if gp.step:
            filters["etape"] = [STEP_NAMES[gp.step]]
        out.filters[uri] = filters
    for step, uri in STEP_PAGES.items():
        # The fiches' tags decide; a fiche the page does not list yet is added.
        missing = unlisted(project, step)
        if uri in project.guide_pages:
            out.after[uri] = render("step_fiches.html", page=uri, step=step, fiches=missing,
                                    level=3 if has_section(project, step) else 2) if missing else ""

    for slug, f in project.fiches.items():
        filters = {"type": ["Fiche"], "etape": [STEP_NAMES[s] for s in f.steps], "region": [f.region]}
        ctx = dict(page=f.src_uri, fiche=f, cluster=project.clusters[f.cluster], themes=project.themes,
                   referentials=[project.referentials[r] for r in f.referentials], filters=filters,
                   STEP_PAGES=STEP_PAGES)
        cluster, related = project.clusters[f.cluster], _related(project, slug)
        sections = ((("contact", "Contact"),) if cluster.contacts or cluster.site else ()) \
            + ((("fiches-liees", "Fiches liées"),) if related else ())
        out.fiches[f.src_uri] = FicheParts(
            f.title, fiche_header.render(ctx),
            fiche_footer.render(page=f.src_uri, related=related, cluster=cluster), sections,
        )
        out.filters[f.src_uri] = filters

    fiches = list(project.fiches.values())
    regions = sorted({f.region for f in fiches})
    out.pages.append(GeneratedPage(urls.FICHES_INDEX, "Index des fiches", render(
        "fiches_index.html", page=urls.FICHES_INDEX, fiches=fiches, regions=regions,
        themes=project.themes, clusters=project.clusters), in_nav=True))

    _emit_home(project, out)
    _emit_clusters(project, out)
    _emit_referentials(project, out, options)
    _emit_labels(project, out, options)
    _emit_directory(project, out, options)
    out.pages.append(GeneratedPage(urls.SOURCES, "Sources et méthode", render(
        "sources.html", page=urls.SOURCES, project=project, assumptions=assumptions(project)), in_nav=True))

    all_regions = sorted({f.region for f in fiches} | {c.region for c in project.companies.values()}
                         | {c.region for c in project.clusters.values()})
    out.pages.append(GeneratedPage(urls.SEARCH, "Rechercher", render(
        "search.html", page=urls.SEARCH, types=["Guide", "Fiche", "Auto-diagnostic", "Label", "Cluster", "Entreprise", "Annuaire"],
        steps=list(STEP_NAMES.values()), regions=all_regions), styles=("search",)))
    title, html = proposal_page(project, all_regions, options.repo_url, options.branch)
    out.pages.append(GeneratedPage(urls.PROPOSE, title, html, in_nav=True))

    out.pages.append(GeneratedPage(urls.PRINT, "Version imprimable du guide", "", markdown=print_markdown(project),
                                   indexed=False))
    out.pages.sort(key=lambda p: p.uri)
    out.files.sort(key=lambda f: f.uri)
    return out


def _emit_home(project: Project, out: Output) -> None:
    holders = {r: 0 for r in project.labels}
    for c in project.companies.values():
        for a in c.awards:
            holders[a.label] += 1
    regions, national = summarise(project)
    out.after[HOME] = render(
        "home.html", page=HOME, companies=len(project.companies), clusters=len(project.clusters),
        clusters_by_id=project.clusters,
        diagnostics=len(project.referentials), labels=[(r, holders[r.id]) for r in project.labels.values()],
        regions=regions, national=national, drawing=drawing())
    out.styles[HOME] = ("map",)


def _emit_clusters(project: Project, out: Output) -> None:
    clusters = list(project.clusters.values())
    regions, national = summarise(project)
    out.pages.append(GeneratedPage(urls.CLUSTERS_INDEX, "Pôles et clusters", render(
        "clusters_index.html", page=urls.CLUSTERS_INDEX, clusters=clusters, regions=regions, national=national,
        drawing=drawing()), in_nav=True, styles=("map",)))
    members: dict[str, list[Company]] = {}
    for c in project.companies.values():
        members.setdefault(c.cluster, []).append(c)
    template = environment().get_template("cluster.html")
    for c in clusters:
        uri = urls.cluster(c.id)
        out.pages.append(GeneratedPage(uri, c.name, template.render(
            page=uri, cluster=c, filters={"type": ["Cluster"], "region": [c.region]},
            fiches=[f for f in project.fiches.values() if f.cluster == c.id],
            labels=[r for r in project.labels.values() if r.label.issuer_cluster == c.id],
            members=sorted(members.get(c.id, []), key=lambda m: m.name.casefold()), shown=LISTED),
            source=project.data_files.get(f"clusters/{c.id}")))


def _emit_referentials(project: Project, out: Output, options: Options) -> None:
    refs = list(project.referentials.values())
    out.pages.append(GeneratedPage(urls.DIAGNOSTICS_INDEX, "Auto-diagnostics", render(
        "diagnostics_index.html", page=urls.DIAGNOSTICS_INDEX, referentials=refs), in_nav=True))
    template = environment().get_template("diagnostic.html")
    for r in refs:
        uri = urls.diagnostic(r.id)
        fiche_links = {f.slug: {"title": f.title, "url": urls.rel(uri, f.src_uri)} for f in project.fiches.values()}
        out.pages.append(GeneratedPage(uri, r.title, template.render(
            page=uri, ref=r, weighted=all(t.weight is not None for t in r.themes),
            module_url=urls.rel(uri, urls.scoring_module(r.id)),
            fiches=[project.fiches[s] for s in r.fiches], fiche_links=fiche_links,
            filters={"type": ["Auto-diagnostic"]}), in_nav=True, source=project.data_files.get(f"referentiels/{r.id}"),
            styles=("diagnostic",)))
        out.files.append(GeneratedFile(urls.scoring_module(r.id), scoring_module_source(r)))


def _emit_labels(project: Project, out: Output, options: Options) -> None:
    holders: dict[str, list] = {r: [] for r in project.labels}
    for c in project.companies.values():
        for a in c.awards:
            holders[a.label].append((c, a, a.status(options.today)))
    out.pages.append(GeneratedPage(urls.LABELS_INDEX, "Les labels", render(
        "labels_index.html", page=urls.LABELS_INDEX,
        labels=[(r, len(holders[r.id])) for r in project.labels.values()]), in_nav=True))
    template = environment().get_template("label.html")
    for r in project.labels.values():
        uri = urls.label(r.id)
        rows = sorted(holders[r.id], key=lambda h: (h[0].name.casefold(), h[0].slug))
        out.pages.append(GeneratedPage(uri, f"Label {r.label.name}", template.render(
            page=uri, ref=r, issuer=project.clusters.get(r.label.issuer_cluster or ""),
            fiches=[project.fiches[s] for s in r.fiches], holders=rows, today=options.today, shown=LISTED,
            clusters=project.clusters, hors_guide_eu=EU_RULES, filters={"type": ["Label"]}), in_nav=True,
            source=project.data_files.get(f"referentiels/{r.id}")))


BADGE_TEXT_WIDTH = 216  # 240 px badge, 12 px margins


def _badge_line(text: str, y: int, size: float, bold: bool = False) -> dict:
    """One line of a badge. Viewers render it in their own system font, so the
    width is a guess (wide fonts like DejaVu average 0.6 em, 0.68 em in bold);
    a line that may overflow is squeezed to the badge by the SVG itself."""
    guess = len(text) * size * (0.68 if bold else 0.6)
    return dict(text=text, y=y, size=size, bold=bold, fit=BADGE_TEXT_WIDTH if guess > BADGE_TEXT_WIDTH else None)


def _badge_text(company: Company, ref, award, today: dt.date) -> dict:
    level = ref.level(award.level)
    status = award.status(today)
    expired = status == "expire"
    line1 = f"Label {ref.label.name}" + (f" · {level.label}" if level else "")
    line2 = ("expiré" if expired else "statut à confirmer" if status == "a-confirmer"
             else f"valide jusqu'au {date_fr(award.expires)}")
    # The badge shows the short name ("ENR", not its expansion) and gives the
    # level its own line: "Label AFAQ 26000 · Intermédiaire" overflowed 240 px.
    short = ref.label.name.split(" (", 1)[0]
    if level:
        lines = [_badge_line(f"Label {short}", 22, 15, True), _badge_line(f"Niveau {level.label}", 39, 12),
                 _badge_line(line2, 55, 12)]
    else:
        lines = [_badge_line(f"Label {short}", 27, 16, True), _badge_line(line2, 48, 12)]
    return dict(title=f"{company.name} : {line1}, {line2}", desc="Vérification : page de l'entreprise dans l'annuaire",
                lines=lines, expired=expired)


# Rendered company pages, reused while their inputs are unchanged: `mkdocs
# serve` rebuilds the whole site on every edit, and re-rendering 10,000
# unchanged companies is what made a preview wait. The key holds every input
# of the rendering (frozen dataclasses are hashable and compare by value).
_COMPANY_CACHE: dict[tuple, tuple[GeneratedPage, tuple[GeneratedFile, ...]]] = {}


def _company_key(project: Project, c: Company, options: Options) -> tuple:
    labels = tuple((a.label, project.referentials[a.label].label, project.referentials[a.label].levels)
                   for a in c.awards)
    return (c, project.clusters[c.cluster], labels, options.today, options.site_url,
            project.data_files.get(f"entreprises/{c.slug}"))


def _render_company(project: Project, c: Company, options: Options) -> tuple[GeneratedPage, tuple[GeneratedFile, ...]]:
    env = environment()
    company_t = env.get_template("company.html")
    badge_t = env.get_template("badge.svg")
    base = options.site_url.rstrip("/") + "/" if options.site_url else ""
    uri = urls.company(c.slug)
    cluster = project.clusters[c.cluster]
    awards = [(a, project.referentials[a.label], a.status(options.today)) for a in c.awards]
    embeds = {}
    badges = []
    for a, ref, _status in awards:
        badge_uri = urls.badge(c.slug, ref.id)
        text = _badge_text(c, ref, a, options.today)
        badges.append(GeneratedFile(badge_uri, badge_t.render(**text)))
        page_url = base + urls.page_dir(uri)
        embeds[ref.id] = (f'<a href="{page_url}"><img src="{base}{badge_uri}" '
                          f'alt="{escape(text["title"])}" width="240" height="64"></a>')
    jsonld = {
        "@context": "https://schema.org", "@type": "Organization", "name": c.name,
        **({"url": c.site} if c.site else {}),
        **({"description": c.description} if c.description else {}),
        "memberOf": {"@type": "Organization", "name": cluster.name},
        # Machines cannot see a page's "hypothèse": what is not a fact is left out.
        "hasCertification": [{
            "@type": "Certification", "name": f"Label {ref.label.name}",
            **({"issuedBy": {"@type": "Organization", "name": ref.label.issuer}}
               if not ref.label.prov("emetteur").marked else {}),
            **({"validFrom": a.obtained.isoformat()} if a.obtained and not a.prov("obtenu").marked else {}),
            **({"expires": a.expires.isoformat()} if a.expires_known else {}),
            **({"certificationStatus": "CertificationInactive" if status == "expire" else "CertificationActive"}
               if status != "a-confirmer" else {}),
            **({"certificationRating": {"@type": "Rating", "ratingValue": ref.level(a.level).label}} if a.level else {}),
        } for a, ref, status in awards],
    }
    filters = {"type": ["Entreprise"], "region": [c.region]}
    page = GeneratedPage(uri, c.name, company_t.render(
        page=uri, company=c, cluster=cluster, awards=awards, embeds=embeds, jsonld=jsonld,
        today=options.today, filters=filters), source=project.data_files.get(f"entreprises/{c.slug}"))
    return page, tuple(badges)


def assumptions(project: Project) -> list[tuple[str, str, str, str, Provenance]]:
    """Every marked value of the project: (where, link, what, value, provenance),
    for the « Sources et méthode » page. Generated, so that it cannot miss one."""
    rows: list[tuple[str, str, str, str, Provenance]] = []
    names = {"nom_complet": "nom complet", "type": "type", "region": "région", "secteur": "secteur",
             "membres": "membres", "site": "site web", "certifie": "ce que certifie le label",
             "emetteur": "qui délivre le label", "evaluateur": "qui évalue", "depuis": "année de création",
             "validite_ans": "durée de validité", "regions": "éligibilité : régions",
             "secteur_contient": "éligibilité : secteurs", "clusters": "éligibilité : clusters",
             "obtenu": "date d'obtention", "expire": "date de fin"}

    def value(obj, field: str) -> str:
        attr = {"nom_complet": "full_name", "type": "kind", "region": "region", "secteur": "sector",
                "membres": "members", "site": "site", "certifie": "certifies", "emetteur": "issuer",
                "evaluateur": "evaluator", "depuis": "since", "validite_ans": "validity_years",
                "regions": "regions", "secteur_contient": "sector_words", "clusters": "clusters",
                "obtenu": "obtained_text", "expire": "expires"}[field]
        v = getattr(obj, attr)
        if field == "obtenu" and v is None:
            v = obj.obtained
        return ", ".join(v) if isinstance(v, tuple) else str(v)

    for c in project.clusters.values():
        rows += [(f"Cluster {c.name}", urls.cluster(c.id), names[k], value(c, k), p) for k, p in c.assumptions]
    for f in project.fiches.values():
        rows += [(f"Fiche {f.title}", f.src_uri, names[k], value(f, k), p) for k, p in f.assumptions]
    for r in project.referentials.values():
        if r.label is not None:
            rows += [(f"Label {r.label.name}", urls.label(r.id), names[k], value(r.label, k), p)
                     for k, p in r.label.assumptions]
            if r.label.eligibility is not None:
                rows += [(f"Label {r.label.name}", urls.label(r.id), names[k], value(r.label.eligibility, k), p)
                         for k, p in r.label.eligibility.assumptions]
        rows += [(f"Auto-diagnostic {r.title}", urls.diagnostic(r.id), "ajout", n.text, n.provenance) for n in r.notes]
    for c in project.companies.values():
        rows += [(f"Entreprise {c.name}", urls.company(c.slug), names[k], value(c, k), p) for k, p in c.assumptions]
        for a in c.awards:
            label = project.referentials[a.label].label.name
            rows += [(f"Entreprise {c.name}", urls.company(c.slug), f"label {label} : {names[k]}", value(a, k), p)
                     for k, p in a.assumptions]
    return rows


def _emit_directory(project: Project, out: Output, options: Options) -> None:
    fresh: dict[tuple, tuple[GeneratedPage, tuple[GeneratedFile, ...]]] = {}
    for c in project.companies.values():
        key = _company_key(project, c, options)
        rendered = _COMPANY_CACHE.get(key) or _render_company(project, c, options)
        fresh[key] = rendered
        out.pages.append(rendered[0])
        out.files.extend(rendered[1])
    _COMPANY_CACHE.clear()  # keep only what this build used: bounded memory
    _COMPANY_CACHE.update(fresh)
    key = (tuple(project.companies.values()), tuple(project.clusters.values()),
           tuple((r.id, r.label, r.levels) for r in project.labels.values()), options.today, options.site_url)
    listing = _LISTING_CACHE.get(key)
    if listing is None:
        listing = _render_listing(project, options)
        _LISTING_CACHE.clear()
        _LISTING_CACHE[key] = listing
    out.pages.extend(listing[0])
    out.files.extend(listing[1])


# The directory's pages and open data depend on all companies but not on the
# guide: a preview rebuilt after editing a fiche reuses them.
_LISTING_CACHE: dict[tuple, tuple[list[GeneratedPage], list[GeneratedFile]]] = {}


def _render_listing(project: Project, options: Options) -> tuple[list[GeneratedPage], list[GeneratedFile]]:
    from .directory import directory_pages  # the directory page has its own module

    pages, files = directory_pages(project, options)
    companies = list(project.companies.values())
    files = [*files,
             GeneratedFile("annuaire/entreprises.csv", csv_table(project, companies, options.today)),
             GeneratedFile("annuaire/entreprises.json", json_export(project, companies, options.today)),
             GeneratedFile("annuaire/schema.json", table_schema(project)),
             GeneratedFile("annuaire/flux.xml", atom_feed(project, companies, options))]
    return pages, files


__all__ = ["GeneratedFile", "GeneratedPage", "Options", "Output", "emit", "generated_uris"]
