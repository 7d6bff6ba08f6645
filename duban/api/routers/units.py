"""Units (处室, 直属单位, 集合) of the caller's organisation."""

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Router
from ninja.pagination import paginate

from duban.accounts.models import Unit
from duban.api.common import Id, Pagination, caller, visible_or_404
from duban.api.schemas.common import ERRORS
from duban.api.schemas.units import UnitOut

router = Router(tags=["单位"])


@router.get(
    "",
    response={200: list[UnitOut], **ERRORS},
    operation_id="units_list",
    summary="单位列表",
    description="本组织的全部单位（处室、直属单位，以及“各处室”等集合单位），按类别和名称排序。",
)
@paginate(Pagination)
def units_list(request: HttpRequest) -> QuerySet[Unit]:
    """The units of the caller's organisation."""
    return Unit.objects.for_organization(caller(request).organization_id or -1).order_by("kind", "name", "pk")


@router.get(
    "/{unit_id}",
    response={200: UnitOut, **ERRORS},
    operation_id="unit_get",
    summary="单位详情",
    description="一个单位的名称、类别与简称。",
)
def unit_get(request: HttpRequest, unit_id: Id) -> Unit:
    """One unit."""
    return visible_or_404(Unit.objects.all(), user=caller(request), pk=unit_id, missing="单位不存在")
