"""Time one conditional-marginal query to a Reed–Solomon code: interpolation versus elimination and the table.

`mdm_lib.ReedSolomonOracle` answers ``X_S = x`` by Lagrange interpolation in GF(q) through
``dimension`` pinned points (vectorised with galois), without the table. References, run in
this process on the same queries (pinnings of dimension-1, dimension and dimension+1
positions of a codeword):

* Gaussian elimination of the pinned system in GF(q) (``ReedSolomonCode.solve``, galois's
  ``row_reduce``), which is how the oracle answered before issue 8 (then in int64 mod q);
* `mdm_lib.TableOracle` on the full ``q**n`` table (small n only; building it is listed).

Target (issue 8): n = 400 in <= 5 ms per query. Prints a markdown table and writes it to
``benchmarks/results/rs_oracle_speed.md``.

Usage: ``PYTHONPATH=. python benchmarks/rs_oracle_speed.py`` (a minute or two on 2 cores).
"""

# ruff: noqa: B023 -- each lambda is timed inside the loop iteration that defines it

from __future__ import annotations

import time

import numpy as np
import pandas as pd
from _common import best_time, speedup, target_cell, write_table

import mdm_lib as mdm

CASES = [
    (5, 2, 5),
    (6, 3, 7),
    (7, 3, 7),
    (6, 3, 8),
    (50, 25, 53),
    (100, 50, 101),
    (200, 100, 211),
    (256, 128, 256),
    (400, 200, 401),
]
TABLE_UP_TO = 7  # q**n entries beyond this do not fit in memory


def queries(code, rng, repeats):
    """Pinnings of dimension-1, dimension, dimension+1 coordinates of random codewords."""
    out = []
    for _ in range(repeats):
        word = code.encode(rng.integers(code.q, size=code.dimension))
        order = rng.permutation(code.n)
        out += [
            (order[:m], word[order[:m]]) for m in (code.dimension - 1, code.dimension, code.dimension + 1)
        ]
    return out


def per_query(function, pinnings):
    for S, x in pinnings[:3]:  # warm-up: galois compiles its kernels on first use of a field and shape
        function(S, x)
    start = time.perf_counter()
    for S, x in pinnings:
        function(S, x)
    return (time.perf_counter() - start) / len(pinnings)


def main() -> None:
    rng = np.random.default_rng(0)
    rows = []
    for n, k, q in CASES:
        code = mdm.reed_solomon_code(n, k, q, rng=rng, random_points=True)
        pinnings = queries(code, rng, 20 if n <= 100 else 5)
        fast = per_query(mdm.ReedSolomonOracle(code), pinnings)
        elimination = per_query(code.solve, pinnings)
        row = {
            "n": n,
            "dimension": k,
            "q": q,
            "oracle (ms/query)": f"{1e3 * fast:.2f}",
            "elimination (ms/query)": f"{1e3 * elimination:.2f}",
            "speed-up": speedup(elimination, fast),
            "full table (ms/query)": "",
            "target": target_cell(1e3 * fast, 5, "ms") if n == 400 else "",
        }
        if n <= TABLE_UP_TO:
            _, table_oracle = best_time(lambda: mdm.TableOracle(code.law()))
            row["full table (ms/query)"] = f"{1e3 * per_query(table_oracle, pinnings):.2f}"
        rows.append(row)
        print(row, flush=True)
    write_table(
        "rs_oracle_speed",
        "One conditional-marginal query to a Reed–Solomon code (mean over pinnings of dimension-1, dimension and "
        "dimension+1 coordinates), against Gaussian elimination and the full table in the same run;",
        pd.DataFrame(rows),
        note="q = 8 and q = 256 are prime powers (GF(2³), GF(2⁸)). The full table has qⁿ entries, so it "
        "exists only for the smallest codes.",
    )


if __name__ == "__main__":
    main()
