"""签收: a unit acknowledges an assignment of a task (on publishing, when added later, when urged)."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models

from duban.accounts.models import Organization, Unit
from duban.plans.models import Plan, Task
from duban.tracking.models.reminders import Reminder


class SignOffReason(models.TextChoices):
    PUBLISHED = "published", "方案发布"
    ASSIGNED = "assigned", "新增交办"
    URGED = "urged", "催办"


class SignOff(models.Model):
    """One unit to sign for one task, for one reason; `key` makes each request happen once.

    It names the task and the unit, not how the assignment arose, so any service that assigns a task to a
    unit (publishing, adding a unit, a cascade) asks for it through `services.signoffs.signoffs_request`.
    """

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="+")
    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="signoffs")
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="signoffs", verbose_name="单位")
    reason = models.CharField("事由", max_length=20, choices=SignOffReason.choices)
    # The 催办 being signed for, whose message and reply-by date the unit sees.
    reminder = models.ForeignKey(
        Reminder, on_delete=models.CASCADE, null=True, blank=True, related_name="signoffs"
    )
    key = models.CharField("去重键", max_length=200)
    requested_at = models.DateTimeField("交办时间")
    due_on = models.DateField("签收期限")
    signed_at = models.DateTimeField("签收时间", null=True, blank=True)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    note = models.TextField("回复", blank=True)

    class Meta:
        verbose_name = "签收"
        verbose_name_plural = "签收"
        ordering: ClassVar = ["requested_at", "id"]
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["organization", "key"], name="signoff_unique_key")
        ]
        indexes: ClassVar = [
            models.Index(fields=["unit", "signed_at"], name="signoff_unit_signed_idx"),
            models.Index(fields=["plan", "signed_at", "due_on"], name="signoff_plan_pending_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.task_id}:{self.unit_id}:{self.reason}"
