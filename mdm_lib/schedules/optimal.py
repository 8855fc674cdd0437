"""Optimal schedules: the best k-step left-Riemann approximation (Eq. 1, Theorem 4).

A step that covers positions ``a+1, ..., b`` (0-based partial sums ``a < b``)
costs ``c(a, b) = P_b - P_a - (b - a) Z_{a+1}`` with ``P`` the prefix sums of
``Z``, and the optimal errors obey the dynamic program

    F_0(0) = 0,    F_m(b) = min_{a < b} F_{m-1}(a) + c(a, b),    OPT(k) = F_k(n).

For a fixed start ``a`` the cost is an affine function of the end ``b``:
``F_{m-1}(a) + c(a, b) = [F_{m-1}(a) - P_a + a Z_{a+1}] - Z_{a+1} b + P_b``.
So each layer is a lower envelope of lines queried at ``b = 1, ..., n``:

* for a non-decreasing ``Z`` (every true information curve) the slopes
  ``-Z_{a+1}`` only decrease as lines are added and the queries only move
  right, so a monotone convex-hull trick evaluates a layer in ``O(n)``
  amortised time (the quadrangle inequality of ``c``, proved in chapter 02,
  is exactly this ordering);
* for any other finite curve (e.g. a noisy estimate) a Li Chao tree gives the
  same exact minimum in ``O(n log n)`` per layer.

Both paths are compiled with numba. ``k`` layers cost ``O(k n)`` time; the
schedule is read back from an ``int32`` table of split points (``4 k n`` bytes).
"""

from __future__ import annotations

from typing import NamedTuple

import numba
import numpy as np

from .._validate import as_curve, as_float_array, as_int
from .schedule import Schedule

#: Largest split-point table ``k * (n + 1)`` (int32 entries, 2 GB) that optimal_schedule allocates.
MAX_SPLIT_POINTS = 500_000_000


class OptimalSchedule(NamedTuple):
    """A schedule and its expected KL error."""

    sizes: Schedule
    """Step sizes ``s_1, ..., s_k`` (positive integers summing to n)."""
    error: float
    """Its expected KL error, ``expected_kl(Z, sizes)``, in the units of ``Z``."""


@numba.njit(cache=True)
def _layer_hull(F_prev, prefix, Z, F_new, choice, first, hull_z, hull_c, hull_x, hull_line):
    """Monotone convex-hull trick; requires Z non-decreasing (slopes non-increasing).

    ``F_prev[a]`` must be finite exactly for ``a >= first``. The hull is a queue
    of lines ``c - z b`` with strictly increasing ``z`` from head to tail;
    ``hull_x[i]`` is the point from which line i beats line i - 1. A new line
    drops tail lines it beats before they take over; a query at b moves the
    head past lines whose successor has taken over. Each step therefore
    compares one stored crossing point with b instead of evaluating two lines,
    which shortens the chain of dependent loads that bounds the speed; the
    first move of the head is written without a branch, because it happens in
    most queries but unpredictably.
    """
    n = Z.size
    F_new[: first + 1] = np.inf
    choice[: first + 1] = -1
    head, tail = 0, -1
    for b in range(first + 1, n + 1):
        a = b - 1
        z = Z[a]
        c = F_prev[a] - prefix[a] + a * z
        insert = True
        if tail >= head and hull_z[tail] == z:  # parallel to the tail line
            if c >= hull_c[tail]:
                insert = False  # never below it
            else:
                tail -= 1  # always below it
        if insert:
            x = -np.inf
            if tail >= head:
                x = (c - hull_c[tail]) / (z - hull_z[tail])
                while tail > head and x <= hull_x[tail]:
                    tail -= 1
                    x = (c - hull_c[tail]) / (z - hull_z[tail])
            tail += 1
            hull_z[tail], hull_c[tail], hull_x[tail], hull_line[tail] = z, c, x, a
        if head < tail:
            head += hull_x[head + 1] <= b
            while head < tail and hull_x[head + 1] <= b:
                head += 1
        best = hull_line[head]
        choice[b] = best
        F_new[b] = F_prev[best] + (prefix[b] - prefix[best]) - (b - best) * Z[best]


@numba.njit(cache=True)
def _layer_li_chao(F_prev, prefix, Z, F_new, choice, intercept, tree):
    """Li Chao tree over b in [1, size]: exact lower envelope for lines in any slope order."""
    n = Z.size
    size = tree.size // 2
    tree[:] = -1
    F_new[0] = np.inf
    for b in range(1, n + 1):
        a = b - 1
        if np.isfinite(F_prev[a]):
            intercept[a] = F_prev[a] - prefix[a] + a * Z[a]
            line, node, lo, hi = a, 1, 1, size
            while True:
                cur = tree[node]
                if cur < 0:
                    tree[node] = line
                    break
                mid = (lo + hi) // 2
                if intercept[line] - Z[line] * mid < intercept[cur] - Z[cur] * mid:
                    tree[node] = line
                    line, cur = cur, line
                if lo == hi:
                    break
                if intercept[line] - Z[line] * lo < intercept[cur] - Z[cur] * lo:
                    node, hi = 2 * node, mid
                elif intercept[line] - Z[line] * hi < intercept[cur] - Z[cur] * hi:
                    node, lo = 2 * node + 1, mid + 1
                else:
                    break
        best, best_value = -1, np.inf
        node, lo, hi = 1, 1, size
        while True:
            cur = tree[node]
            if cur >= 0:
                value = intercept[cur] - Z[cur] * b
                if value < best_value:
                    best, best_value = cur, value
            if lo == hi:
                break
            mid = (lo + hi) // 2
            if b <= mid:
                node, hi = 2 * node, mid
            else:
                node, lo = 2 * node + 1, mid + 1
        choice[b] = best
        F_new[b] = np.inf if best < 0 else F_prev[best] + (prefix[b] - prefix[best]) - (b - best) * Z[best]


@numba.njit(cache=True)
def _run_dp(Z, kmax, monotone, choices, target):
    """Run layers 1..kmax (stop early once ``F_m(n) <= target``); return ``F_m(n)`` per layer.

    ``choices`` is a (kmax, n + 1) table of split points to fill, or has no
    rows when the schedule is not needed.
    """
    n = Z.size
    prefix = np.zeros(n + 1)
    for j in range(n):
        prefix[j + 1] = prefix[j] + Z[j]
    size = 1
    while size < n:
        size *= 2
    n_hull = n if monotone else 0  # buffers of the path not taken stay empty
    hull_z, hull_c, hull_x = np.empty(n_hull), np.empty(n_hull), np.empty(n_hull)
    hull_line = np.empty(n_hull, dtype=np.int32)
    intercept = np.empty(n - n_hull)
    tree = np.empty(0 if monotone else 2 * size, dtype=np.int32)
    scratch = np.empty(n + 1, dtype=np.int32)
    F = np.full(n + 1, np.inf)
    F[0] = 0.0
    F_new = np.empty(n + 1)
    errors = np.empty(kmax)
    for m in range(kmax):
        choice = choices[m] if choices.shape[0] > 0 else scratch
        if monotone:
            _layer_hull(F, prefix, Z, F_new, choice, m, hull_z, hull_c, hull_x, hull_line)
        else:
            _layer_li_chao(F, prefix, Z, F_new, choice, intercept, tree)
        F, F_new = F_new, F
        errors[m] = F[n]
        if errors[m] <= target:
            return errors[: m + 1]
    return errors


def _dp(Z: np.ndarray, kmax: int, *, schedule: bool = False, target: float = -np.inf):
    """The DP on a validated curve: ``(errors, choices)`` for layers 1..kmax."""
    monotone = bool(np.all(np.diff(Z) >= 0))
    choices = np.empty((kmax if schedule else 0, Z.size + 1), dtype=np.int32)
    return _run_dp(Z, kmax, monotone, choices, target), choices


def optimal_schedule(Z: object, k: int) -> OptimalSchedule:
    """The k-step schedule with the smallest expected KL error (Eq. 1, Theorem 4).

    Minimises the Theorem 16 error over all compositions of n into k positive
    step sizes. Exact for any finite ``Z``; for a non-decreasing ``Z`` (an
    information curve) it is the minimiser of Eq. (1). ``O(k n)`` time for a
    non-decreasing ``Z``, ``O(k n log n)`` otherwise (see the module notes);
    for an estimated, noisy curve consider :func:`monotone_projection` first.

    Parameters
    ----------
    Z : array_like, shape (n,)
        Information curve (element ``j - 1`` is ``Z_j``).
    k : int
        Number of steps, ``1 <= k <= n``.

    Returns
    -------
    OptimalSchedule
        ``(sizes, error)``: one minimiser and its error.

    Examples
    --------
    >>> optimal_schedule([0.0, 1.0, 1.0, 1.0], 2)
    OptimalSchedule(sizes=Schedule([1, 3]), error=0.0)
    """
    Z = as_curve(Z)
    n = Z.size
    k = as_int(k, "k", low=1, high=n)
    if k * (n + 1) > MAX_SPLIT_POINTS:
        raise ValueError(
            f"k * (n + 1) = {k * (n + 1):,} split points exceed MAX_SPLIT_POINTS = {MAX_SPLIT_POINTS:,} "
            "(4 bytes each); use optimal_errors for the error alone, or a smaller k"
        )
    errors, choices = _dp(Z, k, schedule=True)
    bounds = [n]
    for m in reversed(range(k)):
        bounds.append(int(choices[m, bounds[-1]]))
    sizes = np.diff(bounds[::-1]).astype(np.int64)
    return OptimalSchedule(sizes=Schedule(sizes), error=float(errors[-1]))


def optimal_errors(Z: object, kmax: int) -> np.ndarray:
    """The optimal errors ``OPT(1), ..., OPT(kmax)`` (the error frontier).

    ``OPT(k)`` is the error of :func:`optimal_schedule` with k steps. One pass
    of the dynamic program gives them all, in ``O(kmax n)`` time and ``O(n)``
    memory for a non-decreasing ``Z``.

    Parameters
    ----------
    Z : array_like, shape (n,)
        Information curve.
    kmax : int
        Largest number of steps, ``1 <= kmax <= n``.

    Returns
    -------
    numpy.ndarray, shape (kmax,)
        Element ``k - 1`` is ``OPT(k)``; non-increasing when ``Z`` is
        non-decreasing, and ``OPT(n) = 0`` (up to rounding in the prefix sums).

    Examples
    --------
    >>> optimal_errors([0.0, 1.0, 1.5, 1.75], 4).tolist()
    [4.25, 1.25, 0.25, 0.0]
    """
    Z = as_curve(Z)
    kmax = as_int(kmax, "kmax", low=1, high=Z.size)
    return _dp(Z, kmax)[0]


def min_steps_for_error(Z: object, error: float) -> int:
    """The smallest k whose optimal schedule has error at most ``error``.

    Runs the dynamic program layer by layer and stops at the first
    ``OPT(k) <= error``, so it costs ``O(k n)`` for the k it returns. Always at
    most n.

    Parameters
    ----------
    Z : array_like, shape (n,)
        Information curve.
    error : float
        Target error (same units as ``Z``), ``>= 0``.

    Examples
    --------
    >>> min_steps_for_error([0.0, 1.0, 1.5, 1.75], 0.5)
    3
    """
    Z = as_curve(Z)
    error = float(as_float_array(error, "error"))
    if error < 0:
        raise ValueError(f"error must be >= 0, got {error!r}")
    return int(_dp(Z, Z.size, target=error)[0].size)
