"""Time `mdm_lib.info_curve` on full binary tables against a per-subset reference.

The reference re-marginalises the full table for every subset (``p.sum(axis=...)``
then the entropy), which is how one would first write it. Both run in this process
on the same tables. Prints a markdown table and writes it to
``benchmarks/results/info_curve_speed.md``.

Usage: ``python benchmarks/info_curve_speed.py`` (about two minutes on 2 cores).
"""

from __future__ import annotations

from itertools import combinations
from math import comb

import numpy as np
from _common import best_time, machine, write_results

import mdm_lib as mdm

SIZES = [10, 12, 14, 16, 18, 20]
REFERENCE_UP_TO = 16  # the reference takes ~minutes beyond this


def reference_info_curve(p: np.ndarray) -> np.ndarray:
    """Per-subset: marginalise the full table for each subset, then average by size."""
    n = p.ndim
    H = np.zeros(n + 1)
    for m in range(1, n + 1):
        for subset in combinations(range(n), m):
            marginal = p.sum(axis=tuple(i for i in range(n) if i not in subset)).ravel()
            marginal = marginal[marginal > 0]
            H[m] -= (marginal * np.log2(marginal)).sum()
        H[m] /= comb(n, m)
    Z = H[1] + H[:-1] - H[1:]
    Z[0] = 0.0
    return Z


def main() -> None:
    rows = []
    for n in SIZES:
        p = mdm.random_law((2,) * n, rng=np.random.default_rng(n))
        fast_time, fast = best_time(lambda: mdm.info_curve(p), 3 if n <= 18 else 1)
        if n <= REFERENCE_UP_TO:
            ref_time, ref = best_time(lambda: reference_info_curve(p))
            agree = float(np.abs(ref - fast).max())
            rows.append(f"| {n} | {2**n:,} | {fast_time:.3f} | {ref_time:.2f} | {ref_time / fast_time:.0f}x | {agree:.1e} |")
        else:
            rows.append(f"| {n} | {2**n:,} | {fast_time:.3f} | (not run) | | |")
        print(rows[-1], flush=True)
    header = [
        f"Full binary tables, `info_curve` (best of 3; 1 run at n = 20) vs the per-subset reference (1 run); "
        f"{machine()}.",
        "",
        "| n | table entries | info_curve (s) | per-subset reference (s) | speed-up | max abs difference (bits) |",
        "|---:|---:|---:|---:|---:|---:|",
    ]
    write_results("info_curve_speed", "\n".join(header + rows) + "\n")


if __name__ == "__main__":
    main()
