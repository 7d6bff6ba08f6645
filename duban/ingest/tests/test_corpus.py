"""Documents of the project's own in the layouts of other bureaus, each with its tasks read by hand."""

import json
from pathlib import Path

import pytest

from duban.ingest import parse

CORPUS = Path(__file__).parent / "corpus"
DOCUMENTS = sorted(p for p in CORPUS.iterdir() if p.suffix != ".json")
# The documents whose hand reading also lists the notes and the warning codes a reader should get.
WITH_WARNINGS = [
    p for p in DOCUMENTS if "warnings" in json.loads(p.with_suffix(".json").read_text(encoding="utf-8"))
]


@pytest.mark.parametrize("path", DOCUMENTS, ids=lambda p: p.name)
def test_every_task_is_read_exactly(path):
    expected = json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))
    plan = parse(path)
    got = [
        {
            "no": t.no,
            "section_no": t.section_no,
            "text": t.text,
            "lead": t.lead_units,
            "support": t.support_units,
        }
        for t in plan.tasks
    ]
    want = [{k: t[k] for k in ("no", "section_no", "text", "lead", "support")} for t in expected["tasks"]]
    assert got == want
    assert [[s.no, s.title] for s in plan.sections] == expected["sections"]


@pytest.mark.parametrize("path", DOCUMENTS, ids=lambda p: p.name)
def test_targets_deadlines_leaders_and_marks_are_read(path):
    expected = json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))
    tasks = {t.no: t for t in parse(path).tasks}
    for want in expected["tasks"]:
        task = tasks[want["no"]]
        assert [[x.value, x.unit] for x in task.targets] == want["targets"], want["no"]
        if "deadline" in want:
            assert (task.deadline.isoformat() if task.deadline else None) == want["deadline"], want["no"]
        if "deadline_text" in want:
            assert task.deadline_text == want["deadline_text"], want["no"]
        if "leaders" in want:
            assert task.leaders == want["leaders"], want["no"]
        if "marks" in want:
            assert set(task.unit_marks) == set(want["marks"]), want["no"]


@pytest.mark.parametrize("path", DOCUMENTS, ids=lambda p: p.name)
def test_the_notice_is_read(path):
    expected = json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))["plan"]
    meta = parse(path).to_dict()["plan"]
    assert {key: meta[key] for key in expected} == expected


@pytest.mark.parametrize("path", WITH_WARNINGS, ids=lambda p: p.name)
def test_stated_rules_are_plan_notes_and_every_guess_is_a_warning(path):
    expected = json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))
    parsed = parse(path).to_dict()
    assert parsed["notes"] == expected["notes"]
    assert sorted({w["code"] for w in parsed["warnings"]}) == expected["warnings"]
    # A rule applied to many tasks is said once for the plan, not once per task.
    assert [w["code"] for w in parsed["warnings"]].count("first_listed_leads") <= 1
