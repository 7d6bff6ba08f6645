"""The ledger and the matrix print from LibreOffice on A4 landscape with every wrapped line readable."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pdfplumber

from duban.reports.ledger import ledger_xlsx
from duban.reports.matrix import matrix_xlsx
from duban.reports.tests.factories import make_ledger, make_ledger_task
from duban.reports.tests.rendering import needs_soffice, render_pdf

LONG = (
    "深化集团化办学改革，推动优质学校与薄弱学校结对帮扶，实现管理、师资、课程、评价一体化，"
    "到年底新增紧密型教育集团十个、覆盖学校五十所，形成可复制可推广的经验做法并在全市推广。"
)


def _pdf_text(content: bytes, name: str, tmp_path: Path) -> tuple[list[tuple[int, int]], str]:
    source = tmp_path / name
    source.write_bytes(content)
    with pdfplumber.open(render_pdf(source, tmp_path)) as pdf:
        sizes = [(round(float(p.width)), round(float(p.height))) for p in pdf.pages]
        text = re.sub(r"\s+", "", "".join(p.extract_text() or "" for p in pdf.pages))
    return sizes, text


def _contains(text: str, wanted: str, *, times: int) -> bool:
    have = Counter(text)
    return all(have[ch] >= times * count for ch, count in Counter(wanted).items())


def test_a_long_task_and_report_are_printed_whole_in_the_ledger(tmp_path: Path):
    needs_soffice()
    ledger = make_ledger()
    ledger.sections[0].tasks[0] = make_ledger_task(1, text=LONG, report_text=LONG, problems="资金未到位。")

    sizes, text = _pdf_text(ledger_xlsx(ledger), "ledger.xlsx", tmp_path)

    assert set(sizes) == {(842, 595)}  # A4 landscape
    # A row too short for its wrapped text is cut off in print: every character must be there, twice.
    # (Cells side by side interleave their lines in the extracted text, so characters are counted.)
    assert _contains(text, LONG, times=2)
    assert _contains(text, "资金未到位。", times=1)


def test_the_matrix_prints_its_task_texts_whole(tmp_path: Path):
    needs_soffice()
    ledger = make_ledger()
    ledger.sections[0].tasks[0] = make_ledger_task(1, text=LONG)

    sizes, text = _pdf_text(matrix_xlsx(ledger), "matrix.xlsx", tmp_path)

    assert set(sizes) == {(842, 595)}
    assert _contains(text, LONG, times=1)
