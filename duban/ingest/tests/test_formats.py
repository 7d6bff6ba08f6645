"""The founding plan laid out in every format and layout parses to the same gold as the text file."""

import os

import pytest

from duban.ingest import parse
from duban.ingest.readers.doc import soffice
from duban.ingest.tests import builders
from duban.ingest.tests.gold_check import assert_matches_gold


@pytest.fixture(scope="module")
def plan():
    return builders.gold()


def test_a_docx_with_one_table_per_section(plan):
    parsed = parse(builders.docx_per_section(plan), filename="plan.docx")
    assert parsed.source_format == "docx"
    assert_matches_gold(parsed)


def test_a_docx_with_one_table_merged_section_rows_and_merged_leads(plan):
    assert_matches_gold(parse(builders.docx_one_table_merged(plan)))


def test_an_xlsx_with_a_title_row_and_merges_both_ways(plan):
    parsed = parse(builders.xlsx_merged(plan))
    assert parsed.source_format == "xlsx"
    assert_matches_gold(parsed, metadata=False)
    assert parsed.plan.title == plan["plan_title"]


def test_an_xlsx_with_a_sheet_per_section(plan):
    assert_matches_gold(parse(builders.xlsx_sheet_per_section(plan)), metadata=False)


@pytest.mark.parametrize("encoding", ["utf-8", "gbk"])
def test_an_html_page_with_rowspan_in_any_encoding(plan, encoding):
    parsed = parse(builders.html_rowspan(plan, encoding), filename="plan.html")
    assert parsed.source_format == "html"
    assert_matches_gold(parsed)


def test_inline_paragraphs_with_labelled_units(plan):
    assert_matches_gold(parse(builders.inline_text(plan)))


def test_a_pdf_table_over_many_pages(plan):
    parsed = parse(builders.pdf_table(plan))
    assert parsed.source_format == "pdf"
    assert_matches_gold(parsed)


def test_a_doc_converted_by_libreoffice(plan, tmp_path):
    if soffice() is None:
        if os.environ.get("CI") == "true":
            pytest.fail("CI must test .doc: install libreoffice-writer-nogui")
        pytest.skip("LibreOffice is not installed (CI installs it)")
    import subprocess

    source = tmp_path / "plan.docx"
    source.write_bytes(builders.docx_per_section(plan))
    profile = (tmp_path / "profile").as_uri()
    subprocess.run(
        [
            soffice() or "",
            f"-env:UserInstallation={profile}",
            "--headless",
            "--convert-to",
            "doc",
            "--outdir",
            str(tmp_path),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    parsed = parse(tmp_path / "plan.doc")
    assert parsed.source_format == "doc"
    assert_matches_gold(parsed)
