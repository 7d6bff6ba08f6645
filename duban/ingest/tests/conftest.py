from pathlib import Path

import pytest

SHARED = Path(__file__).resolve().parents[3].parent / "shared"
SEED = SHARED / "seeds" / "000_ec4d1cc7d7b55adb.txt"
GOLD = SHARED / "gold" / "000_ec4d1cc7d7b55adb.json"


@pytest.fixture
def seed_path() -> Path:
    if not SEED.exists():
        pytest.fail(f"the founding document is missing at {SEED}")
    return SEED
