"""The thin MkDocs adapter: the only module, with mkdocs_driver.py, that imports MkDocs.

It asks the core for the project and its generated output, and hands them to
MkDocs as virtual files. Generated pages bypass the Markdown pipeline: their
HTML is already rendered, so MkDocs only wraps it in the theme.
"""

from __future__ import annotations

import logging
import os
import time
from pathlib import Path

from markupsafe import escape
from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.toc import get_toc

from .build_date import build_today
from .csp import add_csp
from .emit import GeneratedPage, Options, Output, emit
from .errors import ValidationError
from .validate import Sources, load_project

log = logging.getLogger("mkdocs.plugins.rse")


class RseConfig(Config):
    exemples = c.Type(bool, default=True)  # false for production: hides fictitious companies


class RsePlugin(BasePlugin[RseConfig]):
    def __init__(self) -> None:
        self.output = Output()
        self.generated: dict[str, GeneratedPage] = {}
        self.root = Path.cwd()
        self.csp = True

    def on_startup(self, *, command, dirty):
        # The live-reload script that `mkdocs serve` injects is inline: no CSP there.
        self.csp = command != "serve"

    def on_config(self, config):
        self.root = Path(config.config_file_path).resolve().parent
        return config

    def on_files(self, files: Files, config) -> Files:
        started = time.perf_counter()
        try:
            project = load_project(self.root, include_examples=self.config.exemples)
        except ValidationError as exc:
            log.error("\n" + exc.report())
            raise PluginError("données ou contenus invalides : corrigez les erreurs ci-dessus") from None
        validated = time.perf_counter()
        self.output = emit(project, Options(build_today(), config.site_url or "", self.config.exemples))
        self.generated = {p.uri: p for p in self.output.pages}
        for page in self.output.pages:
            level = InclusionLevel.INCLUDED if page.in_nav else InclusionLevel.NOT_IN_NAV
            files.append(File.generated(config, page.uri, content=page.markdown or "", inclusion=level))
        for f in self.output.files:
            files.append(File.generated(config, f.uri, content=f.content))
        if os.environ.get("RSE_QUIET") != "1":
            log.info(
                f"validation : {len(project.fiches)} fiches, {len(project.referentials)} référentiels, "
                f"{len(project.companies)} entreprises en {validated - started:.2f} s ; "
                f"génération : {len(self.output.pages)} pages et {len(self.output.files)} fichiers en "
                f"{time.perf_counter() - validated:.2f} s"
            )
        return files

    def on_pre_page(self, page, config, files):
        gen = self.generated.get(page.file.src_uri)
        if gen is None or gen.markdown is not None:
            return page

        def read_source(config) -> None:
            page.markdown, page.meta = "", {"title": escape(gen.title), "rse_noindex": not gen.indexed}

        def render(config, files) -> None:
            page.content, page.toc = gen.html, get_toc([])

        page.read_source = read_source
        page.render = render
        return page

    def on_page_markdown(self, markdown, page, config, files):
        parts = self.output.fiches.get(page.file.src_uri)
        # The theme's templates are not autoescaped and print the title as is
        # (<title>, header): titles from data go there as escaped Markup.
        if parts is not None:
            page.meta["title"] = escape(parts.title)
        gen = self.generated.get(page.file.src_uri)
        if gen is not None:
            page.meta["title"] = escape(gen.title)
            page.meta["rse_noindex"] = not gen.indexed
        return markdown

    def on_page_content(self, html, page, config, files):
        uri = page.file.src_uri
        parts = self.output.fiches.get(uri)
        if parts is not None:
            return parts.header + html + parts.footer
        filters = self.output.filters.get(uri)
        if filters:
            spans = "".join(
                f'<span hidden data-pagefind-filter="{escape(k)}:{escape(v)}"></span>' for k, vs in filters.items() for v in vs
            )
            return spans + html
        return html

    def on_post_page(self, output, page, config):
        return add_csp(output) if self.csp else output

    def on_post_template(self, output_content, template_name, config):
        return add_csp(output_content) if self.csp and template_name.endswith(".html") else output_content

    def on_serve(self, server, config, builder):
        for path in Sources(self.root).watch_paths():
            server.watch(str(path))
        server.watch(str(Path(__file__).parent / "templates"))
        return server
