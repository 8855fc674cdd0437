"""Time one conditional-marginal query to a Reed–Solomon code: linear algebra versus the full table.

`mdm_lib.ReedSolomonOracle` answers ``X_S = x`` by Gaussian elimination mod q,
without building the table; the reference is `mdm_lib.TableOracle` on the full
``q**n`` table (only possible for small n). Both run in this process on the same
queries (pinnings of k-1, k and k+1 positions of a codeword, averaged); the
time to build the table is listed separately. Prints a
markdown table and writes it to ``benchmarks/results/rs_oracle_speed.md``.

Usage: ``python benchmarks/rs_oracle_speed.py`` (under a minute on 2 cores).
"""

from __future__ import annotations

import time

import numpy as np
from _common import best_time, machine, write_results

import mdm_lib as mdm

CASES = [(5, 2, 5), (6, 3, 7), (7, 3, 7), (50, 25, 53), (100, 50, 101), (200, 100, 211), (400, 200, 401)]
TABLE_UP_TO = 7  # q**n entries beyond this do not fit in memory


def time_queries(oracle, code, rng, repeats):
    """Mean seconds per query over pinnings of k-1, k, k+1 coordinates of random codewords."""
    queries = []
    for _ in range(repeats):
        word = code.encode(rng.integers(code.q, size=code.k))
        order = rng.permutation(code.n)
        queries += [(order[:m], word[order[:m]]) for m in (code.k - 1, code.k, code.k + 1)]
    start = time.perf_counter()
    for S, x in queries:
        oracle(S, x)
    return (time.perf_counter() - start) / len(queries)


def main() -> None:
    rng = np.random.default_rng(0)
    rows = ["| n | k | q | table entries | linear algebra (ms/query) | table (ms/query) | table / linear "
            "| building the table (ms) |",
            "|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for n, k, q in CASES:
        code = mdm.reed_solomon_code(n, k, q, rng=rng, random_points=True)
        repeats = 20 if n <= 100 else 3
        fast = time_queries(mdm.ReedSolomonOracle(code), code, rng, repeats)
        if n <= TABLE_UP_TO:
            build, table_oracle = best_time(lambda: mdm.TableOracle(code.law()))
            slow = time_queries(table_oracle, code, rng, repeats)
            rows.append(f"| {n} | {k} | {q} | {q**n:,} | {1e3 * fast:.2f} | {1e3 * slow:.2f} | {slow / fast:.1f} "
                        f"| {1e3 * build:.1f} |")
        else:
            rows.append(f"| {n} | {k} | {q} | 10^{n * np.log10(q):.0f} | {1e3 * fast:.2f} | - | - | - |")
    note = f"\n\n{machine()}. Each time is the mean over pinnings of k-1, k and k+1 coordinates.\n"
    write_results("rs_oracle_speed", "\n".join(rows) + note)


if __name__ == "__main__":
    main()
