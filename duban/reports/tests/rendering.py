"""Render an export through LibreOffice to PDF, as a reader would print it, and keep a picture of page 1."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings

SOFFICE = shutil.which("soffice")
PDFTOPPM = shutil.which("pdftoppm")
ARTIFACTS = Path(settings.BASE_DIR) / "artifacts"  # git-ignored: looked at by people, read by no test


def needs_soffice() -> None:
    """Skip without LibreOffice, except in CI where it must be installed."""
    if SOFFICE is None:
        if os.environ.get("CI") == "true":
            pytest.fail("LibreOffice (soffice) is needed in CI: apt-get install libreoffice-writer-nogui")
        pytest.skip("LibreOffice (soffice) is not installed")


def render_pdf(source: Path, tmp_path: Path) -> Path:
    """The PDF LibreOffice prints of a .docx or .xlsx, in its own profile."""
    profile = (tmp_path / "profile").as_uri()
    subprocess.run(
        [
            *(SOFFICE or "soffice", f"-env:UserInstallation={profile}", "--headless"),
            *("--convert-to", "pdf", "--outdir", str(tmp_path), str(source)),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    pdf = tmp_path / (source.stem + ".pdf")
    _first_pages_png(pdf, source.stem)
    return pdf


def _first_pages_png(pdf: Path, name: str) -> None:
    """artifacts/<name>-1.png and -2.png, to be looked at against GB/T 9704."""
    if PDFTOPPM is None:
        return
    ARTIFACTS.mkdir(exist_ok=True)
    subprocess.run(
        [PDFTOPPM, "-r", "60", "-png", "-f", "1", "-l", "2", str(pdf), str(ARTIFACTS / name)],
        check=False,
        capture_output=True,
        timeout=60,
    )


# The text block's foot on A4: 297 mm − the 35 mm bottom margin, in points.
TEXT_BOTTOM = (297 - 35) / 25.4 * 72


def colophon_rules(page: Any) -> list[float]:
    """The y (top, points) of the horizontal rules drawn on a PDF page, top to bottom."""
    return sorted(float(line["top"]) for line in page.lines if abs(line["top"] - line["bottom"]) < 1)
