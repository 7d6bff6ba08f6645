"""The circular renders to PDF in LibreOffice with fallback fonts: its pages and its text survive."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pdfplumber
import pytest

from duban.reports.circular import circular_docx
from duban.reports.tests.factories import make_circular

SOFFICE = shutil.which("soffice")


def _render(docx_path: Path, tmp_path: Path) -> Path:
    profile = (tmp_path / "profile").as_uri()
    subprocess.run(
        [
            *(SOFFICE or "soffice", f"-env:UserInstallation={profile}", "--headless"),
            *("--convert-to", "pdf", "--outdir", str(tmp_path), str(docx_path)),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    return tmp_path / (docx_path.stem + ".pdf")


@pytest.fixture
def soffice() -> None:
    if SOFFICE is None:
        if os.environ.get("CI") == "true":
            pytest.fail("LibreOffice (soffice) is needed in CI: apt-get install libreoffice-writer-nogui")
        pytest.skip("LibreOffice (soffice) is not installed")


def test_the_circular_renders_to_a_few_a4_pages_without_losing_text(soffice: None, tmp_path: Path):
    source = tmp_path / "circular.docx"
    source.write_bytes(circular_docx(make_circular()))

    with pdfplumber.open(_render(source, tmp_path)) as pdf:
        pages = len(pdf.pages)
        size = (round(float(pdf.pages[0].width)), round(float(pdf.pages[0].height)))
        text = re.sub(r"\s+", "", "".join(page.extract_text() or "" for page in pdf.pages))

    assert 2 <= pages <= 4
    assert size == (595, 842)  # A4 in points
    for expected in (
        "关于2025年6月工作任务推进情况的通报",
        "一、总体情况",
        "共有任务6项，已办结1项",
        "二、各板块推进情况",
        "三、各牵头单位推进情况",
        "第2项：推进第2项集团化办学改革，新增学位200个。",
        "七、目标指标完成情况",
        "九、下步工作要求",
        "A市教育局办公室",
        "—1—",
    ):
        assert expected in text
