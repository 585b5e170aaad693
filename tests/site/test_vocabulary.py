"""generator/site/vocabulary.py: the browser reads the model's statuses as the build writes them."""

from __future__ import annotations

import json
import subprocess

from generator import urls
from generator.model import SOON_DAYS, STATUS_LABELS
from generator.site.vocabulary import vocabulary_module
from tests.test_engines_agree import NODE


def test_the_module_says_what_the_model_says(tmp_path):
    module = vocabulary_module()
    assert module.uri == urls.VOCABULARY_MODULE
    path = tmp_path / "vocabulary.mjs"
    path.write_text(module.content, encoding="utf-8")
    script = (f"const v = await import({json.dumps(path.as_uri())});"
              "console.log(JSON.stringify([v.STATUSES, v.STATUS_TEXT, v.SOON_DAYS, Object.isFrozen(v.STATUS_TEXT)]));")
    out = subprocess.run([NODE, "--input-type=module", "-e", script], capture_output=True, text=True, check=True)
    statuses, text, soon, frozen = json.loads(out.stdout)
    assert statuses == list(STATUS_LABELS)
    assert text == STATUS_LABELS
    assert soon == SOON_DAYS
    assert frozen


def test_status_js_has_no_wording_of_its_own():
    """One vocabulary: status.js imports it, the hand-written code repeats no label."""
    from tests.conftest import ROOT
    source = (ROOT / "overrides/assets/javascripts/status.js").read_text(encoding="utf-8")
    assert 'from "./vocabulary.js"' in source
    source = "\n".join(line for line in source.splitlines() if not line.lstrip().startswith("//"))
    for label in STATUS_LABELS.values():
        assert label not in source
