"""Charts are drawn offline in an installed Chinese font."""

from __future__ import annotations

from duban.reports import charts
from duban.reports.data import SectionProgress


def test_a_chinese_font_from_debians_fonts_noto_cjk_is_found_at_run_time():
    assert "CJK" in charts.cjk_font_family() or charts.cjk_font_family() in charts.CJK_FAMILIES


def test_the_section_chart_is_a_png_image():
    sections = [SectionProgress(heading="一、深化教育改革", total=3, completed=1, average_progress=50)]

    content = charts.section_progress_png(sections)

    assert content.startswith(b"\x89PNG\r\n\x1a\n")
    assert len(content) > 5_000
