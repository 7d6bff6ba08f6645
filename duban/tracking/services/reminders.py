"""Reminders (催办): due-soon and overdue notices each cycle, a supervisor's manual 催办, and delivery.

A reminder is written once (its key makes the automatic ones unique per plan, unit, kind and cycle), with
one Delivery per recipient and channel. Deliveries are attempted after the reminder is committed; a failed
one is kept with its error and retried with a growing delay, up to MAX_ATTEMPTS.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.db.models import F, QuerySet
from django.utils import timezone

from duban.accounts import permissions
from duban.accounts.models import Role, Unit, User
from duban.lib import clock
from duban.plans.models import Plan, PlanStatus, Task
from duban.tracking import channels, errors, rules
from duban.tracking.errors import NotAllowed, TrackingError
from duban.tracking.models import (
    Channel,
    Delivery,
    DeliveryStatus,
    Notification,
    ProgressReport,
    Reminder,
    ReminderKind,
    RobotKind,
    RobotWebhook,
    SignOffReason,
)
from duban.tracking.models.reports import SUBMITTED_REPORT_STATUSES
from duban.tracking.selectors import OpenTask, tasks_open_in, tasks_open_in_plans
from duban.tracking.services.audit import audit_record, snapshot
from duban.tracking.services.reminder_kinds import node_reminders, signoff_reminders
from duban.tracking.services.signoffs import signoffs_request

MAX_ATTEMPTS = 5
BATCH = 2000  # rows per bulk insert or update
PLANS_AT_ONCE = 50  # plans whose open tasks are read in one go by a run
RECIPIENT_GONE = "收件人账号已删除"
RETRYABLE = [DeliveryStatus.PENDING, DeliveryStatus.FAILED]
# Identical 催办 (task, unit, sender, message) within the same minute are one.
MANUAL_DEDUPE_SECONDS = 60
RETRY_BASE = dt.timedelta(minutes=5)


@dataclass
class RemindResult:
    """What a run did: reminders written, deliveries sent and failed."""

    reminders: list[Reminder] = field(default_factory=list)
    sent: int = 0
    failed: int = 0


def _recipients(reminders: list[Reminder]) -> list[Delivery]:
    """Write one Delivery per recipient and channel of each reminder: two reads and one insert for all."""
    unit_ids = {reminder.unit_id for reminder in reminders}
    liaisons: dict[int, list[User]] = defaultdict(list)
    links = (
        User.units.through.objects.filter(unit_id__in=unit_ids, user__role=Role.LIAISON, user__is_active=True)
        .select_related("user")
        .order_by("user_id")
    )
    for link in links:
        liaisons[link.unit_id].append(link.user)
    hooks: dict[int, list[RobotWebhook]] = defaultdict(list)
    for hook in RobotWebhook.objects.filter(unit_id__in=unit_ids, is_active=True).order_by("pk"):
        hooks[hook.unit_id].append(hook)
    deliveries: list[Delivery] = []
    for reminder in reminders:
        base = {"organization_id": reminder.organization_id, "reminder": reminder}
        for user in liaisons[reminder.unit_id]:
            deliveries.append(Delivery(**base, channel=Channel.IN_APP, user=user, address=user.username))
            if user.email:
                deliveries.append(Delivery(**base, channel=Channel.EMAIL, user=user, address=user.email))
        for hook in hooks[reminder.unit_id]:
            channel = Channel.DINGTALK if hook.kind == RobotKind.DINGTALK else Channel.WECOM
            deliveries.append(Delivery(**base, channel=channel, webhook=hook, address=f"webhook:{hook.pk}"))
    return Delivery.objects.bulk_create(deliveries, batch_size=BATCH)


def _reminders_create(reminders: list[Reminder]) -> list[Reminder]:
    """Write reminders and their deliveries in bulk (queries grow with plans, not with reminders)."""
    if not reminders:
        return []
    created = Reminder.objects.bulk_create(reminders, batch_size=BATCH)
    _recipients(created)
    return created


def _owed_units(
    plan: Plan, tasks: list[OpenTask], period: dt.date, done: set[tuple[int, int, dt.date]]
) -> dict[int, tuple[Unit, list[OpenTask]]]:
    """Units (not collectives) with no submitted report (`done`: task, unit, period) on tasks that owe one."""
    year = rules.plan_year(plan)
    plan_start = rules.task_start(plan_start=plan.start_date, issue_date=plan.issue_date, year=year)
    owed: dict[int, tuple[Unit, list[OpenTask]]] = {}
    for task in tasks:
        start = task.start_date or plan_start
        deadline = rules.task_deadline(
            deadline=task.deadline, extended=task.extended_deadline, default=plan.default_deadline, year=year
        )
        if not start <= period <= deadline:
            continue
        for unit in task.units:
            if unit.is_collective or (task.pk, unit.pk, period) in done:
                continue
            owed.setdefault(unit.pk, (unit, []))[1].append(task)
    return owed


def _cycle_reminders(*, plan: Plan, today: dt.date, tasks: list[OpenTask] | None = None) -> list[Reminder]:
    cycle = rules.cycle_of(plan)
    thresholds = rules.thresholds_of(plan)
    upcoming = rules.period_for(cycle, today)
    year = rules.plan_year(plan)
    start = plan.start_date or dt.date(year, 1, 1)
    past = rules.due_dates(cycle, start, today - dt.timedelta(days=1))
    todo: list[tuple[str, dt.date]] = []
    if upcoming is not None and (upcoming - today).days <= thresholds.remind_days_before:
        todo.append((ReminderKind.DUE_SOON, upcoming))
    if past:
        todo.append((ReminderKind.OVERDUE, past[-1]))
    if not todo:
        return []
    tasks = tasks_open_in(plan=plan) if tasks is None else tasks
    # The keys this run could write that exist already: one query per plan, not one per key.
    existing = {
        key
        for key in Reminder.objects.filter(
            organization_id=plan.organization_id,
            plan=plan,
            period__in=[period for _, period in todo],
            key__isnull=False,
        )
        .order_by()
        .values_list("key", flat=True)
        if key is not None
    }
    # The reports already submitted for every period of this run: one query per plan.
    done = set(
        ProgressReport.objects.filter(
            task__plan=plan, period__in=[period for _, period in todo], status__in=SUBMITTED_REPORT_STATUSES
        )
        .order_by()
        .values_list("task_id", "unit_id", "period")
    )
    wanted: list[Reminder] = []
    for kind, period in todo:
        for unit_id, (unit, owed) in sorted(_owed_units(plan, tasks, period, done).items()):
            numbers = "、".join(task.no for task in owed)
            if kind == ReminderKind.DUE_SOON:
                title = f"【督办提醒】请于{period:%m月%d日}前报送进展"
                body = f"《{plan.title}》第 {numbers} 项任务本期进展尚未报送，截止日期 {period:%Y-%m-%d}。"
            else:
                title = f"【逾期未报】{period:%m月%d日}一期进展未报送"
                body = (
                    f"《{plan.title}》第 {numbers} 项任务 {period:%Y-%m-%d} 一期进展逾期未报送，请尽快补报。"
                )
            key = f"{kind}:{plan.pk}:{unit_id}:{period.isoformat()}"
            if key in existing:
                continue
            existing.add(key)
            wanted.append(
                Reminder(
                    key=key,
                    organization_id=plan.organization_id,
                    plan=plan,
                    unit=unit,
                    kind=kind,
                    period=period,
                    title=title,
                    body=body,
                )
            )
    return _reminders_create(wanted)


def reminders_run(*, today: dt.date, plans: Iterable[Plan] | None = None) -> RemindResult:
    """Write the reminders due on `today` for every published plan, then attempt what is pending."""
    result = RemindResult()
    targets = list(plans if plans is not None else Plan.objects.filter(status=PlanStatus.PUBLISHED))
    for start in range(0, len(targets), PLANS_AT_ONCE):
        chunk = targets[start : start + PLANS_AT_ONCE]
        open_tasks = tasks_open_in_plans(plans=chunk)  # read for many plans at once, written plan by plan
        for plan in chunk:
            with transaction.atomic():
                result.reminders.extend(_cycle_reminders(plan=plan, today=today, tasks=open_tasks[plan.pk]))
                result.reminders.extend(_reminders_create(signoff_reminders(plan=plan, today=today)))
                nodes_due = node_reminders(plan=plan, today=today, tasks=open_tasks[plan.pk])
                result.reminders.extend(_reminders_create(nodes_due))
    sent, failed = deliveries_attempt()
    result.sent, result.failed = sent, failed
    return result


def _recipients_of(task: Task, *, roles: Iterable[str] | None, units: Iterable[Unit] | None) -> list[Unit]:
    """The task's units a 催办 goes to: those of `roles` and those named; all when neither is given."""
    links = task.task_units.select_related("unit").order_by("role", "position")
    wanted_roles = set(roles) if roles is not None else None
    wanted_units = {unit.pk for unit in units} if units is not None else None
    everyone = wanted_roles is None and wanted_units is None
    chosen = [
        link.unit
        for link in links
        if not link.unit.is_collective
        and (
            everyone
            or (wanted_roles is not None and link.role in wanted_roles)
            or (wanted_units is not None and link.unit_id in wanted_units)
        )
    ]
    return list(dict.fromkeys(chosen))


def reminder_send(
    *,
    task: Task,
    by: User,
    message: str,
    units: Iterable[Unit] | None = None,
    roles: Iterable[str] | None = None,
    reply_by: dt.date | None = None,
    today: dt.date | None = None,
) -> RemindResult:
    """A supervisor's 催办 on one task to its units (all, those of `roles`, or the named ones); each unit
    signs for it (签收), by `reply_by` when given."""
    if not permissions.can_supervise(by, task.organization_id):
        raise NotAllowed
    if not message.strip():
        raise TrackingError(errors.MESSAGE_REQUIRED)
    today = today or clock.today()
    if reply_by is not None and reply_by < today:
        raise TrackingError(errors.REPLY_BY_PAST.format(today=today.isoformat()))
    result = RemindResult()
    with transaction.atomic():
        chosen = _recipients_of(task, roles=roles, units=units)
        if not chosen:
            raise TrackingError(errors.RECIPIENTS_REQUIRED)
        body = message.strip()
        keys = {unit.pk: _manual_key(task=task, unit=unit, by=by, message=body) for unit in chosen}
        # The same 催办 just sent (a double click, a retried request) stands for this one.
        sent_already = {
            reminder.key: reminder
            for reminder in Reminder.objects.filter(
                organization_id=task.organization_id, key__in=keys.values()
            )
        }
        asked = f"（请于{reply_by:%m月%d日}前签收回复）" if reply_by else ""
        title = f"【催办】第 {task.no} 项任务{asked}"
        manual = [
            Reminder(
                key=key,
                organization_id=task.organization_id,
                plan_id=task.plan_id,
                task=task,
                unit=unit,
                kind=ReminderKind.MANUAL,
                title=title,
                body=body,
                reply_by=reply_by,
                sent_by=by,
            )
            for unit in chosen
            if (key := keys[unit.pk]) not in sent_already
        ]
        try:
            with transaction.atomic():  # a savepoint: a concurrent request may write the same keys first
                written = _reminders_create(manual)
                signoffs_request(
                    plan=task.plan,
                    assignments=[(task, reminder.unit) for reminder in written],
                    reason=SignOffReason.URGED,
                    reminders={reminder.unit_id: reminder for reminder in written},
                    reply_by=reply_by,
                    today=today,
                )
        except IntegrityError:
            written = []
            sent_already = {
                reminder.key: reminder
                for reminder in Reminder.objects.filter(
                    organization_id=task.organization_id, key__in=keys.values()
                )
            }
        for reminder in written:
            audit_record(
                actor=by,
                action="reminder_send",
                obj=reminder,
                task=task,
                after=snapshot(reminder, ("unit", "kind", "body", "reply_by")),
            )
        by_key = {**sent_already, **{reminder.key: reminder for reminder in written}}
        result.reminders = [by_key[key] for key in keys.values() if key in by_key]
    result.sent, result.failed = deliveries_attempt(reminders=written)
    return result


def _manual_key(*, task: Task, unit: Unit, by: User, message: str) -> str:
    """One key per task, unit, sender and message within a window: the unique key makes a repeat a no-op."""
    digest = hashlib.sha256(message.encode()).hexdigest()[:16]
    window = int(timezone.now().timestamp()) // MANUAL_DEDUPE_SECONDS
    return f"manual:{task.pk}:{unit.pk}:{by.pk}:{digest}:{window}"


def _deliver(delivery: Delivery) -> None:
    """Send one delivery over the network (in-app ones are written in bulk by _deliver_in_app)."""
    reminder = delivery.reminder
    text = f"{reminder.title}\n{reminder.body}"
    if delivery.channel == Channel.EMAIL:
        channels.email_send(to=delivery.address, subject=reminder.title, body=reminder.body)
    elif delivery.webhook is None:
        raise channels.DeliveryFailed("群机器人已删除")
    elif delivery.channel == Channel.DINGTALK:
        channels.dingtalk_send(url=delivery.webhook.url, secret=delivery.webhook.secret, text=text)
    else:
        channels.wecom_send(url=delivery.webhook.url, text=text)


def deliveries_attempt(*, reminders: Iterable[Reminder] | None = None) -> tuple[int, int]:
    """Attempt every pending delivery and every failed one whose retry is due; count sent and failed."""
    now = timezone.now()
    pending = Delivery.objects.filter(
        status__in=[DeliveryStatus.PENDING, DeliveryStatus.FAILED], attempts__lt=MAX_ATTEMPTS
    ).exclude(next_attempt_at__gt=now)
    if reminders is not None:
        pending = pending.filter(reminder__in=list(reminders))
    sent, failed = _deliver_in_app(pending.filter(channel=Channel.IN_APP), now=now)
    for pk in pending.exclude(channel=Channel.IN_APP).order_by("pk").values_list("pk", flat=True):
        with transaction.atomic():
            # Another run may hold or have sent it: skip rather than send twice.
            delivery = (
                Delivery.objects.select_for_update(skip_locked=True, of=("self",))
                .select_related("reminder", "user", "webhook")
                .filter(pk=pk, status__in=[DeliveryStatus.PENDING, DeliveryStatus.FAILED])
                .first()
            )
            if delivery is None:
                continue
            delivery.attempts += 1
            try:
                _deliver(delivery)
            except channels.DeliveryFailed as exc:
                delivery.status = DeliveryStatus.FAILED
                delivery.last_error = str(exc)[:2000]
                delivery.next_attempt_at = now + RETRY_BASE * 2 ** (delivery.attempts - 1)
                failed += 1
            else:
                delivery.status = DeliveryStatus.SENT
                delivery.sent_at = timezone.now()
                delivery.last_error = ""
                sent += 1
            delivery.save(update_fields=["attempts", "status", "last_error", "next_attempt_at", "sent_at"])
    return sent, failed


def _deliver_in_app(pending: QuerySet[Delivery], *, now: dt.datetime) -> tuple[int, int]:
    """Write the notifications of in-app deliveries a batch at a time: no network, so no need for one
    transaction per delivery; rows another run holds are skipped."""
    sent = failed = 0
    ids = list(pending.order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(ids), BATCH):
        with transaction.atomic():
            batch = list(
                Delivery.objects.select_for_update(skip_locked=True, of=("self",))
                .select_related("reminder")
                .filter(pk__in=ids[start : start + BATCH], status__in=RETRYABLE)
                .order_by("pk")
            )
            notices: list[Notification] = []
            delivered: list[int] = []
            gone: dict[int, list[int]] = defaultdict(list)  # attempts so far → deliveries
            for delivery in batch:
                if delivery.user_id is None:  # the account was deleted since
                    gone[delivery.attempts].append(delivery.pk)
                    continue
                reminder = delivery.reminder
                notices.append(
                    Notification(
                        organization_id=delivery.organization_id,
                        user_id=delivery.user_id,
                        task_id=reminder.task_id,
                        title=reminder.title,
                        body=reminder.body,
                    )
                )
                delivered.append(delivery.pk)
            Notification.objects.bulk_create(notices, batch_size=BATCH)
            # One UPDATE per outcome, not bulk_update: its CASE per row and field cost seconds per batch.
            Delivery.objects.filter(pk__in=delivered).update(
                attempts=F("attempts") + 1, status=DeliveryStatus.SENT, sent_at=now, last_error=""
            )
            for attempts, ids in gone.items():
                Delivery.objects.filter(pk__in=ids).update(
                    attempts=attempts + 1,
                    status=DeliveryStatus.FAILED,
                    last_error=RECIPIENT_GONE,
                    next_attempt_at=now + RETRY_BASE * 2**attempts,
                )
            sent += len(delivered)
            failed += sum(len(ids) for ids in gone.values())
    return sent, failed


def units_with_reminders(reminders: Iterable[Reminder]) -> dict[str, int]:
    """How many reminders went to each unit, for a command's summary."""
    counts: dict[str, int] = defaultdict(int)
    for reminder in reminders:
        counts[reminder.unit.name] += 1
    return dict(counts)
