"""The `rate` tag writes a share as `{% widthratio %}` did, without an include per cell."""

from __future__ import annotations

import pytest
from django.template import Context, Template

from duban.tracking.templatetags.status_tags import rate


@pytest.mark.parametrize(("part", "whole"), [(1, 3), (2, 3), (1, 8), (3, 8), (5, 200), (7, 7), (0, 5)])
def test_a_rate_rounds_as_widthratio_does(part: int, whole: int) -> None:
    widthratio = Template("{% widthratio part whole 100 %}%").render(Context({"part": part, "whole": whole}))

    assert rate(part, whole) == widthratio


def test_nothing_owed_is_a_dash_not_a_rate() -> None:
    assert rate(0, 0) == '<span class="muted">—</span>'
