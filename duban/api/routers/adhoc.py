"""Ad-hoc 督办事项: register (立项), list by year, one item, and its 督办通知单."""

from collections.abc import Sequence

from django.http import HttpRequest, HttpResponse
from django.utils.http import content_disposition_header
from ninja import Query, Router, Schema, Status
from ninja.pagination import paginate
from pydantic import Field

from duban.accounts.models import Unit
from duban.api.common import Id, Pagination, caller, visible_or_404
from duban.api.schemas.adhoc import AdhocItemIn, AdhocItemOut
from duban.api.schemas.common import ERRORS, FILE_RESPONSE
from duban.plans.models import AdhocItem
from duban.reports.exports import DOCX
from duban.reports.notice import notice_data, notice_docx, notice_filename
from duban.tracking import errors
from duban.tracking.errors import NotAllowed, TrackingError
from duban.tracking.selectors.adhoc import adhoc_item_get, adhoc_items
from duban.tracking.services.adhoc import adhoc_item_register

router = Router(tags=["督办事项"])
MISSING = "督办事项不存在"


class AdhocFilters(Schema):
    year: int | None = Field(None, ge=2000, le=2100, description="年度；不填为全部")
    source_kind: str | None = Field(None, max_length=20, description="来源")


def _item(request: HttpRequest, item_id: int) -> AdhocItem:
    found = visible_or_404(AdhocItem.objects.all(), user=caller(request), pk=item_id, missing=MISSING)
    item = adhoc_item_get(organization=found.organization_id, item_id=found.pk)
    assert item is not None  # just found in the caller's organisation
    return item


def _units(request: HttpRequest, ids: Sequence[int]) -> list[Unit]:
    """The caller's organisation's units in the order given; an unknown id is refused (422)."""
    organization = caller(request).organization_id or -1
    found = {u.pk: u for u in Unit.objects.filter(organization_id=organization, pk__in=ids)}
    if len(found) != len(set(ids)):
        raise TrackingError(errors.ITEM_UNIT_UNKNOWN)
    return [found[pk] for pk in ids]


@router.get(
    "",
    response={200: list[AdhocItemOut], **ERRORS},
    operation_id="adhoc_items_list",
    summary="督办事项列表",
    description="本组织登记的督办事项，按年度、编号排列；可按年度和来源筛选。",
)
@paginate(Pagination)
def adhoc_items_list(request: HttpRequest, filters: Query[AdhocFilters]) -> object:
    """The organisation's ad-hoc items, by year and number."""
    user = caller(request)
    return adhoc_items(organization=user.organization_id, year=filters.year, source_kind=filters.source_kind)


@router.post(
    "",
    response={201: AdhocItemOut, **ERRORS},
    operation_id="adhoc_item_create",
    summary="登记督办事项（立项）",
    description=(
        "登记一项督办事项：来源、来源内容、交办日期、完成时限、牵头和责任单位；编入交办日期所在年度的"
        "督办事项清单，取得编号（督办〔年度〕N号）。仅督办员。"
    ),
)
def adhoc_item_create(request: HttpRequest, payload: AdhocItemIn) -> Status[AdhocItem]:
    """Register an ad-hoc item (supervisors)."""
    user = caller(request)
    if user.organization is None:
        raise NotAllowed
    item = adhoc_item_register(
        organization=user.organization,
        by=user,
        text=payload.text,
        source_kind=payload.source_kind,
        source_title=payload.source_title,
        source_text=payload.source_text,
        assigned_on=payload.assigned_on,
        deadline=payload.deadline,
        lead_units=_units(request, payload.lead_unit_ids),
        support_units=_units(request, payload.support_unit_ids),
    )
    return Status(201, _item(request, item.pk))


@router.get(
    "/{item_id}",
    response={200: AdhocItemOut, **ERRORS},
    operation_id="adhoc_item_get",
    summary="督办事项详情",
    description="一项督办事项：来源、编号、交办日期、完成时限、单位和状态（进展见其任务）。",
)
def adhoc_item_get_endpoint(request: HttpRequest, item_id: Id) -> AdhocItem:
    """One ad-hoc item of the caller's organisation."""
    return _item(request, item_id)


@router.get(
    "/{item_id}/notice",
    response=ERRORS,
    operation_id="adhoc_item_notice",
    summary="下载督办通知单",
    description="督办事项的督办通知单（Word），以编号命名。",
    openapi_extra=FILE_RESPONSE,
)
def adhoc_item_notice(request: HttpRequest, item_id: Id) -> HttpResponse:
    """The item's 督办通知单 as .docx."""
    data = notice_data(_item(request, item_id))
    response = HttpResponse(notice_docx(data), content_type=DOCX)
    response["Content-Disposition"] = content_disposition_header(True, notice_filename(data)) or "attachment"
    return response
