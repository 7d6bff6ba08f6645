"""考核 tables: a plan's scheme (考核细则) and the manual entries (加分, 扣分, 一票否决) on its subjects."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q

from duban.accounts.models import Organization, Unit
from duban.plans.models import Plan


class AssessmentScheme(models.Model):
    """A plan's 考核细则; items, periods and grades as JSON lists, validated by `rules.scheme_problems`."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    plan = models.OneToOneField(Plan, on_delete=models.CASCADE, related_name="assessment_scheme")
    items = models.JSONField("考核项目", default=list)  # [{"kind": "completion", "weight": 15}, …]
    periods = models.JSONField("考核期间", default=list)  # [{"label", "start", "end", "weight"}, …]
    grades = models.JSONField("等次", default=list)  # [{"label": "优秀", "minimum": "90"}, …], highest first
    excellent_quota = models.PositiveSmallIntegerField("优秀比例上限（%）", null=True, blank=True)
    bonus_cap = models.DecimalField("加分上限", max_digits=6, decimal_places=2, null=True, blank=True)
    deduction_cap = models.DecimalField("扣分上限", max_digits=6, decimal_places=2, null=True, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField("修改时间", auto_now=True)

    class Meta:
        verbose_name = verbose_name_plural = "考核细则"

    def __str__(self) -> str:
        return f"{self.plan.title} 考核细则"


class EntryKind(models.TextChoices):
    BONUS = "bonus", "加分"
    DEDUCTION = "deduction", "扣分"
    VETO = "veto", "一票否决"


class EvidenceKind(models.TextChoices):
    PRAISE = "praise", "表扬"
    CRITICISM = "criticism", "通报批评"
    ENDORSEMENT = "endorsement", "领导批示肯定"
    OTHER = "other", "其他"


class AssessmentEntry(models.Model):
    """A manual entry on a unit or a subordinate organisation: points added or taken, or a veto.

    Its subject is either a unit of the plan's organisation or a subordinate organisation that holds
    承接任务 of the plan (`subordinate`), never both.
    """

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="assessment_entries")
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="+", verbose_name="单位", null=True, blank=True
    )
    subordinate = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="下级组织",
        null=True,
        blank=True,
    )
    kind = models.CharField("类别", max_length=10, choices=EntryKind.choices)
    points = models.DecimalField("分值", max_digits=5, decimal_places=2, default=0)
    reason = models.TextField("事由")
    evidence_kind = models.CharField("依据类别", max_length=12, choices=EvidenceKind.choices)
    evidence = models.CharField("依据（文号、批示等）", max_length=200, blank=True)
    occurred_on = models.DateField("日期")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="登记人"
    )
    created_at = models.DateTimeField("登记时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "考核加扣分"
        ordering: ClassVar = ["plan_id", "occurred_on", "id"]
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=Q(kind="veto", points=0) | (~Q(kind="veto") & Q(points__gt=0)),
                name="assessment_entry_points_by_kind",
            ),
            models.CheckConstraint(
                condition=Q(unit__isnull=False, subordinate__isnull=True)
                | Q(unit__isnull=True, subordinate__isnull=False),
                name="assessment_entry_one_subject",
            ),
        ]
        indexes: ClassVar = [models.Index(fields=["plan", "unit"], name="assessment_entry_plan_unit_idx")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.points}"

    @property
    def subject_name(self) -> str:
        """The name of the unit or subordinate organisation the entry is on."""
        subject = self.unit if self.unit_id is not None else self.subordinate
        return subject.name if subject is not None else ""

    @property
    def subject_key(self) -> str:
        """The subject's key in the results (`unit:12`, `organization:7`)."""
        if self.unit_id is not None:
            return f"unit:{self.unit_id}"
        return f"organization:{self.subordinate_id}"
