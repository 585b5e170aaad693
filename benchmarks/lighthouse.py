"""Lighthouse (mobile emulation) on the built site, served as a static host would.

A benchmark, not a test: it needs Node.js, Lighthouse 12 and Chromium, and
scores vary from run to run. The site is served under site_url's path, with
gzip for text (every static host compresses; Python's http.server does not)
and 404.html for missing paths.

    npm i -E lighthouse@12.2.3 --prefix /tmp/lh
    .venv/bin/python -m generator build
    CHROME_PATH=/usr/bin/chromium .venv/bin/python benchmarks/lighthouse.py --lighthouse /tmp/lh/node_modules/.bin/lighthouse

Prints one line per page (the four categories and the main metrics) and, with
--out, writes the JSON summaries.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import io
import json
import os
import shutil
import subprocess
import tempfile
import threading
from pathlib import Path
from urllib.parse import urlparse

import yaml

ROOT = Path(__file__).resolve().parent.parent
PAGES = ["", "fiches/mont-blanc-industries/", "annuaire/", "diagnostics/6pl/"]
TEXT = (".html", ".css", ".js", ".mjs", ".json", ".svg", ".xml", ".txt")


class Host(http.server.SimpleHTTPRequestHandler):
    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map, ".js": "text/javascript",
                      ".mjs": "text/javascript", ".wasm": "application/wasm", ".svg": "image/svg+xml",
                      ".json": "application/json"}
    not_found: Path

    def log_message(self, *args):
        pass

    def send_head(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        if not path.is_file():
            body, status, ctype = self.not_found.read_bytes(), 404, "text/html; charset=utf-8"
        else:
            body, status, ctype = path.read_bytes(), 200, self.guess_type(str(path))
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        if path.suffix in TEXT or status == 404:
            body = gzip.compress(body, 6, mtime=0)
            self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "max-age=3600")
        self.end_headers()
        return io.BytesIO(body)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--site", type=Path, default=ROOT / "site")
    parser.add_argument("--lighthouse", default="lighthouse", help="the lighthouse command (npm i -E lighthouse@12.2.3)")
    parser.add_argument("--page", action="append", help="a page under the site path (default: home, a fiche, /annuaire/, a diagnostic)")
    parser.add_argument("--out", type=Path, help="write the summaries as JSON there")
    parser.add_argument("--reports", type=Path, help="keep each page's whole Lighthouse report in this folder")
    args = parser.parse_args()

    site_url = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))["site_url"]
    prefix = urlparse(site_url).path.strip("/")
    with tempfile.TemporaryDirectory() as tmp:
        served = Path(tmp) / prefix
        shutil.copytree(args.site, served)
        handler = functools.partial(type("H", (Host,), {"not_found": served / "404.html"}), directory=tmp)
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        base = f"http://127.0.0.1:{server.server_address[1]}/{prefix}/"
        results = {}
        for page in args.page or PAGES:
            report = Path(tmp) / "report.json"
            cmd = [args.lighthouse, base + page, "--quiet", "--output=json", f"--output-path={report}",
                   "--form-factor=mobile", "--screenEmulation.mobile", "--throttling-method=simulate",
                   "--chrome-flags=--headless=new --no-sandbox --disable-gpu"]
            subprocess.run(cmd, check=True, env={**os.environ, "CHROME_PATH": os.environ.get("CHROME_PATH", "/usr/bin/chromium")})
            data = json.loads(report.read_text(encoding="utf-8"))
            if args.reports:
                args.reports.mkdir(parents=True, exist_ok=True)
                shutil.copy(report, args.reports / ((page.strip("/").replace("/", "_") or "index") + ".json"))
            scores = {k: round(v["score"] * 100) for k, v in data["categories"].items()}
            audits = data["audits"]
            metrics = {k: audits[k]["displayValue"] for k in ("first-contentful-paint", "largest-contentful-paint",
                                                               "total-blocking-time", "cumulative-layout-shift")}
            weight = audits["total-byte-weight"]["numericValue"]
            dom = audits["dom-size"]["numericValue"] if "dom-size" in audits else None
            failing = sorted(k for k, a in audits.items() if a.get("score") is not None and a["score"] < 0.9
                             and a.get("scoreDisplayMode") in ("binary", "numeric", "metricSavings"))
            results["/" + page] = {"scores": scores, "metrics": metrics, "bytes": weight, "dom": dom, "below_90": failing}
            print(f"/{page or ''}: " + " ".join(f"{k}={v}" for k, v in scores.items())
                  + f" | {metrics} | {weight / 1024:.0f} KB transferred | DOM {dom} | <0.9: {', '.join(failing) or '-'}")
        server.shutdown()
    if args.out:
        args.out.write_text(json.dumps(results, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
