import datetime as dt

import pytest

from duban.ingest.deadlines import find_deadline


@pytest.mark.parametrize(
    ("text", "date"),
    [
        ("2019年6月底前", dt.date(2019, 6, 30)),
        ("6月底前", dt.date(2020, 6, 30)),
        ("年底前", dt.date(2020, 12, 31)),
        ("上半年", dt.date(2020, 6, 30)),
        ("第三季度", dt.date(2020, 9, 30)),
        ("年内", dt.date(2020, 12, 31)),
        ("10月15日前", dt.date(2020, 10, 15)),
        ("2月底", dt.date(2020, 2, 29)),
        ("三月底", dt.date(2020, 3, 31)),
        ("2021-09-30", dt.date(2021, 9, 30)),
        ("2021/9/30", dt.date(2021, 9, 30)),
    ],
)
def test_it_turns_a_written_deadline_into_a_date(text, date):
    deadline = find_deadline(text, 2020)
    assert deadline is not None
    assert deadline.date == date


@pytest.mark.parametrize("text", ["长期坚持", "持续推进"])
def test_ongoing_work_has_a_deadline_text_but_no_date(text):
    deadline = find_deadline(text, 2020)
    assert deadline is not None
    assert (deadline.text, deadline.date) == (text, None)


def test_an_impossible_date_is_no_date():
    deadline = find_deadline("2月30日前", 2020)
    assert deadline is None or deadline.date is None


def test_a_text_without_a_deadline_has_none():
    assert find_deadline("加强师德教育", 2020) is None
