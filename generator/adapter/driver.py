"""Run MkDocs (build or serve) for the command line; part of the adapter."""

from __future__ import annotations

import logging
from pathlib import Path


def _quiet_mkdocs() -> None:
    import os

    # mkdocs-material >= 9.8 prints an end-of-life banner on every build.
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")


def mkdocs_build(config_file: Path, site_dir: Path, strict: bool = False, index_mirror: Path | None = None) -> None:
    """Build into `site_dir`; raises on failure (mkdocs.exceptions.Abort or PluginError).
    With `index_mirror`, the project's plugin also writes there what Pagefind
    should read of each page it writes from a shell (shell.index_document)."""
    _quiet_mkdocs()
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    config = load_config(str(config_file), site_dir=str(site_dir), strict=strict)
    plugin = config.plugins.get("rse")
    if index_mirror is not None and plugin is not None:
        plugin.index_mirror = index_mirror
    config.plugins.on_startup(command="build", dirty=False)
    try:
        build(config)
    finally:
        config.plugins.on_shutdown()


def mkdocs_serve(config_file: Path, dev_addr: str | None = None) -> None:
    _quiet_mkdocs()
    from mkdocs.commands.serve import serve

    # Dirty reload: after an edit, only pages whose source or generated content
    # changed are rebuilt (the plugin tells MkDocs which generated files did).
    serve(str(config_file), dev_addr=dev_addr, livereload=True, build_type="dirty")


def setup_logging(verbose: bool) -> None:
    from mkdocs.__main__ import ColorFormatter  # MkDocs' own coloured "INFO    -  " lines

    handler = logging.StreamHandler()
    handler.setFormatter(ColorFormatter())
    logger = logging.getLogger("mkdocs")
    logger.addHandler(handler)
    logger.setLevel(logging.DEBUG if verbose else logging.INFO)
    logging.getLogger("mkdocs.plugins.rse").setLevel(logging.INFO)


def is_build_error(exc: BaseException) -> bool:
    from mkdocs.exceptions import MkDocsException

    return isinstance(exc, MkDocsException)


def main(argv: list[str] | None = None) -> int:
    """`python -m generator.adapter.driver CONFIG OUT [--strict] [--quiet] [--index-mirror DIR]`: one
    MkDocs build in this process (build.py runs it as a child process)."""
    import argparse
    import sys

    parser = argparse.ArgumentParser()
    parser.add_argument("config", type=Path)
    parser.add_argument("out", type=Path)
    parser.add_argument("--strict", action="store_true")
    parser.add_argument("--quiet", action="store_true")
    parser.add_argument("--index-mirror", type=Path)
    args = parser.parse_args(argv)
    if not args.quiet:
        setup_logging(verbose=False)
    try:
        mkdocs_build(args.config, args.out, strict=args.strict, index_mirror=args.index_mirror)
    except KeyboardInterrupt:  # Ctrl-C reaches the whole process group: the parent reports it
        return 130
    except SystemExit as exc:  # MkDocs' Abort
        print(str(exc) or "MkDocs a échoué", file=sys.stderr)
        return 1
    except Exception as exc:
        if is_build_error(exc):
            print(str(exc), file=sys.stderr)
            return 1
        raise
    return 0


def _exit_now(code: int) -> None:
    """End the child without tearing down its objects: freeing the build's
    millions of objects one by one took seconds at 10,000 companies, for
    nothing, since its files are written and closed and the parent only
    reads its exit code."""
    import os
    import sys

    logging.shutdown()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


if __name__ == "__main__":
    _exit_now(main())
