"""Which reader reads a file: decided by its content first, its extension second."""

from __future__ import annotations

import importlib
import zipfile
from collections.abc import Callable
from io import BytesIO

from duban.ingest.document import Document
from duban.ingest.errors import UnreadableDocument

Reader = Callable[[bytes], Document]

_READERS: dict[str, Reader] = {}
_MODULES = {fmt: f"duban.ingest.readers.{fmt}" for fmt in ("txt", "docx", "doc", "xlsx", "html", "pdf")}
_EXTENSIONS = {
    ".txt": "txt",
    ".text": "txt",
    ".csv": "txt",
    ".tsv": "txt",
    ".docx": "docx",
    ".doc": "doc",
    ".xlsx": "xlsx",
    ".html": "html",
    ".htm": "html",
    ".pdf": "pdf",
}
FORMAT_NAMES = {
    "txt": "纯文本",
    "docx": "Word（.docx）",
    "doc": "Word 97-2003（.doc）",
    "xlsx": "Excel（.xlsx）",
    "html": "网页（.html）",
    "pdf": "PDF",
}


def register(name: str) -> Callable[[Reader], Reader]:
    """Class the decorated function as the reader of format `name`."""

    def decorate(reader: Reader) -> Reader:
        _READERS[name] = reader
        return reader

    return decorate


def sniff(content: bytes, filename: str | None = None) -> str:
    """The format of `content`: magic bytes win over the file name, which only breaks ties."""
    head = content[:2048]
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        # OLE2: an old .doc, or an encrypted (password-protected) Office file, which is OLE2 too.
        return "doc"
    if head.startswith(b"PK\x03\x04"):
        return _sniff_zip(content)
    lowered = head.lstrip().lower()
    if lowered.startswith((b"<!doctype html", b"<html", b"<?xml")) or b"<table" in content[:65536].lower():
        return "html"
    if filename:
        suffix = "." + filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
        fmt = _EXTENSIONS.get(suffix)
        if fmt in {"docx", "xlsx", "pdf", "doc"}:
            raise UnreadableDocument(f"文件扩展名为 {suffix}，但内容不是有效的{FORMAT_NAMES[fmt]}文件")
        if fmt == "html":
            return "html"
    return "txt"


def _sniff_zip(content: bytes) -> str:
    try:
        names = set(zipfile.ZipFile(BytesIO(content)).namelist())
    except zipfile.BadZipFile as exc:
        raise UnreadableDocument("文件是损坏的压缩包（ZIP），无法读取") from exc
    if "word/document.xml" in names:
        return "docx"
    if "xl/workbook.xml" in names:
        return "xlsx"
    raise UnreadableDocument("压缩包中既不是 Word 文档也不是 Excel 工作簿")


def read(content: bytes, filename: str | None = None) -> Document:
    """Turn bytes into the neutral Document with the reader their format calls for."""
    fmt = sniff(content, filename)
    if fmt not in _READERS and fmt in _MODULES:
        # Importing a reader registers it; only the one needed is loaded, so reading text stays light.
        importlib.import_module(_MODULES[fmt])
    reader = _READERS.get(fmt)
    if reader is None:
        raise UnreadableDocument(f"暂不支持读取{FORMAT_NAMES.get(fmt, fmt)}格式的文件")
    return reader(content)


def load_readers() -> None:
    """Import every reader now (benchmarks, warm-up), instead of each on its first file."""
    for module in _MODULES.values():
        importlib.import_module(module)
