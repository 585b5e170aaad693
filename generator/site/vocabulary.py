"""The model's vocabulary (label statuses, the "expires soon" window) as an
ES module for the browser: status.js re-checks statuses against the visitor's
date and the directory draws badges, and both must say what the build says."""

from __future__ import annotations

import json

from .. import urls
from ..model import SOON_DAYS, STATUS_LABELS
from .output import GeneratedFile


def vocabulary_module() -> GeneratedFile:
    statuses = json.dumps(list(STATUS_LABELS), ensure_ascii=False)
    text = json.dumps(STATUS_LABELS, ensure_ascii=False, sort_keys=True)
    return GeneratedFile(urls.VOCABULARY_MODULE, (
        "// Généré depuis generator/model.py : ne pas modifier ici.\n"
        f"export const STATUSES = Object.freeze({statuses});\n"
        f"export const STATUS_TEXT = Object.freeze({text});\n"
        f"export const SOON_DAYS = {SOON_DAYS};\n"))
