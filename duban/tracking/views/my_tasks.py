"""My tasks (liaison): what awaits 签收, then by plan, lead and support apart, most urgent first."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from duban.lib import clock
from duban.lib.numbers import ascii_int
from duban.tracking import selectors
from duban.tracking.forms import ReportForm
from duban.tracking.views.common import user_of


@login_required
def my_tasks(request: HttpRequest) -> HttpResponse:
    """My units' tasks by plan (?plan= shows one), most urgent first; a report under way has its form."""
    today = clock.today()
    page = selectors.my_tasks_page(user=user_of(request), today=today)

    def with_form(item: selectors.MyCycle) -> tuple[selectors.MyCycle, ReportForm | None]:
        # Only a report under way (a draft, a returned report) is shown open with its form; the others
        # load their form when the card is opened (htmx GET of tracking:report).
        draft = (
            item.report if item.report is not None and item.report.status in ("draft", "returned") else None
        )
        if not item.due or draft is None:
            return item, None
        task, unit = item.row.task, item.row.unit
        auto_id = f"report-{task.pk}-{unit.pk}-%s"
        return item, ReportForm(task=task, lead=item.row.role == "lead", report=draft, auto_id=auto_id)

    plans = page.plans
    chosen = ascii_int(request.GET.get("plan", ""))
    shown = [group for group in plans if group.plan.pk == chosen] or plans
    context = {
        "today": today,
        "plans": plans,
        "chosen": shown[0].plan.pk if len(shown) == 1 and len(plans) > 1 else None,
        "groups": [
            (
                group,
                [
                    (
                        "牵头的任务",
                        [with_form(item) for item in group.lead],
                        "本单位在这个方案中没有牵头的任务。",
                    ),
                    (
                        "参与的任务",
                        [with_form(item) for item in group.support],
                        "本单位在这个方案中没有作为责任单位参与的任务。",
                    ),
                ],
            )
            for group in shown
        ],
        "signoffs": selectors.my_signoffs(user=user_of(request), today=today),
        "due": page.due,
    }
    return render(request, "tracking/my_tasks.html", context)
