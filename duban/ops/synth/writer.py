"""Rows buffered per table and written in batches, parents first, by bulk_create or COPY."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.db import connection, models, transaction
from django.db.models import Max
from django.utils import timezone

from duban.accounts.models import Organization, Unit, User
from duban.plans.models import (
    CascadeLink,
    Plan,
    Section,
    Target,
    Task,
    TaskUnit,
)
from duban.tracking.models import (
    AuditEntry,
    CompletionRequest,
    ExtensionRequest,
    ProgressReport,
    TargetValue,
)

# --- Writing rows ------------------------------------------------------------------------------------

M2M_USER_UNITS = User.units.through
M2M_UNIT_MEMBERS = Unit.members.through

# Parents before children: one flush writes every buffered table in this order.
ORDER: list[type[models.Model]] = [
    Organization,
    Unit,
    M2M_UNIT_MEMBERS,
    User,
    M2M_USER_UNITS,
    Plan,
    Section,
    Task,
    TaskUnit,
    Target,
    CascadeLink,
    ProgressReport,
    TargetValue,
    CompletionRequest,
    ExtensionRequest,
    AuditEntry,
]


class Writer:
    """Buffers rows (dicts by column name) per table and writes them in batches, parents first."""

    def __init__(self, method: str, batch_size: int) -> None:
        self.method = method
        self.batch_size = batch_size
        self.buffers: dict[type[models.Model], list[dict[str, Any]]] = {model: [] for model in ORDER}
        self.next_id = {
            model: (model._default_manager.aggregate(m=Max("pk"))["m"] or 0) + 1 for model in ORDER
        }
        self.written: dict[str, int] = {model._meta.db_table: 0 for model in ORDER}
        self.pending = 0
        self.flushes = 0

    def new_id(self, model: type[models.Model]) -> int:
        value = self.next_id[model]
        self.next_id[model] = value + 1
        return value

    def add(self, model: type[models.Model], **values: Any) -> int:
        """Buffer one row; its id is allocated here and returned."""
        row_id = values.setdefault("id", self.new_id(model))
        self.buffers[model].append(values)
        self.pending += 1
        return int(row_id)

    def flush_if_full(self) -> bool:
        if self.pending >= self.batch_size:
            self.flush()
            return True
        return False

    def flush(self) -> None:
        with transaction.atomic():
            if connection.vendor == "postgresql":
                # Synthetic rows can be made again: no need to wait for the WAL to reach the disk.
                with connection.cursor() as cursor:
                    cursor.execute("SET LOCAL synchronous_commit TO OFF")
            for model in ORDER:
                rows = self.buffers[model]
                if not rows:
                    continue
                if self.method == "copy":
                    _copy(model, rows)
                else:
                    _bulk(model, rows, self.batch_size)
                self.written[model._meta.db_table] += len(rows)
                self.buffers[model] = []
        self.pending = 0
        self.flushes += 1

    def finish(self) -> None:
        self.flush()
        with connection.cursor() as cursor:
            # Fresh statistics: before autovacuum gets to it, the planner would think the tables empty.
            for model in ORDER:
                cursor.execute(f'ANALYZE "{model._meta.db_table}"')
        if connection.vendor == "postgresql":
            # Ids were chosen here, so the sequences must be moved past them for ordinary inserts.
            with connection.cursor() as cursor:
                for model in ORDER:
                    table = model._meta.db_table
                    cursor.execute(
                        f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                        f"(SELECT COALESCE(MAX(id), 1) FROM {table}))"
                    )


def _columns(model: type[models.Model]) -> list[models.Field[Any, Any]]:
    return list(model._meta.concrete_fields)


def _default(f: models.Field[Any, Any]) -> Any:
    if f.has_default():
        return f.get_default()
    return None if f.null else ""


@contextmanager
def _timestamps_kept() -> Iterator[None]:
    # bulk_create lets auto_now_add overwrite every timestamp with "now"; synthetic history needs its own.
    fields = [f for model in ORDER for f in _columns(model) if getattr(f, "auto_now_add", False)]
    for f in fields:
        f.auto_now_add = False  # type: ignore[attr-defined]
    try:
        yield
    finally:
        for f in fields:
            f.auto_now_add = True  # type: ignore[attr-defined]


def _bulk(model: type[models.Model], rows: list[dict[str, Any]], batch_size: int) -> None:
    defaults = {f.attname: _default(f) for f in _columns(model)}
    objs = [model(**(defaults | row)) for row in rows]
    with _timestamps_kept():
        model._default_manager.bulk_create(objs, batch_size=min(batch_size, 2000))


def _copy(model: type[models.Model], rows: list[dict[str, Any]]) -> None:
    cols = _columns(model)
    names = [f.attname for f in cols]
    defaults = [_default(f) for f in cols]
    is_json = [isinstance(f, models.JSONField) for f in cols]
    column_list = ", ".join(f'"{c.column}"' for c in cols)
    sql = f'COPY "{model._meta.db_table}" ({column_list}) FROM STDIN'
    with connection.cursor() as cursor:
        raw: Any = cursor.cursor  # psycopg's own cursor, for COPY
        with raw.copy(sql) as copy:
            for row in rows:
                values = [row.get(name, default) for name, default in zip(names, defaults, strict=True)]
                for index, flag in enumerate(is_json):
                    if flag and values[index] is not None:
                        values[index] = json.dumps(values[index], ensure_ascii=False)
                copy.write_row(values)


# --- Making one organisation ---------------------------------------------------------------------------


def _moment(day: dt.date, hour: int = 10, minute: int = 0) -> dt.datetime:
    return timezone.make_aware(dt.datetime(day.year, day.month, day.day, hour, minute))
