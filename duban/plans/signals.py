"""What plans tell the apps above them, which plans may not import: a plan published, units assigned a task.

Sent inside the writing transaction, so a receiver's writes (tracking's 签收 requests) commit or roll back
with the change itself.
"""

from __future__ import annotations

from django.dispatch import Signal

# plan_published.send(sender=Plan, plan=plan, by=user)
plan_published = Signal()
# task_units_assigned.send(sender=TaskUnit, links=[TaskUnit, …], by=user): units added to a published task
task_units_assigned = Signal()
