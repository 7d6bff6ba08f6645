"""Circular issues (通报期数): each circular a supervisor issues, numbered per plan, with its paragraphs."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models

from duban.accounts.models import Organization
from duban.plans.models import Plan

# The paragraphs a supervisor may rewrite; the figures and lists are always computed.
PARAGRAPHS = ("opening", "praise", "criticism", "requirements")


class CircularIssue(models.Model):
    """第N期 of a plan's circular: the period it reports on and the paragraphs as issued."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="circular_issues")
    number = models.PositiveIntegerField("期数")
    period_start = models.DateField("期间起")
    period_end = models.DateField("期间止")
    period_label = models.CharField("期间", max_length=60)
    paragraphs = models.JSONField("段落", default=dict, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField("生成时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "通报期数"
        ordering: ClassVar = ["plan_id", "number"]
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["plan", "number"], name="circular_issue_number_per_plan"),
        ]

    def __str__(self) -> str:
        return f"{self.plan.title} 第{self.number}期"
