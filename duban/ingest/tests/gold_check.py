"""One comparison of a parsed plan against the founding document's gold, for every format's test."""

from __future__ import annotations

from duban.ingest.model import ParsedPlan
from duban.ingest.tests.builders import gold


def assert_matches_gold(plan: ParsedPlan, *, metadata: bool = True) -> None:
    expected = gold()
    assert [t.no for t in plan.tasks] == [g["no"] for g in expected["tasks"]]
    for task, g in zip(plan.tasks, expected["tasks"], strict=True):
        assert "".join(task.text.split()) == "".join(g["text"].split()), g["no"]
        assert (task.lead_units, task.support_units) == (g["lead"], g["support"]), g["no"]
    assert [s.title for s in plan.sections] == [s["title"] for s in expected["sections"]]
    targets = {t.no: sorted((float(x.value), x.unit) for x in t.targets) for t in plan.tasks if t.targets}
    want = {no: sorted((float(v), u) for _, v, u in rows) for no, rows in expected["numeric_targets"].items()}
    assert targets == want
    if metadata:
        assert plan.plan.title == expected["plan_title"]
        assert plan.plan.issue_date is not None
        assert plan.plan.issue_date.isoformat() == expected["issue_date"]
