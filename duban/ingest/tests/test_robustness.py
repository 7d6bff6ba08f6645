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
    from duban.ingest.tests.conftest import SEED

    original = SEED.read_bytes()
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
