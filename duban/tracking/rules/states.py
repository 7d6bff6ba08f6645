"""Task states and the actions that move a task between them."""

from __future__ import annotations

from enum import StrEnum

from duban.plans.models import TaskState


class Action(StrEnum):
    REPORT = "report"
    REQUEST_COMPLETION = "request_completion"
    APPROVE_COMPLETION = "approve_completion"
    RETURN_COMPLETION = "return_completion"
    REQUEST_EXTENSION = "request_extension"


_TRANSITIONS: dict[str, dict[Action, str]] = {
    TaskState.NOT_STARTED: {
        Action.REPORT: TaskState.IN_PROGRESS,
        Action.REQUEST_COMPLETION: TaskState.COMPLETION_REQUESTED,
        Action.REQUEST_EXTENSION: TaskState.NOT_STARTED,
    },
    TaskState.IN_PROGRESS: {
        Action.REPORT: TaskState.IN_PROGRESS,
        Action.REQUEST_COMPLETION: TaskState.COMPLETION_REQUESTED,
        Action.REQUEST_EXTENSION: TaskState.IN_PROGRESS,
    },
    TaskState.COMPLETION_REQUESTED: {
        Action.REPORT: TaskState.COMPLETION_REQUESTED,
        Action.APPROVE_COMPLETION: TaskState.COMPLETED,
        Action.RETURN_COMPLETION: TaskState.IN_PROGRESS,
        Action.REQUEST_EXTENSION: TaskState.COMPLETION_REQUESTED,
    },
    TaskState.COMPLETED: {},
}


def state_after(state: str, action: Action) -> str | None:
    """The task state an action leads to, or None when the state does not allow it."""
    return _TRANSITIONS.get(state, {}).get(action)
