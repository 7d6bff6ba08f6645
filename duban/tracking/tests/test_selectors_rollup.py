"""The roll-up rewound to a past day: the counties as they stood then, in the same 4 queries."""

from __future__ import annotations

import datetime as dt

import pytest

from duban.tracking.selectors.rollup import PlanRollup, plan_rollup, received_for_user
from duban.tracking.tests.cascade_helpers import cascaded, county_report, sent
from duban.tracking.tests.helpers import TODAY

MAY_END = dt.date(2025, 5, 31)


@pytest.fixture(autouse=True)
def _today(settings):
    settings.DUBAN_TODAY = TODAY.isoformat()


def _line(found: PlanRollup) -> tuple[int, str, str]:
    line = found.tasks[0].lines[0]
    return line.status.progress, str(line.status.light), line.last_report.text if line.last_report else ""


def test_a_rewound_rollup_ignores_reports_of_later_cycles(personas, hierarchy, django_assert_num_queries):
    parent, child = sent(personas, hierarchy)
    county_report(hierarchy, child, day=dt.date(2025, 5, 20), progress=20)
    may_before = _line(plan_rollup(plan=parent.plan, today=MAY_END, rewind=True))
    county_report(hierarchy, child, day=TODAY, progress=90)  # June's cycle, after May's end

    with django_assert_num_queries(4):
        may_after = plan_rollup(plan=parent.plan, today=MAY_END, rewind=True)
    now = plan_rollup(plan=parent.plan, today=TODAY)

    assert _line(may_after) == may_before
    assert may_before[0] == 20 and may_before[2] == "5月进展。"
    assert _line(now)[0] == 90 and _line(now)[2] == "6月进展。"


def test_many_links_are_read_in_the_queries_of_one_in_the_order_asked(personas, django_assert_num_queries):
    few = cascaded(personas, 2).links
    many = cascaded(personas, 5, name="乡").links
    asked = [link.pk for link in reversed(many)]

    with django_assert_num_queries(2):
        one = received_for_user(user=personas.supervisor, link_ids=[few[0].pk])
    with django_assert_num_queries(2):
        found = received_for_user(user=personas.supervisor, link_ids=asked)

    assert [r.link.pk for r in one] == [few[0].pk]
    assert [r.link.pk for r in found] == asked
    assert all(r.parent_targets and r.child_targets for r in found)
    assert received_for_user(user=personas.outsider, link_ids=asked) == []
