"""The review step of the import wizard: the draft's forms, bound to a POST and written back to the draft.

Valid forms are written to the draft on every post; a form with errors keeps what the user typed and is
shown again with its errors beside the fields, while the draft keeps its last valid values.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from typing import Any

from django.http import QueryDict

from duban.web.drafts import DraftData, DraftSection, DraftTask, DraftWarning
from duban.web.forms import TASK_NO_DUPLICATE, PlanForm, SectionForm, TaskForm, targets_format
from duban.web.selectors import UnitDirectory, UnitMatch

PLAN_EMPTY = "方案至少要有一项任务。"


@dataclass
class UnitEntry:
    """A unit name as typed, with what it will resolve to on import."""

    name: str
    match: UnitMatch
    resolved: str


@dataclass
class TaskRow:
    """What the template needs to draw one task."""

    key: str
    form: TaskForm
    task: DraftTask
    lead: list[UnitEntry]
    support: list[UnitEntry]
    warnings: list[DraftWarning]
    first: bool


class DraftEditor:
    """All forms of one draft; `apply` writes the valid ones into `data`."""

    def __init__(self, data: DraftData, post: QueryDict | None = None) -> None:
        self.data: DraftData = copy.deepcopy(data)
        self.post = post
        self.errors: list[str] = []
        self.plan_form = self._plan_form()
        self.section_forms = {s["key"]: self._section_form(s) for s in self.data["sections"]}
        self.task_forms = {t["key"]: self._task_form(t) for t in self.data["tasks"]}

    # Binding: a form is bound only when the POST carries its fields, so a one-row post touches one row.
    def _bound(self, prefix: str, field: str) -> QueryDict | None:
        if self.post is not None and f"{prefix}-{field}" in self.post:
            return self.post
        return None

    def _plan_form(self) -> PlanForm:
        plan = self.data["plan"]
        initial = {k: plan.get(k) for k in ("title", "year", "issuer", "issue_date")}
        return PlanForm(self._bound("plan", "title"), prefix="plan", initial=initial)

    def _section_form(self, section: DraftSection) -> SectionForm:
        prefix = f"s-{section['key']}"
        return SectionForm(self._bound(prefix, "no"), prefix=prefix, initial=dict(section))

    def _task_form(self, task: DraftTask) -> TaskForm:
        prefix = f"t-{task['key']}"
        initial: dict[str, Any] = {
            "no": task["no"],
            "section": task["section_key"] or "",
            "text": task["text"],
            "lead_units": task["lead_units"],
            "support_units": task["support_units"],
            "deadline": task["deadline"],
            "targets": targets_format(task["targets"]),
        }
        return TaskForm(
            self._bound(prefix, "no"),
            prefix=prefix,
            initial=initial,
            sections=self.section_choices(),
            known_targets=task["targets"],
        )

    def section_choices(self) -> list[tuple[str, str]]:
        return [(s["key"], f"{s['no']}、{s['title']}") for s in self.data["sections"]]

    def apply(self) -> bool:
        """Write every valid bound form into the draft; True when no bound form has errors."""
        valid = True
        if self.plan_form.is_bound:
            if self.plan_form.is_valid():
                cleaned = self.plan_form.cleaned_data
                issue_date = cleaned["issue_date"]
                self.data["plan"].update(
                    title=cleaned["title"],
                    year=cleaned["year"],
                    issuer=cleaned["issuer"] or None,
                    issue_date=issue_date.isoformat() if issue_date else None,
                )
            else:
                valid = False
        for section in self.data["sections"]:
            section_form = self.section_forms[section["key"]]
            if section_form.is_bound:
                if section_form.is_valid():
                    section["no"] = section_form.cleaned_data["no"]
                    section["title"] = section_form.cleaned_data["title"]
                else:
                    valid = False
        section_keys = {s["key"] for s in self.data["sections"]}
        for task in self.data["tasks"]:
            form = self.task_forms[task["key"]]
            if not form.is_bound:
                continue
            if not form.is_valid():
                valid = False
                continue
            cleaned = form.cleaned_data
            task["no"] = cleaned["no"]
            task["section_key"] = cleaned["section"] if cleaned["section"] in section_keys else None
            task["text"] = cleaned["text"]
            task["lead_units"] = cleaned["lead_units"]
            task["support_units"] = cleaned["support_units"]
            task["deadline"] = cleaned["deadline"].isoformat() if cleaned["deadline"] else None
            task["targets"] = cleaned["targets"]
        return valid

    def check_importable(self) -> bool:
        """Checks across rows before import: at least one task, no number used twice."""
        if not self.data["tasks"]:
            self.errors.append(PLAN_EMPTY)
            return False
        seen: set[str] = set()
        ok = True
        for task in self.data["tasks"]:
            if task["no"] in seen:
                form = self.task_forms[task["key"]]
                if form.is_bound and form.is_valid():
                    form.add_error("no", TASK_NO_DUPLICATE.format(no=task["no"]))
                else:
                    self.errors.append(TASK_NO_DUPLICATE.format(no=task["no"]))
                ok = False
            seen.add(task["no"])
        return ok

    def refresh(self) -> None:
        """Rebuild the forms after the draft changed shape; forms with errors keep the user's input."""
        self.post = None
        if not (self.plan_form.is_bound and self.plan_form.errors):
            self.plan_form = self._plan_form()
        kept_sections = {k: f for k, f in self.section_forms.items() if f.is_bound and f.errors}
        kept_tasks = {k: f for k, f in self.task_forms.items() if f.is_bound and f.errors}
        self.section_forms = {
            s["key"]: kept_sections.get(s["key"]) or self._section_form(s) for s in self.data["sections"]
        }
        self.task_forms = {
            t["key"]: kept_tasks.get(t["key"]) or self._task_form(t) for t in self.data["tasks"]
        }

    @property
    def has_errors(self) -> bool:
        forms = [self.plan_form, *self.section_forms.values(), *self.task_forms.values()]
        return bool(self.errors) or any(f.is_bound and f.errors for f in forms)

    def rows(self, directory: UnitDirectory) -> list[TaskRow]:
        """One row per task, in order, for the template."""
        return [self.row(task, directory, first=i == 0) for i, task in enumerate(self.data["tasks"])]

    def row(self, task: DraftTask, directory: UnitDirectory, *, first: bool = False) -> TaskRow:
        form = self.task_forms[task["key"]]

        def entries(field: str, fallback: list[str]) -> list[UnitEntry]:
            names = self.post_values(form, field) if form.is_bound else fallback
            return [UnitEntry(name, *directory.match(name)) for name in names if str(name).strip()]

        return TaskRow(
            key=task["key"],
            form=form,
            task=task,
            lead=entries("lead_units", task["lead_units"]),
            support=entries("support_units", task["support_units"]),
            warnings=task["warnings"],
            first=first,
        )

    @staticmethod
    def post_values(form: TaskForm, field: str) -> list[str]:
        """Every value posted for a field drawn as several inputs (the unit names)."""
        data = form.data
        return data.getlist(form.add_prefix(field)) if isinstance(data, QueryDict) else []

    def sections(self) -> list[tuple[DraftSection, SectionForm]]:
        return [(s, self.section_forms[s["key"]]) for s in self.data["sections"]]
