"""The founding document must parse to its hand-read gold, every task and unit."""

import json

from duban.ingest import parse
from duban.testdata import FOUNDING_GOLD


def _gold():
    return json.loads(FOUNDING_GOLD.read_text(encoding="utf-8"))


def test_it_reads_every_task_with_its_text_and_units(seed_path):
    plan = parse(seed_path)
    gold = _gold()
    got = {t.no: t for t in plan.tasks}
    assert [t.no for t in plan.tasks] == [g["no"] for g in gold["tasks"]]
    for g in gold["tasks"]:
        task = got[g["no"]]
        assert "".join(task.text.split()) == "".join(g["text"].split()), g["no"]
        assert task.lead_units == g["lead"], g["no"]
        assert task.support_units == g["support"], g["no"]


def test_it_places_every_task_in_its_section(seed_path):
    plan = parse(seed_path)
    gold = _gold()
    assert [(s.no, s.title) for s in plan.sections] == [(s["no"], s["title"]) for s in gold["sections"]]
    for section in gold["sections"]:
        first, last = section["tasks"]
        numbers = {t.no for t in plan.tasks if t.section_no == section["no"]}
        assert numbers == {str(n) for n in range(first, last + 1)}


def test_it_finds_every_numeric_target_and_nothing_else(seed_path):
    plan = parse(seed_path)
    want = {no: sorted((float(v), u) for _, v, u in rows) for no, rows in _gold()["numeric_targets"].items()}
    got = {t.no: sorted((float(x.value), x.unit) for x in t.targets) for t in plan.tasks if t.targets}
    assert got == want


def test_every_target_text_stands_in_its_task_text(seed_path):
    for task in parse(seed_path).tasks:
        for target in task.targets:
            assert target.text in task.text


def test_it_reads_the_notice_around_the_table(seed_path):
    gold = _gold()
    meta = parse(seed_path).plan
    assert meta.title == gold["plan_title"]
    assert meta.notice_title == gold["notice_title"]
    assert meta.issuer == gold["issuer"]
    assert meta.issue_date is not None
    assert meta.issue_date.isoformat() == gold["issue_date"]
    assert meta.year == 2019
    assert meta.addressees == gold["addressees"]
    assert meta.cc == gold["cc"]


def test_it_names_the_documents_to_issue(seed_path):
    plan = parse(seed_path)
    issued = {
        t.no: d.title
        for t in plan.tasks
        for d in t.documents
        if d.action == "issue" and d.title in t.text
        if f"《{d.title}》" in t.text
    }
    assert issued == _gold()["documents_to_issue_with_title"]


def test_it_learns_the_unit_vocabulary_from_the_document(seed_path):
    plan = parse(seed_path)
    assert sorted(plan.all_units()) == sorted(_gold()["units"])


def test_it_warns_where_it_split_names_run_together(seed_path):
    warnings = [w for w in parse(seed_path).warnings if w.code == "units_joined"]
    assert "9" in {w.task_no for w in warnings}
    assert all("已拆分" in w.message for w in warnings)
