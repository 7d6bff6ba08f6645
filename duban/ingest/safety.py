"""Guards shared by the readers of zipped and XML formats: size limits, zip bombs, external entities."""

from __future__ import annotations

import zipfile
import zlib
from collections.abc import Iterator
from io import BytesIO

from lxml import etree

from duban.ingest.errors import UnreadableDocument

# A plan of 10,000 tasks unpacks to well under this; anything bigger is a bomb or not a plan.
MAX_UNPACKED_BYTES = 400 * 1024 * 1024
MAX_RATIO = 200
# Cells all the tables of one document may span, counted before any grid is built: 30,000 rows of ten
# columns is far past any plan, and a few KB of spans or a far-off cell cannot claim more than this.
MAX_GRID_CELLS = 300_000


class GridBudget:
    """The cells a document's tables may still span; spending past it refuses the document."""

    def __init__(self, kind: str, limit: int = MAX_GRID_CELLS) -> None:
        self.kind = kind
        self.limit = limit
        self.used = 0

    def spend(self, cells: int) -> None:
        """Count `cells` more, or refuse before they are laid out."""
        self.used += max(0, cells)
        if self.used > self.limit:
            raise UnreadableDocument(f"{self.kind}文件中的表格过大（超过 {self.limit:,} 个单元格），拒绝读取")


def open_zip(content: bytes, kind: str) -> zipfile.ZipFile:
    """Open an Office zip after checking that it does not unpack to something huge."""
    try:
        archive = zipfile.ZipFile(BytesIO(content))
        infos = archive.infolist()
    except (zipfile.BadZipFile, ValueError) as exc:
        raise UnreadableDocument(f"{kind}文件已损坏，无法打开") from exc
    unpacked = sum(info.file_size for info in infos)
    packed = max(1, sum(info.compress_size for info in infos))
    if unpacked > MAX_UNPACKED_BYTES or (unpacked > 10 * 1024 * 1024 and unpacked / packed > MAX_RATIO):
        raise UnreadableDocument(f"{kind}文件解压后异常巨大（疑似压缩炸弹），拒绝读取")
    if any(info.flag_bits & 0x1 for info in infos):
        raise UnreadableDocument(f"{kind}文件已加密，请先取消密码再导入")
    return archive


def read_member(archive: zipfile.ZipFile, name: str, kind: str) -> bytes:
    """One member of the archive, or a clear error when it is missing or damaged."""
    try:
        return archive.read(name)
    except KeyError as exc:
        raise UnreadableDocument(f"{kind}文件缺少 {name}，无法读取") from exc
    except (zipfile.BadZipFile, zlib.error, OSError, EOFError, NotImplementedError) as exc:
        raise UnreadableDocument(f"{kind}文件已损坏，无法读取") from exc


def parse_xml(data: bytes, kind: str) -> etree._Element:
    """Parse XML with entities, DTDs and the network all off, so no XXE or billion-laughs can run."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=True)
    try:
        root = etree.fromstring(data, parser=parser)
    except etree.XMLSyntaxError as exc:
        raise UnreadableDocument(f"{kind}文件的内容已损坏，无法读取") from exc
    if root is None:
        raise UnreadableDocument(f"{kind}文件是空的")
    return root


def iter_xml(data: bytes, tags: tuple[str, ...], kind: str) -> Iterator[etree._Element]:
    """Stream the elements named `tags` as they end, with the same guards as `parse_xml`."""
    events = etree.iterparse(
        BytesIO(data),
        events=("end",),
        tag=tags,
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        huge_tree=True,
    )
    try:
        for _, element in events:
            yield element
    except etree.XMLSyntaxError as exc:
        raise UnreadableDocument(f"{kind}文件的内容已损坏，无法读取") from exc
