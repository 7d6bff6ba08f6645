"""A task's light, progress and state as HTML, written by tags: drawn in every row of the long pages, where an
include per cell cost more than the rest of the row."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

register = template.Library()


@register.simple_tag
def light(status: Any) -> SafeString:
    """The light badge (亮灯), with its reasons as a tooltip and 已延期 when the deadline moved."""
    badge = format_html(
        '<span class="light light-{}" title="{}">{}</span>',
        status.light.value,
        "；".join(status.reasons),
        status.light.label,
    )
    return format_html('{} <span class="badge">已延期</span>', badge) if status.extended else badge


@register.simple_tag
def progress(status: Any) -> SafeString:
    """Progress against the expected (序时) figure."""
    return format_html(
        '<span class="progress-cell">'
        '<meter min="0" max="100" low="0" high="100" value="{p}" aria-label="进度">{p}%</meter>'
        '<span class="num">{p}%</span><span class="muted">/ {e}%</span></span>',
        p=status.progress,
        e=status.expected,
    )


@register.simple_tag
def task_state(task: Any, status: Any) -> SafeString:
    """The task's state, with 中止 and 逾期 badges."""
    html = format_html('<span class="state state-{}">{}</span>', task.state, task.get_state_display())
    if task.is_suspended:
        html = format_html('{} <span class="badge">中止</span>', html)
    if status.overdue and task.state != "completed":
        html = format_html('{} <span class="badge badge-red">逾期</span>', html)
    return html


@register.simple_tag
def rate(part: float, whole: float) -> SafeString:
    """A share as a whole percentage, rounded as `{% widthratio %}` does; a muted dash if nothing is owed."""
    if not whole:
        return mark_safe('<span class="muted">—</span>')
    return format_html("{}%", round(float(part) / float(whole) * 100))
