"""Speed of the optimal-schedule functions against plain references run in the same process.

* ``optimal_schedule`` at n = 10^6, k = 64 (target <= 1 s), against the k layers of the O(n)
  hull with the split-point table (the method before issue 8; from k = 32 on a monotone curve
  the chord search below is tried first), and against the straightforward O(k n^2) numpy DP
  at n = 3000.
* ``min_steps_for_error`` (chord search on the convex frontier, O(n) per pass) against
  the layered program that runs layer after layer until OPT(k) <= eps (the method before
  issue 8), at n = 10^4 and n = 10^5 with k* about 27,000 (target <= 2 s).
* ``optimal_errors`` at n = 4096, kmax = 4096.

Each time is the best of several runs after a warm-up (numba's compilation excluded), except
the slow references (one run). Prints a markdown table and writes it to
``benchmarks/results/optimal_speed.md``.

Run: ``PYTHONPATH=. python benchmarks/optimal_speed.py`` (a few minutes on 2 cores, most of
it the layered reference at n = 10^5).
"""

# ruff: noqa: B023 -- each lambda is timed inside the loop iteration that defines it

from __future__ import annotations

import numba
import numpy as np
import pandas as pd
from _common import best_time, speedup, target_cell, write_table

from mdm_lib import markov_info_curve, min_steps_for_error, optimal_errors, optimal_schedule, shaped_curve
from mdm_lib.schedules.optimal import _dp, _prepare

TRANSITION = np.array([[0.9, 0.1], [0.2, 0.8]])


def reference_errors(Z: np.ndarray, kmax: int) -> np.ndarray:
    """OPT(1..kmax) by the straightforward O(k n^2) DP: an (n+1)^2 cost matrix, one argmin per layer."""
    n = Z.size
    prefix = np.concatenate([[0.0], np.cumsum(Z)])
    a = np.arange(n + 1)
    cost = prefix[None, :] - prefix[:, None] - (a[None, :] - a[:, None]) * np.append(Z, 0.0)[:, None]
    cost[a[:, None] >= a[None, :]] = np.inf
    F = np.full(n + 1, np.inf)
    F[0] = 0.0
    errors = np.empty(kmax)
    for m in range(kmax):
        F = np.min(F[:, None] + cost, axis=0)
        errors[m] = F[n]
    return errors


def layered_errors(Z: np.ndarray, k: int) -> np.ndarray:
    """The k-layer program with its split-point table (how optimal_schedule worked before issue 8)."""
    curve = _prepare(Z)
    return np.ldexp(_dp(curve.program, k, curve.monotone, schedule=True)[0], curve.exponent)


def layered_min_steps(Z: np.ndarray, eps: float) -> int:
    """The layered program, one O(n) layer per step count, stopping at the first OPT(k) <= eps."""
    curve = _prepare(Z)
    target = float(np.ldexp(eps, -curve.exponent))
    return int(_dp(curve.program, Z.size, curve.monotone, target=target)[0].size)


def curve(shape: str, n: int, rng: np.random.Generator) -> np.ndarray:
    """Benchmark curves with Z_1 = 0, in bits."""
    if shape == "Markov chain":
        return markov_info_curve(TRANSITION, n)
    if shape == "noisy monotone":  # sorted uniforms: the hardest case for the hull
        return np.concatenate([[0.0], np.sort(rng.random(n - 1))])
    if shape == "not monotone":  # a noisy estimate: Li Chao path
        return 0.05 * rng.normal(size=n) + shaped_curve("concave", n)
    return shaped_curve(shape, n)


def row(label: str, ours: float, reference: float | None = None, target: float | None = None) -> dict:
    """One line of a table: what ran, its time, the reference's, and the target."""
    return {
        "what": label,
        "time (s)": f"{ours:.4f}",
        "reference (s)": "" if reference is None else f"{reference:.3f}",
        "speed-up": "" if reference is None else speedup(reference, ours),
        "target": "" if target is None else target_cell(ours, target, "s"),
    }


def main() -> None:
    rng = np.random.default_rng(0)
    large, small = [], []
    for shape in ("Markov chain", "concave", "step", "noisy monotone"):
        Z = curve(shape, 10**6, rng)
        ours, best = best_time(lambda: optimal_schedule(Z, 64), 3, warmup=True)
        reference, errors = best_time(lambda: layered_errors(Z, 64), 1, warmup=True)
        assert abs(best.error - errors.min()) <= 1e-9 * max(1.0, errors.min()), (best.error, errors.min())
        large.append(row(f"`optimal_schedule`, {shape}, n = 10⁶, k = 64", ours, reference, 1.0))
        print(large[-1], flush=True)
    Z = curve("not monotone", 10**5, rng)
    ours, _ = best_time(lambda: optimal_schedule(Z, 64), 3, warmup=True)
    large.append(row("`optimal_schedule`, not monotone, n = 10⁵, k = 64", ours))
    Z = curve("Markov chain", 4096, rng)
    ours, _ = best_time(lambda: optimal_errors(Z, 4096), 3, warmup=True)
    large.append(row("`optimal_errors`, Markov chain, n = 4,096, every k", ours, target=2.0))
    # min_steps_for_error: eps = 0.8 gives k* of about 27% of n (26,746 at n = 10^5)
    for n, eps in ((10**4, 0.8), (10**5, 0.8)):
        Z = curve("noisy monotone", n, np.random.default_rng(n))
        ours, k_star = best_time(lambda: min_steps_for_error(Z, eps), 3, warmup=True)
        reference, k_layered = best_time(lambda: layered_min_steps(Z, eps))
        assert k_star == k_layered, (k_star, k_layered)
        label = f"`min_steps_for_error`, noisy monotone, n = {n:,}, ε = {eps:g}: k* = {k_star:,}"
        large.append(row(label, ours, reference, 2.0 if n == 10**5 else None))
        print(large[-1], flush=True)
    for shape in ("Markov chain", "concave", "not monotone"):
        Z = curve(shape, 3000, rng)
        ours, best = best_time(lambda: optimal_schedule(Z, 12), 20, warmup=True)
        reference, slow = best_time(lambda: reference_errors(Z, 12), 2, warmup=True)
        assert abs(best.error - np.minimum.accumulate(slow)[-1]) <= 1e-9 * max(1.0, slow[-1])
        small.append(row(f"`optimal_schedule`, {shape}, n = 3,000, k = 12", ours, reference))
        print(small[-1], flush=True)
    note = (
        f"Best of several runs after a warm-up (references: one run); numba {numba.__version__}. References: "
        "in the first table, the same layered program run to k with a split table (for `optimal_schedule`) or "
        "run layer by layer until the target is met (for `min_steps_for_error`, whose k* equals the reference's, "
        "checked); in the second, the straightforward numpy program with an (n+1)×(n+1) cost matrix, O(kn²). "
        "Rows without a target are stress tests: sorted uniform noise (the worst case for the hull's branch "
        "prediction) and curves that are not monotone (the Li Chao path)."
    )
    write_table(
        "optimal_speed",
        "Optimal schedules against plain references in the same run;",
        pd.DataFrame(large),
        pd.DataFrame(small),
        note=note,
    )


if __name__ == "__main__":
    main()
