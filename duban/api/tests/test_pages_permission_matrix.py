"""Every named page of the site opened (GET) as every persona, with the exact answer each must get.

The routes come from the URL resolver, so a new page without a row in PAGES fails this test until its author
says who may open it. Writes through pages go through the same services and permission functions that the
API matrix (test_permission_matrix.py) exercises; the API's own routes are covered there.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from duban.api.tests.conftest import World
from duban.api.tests.test_permission_matrix import PERSONAS, cascade_link_id, cascaded_task_id
from duban.testdata import FOUNDING_DOCUMENT

MEMBERS = ("admin", "supervisor", "liaison", "other_liaison", "leader")
# Covered elsewhere: the API by its own matrix, Django's admin by test_admin_permission_matrix.py.
COVERED_ELSEWHERE = ("api-v1:", "admin:")


@dataclass(frozen=True)
class Page:
    args: Callable[[World], list[object]]
    answers: dict[str, int]


def answers(members: int, *, outsider: int, anonymous: int = 302, **overrides: int) -> dict[str, int]:
    """Members of organisation A get `members` unless overridden; the outsider and anonymous as given."""
    table = dict.fromkeys(MEMBERS, members)
    table.update(outsider=outsider, anonymous=anonymous, **overrides)
    return table


NO_ARGS: Callable[[World], list[object]] = lambda w: []  # noqa: E731
OPEN = answers(200, outsider=200, anonymous=200)
SIGNED_IN = answers(200, outsider=200)  # the outsider sees its own organisation's (empty) page
OWN_ORGANISATION = answers(200, outsider=404)
POST_ONLY = answers(405, outsider=405)  # login first, then the method
IMPORTERS = answers(403, outsider=200, admin=200, supervisor=200)

DRAFT_READERS = answers(403, outsider=404, admin=200, supervisor=200)

PAGES: dict[str, Page] = {
    "home": Page(NO_ARGS, answers(302, outsider=302)),  # on to the page each role starts from
    "login": Page(NO_ARGS, OPEN),
    "logout": Page(NO_ARGS, answers(405, outsider=405, anonymous=405)),
    "health": Page(NO_ARGS, OPEN),
    "plans:list": Page(NO_ARGS, SIGNED_IN),
    "plans:detail": Page(lambda w: [w.plan.pk], OWN_ORGANISATION),
    "tracking:my_tasks": Page(NO_ARGS, SIGNED_IN),
    # Members go on to their newest published plan; the outsider's organisation has none.
    "tracking:dashboard": Page(NO_ARGS, answers(302, outsider=200)),
    "tracking:review": Page(NO_ARGS, answers(404, outsider=200, supervisor=200)),
    "tracking:review_decide": Page(lambda w: ["report", w.submitted.pk], POST_ONLY),
    "tracking:review_approve_many": Page(NO_ARGS, POST_ONLY),
    "tracking:notifications": Page(NO_ARGS, SIGNED_IN),
    "tracking:notifications_read": Page(NO_ARGS, POST_ONLY),
    "tracking:plan": Page(lambda w: [w.plan.pk], OWN_ORGANISATION),
    "tracking:publish": Page(lambda w: [w.draft_plan.pk], OWN_ORGANISATION),
    "tracking:matrix": Page(lambda w: [w.plan.pk], OWN_ORGANISATION),
    "tracking:unit": Page(lambda w: [w.plan.pk, w.personas.basic_ed.pk], OWN_ORGANISATION),
    "tracking:task": Page(lambda w: [w.task.pk], OWN_ORGANISATION),
    # GET opens the form (htmx) for the unit's own liaison; without htmx it leads to the task page.
    "tracking:report": Page(
        lambda w: [w.task.pk, w.personas.basic_ed.pk], answers(404, outsider=404, liaison=302)
    ),
    # The 推进计划: supervisors decide and set it, a liaison of the lead unit proposes it; to others no page.
    "tracking:milestones": Page(
        lambda w: [w.nodes_task.pk], answers(404, outsider=404, supervisor=200, liaison=200)
    ),
    "tracking:milestone_done": Page(lambda w: [w.node.task_id, w.node.pk], POST_ONLY),
    # Only supervisors set deadlines; to everyone else the page does not exist.
    "tracking:schedule": Page(lambda w: [w.task.pk], answers(404, outsider=404, supervisor=200)),
    "tracking:task_action": Page(lambda w: [w.task.pk, "remind"], POST_ONLY),
    "tracking:document_action": Page(lambda w: [w.task.pk, "issue"], POST_ONLY),
    "tracking:signoff_sign": Page(lambda w: [w.signoff.pk], POST_ONLY),
    "tracking:signoffs_sign": Page(NO_ARGS, POST_ONLY),
    "tracking:attachment": Page(lambda w: [w.attachment.pk], OWN_ORGANISATION),
    # Cascades from organisation A's side (the parent); test_cascade_permission_matrix.py adds the
    # subordinate's and the sibling's personas.
    "tracking:cascade_send": Page(lambda w: [w.plan.pk], answers(404, outsider=404, supervisor=200)),
    "tracking:rollup": Page(lambda w: [w.plan.pk], OWN_ORGANISATION),
    "tracking:cascade": Page(lambda w: [cascade_link_id(w)], OWN_ORGANISATION),
    "tracking:cascade_accept": Page(lambda w: [cascade_link_id(w)], POST_ONLY),
    "tracking:cascade_units": Page(lambda w: [cascade_link_id(w)], POST_ONLY),
    "tracking:cascade_withdraw": Page(lambda w: [cascade_link_id(w)], POST_ONLY),
    # Changing a cascaded task: the parent's supervisors only, like sending it (a liaison gets 404).
    "tracking:cascade_change": Page(
        lambda w: [cascaded_task_id(w)], answers(404, outsider=404, supervisor=200)
    ),
    "web:import": Page(NO_ARGS, IMPORTERS),
    "web:import_draft": Page(lambda w: [_draft_id(w)], DRAFT_READERS),
    "web:import_source": Page(lambda w: [_draft_id(w)], DRAFT_READERS),
    # require_POST comes before the sign-in check here, so even anonymous callers learn nothing but 405.
    "web:import_discard": Page(lambda w: [_draft_id(w)], answers(405, outsider=405, anonymous=405)),
    "account:profile": Page(NO_ARGS, SIGNED_IN),
    "account:password_change": Page(NO_ARGS, SIGNED_IN),
    "account:tokens": Page(NO_ARGS, SIGNED_IN),  # everyone's own tokens
    "account:token_revoke": Page(lambda w: [_token_id(w)], POST_ONLY),
    # 考核: the plan's statistics, read by every member; writes are POSTs for supervisors only.
    "assessment:results": Page(lambda w: [w.plan.pk], OWN_ORGANISATION),
    "assessment:scheme": Page(lambda w: [w.plan.pk], OWN_ORGANISATION),
    "assessment:export": Page(lambda w: [w.plan.pk, "xlsx"], OWN_ORGANISATION),
    "assessment:entry_add": Page(lambda w: [w.plan.pk], POST_ONLY),
    "assessment:entry_remove": Page(lambda w: [w.plan.pk, 1], POST_ONLY),
    "reports:export": Page(lambda w: [w.plan.pk, "ledger"], OWN_ORGANISATION),
    # Only supervisors draft and issue circulars.
    "reports:circular_draft": Page(lambda w: [w.plan.pk], answers(403, outsider=404, supervisor=200)),
    # Everyone reads the year's 督办事项 and downloads a 通知单 of their organisation; supervisors register.
    "tracking:adhoc": Page(NO_ARGS, SIGNED_IN),
    "tracking:adhoc_new": Page(NO_ARGS, answers(403, outsider=200, supervisor=200)),
    "reports:adhoc_notice": Page(lambda w: [_adhoc_item_id(w)], OWN_ORGANISATION),
    "tracking:adhoc_source": Page(lambda w: [_adhoc_item_id(w, source_file=True)], OWN_ORGANISATION),
}


def _adhoc_item_id(world: World, *, source_file: bool = False) -> int:
    from duban.tracking.services.attachments import Upload
    from duban.tracking.tests.adhoc_helpers import register_item

    upload = Upload(name="批示件.pdf", content=b"%PDF-1.4 instruction") if source_file else None
    return register_item(world.personas, source_file=upload).pk


def _draft_id(world: World) -> int:
    from duban.web.services import draft_create

    draft = draft_create(
        organization=world.personas.org,
        user=world.personas.supervisor,
        content=FOUNDING_DOCUMENT.read_bytes(),
        filename="方案.txt",
        now=timezone.now(),
    )
    return draft.pk


def _token_id(world: World) -> int:
    from duban.accounts.services import token_create

    return token_create(user=world.personas.liaison, name="OA 对接").token.pk


def _named_routes(resolver: URLResolver | None = None, namespace: str = "") -> Iterator[str]:
    for pattern in (resolver or get_resolver()).url_patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from _named_routes(pattern, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield f"{namespace}{pattern.name}"


def test_every_named_page_has_a_row_in_the_matrix():
    routes = {name for name in _named_routes() if not name.startswith(COVERED_ELSEWHERE)}

    missing = sorted(routes - set(PAGES))
    assert not missing, (
        f"These pages have no row in PAGES in {__file__}: {missing}. "
        "Add each with the answer every persona must get (admin, supervisor, liaison, other_liaison, "
        "leader, outsider, anonymous)."
    )
    assert not set(PAGES) - routes, f"PAGES names routes that no longer exist: {sorted(set(PAGES) - routes)}"


def _client(world: World, persona: str) -> Client:
    client = Client()
    if persona != "anonymous":
        client.force_login(getattr(world.personas, persona))
    return client


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("route", sorted(PAGES))
def test_each_persona_gets_exactly_its_answer_on_each_page(world, route, persona):
    page = PAGES[route]
    url = reverse(route, args=page.args(world))

    response = _client(world, persona).get(url)

    assert response.status_code == page.answers[persona], f"GET {url} as {persona}"
    if persona == "anonymous" and response.status_code == 302:
        assert response.headers["Location"].startswith(reverse("login"))
