"""My tasks (liaison): what awaits 签收, then by plan, lead and support apart, most urgent first."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render

from duban.lib import clock
from duban.lib.numbers import ascii_int
from duban.tracking import selectors
from duban.tracking.forms import ReportForm
from duban.tracking.views.common import user_of

PARTS = (
    ("lead", "牵头的任务", "本单位在这个方案中没有牵头的任务。"),
    ("support", "参与的任务", "本单位在这个方案中没有作为责任单位参与的任务。"),
)


@dataclass
class MyPart:
    """One list of a plan's group, led or supported tasks: a page of its cards, its count, its pager."""

    key: str  # "lead" or "support": the query parameter of its page number, and its anchor
    heading: str
    empty: str
    items: list[selectors.MyCycle]  # the cards of this page
    total: int
    first: int  # the number of the first card shown, from 1
    previous_url: str | None = None
    next_url: str | None = None
    cards: list[tuple[selectors.MyCycle, ReportForm | None]] | None = None

    @property
    def last(self) -> int:
        """The number of the last card shown."""
        return self.first + len(self.items) - 1


def _part(params: QueryDict, group: selectors.MyPlanTasks, key: str, heading: str, empty: str) -> MyPart:
    """A page of one of the group's lists: ?plan=<its plan>&<key>=<page number>, else the first page."""
    items: list[selectors.MyCycle] = getattr(group, key)
    size = selectors.MY_TASKS_PAGE_SIZE
    own = ascii_int(params.get("plan", "")) == group.plan.pk
    number = max(1, (ascii_int(params.get(key, "")) or 1) if own else 1)
    start = (number - 1) * size
    part = MyPart(key, heading, empty, items[start : start + size], len(items), start + 1)
    if number > 1:
        part.previous_url = _page_url(params, group.plan.pk, key, min(number - 1, _pages(len(items))), own)
    if start + size < len(items):
        part.next_url = _page_url(params, group.plan.pk, key, number + 1, own)
    return part


def _pages(count: int) -> int:
    return max(1, -(-count // selectors.MY_TASKS_PAGE_SIZE))


def _page_url(params: QueryDict, plan_id: int, key: str, number: int, own: bool) -> str:
    """The address of page `number` of one list of a plan, keeping the page its other list is on."""
    query = params.copy() if own else QueryDict(mutable=True)
    query["plan"] = str(plan_id)
    query.pop(key, None)
    if number > 1:
        query[key] = str(number)
    return "?" + query.urlencode() + f"#my-plan-{plan_id}-{key}"


def _with_form(item: selectors.MyCycle) -> tuple[selectors.MyCycle, ReportForm | None]:
    # Only a report under way (a draft, a returned report) is shown open with its form; the others
    # load their form when the card is opened (htmx GET of tracking:report).
    draft = item.report if item.report is not None and item.report.status in ("draft", "returned") else None
    if not item.due or draft is None:
        return item, None
    task, unit = item.row.task, item.row.unit
    auto_id = f"report-{task.pk}-{unit.pk}-%s"
    return item, ReportForm(task=task, lead=item.row.role == "lead", report=draft, auto_id=auto_id)


@login_required
def my_tasks(request: HttpRequest) -> HttpResponse:
    """My units' tasks by plan (?plan= shows one), most urgent first, MY_TASKS_PAGE_SIZE cards a list and page
    (?lead= / ?support=, with ?plan=); a report under way has its form."""
    today = clock.today()
    page = selectors.my_tasks_page(user=user_of(request), today=today)
    plans = page.plans
    chosen = ascii_int(request.GET.get("plan", ""))
    shown = [group for group in plans if group.plan.pk == chosen] or plans
    groups = [(group, [_part(request.GET, group, *part) for part in PARTS]) for group in shown]
    parts = [part for _, group_parts in groups for part in group_parts]
    selectors.my_forms_load(
        [item for part in parts for item in part.items if item.due and item.report is not None]
    )
    for part in parts:
        part.cards = [_with_form(item) for item in part.items]
    context = {
        "today": today,
        "plans": plans,
        "chosen": shown[0].plan.pk if len(shown) == 1 and len(plans) > 1 else None,
        "groups": groups,
        "signoffs": selectors.my_signoffs(user=user_of(request), today=today),
        "due": page.due,
    }
    return render(request, "tracking/my_tasks.html", context)
