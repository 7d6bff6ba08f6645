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
