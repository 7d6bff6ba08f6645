"""My tasks (liaison): what awaits 签收, lead and support tasks apart, this cycle's report form in place."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from duban.lib import clock
from duban.tracking import selectors
from duban.tracking.forms import ReportForm
from duban.tracking.views.common import user_of


@login_required
def my_tasks(request: HttpRequest) -> HttpResponse:
    """The tasks the user's units lead or support; a report under way is shown with its form."""
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

    lead = [with_form(item) for item in page.lead]
    support = [with_form(item) for item in page.support]
    context = {
        "today": today,
        "lead": lead,
        "support": support,
        "groups": [
            ("牵头的任务", lead, "本单位没有牵头的任务。"),
            ("参与的任务", support, "本单位没有作为责任单位参与的任务。"),
        ],
        "signoffs": selectors.my_signoffs(user=user_of(request), today=today),
        "due": page.due,
    }
    return render(request, "tracking/my_tasks.html", context)
