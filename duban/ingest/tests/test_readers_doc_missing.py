"""A .doc needs LibreOffice: without it the reader refuses with a message that says what to install."""

import pytest

from duban.ingest import UnreadableDocument, parse

# An OLE2 container, as Word 97-2003 writes a .doc (not encrypted).
OLE2_DOC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 2048


def test_without_libreoffice_a_doc_is_refused_with_what_to_install(monkeypatch, tmp_path):
    monkeypatch.setenv("PATH", str(tmp_path))  # an empty folder: no soffice, no libreoffice

    with pytest.raises(UnreadableDocument, match="libreoffice-writer-nogui") as refused:
        parse(OLE2_DOC, filename="plan.doc")

    assert "另存为 .docx" in str(refused.value)
