"""Readers never crash: any bytes give a plan or a clear IngestError."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from duban.ingest import IngestError, parse


def _parse_or_refuse(content: bytes) -> None:
    try:
        plan = parse(content)
    except IngestError as exc:
        assert str(exc)
    else:
        assert plan.tasks


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=4096))
def test_random_bytes_give_a_plan_or_a_clear_error(content):
    _parse_or_refuse(content)


@settings(max_examples=150, deadline=None)
@given(st.data())
def test_a_mutated_founding_document_gives_a_plan_or_a_clear_error(data):
    from duban.testdata import FOUNDING_DOCUMENT

    original = FOUNDING_DOCUMENT.read_bytes()
    start = data.draw(st.integers(0, len(original) - 1))
    length = data.draw(st.integers(0, 400))
    insert = data.draw(st.binary(max_size=64) | st.sampled_from([b"\t", b"\n\n", "、".encode(), b"\t1\n"]))
    _parse_or_refuse(original[:start] + insert + original[start + length :])


def test_no_module_of_the_library_imports_django():
    import ast
    import pathlib

    root = pathlib.Path(__file__).resolve().parents[1]
    offenders = []
    for path in root.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else []
            if isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            offenders += [f"{path.name}: {n}" for n in names if n.split(".")[0] == "django"]
    assert offenders == []


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_a_mutated_docx_gives_a_plan_or_a_clear_error(data):
    from duban.ingest.tests import builders

    original = _small_docx()
    start = data.draw(st.integers(0, len(original) - 1))
    insert = data.draw(st.binary(min_size=1, max_size=32))
    _parse_or_refuse(original[:start] + insert + original[start + len(insert) :])
    assert builders  # the builders module is what made the original


_DOCX_CACHE: list[bytes] = []


def _small_docx() -> bytes:
    from duban.ingest.tests import builders

    if not _DOCX_CACHE:
        plan = builders.gold()
        _DOCX_CACHE.append(builders.docx_per_section({**plan, "tasks": plan["tasks"][:12]}))
    return _DOCX_CACHE[0]


def test_a_200_mb_file_is_refused_at_once_without_being_read(tmp_path):
    import time

    from duban.ingest import UnreadableDocument

    path = tmp_path / "huge.txt"
    with path.open("wb") as handle:
        handle.truncate(200 * 1024 * 1024)  # sparse: nothing is written, the size is what counts
    start = time.perf_counter()
    try:
        parse(path)
    except UnreadableDocument as exc:
        assert "MB" in str(exc)
    else:
        raise AssertionError("a 200 MB file was read")
    assert time.perf_counter() - start < 1


def test_a_password_protected_office_file_is_refused_with_a_message():
    import pytest

    from duban.ingest import UnreadableDocument

    # What Office writes for an encrypted .docx/.xlsx: an OLE2 container with an EncryptedPackage stream.
    content = (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
        + b"\x00" * 504
        + "EncryptedPackage".encode("utf-16-le")
        + b"\x00" * 512
    )
    with pytest.raises(UnreadableDocument, match="密码"):
        parse(content, filename="plan.docx")


def test_a_password_protected_pdf_is_refused_with_a_message():
    import io

    import pytest
    from reportlab.lib import pdfencrypt
    from reportlab.pdfgen import canvas

    from duban.ingest import UnreadableDocument

    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, encrypt=pdfencrypt.StandardEncryption("secret", canPrint=0))
    pdf.drawString(100, 700, "plan")
    pdf.save()
    with pytest.raises(UnreadableDocument, match="密码"):
        parse(buffer.getvalue())


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_a_mutated_published_layout_gives_a_plan_or_a_clear_error(data):
    import pathlib

    # The layouts bureaus publish (web copies, unlabelled units, stated rules, leaders): see corpus/web_*.
    folder = pathlib.Path(__file__).parent / "corpus"
    corpus = sorted(p for p in folder.glob("web_*") if p.suffix != ".json")
    original = data.draw(st.sampled_from(corpus)).read_bytes()
    start = data.draw(st.integers(0, len(original) - 1))
    length = data.draw(st.integers(0, 80))
    insert = data.draw(
        st.binary(max_size=32)
        | st.sampled_from([b"\n", b"\n\n", b" |\n", "、".encode(), b",", "（".encode(), b"\t1\n"])
    )
    _parse_or_refuse(original[:start] + insert + original[start + length :])
