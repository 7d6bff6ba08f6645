"""The 督办通知单: the item, its source and units in the circular's layout, with its number in the 版头."""

from __future__ import annotations

import io
import re
from pathlib import Path

import docx
import pdfplumber

from duban.reports.notice import notice_data, notice_docx, notice_filename
from duban.reports.tests.rendering import TEXT_BOTTOM, colophon_rules, needs_soffice, render_pdf
from duban.test import Personas
from duban.tracking.selectors.adhoc import adhoc_item_get
from duban.tracking.tests.adhoc_helpers import register_item

A4 = (595, 842)
LEFT, RIGHT = 28 / 25.4 * 72, 595.3 - 26 / 25.4 * 72


def _notice(personas: Personas) -> bytes:
    register_item(personas)
    item = register_item(personas, text="解决城东学校学位紧张问题，秋季开学前新增学位300个。")
    loaded = adhoc_item_get(organization=personas.org, item_id=item.pk)
    assert loaded is not None
    return notice_docx(notice_data(loaded))


def test_the_notice_names_its_number_item_source_units_and_deadline(personas: Personas):
    document = docx.Document(io.BytesIO(_notice(personas)))
    text = "\n".join(p.text for p in document.paragraphs)

    assert document.paragraphs[0].text == "A督办通知单"
    assert document.paragraphs[1].text == "督办〔2025〕2号"
    for expected in (
        "关于领导批示事项的督办通知",
        "基础教育处、计财处：",
        "根据《局长批示件（2025第7号）》，现将以下事项列入督办（督办〔2025〕2号），于2025年6月3日交办",
        "解决城东学校学位紧张问题，秋季开学前新增学位300个。",
        "领导批示：请基教处牵头，计财处配合，抓紧推进，9月底前办结。",
        "牵头单位：基础教育处。",
        "责任单位：计财处。",
        "请牵头单位会同责任单位于2025年9月30日前办结",
    ):
        assert expected in text
    assert document.core_properties.subject == "督办通知单"
    assert "督办〔2025〕2号" in document.core_properties.title


def test_the_notice_file_is_named_by_its_number(personas: Personas):
    item = register_item(personas)
    loaded = adhoc_item_get(organization=personas.org, item_id=item.pk)
    assert loaded is not None

    assert notice_filename(notice_data(loaded)) == "督办通知单（督办〔2025〕1号）.docx"


def test_the_notice_prints_on_one_a4_page_with_the_red_masthead_and_the_text_in_its_block(
    personas: Personas, tmp_path: Path
):
    needs_soffice()
    source = tmp_path / "adhoc-notice.docx"
    source.write_bytes(_notice(personas))

    with pdfplumber.open(render_pdf(source, tmp_path)) as pdf:
        pages = pdf.pages
        sizes = {(round(float(p.width)), round(float(p.height))) for p in pages}
        text = re.sub(r"\s+", "", "".join(p.extract_text() or "" for p in pages))
        chars = [c for p in pages for c in p.chars if c["text"].strip()]
        masthead = next(c for c in pages[0].chars if c["text"].strip())
        rules = colophon_rules(pages[-1])
        red_rules = [
            r
            for r in pages[0].rects + pages[0].lines
            if r.get("stroking_color") or r.get("non_stroking_color")
        ]

    assert sizes == {A4} and len(pages) <= 2
    red, green, blue = masthead["non_stroking_color"]
    assert red > 0.8 and green < 0.1 and blue < 0.2
    body = [c for c in chars if 150 < c["top"] < 760]
    assert all(c["x0"] > LEFT - 2 and c["x1"] < RIGHT + 2 for c in body)
    assert red_rules  # the red rule under the number
    # 版记 (no 抄送: the 印发 line between two rules) at the foot of the last page.
    assert len(rules) == 2 and abs(rules[-1] - TEXT_BOTTOM) < 3
    for expected in ("A督办通知单", "督办〔2025〕2号", "一、督办事项", "四、办理要求", "2025年6月3日印发"):
        assert expected in text
