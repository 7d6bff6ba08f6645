"""`duban prerequisites` names each missing system package and the feature it disables, and never fails."""

from io import StringIO

import pytest
from django.core.management import call_command

from duban.ops import prerequisites
from duban.reports.charts import CjkFontMissing


def _no_font() -> str:
    raise CjkFontMissing


@pytest.fixture
def nothing_installed(monkeypatch, tmp_path):
    monkeypatch.setenv("PATH", str(tmp_path))  # no soffice, pg_dump or pg_restore
    monkeypatch.setattr(prerequisites, "cjk_font_family", _no_font)
    monkeypatch.setattr(prerequisites, "CHROMIUM", tmp_path / "chromium")


def _run() -> str:
    out = StringIO()
    call_command("prerequisites", stdout=out)
    return out.getvalue()


def test_each_missing_package_is_named_with_the_feature_it_disables(nothing_installed):
    output = _run()

    assert [p.package for p in prerequisites.prerequisites_missing()] == [
        "libreoffice-writer-nogui",
        "fonts-noto-cjk",
        "postgresql-client",
        "chromium",
    ]
    assert "缺少 libreoffice-writer-nogui：导入 .doc 文件（Word 97-2003）不可用" in output
    assert "缺少 fonts-noto-cjk：通报（.docx）中的图表不可用" in output
    assert "缺少 postgresql-client：PostgreSQL 数据库的 duban backup / restore不可用" in output
    assert "缺少 chromium" in output
    assert "sudo apt-get install libreoffice-writer-nogui fonts-noto-cjk postgresql-client chromium" in output


def test_an_installed_package_is_reported_as_available(monkeypatch, tmp_path):
    for name in ("soffice", "pg_dump", "pg_restore"):
        tool = tmp_path / name
        tool.write_text("#!/bin/sh\n", encoding="utf-8")
        tool.chmod(0o755)
    chromium = tmp_path / "chromium"
    chromium.write_text("", encoding="utf-8")
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.setattr(prerequisites, "cjk_font_family", lambda: "Noto Sans CJK SC")
    monkeypatch.setattr(prerequisites, "CHROMIUM", chromium)

    output = _run()

    assert prerequisites.prerequisites_missing() == []
    assert "缺少" not in output
    assert "已安装 libreoffice-writer-nogui" in output
