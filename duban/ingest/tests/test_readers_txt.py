import pytest

from duban.ingest.document import Paragraph, Table
from duban.ingest.errors import UnreadableDocument
from duban.ingest.readers.txt import decode, text_to_blocks

WORD_EXPORT = (
    "一、总体\n\t序\n\n号\n\t主要工作\n\t牵头单位\n\t责任单位\n\n"
    "\t1\n\t做好甲。\n\t办公室\n\n人事处\n\t\n\n"
    "\t2\n\t做好乙。\n\t人事处\n\t各处室\n\n\n二、其他\n"
)


def test_it_reads_a_word_export_as_a_table_of_cells():
    blocks = text_to_blocks(WORD_EXPORT)
    assert isinstance(blocks[0], Paragraph)
    table = blocks[1]
    assert isinstance(table, Table)
    assert table.rows == [
        ["序\n号", "主要工作", "牵头单位", "责任单位"],
        ["1", "做好甲。", "办公室\n人事处", ""],
        ["2", "做好乙。", "人事处", "各处室"],
    ]
    assert blocks[2] == Paragraph("二、其他")


def test_a_section_heading_after_one_blank_line_still_ends_the_table():
    blocks = text_to_blocks("\t1\n\t做好甲。\n\t办公室\n\n二、其他\n")
    assert blocks[-1] == Paragraph("二、其他")


def test_it_reads_tab_separated_rows():
    (table,) = text_to_blocks("序号\t主要工作\t牵头单位\n1\t做好甲。\t办公室\n")
    assert isinstance(table, Table)
    assert table.rows[1] == ["1", "做好甲。", "办公室"]


def test_it_decodes_gbk():
    assert decode("牵头单位".encode("gbk")) == "牵头单位"


def test_it_decodes_utf8_with_a_bom():
    assert decode("\ufeff牵头".encode()) == "牵头"


@pytest.mark.parametrize("content", [b"", b"   \n", b"\x00\x01\x02binary\x00" * 10])
def test_it_refuses_empty_or_binary_content(content):
    with pytest.raises(UnreadableDocument):
        decode(content)
