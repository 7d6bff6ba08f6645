import json
import logging

from duban.ops.logging import JsonFormatter


def test_every_write_is_logged_with_its_user_and_organisation(client, personas, caplog):
    supervisor = personas.supervisor
    client.force_login(supervisor)
    with caplog.at_level(logging.INFO, logger="duban.writes"):
        client.post("/logout/")
    (record,) = [r for r in caplog.records if r.name == "duban.writes"]
    assert record.method == "POST"
    assert record.user_id == supervisor.pk
    assert record.organization_id == supervisor.organization_id


def test_reads_are_not_logged_as_writes(client, personas, caplog):
    client.force_login(personas.supervisor)
    with caplog.at_level(logging.INFO, logger="duban.writes"):
        client.get("/healthz")
    assert not [r for r in caplog.records if r.name == "duban.writes"]


def test_the_formatter_writes_one_json_object_per_line():
    record = logging.makeLogRecord({"msg": "写入", "levelname": "INFO", "name": "duban.writes", "user_id": 7})
    line = JsonFormatter().format(record)
    assert "\n" not in line
    assert json.loads(line)["user_id"] == 7


def test_a_page_500_is_logged_with_its_traceback_when_debug_is_off(personas, monkeypatch, settings):
    import io

    from django.test import Client

    import duban.ops.views

    assert not settings.DEBUG
    console = logging.getLogger("django.request").handlers[0]
    stream = io.StringIO()
    monkeypatch.setattr(console, "stream", stream)

    def broken(*args, **kwargs):
        raise RuntimeError("health check broke")

    monkeypatch.setattr(duban.ops.views, "JsonResponse", broken)
    response = Client(raise_request_exception=False).get("/healthz")

    assert response.status_code == 500
    assert "/healthz" in stream.getvalue()
    assert "health check broke" in stream.getvalue()
