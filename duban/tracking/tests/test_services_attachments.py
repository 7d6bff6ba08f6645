import io
import zipfile

import pytest

from duban.tracking.errors import TrackingError
from duban.tracking.services.attachments import Upload, attachment_kind, upload_check


def zipped(*names):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in names:
            archive.writestr(name, "x")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("content", "kind"),
    [
        (b"%PDF-1.7", "pdf"),
        (b"\x89PNG\r\n\x1a\n....", "png"),
        (b"\xff\xd8\xff\xe0", "jpeg"),
        (zipped("[Content_Types].xml", "word/document.xml"), "docx"),
        (zipped("xl/workbook.xml"), "xlsx"),
        (zipped("OFD.xml"), "ofd"),
        (zipped("evil.exe"), None),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "ole"),
        ("进展情况说明".encode(), "text"),
        (b"MZ\x90\x00", None),
    ],
)
def test_the_kind_of_a_file_is_read_from_its_content(content, kind):
    assert attachment_kind(content) == kind


def test_a_name_that_lies_about_the_content_is_refused():
    with pytest.raises(TrackingError, match="类型不被接受"):
        upload_check(Upload(name="说明.docx", content=b"%PDF-1.7"))


def test_an_empty_file_is_refused():
    with pytest.raises(TrackingError, match="空文件"):
        upload_check(Upload(name="a.pdf", content=b""))
