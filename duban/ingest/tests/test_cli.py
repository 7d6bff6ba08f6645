"""`duban parse`: JSON on stdout, one line on stderr and exit 2 or 3 on bad input."""

import json
import os
import subprocess
import sys

import pytest

from duban.ingest.cli import main


def test_it_prints_the_plan_as_json(seed_path, capsys):
    assert main([str(seed_path)]) == 0
    data = json.loads(capsys.readouterr().out)
    assert len(data["tasks"]) == 100
    assert data["plan"]["issue_date"] == "2019-03-19"
    assert set(data["tasks"][12]) >= {
        "no",
        "section_no",
        "text",
        "lead_units",
        "support_units",
        "deadline",
        "deadline_text",
        "leaders",
        "targets",
        "documents",
    }


@pytest.mark.parametrize(
    ("content", "code"),
    [(b"", 2), (b"\x00\xff\x10binary" * 50, 2), ("这是一份普通的说明，没有任务。".encode(), 3)],
)
def test_bad_input_gets_one_line_and_its_exit_code(tmp_path, capsys, content, code):
    path = tmp_path / "input.txt"
    path.write_bytes(content)
    assert main([str(path)]) == code
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("duban parse:")


def test_a_missing_file_is_exit_two(tmp_path, capsys):
    assert main([str(tmp_path / "nope.txt")]) == 2
    assert "找不到文件" in capsys.readouterr().err


def test_a_file_named_docx_that_is_not_one_is_refused(tmp_path, capsys):
    path = tmp_path / "plan.docx"
    path.write_bytes("不是 Word 文件".encode())
    assert main([str(path)]) == 2


def test_the_console_command_runs_without_a_database(seed_path, tmp_path):
    # `duban parse` must not need settings: run it where DJANGO_SETTINGS_MODULE points nowhere.
    result = subprocess.run(
        [sys.executable, "-c", "from duban.cli import main; main()", "parse", str(seed_path)],
        capture_output=True,
        text=True,
        env={"DJANGO_SETTINGS_MODULE": "does.not.exist", "PATH": ""},
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["plan"]["year"] == 2019


def test_a_reader_that_has_gone_gets_no_traceback(tmp_path):
    path = tmp_path / "plan.txt"
    path.write_text("工作方案\n一、重点工作\n1．推进集团化办学。（牵头单位：基教处）", encoding="utf-8")
    read_end, write_end = os.pipe()
    os.close(read_end)  # as `duban parse FILE | head -1` once head has its line and is gone
    parse = subprocess.Popen(
        [sys.executable, "-c", "from duban.cli import main; main()", "parse", str(path)],
        stdout=write_end,
        stderr=subprocess.PIPE,
    )
    os.close(write_end)
    _, err = parse.communicate(timeout=60)
    assert err == b""
    assert parse.returncode == 141
