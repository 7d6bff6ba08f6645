import datetime as dt
from decimal import Decimal

import pytest

from duban.web.templatetags.duban_filters import number, when


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (Decimal("1.8E+3"), "1800"),
        (Decimal("1800.0000"), "1800"),
        (Decimal("1.5000"), "1.5"),
        (90, "90"),
        (None, ""),
    ],
)
def test_a_number_is_written_plainly(value, text):
    assert number(value) == text


def test_a_moment_is_written_with_its_year_in_local_time():
    moment = dt.datetime(2025, 7, 10, 6, 30, tzinfo=dt.UTC)  # 14:30 in Asia/Shanghai

    assert when(moment) == "2025-07-10 14:30"
    assert when(None) == ""
