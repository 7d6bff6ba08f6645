"""Files the tests read, kept in the repository so a fresh clone tests itself (no Django import here)."""

from __future__ import annotations

from pathlib import Path

FOUNDING = Path(__file__).resolve().parent / "founding"
# The product owner's founding document (Word's text export) and its content read by hand.
FOUNDING_DOCUMENT = FOUNDING / "000_ec4d1cc7d7b55adb.txt"
FOUNDING_GOLD = FOUNDING / "000_ec4d1cc7d7b55adb.json"
