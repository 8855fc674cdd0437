r"""Optimal schedules: the best k-step left-Riemann approximation (Eq. 1, Theorem 4).

A step that covers positions ``a+1, ..., b`` (0-based partial sums ``a < b``)
costs ``c(a, b) = P_b - P_a - (b - a) Z_{a+1}`` with ``P`` the prefix sums of
``Z``, and the optimal errors over schedules of ``m`` non-empty steps obey the
dynamic program

.. math::

    F_0(0) = 0, \qquad F_m(b) = \min_{a < b}\, F_{m-1}(a) + c(a, b), \qquad
    \mathrm{OPT}^+(m) = F_m(n).

For a non-decreasing ``Z`` (every true information curve) splitting a step
never hurts, so ``OPT+`` is non-increasing and k steps some of which are empty
never beat k non-empty ones; :func:`optimal_schedule` minimises ``OPT+(k)``
and uses empty steps only to break ties (see there).

For a fixed start ``a`` the cost is an affine function of the end ``b``:
``F_{m-1}(a) + c(a, b) = [F_{m-1}(a) - P_a + a Z_{a+1}] - Z_{a+1} b + P_b``.
So each layer is a lower envelope of lines queried at ``b = 1, ..., n``:

* for a non-decreasing ``Z`` the slopes ``-Z_{a+1}`` only decrease as lines
  are added and the queries only move right, so a monotone convex-hull trick
  evaluates a layer in ``O(n)`` amortised time (the quadrangle inequality of
  ``c``, proved in chapter 02, is exactly this ordering);
* for any other finite curve (e.g. a noisy estimate) a Li Chao tree gives the
  same exact minimum in ``O(n log n)`` per layer.

Both paths are compiled with numba. ``k`` layers cost ``O(k n)`` time; the
schedule is read back from an ``int32`` table of split points (``4 k n`` bytes).

The quadrangle inequality also makes ``OPT(k)`` convex in ``k``, which
:func:`min_steps_for_error` uses: with a price ``λ`` per step, one ``O(n)``
hull pass minimises ``error + λ · steps`` over every number of steps
(Lagrangian relaxation, the "Aliens" trick), and a few prices find the
smallest ``k`` meeting a target without running ``k`` layers.

No error depends on a constant added to ``Z``, so the curve is centred first
(``Z - Z_1``) and every tolerance is taken on the centred curve: an offset of
1e8 changes neither the schedule nor its error. It is then scaled by a power of
two (exact in floating point), so curves with values near the float64 limit do
not overflow. A curve that decreases nowhere by more than the rounding
tolerance of every check of a curve (``MONOTONE_TOL`` = 1e-9, relative)
counts as non-decreasing: the program runs on its running maximum (the hull
path), and the error of the schedule found is that of the given curve.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
from numpy.typing import ArrayLike

from .._deprecation import renamed_keyword
from .._kernels import _kernels
from .._validate import as_curve, as_nonnegative_real, as_steps, monotone_tolerance
from .schedule import Schedule

#: Largest split-point table ``k * (n + 1)`` (int32 entries, 2 GB) that optimal_schedule allocates.
MAX_SPLIT_POINTS = 500_000_000
#: Largest dynamic-program size ``k * n`` (layers times positions, about a minute) any function here runs.
MAX_DP_CELLS = 10**10
#: Errors within this relative distance of the optimum count as ties (float rounding, see optimal_schedule).
_TIE_RTOL = 1e-12


class OptimalSchedule(NamedTuple):
    """A schedule and its expected KL error, as returned by :func:`optimal_schedule`.

    Attributes
    ----------
    sizes : Schedule
        Step sizes ``s_1, ..., s_k`` (non-negative integers summing to n; empty steps come last).
    error : float
        Their expected KL error, ``expected_kl(Z, sizes)``, in the units of ``Z``.

    Raises
    ------
    TypeError
        If a field is missing; the fields are not validated (:func:`optimal_schedule` computes them).

    Examples
    --------
    >>> best = optimal_schedule([0.0, 1.0, 1.0], 2)
    >>> best.sizes, best.error, best == ([1, 2], 0.0)
    (Schedule([1, 2]), 0.0, True)
    """

    sizes: Schedule
    """Step sizes ``s_1, ..., s_k`` (non-negative integers summing to n; empty steps come last)."""
    error: float
    """Its expected KL error, ``expected_kl(Z, sizes)``, in the units of ``Z``."""


def _nodes_error(Z: np.ndarray, prefix: np.ndarray, nodes: np.ndarray) -> float:
    """Theorem 16 error of the schedule with these (strictly increasing) nodes."""
    a, b = nodes[:-1], nodes[1:]
    return float(np.sum(prefix[b] - prefix[a] - (b - a) * Z[a]))


class _Curve(NamedTuple):
    """A validated curve as the program sees it (see the module notes)."""

    program: np.ndarray  # centred, scaled, and replaced by its running maximum if it is non-decreasing
    given: np.ndarray  # centred and scaled: the curve whose errors are reported
    exponent: int  # the scaling: Z - Z_1 = ldexp(given, exponent)
    monotone: bool  # non-decreasing within the tolerance of every check of a curve


def _exponent(values: np.ndarray) -> int:
    """The power of two that brings ``max |values|`` into ``[0.5, 1)`` (0 for a zero array)."""
    top = float(np.abs(values).max())
    return int(np.frexp(top)[1]) if top > 0 else 0


def _prepare(Z: ArrayLike) -> _Curve:
    """Validate ``Z``; centre it and scale it by powers of two (both exact where it matters: the scaled
    values lie in (-1, 1), so ``Z_j - Z_1`` is rounded once, as the error itself would round it)."""
    Z = as_curve(Z)
    outer = _exponent(Z)
    centred = np.ldexp(Z, -outer)
    centred = centred - centred[0]
    inner = _exponent(centred)
    given = np.ldexp(centred, -inner)
    exponent = outer + inner
    with np.errstate(over="ignore"):
        unit = float(np.ldexp(1.0, -exponent))  # the value 1 of Z's units, in the scaled units
    steps = np.diff(given)
    monotone = bool((steps >= -monotone_tolerance(given, unit=unit)).all())
    program = np.maximum.accumulate(given) if monotone and (steps < 0).any() else given
    return _Curve(program, given, exponent, monotone)


def _unscale(errors: ArrayLike, exponent: int) -> np.ndarray:
    """Undo the scaling of :func:`_prepare`; raise if an error does not fit in float64."""
    with np.errstate(over="ignore"):
        value = np.ldexp(np.asarray(errors, dtype=float), exponent)
    if not np.isfinite(value).all():
        raise ValueError("Z is so large that the error overflows float64; rescale Z (e.g. to other units)")
    return value


def _tie_tolerance(Z: np.ndarray, k: int) -> float:
    """Absolute slack under which two errors of k-step schedules for ``Z`` count as equal: each step
    cost ``P_b - P_a - (b - a) Z_a`` is rounded by a few ulps of ``sum |Z|``."""
    rounding = 4 * (k + 1) * np.finfo(float).eps * float(np.abs(Z).sum())
    return _TIE_RTOL * float(np.abs(Z - Z[0]).sum()) + rounding


def _check_work(k: int, n: int, name: str) -> None:
    if k * n > MAX_DP_CELLS:
        raise ValueError(
            f"{name} = {k:,} with n = {n:,} needs {name} * n = {k * n:,} dynamic-program cells, more than "
            f"MAX_DP_CELLS = {MAX_DP_CELLS:,} (about a minute); use a smaller {name}"
        )


def _dp(Z: np.ndarray, layers: int, monotone: bool, *, schedule: bool = False, target: float = -np.inf):
    """The DP on a validated (scaled) curve: ``(errors, choices)`` for layers 1..layers."""
    choices = np.empty((layers if schedule else 0, Z.size + 1), dtype=np.int32)
    return _kernels()._run_dp(Z, layers, monotone, choices, target), choices


def _balance(Z: np.ndarray, prefix: np.ndarray, nodes: np.ndarray, limit: float) -> np.ndarray:
    """Move each interior node, in turn, to the position closest to the midpoint of its
    neighbours (the lower one on a tie) among those keeping the total error ``<= limit``;
    repeat until no node moves."""
    nodes = nodes.copy()
    total = _nodes_error(Z, prefix, nodes)
    for _ in range(4 * nodes.size + 16):  # each sweep only moves nodes closer to balance
        moved = False
        for i in range(1, nodes.size - 1):
            a, b, here = int(nodes[i - 1]), int(nodes[i + 1]), int(nodes[i])
            x = np.arange(a + 1, b)
            local = (prefix[b] - prefix[a]) - (x - a) * Z[a] - (b - x) * Z[x]
            ok = total - local[here - a - 1] + local <= limit
            candidates = x[ok]
            best = int(candidates[np.argmin(np.abs(2 * candidates - (a + b)) * 2 + (2 * candidates > a + b))])
            if best != here:
                total += local[best - a - 1] - local[here - a - 1]
                nodes[i] = best
                moved = True
        if not moved:
            break
    return nodes


def optimal_schedule(Z: ArrayLike, k: int) -> OptimalSchedule:
    r"""The k-step schedule with the smallest expected KL error (Eq. 1, Theorem 4).

    Minimises the Theorem 16 error over all schedules of ``min(k, n)``
    non-empty steps (positive sizes summing to n); when ``k > n`` the other
    steps are empty. Exact for any finite ``Z``; for a
    non-decreasing ``Z`` (an information curve) it is the minimiser of
    Eq. (1), and no schedule with fewer (or empty) steps does better. For
    any other ``Z`` fewer steps can do strictly better; they are not
    considered unless they tie. ``O(k n)`` time for a non-decreasing ``Z``, ``O(k n log n)``
    otherwise (see the module notes); for an estimated, noisy curve consider
    :func:`monotone_projection` first.

    Ties are broken by a fixed rule. Among the schedules of at most k
    non-empty steps whose error is within ``1e-12`` (relative to
    ``sum |Z - Z_1|``, plus ``4 (k + 1)`` float64 roundings of ``sum |Z|``) of the optimum:

    1. the fewest non-empty steps (so a product law gets one step, and a step
       curve two); the empty steps come last;
    2. then the most even sizes: each interior node, in turn, moves to the
       position closest to the midpoint of its two neighbours (the lower one
       on a tie) among those keeping the error optimal, until no node moves.

    Parameters
    ----------
    Z : array_like, shape (n,)
        Information curve (element ``j - 1`` is ``Z_j``).
    k : int
        Number of steps, ``1 <= k <= MAX_SCHEDULE_STEPS`` (steps beyond n are empty).

    Returns
    -------
    OptimalSchedule
        ``(sizes, error)``: the minimiser chosen by the rule above and its error.

    Raises
    ------
    TypeError
        If ``Z`` is not numeric or ``k`` is not an integer.
    ValueError
        If ``Z`` is not a finite non-empty 1-d curve, ``k`` is outside
        ``[1, MAX_SCHEDULE_STEPS]``, ``min(k, n) * (n + 1)`` exceeds
        ``MAX_SPLIT_POINTS``, or the error overflows float64.

    See Also
    --------
    expected_kl : the error of any schedule.
    optimal_errors : the optimal error for every number of steps up to k.
    min_steps_for_error : the fewest steps that reach a target error.
    monotone_projection : make an estimated curve non-decreasing first.

    Notes
    -----
    For a non-decreasing curve this is Eq. (1) and Theorem 4: over node sets
    :math:`1 = N_1 < \dots < N_k \le n`,

    .. math::

        \mathbf N^{*,k} = \mathop{\mathrm{argmin}}_{N}\ \lVert Z - Z^{N} \rVert_{L^1},
        \qquad s_t = N^{*,k}_{t+1} - N^{*,k}_t ,

    with :math:`N^{*,k}_{k+1} = n + 1`.

    Examples
    --------
    >>> optimal_schedule([0.0, 1.0, 1.0, 1.0], 2)
    OptimalSchedule(sizes=Schedule([1, 3]), error=0.0)
    >>> # a step curve: two steps suffice
    >>> optimal_schedule([0.0, 0.0, 1.0, 1.0, 1.0, 1.0], 4)
    OptimalSchedule(sizes=Schedule([2, 4, 0, 0]), error=0.0)
    >>> optimal_schedule(np.zeros(6), 3).sizes                 # a product law: one step
    Schedule([6, 0, 0])
    """
    curve = _prepare(Z)
    Zs, factor, monotone = curve.program, curve.exponent, curve.monotone
    n = Zs.size
    requested = as_steps(k)
    k = min(requested, n)
    if k * (n + 1) > MAX_SPLIT_POINTS:
        raise ValueError(
            f"k = {k:,} with n = {n:,} needs a table of k * (n + 1) = {k * (n + 1):,} split points, "
            f"more than MAX_SPLIT_POINTS = {MAX_SPLIT_POINTS:,} (4 bytes each); use optimal_errors for the "
            "error alone, or a smaller k"
        )
    prefix = _kernels()._prefix_sums(Zs)
    tolerance = _tie_tolerance(Zs, k)
    found = _lagrangian_schedule(Zs, prefix, k, tolerance) if monotone and k >= _LAGRANGIAN_FROM_K else None
    if found is None:
        errors, choices = _dp(Zs, k, monotone, schedule=True)
        best = float(errors[-1])
        steps = int(np.argmax(np.abs(errors - best) <= tolerance)) + 1
        backwards = [n]
        for m in reversed(range(steps)):
            backwards.append(int(choices[m, backwards[-1]]))
        found = np.array(backwards[::-1], dtype=np.int64), best
    nodes, best = found
    steps = nodes.size - 1
    nodes = _balance(Zs, prefix, nodes, best + tolerance)
    sizes = np.concatenate([np.diff(nodes), np.zeros(requested - steps, dtype=np.int64)])
    if curve.given is not Zs:  # the program ran on the running maximum: the error is the given curve's
        prefix = _kernels()._prefix_sums(curve.given)
    return OptimalSchedule(
        sizes=Schedule(sizes), error=float(_unscale(_nodes_error(curve.given, prefix, nodes), factor))
    )


@renamed_keyword("kmax", "k")
def optimal_errors(Z: ArrayLike, k: int) -> np.ndarray:
    """The optimal errors ``OPT(1), ..., OPT(k)`` (the error frontier).

    ``OPT(j)`` is the error of :func:`optimal_schedule` with j steps. One pass
    of the dynamic program gives them all, in ``O(k n)`` time and ``O(n)``
    memory for a non-decreasing ``Z``. Beyond n steps ``OPT(j) = OPT(n)``
    (the extra steps are empty).

    Parameters
    ----------
    Z : array_like, shape (n,)
        Information curve.
    k : int
        Largest number of steps, ``1 <= k <= MAX_SCHEDULE_STEPS``, with
        ``min(k, n) * n`` at most ``MAX_DP_CELLS`` (formerly ``kmax``).

    Returns
    -------
    numpy.ndarray, shape (k,)
        Element ``j - 1`` is ``OPT(j)``; non-increasing, with
        ``OPT(n) = 0``, when ``Z`` is non-decreasing (up to rounding in the
        prefix sums).

    Raises
    ------
    TypeError
        If ``Z`` is not numeric or ``k`` is not an integer.
    ValueError
        If ``Z`` is not a finite non-empty 1-d curve, ``k`` is outside
        ``[1, MAX_SCHEDULE_STEPS]``, ``min(k, n) * n`` exceeds ``MAX_DP_CELLS``,
        or an error overflows float64.

    Examples
    --------
    >>> optimal_errors([0.0, 1.0, 1.5, 1.75], 4).tolist()
    [4.25, 1.25, 0.25, 0.0]
    """
    curve = _prepare(Z)
    Zs, factor, monotone = curve.program, curve.exponent, curve.monotone
    requested = as_steps(k)
    layers = min(requested, Zs.size)
    _check_work(layers, Zs.size, "k")
    errors = _unscale(_dp(Zs, layers, monotone)[0], factor)
    return np.concatenate([errors, np.full(requested - layers, errors[-1])])


def min_steps_for_error(Z: ArrayLike, eps: float) -> int:
    """The smallest k whose optimal schedule has error at most ``eps``.

    Always at most n (``OPT(n) = 0`` for a non-decreasing ``Z``; n is
    returned if no smaller k qualifies).

    For a non-decreasing ``Z``, ``OPT(k)`` is convex in k, and a price ``λ``
    per step turns the k-step problem into one ``O(n)`` pass whose minimiser
    has some number of steps ``c(λ)`` and error ``OPT(c(λ))``. Starting from
    ``k = 1`` and ``k = n``, the price is set to the slope of the chord
    between the closest known ``k`` below and above the target; the pass
    either finds a point of the frontier strictly below that chord, which
    narrows the bracket, or shows that the chord is an edge of the frontier,
    on which ``OPT`` is linear and the answer is read off exactly (also on
    plateaus and ties). A few dozen passes suffice in practice. For any other
    ``Z`` the layered dynamic program runs until ``OPT(k) <= eps``
    (``O(k n log n)``).

    Parameters
    ----------
    Z : array_like, shape (n,)
        Information curve.
    eps : float
        Target error (same units as ``Z``), ``>= 0``.

    Returns
    -------
    int
        The smallest k in ``[1, n]`` with ``OPT(k) <= eps``.

    Raises
    ------
    TypeError
        If ``Z`` or ``eps`` is not numeric (bools are refused).
    ValueError
        If ``Z`` is not a finite non-empty 1-d curve or ``eps`` is negative or
        not finite; for a ``Z`` that is not non-decreasing, if the layered
        program would exceed ``MAX_DP_CELLS``.

    Examples
    --------
    >>> min_steps_for_error([0.0, 1.0, 1.5, 1.75], 0.5)
    3
    >>> # a step curve: one node at the jump
    >>> min_steps_for_error([0.0, 0.0, 1.0, 1.0], 0.0)
    2
    """
    curve = _prepare(Z)
    Zs, factor, monotone = curve.program, curve.exponent, curve.monotone
    with np.errstate(over="ignore"):
        eps = float(np.ldexp(as_nonnegative_real(eps, "eps"), -factor))
    n = Zs.size
    if not monotone:
        layers = min(n, MAX_DP_CELLS // n)
        errors = _dp(Zs, layers, False, target=eps)[0]
        if errors[-1] > eps and layers < n:
            raise ValueError(
                "Z is not non-decreasing, so min_steps_for_error runs the layered program, and "
                f"eps = {float(np.ldexp(eps, factor)):g} "
                f"needs more than {layers:,} steps at n = {n:,} (MAX_DP_CELLS = {MAX_DP_CELLS:,}); "
                "use a larger eps or monotone_projection(Z)"
            )
        return int(errors.size)
    return _min_steps_monotone(Zs, eps)


#: Largest number of penalised passes of a chord search (never reached in tests).
_MAX_PASSES = 200
#: optimal_schedule tries the Lagrangian search (about 20 O(n) passes) first from this many steps on.
_LAGRANGIAN_FROM_K = 32


class _Bracket(NamedTuple):
    low_k: int
    low_error: float
    high_k: int
    high_error: float
    nodes: np.ndarray | None  # of a pass that hit the wanted number of steps


def _chord_search(
    Z: np.ndarray, prefix: np.ndarray, is_low, *, wanted: int = 0, min_price: float = 0.0
) -> _Bracket:
    """Narrow a bracket ``low_k < high_k`` of points of the convex frontier of a non-decreasing ``Z``.

    Starts from ``k = 1`` and ``k = n``. Each pass prices a step at the slope of the chord between
    the two ends and solves the penalised problem: its minimiser is a frontier point with ``steps``
    steps; ``is_low(steps, error)`` says which end it replaces. Stops when the ends are adjacent,
    when the pass finds no point strictly below the chord (the chord is an edge of the frontier,
    on which OPT is linear), when the price drops to ``min_price``, or when a pass has exactly
    ``wanted`` steps (its nodes are returned).
    """
    n = Z.size
    low_k, low_error, high_k, high_error = 1, float(prefix[n] - n * Z[0]), n, 0.0  # n steps: error 0
    buffers = (
        np.empty(n + 1),
        np.empty(n + 1, dtype=np.int32),
        np.empty(n),
        np.empty(n),
        np.empty(n),
        np.empty(n, dtype=np.int32),
    )
    for _ in range(_MAX_PASSES):
        price = (low_error - high_error) / (high_k - low_k) if high_k > low_k + 1 else 0.0
        if price <= min_price or high_k == low_k + 1:
            return _Bracket(low_k, low_error, high_k, high_error, None)
        nodes = _kernels()._penalised_nodes(Z, prefix, price, *buffers)
        steps, error = nodes.size - 1, _nodes_error(Z, prefix, nodes)
        if steps == wanted:
            return _Bracket(low_k, low_error, high_k, high_error, nodes)
        chord = low_error + price * low_k
        if not low_k < steps < high_k or error + price * steps >= chord - 1e-12 * (abs(chord) + abs(error)):
            return _Bracket(low_k, low_error, high_k, high_error, None)
        if is_low(steps, error):
            low_k, low_error = steps, error
        else:
            high_k, high_error = steps, error
    raise RuntimeError("the chord search on the error frontier did not converge")  # pragma: no cover


def _lagrangian_schedule(Z: np.ndarray, prefix: np.ndarray, k: int, tolerance: float):
    """``(nodes, error)`` of an optimal k-step schedule of a non-decreasing ``Z`` whose k non-empty
    steps are all needed, or None (k lies on a straight piece of the frontier, or a price per step
    of at most ``tolerance`` would be needed: possible ties, left to the layered program).

    A pass with k steps at price ``λ > tolerance`` gives ``OPT(k-1) - OPT(k) >= λ``: no fewer steps
    reach its error."""
    if not 1 < k < Z.size:
        return None
    bracket = _chord_search(Z, prefix, lambda steps, error: steps < k, wanted=k, min_price=tolerance)
    if bracket.nodes is None:
        return None
    return bracket.nodes, _nodes_error(Z, prefix, bracket.nodes)


def _min_steps_monotone(Z: np.ndarray, eps: float) -> int:
    """Chord search on the convex frontier of a non-decreasing curve (see min_steps_for_error)."""
    prefix = _kernels()._prefix_sums(Z)
    if prefix[Z.size] - Z.size * Z[0] <= eps:
        return 1
    low_k, low_error, high_k, high_error, _ = _chord_search(Z, prefix, lambda steps, error: error > eps)
    return high_k if high_k == low_k + 1 else _first_on_edge(low_k, low_error, high_k, high_error, eps)


def _first_on_edge(low_k: int, low_error: float, high_k: int, high_error: float, eps: float) -> int:
    """Smallest k in (low_k, high_k] with the linear interpolation of OPT at k ``<= eps``."""
    width = high_k - low_k

    def above(k: int) -> bool:  # OPT(k) > eps, multiplied through by the width (exact for integer data)
        return low_error * (high_k - k) + high_error * (k - low_k) > eps * width

    k = low_k + int(np.ceil((low_error - eps) * width / (low_error - high_error)))
    k = min(max(k, low_k + 1), high_k)
    while k > low_k + 1 and not above(k - 1):
        k -= 1
    while k < high_k and above(k):
        k += 1
    return k
