"""What the benchmark scripts share: a timer, a description of the machine, and
where the result tables go (``benchmarks/results/<name>.md``, shown in the book),
written from pandas DataFrames (``DataFrame.to_markdown``, which needs ``tabulate``)."""

from __future__ import annotations

import os
import platform
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:
    import pandas

RESULTS = Path(__file__).resolve().parent / "results"


def best_time(function: Callable[[], Any], repeats: int = 1, *, warmup: bool = False) -> tuple[float, Any]:
    """Smallest wall-clock time of ``repeats`` calls (after one untimed call if
    ``warmup``, e.g. to exclude numba's compilation), and the last result."""
    if warmup:
        function()
    times, result = [], None
    for _ in range(repeats):
        start = time.perf_counter()
        result = function()
        times.append(time.perf_counter() - start)
    return min(times), result


def machine() -> str:
    """One line on where the times were taken (the load average says how shared the cores were)."""
    return (
        f"{os.cpu_count()} cores ({platform.processor() or platform.machine()}), Python "
        f"{platform.python_version()}, numpy {np.__version__}, load average {os.getloadavg()[0]:.1f} at the end"
    )


def speedup(reference: float, ours: float) -> str:
    """``reference / ours`` as the tables show it: ``"0.8×"``, ``"2.4×"``, ``"470×"`` (two digits
    below 10, none above, so that a speed-up below 1 does not read as ``"0×"``)."""
    ratio = reference / ours
    return f"{ratio:.2g}×" if ratio < 10 else f"{ratio:,.0f}×"


def target_cell(value: float, limit: float, unit: str) -> str:
    """``"≤ 5 s: met"`` or ``"≤ 5 s: NOT met"``: the target and whether ``value`` meets it."""
    return f"≤ {limit:g} {unit}: " + ("met" if value <= limit else "NOT met")


def write_table(name: str, title: str, *tables: pandas.DataFrame, note: str = "") -> Path:
    """Write ``title``, the machine line, each table as markdown and ``note`` to ``results/<name>.md``.

    The tables are shown in the book's text column: keep each to about seven short columns (split a wide
    one in two), with plain-text headers (Unicode superscripts, not ``^``, which reads as TeX)."""
    text = f"{title} {machine()}.\n"
    for table in tables:
        text += f"\n{table.to_markdown(index=False)}\n"
    if note:
        text += f"\n{note}\n"
    return write_results(name, text)


def write_results(name: str, text: str) -> Path:
    """Print ``text`` and write it to ``benchmarks/results/<name>.md``."""
    RESULTS.mkdir(parents=True, exist_ok=True)
    path = RESULTS / f"{name}.md"
    path.write_text(text)
    print(text)
    print(f"written to {path}")
    return path
