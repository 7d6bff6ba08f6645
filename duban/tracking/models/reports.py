"""Progress reports (进展反馈) with target values and evidence; completion and extension requests."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q

from duban.accounts.models import Organization, Unit
from duban.plans.models import DocumentRef, Target, Task, TaskUnitRole


class ReportStatus(models.TextChoices):
    DRAFT = "draft", "草稿"
    SUBMITTED = "submitted", "已提交"
    APPROVED = "approved", "已通过"
    RETURNED = "returned", "已退回"


class ReportQuality(models.TextChoices):
    """The supervisor's rating of an approved report (optional); 考核 scores it."""

    EXCELLENT = "excellent", "优"
    GOOD = "good", "良"
    FAIR = "fair", "中"
    POOR = "poor", "差"


# A returned report stays as it was; its revision is a new report (`revises`), so the history is kept.
OPEN_REPORT_STATUSES = (ReportStatus.DRAFT, ReportStatus.SUBMITTED, ReportStatus.APPROVED)
SUBMITTED_REPORT_STATUSES = (ReportStatus.SUBMITTED, ReportStatus.APPROVED, ReportStatus.RETURNED)


class ProgressReport(models.Model):
    """One unit's report on one task for one cycle (identified by the cycle's due date)."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="reports")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="reports", verbose_name="单位")
    role = models.CharField("角色", max_length=10, choices=TaskUnitRole.choices)
    period = models.DateField("报送期（截止日）")
    text = models.TextField("进展情况")
    problems = models.TextField("存在问题", blank=True)
    next_steps = models.TextField("下步计划", blank=True)
    progress = models.PositiveSmallIntegerField("进度", null=True, blank=True)
    status = models.CharField("状态", max_length=20, choices=ReportStatus.choices, default=ReportStatus.DRAFT)
    revises = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name="修改自"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="填报人"
    )
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    submitted_at = models.DateTimeField("提交时间", null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    reviewed_at = models.DateTimeField("审核时间", null=True, blank=True)
    review_comment = models.TextField("审核意见", blank=True)
    quality = models.CharField("质量评价", max_length=10, choices=ReportQuality.choices, blank=True)

    class Meta:
        verbose_name = "进展反馈"
        verbose_name_plural = "进展反馈"
        ordering: ClassVar = ["task_id", "-period", "-id"]  # the column: "task" would join tasks and plans
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["task", "unit", "period"],
                condition=Q(status__in=["draft", "submitted", "approved"]),
                name="report_one_open_per_task_unit_period",
            ),
            models.CheckConstraint(
                condition=Q(progress__isnull=True) | Q(progress__lte=100), name="report_progress_at_most_100"
            ),
        ]
        indexes: ClassVar = [
            models.Index(fields=["organization", "status"], name="report_org_status_idx"),
            models.Index(fields=["task", "period"], name="report_task_period_idx"),
            # The review queue, oldest first, paged by (submitted_at, id).
            models.Index(
                fields=["organization", "submitted_at", "id"],
                condition=Q(status="submitted"),
                name="report_queue_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.task_id}:{self.unit_id}:{self.period}"


class TargetValue(models.Model):
    """The current value of one target as a report states it."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    report = models.ForeignKey(ProgressReport, on_delete=models.CASCADE, related_name="target_values")
    target = models.ForeignKey(Target, on_delete=models.CASCADE, related_name="values")
    value = models.DecimalField("当前值", max_digits=20, decimal_places=4)

    class Meta:
        verbose_name = "指标完成值"
        verbose_name_plural = "指标完成值"
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["report", "target"], name="targetvalue_unique_per_report")
        ]

    def __str__(self) -> str:
        return f"{self.target_id}={self.value}"


class RequestStatus(models.TextChoices):
    PENDING = "pending", "待审核"
    APPROVED = "approved", "已同意"
    REFUSED = "refused", "未同意"


class _Request(models.Model):
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="+")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+", verbose_name="申请单位")
    reason = models.TextField("说明")
    status = models.CharField(
        "状态", max_length=20, choices=RequestStatus.choices, default=RequestStatus.PENDING
    )
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField("申请时间", auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField("审核时间", null=True, blank=True)
    decision_comment = models.TextField("审核意见", blank=True)

    class Meta:
        abstract = True


class CompletionRequest(_Request):
    """The lead unit's application for 办结, with its evidence."""

    class Meta:
        verbose_name = "办结申请"
        verbose_name_plural = "办结申请"
        ordering: ClassVar = ["task_id", "-requested_at", "-id"]
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["task"], condition=Q(status="pending"), name="completion_one_pending_per_task"
            )
        ]

    def __str__(self) -> str:
        return f"办结 {self.task_id}"


class ExtensionRequest(_Request):
    """The lead unit's request for 延期 to a new date."""

    new_deadline = models.DateField("申请延期至")
    old_deadline = models.DateField("原完成时限")

    class Meta:
        verbose_name = "延期申请"
        verbose_name_plural = "延期申请"
        ordering: ClassVar = ["task_id", "-requested_at", "-id"]
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["task"], condition=Q(status="pending"), name="extension_one_pending_per_task"
            )
        ]

    def __str__(self) -> str:
        return f"延期 {self.task_id} → {self.new_deadline}"


def evidence_upload_to(instance: Attachment, filename: str) -> str:
    """Evidence lives under the data directory: MEDIA_ROOT/evidence/<organisation>/<task>/<file>."""
    return f"evidence/{instance.organization_id}/{instance.task_id}/{filename}"


class Attachment(models.Model):
    """A file of evidence (佐证材料) for a report or a completion request, or a document's issued file."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="attachments")
    report = models.ForeignKey(
        ProgressReport, on_delete=models.CASCADE, null=True, blank=True, related_name="attachments"
    )
    completion = models.ForeignKey(
        CompletionRequest, on_delete=models.CASCADE, null=True, blank=True, related_name="attachments"
    )
    # The issued file of a document the task must issue (出台文件); the newest one is the document's file.
    document = models.ForeignKey(
        DocumentRef, on_delete=models.CASCADE, null=True, blank=True, related_name="attachments"
    )
    file = models.FileField("文件", upload_to=evidence_upload_to, max_length=500)
    name = models.CharField("文件名", max_length=255)
    kind = models.CharField("类型", max_length=20)
    size = models.PositiveBigIntegerField("大小")
    sha256 = models.CharField("摘要", max_length=64)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField("上传时间", auto_now_add=True)

    class Meta:
        verbose_name = "佐证材料"
        verbose_name_plural = "佐证材料"
        ordering: ClassVar = ["uploaded_at", "id"]

    def __str__(self) -> str:
        return self.name
