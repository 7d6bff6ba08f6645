"""The audit trail (全程留痕): who changed what, when, with the values before and after."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models

from duban.accounts.models import Organization
from duban.plans.models import Plan, Task


class AuditEntry(models.Model):
    """One recorded change; rows are only ever added."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    task = models.ForeignKey(Task, on_delete=models.CASCADE, null=True, blank=True, related_name="audit")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    action = models.CharField("操作", max_length=50)
    object_type = models.CharField("对象", max_length=50)
    object_id = models.CharField("对象编号", max_length=50)
    before = models.JSONField("修改前", null=True, blank=True)
    after = models.JSONField("修改后", null=True, blank=True)
    at = models.DateTimeField("时间", auto_now_add=True)

    class Meta:
        verbose_name = "操作记录"
        verbose_name_plural = "操作记录"
        ordering: ClassVar = ["-at", "-id"]
        indexes: ClassVar = [
            models.Index(fields=["task", "-at"], name="audit_task_at_idx"),
            models.Index(fields=["organization", "-at"], name="audit_org_at_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.action} {self.object_type}:{self.object_id}"
