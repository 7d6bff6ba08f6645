from duban.plans.markup import mark_fragments


def test_it_marks_each_fragment_in_the_text():
    html = mark_fragments("新增学位3000个，覆盖面达到92%。", ["新增学位3000个", "达到92%"])

    assert html == "<mark>新增学位3000个</mark>，覆盖面<mark>达到92%</mark>。"


def test_it_escapes_the_text_and_the_fragments():
    html = mark_fragments("<b>新增</b>学位&5个", ["学位&5个"])

    assert html == "&lt;b&gt;新增&lt;/b&gt;<mark>学位&amp;5个</mark>"


def test_it_ignores_fragments_that_are_missing_empty_or_overlapping():
    html = mark_fragments("达到95%以上", ["达到95%", "95%以上", "", "不存在"])

    assert html == "<mark>达到95%</mark>以上"


def test_it_marks_a_later_occurrence_when_the_first_is_taken():
    html = mark_fragments("提高10%，再提高10%", ["提高10%", "提高10%"])

    assert html == "<mark>提高10%</mark>，再<mark>提高10%</mark>"
