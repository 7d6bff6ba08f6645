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


class PlanKind(models.TextChoices):
    IMPORTED = "imported", "工作方案"
    # One per organisation and year: the 督办事项 a supervisor registers one by one (立项).
    ADHOC = "adhoc", "督办事项"


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

    def imported(self) -> PlanQuerySet:
        """Plans imported from a document, not a year's list of ad-hoc items (a role's start page)."""
        return self.filter(kind=PlanKind.IMPORTED)

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
    kind = models.CharField("类型", max_length=20, choices=PlanKind.choices, default=PlanKind.IMPORTED)
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
            ),
            models.UniqueConstraint(
                fields=["organization", "year"],
                condition=Q(kind="adhoc"),
                name="plan_one_adhoc_list_per_year",
            ),
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
        # Sections and units by the ids the tasks name (one query each), not joined: a join lets the
        # planner hash the whole section or unit table of every organisation (seen at 100k tasks).
        return self.prefetch_related("section", "task_units__unit", "targets").order_by("position")


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
    # A task may start after its plan (an ad-hoc item runs from its 交办日期); empty: the plan's start.
    start_date = models.DateField("起始日期", null=True, blank=True)
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


class DocumentStatus(models.TextChoices):
    PENDING = "pending", "未出台"
    ISSUED = "issued", "已出台"


class DocumentRefQuerySet(models.QuerySet["DocumentRef"]):
    def deliverables(self) -> DocumentRefQuerySet:
        """The documents tasks must issue (出台《…》), tracked to their 文号."""
        return self.filter(deliverable=True)


class DocumentRef(models.Model):
    """A document a task names in 《》 and what the task does with it.

    A document the task issues (see `plans.rules.document_is_deliverable`) is a deliverable: tracked from
    未出台 to 已出台 with its 文号, 印发日期 and the issued file (a tracking Attachment).
    """

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="documents")
    title = models.CharField("文件名称", max_length=300)
    action = models.CharField("动作", max_length=20, choices=DocumentAction.choices)
    position = models.PositiveSmallIntegerField("顺序", default=0)
    deliverable = models.BooleanField("需出台", default=False)
    status = models.CharField(
        "出台状态", max_length=10, choices=DocumentStatus.choices, default=DocumentStatus.PENDING
    )
    doc_number = models.CharField("文号", max_length=100, blank=True)
    issued_on = models.DateField("印发日期", null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField("登记时间", null=True, blank=True)
    # The supervisor's leave to apply for 办结 before this document is issued (先行办结), with the reason.
    override_reason = models.TextField("先行办结理由", blank=True)
    override_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    override_at = models.DateTimeField("同意先行办结时间", null=True, blank=True)

    objects = DocumentRefQuerySet.as_manager()

    class Meta:
        verbose_name = "文件"
        verbose_name_plural = "文件"
        ordering: ClassVar = ["task_id", "position"]
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=Q(status="pending") | (Q(issued_on__isnull=False) & ~Q(doc_number="")),
                name="documentref_issued_has_number_and_date",
            )
        ]
        indexes: ClassVar = [models.Index(fields=["task", "deliverable"], name="documentref_task_deliv_idx")]

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


class CascadeLinkQuerySet(models.QuerySet["CascadeLink"]):
    def sent_by(self, organization: Organization | int) -> CascadeLinkQuerySet:
        """Links the organisation sent down (its tasks as 承接任务 of its subordinates)."""
        return self.filter(parent_organization=organization)

    def received_by(self, organization: Organization | int) -> CascadeLinkQuerySet:
        """Links the organisation received from its parent."""
        return self.filter(organization=organization)


class CascadeLink(models.Model):
    """A parent organisation's task sent down (分解下达) as a subordinate's 承接任务 (`organization`).

    Child targets match the parent's by position; `split_positions` are those whose shares add up to the
    parent's value. 签收 is kept here until the general sign-for model takes it over.
    """

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="+", verbose_name="承接组织"
    )
    parent_organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="+", verbose_name="下达组织"
    )
    parent_task = models.ForeignKey(
        Task, on_delete=models.CASCADE, related_name="cascade_links", verbose_name="上级任务"
    )
    child_task = models.OneToOneField(
        Task, on_delete=models.CASCADE, related_name="cascade_source", verbose_name="承接任务"
    )
    split_positions = models.JSONField("分解指标", default=list, blank=True)
    created_at = models.DateTimeField("下达时间", auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name="下达人",
    )
    accepted_at = models.DateTimeField("签收时间", null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="签收人",
    )

    objects = CascadeLinkQuerySet.as_manager()

    class Meta:
        verbose_name = "分解下达"
        verbose_name_plural = "分解下达"
        ordering: ClassVar = ["parent_task_id", "organization_id"]
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["parent_task", "organization"], name="cascade_unique_task_per_organization"
            )
        ]
        indexes: ClassVar = [
            models.Index(fields=["parent_organization", "parent_task"], name="cascade_parent_idx")
        ]

    def __str__(self) -> str:
        return f"{self.parent_task_id}→{self.child_task_id}"


def item_source_upload_to(instance: AdhocItem, filename: str) -> str:
    """Where an item's source file is kept: MEDIA_ROOT/adhoc/<organisation id>/<file>."""
    return f"adhoc/{instance.organization_id}/{filename}"


class SourceKind(models.TextChoices):
    INSTRUCTION = "instruction", "领导批示"
    MEETING = "meeting", "会议议定事项"
    SUPERIOR = "superior", "上级交办"
    PROPOSAL = "proposal", "人大建议/政协提案"
    LETTER = "letter", "群众来信"


class AdhocItem(models.Model):
    """A 督办事项 registered on its own (立项): the task it runs as, its source and its notice number.

    The task lives in the organisation's ad-hoc plan of the year (Plan.kind = adhoc), so reports, review,
    lights, reminders, 办结 and exports treat it as any task; its 交办日期 is the task's start_date.
    """

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    task = models.OneToOneField(Task, on_delete=models.CASCADE, related_name="adhoc")
    year = models.PositiveSmallIntegerField("年度")
    # 督办〔year〕number号: taken under the year's plan row lock, unique, never reused (no item is deleted).
    number = models.PositiveIntegerField("编号")
    source_kind = models.CharField("来源", max_length=20, choices=SourceKind.choices)
    source_title = models.CharField(
        "来源文件", max_length=300, blank=True, help_text="如 批示件、会议纪要名称"
    )
    source_text = models.TextField("来源内容", blank=True)
    source_file = models.FileField("来源附件", upload_to=item_source_upload_to, max_length=500, blank=True)
    source_name = models.CharField("附件原名", max_length=255, blank=True)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    registered_at = models.DateTimeField("立项时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "督办事项"
        ordering: ClassVar = ["year", "number"]
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["organization", "year", "number"], name="adhoc_item_number_per_year"
            ),
        ]

    def __str__(self) -> str:
        return self.notice_number

    @property
    def notice_number(self) -> str:
        """The 督办通知单's number, e.g. 督办〔2026〕12号."""
        return f"督办〔{self.year}〕{self.number}号"
