import pytest

from duban.ingest.targets import find_targets


def _found(text):
    return [(t.metric, t.value, t.unit, t.op) for t in find_targets(text)]


def test_it_reads_a_metric_before_its_number():
    assert _found("新增学位6000个。") == [("新增学位", 6000, "个", ">=")]


def test_it_reads_a_percentage_to_reach():
    assert _found("覆盖面达到90.5%") == [("覆盖面", 90.5, "%", ">=")]


def test_it_reads_a_metric_after_its_count():
    assert _found("建成3个卫星班、20家随班就读资源教室。") == [
        ("卫星班", 3, "个", ">="),
        ("随班就读资源教室", 20, "家", ">="),
    ]


def test_a_list_of_targets_shares_its_verb():
    assert _found("建设省级现代化成人学校6所、成人教育品牌项目5个。") == [
        ("省级现代化成人学校", 6, "所", ">="),
        ("成人教育品牌项目", 5, "个", ">="),
    ]


def test_an_increase_is_an_increase():
    assert _found("公办幼儿园覆盖面提升5%。") == [("公办幼儿园覆盖面", 5, "%", "+")]


def test_upper_bounds_read_as_at_most():
    assert _found("班额控制在45人以内。") == [("班额", 45, "人", "<=")]


def test_a_trailing_above_reads_as_at_least():
    assert _found("完成基建项目投入50亿以上，") == [("基建项目投入", 50, "亿", ">=")]


@pytest.mark.parametrize(
    "text",
    [
        "出台《台州教育现代化2035行动纲要》。",
        "其中100人以下小规模学校要全覆盖。",
        "大力推进“1+N”思政课教学改革。",
        "根据2019年全市教育系统工作会议的部署",
        "落实第二轮特殊教育三年行动计划，二期工程建设",
        "3个月内完成整改",
        "第3批试点",
    ],
)
def test_it_takes_none_of_these_for_a_target(text):
    assert find_targets(text) == []


def test_full_width_digits_read_as_digits_and_the_text_stays_as_written():
    (target,) = find_targets("新增学位６０００个")
    assert target.value == 6000
    assert target.text == "新增学位６０００个"


def test_a_bracketed_aside_belongs_to_the_metric():
    assert _found("覆盖率（含民办）达到95％")[0][0] == "覆盖率（含民办）"
