"""The layout recogniser on small documents written for each rule."""

import pytest

from duban.ingest import NoTasksFound, parse

HEADER = "\t序号\n\t{text}\n\t{lead}\n\t{support}\n\n"


def _doc(rows, text="主要工作", lead="牵头单位", support="责任单位", before="一、第一部分\n"):
    body = HEADER.format(text=text, lead=lead, support=support)
    for no, task, lead_cell, support_cell in rows:
        body += f"\t{no}\n\t{task}\n\t{lead_cell}\n\t{support_cell}\n\n"
    return (before + body).encode()


def test_it_recognises_columns_by_meaning_not_position():
    content = (
        "一、甲\n\t编号\n\t配合单位\n\t工作任务\n\t牵头部门\n\n\t1\n\t人事处\n\t做好乙。\n\t办公室\n".encode()
    )
    (task,) = parse(content).tasks
    assert (task.text, task.lead_units, task.support_units) == ("做好乙。", ["办公室"], ["人事处"])


@pytest.mark.parametrize("header", ["主  要  工  作", "重点任务", "工作内容", "目标任务"])
def test_it_recognises_the_text_column_by_any_of_its_names(header):
    (task,) = parse(_doc([(1, "做好甲。", "办公室", "")], text=header)).tasks
    assert task.text == "做好甲。"


def test_a_lead_column_that_says_responsible_is_still_the_lead_column():
    (task,) = parse(_doc([(1, "做好甲。", "办公室", "人事处")], lead="牵头责任单位")).tasks
    assert task.lead_units == ["办公室"]
    assert task.support_units == ["人事处"]


def test_without_a_lead_column_the_responsible_units_lead_and_it_says_so():
    content = "\t序号\n\t主要工作\n\t责任单位\n\n\t1\n\t做好甲。\n\t办公室、人事处\n".encode()
    plan = parse(content)
    assert plan.tasks[0].lead_units == ["办公室", "人事处"]
    assert "support_as_lead" in {w.code for w in plan.warnings}


def test_a_unit_never_both_leads_and_supports_one_task():
    (task,) = parse(_doc([(1, "做好甲。", "办公室", "办公室、人事处")])).tasks
    assert task.support_units == ["人事处"]


def test_a_task_without_a_lead_unit_is_warned_about():
    plan = parse(_doc([(1, "做好甲。", "", "人事处")]))
    assert [(w.task_no, w.code) for w in plan.warnings] == [("1", "lead_missing")]


def test_it_numbers_tasks_as_the_document_does_even_past_one():
    plan = parse(_doc([(7, "做好甲。", "办公室", ""), (9, "做好乙。", "办公室", "")]))
    assert [t.no for t in plan.tasks] == ["7", "9"]


def test_a_section_row_merged_across_the_table_opens_a_section():
    merged_row = "\t二、第二部分\n" * 3
    content = "\t序号\n\t主要工作\n\t牵头单位\n\n" + merged_row + "\n\t1\n\t做好甲。\n\t办公室\n"
    plan = parse(content.encode())
    assert [(s.no, s.title) for s in plan.sections] == [("二", "第二部分")]
    assert plan.tasks[0].section_no == "二"


def test_a_deadline_column_becomes_a_date_with_its_text_kept():
    content = "\t序号\n\t主要工作\n\t牵头单位\n\t完成时限\n\n\t1\n\t做好甲。\n\t办公室\n\t2020年6月底前\n"
    (task,) = parse(content.encode()).tasks
    assert task.deadline_text == "2020年6月底前"
    assert task.deadline is not None and task.deadline.isoformat() == "2020-06-30"


def test_a_deadline_phrase_in_the_task_text_is_read_too():
    (task,) = parse(_doc([(1, "2021年9月底前完成改造。", "办公室", "")])).tasks
    assert task.deadline is not None and task.deadline.isoformat() == "2021-09-30"


def test_a_leaders_column_is_split_into_names():
    content = "\t序号\n\t主要工作\n\t牵头单位\n\t责任领导\n\n\t1\n\t做好甲。\n\t办公室\n\t王伟、李小明\n"
    (task,) = parse(content.encode()).tasks
    assert task.leaders == ["王伟", "李小明"]


def test_a_document_without_a_task_table_has_no_tasks():
    with pytest.raises(NoTasksFound):
        parse("关于召开会议的通知\n各处室：\n定于明日开会。\n".encode())


def test_a_garbled_first_item_takes_its_number_from_the_next_one():
    from duban.ingest.inline import read_items

    found = read_items(["?ǘ┩推进甲。（牵头单位：办公室）", "（二）推进乙。（牵头单位：人事处）"])
    assert [(i.no, i.recovered) for i in found.items] == [("一", True), ("二", False)]


def test_a_garbled_line_with_inconsistent_neighbours_is_not_numbered():
    from duban.ingest.inline import read_items

    lines = ["（一）推进甲。（牵头单位：办公室）", "?ǘ┩推进乙。", "（五）推进丙。（牵头单位：人事处）"]
    found = read_items(lines)
    assert [i.no for i in found.items] == ["一", "五"]


def test_only_toned_pinyin_after_a_character_is_dropped():
    from duban.ingest.document import Document, Paragraph
    from duban.ingest.script import drop_readings

    document = Document(
        [Paragraph("市財(cái)政局、市編（biān）辦"), Paragraph("政务服务(app)方案(a)")], "txt"
    )
    cleaned, found = drop_readings(document)
    assert [b.text for b in cleaned.blocks if isinstance(b, Paragraph)] == [
        "市財政局、市編辦",
        "政务服务(app)方案(a)",
    ]
    assert found == ["財(cái)", "編（biān）"]
