"""A registered ad-hoc item, shared by the tests of the services, pages, notice and API."""

from __future__ import annotations

import datetime as dt

from duban.plans.models import AdhocItem, SourceKind
from duban.test import Personas
from duban.tracking.services.adhoc import adhoc_item_register
from duban.tracking.services.attachments import Upload


def register_item(
    personas: Personas,
    *,
    text: str = "推进校园食堂“明厨亮灶”全覆盖，年底前完成验收。",
    assigned_on: dt.date = dt.date(2025, 6, 3),
    deadline: dt.date = dt.date(2025, 9, 30),
    source_kind: str = SourceKind.INSTRUCTION,
    source_file: Upload | None = None,
) -> AdhocItem:
    """An item led by 基础教育处 with 计财处 supporting, from a leader's instruction."""
    return adhoc_item_register(
        organization=personas.org,
        by=personas.supervisor,
        text=text,
        source_kind=source_kind,
        source_title="局长批示件（2025第7号）",
        source_text="请基教处牵头，计财处配合，抓紧推进，9月底前办结。",
        assigned_on=assigned_on,
        deadline=deadline,
        lead_units=[personas.basic_ed],
        support_units=[personas.finance],
        source_file=source_file,
    )
