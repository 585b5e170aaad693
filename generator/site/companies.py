"""A company's page and the badges it may embed elsewhere."""

from __future__ import annotations

import datetime as dt

from markupsafe import escape

from .. import urls
from ..model import Company, Project
from .cache import RenderCache
from .output import GeneratedFile, GeneratedPage, Options
from .templating import date_fr, environment

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


def _company_key(project: Project, c: Company, options: Options) -> tuple:
    return ("company", c, project.clusters[c.cluster], project.data_files.get(f"entreprises/{c.slug}"))


def company_page(project: Project, c: Company, options: Options) -> tuple[GeneratedPage, tuple[GeneratedFile, ...]]:
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


def company_pages(project: Project, options: Options, cache: RenderCache) -> tuple[list[GeneratedPage], list[GeneratedFile]]:
    """Every company's page and badges; pages whose inputs did not change since
    the cached build are reused."""
    # Every page depends on the labels' names and levels and on the day: compared once.
    cache = cache.scope(("companies", tuple((r.id, r.label, r.levels) for r in project.labels.values()),
                         options.today, options.site_url))
    companies = list(project.companies.values())
    made = cache.memo_all(companies, lambda c: _company_key(project, c, options),
                          lambda c: company_page(project, c, options), options.workers)
    pages = [page for page, _ in made]
    files = [badge for _, badges in made for badge in badges]
    return pages, files
