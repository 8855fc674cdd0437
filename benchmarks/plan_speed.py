"""Speed of ``python -m mdm_lib plan`` at n = 10^5, start-up included.

Target (issue 10): a 10^5-position curve or loss table planned in <= 2 s,
including Python's start-up and ``import mdm_lib``. Each row is the best wall
time of several runs of the command in a fresh process (numba's on-disk cache
is warm after the first run), next to the time of ``python -c "import
mdm_lib"`` in the same run, which the plan cannot beat. The machine is shared:
expect noise of tens of percent. Prints a markdown table and writes it to
``benchmarks/results/plan_speed.md``.

Run: ``.venv/bin/python benchmarks/plan_speed.py``
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np
from _common import best_time, machine, write_results

N = 100_000
REPEATS = 3


def write_inputs(folder: Path) -> dict[str, Path]:
    """A noisy concave curve (CSV j,Z, bits) and a loss table (CSV revealed,cross_entropy, nats) of length N."""
    rng = np.random.default_rng(0)
    j = np.arange(1, N + 1)
    Z = 2.0 * (1 - np.exp(-j / 5000.0)) + rng.normal(0, 1e-3, N)
    Z[0] = 0.0
    losses = 0.69 - 0.3 * (1 - np.exp(-(j - 1) / 5000.0)) + rng.normal(0, 1e-4, N)
    paths = {"curve": folder / "curve.csv", "losses": folder / "losses.csv"}
    np.savetxt(
        paths["curve"],
        np.column_stack([j, Z]),
        delimiter=",",
        header="j,Z",
        comments="",
        fmt=["%d", "%.17g"],
    )
    np.savetxt(
        paths["losses"],
        np.column_stack([j - 1, losses]),
        delimiter=",",
        header="revealed,cross_entropy",
        comments="",
        fmt=["%d", "%.17g"],
    )
    return paths


def run(*args: str) -> None:
    subprocess.run([sys.executable, *args], check=True, capture_output=True)


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        paths = write_inputs(Path(tmp))
        rows = [
            (
                "python -c 'import mdm_lib' (floor)",
                best_time(lambda: run("-c", "import mdm_lib"), REPEATS, warmup=True)[0],
            )
        ]
        for k in (8, 64):
            for kind, path in paths.items():
                command = [
                    "-m",
                    "mdm_lib",
                    "plan",
                    f"--{kind}",
                    str(path),
                    "-k",
                    str(k),
                    "--json",
                ]
                seconds = best_time(
                    lambda command=command: run(*command), REPEATS, warmup=True
                )[0]
                rows.append((f"plan --{kind} (n = 10^5), k = {k}", seconds))
    lines = ["| command | best wall time (s) | target |", "|---|---|---|"]
    lines += [
        f"| `{name}` | {seconds:.2f} | {'' if 'floor' in name else '<= 2'} |"
        for name, seconds in rows
    ]
    note = (
        "\n\nEach time includes Python's start-up, reading the CSV, the monotone projection, the dynamic program and "
        "the released rules' errors at the same k (`bernoulli_expected_kl` evaluates each step's binomial count law "
        "only within 12 standard deviations of its mean)."
    )
    write_results("plan_speed", "\n".join(lines) + note + f"\n\nMachine: {machine()}.\n")


if __name__ == "__main__":
    main()
