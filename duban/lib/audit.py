"""Recording changes (全程留痕) from any app: the one entry point below the apps that write.

The trail is stored by `duban.tracking` (`AuditEntry` refers to plans and tasks, so it cannot live lower);
it registers its recorder when Django starts (`TrackingConfig.ready`). Accounts and plans record through
`audit_record` here without importing the app above them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from decimal import Decimal
from typing import Any

from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import ImproperlyConfigured
from django.db import models

JSON = dict[str, Any]
Recorder = Callable[..., object]

_recorder: Recorder | None = None


def audit_recorder_set(recorder: Recorder) -> None:
    """Store every audit entry through `recorder` (tracking's `audit_record`)."""
    global _recorder
    _recorder = recorder


def audit_record(
    *,
    actor: AbstractBaseUser | None,
    action: str,
    obj: models.Model,
    before: JSON | None = None,
    after: JSON | None = None,
    task: models.Model | None = None,
    plan: models.Model | None = None,
    organization_id: int | None = None,
) -> None:
    """Add one entry to the audit trail: who did what to which object, with the values that changed."""
    if _recorder is None:
        # Never write without a trail: a deployment without tracking is misconfigured, not unaudited.
        raise ImproperlyConfigured("No audit recorder: add duban.tracking to INSTALLED_APPS.")
    _recorder(
        actor=actor,
        action=action,
        obj=obj,
        before=before,
        after=after,
        task=task,
        plan=plan,
        organization_id=organization_id,
    )


def _plain(value: Any) -> Any:
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    return value


def snapshot(obj: models.Model, names: Iterable[str]) -> JSON:
    """The named fields of a row as JSON-ready values (foreign keys as ids)."""
    result: JSON = {}
    for name in names:
        field = obj._meta.get_field(name)
        attname = field.attname if isinstance(field, models.ForeignKey) else name
        result[name] = _plain(getattr(obj, attname))
    return result
