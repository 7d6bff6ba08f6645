"""Synthetic deployments for benchmarks: organisations with units, users, a published plan and its history.

`duban synth --orgs N --tasks-per-plan M --cycles K` writes, per organisation, ~20 units (with the
collectives 各处室 and 各有关单位), ~25 users in every role, one plan published with a monthly cycle, M tasks
with lead and support units and targets, and K months of reports with reviews (approved, returned and
revised, awaiting review), completions, extensions and some audit entries. The rows obey what the
tracking rules and selectors read: a task's state, progress and completed_on follow its reports and
requests exactly as the services would have left them.

Speed comes from writing rows, not calling services: ids are allocated here, rows are buffered per table
and flushed in dependency order, with bulk_create or, on PostgreSQL, COPY. Content is deterministic for a
seed (each organisation draws from its own generator); ids depend on what the database already holds.
Nothing here is safe to run beside other writers of the same tables.
"""

from duban.ops.synth.config import SynthConfig, SynthResult, due_date
from duban.ops.synth.run import rows_table, synth_run

__all__ = ["SynthConfig", "SynthResult", "due_date", "rows_table", "synth_run"]
