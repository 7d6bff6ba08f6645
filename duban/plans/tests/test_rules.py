import pytest

from duban.plans.rules import document_is_deliverable


@pytest.mark.parametrize(
    ("action", "deliverable"), [("issue", True), ("implement", False), ("compile", False), ("other", False)]
)
def test_only_a_document_the_task_issues_is_a_deliverable(action, deliverable):
    assert document_is_deliverable(action) is deliverable
