"""Two ad-hoc 督办事项 for the demo: a leader's instruction on pace, a meeting's decision lit red."""

from __future__ import annotations

import datetime as dt
from functools import partial

from duban.accounts.models import Organization, Unit, User
from duban.plans.models import AdhocItem, SourceKind
from duban.tracking.demo import _approve, _at, _moment
from duban.tracking.models import ProgressReport
from duban.tracking.services import reports
from duban.tracking.services.adhoc import adhoc_item_register

# (source, source title, source text, item text, 交办日期, deadline, lead, supports)
DEMO_ITEMS = (
    (
        SourceKind.INSTRUCTION,
        "郑局长批示件（2025第7号）",
        "城东片区学位紧张，请基础教育处牵头、计划财务处配合，9月开学前完成扩容。",
        "推进城东学校扩容工程，秋季开学前新增学位300个。",
        dt.date(2025, 5, 12),
        dt.date(2025, 9, 30),
        "基础教育处",
        ("计划财务处",),
    ),
    (
        SourceKind.MEETING,
        "局党委会会议纪要（2025第9期）",
        "会议议定：开展校外培训机构违规办学专项整治，7月底前完成并报告结果。",
        "开展校外培训机构违规办学专项整治，7月底前完成排查整改。",
        dt.date(2025, 6, 5),
        dt.date(2025, 7, 31),
        "安全管理处",
        ("基础教育处", "教育督导处"),
    ),
)


def demo_adhoc_load(
    *, organization: Organization, supervisor: User, units: dict[str, Unit], liaisons: dict[int, User]
) -> bool:
    """Register the demo's two items once, the first with an approved June report (False: already there)."""
    if AdhocItem.objects.filter(organization=organization).exists():
        return False
    items = []
    for kind, title, source, text, assigned, deadline, lead, supports in DEMO_ITEMS:
        item = _at(
            _moment(assigned, 9),
            partial(
                adhoc_item_register,
                organization=organization,
                by=supervisor,
                text=text,
                source_kind=kind,
                source_title=title,
                source_text=source,
                assigned_on=assigned,
                deadline=deadline,
                lead_units=[units[lead]],
                support_units=[units[name] for name in supports],
            ),
        )
        AdhocItem.objects.filter(pk=item.pk).update(registered_at=_moment(assigned, 9))
        items.append(item)
    # The instruction reports on pace in June and is approved; the meeting's item has not reported yet.
    task, unit = items[0].task, units[str(DEMO_ITEMS[0][6])]
    day = dt.date(2025, 6, 20)
    report = _at(
        _moment(day),
        lambda: reports.report_save(
            task=task,
            unit=unit,
            by=liaisons[unit.pk],
            text="已完成扩容方案论证和施工招标，主体工程开工。",
            progress=45,
            submit=True,
            today=day,
        ),
    )
    ProgressReport.objects.filter(pk=report.pk).update(created_at=_moment(day), submitted_at=_moment(day))
    _approve(report, supervisor, comment="进度符合要求。")
    return True
