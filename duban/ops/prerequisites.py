"""System packages outside Python that some features need, checked where they are looked up at run time.

None is needed to run Duban: without one, only the feature it serves is unavailable. `make demo` prints
what is missing (`duban prerequisites`); the README lists them in one `apt-get install` line.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from duban.ingest.readers.doc import soffice
from duban.reports.charts import CjkFontMissing, cjk_font_family

# Where the browser tests look for Debian's Chromium (duban/web/tests/e2e/conftest.py).
CHROMIUM = Path("/usr/bin/chromium")


def _cjk_font_installed() -> bool:
    try:
        cjk_font_family()
    except CjkFontMissing:
        return False
    return True


def _postgresql_client_installed() -> bool:
    return shutil.which("pg_dump") is not None and shutil.which("pg_restore") is not None


@dataclass(frozen=True)
class Prerequisite:
    """A Debian package, the feature it serves and how to tell it is installed."""

    package: str
    feature: str
    installed: Callable[[], bool]


PREREQUISITES = (
    Prerequisite("libreoffice-writer-nogui", "导入 .doc 文件（Word 97-2003）", lambda: soffice() is not None),
    Prerequisite("fonts-noto-cjk", "通报（.docx）中的图表", _cjk_font_installed),
    Prerequisite(
        "postgresql-client", "PostgreSQL 数据库的 duban backup / restore", _postgresql_client_installed
    ),
    Prerequisite("chromium", "浏览器测试（/usr/bin/chromium）", lambda: CHROMIUM.exists()),
)


def prerequisites_missing() -> list[Prerequisite]:
    """The prerequisites not installed on this machine."""
    return [prerequisite for prerequisite in PREREQUISITES if not prerequisite.installed()]
