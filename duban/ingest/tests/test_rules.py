import pytest

from duban.ingest.rules import StatedRule, stated_in, take_rule


@pytest.mark.parametrize(
    ("written", "units", "rule"),
    [
        (
            "市教育局,市财政局,各县<市、区>人民政府,排名第一位为牵头单位,下同",
            "市教育局，市财政局，各县<市、区>人民政府",
            StatedRule("排名第一位为牵头单位，下同", onward=True),
        ),
        (
            "市教育局、市财政局、市人社局(除标注“分别牵头”外,列第一位为牵头单位,下同)",
            "市教育局、市财政局、市人社局",
            StatedRule("除标注“分别牵头”外，列第一位为牵头单位，下同", onward=True),
        ),
        (
            "税务总局、财政部负责，排在第一位的部门为牵头部门",
            "税务总局、财政部负责",
            StatedRule("排在第一位的部门为牵头部门", onward=False),
        ),
    ],
)
def test_a_rule_among_the_units_is_taken_out_of_them(written, units, rule):
    assert take_rule(written) == (units, rule)


def test_units_that_state_no_rule_are_left_alone():
    assert take_rule("市第一中学、市教育局") == ("市第一中学、市教育局", None)


def test_a_rule_stated_in_running_text_holds_for_the_whole_plan():
    rule = stated_in(["现将有关事项通知如下。", "各项任务中排在第一位的单位为牵头单位。"])
    assert rule is not None and rule.onward
