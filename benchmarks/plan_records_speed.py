"""Speed of ``python -m mdm_lib plan --records``, start-up included, and of the pooled fit behind it.

Target (issue 16): records of 128 evaluated rows at n = 1024 planned in <= 2 s,
including Python's start-up and ``import mdm_lib``. The records come from a
Markov chain with exact conditionals (``mdm_lib.MarkovChain``), one uniformly
drawn count of masked tokens per row, as LLaDA's evaluation draws them.

Two tables. The command: the best wall time of several runs in a fresh process,
next to ``python -c "import mdm_lib"`` in the same run (the floor no command can
beat). The fit: ``loss_table_from_records`` in this process, next to a simple
reference computed here, in the same process: a loop over the n counts that
fits each count's weighted line with ``numpy.polyfit`` (the mean only, no
standard errors); the benchmark checks that both give the same table. The
machine is shared: expect noise of tens of percent. Prints markdown and writes
``benchmarks/results/plan_records_speed.md``.

Run: ``.venv/bin/python benchmarks/plan_records_speed.py``
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np
from _common import best_time, machine, write_results

import mdm_lib as mdm

SIZES = [(256, 128), (1024, 128), (1024, 1024), (4096, 1024)]
REPEATS = 3
NEIGHBOURS = 16
CHAIN = [[0.8, 0.15, 0.05], [0.1, 0.8, 0.1], [0.2, 0.2, 0.6]]


def records(n: int, rows: int) -> mdm.Records:
    chain = mdm.MarkovChain(CHAIN, n)
    return mdm.evaluation_records(chain.sample(rows, rng=0), chain, rng=1, progress=False)


def reference_fit(masked: np.ndarray, sums: np.ndarray, n: int) -> np.ndarray:
    """The pooled mean per count (nats), one count at a time: the K nearest records, a weighted line."""
    revealed = n - masked
    per_token = sums / masked
    out = np.empty(n)
    for r in range(n):
        distance = np.abs(revealed - r)
        radius = np.sort(distance)[NEIGHBOURS - 1]
        inside = distance <= radius
        weight = (1 - (distance[inside] / (radius + 1)) ** 2) * masked[inside]
        x, y = revealed[inside] - r, per_token[inside]
        if np.unique(x).size == 1:
            out[r] = np.average(y, weights=weight)
        else:  # polyfit weights multiply the residuals: pass the square roots of the least-squares weights
            out[r] = np.polyfit(x, y, 1, w=np.sqrt(weight))[1]
    return out


def run(*args: str) -> None:
    subprocess.run([sys.executable, *args], check=True, capture_output=True)


def main() -> None:
    command_rows, fit_rows = [], []
    floor = best_time(lambda: run("-c", "import mdm_lib"), REPEATS, warmup=True)[0]
    with tempfile.TemporaryDirectory() as tmp:
        for n, rows in SIZES:
            data = records(n, rows)
            path = Path(tmp) / f"records_{n}_{rows}.csv"
            np.savetxt(
                path,
                np.column_stack(data),
                delimiter=",",
                header="masked,cross_entropy_sum",
                comments="",
                fmt=["%d", "%.17g"],
            )
            command = ["-m", "mdm_lib", "plan", "--records", str(path), "--length", str(n), "-k", "8", "--json"]
            seconds = best_time(lambda command=command: run(*command), REPEATS, warmup=True)[0]
            target = "<= 2" if (n, rows) == (1024, 128) else ""
            command_rows.append(f"| {n:,} | {rows:,} | {seconds:.2f} | {floor:.2f} | {seconds / floor:.1f} | {target} |")

            fast, table = best_time(lambda data=data, n=n: mdm.loss_table_from_records(*data, n, base=np.e), REPEATS)
            slow, reference = best_time(lambda data=data, n=n: reference_fit(*data, n), 1)
            difference = np.abs(table.cross_entropy - reference).max()
            if difference > 1e-9:
                raise AssertionError(f"the pooled fit and the reference differ by {difference:.1e} at n = {n}")
            fit_rows.append(f"| {n:,} | {rows:,} | {1e3 * fast:.1f} | {1e3 * slow:.0f} | {slow / fast:.0f} |")
    text = "\n".join(
        [
            "| n | records | `plan --records ... -k 8` (s) | `import mdm_lib` (s) | ratio | target |",
            "|---:|---:|---:|---:|---:|---|",
            *command_rows,
            "",
            "| n | records | `loss_table_from_records` (ms) | per-count `polyfit` loop (ms) | ratio |",
            "|---:|---:|---:|---:|---:|",
            *fit_rows,
            "",
            "The command's time includes Python's start-up, reading the CSV, the pooled fit with its standard "
            "errors, the monotone projection, the dynamic program and the released rules' errors. The fit's "
            "reference computes the same means (checked to 1e-9) without standard errors.",
            "",
            f"Machine: {machine()}.",
            "",
        ]
    )
    write_results("plan_records_speed", text)


if __name__ == "__main__":
    main()
