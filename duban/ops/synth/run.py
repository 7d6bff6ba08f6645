"""One synth run over every organisation, and the table of what it wrote."""

from __future__ import annotations

import io
import time
from collections.abc import Callable

from django.db import connection

from duban.ops.synth.config import SynthConfig, SynthResult
from duban.ops.synth.maker import _Maker
from duban.ops.synth.writer import Writer

# --- The run -----------------------------------------------------------------------------------------


def synth_run(config: SynthConfig, *, progress: Callable[[str], None] | None = None) -> SynthResult:
    """Write the synthetic organisations; prints progress through `progress` after every flush."""
    method = config.method
    if method == "auto":
        method = "copy" if connection.vendor == "postgresql" else "bulk"
    if method == "copy" and connection.vendor != "postgresql":
        raise ValueError("COPY needs PostgreSQL")
    writer = Writer(method, config.batch_size)
    maker = _Maker(config, writer)
    result = SynthResult(as_of=config.as_of, method=method)
    start = time.perf_counter()
    for index in range(config.orgs):
        flushes = writer.flushes
        result.organization_ids.append(maker.organization(index))
        writer.flush_if_full()
        if index == config.orgs - 1:
            writer.finish()
        if writer.flushes != flushes and progress is not None:
            done = sum(writer.written.values())
            seconds = time.perf_counter() - start
            progress(f"{index + 1}/{config.orgs} 个组织，{done:,} 行，{done / seconds:,.0f} 行/秒")
    result.seconds = time.perf_counter() - start
    result.rows = {table: count for table, count in writer.written.items() if count}
    return result


def rows_table(result: SynthResult) -> str:
    """The rows written per table, as lines of text."""
    out = io.StringIO()
    for table, count in sorted(result.rows.items(), key=lambda kv: -kv[1]):
        out.write(f"{table:<32}{count:>12,}\n")
    out.write(f"{'total':<32}{result.total_rows:>12,}\n")
    return out.getvalue()
