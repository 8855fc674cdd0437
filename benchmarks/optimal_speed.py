"""Speed of mdm_lib.optimal against a straightforward O(k n^2) numpy DP.

Targets (issue 3): ``optimal_schedule`` at n = 10^6, k = 64 in <= 1 s; at
n = 3000, k = 12 at least 50x faster than the plain numpy DP below, run in the
same process; ``optimal_errors(Z, n)`` at n = 4096 in <= 2 s.

Each time is the best of several runs after one warm-up call (so numba's
compilation is excluded). The machine is shared: expect noise of tens of
percent. Prints a markdown table and writes it to
``benchmarks/results/optimal_speed.md``.

Run: ``.venv/bin/python benchmarks/optimal_speed.py``
"""

from __future__ import annotations

import numba
import numpy as np
from _common import best_time, machine, write_results
from tqdm import tqdm

from mdm_lib import optimal_errors, optimal_schedule, shaped_curve
from mdm_lib.families import markov_info_curve

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


def curve(shape: str, n: int, rng: np.random.Generator) -> np.ndarray:
    """Benchmark curves with Z_1 = 0, in bits."""
    if shape == "Markov chain":
        return markov_info_curve(TRANSITION, n)
    if shape == "noisy monotone":  # sorted uniforms: the hardest case for the hull
        return np.concatenate([[0.0], np.sort(rng.random(n - 1))])
    if shape == "not monotone":  # a noisy estimate: Li Chao path
        return 0.05 * rng.normal(size=n) + shaped_curve("concave", n)
    return shaped_curve(shape, n)


def main() -> None:
    rng = np.random.default_rng(0)
    cases = [  # (task, shape, n, k, target: ("seconds", s) or ("speed-up", x) or None, run the reference?)
        *[("optimal_schedule", s, 10**6, 64, ("seconds", 1.0), False)
          for s in ("Markov chain", "concave", "s-shaped", "step")],
        ("optimal_schedule", "noisy monotone", 10**6, 64, None, False),
        ("optimal_schedule", "not monotone", 10**5, 64, None, False),
        *[("optimal_schedule", s, 3000, 12, ("speed-up", 50), True) for s in ("Markov chain", "concave")],
        ("optimal_schedule", "not monotone", 3000, 12, None, True),
        ("optimal_errors", "Markov chain", 4096, 4096, ("seconds", 2.0), False),
        ("optimal_errors", "not monotone", 4096, 4096, None, False),
        ("optimal_errors", "Markov chain", 400, 400, None, True),
    ]
    rows = []
    for task, shape, n, k, target, with_reference in tqdm(cases, desc="benchmark"):
        Z = curve(shape, n, rng)
        function = optimal_schedule if task == "optimal_schedule" else optimal_errors
        repeats = 3 if n * k > 10**7 else 20
        ours, _ = best_time(lambda: function(Z, k), repeats, warmup=True)
        if with_reference:
            reference, _ = best_time(lambda: reference_errors(Z, k), 2, warmup=True)
            fast, slow = optimal_errors(Z, k), reference_errors(Z, k)
            assert np.allclose(fast, slow, rtol=1e-9, atol=1e-9), "fast DP disagrees with the reference"
            assert abs(optimal_schedule(Z, k).error - slow[-1]) <= 1e-9 * max(1.0, slow[-1])
            ref_text, ratio_text = f"{reference:.3f}", f"{reference / ours:,.0f}x"
        else:
            ref_text = ratio_text = "-"
        if target is None:
            target_text = verdict = "-"
        elif target[0] == "seconds":
            target_text, verdict = f"<= {target[1]:g} s", "yes" if ours <= target[1] else "NO"
        else:
            target_text, verdict = f">= {target[1]:g}x", "yes" if reference / ours >= target[1] else "NO"
        rows.append(
            f"| `{task}` | {shape} | {n:,} | {k:,} | {ours:.4f} | {ref_text} | {ratio_text} "
            f"| {target_text} | {verdict} |"
        )
    header = [
        "| task | curve | n | k | time (s) | O(k n^2) numpy DP (s) | speed-up | target | met |",
        "|---|---|---:|---:|---:|---:|---:|---|---|",
    ]
    note = (
        f"\nBest of several runs after a warm-up; numba {numba.__version__}; {machine()}. "
        "Rows without a target are stress tests: "
        "sorted uniform noise (the worst case for the hull's branch prediction) and curves that are not "
        "monotone (the Li Chao path).\n"
    )
    write_results("optimal_speed", "\n".join(header + rows) + "\n" + note)


if __name__ == "__main__":
    main()
