"""The test suite's settings: development defaults, never a developer's `.env` (the entry points read it).

The real environment still wins (DATABASE_URL picks PostgreSQL, DUBAN_DATA_DIR the data directory), so
`make test-postgres` and CI choose the database the same way the commands do.
"""

from __future__ import annotations

import os

os.environ.setdefault("DUBAN_DEBUG", "1")

from duban.settings import *  # noqa: F403
