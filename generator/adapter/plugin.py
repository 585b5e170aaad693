"""The thin MkDocs adapter: the only module, with driver.py, that imports MkDocs.

It asks the core for the project and its generated output, and hands them to
MkDocs as virtual files. Generated pages bypass the Markdown pipeline: their
HTML is already rendered, so MkDocs only wraps it in the theme.
"""

from __future__ import annotations

import logging
import os
import re
import time
from dataclasses import dataclass, field
from pathlib import Path

from markupsafe import escape
from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.toc import AnchorLink, get_toc

from .. import urls
from .build_date import build_today
from ..source.files import shadowed_theme_files
from .csp import Allowlist, add_csp, template_scripts, verify
from ..site.cache import RenderCache
from ..site.generate import generate
from ..site.output import GeneratedPage, Options, Output
from ..site.francemap import unplaced
from ..source.errors import ValidationError
from .progress import Progress
from ..site.sanitize import sanitize_html
from ..site.templating import TEMPLATES
from ..source.cache import ParsedFiles
from ..source.layout import Sources
from ..source.project import load_project

log = logging.getLogger("mkdocs.plugins.rse")

def _repository(config, root: Path) -> tuple[str, str]:
    """repo_url and the branch named in edit_uri (`edit/<branch>/content/`), or two
    empty strings. MkDocs' default edit_uri (`edit/master/docs/`) would give every
    page a broken link: a repo_url without a matching edit_uri is refused."""
    repo = (config.repo_url or "").rstrip("/")
    if not repo:
        return "", ""
    docs = Path(config.docs_dir).resolve().relative_to(root).as_posix()
    m = re.fullmatch(rf"edit/(?P<branch>[^?#]+)/{re.escape(docs)}/", config.edit_uri or "")
    if m is None or config.edit_uri_template:
        raise PluginError(f"mkdocs.yml : edit_uri '{config.edit_uri or ''}' ne correspond pas à repo_url ; "
                          f"conseil : écrivez « edit_uri: edit/<branche>/{docs}/ », par exemple "
                          f"edit/main/{docs}/ (voir CONTRIBUTING.md)")
    return repo, m.group("branch")


class RseConfig(Config):
    exemples = c.Type(bool, default=True)  # false for production: hides fictitious companies


@dataclass
class BuildCache:
    """What a preview keeps from one rebuild to the next, owned by the plugin:
    MkDocs keeps a plugin that has `on_startup` for the whole `mkdocs serve`."""

    parsed: ParsedFiles = field(default_factory=ParsedFiles)
    rendered: RenderCache = field(default_factory=RenderCache)
    # A digest of each generated file's content at the previous build, so that
    # a dirty reload writes again only the files whose content changed.
    digests: dict[str, int] = field(default_factory=dict)


class RsePlugin(BasePlugin[RseConfig]):
    def __init__(self) -> None:
        self.serve = self.dirty = False
        self.cache = BuildCache()
        self.output = Output()
        self.generated: dict[str, GeneratedPage] = {}
        self.root = Path.cwd()
        self.progress: Progress | None = None
        self.repo_url, self.branch = "", ""
        self.base_urls: dict[str, str] = {}
        self.scripts: Allowlist | None = None

    def on_startup(self, *, command, dirty):
        self.serve, self.dirty = command == "serve", dirty
        self.cache = BuildCache()

    def on_config(self, config):
        self.root = Path(config.config_file_path).resolve().parent
        self.repo_url, self.branch = _repository(config, self.root)
        return config

    def on_files(self, files: Files, config) -> Files:
        started = time.perf_counter()
        try:
            project = load_project(self.root, include_examples=self.config.exemples, cache=self.cache.parsed)
        except ValidationError as exc:
            log.error("\n" + exc.report())
            raise PluginError("données ou contenus invalides : corrigez les erreurs ci-dessus") from None
        validated = time.perf_counter()
        missing = unplaced(project)
        if missing:
            log.warning("régions absentes de la carte (aucune forme à ce nom) : " + ", ".join(repr(n) for n in missing)
                        + " ; utilisez le nom officiel de la région, ou « National »")
        docs = Path(config.docs_dir).resolve()
        own = [f.src_uri for f in files if f.generated_by is None and f.abs_src_path
               and Path(f.abs_src_path).resolve().is_relative_to(docs)]
        shadowed = shadowed_theme_files(own, [Path(d) for d in config.theme.dirs])
        if shadowed:
            for uri in shadowed:
                log.error(f"{Path(config.docs_dir).name}/{uri} : ce fichier remplacerait celui du thème ou du projet "
                          f"de même chemin ; rangez-le ailleurs")
            raise PluginError("fichiers de content/ aux chemins du thème : corrigez les erreurs ci-dessus")
        self.output = generate(project, Options(build_today(), config.site_url or "", self.config.exemples,
                                                self.repo_url, self.branch), self.cache.rendered)
        self.generated = {p.uri: p for p in self.output.pages}
        for page in self.output.pages:
            level = InclusionLevel.INCLUDED if page.in_nav else InclusionLevel.NOT_IN_NAV
            file = File.generated(config, page.uri, content=page.markdown or "", inclusion=level)
            # A tuple, not a concatenation: cached pages are the same string
            # objects as before, whose hashes Python has already computed.
            files.append(self._track(file, (page.html, page.markdown, page.title)))
        for f in self.output.files:
            files.append(self._track(File.generated(config, f.uri, content=f.content), f.content))
        for file in files.documentation_pages():
            # A fiche's card and contacts come from data: editing a cluster must
            # rebuild its fiches although their Markdown did not change.
            parts = self.output.fiches.get(file.src_uri)
            if parts is not None:
                self._track(file, (parts.title, parts.header, parts.footer), keep_own=True)
            elif file.src_uri in self.output.after:  # step pages list their fiches; the home, its showcase
                self._track(file, self.output.after[file.src_uri], keep_own=True)
        if os.environ.get("RSE_QUIET") != "1":
            log.info(
                f"validation : {len(project.fiches)} fiches, {len(project.referentials)} référentiels, "
                f"{len(project.companies)} entreprises en {validated - started:.2f} s ; "
                f"génération : {len(self.output.pages)} pages et {len(self.output.files)} fichiers en "
                f"{time.perf_counter() - validated:.2f} s"
            )
        return files

    def on_env(self, env, config, files):
        from jinja2 import meta

        dirs = [*config.theme.dirs, str(TEMPLATES)]
        self.scripts = Allowlist(template_scripts(Path(d) for d in dirs),
                                 variables=lambda body: meta.find_undeclared_variables(env.parse(body)),
                                 render=lambda body, ctx: env.from_string(body).render(config=config, **ctx))
        cache: dict[str, str] = {}

        def remember(key: str | None, html: str) -> str:
            if key:
                cache[key] = html
            return html

        env.globals["rse_nav_cache"] = cache
        env.globals["rse_nav_remember"] = remember
        return env

    def _track(self, file: File, content: object, keep_own: bool = False) -> File:
        """In a dirty-reload preview, mark a file modified only when what the
        plugin gives it changed (or, with `keep_own`, when its source changed
        too): MkDocs then skips the thousands of pages that did not change."""
        if self.serve and self.dirty:
            digest = hash(content)
            changed = self.cache.digests.get(file.src_uri) != digest
            self.cache.digests[file.src_uri] = digest
            own = file.is_modified
            file.is_modified = (lambda: changed or own()) if keep_own else (lambda: changed)  # type: ignore[method-assign]
        return file

    def on_pre_page(self, page, config, files):
        gen = self.generated.get(page.file.src_uri)
        if gen is not None and gen.source and self.repo_url:
            # Material's "edit" action, for a generated page: the data file it comes from.
            page.edit_url = urls.in_repository(self.repo_url, self.branch, gen.source)
        if gen is None or gen.markdown is not None:
            return page

        def read_source(config) -> None:
            page.markdown, page.meta = "", {"title": escape(gen.title), "rse_noindex": not gen.indexed,
                                            "rse_styles": gen.styles}
            if not gen.in_nav:
                # Same depth, outside the nav: same sidebars (see overrides/main.html).
                page.meta["rse_nav_key"] = f"depth-{urls.page_dir(gen.uri).count('/')}"

        def render(config, files) -> None:
            page.content, page.toc = gen.html, get_toc([])

        page.read_source = read_source
        page.render = render
        return page

    def on_page_markdown(self, markdown, page, config, files):
        # The theme's templates are not autoescaped and print front matter as is
        # (<title>, <meta name="description">, the header): every text there is
        # escaped Markup, whatever page it comes from.
        for key in ("title", "description"):
            if isinstance(page.meta.get(key), str):
                page.meta[key] = escape(page.meta[key])
        parts = self.output.fiches.get(page.file.src_uri)
        if parts is not None:
            page.meta["title"] = escape(parts.title)
        if page.file.src_uri in self.output.styles:
            page.meta["rse_styles"] = self.output.styles[page.file.src_uri]
        gen = self.generated.get(page.file.src_uri)
        if gen is not None:
            page.meta["title"] = escape(gen.title)
            page.meta["rse_noindex"] = not gen.indexed
            page.meta["rse_styles"] = gen.styles
        return markdown

    def on_page_content(self, html, page, config, files):
        uri = page.file.src_uri
        gen = self.generated.get(uri)
        if gen is None or gen.markdown is not None:
            # Markdown written by editors (or assembled from it): only the
            # sanitiser's allowlist is published. Pages rendered from the
            # project's own templates are not Markdown and keep their markup.
            html = sanitize_html(html)
        parts = self.output.fiches.get(uri)
        if parts is not None:
            # The footer's sections come after the Markdown: the table of
            # contents, computed from the Markdown, would leave them out.
            page.toc.items.extend(AnchorLink(title, anchor, 2) for anchor, title in parts.sections)
            return parts.header + html + parts.footer
        html += self.output.after.get(uri, "")
        filters = self.output.filters.get(uri)
        if filters:
            spans = "".join(
                f'<span hidden data-pagefind-filter="{escape(k)}:{escape(v)}"></span>' for k, vs in filters.items() for v in vs
            )
            return spans + html
        return html

    def on_nav(self, nav, config, files):
        self.progress = Progress("pages", sum(1 for f in files.documentation_pages()))
        return nav

    def on_page_context(self, context, page, config, nav):
        self.base_urls[page.file.src_uri] = context["base_url"]
        return context

    def on_template_context(self, context, template_name, config):
        self.base_urls[template_name] = context["base_url"]
        return context

    def _secure(self, output: str, key: str, shown: str) -> str:
        hashes = self.scripts.hashes(self.base_urls.pop(key, "."))
        problems = verify(output, hashes)
        if problems:
            log.error(f"{shown} : " + " ; ".join(problems[:10]))
            raise PluginError(f"la page {shown} contient du code que les gabarits du projet n'ont pas écrit ; "
                              "rien n'a été publié")
        # The live-reload script that `mkdocs serve` injects is inline: no CSP there.
        return output if self.serve else add_csp(output, hashes)

    def on_post_page(self, output, page, config):
        if self.progress is not None:
            self.progress.step()
        return self._secure(output, page.file.src_uri, page.file.src_uri)

    def on_post_template(self, output_content, template_name, config):
        if not template_name.endswith(".html"):
            return output_content
        return self._secure(output_content, template_name, template_name)

    def on_serve(self, server, config, builder):
        for path in Sources(self.root).watch_paths():
            server.watch(str(path))
        server.watch(str(TEMPLATES))
        return server
