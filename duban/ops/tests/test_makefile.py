"""The Makefile declares no target it lacks a rule for (`make serve` once had none)."""

import re
from pathlib import Path

from django.conf import settings

MAKEFILE = Path(settings.BASE_DIR) / "Makefile"


def test_every_phony_target_has_a_rule():
    text = MAKEFILE.read_text(encoding="utf-8")
    declared = re.search(r"^\.PHONY:(.*)$", text, re.MULTILINE)
    assert declared is not None
    ruled = set(re.findall(r"^([\w-]+):(?!=)", text, re.MULTILINE))

    assert set(declared.group(1).split()) - ruled == set()


def test_make_serve_runs_the_server_without_loading_the_demo_again():
    rule = re.search(r"^serve:.*?\n((?:\t.*\n)+)", MAKEFILE.read_text(encoding="utf-8"), re.MULTILINE)
    assert rule is not None

    assert "runserver" in rule.group(1)
    assert "load_demo" not in rule.group(1)
