"""推进节点 from a task's text: several deadlines, each with what is due by then."""

import datetime as dt

import pytest

from duban.ingest import parse
from duban.ingest.milestones import find_milestones


def _nodes(text: str, year: int | None = 2025) -> list[tuple[str, str]]:
    return [(m.date.isoformat(), m.title) for m in find_milestones(text, year)]


@pytest.mark.parametrize(
    ("text", "nodes"),
    [
        (
            "6月底前出台实施方案，年底前完成验收",
            [("2025-06-30", "出台实施方案"), ("2025-12-31", "完成验收")],
        ),
        (
            "3月15日前制定工作方案；9月30日前完成建设任务。12月底前组织验收",
            [("2025-03-15", "制定工作方案"), ("2025-09-30", "完成建设任务"), ("2025-12-31", "组织验收")],
        ),
        (
            "上半年完成调研摸底，第三季度末完成试点，年底前全面推开",
            [("2025-06-30", "完成调研摸底"), ("2025-09-30", "完成试点"), ("2025-12-31", "全面推开")],
        ),
        (
            "十月底前完成初稿、十二月底前正式印发",
            [("2025-10-31", "完成初稿"), ("2025-12-31", "正式印发")],
        ),
        (
            "2026年3月底前完成选址，2026年10月中旬前开工建设",
            [("2026-03-31", "完成选址"), ("2026-10-20", "开工建设")],
        ),
        (
            "完成课程方案编制（5月底前），完成教材送审（8月31日前）",
            [("2025-05-31", "完成课程方案编制"), ("2025-08-31", "完成教材送审")],
        ),
    ],
)
def test_a_text_with_several_deadlines_gives_a_node_for_each(text, nodes):
    assert _nodes(text) == nodes


@pytest.mark.parametrize(
    "text",
    [
        "2025年6月底前完成校园安全专项整治",  # one deadline is the task's deadline, not a plan of steps
        "全面落实3月份会议精神，持续推进",  # a bare month is no deadline
        "推进教育数字化转型",
    ],
)
def test_a_text_with_fewer_than_two_deadlines_gives_no_nodes(text):
    assert _nodes(text) == []


def test_nodes_without_a_year_to_resolve_them_are_left_out():
    assert _nodes("6月底前出台实施方案，年底前完成验收", year=None) == []


def test_two_phrases_on_the_same_day_give_one_node_by_date():
    nodes = find_milestones("年底前完成验收，12月31日前报送总结，6月底前出台方案", 2025)
    assert [m.date for m in nodes] == [dt.date(2025, 6, 30), dt.date(2025, 12, 31)]
    assert nodes[1].title == "完成验收"


def test_the_parse_json_carries_the_proposed_nodes_of_each_task():
    content = (
        "序号\t主要工作\t牵头单位\t完成时限\n"
        "1\t6月底前出台实施方案，年底前完成验收\t市教育局\t2025年12月底\n"
        "2\t推进教育数字化转型\t市教育局\t2025年12月底\n"
    ).encode()
    data = parse(content, filename="plan.txt").to_dict()
    assert data["tasks"][0]["milestones"] == [
        {"date": "2025-06-30", "title": "出台实施方案", "text": "6月底前"},
        {"date": "2025-12-31", "title": "完成验收", "text": "年底前"},
    ]
    assert data["tasks"][1]["milestones"] == []
