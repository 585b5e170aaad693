#!/usr/bin/env python3
"""Build-performance benchmark, side by side: the project versus a bare baseline.

One run does, in a temporary folder:

1. a synthetic copy of the project with N companies (benchmarks/synth.py), checked
   with `python -m generator --root COPY check`;
2. the same company pages as plain Markdown in a bare mkdocs-material project
   (the baseline; see write_baseline), and the same for Hugo when `hugo` is on PATH;
3. R rounds, alternating the order in each round (P B, B P, P B, ...):
   - project: `python -m generator --root COPY build --site-dir OUT` (validation,
     generation, MkDocs, Pagefind), one subprocess;
   - baseline: `python -m mkdocs build` then `python -m pagefind_bin --site OUT`;
   each measured for wall time, CPU time, peak RSS and output size;
4. reader-side budgets on one project output (gzipped first-load sizes, caching);
5. `generator serve` reload time: append to a fiche, poll until the page shows it.

It prints a Markdown table of medians and writes everything to a JSON file.
No assertion on timings: this is a measurement, not a test (`make test` never runs it).

    .venv/bin/python benchmarks/bench.py --companies 500 --runs 2      # quick
    make bench                                                         # 10,000 companies, 3 runs
"""

from __future__ import annotations

import argparse
import datetime as dt
import gzip
import json
import os
import platform
import posixpath
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from html.parser import HTMLParser
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(REPO))  # the generator package is imported from this repository
sys.path.insert(0, str(HERE))

import synth  # noqa: E402

PY = sys.executable
TIME = "/usr/bin/time" if os.access("/usr/bin/time", os.X_OK) else None
TODAY = "2026-11-26"  # pinned, so label statuses (and thus output) do not depend on the day
PAGE_SIZE = os.sysconf("SC_PAGE_SIZE")
MB = 1024 * 1024
FINGERPRINT_RE = re.compile(r"[._-][0-9a-f]{8,}\.")  # bundle.a5f9d56c.min.js


# --------------------------------------------------------------------------- measuring processes

def _tree_rss(root_pid: int) -> tuple[int, dict[str, int]]:
    """Resident memory of a process and all its descendants, from /proc (a snapshot):
    the sum, and the largest process per command name (python, pagefind, ...)."""
    children: dict[int, list[int]] = {}
    info: dict[int, tuple[str, int]] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat", "rb") as fh:
                data = fh.read()
        except OSError:
            continue
        comm = data[data.find(b"(") + 1: data.rfind(b")")].decode(errors="replace")
        fields = data[data.rfind(b")") + 2:].split()  # fields from #3 (state) on
        pid = int(entry.name)
        children.setdefault(int(fields[1]), []).append(pid)
        info[pid] = (comm, int(fields[21]) * PAGE_SIZE)
    total, by_name, todo = 0, {}, [root_pid]
    while todo:
        pid = todo.pop()
        comm, rss = info.get(pid, ("?", 0))
        total += rss
        by_name[comm] = max(by_name.get(comm, 0), rss)
        todo.extend(children.get(pid, ()))
    return total, by_name


class TreeSampler(threading.Thread):
    """Samples a process tree every `interval` seconds; keeps the peak of the summed RSS
    and the peak RSS of each command name (which process is the big one)."""

    def __init__(self, pid: int, interval: float = 0.1):
        super().__init__(daemon=True)
        self.pid, self.interval, self.peak = pid, interval, 0
        self.by_name: dict[str, int] = {}
        self._halt = threading.Event()

    def run(self) -> None:
        while not self._halt.is_set():
            try:
                total, by_name = _tree_rss(self.pid)
                self.peak = max(self.peak, total)
                for name, rss in by_name.items():
                    self.by_name[name] = max(self.by_name.get(name, 0), rss)
            except Exception:  # a process vanishing mid-scan is not an error
                pass
            self._halt.wait(self.interval)

    def stop(self) -> int:
        self._halt.set()
        self.join()
        return self.peak


def _parse_time_v(text: str) -> dict:
    def grab(label: str) -> str | None:
        m = re.search(rf"^\s*{re.escape(label)}:\s*(.+)$", text, re.M)
        return m.group(1).strip() if m else None

    out = {}
    if (v := grab("Maximum resident set size (kbytes)")) is not None:
        out["maxrss_kb"] = int(v)
    if (v := grab("User time (seconds)")) is not None:
        out["user_s"] = float(v)
    if (v := grab("System time (seconds)")) is not None:
        out["sys_s"] = float(v)
    return out


def run_measured(cmd: list[str], *, cwd: Path, env: dict, log_path: Path) -> dict:
    """Run one command in a fresh child; wall time, CPU time, peak RSS (largest process, tree sum)."""
    full = list(map(str, cmd))
    tfile = None
    if TIME:
        fd, tfile = tempfile.mkstemp(prefix="rse-bench-time-")
        os.close(fd)
        full = [TIME, "-v", "-o", tfile, *full]
    with open(log_path, "ab") as log:
        log.write(("$ " + " ".join(map(str, cmd)) + "\n").encode())
        log.flush()
        started = time.perf_counter()
        proc = subprocess.Popen(full, cwd=cwd, env=env, stdout=log, stderr=subprocess.STDOUT)
        sampler = TreeSampler(proc.pid)
        sampler.start()
        _, status, usage = os.wait4(proc.pid, 0)  # the rusage of this child and its waited-for descendants
        wall = time.perf_counter() - started
        tree_peak = sampler.stop()
    proc.returncode = os.waitstatus_to_exitcode(status)
    result = {
        "cmd": " ".join(map(str, cmd)), "rc": proc.returncode, "wall_s": wall,
        # ru_maxrss is the maximum over the processes of the tree, not their sum
        "maxrss_kb": usage.ru_maxrss, "user_s": usage.ru_utime, "sys_s": usage.ru_stime,
        "tree_rss_peak_kb": tree_peak // 1024, "rss_source": "wait4",
        "sampled_peak_by_process_mb": {name: rss / MB for name, rss in sampler.by_name.items() if name != "time"},
    }
    if tfile:
        parsed = _parse_time_v(Path(tfile).read_text(errors="replace"))
        os.unlink(tfile)
        if "maxrss_kb" in parsed:
            result.update(parsed, rss_source="/usr/bin/time -v")
    if proc.returncode != 0:
        tail = log_path.read_text(errors="replace")[-4000:]
        raise RuntimeError(f"command failed ({proc.returncode}): {result['cmd']}\n--- log tail ---\n{tail}")
    return result


def output_stats(site: Path) -> dict:
    files = size = html = pagefind_files = pagefind_bytes = 0
    for dirpath, _dirs, names in os.walk(site):
        in_pagefind = Path(dirpath).relative_to(site).parts[:1] == ("pagefind",)
        for name in names:
            n = os.stat(os.path.join(dirpath, name)).st_size
            files += 1
            size += n
            html += name.endswith(".html")
            if in_pagefind:
                pagefind_files += 1
                pagefind_bytes += n
    return {"bytes": size, "files": files, "html_files": html,
            "pagefind_bytes": pagefind_bytes, "pagefind_files": pagefind_files}


def _combine(steps: list[dict], site: Path, **extra) -> dict:
    by_process: dict[str, float] = {}
    for step in steps:
        for name, mb in step.get("sampled_peak_by_process_mb", {}).items():
            key = "pagefind" if "pagefind" in name else ("python" if name.startswith("python") else name)
            by_process[key] = max(by_process.get(key, 0.0), mb)
    return {
        "peak_rss_python_mb": by_process.get("python"),
        "peak_rss_pagefind_mb": by_process.get("pagefind"),
        "wall_s": sum(s["wall_s"] for s in steps),
        "cpu_s": sum(s["user_s"] + s["sys_s"] for s in steps),
        "peak_rss_max_mb": max(s["maxrss_kb"] for s in steps) / 1024,
        "peak_rss_tree_mb": max(s["tree_rss_peak_kb"] for s in steps) / 1024,
        "output": output_stats(site),
        "steps": steps,
        **extra,
    }


# --------------------------------------------------------------------------- the three builds

def build_project(copy: Path, out: Path, env: dict, log: Path) -> dict:
    # Not cwd=REPO: `python -m` puts the working folder first on sys.path, which
    # would load this checkout's generator whatever PYTHONPATH says (the --ref column).
    step = run_measured([PY, "-m", "generator", "--root", copy, "build", "--site-dir", out],
                        cwd=copy, env=env, log_path=log)
    text = log.read_text(errors="replace")
    # as logged by generator/build.py and the rse plugin (unprofiled stage times)
    mkdocs = re.findall(r"MkDocs : \d+ pages HTML en ([\d.]+) s", text)
    pagefind = re.findall(r"Pagefind : index en ([\d.]+) s", text)
    plugin = re.findall(r"validation : .*? en ([\d.]+) s ; génération : .*? en ([\d.]+) s", text)
    return _combine([step], out,
                    mkdocs_s=float(mkdocs[-1]) if mkdocs else None,
                    validation_s=float(plugin[-1][0]) if plugin else None,
                    generation_s=float(plugin[-1][1]) if plugin else None,
                    pagefind_s=float(pagefind[-1]) if pagefind else None)


def ref_generator(rev: str, dest: Path) -> dict:
    """The generator of git revision `rev`, unpacked in `dest`, and the
    environment that makes MkDocs load *its* plugin (tools/same_output.py's
    hook): the project built by two revisions in one run, side by side."""
    sys.path.insert(0, str(REPO / "tools"))
    from same_output import SITECUSTOMIZE, plugin_entry

    (dest / "hook").mkdir(parents=True, exist_ok=True)
    (dest / "hook" / "sitecustomize.py").write_text(SITECUSTOMIZE, encoding="utf-8")
    archive = subprocess.run(["git", "-C", str(REPO), "archive", rev, "generator", "pyproject.toml"],
                             check=True, capture_output=True).stdout
    (dest / "tree").mkdir(exist_ok=True)
    subprocess.run(["tar", "-x", "-C", str(dest / "tree")], input=archive, check=True)
    return {"PYTHONPATH": f"{dest / 'hook'}{os.pathsep}{dest / 'tree'}", "RSE_PLUGIN_ENTRY": plugin_entry(dest / "tree")}


def install_hugo() -> None:
    """Debian's hugo, for the benchmark's third column only (CI never needs it)."""
    subprocess.run(["apt-get", "update", "-qq"], check=True)
    subprocess.run(["apt-get", "install", "-y", "-qq", "hugo"], check=True,
                   env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"})


def build_baseline(base: Path, out: Path, env: dict, log: Path) -> dict:
    steps = [
        run_measured([PY, "-m", "mkdocs", "build", "--quiet", "-f", base / "mkdocs.yml", "-d", out],
                     cwd=base, env=env, log_path=log),
        run_measured([PY, "-m", "pagefind_bin", "--site", out, "--quiet"], cwd=base, env=env, log_path=log),
    ]
    return _combine(steps, out, mkdocs_s=steps[0]["wall_s"], pagefind_s=steps[1]["wall_s"])


def build_hugo(hugo_dir: Path, out: Path, env: dict, log: Path) -> dict:
    steps = [
        run_measured([shutil.which("hugo"), "--quiet", "--source", hugo_dir, "--destination", out],
                     cwd=hugo_dir, env=env, log_path=log),
        run_measured([PY, "-m", "pagefind_bin", "--site", out, "--quiet"], cwd=hugo_dir, env=env, log_path=log),
    ]
    return _combine(steps, out, mkdocs_s=None, pagefind_s=steps[1]["wall_s"])


# --------------------------------------------------------------------------- baseline sources

_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>#|])")


def _md(text: str) -> str:
    return _MD_SPECIAL.sub(r"\\\1", text)


def _load_model(copy: Path):
    from generator.source.project import load_project

    return load_project(copy)


def company_pages(project, today: dt.date):
    """(slug, title, markdown body) of every company page, with the project page's visible text."""
    from generator.model import STATUS_LABELS
    from generator.site.templating import date_fr

    for c in project.companies.values():
        lines = [f"# {_md(c.name)}", ""]
        if c.example:
            lines += ["**Exemple fictif** : cette entreprise n'existe pas, elle illustre le fonctionnement de "
                      "l'annuaire.", ""]
        if c.description:
            lines += [_md(c.description), ""]
        lines += [f"- Région : {_md(c.region)}", f"- Secteur : {_md(c.sector)}",
                  f"- Cluster : {_md(project.clusters[c.cluster].name)}"]
        if c.site:
            lines.append(f"- Site web : <{c.site}>")
        lines += ["", "## Labels", "",
                  "Cette page est la page de vérification des badges de l'entreprise. "
                  f"Statuts calculés le {date_fr(today)}.", ""]
        for a in c.awards:
            ref = project.referentials[a.label]
            level = ref.level(a.level)
            lines += [f"### Label {_md(ref.label.name)}" + (f" : niveau {_md(level.label)}" if level else ""), "",
                      f"- Statut : {STATUS_LABELS[a.status(today)]}",
                      f"- Obtenu : {date_fr(a.obtained) if a.obtained else a.obtained_text}",
                      f"- Valide jusqu'au {date_fr(a.expires) if a.expires_known else 'à confirmer'}",
                      f"- Délivré par : {_md(ref.label.issuer)}",
                      f"- Évalué par : {_md(ref.label.evaluator)}", ""]
        yield c.slug, c.name, "\n".join(lines)


BASELINE_YML = """\
# Baseline: bare mkdocs-material, the same company pages as plain Markdown, outside the nav.
site_name: Baseline
site_url: https://example.org/baseline/
docs_dir: docs
use_directory_urls: true
theme:
  name: material
  language: fr
  font: false
plugins: []          # no `search`: MkDocs adds it when `plugins` is absent; Pagefind indexes instead
not_in_nav: |
  /annuaire/
nav:
  - Accueil: index.md
"""


def write_baseline(project, today: dt.date, dest: Path) -> int:
    docs = dest / "docs" / "annuaire"
    docs.mkdir(parents=True)
    (dest / "mkdocs.yml").write_text(BASELINE_YML, encoding="utf-8")
    (dest / "docs" / "index.md").write_text("# Baseline\n\nLes pages des entreprises sont dans annuaire/.\n",
                                            encoding="utf-8")
    n = 0
    for slug, _title, body in company_pages(project, today):
        (docs / f"{slug}.md").write_text(body + "\n", encoding="utf-8")
        n += 1
    return n


HUGO_LAYOUT = """<!doctype html><html lang="fr"><head><meta charset="utf-8"><title>{{ .Title }}</title></head>
<body><main>{{ .Content }}</main></body></html>
"""


def write_hugo(project, today: dt.date, dest: Path) -> int:
    (dest / "content" / "annuaire").mkdir(parents=True)
    (dest / "layouts" / "_default").mkdir(parents=True)
    (dest / "hugo.toml").write_text('baseURL = "https://example.org/hugo/"\nlanguageCode = "fr"\ntitle = "Baseline"\n'
                                    'disableKinds = ["taxonomy", "term", "RSS"]\n', encoding="utf-8")
    for name in ("single.html", "list.html"):
        (dest / "layouts" / "_default" / name).write_text(HUGO_LAYOUT, encoding="utf-8")
    (dest / "content" / "_index.md").write_text("---\ntitle: Baseline\n---\n", encoding="utf-8")
    n = 0
    for slug, title, body in company_pages(project, today):
        front = "---\ntitle: " + json.dumps(title, ensure_ascii=False) + "\n---\n"
        (dest / "content" / "annuaire" / f"{slug}.md").write_text(front + body + "\n", encoding="utf-8")
        n += 1
    return n


# --------------------------------------------------------------------------- reader-side budgets

class _Refs(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.css: list[str] = []
        self.js: list[str] = []
        self.config: str | None = None
        self._in_config = False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "link" and "stylesheet" in (a.get("rel") or "").split() and a.get("href"):
            self.css.append(a["href"])
        elif tag == "script" and a.get("src"):
            self.js.append(a["src"])
        elif tag == "script" and a.get("id") == "__config":
            self._in_config = True

    def handle_data(self, data):
        if self._in_config:
            self.config = (self.config or "") + data

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_config = False


def _resolve(base_file: str, href: str) -> str | None:
    href = href.split("#")[0].split("?")[0]
    if not href or re.match(r"^[a-z]+:|^//", href):
        return None  # external: would be a bug here (the site makes no third-party request)
    if href.startswith("/"):
        return href.lstrip("/")
    return posixpath.normpath(posixpath.join(posixpath.dirname(base_file), href))


STATIC_IMPORT_RE = re.compile(r"""(?:^|[;\n])\s*(?:import|export)\s+(?:[\w*{}\s,$]+?\s+from\s+)?["']([^"']+)["']""")
FEATURE_RE = re.compile(r"""\[\s*["'](\[([\w-]+)[^"']*\])["']\s*,\s*["']([^"']+)["']\s*\]""")


def _module_closure(site: Path, start: str, seen: set[str]) -> None:
    """A module and its static imports (what the browser fetches before running it)."""
    if start in seen:
        return
    seen.add(start)
    path = site / start
    if not path.is_file():
        return
    for spec in STATIC_IMPORT_RE.findall(path.read_text(encoding="utf-8", errors="replace")):
        target = _resolve(start, spec)
        if target:
            _module_closure(site, target, seen)


def _asset(site: Path, rel: str) -> dict:
    path = site / rel
    if not path.is_file():
        return {"path": rel, "missing": True, "bytes": 0, "gzip": 0}
    data = path.read_bytes()
    return {"path": rel, "bytes": len(data), "gzip": len(gzip.compress(data, 6)),
            "fingerprinted": bool(FINGERPRINT_RE.search(posixpath.basename(rel)))}


def page_budget(site: Path, page: str) -> dict:
    """What a first visit to `page` loads before the first interaction: HTML, CSS, JS (gzip -6)."""
    html = (site / page).read_text(encoding="utf-8")
    refs = _Refs()
    refs.feed(html)
    css = [r for r in (_resolve(page, h) for h in refs.css) if r]
    js_entry = [r for r in (_resolve(page, h) for h in refs.js) if r]
    modules: set[str] = set()
    lazy: list[str] = []
    for entry in js_entry:
        _module_closure(site, entry, modules)
        if posixpath.basename(entry) == "app.js" and (site / entry).is_file():
            # app.js imports a feature's module only when the page has the feature's markup
            for _selector, attr, module in FEATURE_RE.findall((site / entry).read_text(encoding="utf-8")):
                if re.search(rf"\s{re.escape(attr)}(?=[\s=>])", html):
                    target = _resolve(entry, module)
                    lazy.append(target)
                    _module_closure(site, target, modules)
    scripts = [m for m in [*js_entry, *sorted(modules - set(js_entry))]]
    assets = [_asset(site, r) for r in css] + [_asset(site, r) for r in scripts]
    html_bytes = html.encode("utf-8")
    total_gzip = len(gzip.compress(html_bytes, 6)) + sum(a["gzip"] for a in assets)
    total_raw = len(html_bytes) + sum(a["bytes"] for a in assets)
    features = []
    if refs.config:
        try:
            features = json.loads(refs.config).get("features", [])
        except ValueError:
            pass
    return {
        "page": page, "html_bytes": len(html_bytes), "html_gzip": len(gzip.compress(html_bytes, 6)),
        "assets": assets, "feature_modules": lazy,
        "total_bytes": total_raw, "total_gzip": total_gzip,
        "instant_navigation": "navigation.instant" in features,
    }


def reader_budgets(site: Path) -> dict:
    pages = {"home": "index.html", "fiche": "fiches/piles/index.html", "directory": "annuaire/index.html"}
    out: dict = {"pages": {}}
    for key, page in pages.items():
        if (site / page).is_file():
            out["pages"][key] = page_budget(site, page)
    extras = {}
    bundle = next(iter(sorted((site / "assets" / "javascripts").glob("bundle.*.min.js"))), None)
    if bundle and b"sitemap.xml" in bundle.read_bytes() and (site / "sitemap.xml").is_file():
        # Material's instant navigation fetches sitemap.xml on every full page load
        extras["sitemap.xml"] = _asset(site, "sitemap.xml")
    if (site / "annuaire" / "index.json").is_file():
        extras["annuaire/index.json"] = _asset(site, "annuaire/index.json")
    out["extras"] = extras
    d = out["pages"].get("directory")
    if d and "annuaire/index.json" in extras:
        d["total_gzip_with_index"] = d["total_gzip"] + extras["annuaire/index.json"]["gzip"]
        d["total_bytes_with_index"] = d["total_bytes"] + extras["annuaire/index.json"]["bytes"]
    out["caching"] = caching_report(site, out["pages"])
    out["largest_html"] = largest_html(site)
    return out


def largest_html(site: Path, n: int = 8) -> list[dict]:
    """The heaviest HTML pages (a page that grows with the number of companies shows up here)."""
    sizes = []
    for dirpath, _dirs, names in os.walk(site):
        for name in names:
            if name.endswith(".html"):
                path = os.path.join(dirpath, name)
                sizes.append((os.stat(path).st_size, path))
    rows = []
    for size, path in sorted(sizes, reverse=True)[:n]:
        data = Path(path).read_bytes()
        rows.append({"path": Path(path).relative_to(site).as_posix(), "bytes": size,
                     "gzip": len(gzip.compress(data, 6))})
    return rows


def _origin(rel: str) -> str:
    if rel.startswith("pagefind/"):
        return "pagefind"
    if (REPO / "overrides" / rel).is_file():
        return "site"  # overrides/assets/...
    if rel.startswith(("assets/referentiels/", "annuaire/")) or rel == "sitemap.xml":
        return "generated"
    return "material"


def caching_report(site: Path, pages: dict) -> dict:
    """Which CSS/JS/JSON/WASM files have a content hash in their name, and which do not."""
    referenced = {a["path"] for p in pages.values() for a in p["assets"]}
    rows = []
    for path in sorted(site.rglob("*")):
        if not path.is_file() or path.suffix in (".html", ".svg", ".map", ".gz"):
            continue
        rel = path.relative_to(site).as_posix()
        if rel.startswith("pagefind/") and "/" in rel[len("pagefind/"):]:
            continue  # fragments/ and index/ chunks: Pagefind names them by content hash
        if not rel.startswith(("assets/", "pagefind/", "annuaire/index.json", "sitemap.xml")):
            continue
        rows.append({"path": rel, "bytes": path.stat().st_size, "origin": _origin(rel),
                     "fingerprinted": bool(FINGERPRINT_RE.search(path.name)),
                     "loaded_by_measured_pages": rel in referenced,
                     # Material ships lunr and its search worker even without its search plugin
                     "unused": rel.startswith(("assets/javascripts/lunr/", "assets/javascripts/workers/"))})
    by_origin: dict[str, dict[str, list[str]]] = {}
    for r in rows:
        group = by_origin.setdefault(r["origin"], {"fingerprinted": [], "unfingerprinted": []})
        group["fingerprinted" if r["fingerprinted"] else "unfingerprinted"].append(r["path"])
    unused = [r for r in rows if r["unused"]]
    return {"files": rows, "by_origin": by_origin,
            "unfingerprinted": [r["path"] for r in rows if not r["fingerprinted"]],
            "fingerprinted": [r["path"] for r in rows if r["fingerprinted"]],
            "unused_material_search": {"files": len(unused), "bytes": sum(r["bytes"] for r in unused)}}


def caching_text(caching: dict) -> str:
    lines = []
    for origin, group in sorted(caching["by_origin"].items()):
        unf = [p for p in group["unfingerprinted"]
               if not p.startswith(("assets/javascripts/lunr/", "assets/javascripts/workers/"))]
        hidden = len(group["unfingerprinted"]) - len(unf)
        lines.append(f"- {origin}: {len(group['fingerprinted'])} fingerprinted"
                     + (f" ({', '.join(group['fingerprinted'])})" if origin == "material" else "")
                     + f"; {len(unf)} not fingerprinted" + (f": {', '.join(unf)}" if unf else "")
                     + (f" (+ {hidden} unused lunr files)" if hidden else ""))
    u = caching["unused_material_search"]
    if u["files"]:
        lines.append(f"- shipped but never loaded (Material's lunr search, plugin disabled): {u['files']} files, "
                     f"{u['bytes'] / 1024:.0f} KB (counted above under material)")
    return "\n".join(lines)


# --------------------------------------------------------------------------- serve reload

def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str, timeout: float) -> tuple[int, str, str]:
    """Status, body and final URL (after redirects) of a loopback GET."""
    try:
        with urllib.request.urlopen(url, timeout=timeout) as resp:  # noqa: S310 (loopback only)
            return resp.status, resp.read().decode("utf-8", errors="replace"), resp.geturl()
    except urllib.error.HTTPError as exc:
        return exc.code, "", url
    except (urllib.error.URLError, ConnectionError, TimeoutError, socket.timeout):
        return 0, "", url


def measure_serve(copy: Path, runs: int, env: dict, log: Path, timeout: float) -> dict:
    """Seconds from appending a line to a fiche to `generator serve` serving the page with it."""
    port = _free_port()
    base = f"http://127.0.0.1:{port}/"
    cmd = [PY, "-m", "generator", "--root", str(copy), "serve", "--dev-addr", f"127.0.0.1:{port}"]
    fiche = copy / "content" / "fiches" / "piles.md"
    original = fiche.read_bytes()
    with open(log, "ab") as logf:
        started = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=REPO, env=env, stdout=logf, stderr=subprocess.STDOUT, start_new_session=True)
    times: list[float] = []
    try:
        while True:
            if proc.poll() is not None:
                raise RuntimeError(f"generator serve exited ({proc.returncode}); see {log}")
            if time.perf_counter() - started > timeout:
                raise RuntimeError(f"generator serve did not answer within {timeout:.0f} s")
            status, _body, home = _get(base, timeout=timeout)
            if status == 200:
                break
            time.sleep(0.5)
        startup = time.perf_counter() - started
        # MkDocs serves under site_url's path (here /rse-clusters/) and redirects / there
        url = home.rstrip("/") + "/fiches/piles/"
        for i in range(runs):
            time.sleep(2.0)  # let the watcher settle after the previous rebuild
            token = f"rse-bench-reload-{i}-{time.time_ns()}"
            t0 = time.perf_counter()
            with open(fiche, "a", encoding="utf-8") as fh:
                fh.write(f"\n\n{token}\n")
            while True:
                # a request during a rebuild waits for it (MkDocs' live-reload server)
                status, body, _url = _get(url, timeout=timeout)
                if status not in (0, 200):
                    raise RuntimeError(f"GET {url} answered {status}; see {log}")
                if token in body:
                    break
                if time.perf_counter() - t0 > timeout or proc.poll() is not None:
                    raise RuntimeError(f"the change did not appear within {timeout:.0f} s; see {log}")
                time.sleep(0.1)
            times.append(time.perf_counter() - t0)
    finally:
        _stop_group(proc)
        fiche.write_bytes(original)
    return {"startup_s": startup, "reload_s": times, "reload_median_s": statistics.median(times),
            "url_path": urllib.parse.urlsplit(url).path,
            "note": "from the append to the new text being served: includes the file watcher's delay and "
                    "whatever rebuild `generator serve` performs (full or dirty)"}


def _stop_group(proc: subprocess.Popen) -> None:
    if proc.poll() is not None:
        return
    try:
        os.killpg(proc.pid, signal.SIGTERM)  # the process group we created (start_new_session)
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
    except ProcessLookupError:
        pass


# --------------------------------------------------------------------------- report

ROWS = [
    ("wall time (s)", lambda r: r["wall_s"], "{:.1f}"),
    ("  of which MkDocs (s)", lambda r: r.get("mkdocs_s"), "{:.1f}"),
    ("    in it: validation, rse plugin (s)", lambda r: r.get("validation_s"), "{:.1f}"),
    ("    in it: generation, rse plugin (s)", lambda r: r.get("generation_s"), "{:.1f}"),
    ("  of which Pagefind (s)", lambda r: r.get("pagefind_s"), "{:.1f}"),
    ("CPU time user+sys (s)", lambda r: r["cpu_s"], "{:.1f}"),
    ("peak RSS, largest process (MB)", lambda r: r["peak_rss_max_mb"], "{:.0f}"),
    ("peak RSS, process tree sum (MB)", lambda r: r["peak_rss_tree_mb"], "{:.0f}"),
    ("  Python process (MkDocs), sampled (MB)", lambda r: r.get("peak_rss_python_mb"), "{:.0f}"),
    ("  Pagefind process, sampled (MB)", lambda r: r.get("peak_rss_pagefind_mb"), "{:.0f}"),
    ("output size (MB)", lambda r: r["output"]["bytes"] / MB, "{:.1f}"),
    ("output files", lambda r: r["output"]["files"], "{:.0f}"),
    ("  HTML files", lambda r: r["output"]["html_files"], "{:.0f}"),
    ("  Pagefind index (MB)", lambda r: r["output"]["pagefind_bytes"] / MB, "{:.1f}"),
]


def _median(values):
    values = [v for v in values if v is not None]
    return statistics.median(values) if values else None


def summarize(results: dict[str, list[dict]]) -> dict:
    out = {}
    for name, runs in results.items():
        out[name] = {label: _median([get(r) for r in runs]) for label, get, _fmt in ROWS}
    return out


def table(medians: dict, names: list[str]) -> str:
    """One column per kind of build, then the project's ratio to each other kind."""
    others = [n for n in names if n != "project"] if "project" in names else []
    head = "| median over runs | " + " | ".join(names) + "".join(f" | project / {n}" for n in others)
    lines = [head + " |", "|" + " --- |" * (head.count("|"))]
    for label, _get, fmt in ROWS:
        cells = []
        for n in names:
            v = medians[n].get(label)
            cells.append(fmt.format(v) if v is not None else "–")
        for n in others:
            p, b = medians["project"].get(label), medians[n].get(label)
            cells.append(f"{p / b:.2f}×" if p is not None and b else "–")
        lines.append(f"| {label} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def reader_table(reader: dict) -> str:
    lines = ["| page (first visit) | HTML gz | CSS+JS gz | total gz (raw) | + fetched at start |",
             "| --- | --- | --- | --- | --- |"]
    sitemap = reader["extras"].get("sitemap.xml")
    for key, p in reader["pages"].items():
        extra = []
        if key == "directory" and "total_gzip_with_index" in p:
            extra.append(f"index.json {reader['extras']['annuaire/index.json']['gzip'] / 1024:.0f} KB → "
                         f"{p['total_gzip_with_index'] / 1024:.0f} KB")
        if sitemap and p["instant_navigation"]:
            extra.append(f"sitemap.xml {sitemap['gzip'] / 1024:.0f} KB")
        missing = [a["path"] for a in p["assets"] if a.get("missing")]
        if missing:
            extra.append("referenced but missing: " + ", ".join(missing))
        assets = sum(a["gzip"] for a in p["assets"])
        lines.append(f"| {key} ({p['page']}) | {p['html_gzip'] / 1024:.1f} KB | {assets / 1024:.1f} KB | "
                     f"{p['total_gzip'] / 1024:.1f} KB ({p['total_bytes'] / 1024:.0f} KB) | "
                     f"{'; '.join(extra) or '–'} |")
    return "\n".join(lines)


def machine() -> dict:
    cpu = ""
    try:
        cpu = next(line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo") if line.startswith("model name"))
    except (OSError, StopIteration):
        pass
    mem = 0
    try:
        mem = int(next(line.split()[1] for line in open("/proc/meminfo") if line.startswith("MemTotal"))) // 1024
    except (OSError, StopIteration):
        pass
    return {"cores": os.cpu_count(), "cpu": cpu, "mem_mb": mem, "python": platform.python_version(),
            "platform": platform.platform(), "loadavg_at_start": os.getloadavg()}


def _git_state() -> dict:
    def git(*args: str) -> str:
        try:
            return subprocess.run(["git", *args], cwd=REPO, capture_output=True, text=True, timeout=30).stdout.strip()
        except (OSError, subprocess.SubprocessError):
            return ""

    import hashlib

    digest = hashlib.sha256()
    for folder in ("generator", "overrides"):
        for path in sorted((REPO / folder).rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                digest.update(path.relative_to(REPO).as_posix().encode() + b"\0" + path.read_bytes())
    return {"commit": git("rev-parse", "--short", "HEAD"),
            "uncommitted_files": len([line for line in git("status", "--porcelain").splitlines() if line]),
            # the tree is shared and changes: this identifies the generator/ + overrides/ that were measured
            "sources_sha256": digest.hexdigest()[:16]}


def _versions() -> dict:
    from importlib.metadata import PackageNotFoundError, version

    out = {}
    for pkg in ("mkdocs", "mkdocs-material", "pagefind_bin", "Jinja2", "PyYAML", "Markdown"):
        try:
            out[pkg] = version(pkg)
        except PackageNotFoundError:
            out[pkg] = None
    return out


# --------------------------------------------------------------------------- main

def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Measure the project's build against a bare baseline.")
    parser.add_argument("--companies", type=int, default=10_000, help="synthetic companies (default 10000)")
    parser.add_argument("--fiches", type=int, default=0, help="extra synthetic fiches (default 0)")
    parser.add_argument("--runs", type=int, default=3, help="builds of each kind, alternated (default 3)")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--out", type=Path, default=HERE / "results" / "latest.json")
    parser.add_argument("--skip-baseline", action="store_true", help="project builds only")
    parser.add_argument("--skip-serve", action="store_true", help="do not measure the serve reload time")
    parser.add_argument("--serve-runs", type=int, default=3)
    parser.add_argument("--serve-timeout", type=float, default=1800.0, help="seconds, per wait")
    parser.add_argument("--workdir", type=Path, default=None, help="keep everything in this folder")
    parser.add_argument("--ref", default=None, help="also build with the generator of this git revision")
    parser.add_argument("--install-hugo", action="store_true", help="apt-get install hugo if it is missing")
    args = parser.parse_args(argv)
    # SIGTERM (e.g. a killed `make bench`) unwinds through the `finally` blocks:
    # the serve process group is stopped and the work folder removed.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))

    work = args.workdir.resolve() if args.workdir else Path(tempfile.mkdtemp(prefix="rse-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "RSE_AUJOURDHUI": TODAY,
           "PYTHONPATH": os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")]))}
    os.environ["RSE_AUJOURDHUI"] = TODAY
    today = dt.date.fromisoformat(TODAY)
    say = lambda msg: print(msg, flush=True)  # noqa: E731
    report: dict = {"date": dt.datetime.now().isoformat(timespec="seconds"), "machine": machine(),
                    "versions": _versions(), "git": _git_state(), "today_pinned": TODAY,
                    "params": {"companies": args.companies, "fiches": args.fiches, "runs": args.runs,
                               "seed": args.seed}}
    try:
        say(f"[bench] work folder: {work}")
        t0 = time.perf_counter()
        copy = work / "project"
        counts = synth.make_copy(copy, args.companies, args.fiches, args.seed)
        report["params"].update(counts)
        say(f"[bench] synthetic copy: {counts['companies_total']} companies "
            f"({counts['companies_synthetic']} synthetic), {counts['fiches_synthetic']} extra fiches "
            f"in {time.perf_counter() - t0:.1f} s")
        check = run_measured([PY, "-m", "generator", "--root", copy, "check"], cwd=REPO, env=env,
                             log_path=work / "check.log")
        report["check"] = check
        say(f"[bench] generator check: ok in {check['wall_s']:.1f} s, peak RSS {check['maxrss_kb'] / 1024:.0f} MB")

        kinds = ["project"]
        if args.ref:
            ref_env = {**env, **ref_generator(args.ref, work / "ref")}
            kinds.append("ref")
            report["params"]["ref"] = args.ref
        if args.install_hugo and not shutil.which("hugo"):
            install_hugo()
        if not args.skip_baseline:
            project = _load_model(copy)
            n = write_baseline(project, today, work / "baseline")
            kinds.append("baseline")
            if shutil.which("hugo"):
                write_hugo(project, today, work / "hugo")
                kinds.append("hugo")
                report["hugo"] = "measured"
            else:
                report["hugo"] = "skipped: hugo is not on PATH"
                say("[bench] hugo: not on PATH, skipped")
            del project
            say(f"[bench] baseline: {n} company pages as plain Markdown")

        results: dict[str, list[dict]] = {k: [] for k in kinds}
        builders = {"project": lambda out, log: build_project(copy, out, env, log),
                    "ref": lambda out, log: build_project(copy, out, ref_env, log),
                    "baseline": lambda out, log: build_baseline(work / "baseline", out, env, log),
                    "hugo": lambda out, log: build_hugo(work / "hugo", out, env, log)}
        reader_site = None
        for r in range(args.runs):
            order = kinds if r % 2 == 0 else list(reversed(kinds))
            for kind in order:
                out = work / f"out-{kind}-{r}"
                res = builders[kind](out, work / f"{kind}-{r}.log")
                res["round"] = r
                results[kind].append(res)
                say(f"[bench] round {r + 1}/{args.runs} {kind:8s} {res['wall_s']:7.1f} s  "
                    f"peak RSS {res['peak_rss_max_mb']:6.0f} MB (tree {res['peak_rss_tree_mb']:.0f} MB)  "
                    f"{res['output']['bytes'] / MB:7.1f} MB in {res['output']['files']} files")
                if kind == "project" and reader_site is None:
                    reader_site = out
                else:
                    shutil.rmtree(out, ignore_errors=True)
        report["runs"] = results
        medians = summarize(results)
        report["medians"] = medians
        if "baseline" in medians:
            report["ratios"] = {label: (medians["project"][label] / medians["baseline"][label]
                                        if medians["project"][label] is not None and medians["baseline"][label]
                                        else None) for label, _g, _f in ROWS}
        report["table_md"] = table(medians, kinds)

        if reader_site is not None:
            report["reader"] = reader_budgets(reader_site)
            report["reader_table_md"] = reader_table(report["reader"])
            shutil.rmtree(reader_site, ignore_errors=True)

        if not args.skip_serve:
            say("[bench] measuring `generator serve` reload (initial build first)...")
            report["serve"] = measure_serve(copy, args.serve_runs, env, work / "serve.log", args.serve_timeout)

        print()
        print(f"## Build at {counts['companies_total']} companies — medians of {args.runs} alternated runs "
              f"({report['machine']['cores']} cores, {report['date']})\n")
        print(report["table_md"])
        print(f"\nvalidation only (`generator check`): {check['wall_s']:.1f} s")
        print(f"hugo: {report.get('hugo', 'not run (--skip-baseline)')}")
        if "reader" in report:
            print("\n## Reader side (project output, gzip -6)\n")
            print(report["reader_table_md"])
            print("\nLargest HTML pages: " + ", ".join(
                f"{r['path']} {r['bytes'] / 1024:.0f} KB ({r['gzip'] / 1024:.0f} KB gz)"
                for r in report["reader"]["largest_html"]))
            print("\nCaching (content hash in the file name = cacheable forever):\n")
            print(caching_text(report["reader"]["caching"]))
        if "serve" in report:
            s = report["serve"]
            print(f"\n## serve: first build + start {s['startup_s']:.1f} s; reload after editing a fiche "
                  f"{s['reload_median_s']:.1f} s median (runs: {', '.join(f'{t:.1f}' for t in s['reload_s'])})")
        report["machine"]["loadavg_at_end"] = os.getloadavg()
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps(report, ensure_ascii=False, indent=2, default=str) + "\n", encoding="utf-8")
        print(f"\n[bench] results written to {args.out}")
    finally:
        if args.workdir is None:
            shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
