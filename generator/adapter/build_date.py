"""The date a build considers 'today' for label statuses.

RSE_AUJOURDHUI=YYYY-MM-DD pins it (tests, reproducible builds); otherwise it
is the real date, so that a build never calls an expired label valid.
"""

from __future__ import annotations

import datetime as dt
import os


def build_today() -> dt.date:
    pinned = os.environ.get("RSE_AUJOURDHUI")
    if pinned:
        return dt.date.fromisoformat(pinned)
    return dt.date.today()
