"""A plan as the bureau issued it: sections, numbered tasks, their units, targets and documents.

Every table carries its organisation so the data can later be distributed by organisation.
"""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Count, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce

from duban.accounts.models import Organization, Unit


def source_upload_to(instance: Plan, filename: str) -> str:
    """Where an imported document is kept: MEDIA_ROOT/sources/<organisation id>/<file>."""
    return f"sources/{instance.organization_id}/{filename}"


class PlanStatus(models.TextChoices):
    DRAFT = "draft", "草稿"
    PUBLISHED = "published", "已发布"
    ARCHIVED = "archived", "已归档"


class ReportingCycle(models.TextChoices):
    MONTHLY = "monthly", "每月"
    QUARTERLY = "quarterly", "每季度"
    CUSTOM = "custom", "自定义"


class PlanQuerySet(models.QuerySet["Plan"]):
    def for_organization(self, organization: Organization | int | None) -> PlanQuerySet:
        """Plans of one organisation (none when there is no organisation)."""
        if organization is None:
            return self.none()
        return self.filter(organization=organization)

    def with_counts(self) -> PlanQuerySet:
        """Annotate task_count and section_count, each counted on its own table by the plan's index."""
        # Two subqueries, not Count over two joins: joining tasks and sections multiplies their rows
        # (10,000 tasks × 100 sections is a million-row sort for one plan).
        return self.annotate(task_count=_count_of_plan(Task), section_count=_count_of_plan(Section))


def _count_of_plan(model: type[models.Model]) -> Coalesce:
    rows = model._default_manager.filter(plan=OuterRef("pk")).order_by().values("plan")
    return Coalesce(Subquery(rows.annotate(n=Count("pk")).values("n")), 0)


class Plan(models.Model):
    """One imported plan (方案), e.g. 2019年全市教育工作任务分解方案."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="plans")
    title = models.CharField("方案名称", max_length=300)
    notice_title = models.CharField("通知标题", max_length=300, blank=True)
    doc_number = models.CharField("文号", max_length=100, blank=True)
    issuer = models.CharField("发文单位", max_length=200, blank=True)
    issue_date = models.DateField("印发日期", null=True, blank=True)
    year = models.PositiveSmallIntegerField("年度", null=True, blank=True)
    addressees = models.CharField("主送", max_length=500, blank=True)
    cc = models.CharField("抄送", max_length=500, blank=True)
    status = models.CharField("状态", max_length=20, choices=PlanStatus.choices, default=PlanStatus.DRAFT)
    source_name = models.CharField("原文件名", max_length=255)
    source_sha256 = models.CharField("原文件摘要", max_length=64)
    source_format = models.CharField("原文件格式", max_length=20, blank=True)
    source_file = models.FileField("原文件", upload_to=source_upload_to, max_length=500)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="imported_plans",
        verbose_name="导入人",
    )
    created_at = models.DateTimeField("导入时间", auto_now_add=True)
    # Set when a supervisor publishes the plan (see tracking rules for how they are used).
    start_date = models.DateField("起始日期", null=True, blank=True)
    default_deadline = models.DateField("默认完成时限", null=True, blank=True)
    cycle = models.CharField(
        "报送周期", max_length=20, choices=ReportingCycle.choices, default=ReportingCycle.MONTHLY
    )
    due_day = models.PositiveSmallIntegerField("每期报送日", default=25)
    custom_due_dates = models.JSONField("自定义报送日期", default=list, blank=True)
    rules = models.JSONField(
        "督办规则", default=dict, blank=True, help_text="覆盖默认阈值，见 tracking.rules.Thresholds。"
    )
    published_at = models.DateTimeField("发布时间", null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="published_plans",
        verbose_name="发布人",
    )

    objects = PlanQuerySet.as_manager()

    class Meta:
        verbose_name = "方案"
        verbose_name_plural = "方案"
        ordering: ClassVar = ["-created_at", "-id"]
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["organization", "source_sha256"], name="plan_unique_source_per_organization"
            )
        ]
        indexes: ClassVar = [
            models.Index(fields=["organization", "-created_at"], name="plan_org_created_idx")
        ]

    def __str__(self) -> str:
        return self.title


class Section(models.Model):
    """A numbered section (板块) of a plan: 一、…"""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="sections")
    no = models.CharField("序号", max_length=20)
    title = models.CharField("标题", max_length=300)
    position = models.PositiveIntegerField("顺序")

    class Meta:
        verbose_name = "板块"
        verbose_name_plural = "板块"
        ordering: ClassVar = ["plan_id", "position"]
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["plan", "position"], name="section_unique_position_per_plan")
        ]

    def __str__(self) -> str:
        return f"{self.no}、{self.title}"


class TaskState(models.TextChoices):
    NOT_STARTED = "not_started", "未启动"
    IN_PROGRESS = "in_progress", "推进中"
    COMPLETION_REQUESTED = "completion_requested", "申请办结"
    COMPLETED = "completed", "已办结"


class TaskQuerySet(models.QuerySet["Task"]):
    def search(self, query: str) -> TaskQuerySet:
        """Tasks whose number is the query or whose text contains it."""
        query = query.strip()
        if not query:
            return self
        return self.filter(Q(no=query) | Q(text__icontains=query))

    def for_display(self) -> TaskQuerySet:
        """Tasks in plan order with what a task row shows, in a fixed number of queries."""
        return (
            self.select_related("section")
            .prefetch_related(
                models.Prefetch("task_units", queryset=TaskUnit.objects.select_related("unit")),
                "targets",
            )
            .order_by("position")
        )


class Task(models.Model):
    """A numbered task (任务) with its text, deadline and state."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="tasks")
    section = models.ForeignKey(
        Section, on_delete=models.SET_NULL, null=True, blank=True, related_name="tasks"
    )
    no = models.CharField("序号", max_length=20)
    position = models.PositiveIntegerField("顺序")
    text = models.TextField("主要工作")
    deadline = models.DateField("完成时限", null=True, blank=True)
    deadline_text = models.CharField("时限原文", max_length=200, blank=True)
    state = models.CharField("状态", max_length=30, choices=TaskState.choices, default=TaskState.NOT_STARTED)
    leaders = models.JSONField("分管领导", default=list, blank=True)
    unit_marks = models.JSONField("单位备注", default=list, blank=True)
    # The deadline above stays as issued; an approved extension only sets this one (shown 已延期).
    extended_deadline = models.DateField("延期至", null=True, blank=True)
    progress = models.PositiveSmallIntegerField("进度", null=True, blank=True)
    completed_on = models.DateField("办结日期", null=True, blank=True)
    is_suspended = models.BooleanField("中止", default=False)
    # Figures the tracking services keep current under the task's row lock, so a status needs no report scan.
    reported_periods = models.JSONField(
        "已报送期",
        default=list,
        blank=True,
        editable=False,
        help_text="牵头单位已提交进展的报送期（ISO 日期）",
    )
    completion_requested_on = models.DateField("申请办结日期", null=True, blank=True, editable=False)
    # The approved 推进节点 as the rules read them: [{on, pct, title, done}] (tracking.services.milestones).
    node_figures = models.JSONField("已批准节点", default=list, blank=True, editable=False)

    objects = TaskQuerySet.as_manager()

    class Meta:
        verbose_name = "任务"
        verbose_name_plural = "任务"
        ordering: ClassVar = ["plan_id", "position"]  # the column: "plan" would join plans for its ordering
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["plan", "position"], name="task_unique_position_per_plan")
        ]
        indexes: ClassVar = [
            models.Index(fields=["organization", "state"], name="task_org_state_idx"),
            models.Index(fields=["plan", "no"], name="task_plan_no_idx"),
            models.Index(fields=["plan", "state"], name="task_plan_state_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.no}. {self.text[:30]}"

    def units_in_role(self, role: str) -> list[Unit]:
        """Units in one role, in document order (uses prefetched task_units)."""
        links = sorted(
            (link for link in self.task_units.all() if link.role == role), key=lambda x: x.position
        )
        return [link.unit for link in links]

    @property
    def lead_units(self) -> list[Unit]:
        """牵头单位, in document order."""
        return self.units_in_role(TaskUnitRole.LEAD)

    @property
    def support_units(self) -> list[Unit]:
        """责任单位 (supporting units), in document order."""
        return self.units_in_role(TaskUnitRole.SUPPORT)


class TaskUnitRole(models.TextChoices):
    LEAD = "lead", "牵头单位"
    SUPPORT = "support", "责任单位"


class TaskUnit(models.Model):
    """A unit's part in a task: lead (牵头) or support (责任/配合)."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="task_units")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="task_links")
    role = models.CharField("角色", max_length=10, choices=TaskUnitRole.choices)
    position = models.PositiveSmallIntegerField("顺序")

    class Meta:
        verbose_name = "任务单位"
        verbose_name_plural = "任务单位"
        ordering: ClassVar = ["task_id", "role", "position"]
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["task", "unit", "role"], name="taskunit_unique_unit_role_per_task"
            )
        ]
        indexes: ClassVar = [models.Index(fields=["unit", "role"], name="taskunit_unit_role_idx")]

    def __str__(self) -> str:
        return f"{self.task_id}:{self.unit_id}:{self.role}"


class TargetOp(models.TextChoices):
    AT_LEAST = ">=", "不少于"
    AT_MOST = "<=", "不超过"
    EQUAL = "=", "等于"
    INCREASE = "+", "增加"


class Target(models.Model):
    """A numeric target (目标指标) named in a task's text, e.g. 新增学位6000个."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="targets")
    metric = models.CharField("指标", max_length=200)
    value = models.DecimalField("目标值", max_digits=20, decimal_places=4)
    unit = models.CharField("计量单位", max_length=20, blank=True)
    op = models.CharField("比较", max_length=2, choices=TargetOp.choices)
    text = models.CharField("原文", max_length=300)
    position = models.PositiveSmallIntegerField("顺序")
    # The latest approved value, kept current by tracking.services.reports (see Task's figures).
    latest_value = models.DecimalField(
        "最新完成值", max_digits=20, decimal_places=4, null=True, blank=True, editable=False
    )

    class Meta:
        verbose_name = "目标指标"
        verbose_name_plural = "目标指标"
        ordering: ClassVar = ["task_id", "position"]

    def __str__(self) -> str:
        return self.text


class DocumentAction(models.TextChoices):
    ISSUE = "issue", "出台"
    IMPLEMENT = "implement", "落实"
    COMPILE = "compile", "编写"
    OTHER = "other", "其他"


class DocumentRef(models.Model):
    """A document a task names in 《》 and what the task does with it."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="documents")
    title = models.CharField("文件名称", max_length=300)
    action = models.CharField("动作", max_length=20, choices=DocumentAction.choices)
    position = models.PositiveSmallIntegerField("顺序", default=0)

    class Meta:
        verbose_name = "文件"
        verbose_name_plural = "文件"
        ordering: ClassVar = ["task_id", "position"]

    def __str__(self) -> str:
        return f"《{self.title}》"


class MilestoneState(models.TextChoices):
    PROPOSED = "proposed", "待审核"
    APPROVED = "approved", "已批准"
    RETURNED = "returned", "已退回"


class Milestone(models.Model):
    """A 推进节点: by `due_on` the task should have `title` done and stand at `percent`.

    A task's 推进计划 is its set of nodes: the approved ones drive the rules, a proposed set waits for the
    supervisor (and replaces the approved set when approved), a returned set waits for a new proposal.
    """

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="milestone_set")
    position = models.PositiveSmallIntegerField("顺序")
    due_on = models.DateField("节点日期")
    title = models.CharField("节点内容", max_length=200)
    percent = models.PositiveSmallIntegerField("对应进度")
    state = models.CharField(
        "状态", max_length=10, choices=MilestoneState.choices, default=MilestoneState.PROPOSED
    )
    done_on = models.DateField("完成日期", null=True, blank=True)
    evidence = models.TextField("完成佐证", blank=True)
    comment = models.CharField("审核意见", max_length=500, blank=True)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField("提出时间", auto_now_add=True)

    class Meta:
        verbose_name = "推进节点"
        verbose_name_plural = "推进节点"
        ordering: ClassVar = ["task_id", "state", "position"]
        indexes: ClassVar = [
            models.Index(fields=["task", "state", "position"], name="milestone_task_state_idx"),
            models.Index(fields=["organization", "state"], name="milestone_org_state_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.due_on:%Y-%m-%d} {self.title}"


class PlanWarning(models.Model):
    """A guess the parser made that a supervisor should check."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="warnings")
    task_no = models.CharField("任务序号", max_length=20, blank=True)
    code = models.CharField("类别", max_length=50)
    message = models.TextField("说明")
    position = models.PositiveIntegerField("顺序", default=0)

    class Meta:
        verbose_name = "解析提示"
        verbose_name_plural = "解析提示"
        ordering: ClassVar = ["plan_id", "position"]

    def __str__(self) -> str:
        return self.message
