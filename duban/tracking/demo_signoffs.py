"""The demo's 签收: every unit signed for the plan in its first days but one, and two 催办 in July, one
answered and one whose reply is overdue on DEMO_TODAY.

Run after `demo.demo_history_load` (the plan published on 2 January); like it, through the real services,
with the timestamps moved back to the simulated day.
"""

from __future__ import annotations

import datetime as dt
from functools import partial

from duban.accounts.models import User
from duban.plans.models import Plan, Task, TaskUnitRole
from duban.tracking.demo import _at, _moment
from duban.tracking.models import Notification, Reminder, SignOff
from duban.tracking.services.reminders import reminder_send
from duban.tracking.services.signoffs import signoff_sign, signoffs_sign

PUBLISHED_ON = dt.date(2025, 1, 2)
UNSIGNED_UNIT = "考试中心"  # never signed for the plan: the supervisor sees it on the matrix and its page
# task number → (sent, reply by, message, roles, the lead's reply or None when it has not answered)
URGES: dict[int, tuple[dt.date, dt.date, str, list[str], str | None]] = {
    22: (
        dt.date(2025, 7, 7),
        dt.date(2025, 7, 9),
        "第22项进度明显滞后于序时进度，请说明原因并提出赶进度措施，于7月9日前书面回复。",
        [TaskUnitRole.LEAD],
        None,
    ),
    13: (
        dt.date(2025, 7, 7),
        dt.date(2025, 7, 11),
        "产教融合实训基地建设进度偏慢，请牵头单位会同计财处抓紧推进，7月11日前签收回复。",
        [TaskUnitRole.LEAD, TaskUnitRole.SUPPORT],
        "已签收。本月底前完成第二批校企合作项目签约，届时报送进展。",
    ),
}


def demo_signoffs_load(*, plan: Plan, supervisor: User, liaisons: dict[int, User]) -> None:
    """Sign the plan for every unit but UNSIGNED_UNIT in its first days, then send and answer the 催办."""
    SignOff.objects.filter(plan=plan).update(
        requested_at=_moment(PUBLISHED_ON), due_on=PUBLISHED_ON + dt.timedelta(days=3)
    )
    for offset, liaison in enumerate(liaisons.values()):
        pending = SignOff.objects.filter(plan=plan, unit__in=liaison.units.all(), signed_at__isnull=True)
        if liaison.units.filter(name=UNSIGNED_UNIT).exists() or not pending.exists():
            continue
        moment = _moment(PUBLISHED_ON + dt.timedelta(days=1 + offset % 3), 9 + offset % 8)
        signed = _at(moment, partial(signoffs_sign, by=liaison))
        SignOff.objects.filter(pk__in=[s.pk for s in signed]).update(signed_at=moment)
    tasks = {int(task.no): task for task in Task.objects.filter(plan=plan, no__in=[str(no) for no in URGES])}
    for no, (sent, reply_by, message, roles, answer) in URGES.items():
        _urge(
            tasks[no],
            supervisor,
            liaisons,
            sent=sent,
            reply_by=reply_by,
            message=message,
            roles=roles,
            answer=answer,
        )


def _urge(
    task: Task,
    supervisor: User,
    liaisons: dict[int, User],
    *,
    sent: dt.date,
    reply_by: dt.date,
    message: str,
    roles: list[str],
    answer: str | None,
) -> None:
    result = _at(
        _moment(sent, 16),
        lambda: reminder_send(
            task=task, by=supervisor, message=message, roles=roles, reply_by=reply_by, today=sent
        ),
    )
    pks = [reminder.pk for reminder in result.reminders]
    Reminder.objects.filter(pk__in=pks).update(created_at=_moment(sent, 16))
    Notification.objects.filter(task=task, body=message).update(created_at=_moment(sent, 16))
    SignOff.objects.filter(reminder_id__in=pks).update(requested_at=_moment(sent, 16))
    if answer is None:
        return
    lead = next(reminder for reminder in result.reminders if reminder.unit_id in liaisons)
    signoff = SignOff.objects.get(reminder=lead)
    answered = _moment(sent + dt.timedelta(days=1), 10)
    _at(answered, lambda: signoff_sign(signoff=signoff, by=liaisons[lead.unit_id], note=answer))
    SignOff.objects.filter(pk=signoff.pk).update(signed_at=answered)
