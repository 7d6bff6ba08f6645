"""The .docx reader on hand-written XML: what python-docx would drop, the reader keeps."""

import io
import zipfile

import pytest

from duban.ingest import UnreadableDocument, parse
from duban.ingest.document import Paragraph, Table
from duban.ingest.readers.docx import read_docx

NS = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def _docx(body: str, numbering: str | None = None) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", f"<w:document {NS}><w:body>{body}</w:body></w:document>")
        if numbering:
            archive.writestr("word/numbering.xml", f"<w:numbering {NS}>{numbering}</w:numbering>")
    return buffer.getvalue()


def _p(text: str) -> str:
    return f"<w:p><w:r><w:t>{text}</w:t></w:r></w:p>"


def _tc(inner: str, props: str = "") -> str:
    return f"<w:tc><w:tcPr>{props}</w:tcPr>{inner}</w:tc>"


def _row(*cells: str) -> str:
    return "<w:tr>" + "".join(cells) + "</w:tr>"


HEADER_ROW = _row(_tc(_p("序号")), _tc(_p("主要工作")), _tc(_p("牵头单位")))


def test_it_keeps_text_of_tracked_insertions_smart_tags_and_content_controls_but_not_deletions():
    paragraph = (
        "<w:p><w:r><w:t>完成</w:t></w:r><w:ins><w:r><w:t>全部</w:t></w:r></w:ins>"
        "<w:del><w:r><w:delText>部分</w:delText></w:r></w:del>"
        "<w:smartTag><w:r><w:t>学校</w:t></w:r></w:smartTag>"
        "<w:sdt><w:sdtContent><w:r><w:t>改造。</w:t></w:r></w:sdtContent></w:sdt></w:p>"
    )
    (block,) = read_docx(_docx(paragraph)).blocks
    assert block == Paragraph("完成全部学校改造。")


def test_it_reads_a_table_inside_a_content_control():
    table = "<w:tbl>" + HEADER_ROW + _row(_tc(_p("1")), _tc(_p("做好甲。")), _tc(_p("办公室"))) + "</w:tbl>"
    body = f"<w:sdt><w:sdtContent>{table}</w:sdtContent></w:sdt>"
    (task,) = parse(_docx(body)).tasks
    assert (task.no, task.text, task.lead_units) == ("1", "做好甲。", ["办公室"])


def test_a_bare_vmerge_continues_the_cell_above():
    rows = (
        HEADER_ROW
        + _row(_tc(_p("1")), _tc(_p("做好甲。")), _tc(_p("办公室"), '<w:vMerge w:val="restart"/>'))
        + _row(_tc(_p("2")), _tc(_p("做好乙。")), _tc("<w:p/>", "<w:vMerge/>"))
        + _row(_tc(_p("3")), _tc(_p("做好丙。")), _tc(_p("人事处")))
    )
    tasks = parse(_docx(f"<w:tbl>{rows}</w:tbl>")).tasks
    assert [t.lead_units for t in tasks] == [["办公室"], ["办公室"], ["人事处"]]


def test_a_grid_span_repeats_the_cell_across_its_columns():
    (table,) = read_docx(
        _docx("<w:tbl>" + _row(_tc(_p("一、总体"), '<w:gridSpan w:val="3"/>')) + "</w:tbl>")
    ).blocks
    assert isinstance(table, Table)
    assert table.rows == [["一、总体", "一、总体", "一、总体"]]


def test_automatic_numbering_is_written_out():
    numbering = (
        '<w:abstractNum w:abstractNumId="0">'
        '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/>'
        '<w:lvlText w:val="%1、"/></w:lvl>'
        '<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%2."/></w:lvl>'
        '</w:abstractNum><w:num w:numId="5"><w:abstractNumId w:val="0"/></w:num>'
    )

    def numbered(level: int, text: str) -> str:
        props = f'<w:pPr><w:numPr><w:ilvl w:val="{level}"/><w:numId w:val="5"/></w:numPr></w:pPr>'
        return f"<w:p>{props}<w:r><w:t>{text}</w:t></w:r></w:p>"

    body = (
        numbered(0, "总体")
        + numbered(1, "做好甲。（牵头单位：办公室）")
        + numbered(1, "做好乙。（牵头单位：人事处）")
    )
    body += numbered(0, "其他") + numbered(1, "做好丙。（牵头单位：办公室）")
    plan = parse(_docx(body, numbering))
    assert [(t.section_no, t.no, t.text) for t in plan.tasks] == [
        ("一", "一.1", "做好甲。"),
        ("一", "一.2", "做好乙。"),
        ("二", "二.1", "做好丙。"),
    ]


def test_numbering_kept_by_a_tracked_change_is_not_written_out():
    numbering = (
        '<w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0"><w:numFmt w:val="decimal"/>'
        '<w:lvlText w:val="%1."/></w:lvl></w:abstractNum>'
        '<w:num w:numId="5"><w:abstractNumId w:val="0"/></w:num>'
    )
    old = '<w:pPrChange w:id="1"><w:pPr><w:numPr><w:numId w:val="5"/></w:numPr></w:pPr></w:pPrChange>'
    current = '<w:numPr><w:ilvl w:val="0"/><w:numId w:val="5"/></w:numPr>'
    body = f"<w:p><w:pPr>{old}</w:pPr><w:r><w:t>甲</w:t></w:r></w:p>"
    body += f"<w:p><w:pPr>{current}</w:pPr><w:r><w:t>乙</w:t></w:r></w:p>"
    assert read_docx(_docx(body, numbering)).blocks == [Paragraph("甲"), Paragraph("1.乙")]


def test_a_zip_bomb_is_refused():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", b"<" + b" " * (50 * 1024 * 1024))
    with pytest.raises(UnreadableDocument, match="压缩炸弹"):
        parse(buffer.getvalue())


def test_external_entities_are_never_resolved(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("机密内容", encoding="utf-8")
    body = (
        f'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x SYSTEM "{secret.as_uri()}">]>'
        f"<w:document {NS}><w:body><w:p><w:r><w:t>&x;</w:t></w:r></w:p></w:body></w:document>"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", body)
    blocks = read_docx(buffer.getvalue()).blocks
    assert "机密" not in "".join(b.text for b in blocks if isinstance(b, Paragraph))


def test_text_moved_away_is_read_once_where_it_now_stands():
    paragraph = (
        "<w:p><w:moveFrom><w:r><w:t>旧处</w:t></w:r></w:moveFrom><w:r><w:t>做好</w:t></w:r>"
        "<w:moveTo><w:r><w:t>新处</w:t></w:r></w:moveTo></w:p>"
    )
    (block,) = read_docx(_docx(paragraph)).blocks
    assert block == Paragraph("做好新处")


def _table_rows(body: str) -> list[list[str]]:
    tables = [b for b in read_docx(_docx(body)).blocks if isinstance(b, Table)]
    assert len(tables) == 1
    return tables[0].rows


def test_a_table_nested_in_a_cell_adds_its_text_to_that_cell_and_no_rows():
    nested = "<w:tbl>" + _row(_tc(_p("甲处")), _tc(_p("乙处"))) + "</w:tbl>"
    rows = _table_rows("<w:tbl>" + _row(_tc(_p("1")), _tc(_p("配合：") + nested + _p("等"))) + "</w:tbl>")
    assert rows == [["1", "配合：\n甲处\n乙处\n等"]]


def test_rows_and_cells_wrapped_in_content_controls_stay_in_their_table():
    cell = f"<w:sdt><w:sdtContent>{_tc(_p('办公室'))}</w:sdtContent></w:sdt>"
    row = f"<w:customXml>{_row(_tc(_p('2')), cell)}</w:customXml>"
    rows = _table_rows("<w:tbl>" + _row(_tc(_p("1")), _tc(_p("人事处"))) + row + "</w:tbl>")
    assert rows == [["1", "人事处"], ["2", "办公室"]]


def test_grid_before_leaves_the_skipped_columns_empty():
    row = '<w:tr><w:trPr><w:gridBefore w:val="2"/></w:trPr>' + _tc(_p("备注")) + "</w:tr>"
    assert _table_rows(f"<w:tbl>{row}</w:tbl>") == [["", "", "备注"]]


def test_cell_properties_kept_by_a_tracked_change_are_not_read_as_current():
    old = '<w:tcPrChange w:id="1"><w:tcPr><w:gridSpan w:val="3"/><w:vMerge/></w:tcPr></w:tcPrChange>'
    rows = _table_rows("<w:tbl>" + _row(_tc(_p("1")), _tc(_p("办公室"), old)) + "</w:tbl>")
    assert rows == [["1", "办公室"]]


def test_line_breaks_split_a_cell_into_lines_and_a_body_paragraph_into_paragraphs():
    broken = "<w:p><w:r><w:t>基教处</w:t><w:br/><w:t>人事处</w:t></w:r></w:p>"
    blocks = read_docx(_docx(broken + "<w:tbl>" + _row(_tc(broken)) + "</w:tbl>")).blocks
    assert blocks == [Paragraph("基教处"), Paragraph("人事处"), Table(rows=[["基教处\n人事处"]])]


def test_a_text_box_reads_as_part_of_the_paragraph_that_holds_it():
    box = f"<w:r><w:pict><w:txbxContent>{_p('框内')}</w:txbxContent></w:pict></w:r>"
    paragraph = f"<w:p><w:r><w:t>框前</w:t></w:r>{box}<w:r><w:t>框后</w:t></w:r></w:p>"
    assert read_docx(_docx(paragraph + _p("下一段"))).blocks == [
        Paragraph("框前框内框后"),
        Paragraph("下一段"),
    ]


def test_a_text_box_stored_twice_for_older_word_is_read_once():
    mc = "http://schemas.openxmlformats.org/markup-compatibility/2006"
    box = f"<w:txbxContent>{_p('框内')}</w:txbxContent>"
    alternate = (
        f'<mc:AlternateContent xmlns:mc="{mc}"><mc:Choice Requires="wps"><w:drawing>{box}</w:drawing>'
        f"</mc:Choice><mc:Fallback><w:pict>{box}</w:pict></mc:Fallback></mc:AlternateContent>"
    )
    paragraph = f"<w:p><w:r><w:t>框前</w:t></w:r><w:r>{alternate}</w:r></w:p>"
    assert read_docx(_docx(paragraph)).blocks == [Paragraph("框前框内")]


def test_blocks_keep_their_order_around_tables():
    table = "<w:tbl>" + _row(_tc(_p("1"))) + "</w:tbl>"
    blocks = read_docx(_docx(_p("前") + table + _p("中") + table + _p("后"))).blocks
    assert [type(b).__name__ for b in blocks] == ["Paragraph", "Table", "Paragraph", "Table", "Paragraph"]
