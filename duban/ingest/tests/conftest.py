from pathlib import Path

import pytest

from duban.testdata import FOUNDING_DOCUMENT


@pytest.fixture
def seed_path() -> Path:
    return FOUNDING_DOCUMENT
