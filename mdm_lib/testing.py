"""Brute-force references shared by the tests and the notebooks.

Each function computes a quantity straight from its definition in the paper, by plain loops or
exhaustive enumeration, so that the fast paths of :mod:`mdm_lib` can be checked against it. They import
only numpy and the standard library and share no code with the rest of the package: a bug in a fast path
cannot hide in its reference. They are exponential in ``n``; the enumerations state the size they refuse.

Use them as ``mdm.testing.brute_force_frontier(Z)`` after ``import mdm_lib as mdm`` (the module is loaded on
first use, like :mod:`numpy.testing`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from itertools import combinations, product
from math import comb, prod

import numpy as np
from numpy.typing import ArrayLike

__all__ = [
    "bernoulli_enumeration",
    "brute_force_frontier",
    "compositions",
    "entropy_curve_by_definition",
    "entropy_of",
    "info_curve_by_definition",
    "riemann_error",
    "signed_riemann_error",
]

#: Names before issue 14 (they said the theorem, not the concept), served with a DeprecationWarning.
_RENAMED = {"theorem16_cost": "signed_riemann_error"}


def __getattr__(name: str) -> object:
    if name in _RENAMED:
        import warnings

        warnings.warn(
            f"{__name__}.{name} is deprecated and will be removed in the next version of mdm_lib; "
            f"use {__name__}.{_RENAMED[name]}",
            DeprecationWarning,
            stacklevel=2,
        )
        return globals()[_RENAMED[name]]
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


#: Largest n for :func:`brute_force_frontier` (it holds 2^(n-1) node sets of n positions).
MAX_FRONTIER_N = 20
#: Largest number of step assignments ``(len(probs) + 1) ** n`` that :func:`bernoulli_enumeration` visits.
MAX_ASSIGNMENTS = 10**6


def _table(p: ArrayLike) -> np.ndarray:
    table = np.asarray(p, dtype=float)
    if table.ndim < 1 or not np.all(np.isfinite(table)) or np.any(table < 0):
        raise ValueError("p must be a table of finite non-negative probabilities with at least one axis")
    return table


def _curve(Z: ArrayLike, *, allow_empty: bool = False) -> np.ndarray:
    curve = np.asarray(Z, dtype=float)
    if curve.ndim != 1 or (curve.size == 0 and not allow_empty) or not np.all(np.isfinite(curve)):
        raise ValueError(f"Z must be a {'' if allow_empty else 'non-empty '}1-d array of finite numbers")
    return curve


def _sizes(sizes: Sequence[int], n: int) -> list[int]:
    steps = [int(s) for s in sizes]
    if any(s != t or s < 0 for s, t in zip(steps, sizes, strict=True)) or sum(steps) != n:
        raise ValueError(f"sizes must be non-negative integers summing to n = {n}, got {list(sizes)}")
    return steps


def entropy_of(p: ArrayLike, subset: Sequence[int], base: float = 2.0) -> float:
    """Entropy H(X_S) of the positions in ``subset``, by summing the table over the other axes.

    Parameters
    ----------
    p : array_like
        A law: a table of shape (q_1, ..., q_n).
    subset : sequence of int
        The positions S (0-based); the empty subset has entropy 0.
    base : float, default 2
        Logarithm base (2: bits).

    Returns
    -------
    float
        H(X_S) in units of ``log(base)``.

    Raises
    ------
    ValueError
        If ``p`` is not a table of finite non-negative numbers.

    Examples
    --------
    >>> round(entropy_of(np.full((2, 2), 0.25), (0,)), 12)
    1.0
    """
    table = _table(p)
    others = tuple(i for i in range(table.ndim) if i not in subset)
    m = table.sum(axis=others).ravel()
    m = m[m > 0]
    return float(-(m * np.log(m)).sum() / np.log(base))


def info_curve_by_definition(p: ArrayLike, base: float = 2.0) -> np.ndarray:
    """Information curve ``Z_j = E I(X_i; X_S)`` over every ``(S, i)`` with ``|S| = j - 1``, ``i`` not
    in ``S`` (Definition 3).

    Parameters
    ----------
    p : array_like
        A law: a table of shape (q_1, ..., q_n).
    base : float, default 2
        Logarithm base (2: bits).

    Returns
    -------
    numpy.ndarray
        Z_1, ..., Z_n.

    Raises
    ------
    ValueError
        If ``p`` is not a table of finite non-negative numbers.

    Examples
    --------
    >>> info_curve_by_definition(np.array([[0.5, 0.0], [0.0, 0.5]])).round(12).tolist()
    [0.0, 1.0]
    """
    table = _table(p)
    n = table.ndim
    Z = []
    for j in range(1, n + 1):
        total, count = 0.0, 0
        for S in combinations(range(n), j - 1):
            for i in range(n):
                if i in S:
                    continue
                total += entropy_of(table, (i,), base) + entropy_of(table, S, base)
                total -= entropy_of(table, (*S, i), base)
                count += 1
        Z.append(total / count)
    return np.array(Z)


def entropy_curve_by_definition(p: ArrayLike, base: float = 2.0) -> np.ndarray:
    """Entropy curve: the mean of H(X_S) over every subset S of size m, for m = 0, ..., n.

    Parameters
    ----------
    p : array_like
        A law: a table of shape (q_1, ..., q_n).
    base : float, default 2
        Logarithm base (2: bits).

    Returns
    -------
    numpy.ndarray
        n + 1 values, from 0 (empty subset) to H(X).

    Raises
    ------
    ValueError
        If ``p`` is not a table of finite non-negative numbers.

    Examples
    --------
    >>> entropy_curve_by_definition(np.full((2, 2), 0.25)).round(12).tolist()
    [0.0, 1.0, 2.0]
    """
    table = _table(p)
    n = table.ndim
    means = []
    for m in range(n + 1):
        means.append(sum(entropy_of(table, S, base) for S in combinations(range(n), m)) / comb(n, m))
    return np.array(means)


def compositions(n: int, k: int) -> Iterator[list[int]]:
    """Every composition of ``n`` into ``k`` positive parts, in lexicographic order of the cut points.

    Parameters
    ----------
    n : int
        The number of positions, n >= 1.
    k : int
        The number of steps, 1 <= k <= n.

    Yields
    ------
    list of int
        Step sizes s_1, ..., s_k, all positive, summing to n.

    Raises
    ------
    ValueError
        If ``k`` is not in 1..n.

    Examples
    --------
    >>> list(compositions(4, 2))
    [[1, 3], [2, 2], [3, 1]]
    """
    if not 1 <= k <= n:
        raise ValueError(f"k must be in 1..n = {n}, got {k}")
    for cuts in combinations(range(1, n), k - 1):
        bounds = (0, *cuts, n)
        yield [b - a for a, b in zip(bounds[:-1], bounds[1:], strict=True)]


def signed_riemann_error(Z: ArrayLike, sizes: Sequence[int]) -> float:
    """The sum over steps of sum_j (Z_j - Z_start) over the positions j of the step, by loops (Theorem 16).

    For a non-decreasing curve this is the expected KL error of the schedule (Theorem 4/16); for any curve
    it is the signed Riemann error that the optimal-schedule program minimises (:func:`riemann_error` sums
    absolute values). Empty steps cost nothing, and so does an empty curve (the cost of one step over
    positions a+1..b is ``signed_riemann_error(Z[a:b], [b - a])``). Formerly ``theorem16_cost``.

    Parameters
    ----------
    Z : array_like
        A curve Z_1, ..., Z_n (n = 0 allowed).
    sizes : sequence of int
        Non-negative step sizes summing to n.

    Returns
    -------
    float
        The cost.

    Raises
    ------
    ValueError
        If ``Z`` is not a finite 1-d curve or ``sizes`` do not sum to n.

    Examples
    --------
    >>> signed_riemann_error([0.0, 0.5, 0.75, 1.0], [2, 0, 2])
    0.75
    """
    curve = _curve(Z, allow_empty=True)
    total, start = 0.0, 0
    for s in _sizes(sizes, curve.size):
        for j in range(start, start + s):
            total += curve[j] - curve[start]
        start += s
    return float(total)


def riemann_error(Z: ArrayLike, sizes: Sequence[int]) -> float:
    r""":math:`\lVert Z - Z^N\rVert_1` of Definition 2 and Eq. (1): Z against its left-Riemann steps.

    Parameters
    ----------
    Z : array_like
        A curve Z_1, ..., Z_n.
    sizes : sequence of int
        Non-negative step sizes summing to n.

    Returns
    -------
    float
        The L1 distance.

    Raises
    ------
    ValueError
        If ``Z`` is not a finite 1-d curve or ``sizes`` do not sum to n.

    Examples
    --------
    >>> riemann_error([0.0, 1.0, 0.0], [3])
    1.0
    """
    curve = _curve(Z)
    approx = np.empty_like(curve)
    node = 0
    for s in _sizes(sizes, curve.size):
        approx[node : node + s] = curve[node] if s else 0.0
        node += s
    return float(np.abs(curve - approx).sum())


def brute_force_frontier(Z: ArrayLike, *, signed: bool = False) -> np.ndarray:
    r"""Eq. (1) by brute force: :math:`\min_N \lVert Z - Z^N\rVert_1` over all node sets, for k = 1, ..., n.

    The minimum runs over every node set :math:`1 = N_1 < \dots < N_k \le n`; all
    :math:`2^{n-1}` node sets are enumerated at once. ``signed=True`` sums :math:`Z - Z^N`
    instead (the Theorem 16 cost, which is what the optimal-schedule program minimises on a
    curve that is not non-decreasing).

    Parameters
    ----------
    Z : array_like
        A curve Z_1, ..., Z_n with n <= ``mdm_lib.testing.MAX_FRONTIER_N``.
    signed : bool, default False
        Sum the signed differences instead of their absolute values.

    Returns
    -------
    numpy.ndarray
        The least error with exactly k steps, for k = 1, ..., n.

    Raises
    ------
    ValueError
        If ``Z`` is not a finite 1-d curve, or n > ``mdm_lib.testing.MAX_FRONTIER_N``.

    Examples
    --------
    >>> Z = np.array([0.0, 0.1, 0.8, 1.0])
    >>> best = [min(signed_riemann_error(Z, s) for s in compositions(4, k))
    ...         for k in range(1, 5)]
    >>> bool(np.allclose(brute_force_frontier(Z), best))
    True
    """
    curve = _curve(Z)
    n = curve.size
    if n > MAX_FRONTIER_N:
        raise ValueError(f"Z has n = {n} positions: 2^(n-1) node sets are enumerated, n <= {MAX_FRONTIER_N}")
    masks = np.arange(2 ** (n - 1))
    nodes = np.ones((masks.size, n), dtype=bool)  # column 0 is the node N_1 = 1
    nodes[:, 1:] = (masks[:, None] >> np.arange(n - 1)) & 1
    last_node = np.maximum.accumulate(np.where(nodes, np.arange(n), 0), axis=1)
    gap = curve[None, :] - curve[last_node]
    err = gap.sum(axis=1) if signed else np.abs(gap).sum(axis=1)
    k = nodes.sum(axis=1)
    return np.array([err[k == m].min() for m in range(1, n + 1)])


def bernoulli_enumeration(n: int, probs: Sequence[float], cost: Callable[[np.ndarray], float]) -> float:
    """Average ``cost(counts)`` over every assignment of a reveal step to each of ``n`` tokens.

    The released samplers reveal each still-masked token at step t with probability ``probs[t]``; a final
    clean-up step reveals the rest. Every assignment of the n tokens to the ``len(probs) + 1`` steps is
    visited with its probability: this is the exact expectation that :func:`mdm_lib.bernoulli_expected_kl`
    computes by a recursion.

    Parameters
    ----------
    n : int
        The number of tokens, n >= 1.
    probs : sequence of float
        Reveal probabilities in [0, 1], one per step before the clean-up step.
    cost : callable
        Maps the step sizes (an int array of length ``len(probs) + 1``, zeros included) to a number, such as
        ``lambda c: signed_riemann_error(Z, c)`` or ``lambda c: mdm.sampler_kl(p, c[c > 0])``.

    Returns
    -------
    float
        The expected cost.

    Raises
    ------
    ValueError
        If ``probs`` are not in [0, 1], or there are more than ``mdm_lib.testing.MAX_ASSIGNMENTS``
        assignments.

    Examples
    --------
    >>> Z = [0.0, 1.0]
    >>> # both in one step w.p. 1/2
    >>> bernoulli_enumeration(2, [0.5], lambda c: signed_riemann_error(Z, c))
    0.5
    """
    betas = [float(b) for b in probs] + [1.0]  # the final clean-up step
    if not all(0.0 <= b <= 1.0 for b in betas):
        raise ValueError(f"probs must lie in [0, 1], got {list(probs)}")
    if n < 1 or len(betas) ** n > MAX_ASSIGNMENTS:
        raise ValueError(f"n must be >= 1 with (len(probs) + 1) ** n <= {MAX_ASSIGNMENTS}, got n = {n}")
    still, step_prob = 1.0, []
    for beta in betas:
        step_prob.append(still * beta)
        still *= 1 - beta
    total = 0.0
    for steps in product(range(len(betas)), repeat=n):
        weight = prod(step_prob[t] for t in steps)
        if weight > 0:
            total += weight * cost(np.bincount(steps, minlength=len(betas)))
    return float(total)
