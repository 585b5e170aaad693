"""The directory's first load and filter changes at N companies, without a whole site build.

A whole build at 100,000 companies takes six minutes and 7 GB (TRAPS.md); the
directory page only needs its own files. So this script builds the shipped
project once (or takes `--site`), then for each N:

1. adds N synthetic companies (benchmarks/synth.py's names, regions, sectors,
   labels and dates, parsed from the YAML it writes) to the shipped project in
   memory, and calls the generator's `directory_pages` directly;
2. copies the built site and puts that output in it: the index files, and the
   first directory page's content in place of the shipped one inside
   `annuaire/index.html`; `sitemap.xml` gets one entry per company, as a build
   at N would write it (Material's instant navigation fetches it on every full
   page load);
3. serves the copy with gzip (level 9, as a static host would; the size counted
   is the body on the wire) and opens `/annuaire/` in Chromium (Playwright,
   /usr/bin/chromium) to record every response until the directory is ready,
   then times filter changes: from the change event to the results drawn
   (`data-rse-update-ms` set) and to the next frame.

`--repo` picks the generator (and its JavaScript) to measure, so the same
script measures another checkout (`git archive main | tar -x -C /tmp/before`).

    .venv/bin/python benchmarks/directory_load.py --companies 10000 100000
    .venv/bin/python benchmarks/directory_load.py --repo /tmp/before --companies 10000 100000 --out before.json
"""

from __future__ import annotations

import argparse
import datetime as dt
import functools
import gzip
import http.server
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
TODAY = dt.date(2026, 11, 26)
TEXT = (".html", ".css", ".js", ".mjs", ".json", ".svg", ".xml", ".txt")


def args_of(argv):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--companies", type=int, nargs="+", default=[10_000, 100_000])
    p.add_argument("--repo", type=Path, default=HERE.parent, help="the checkout whose generator is measured")
    p.add_argument("--site", type=Path, help="the shipped project already built by that checkout")
    p.add_argument("--runs", type=int, default=9, help="timed changes of each kind (median)")
    p.add_argument("--workdir", type=Path, help="keep the copies here (default: a temporary folder)")
    p.add_argument("--out", type=Path, default=HERE / "results" / "directory_load.json")
    return p.parse_args(argv)


def synthetic(project, n: int, repo: Path, seed: int = 2026):
    """`project` with n companies written by synth.py, parsed and modelled here
    (the loader's rule for an expiry: `expire`, else obtained + the label's validity)."""
    import dataclasses

    sys.path.insert(0, str(HERE))
    import synth
    from generator.model import Award, Company, add_years

    ids = synth.project_ids(repo)
    rng = random.Random(seed)
    companies, names = dict(project.companies), set(ids["names"])
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    while len(companies) < len(project.companies) + n:
        name = synth._name(rng)
        key = " ".join(name.casefold().split())
        if key in names:
            name = f"{name} {len(companies) + 1}"
            key = " ".join(name.casefold().split())
        slug = synth.slugify(name)
        if key in names or slug in companies:
            continue
        names.add(key)
        doc = yaml.load(synth.company_yaml(rng, name, slug, ids), Loader=loader)
        awards = []
        for a in doc["labels"]:
            label = project.labels[a["label"]].label
            expires = a.get("expire") or add_years(a["obtenu"], label.validity_years)
            awards.append(Award(a["label"], a.get("niveau"), a["obtenu"], expires,
                                expires_estimated="expire" not in a and label.prov("validite_ans").marked))
        companies[slug] = Company(slug, doc["nom"], doc["site"], doc["region"], doc["secteur"], doc["cluster"],
                                  doc["description"], True, tuple(awards))
    return dataclasses.replace(project, companies=dict(sorted(companies.items())))


def directory_output(project):
    from generator.site.directory import directory_pages
    from generator.site.output import Options

    started = time.perf_counter()
    pages, files = directory_pages(project, Options(TODAY))
    return pages[0].html, files, time.perf_counter() - started


def sitemap_at(site: Path, slugs) -> str:
    """The built sitemap with one more entry per synthetic company, in its own format."""
    text = (site / "sitemap.xml").read_text(encoding="utf-8")
    start = text.index("<url>")
    entry = text[start:text.index("</url>", start) + len("</url>")]
    loc = entry[entry.index("<loc>") + 5:entry.index("</loc>")]
    base = loc[:loc.index("/", len("https://"))] + "/" if "annuaire" not in loc else loc.split("annuaire/")[0]
    extra = "".join(entry.replace(loc, f"{base}annuaire/{s}/") for s in slugs)
    return text.replace("</urlset>", extra + "</urlset>")


def install(site: Path, dest: Path, shipped_html: str, html: str, files, slugs) -> None:
    if dest.exists():
        shutil.rmtree(dest)
    shutil.copytree(site, dest, ignore=shutil.ignore_patterns("pagefind"))
    for old in (dest / "annuaire").glob("index*.json"):
        old.unlink()
    for f in files:
        out = dest / f.uri
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_bytes(f.content if isinstance(f.content, bytes) else f.content.encode("utf-8"))
    page = dest / "annuaire" / "index.html"
    built = page.read_text(encoding="utf-8")
    if shipped_html not in built:
        raise SystemExit("annuaire/index.html does not hold the directory's content as generated: cannot splice")
    page.write_text(built.replace(shipped_html, html), encoding="utf-8")
    (dest / "sitemap.xml").write_text(sitemap_at(site, slugs), encoding="utf-8")


class GzipHandler(http.server.SimpleHTTPRequestHandler):
    """Text gzipped at level 9 (once per file), as a static host serves it."""

    cache: dict = {}
    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map, ".js": "text/javascript",
                      ".json": "application/json", ".svg": "image/svg+xml", ".wasm": "application/wasm"}

    def log_message(self, *args):
        pass

    def do_GET(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            if not self.path.split("?")[0].endswith("/"):
                return super().do_GET()  # its redirect to the folder's address
            path = path / "index.html"
        if not path.is_file() or not path.name.endswith(TEXT):
            return super().do_GET()
        body = compressed(self.cache, path)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


def compressed(cache: dict, path: Path) -> bytes:
    key = (str(path), path.stat().st_mtime_ns)
    if key not in cache:
        cache[key] = gzip.compress(path.read_bytes(), 9, mtime=0)
    return cache[key]


def serve(folder: Path):
    # Compressed before the browser asks: the timings are the page's, not this server's gzip.
    cache: dict = {}
    for path in folder.rglob("*"):
        if path.is_file() and path.name.endswith(TEXT):
            compressed(cache, path)
    handler = functools.partial(type("H", (GzipHandler,), {"cache": cache}), directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


# Records when the directory becomes ready, from the navigation's start.
READY_PROBE = """
new MutationObserver((_, obs) => {
  const host = document.querySelector('[data-rse-directory][data-rse-ready]');
  if (host) { window.__rseReadyAt = performance.now(); obs.disconnect(); }
}).observe(document, { subtree: true, attributes: true, attributeFilter: ['data-rse-ready'] });
"""

# One change of a control, timed: to the results drawn (the view sets
# data-rse-update-ms when done) and to the next frame (style, layout, paint).
CHANGE = """async ([selector, value, kind]) => {
  const host = document.querySelector('[data-rse-directory]');
  const control = document.querySelector(selector);
  delete host.dataset.rseUpdateMs;
  const drawn = new Promise((resolve) => {
    const obs = new MutationObserver(() => { if (host.dataset.rseUpdateMs) { obs.disconnect(); resolve(performance.now()); } });
    obs.observe(host, { attributes: true, attributeFilter: ['data-rse-update-ms'] });
  });
  const t0 = performance.now();
  control.value = value;
  control.dispatchEvent(new Event(kind, { bubbles: true }));
  const t1 = await drawn;
  await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
  return { drawn: t1 - t0, frame: performance.now() - t0, count: host.querySelector('[role=status]').textContent };
}"""


def _wire(responses, since=0):
    """Bytes on the wire (gzipped bodies) of the responses from `since` on, by file."""
    out = {}
    for url, size in responses[since:]:
        out[url] = out.get(url, 0) + size
    return out


def _median(samples, key):
    return round(statistics.median(s[key] for s in samples), 1)


def _timed(page, responses, runs, selector, values, kind="change"):
    """The first change (it may fetch parts) and the median of `runs` more, from no filter."""
    page.evaluate("document.querySelector('.rse-directory__reset').click()")  # no focus: no prefetch
    page.wait_for_load_state("networkidle")
    since = len(responses)
    first = page.evaluate(CHANGE, [selector, values[0], kind])
    page.wait_for_load_state("networkidle")
    fetched = _wire(responses, since)
    rest = [page.evaluate(CHANGE, [selector, values[1 + i % (len(values) - 1)], kind]) for i in range(runs)]
    return {"first_ms": round(first["drawn"], 1), "first_frame_ms": round(first["frame"], 1),
            "first_fetched_gzip": sum(fetched.values()), "first_fetched": sorted(fetched),
            "median_ms": _median(rest, "drawn"), "median_frame_ms": _median(rest, "frame"),
            "max_ms": round(max(s["drawn"] for s in rest), 1), "count_text": rest[-1]["count"]}


def measure(url: str, runs: int, facets: dict) -> dict:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path="/usr/bin/chromium",
                                     args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"])
        page = browser.new_page(viewport={"width": 1280, "height": 900}, locale="fr-FR")
        responses = []

        def record(response):
            if response.url.startswith(url):
                # Every response of the server has a Content-Length (the body on the wire).
                responses.append((response.url[len(url) - 1:], int(response.headers.get("content-length", 0))))

        page.on("response", record)
        page.add_init_script(READY_PROBE)
        page.goto(url + "annuaire/")
        page.wait_for_selector("[data-rse-directory][data-rse-ready]", timeout=120_000)
        ready = _wire(responses)
        ready_at = page.evaluate("window.__rseReadyAt")
        page.wait_for_load_state("networkidle")
        page.wait_for_timeout(1000)
        idle = _wire(responses)
        regions, labels = facets["region"], facets["label"]
        out = {
            "ready_ms": round(ready_at, 1),
            "first_load_gzip": sum(ready.values()), "first_load_files": ready,
            "after_idle_gzip": sum(idle.values()),
            "region": _timed(page, responses, runs, "#rse-dir-region", regions[:runs + 1]),
            "label": _timed(page, responses, runs, "#rse-dir-label", ["", *labels] * runs),
            "name": _timed(page, responses, runs, "#rse-dir-nom", ["ver", "al", "mar", "ouest", "tri", "an", "sal", "bel"],
                           "input"),
            "sort": _timed(page, responses, runs, "#rse-dir-tri", ["expiration", "nom"] * runs),
        }
        out["all_fetched_gzip"] = sum(_wire(responses).values())
        browser.close()
    return out


def build_shipped(repo: Path, dest: Path) -> Path:
    env = {**os.environ, "PYTHONPATH": str(repo), "RSE_AUJOURDHUI": TODAY.isoformat(), "NO_MKDOCS_2_WARNING": "1"}
    subprocess.run([sys.executable, "-m", "generator", "--root", str(repo), "build", "--site-dir", str(dest)],
                   env=env, check=True, cwd=repo)
    return dest


def one(n, shipped, shipped_html, site, work, repo, runs):
    project = synthetic(shipped, n, repo) if n else shipped
    html, files, seconds = directory_output(project)
    dest = work / f"n{n}"
    install(site, dest, shipped_html, html, files, [s for s in project.companies if s not in shipped.companies])
    server, url = serve(dest)
    try:
        from generator.site.directory import PAGE_SIZE  # noqa: F401  (the checkout's)
        head = json.loads(next(f.content for f in files if f.uri == "annuaire/index.json"))
        result = measure(url, runs, {"region": head["facets"]["region"], "label": head["facets"]["label"]})
    finally:
        server.shutdown()
    sizes = {f.uri: len(f.content.encode("utf-8") if isinstance(f.content, str) else f.content) for f in files}
    return {"companies": len(project.companies), "emit_seconds": round(seconds, 2), "index_files": len(files),
            "index_bytes": sum(sizes.values()), "head_bytes": sizes["annuaire/index.json"], **result}


def main(argv=None) -> int:
    args = args_of(argv)
    repo = args.repo.resolve()
    sys.path.insert(0, str(repo))
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    from generator.source.project import load_project

    work = args.workdir or Path(tempfile.mkdtemp(prefix="rse-dirload-"))
    work.mkdir(parents=True, exist_ok=True)
    site = args.site or build_shipped(repo, work / "shipped-site")
    shipped = load_project(repo)
    shipped_html, _, _ = directory_output(shipped)
    results = {"repo": str(repo), "date": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
               "load_average": os.getloadavg(), "runs": args.runs, "sizes": []}
    for n in args.companies:
        r = one(n, shipped, shipped_html, site, work, repo, args.runs)
        results["sizes"].append(r)
        print(f"{r['companies']:>7} companies: first load {r['first_load_gzip'] / 1024:.1f} KB gz "
              f"({len(r['first_load_files'])} files, ready at {r['ready_ms']:.0f} ms); "
              + "; ".join(f"{k} first {r[k]['first_ms']:.0f} ms (+{r[k]['first_fetched_gzip'] / 1024:.0f} KB), "
                          f"then median {r[k]['median_ms']:.1f} ms" for k in ("region", "label", "name", "sort")),
              flush=True)
    results["load_average_end"] = os.getloadavg()
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(results, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    if not args.workdir:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
