"""The thin MkDocs adapter: the only module, with driver.py, that imports MkDocs.

It asks the core for the project and its generated output, and hands them to
MkDocs as virtual files. Generated pages bypass the Markdown pipeline: their
HTML is already rendered, so MkDocs only wraps it in the theme.
"""

from __future__ import annotations

import gc
import logging
import os
import re
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urljoin

from jinja2 import BytecodeCache
from markupsafe import escape
from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.toc import AnchorLink, get_toc

from .. import urls
from ..parallel import default_workers, forked_map, planned_workers
from .build_date import build_today
from ..source.files import shadowed_theme_files
from .csp import Allowlist, add_csp, template_scripts, verify
from .shell import EDIT, Layout, Shell, sitemap
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


def _nav_uris(nav) -> set[str]:
    """The pages mkdocs.yml's `nav` names (a page there stays in MkDocs' loop)."""
    found: set[str] = set()
    for item in nav or []:
        values = item.values() if isinstance(item, dict) else [item]
        for v in values:
            if isinstance(v, list):
                found |= _nav_uris(v)
            elif isinstance(v, str) and v.endswith(".md"):
                found.add(v)
    return found


class _QuietAboutShells(logging.Filter):
    """MkDocs reports, at INFO, each shell it did not write and each link to a
    page it did not render: both are how shell.py works, not news for an editor."""

    def __init__(self, plugin: "RsePlugin") -> None:
        super().__init__()
        self.plugin = plugin

    def filter(self, record: logging.LogRecord) -> bool:
        text = record.getMessage()
        if text.startswith("Page skipped: ") and any(f"'{u}'" in text for u in self.plugin.layouts):
            return False
        if text.endswith("which is excluded from the built site."):
            target = text.rsplit(" to '", 1)[-1].split("' which", 1)[0]
            return target not in self.plugin.written
        return True


def _native_watcher(server, watched: list[str]) -> None:
    """MkDocs polls what it watches every 0.5 s (watchdog's PollingObserver): at
    10,000 companies each poll stats every data file, during the rebuilds too, and
    an edit waits for the next poll. The kernel's notifications (inotify) come at
    once. `watched`: what MkDocs scheduled before on_serve, moved to the new observer."""
    from watchdog import events
    from watchdog.observers import Observer
    from watchdog.observers.polling import PollingObserver

    if Observer is PollingObserver or type(server.observer) is not PollingObserver or server.observer.is_alive():
        return
    # What polling sees. Not "opened" nor "closed without writing": the rebuild
    # reads the edited file, and MkDocs rebuilt again for that.
    changes = [events.FileCreatedEvent, events.FileModifiedEvent, events.FileDeletedEvent, events.FileMovedEvent,
               events.FileClosedEvent]

    class ChangesOnly(Observer):  # type: ignore[misc, valid-type]
        def schedule(self, event_handler, path, *, recursive=False, event_filter=None, follow_symlink=False):
            return super().schedule(event_handler, path, recursive=recursive, event_filter=changes,
                                    follow_symlink=follow_symlink)

    for path in watched:
        server.unwatch(path)
    server.observer = ChangesOnly()
    for path in watched:
        server.watch(path)


def _same(a: tuple | None, b: tuple) -> bool:
    """Equal tuples, comparing by identity first (a page's HTML is 14 KB)."""
    return a is not None and all(x is y or x == y for x, y in zip(a, b))


class _CompiledTemplates(BytecodeCache):
    """Material's templates compiled once per preview: MkDocs makes a new Jinja
    environment at every rebuild, and compiling its 57 templates again took a
    fifth of a rebuild. Jinja checks each template's source against its checksum:
    an edited template is compiled again."""

    def __init__(self) -> None:
        self.compiled: dict[str, bytes] = {}

    def load_bytecode(self, bucket) -> None:
        data = self.compiled.get(bucket.key)
        if data is not None:
            bucket.bytecode_from_string(data)

    def dump_bytecode(self, bucket) -> None:
        self.compiled[bucket.key] = bucket.bytecode_to_string()


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
    # MkDocs' virtual files of the previous rebuild: making 23,000 of them (MkDocs
    # normalises every path) took a second of each rebuild at 10,000 companies.
    files: dict[tuple, File] = field(default_factory=dict)
    # uri -> what a page written from a shell was made of, and each shell's parts:
    # the same content in the same shell is the same file, already checked and written.
    written: dict[str, tuple] = field(default_factory=dict)
    shells: dict[str, list[str]] = field(default_factory=dict)
    # Each page's title at its last build: a dirty rebuild does not read the
    # pages that did not change, and the navigation would name them "None".
    titles: dict[str, str] = field(default_factory=dict)
    builds: int = 0
    templates: _CompiledTemplates = field(default_factory=_CompiledTemplates)


class RsePlugin(BasePlugin[RseConfig]):
    def __init__(self) -> None:
        self.serve = self.dirty = False
        self.cache = BuildCache()
        self.output = Output()
        self.generated: dict[str, GeneratedPage] = {}
        self.root = Path.cwd()
        self.progress: Progress | None = None
        self.repo_url, self.branch = "", ""
        self.workers = 1
        # Set by the build (driver.py): a folder that receives, at each page's
        # path, the document Pagefind reads of it (shell.index_document).
        self.index_mirror: Path | None = None
        self.site_dir = ""
        self.base_urls: dict[str, str] = {}
        self.scripts: Allowlist | None = None
        # Pages written from a shell (shell.py): uri -> (page, its File, layout); shells by their uri.
        self.written: dict[str, tuple[GeneratedPage, File, Layout]] = {}
        self.layouts: dict[str, Layout] = {}
        self.shells: dict[str, Shell] = {}
        self.files: Files | None = None
        self.files_used: dict[tuple, File] = {}
        self.quiet = _QuietAboutShells(self)

    def on_startup(self, *, command, dirty):
        self.serve, self.dirty = command == "serve", dirty
        self.cache = BuildCache()
        self._quiet(add=True)

    def on_shutdown(self):
        self._quiet(add=False)

    def _quiet(self, add: bool) -> None:
        if add:
            self.quiet = _QuietAboutShells(self)
        for name in ("mkdocs.commands.build", "mkdocs.structure.pages"):
            (logging.getLogger(name).addFilter if add else logging.getLogger(name).removeFilter)(self.quiet)

    def on_config(self, config):
        self.root = Path(config.config_file_path).resolve().parent
        self.repo_url, self.branch = _repository(config, self.root)
        self.workers = self._workers()  # read once per build: a bad RSE_PROCESSUS stops it before any work
        self.site_dir = config.site_dir
        return config

    def _workers(self) -> int:
        """A preview renders and writes in its own process: its rebuilds touch a
        few pages, and its server runs threads, which a fork does not carry."""
        if self.serve:
            return 1
        try:
            return default_workers()
        except ValueError as exc:
            raise PluginError(str(exc)) from None

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
                                                self.repo_url, self.branch, self.workers), self.cache.rendered)
        self.generated = {p.uri: p for p in self.output.pages}
        self.files_used = {}
        self._pages(files, config)
        self.files = files
        for f in self.output.files:
            files.append(self._track(self._file(config, f.uri, f.content), f.content))
        self.cache.files, self.files_used = self.files_used, {}  # keep only what this build used
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
                f"{time.perf_counter() - validated:.2f} s ({planned_workers(len(project.companies), self.workers)} "
                f"processus pour les pages des entreprises)"
            )
        return files

    def _file(self, config, uri: str, content: str | bytes, inclusion=InclusionLevel.UNDEFINED) -> File:
        """A virtual file; a preview reuses the one it made at the previous rebuild."""
        if not self.serve:
            return File.generated(config, uri, content=content, inclusion=inclusion)
        key = (uri, inclusion, config.site_dir, config.use_directory_urls)
        file = self.cache.files.get(key)
        if file is None:
            file = File.generated(config, uri, content=content, inclusion=inclusion)
        elif isinstance(content, str):
            file.content_string = content
        else:
            file.content_bytes = content
        self.files_used[key] = file
        return file

    def _pages(self, files: Files, config) -> None:
        """Generated pages become MkDocs files; those outside the navigation are
        written from a shell (shell.py) and stay in `files` as excluded, so that
        MkDocs still turns Markdown links to them into URLs."""
        in_config_nav = _nav_uris(config.nav)
        self.written, self.layouts, self.shells = {}, {}, {}
        for page in self.output.pages:
            if page.markdown is None and not page.in_nav and page.uri not in in_config_nav:
                layout = Layout.of(page, editable=bool(page.source and self.repo_url))
                self.layouts.setdefault(layout.uri, layout)
                file = self._file(config, page.uri, "", InclusionLevel.EXCLUDED)
                self.written[page.uri] = (page, file, layout)
                files.append(file)
                continue
            level = InclusionLevel.INCLUDED if page.in_nav else InclusionLevel.NOT_IN_NAV
            file = File.generated(config, page.uri, content=page.markdown or "", inclusion=level)
            # A tuple, not a concatenation: cached pages are the same string
            # objects as before, whose hashes Python has already computed.
            files.append(self._track(file, (page.html, page.markdown, page.title)))
        for uri, layout in sorted(self.layouts.items()):
            self.generated[uri] = layout.page()
            files.append(File.generated(config, uri, content="", inclusion=InclusionLevel.NOT_IN_NAV))

    def on_env(self, env, config, files):
        from jinja2 import meta

        if self.serve:
            env.bytecode_cache = self.cache.templates
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
        layout = self.layouts.get(page.file.src_uri)
        if layout is not None and layout.editable:
            page.edit_url = EDIT
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
        return self._around(uri, html)

    def _around(self, uri: str, html: str) -> str:
        """A page's HTML with what the output adds around it: sections after it, Pagefind filters."""
        html += self.output.after.get(uri, "")
        filters = self.output.filters.get(uri)
        if filters:
            spans = "".join(
                f'<span hidden data-pagefind-filter="{escape(k)}:{escape(v)}"></span>' for k, vs in filters.items() for v in vs
            )
            return spans + html
        return html

    def on_nav(self, nav, config, files):
        if self.serve and self.dirty:
            for page in nav.pages:
                title = self.cache.titles.get(page.file.src_uri)
                if page.title is None and title is not None and not page.file.is_modified():
                    page.title = title
        self.progress = Progress("pages", sum(1 for f in files.documentation_pages()) - len(self.layouts)
                                 + len(self.written))
        return nav

    def on_page_context(self, context, page, config, nav):
        if self.serve and self.dirty:
            self.cache.titles[page.file.src_uri] = page.title
        self.base_urls[page.file.src_uri] = context["base_url"]
        return context

    def on_template_context(self, context, template_name, config):
        self.base_urls[template_name] = context["base_url"]
        return context

    def _secure(self, output: str, key: str, shown: str) -> str:
        hashes = self.scripts.hashes(self.base_urls.pop(key, "."))
        self._verify(output, hashes, shown)
        # The live-reload script that `mkdocs serve` injects is inline: no CSP there.
        return output if self.serve else add_csp(output, hashes)

    @staticmethod
    def _verify(html: str, hashes: tuple[str, ...], shown: str) -> None:
        problems = verify(html, hashes)
        if problems:
            log.error(f"{shown} : " + " ; ".join(problems[:10]))
            raise PluginError(f"la page {shown} contient du code que les gabarits du projet n'ont pas écrit ; "
                              "rien n'a été publié")

    def on_post_page(self, output, page, config):
        uri = page.file.src_uri
        layout = self.layouts.get(uri)
        if layout is not None:
            hashes = self.scripts.hashes(self.base_urls.get(uri, "."))
            shell = self.shells[uri] = Shell(self._secure(output, uri, uri), layout, page.canonical_url, hashes)
            if self.cache.shells.get(uri) == shell.parts:
                shell.parts = self.cache.shells[uri]  # the same object: _write compares by identity first
            self.cache.shells[uri] = shell.parts
            return ""  # a shell is never published itself
        if self.progress is not None:
            self.progress.step()
        return self._secure(output, uri, uri)

    def on_post_build(self, config):
        """Write the pages of the shells. The content of each is checked as
        every page is (the shell itself was, once): nothing runs that the
        templates did not write."""
        started = time.perf_counter()
        base, workers = config.site_url or "", self.workers
        # With children, the progress line moves once they are done.
        written = sum(forked_map(lambda uri: self._write(uri, base, progress=workers == 1), list(self.written), workers))
        for _ in range(written if workers > 1 and self.progress is not None else 0):
            self.progress.step()
        if os.environ.get("RSE_QUIET") != "1":
            log.info(f"écriture : {written} pages hors navigation (sur {len(self.written)}), depuis "
                     f"{len(self.shells)} gabarit(s), en {time.perf_counter() - started:.2f} s "
                     f"({planned_workers(len(self.written), workers)} processus)")
        if self.serve:
            self._settle_heap()

    def _settle_heap(self) -> None:
        """What a preview keeps between rebuilds (about a million objects at 10,000
        companies) leaves the collector's scans: a full scan took 0.6 s of every
        second rebuild. Frozen objects are still freed when no longer referenced;
        only cycles among them wait, until every 25th rebuild thaws them."""
        self.cache.builds += 1
        if self.cache.builds % 25 == 0:
            gc.unfreeze()
        gc.freeze()

    def _write(self, uri: str, base: str, progress: bool = True) -> bool:
        page, file, layout = self.written[uri]
        shell = self.shells[layout.uri]
        content = self._around(uri, page.html)
        edit = urls.in_repository(self.repo_url, self.branch, page.source) if layout.editable else None
        canonical = urljoin(base, file.url) if base else None
        # In a preview, the same content in the same shell was verified and written
        # at a previous rebuild (cached pages and unchanged shells are the same objects).
        seen = (page.title, content, edit, canonical, shell.parts) if self.serve and self.dirty else None
        if seen is not None and _same(self.cache.written.get(uri), seen) and os.path.exists(file.abs_dest_path):
            return False
        html = shell.fill(page.title, content, canonical, edit)
        self._verify(content, shell.hashes, uri)
        os.makedirs(os.path.dirname(file.abs_dest_path), exist_ok=True)
        with open(file.abs_dest_path, "w", encoding="utf-8") as out:
            out.write(html)
        if self.index_mirror is not None and shell.index_parts is not None:
            lean = self.index_mirror / os.path.relpath(file.abs_dest_path, self.site_dir)
            lean.parent.mkdir(parents=True, exist_ok=True)
            lean.write_text(shell.fill(page.title, content, canonical, edit, shell.index_parts), encoding="utf-8")
        if seen is not None:
            self.cache.written[uri] = seen
        if progress and self.progress is not None:
            self.progress.step()
        return True

    def on_post_template(self, output_content, template_name, config):
        if template_name == "sitemap.xml" and config.site_url:
            return self._sitemap(output_content, config)
        if not template_name.endswith(".html"):
            return output_content
        return self._secure(output_content, template_name, template_name)

    def _sitemap(self, xml: str, config) -> str:
        base = config.site_url  # MkDocs ends it with "/"

        def loc(url: str) -> str:  # urljoin's result, for the only relative URL a page has ("./", the home)
            return base + url.removeprefix("./")

        written = {loc(f.url) for _, f, _ in self.written.values()}
        shells = {loc(urls.page_dir(u)) for u in self.layouts}
        return sitemap(xml, [loc(f.url) for f in self.files.documentation_pages(inclusion=lambda _: True)],
                       written, shells)

    def on_serve(self, server, config, builder):
        _native_watcher(server, [p for p in (config.docs_dir, config.config_file_path) if p])
        for path in Sources(self.root).watch_paths():
            server.watch(str(path))
        server.watch(str(TEMPLATES))
        return server
