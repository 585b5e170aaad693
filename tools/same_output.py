"""Do two versions of the generator build the same bytes from the same inputs?

    python tools/same_output.py [--ref REF] [--companies N] [--exclude PREFIX ...]

Builds one copy of the inputs (this checkout's content/, data/, overrides/,
mkdocs.yml, plus N synthetic companies from benchmarks/synth.py) twice: with
the generator of git revision REF (default HEAD) and with the generator of the
working tree. Prints the files that differ, are missing or are extra, and exits
1 if there is any. A restructuring of the code must leave the output
byte-identical: this is how it is shown (see ARCHITECTURE.md).

Each generator registers its MkDocs plugin from its own pyproject.toml (a
sitecustomize on PYTHONPATH rewrites the `rse` entry point), so the revision
needs no installation of its own.
"""

from __future__ import annotations

import argparse
import filecmp
import os
import subprocess
import sys
import tempfile
import tomllib
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "benchmarks"))

from synth import make_copy  # noqa: E402

# Pagefind writes these in hash-map order (Pagefind#638, see TRAPS.md): they
# differ between two builds of one generator, so they say nothing here.
UNORDERED = ("pagefind/filter/", "pagefind/pagefind-entry.json")


def compared(rel: str, exclude: tuple[str, ...]) -> bool:
    return not rel.startswith(UNORDERED + exclude) and not rel.endswith(".pf_meta")


SITECUSTOMIZE = '''\
import importlib.metadata as _md, os as _os
_entry_points = _md.entry_points
def _rse_entry_points(**kw):
    eps = _entry_points(**kw)
    if kw.get("group") != "mkdocs.plugins":
        return eps
    rse = _md.EntryPoint("rse", _os.environ["RSE_PLUGIN_ENTRY"], "mkdocs.plugins")
    return _md.EntryPoints([e for e in eps if e.name != "rse"] + [rse])
_md.entry_points = _rse_entry_points
'''


def plugin_entry(tree: Path) -> str:
    meta = tomllib.loads((tree / "pyproject.toml").read_text(encoding="utf-8"))
    return meta["project"]["entry-points"]["mkdocs.plugins"]["rse"]


def build(tree: Path, inputs: Path, out: Path, hook: Path) -> None:
    env = {**os.environ, "PYTHONPATH": f"{hook}{os.pathsep}{tree}", "RSE_PLUGIN_ENTRY": plugin_entry(tree),
           "RSE_AUJOURDHUI": "2026-11-26", "SOURCE_DATE_EPOCH": "1764115200", "RSE_QUIET": "1"}
    subprocess.run([sys.executable, "-m", "generator", "--root", str(inputs), "build", "--site-dir", str(out)],
                   env=env, check=True, cwd=inputs, stdout=subprocess.DEVNULL)


def differences(a: Path, b: Path, exclude: tuple[str, ...]) -> list[str]:
    def files(root: Path) -> set[str]:
        return {p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()}

    left, right = files(a), files(b)
    keep = lambda rel: compared(rel, exclude)  # noqa: E731
    out = [f"absent après : {r}" for r in sorted(left - right) if keep(r)]
    out += [f"nouveau : {r}" for r in sorted(right - left) if keep(r)]
    out += [f"différent : {r}" for r in sorted(left & right)
            if keep(r) and not filecmp.cmp(a / r, b / r, shallow=False)]
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--ref", default="HEAD")
    parser.add_argument("--companies", type=int, default=300)
    parser.add_argument("--exclude", nargs="*", default=[], help="output paths (prefixes) not compared")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="rse-same-") as tmp:
        tmp = Path(tmp)
        (tmp / "hook").mkdir()
        (tmp / "hook" / "sitecustomize.py").write_text(SITECUSTOMIZE, encoding="utf-8")
        ref = tmp / "ref"
        ref.mkdir()
        archive = subprocess.run(["git", "-C", str(REPO), "archive", args.ref, "generator", "pyproject.toml"],
                                 check=True, capture_output=True).stdout
        subprocess.run(["tar", "-x", "-C", str(ref)], input=archive, check=True)
        inputs = tmp / "inputs"
        make_copy(inputs, companies=args.companies)
        build(ref, inputs, tmp / "before", tmp / "hook")
        build(REPO, inputs, tmp / "after", tmp / "hook")
        found = differences(tmp / "before", tmp / "after", tuple(args.exclude))
        count = sum(1 for p in (tmp / "after").rglob("*") if p.is_file())
    for line in found:
        print(line)
    print(f"{args.ref} et l'arbre de travail : {count} fichiers comparés, {len(found)} différence(s)")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
