"""Pure rules on plans: which documents are deliverables, the percentages of 推进节点 nobody weighted."""

import pytest

from duban.plans.rules import document_is_deliverable, even_percents, percents_filled


def test_unweighted_nodes_are_spread_evenly_with_the_last_at_100():
    assert even_percents(3) == [33, 67, 100]
    assert percents_filled([None, None]) == [50, 100]


@pytest.mark.parametrize(
    ("given", "filled"),
    [
        ([None, 40], [20, 40]),
        ([30, None, None], [30, 65, 100]),
        ([None, 50, None, 90], [25, 50, 70, 90]),
        ([10, 20], [10, 20]),
    ],
)
def test_a_missing_percentage_falls_between_its_neighbours(given, filled):
    assert percents_filled(given) == filled


@pytest.mark.parametrize(
    ("action", "deliverable"), [("issue", True), ("implement", False), ("compile", False), ("other", False)]
)
def test_only_a_document_the_task_issues_is_a_deliverable(action, deliverable):
    assert document_is_deliverable(action) is deliverable
