"""The review step of the import wizard: the draft's forms, bound to one form's POST and written back.

The editor never sends or renders the whole plan at once: the page shows one page of tasks, each task row is
a form of its own, and the plan and each section have theirs. A POST binds only the forms whose fields it
carries; valid forms are written to the draft, a form with errors keeps what the user typed and is shown
again with its errors beside the fields, while the draft keeps its last valid values.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from django.http import QueryDict
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from duban.plans.markup import mark_fragments
from duban.web.drafts import DraftData, DraftSection, DraftTask, DraftWarning, section_label
from duban.web.forms import TASK_NO_DUPLICATE, PlanForm, SectionForm, TaskForm, targets_format
from duban.web.selectors import UnitDirectory, UnitMatch

PLAN_EMPTY = "方案至少要有一项任务。"
ROW_INPUTS = ("no", "section", "text", "deadline", "targets")  # a task row's single-value inputs
PAGE_SIZE = 50  # task rows per page: the first screen costs the same for 100 tasks or 10,000

# The task filters of the review page (?show=…), with their labels.
FILTERS: dict[str, str] = {
    "": "全部任务",
    "notes": "有解析提示",
    "new_units": "含新单位",
    "no_lead": "无牵头单位",
}


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
    form: TaskForm | None  # None when the row was drawn from the draft without binding a form
    task: DraftTask
    lead: list[UnitEntry]
    support: list[UnitEntry]
    warnings: list[DraftWarning]
    first: bool
    values: dict[str, Any]  # what each input shows: the POST when bound, else the draft's values
    errors: dict[str, list[str]]

    @property
    def unit_groups(self) -> list[tuple[str, str, list[UnitEntry], list[str]]]:
        """The two unit lists as the row draws them: input name, label, entries, errors."""
        return [
            ("lead_units", "牵头单位", self.lead, self.errors.get("lead_units", [])),
            ("support_units", "责任单位", self.support, self.errors.get("support_units", [])),
        ]

    @property
    def marked_text(self) -> SafeString:
        """The task's text with its targets marked, as the task page marks them."""
        return mark_fragments(self.task["text"], [t.get("text", "") for t in self.task["targets"]])

    @property
    def target_lines(self) -> int:
        """Rows for the 目标指标 box: one per target and a spare, so none is hidden."""
        return max(2, str(self.values.get("targets") or "").count("\n") + 2)


@dataclass
class TaskPage:
    """One page of (possibly filtered) task rows."""

    rows: list[TaskRow]
    number: int
    pages: int
    matching: int
    show: str

    @property
    def previous(self) -> int | None:
        return self.number - 1 if self.number > 1 else None

    @property
    def next(self) -> int | None:
        return self.number + 1 if self.number < self.pages else None


class DraftEditor:
    """The forms of one draft, built for the rows a request touches; `apply` writes the valid ones."""

    def __init__(self, data: DraftData, post: QueryDict | None = None) -> None:
        # `data` is the draft's own, freshly loaded per request: edited in place, never copied (10,000 tasks).
        self.data = data
        self.post = post
        self.errors: list[str] = []
        self.plan_form = self._plan_form()
        # Forms only for the sections this POST carries: the others are drawn from the draft's values.
        self.section_forms = {
            s["key"]: self._section_form(s)
            for s in self.data["sections"]
            if self._bound(f"s-{s['key']}", "no")
        }
        self.task_forms: dict[str, TaskForm] = {}
        self._section_by_no: dict[str, str] | None = None
        self._sections: dict[str, DraftSection] | None = None

    # Binding: a form is bound only when the POST carries its fields, so a one-row post touches one row.
    def _bound(self, prefix: str, field: str) -> QueryDict | None:
        if self.post is not None and f"{prefix}-{field}" in self.post:
            return self.post
        return None

    def _posted(self, section_key: str) -> bool:
        return self._bound(f"s-{section_key}", "no") is not None

    def _plan_form(self) -> PlanForm:
        plan = self.data["plan"]
        initial = {k: plan.get(k) for k in ("title", "year", "issuer", "issue_date")}
        return PlanForm(self._bound("plan", "title"), prefix="plan", initial=initial)

    def _section_form(self, section: DraftSection) -> SectionForm:
        prefix = f"s-{section['key']}"
        return SectionForm(self._bound(prefix, "no"), prefix=prefix, initial=dict(section))

    def task_form(self, task: DraftTask) -> TaskForm:
        """The task's form, built once per request (bound when the POST carries it)."""
        form = self.task_forms.get(task["key"])
        if form is None:
            form = self._task_form(task)
            self.task_forms[task["key"]] = form
        return form

    def _task_initial(self, task: DraftTask) -> dict[str, Any]:
        current = self._section_of(task)
        return {
            "no": task["no"],
            "section": current["no"] if current else "",
            "text": task["text"],
            "lead_units": task["lead_units"],
            "support_units": task["support_units"],
            "deadline": task["deadline"],
            "targets": targets_format(task["targets"]),
        }

    def _section_of(self, task: DraftTask) -> DraftSection | None:
        if self._sections is None:
            self._sections = {s["key"]: s for s in self.data["sections"]}
        return self._sections.get(task["section_key"] or "")

    def _task_form(self, task: DraftTask) -> TaskForm:
        prefix = f"t-{task['key']}"
        current = self._section_of(task)
        return TaskForm(
            self._bound(prefix, "no"),
            prefix=prefix,
            initial=self._task_initial(task),
            sections=self.section_by_no(),
            current_section=(current["no"], current["key"]) if current else None,
            known_targets=task["targets"],
        )

    def section_by_no(self) -> dict[str, str]:
        """Section number → key (the first section of a number twice used)."""
        if self._section_by_no is None:
            self._section_by_no = {}
            for s in self.data["sections"]:
                self._section_by_no.setdefault(s["no"], s["key"])
        return self._section_by_no

    def section_options(self) -> list[tuple[str, str]]:
        """(number, label) of every section, for the one <datalist> the rows share."""
        return [(s["no"], section_label(s["no"], s["title"])) for s in self.data["sections"]]

    def posted_tasks(self) -> list[DraftTask]:
        """The tasks whose fields this POST carries."""
        if self.post is None:
            return []
        return [t for t in self.data["tasks"] if f"t-{t['key']}-no" in self.post]

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
            section_form = self.section_forms.get(section["key"])
            if section_form is not None:
                if section_form.is_valid():
                    section["no"] = section_form.cleaned_data["no"]
                    section["title"] = section_form.cleaned_data["title"]
                else:
                    valid = False
        for task in self.posted_tasks():
            form = self.task_form(task)
            if not form.is_valid():
                valid = False
                continue
            cleaned = form.cleaned_data
            task["no"] = cleaned["no"]
            task["section_key"] = cleaned["section"]
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
                self.errors.append(TASK_NO_DUPLICATE.format(no=task["no"]))
                ok = False
            seen.add(task["no"])
        return ok

    def refresh(self) -> None:
        """Rebuild the forms after the draft changed shape; forms with errors keep the user's input."""
        self.post = None
        self._section_by_no = None
        if not (self.plan_form.is_bound and self.plan_form.errors):
            self.plan_form = self._plan_form()
        self.section_forms = {k: f for k, f in self.section_forms.items() if f.errors}
        self.task_forms = {k: f for k, f in self.task_forms.items() if f.is_bound and f.errors}

    @property
    def has_errors(self) -> bool:
        forms = [self.plan_form, *self.section_forms.values(), *self.task_forms.values()]
        return bool(self.errors) or any(f.is_bound and f.errors for f in forms)

    def tasks_matching(self, show: str, directory: UnitDirectory) -> list[DraftTask]:
        """The tasks a filter keeps (all for an unknown filter)."""
        tasks = self.data["tasks"]
        if show == "notes":
            return [t for t in tasks if t["warnings"]]
        if show == "no_lead":
            return [t for t in tasks if not t["lead_units"]]
        if show == "new_units":
            return [
                t
                for t in tasks
                if any(directory.match(n)[0] == "new" for n in (*t["lead_units"], *t["support_units"]))
            ]
        return tasks

    def page(self, directory: UnitDirectory, *, number: int = 1, show: str = "") -> TaskPage:
        """One page of rows; a page past the end shows the last one."""
        show = show if show in FILTERS else ""
        tasks = self.tasks_matching(show, directory)
        pages = max(1, math.ceil(len(tasks) / PAGE_SIZE))
        number = min(max(number, 1), pages)
        chunk = tasks[(number - 1) * PAGE_SIZE : number * PAGE_SIZE]
        rows = [self.row(task, directory) for task in chunk]
        return TaskPage(rows=rows, number=number, pages=pages, matching=len(tasks), show=show)

    def page_of(self, key: str, show: str, directory: UnitDirectory) -> int:
        """The page (under a filter) that shows a task; 1 when the filter no longer shows it."""
        keys = [t["key"] for t in self.tasks_matching(show, directory)]
        return keys.index(key) // PAGE_SIZE + 1 if key in keys else 1

    def row(self, task: DraftTask, directory: UnitDirectory) -> TaskRow:
        """What the template draws for a task: the POST and its errors when bound, else the draft's values."""
        if self._bound(f"t-{task['key']}", "no") is None and task["key"] not in self.task_forms:
            # An unbound row needs only its values: no form is built (a page draws fifty rows).
            return self._row(task, directory, self._task_initial(task), {}, None)
        form = self.task_form(task)
        if not form.is_bound:
            return self._row(task, directory, dict(form.initial), {}, form)
        values = {name: form.data.get(form.add_prefix(name), "") for name in ROW_INPUTS}
        errors = {name: [str(m) for m in messages] for name, messages in form.errors.items()}
        posted = {f: self.post_values(form, f) for f in ("lead_units", "support_units")}
        return self._row(task, directory, {**values, **posted}, errors, form)

    def _row(
        self,
        task: DraftTask,
        directory: UnitDirectory,
        values: dict[str, Any],
        errors: dict[str, list[str]],
        form: TaskForm | None,
    ) -> TaskRow:
        def entries(field: str) -> list[UnitEntry]:
            return [UnitEntry(name, *directory.match(name)) for name in values[field] if str(name).strip()]

        return TaskRow(
            key=task["key"],
            form=form,
            task=task,
            lead=entries("lead_units"),
            support=entries("support_units"),
            warnings=task["warnings"],
            first=bool(self.data["tasks"]) and self.data["tasks"][0]["key"] == task["key"],
            values={name: values.get(name) or "" for name in ROW_INPUTS},
            errors=errors,
        )

    def tasks_without_lead(self) -> int:
        """How many tasks have no lead unit (warned before import)."""
        return sum(1 for t in self.data["tasks"] if not t["lead_units"])

    @staticmethod
    def post_values(form: TaskForm, field: str) -> list[str]:
        """Every value posted for a field drawn as several inputs (the unit names)."""
        data = form.data
        return data.getlist(form.add_prefix(field)) if isinstance(data, QueryDict) else []

    def sections(self) -> list[tuple[DraftSection, SectionForm | None]]:
        """Each section with its form when one was posted (to show its errors and what was typed)."""
        return [(s, self.section_forms.get(s["key"])) for s in self.data["sections"]]


def source_html(blocks: list[dict[str, Any]]) -> SafeString:
    """The source panel's paragraphs and tables as HTML, escaped, in one pass.

    Up to MAX_SOURCE_CHARS of text in thousands of blocks: joined here rather than looped over in the
    template, which costs a lookup per block and per cell.
    """
    parts: list[str] = []
    for block in blocks:
        rows = block.get("table")
        if rows:
            parts.append('<table class="grid source-table"><tbody>')
            for cells in rows:
                parts.append("<tr>")
                parts.extend(f"<td>{escape(cell).replace(chr(10), '<br>')}</td>" for cell in cells)
                parts.append("</tr>")
            parts.append("</tbody></table>")
        else:
            parts.append(f"<p>{escape(block.get('p', ''))}</p>")
    return mark_safe("".join(parts))
