"""The entry point's own promises: the garbage collector is paused for a parse and given back after."""

import gc
import importlib
import threading

import pytest

from duban.ingest import NoTasksFound, parse
from duban.ingest.tests import builders


@pytest.fixture
def collector_enabled():
    was = gc.isenabled()
    gc.enable()
    yield
    if not was:
        gc.disable()


def test_the_collector_is_paused_during_a_parse_and_on_again_after(collector_enabled, monkeypatch):
    seen = []
    # The package exports the function `parse`, which hides the module of the same name.
    parse_module = importlib.import_module("duban.ingest.parse")
    real = parse_module.recognise

    def spy(document):
        seen.append(gc.isenabled())
        return real(document)

    monkeypatch.setattr(parse_module, "recognise", spy)
    plan = parse(builders.inline_text(builders.gold()))
    assert len(plan.tasks) == 100
    assert seen == [False]
    assert gc.isenabled()


def test_the_collector_is_on_again_after_a_parse_that_fails(collector_enabled):
    with pytest.raises(NoTasksFound):
        parse("没有任务的一段话。".encode())
    assert gc.isenabled()


def test_a_collector_switched_off_by_the_caller_stays_off():
    was = gc.isenabled()
    gc.disable()
    try:
        parse(builders.inline_text(builders.gold()))
        assert not gc.isenabled()
    finally:
        if was:
            gc.enable()


def test_overlapping_parses_in_threads_leave_the_collector_on(collector_enabled):
    content = builders.docx_one_table_merged(builders.gold())
    errors: list[BaseException] = []

    def work() -> None:
        try:
            for _ in range(3):
                assert len(parse(content).tasks) == 100
        except BaseException as exc:  # reported to the main thread
            errors.append(exc)

    threads = [threading.Thread(target=work) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert gc.isenabled()
