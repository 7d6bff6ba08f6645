"""Tiny files that expand: each is refused with a message inside a hard memory ceiling.

Every case runs in a child process whose address space is capped at what it uses after importing
the readers plus `HEADROOM`; today's unbounded readers die there with MemoryError instead.
"""

import io
import subprocess
import sys
import textwrap
import zipfile
from collections.abc import Callable

import pytest

HEADROOM = 200 * 1024 * 1024

_CHILD = textwrap.dedent(
    """
    import resource, sys
    import lxml.html, openpyxl, pdfplumber, docx  # what the readers import, counted in the baseline
    from duban.ingest import IngestError, parse

    content, filename = sys.stdin.buffer.read(), sys.argv[2]
    with open("/proc/self/status") as status:
        used = next(int(line.split()[1]) * 1024 for line in status if line.startswith("VmSize:"))
    limit = used + int(sys.argv[1])
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    try:
        parse(content, filename=filename)
    except IngestError as exc:
        print(exc)
        sys.exit(0)
    except MemoryError:
        sys.exit(3)
    sys.exit(4)
    """
)


def _refusal_within_ceiling(content: bytes, filename: str) -> str:
    result = subprocess.run(
        [sys.executable, "-c", _CHILD, str(HEADROOM), filename],
        input=content,
        capture_output=True,
        timeout=120,
    )
    assert result.returncode == 0, (result.returncode, result.stderr.decode()[-2000:])
    return result.stdout.decode().strip()


def _workbook(cell: str) -> bytes:
    import openpyxl

    workbook = openpyxl.Workbook()
    sheet = workbook.worksheets[0]
    sheet["A1"], sheet["B1"] = "序号", "工作任务"
    sheet["A2"], sheet["B2"] = "1", "完成年度目标"
    sheet[cell] = "x"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _rewrite(content: bytes, member: str, change: Callable[[bytes], bytes]) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(content))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info.filename)
            target.writestr(info, change(data) if info.filename == member else data)
    return buffer.getvalue()


def test_an_xlsx_with_one_cell_at_the_last_column_is_refused_within_the_ceiling():
    content = _workbook("XFD500")
    assert len(content) < 10_000
    assert "表格过大" in _refusal_within_ceiling(content, "plan.xlsx")


def test_an_xlsx_merging_a_whole_sheet_is_refused_within_the_ceiling():
    content = _rewrite(
        _workbook("C3"),
        "xl/worksheets/sheet1.xml",
        lambda xml: xml.replace(
            b"</sheetData>", b'</sheetData><mergeCells count="1"><mergeCell ref="A3:XFD4000"/></mergeCells>'
        ),
    )
    assert "表格过大" in _refusal_within_ceiling(content, "plan.xlsx")


def test_an_html_table_of_huge_spans_is_refused_within_the_ceiling():
    cells = "".join('<td rowspan="1000" colspan="1000">x</td>' for _ in range(6))
    content = (
        f"<html><body><table><tr><td>1</td>{cells}</tr><tr><td>2</td></tr></table></body></html>".encode()
    )
    assert len(content) < 500
    assert "表格过大" in _refusal_within_ceiling(content, "plan.html")


@pytest.mark.parametrize(
    "property_xml", ['<w:gridBefore w:val="20000000"/>', '<w:gridSpan w:val="20000000"/>']
)
def test_a_docx_row_with_a_huge_grid_value_is_refused_within_the_ceiling(property_xml):
    import docx

    document = docx.Document()
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "序号", "工作任务"
    table.cell(1, 0).text, table.cell(1, 1).text = "1", "完成年度目标"
    buffer = io.BytesIO()
    document.save(buffer)
    # gridBefore belongs to the row's properties, gridSpan to the first cell's.
    anchor = b"<w:tr>" if "gridBefore" in property_xml else b"<w:tcPr>"
    wrapped = b"<w:trPr>%s</w:trPr>" % property_xml.encode() if anchor == b"<w:tr>" else property_xml.encode()

    def change(xml: bytes) -> bytes:
        return xml.replace(anchor, anchor + wrapped, 1)

    content = _rewrite(buffer.getvalue(), "word/document.xml", change)
    assert property_xml.encode() in zipfile.ZipFile(io.BytesIO(content)).read("word/document.xml")
    assert "表格过大" in _refusal_within_ceiling(content, "plan.docx")


def _pdf_of_pages(pages: int, declared: int) -> bytes:
    """A minimal PDF whose page tree holds `pages` empty pages and says it holds `declared`."""
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>"]
    kids = b" ".join(b"%d 0 R" % (3 + n) for n in range(pages))
    objects.append(b"<< /Type /Pages /Count %d /Kids [%s] >>" % (declared, kids))
    objects += [b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 10 10] >>"] * pages
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


@pytest.mark.parametrize("declared", [100_000, 1], ids=["declared", "understated"])
def test_a_pdf_of_100000_pages_is_refused_from_its_page_tree_within_the_ceiling(declared):
    content = _pdf_of_pages(100_000, declared)
    assert "超过 2000 页" in _refusal_within_ceiling(content, "plan.pdf")
