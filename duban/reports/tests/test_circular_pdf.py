"""The circular renders to PDF in LibreOffice with fallback fonts: its pages, grid and text survive."""

from __future__ import annotations

import itertools
import re
from collections import defaultdict
from pathlib import Path
from typing import Any

import pdfplumber

from duban.reports.circular import circular_docx
from duban.reports.tests.factories import make_circular
from duban.reports.tests.rendering import TEXT_BOTTOM, colophon_rules, needs_soffice, render_pdf

A4 = (595, 842)  # points
LEFT, RIGHT = 28 / 25.4 * 72, 595.3 - 26 / 25.4 * 72  # the text block's edges in points


def _lines(page: Any) -> list[list[dict[str, Any]]]:
    rows: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for char in page.chars:
        if char["text"].strip():
            rows[round(char["top"])].append(char)
    return [sorted(rows[top], key=lambda c: c["x0"]) for top in sorted(rows)]


def test_the_circular_prints_on_a4_with_22_lines_of_28_characters_and_numbers_outside(tmp_path: Path):
    needs_soffice()
    source = tmp_path / "circular.docx"
    source.write_bytes(circular_docx(make_circular(issue_no=3)))

    with pdfplumber.open(render_pdf(source, tmp_path)) as pdf:
        pages = pdf.pages
        text = re.sub(r"\s+", "", "".join(page.extract_text() or "" for page in pages))
        sizes = {(round(float(p.width)), round(float(p.height))) for p in pages}
        first = _lines(pages[0])
        rules = colophon_rules(pages[-1])
        boxed = "".join(
            c["text"] for c in pages[-1].chars if c["text"].strip() and rules[0] < c["top"] < rules[-1]
        )
        numbers = [
            (i, line) for i, p in enumerate(pages, start=1) for line in _lines(p) if line[0]["top"] > 760
        ]

    assert 3 <= len(pages) <= 6 and sizes == {A4}
    # 版记 at the foot of the last page (GB/T 9704 7.4): three rules, the last on the text block's bottom
    # edge, and between them only the 版记's lines (no body text runs under it).
    assert len(rules) == 3 and abs(rules[-1] - TEXT_BOTTOM) < 3
    assert boxed == "抄送：局领导。A市教育局办公室2025年7月10日印发"
    # A full line of Chinese characters holds 28 of them, within the text block; lines are 28.95 pt apart.
    body = [line for line in first if 330 < line[0]["top"] < 750]
    full = [
        line for line in body if line[-1]["x1"] > RIGHT - 3 and all(ord(c["text"]) > 0x2000 for c in line)
    ]
    assert full and {len(line) for line in full} == {28}
    assert all(line[0]["x0"] > LEFT - 2 and line[-1]["x1"] < RIGHT + 2 for line in body)
    pitches = [b[0]["top"] - a[0]["top"] for a, b in itertools.pairwise(body)]
    assert min(pitches) > 28.5 and any(abs(p - 28.95) < 0.2 for p in pitches)
    # 版头 in red above the title.
    red, green, blue = first[0][0]["non_stroking_color"]
    assert red > 0.8 and green < 0.1 and blue < 0.2
    # Page numbers: odd pages at the right, even pages at the left.
    for number, line in numbers:
        assert "".join(c["text"] for c in line) == f"—{number}—"
        assert (line[-1]["x1"] > 450) if number % 2 else (line[0]["x0"] < 150)
    for expected in (
        "A市教育局办公室督查通报",
        "第3期",
        "关于2025年6月工作任务推进情况的通报",
        "一、总体情况",
        "按期办结率50%，逾期率50%，进展按时报送率0%",
        "亮灯原因：欠进度（序时52%，实际10%）",
        "七、目标指标完成情况",
        "十、下步工作要求",
        "抄送：局领导。",
        "2025年7月10日印发",
    ):
        assert expected in text
