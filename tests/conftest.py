"""Shared fixtures: a built site, a localhost server, Chromium through Playwright."""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import threading
from pathlib import Path
from urllib.parse import urlparse

import pytest

ROOT = Path(__file__).resolve().parent.parent
TODAY = "2026-11-26"  # pinned: statuses of the demo data are asserted against it
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]

os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
os.environ.setdefault("RSE_QUIET", "1")
# On GitHub's runners, `check` would otherwise turn the tests' deliberately broken
# files into annotations on the pull request, and write them into its summary.
for _var in ("GITHUB_ACTIONS", "GITHUB_STEP_SUMMARY"):
    os.environ.pop(_var, None)


def copy_project(dest: Path) -> Path:
    """A private copy of the project's inputs, for tests that break or grow them."""
    for name in ("content", "data", "overrides"):
        shutil.copytree(ROOT / name, dest / name)
    shutil.copy(ROOT / "mkdocs.yml", dest / "mkdocs.yml")
    return dest


def build(root: Path, site: Path) -> None:
    from generator.adapter.build import build_site

    os.environ["RSE_AUJOURDHUI"] = TODAY
    build_site(root, site, log=lambda *_: None)


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> Path:
    """The shipped project, built once per test process."""
    out = tmp_path_factory.mktemp("built") / "site"
    build(ROOT, out)
    return out


class _Handler(http.server.SimpleHTTPRequestHandler):
    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map,
                      ".js": "text/javascript", ".mjs": "text/javascript", ".wasm": "application/wasm",
                      ".svg": "image/svg+xml", ".json": "application/json"}

    not_found: Path | None = None  # served, with status 404, for a missing path (as a static host does)

    def log_message(self, *args):  # keep test output readable
        pass

    def send_error(self, code, message=None, explain=None):
        if code != 404 or self.not_found is None or not self.not_found.is_file():
            return super().send_error(code, message, explain)
        body = self.not_found.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


def serve(directory: Path, not_found: Path | None = None):
    handler = functools.partial(type("Handler", (_Handler,), {"not_found": not_found}), directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


@pytest.fixture(scope="session")
def hostile_site(tmp_path_factory) -> Path:
    """The project with every hostile input that `check` lets through (tests/hostile.py), built."""
    from tests.hostile import hostile_project

    root = hostile_project(tmp_path_factory.mktemp("hostile") / "project")
    out = root.parent / "site"
    build(root, out)
    return out


@pytest.fixture(scope="session")
def base_url(site):
    server, url = serve(site)
    yield url
    server.shutdown()


@pytest.fixture(scope="session")
def prod_url(site, tmp_path_factory):
    """The site as in production: under site_url's sub-path, its sitemap naming this server.

    Material's instant navigation only follows links its sitemap lists, matched with the
    port: served at another address (base_url), every click is a full page load.
    """
    import yaml

    site_url = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))["site_url"]
    root = tmp_path_factory.mktemp("prod")
    prefix = urlparse(site_url).path.strip("/")
    served = root / prefix if prefix else root
    server, url = serve(root, not_found=served / "404.html")
    shutil.copytree(site, served, dirs_exist_ok=True)
    here = url + (prefix + "/" if prefix else "")
    sitemap = served / "sitemap.xml"
    sitemap.write_text(sitemap.read_text(encoding="utf-8").replace(site_url, here), encoding="utf-8")
    yield here
    server.shutdown()


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import expect

    # Playwright's 5 s for an expectation is short on a 2-core machine running
    # two test processes and their builds: give slow moments room, not flakes.
    expect.set_options(timeout=15_000)
    if not Path(CHROMIUM).exists():
        pytest.fail("Chromium manquant : lancez tests/install-chromium.sh (make test le fait)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield b
        b.close()


class Recorder:
    """Every request a page makes; requests off localhost are blocked and kept."""

    def __init__(self):
        self.all: list[str] = []
        self.third_party: list[str] = []

    def handle(self, route):
        url = route.request.url
        self.all.append(url)
        host = urlparse(url).hostname
        if url.startswith(("data:", "blob:")) or host in ("127.0.0.1", "localhost"):
            route.continue_()
        else:
            self.third_party.append(url)
            route.abort()


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="fr-FR", service_workers="block")
    recorder = Recorder()
    context.route("**/*", recorder.handle)
    pg = context.new_page()
    errors: list[str] = []
    pg.on("pageerror", lambda exc: errors.append(str(exc)))
    pg.recorder = recorder
    pg.js_errors = errors
    yield pg
    context.close()
    assert recorder.third_party == [], f"requêtes vers des tiers : {recorder.third_party}"
    assert errors == [], f"erreurs JavaScript : {errors}"


def run_axe(page) -> list[dict]:
    """axe-core (shipped by the axe-playwright-python wheel) on the current page:
    the serious and critical violations."""
    import axe_playwright_python

    script = (Path(axe_playwright_python.__file__).parent / "axe.min.js").read_text(encoding="utf-8")
    page.evaluate(script)
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [
        {"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"]][:5]}
        for v in result["violations"] if v["impact"] in ("serious", "critical")
    ]
