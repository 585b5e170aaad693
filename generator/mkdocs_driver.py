"""Run MkDocs (build or serve) for the command line; part of the adapter."""

from __future__ import annotations

import logging
from pathlib import Path


def _quiet_mkdocs() -> None:
    import os

    # mkdocs-material >= 9.8 prints an end-of-life banner on every build.
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")


def mkdocs_build(config_file: Path, site_dir: Path, strict: bool = False) -> None:
    """Build into `site_dir`; raises on failure (mkdocs.exceptions.Abort or PluginError)."""
    _quiet_mkdocs()
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    config = load_config(str(config_file), site_dir=str(site_dir), strict=strict)
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
