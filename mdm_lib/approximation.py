r"""Best piecewise-constant approximations of a monotone function in L1 (Lemma 28, Def 27).

Theorem 4 measures a schedule by the L1 distance between the curve and its
*left-Riemann* step approximation, whose level on each step is the curve's
first value there. Lemma 28 is stronger: it bounds the L1 distance to *every*
piecewise-constant ``h``. For a fixed partition into contiguous pieces the
best level on a piece is a median of the values there, and the best partition
into at most ``k`` pieces solves the dynamic program

.. math::

    \begin{aligned}
    E_1(b) &= C(0, b), \qquad E_m(b) = \min_{a < b}\, E_{m-1}(a) + C(a, b), \\
    C(a, b) &= \min_c \sum_{a \le t < b} \lvert f_t - c\rvert,
    \end{aligned}

with :math:`C(a, b)` the median fit of ``f[a:b]``. For a monotone ``f`` each piece is
sorted, so its median is its middle element and ``C(a, b)`` is ``O(1)`` from prefix
sums. The program is exact; it costs ``O(k n^2)`` time and ``O(k n)`` memory.

Definition 27 counts *changes*: a "k-piecewise constant" ``h`` has at most
``k`` indices with ``h(i) != h(i+1)``, i.e. at most ``k + 1`` pieces. A
``k``-step schedule's left-Riemann approximation has ``k`` pieces.
"""

from __future__ import annotations

from itertools import pairwise
from typing import NamedTuple

import numpy as np
from numpy.typing import ArrayLike

from ._deprecation import renamed_keyword
from ._validate import as_curve, as_int


class PiecewiseConstantFit(NamedTuple):
    """A best piecewise-constant L1 approximation and the optimal errors for fewer pieces.

    Attributes
    ----------
    sizes : tuple of int
        Lengths of the pieces, left to right (they sum to ``n``).
    values : numpy.ndarray
        The approximation ``h`` itself, one value per index.
    error : float
        ``||f - h||_1``.
    errors : numpy.ndarray
        ``errors[m - 1]`` is the smallest L1 error with at most ``m`` pieces,
        for ``m = 1, ..., k``.

    Raises
    ------
    TypeError
        If a field is missing; the fields are not validated
        (:func:`best_piecewise_constant` computes them).
    """

    sizes: tuple[int, ...]
    values: np.ndarray
    error: float
    errors: np.ndarray


def _segment_costs(f: np.ndarray, prefix: np.ndarray, end: int) -> np.ndarray:
    """``C(a, end)`` for every ``a = 0..end-1`` of a non-decreasing ``f`` (median = middle element)."""
    a = np.arange(end)
    m = a + (end - 1 - a) // 2  # lower median of f[a:end]
    above = prefix[end] - prefix[m + 1] - (end - m - 1) * f[m]
    below = (m - a) * f[m] - (prefix[m] - prefix[a])
    return np.maximum(above + below, 0.0)


@renamed_keyword("pieces", "k")
def best_piecewise_constant(f: ArrayLike, k: int) -> PiecewiseConstantFit:
    """The best approximation of a monotone ``f`` in L1 by a function with at most ``k`` constant pieces.

    Parameters
    ----------
    f : array_like
        A finite monotone (non-decreasing or non-increasing) 1-d array, e.g. an
        information curve or the function of Lemma 28.
    k : int
        Largest number of constant pieces, ``1 <= k <= len(f)`` (formerly
        ``pieces``): a k-step schedule's left-Riemann approximation has ``k``
        pieces, and a "k-piecewise constant" function of Definition 27 has
        ``k + 1``.

    Returns
    -------
    PiecewiseConstantFit
        The optimal pieces, the approximation, its L1 error, and the optimal
        errors for every smaller number of pieces.

    Raises
    ------
    ValueError
        If ``f`` is not a finite monotone 1-d array, or ``k`` is out of range.
    TypeError
        If ``k`` is not an integer.

    Examples
    --------
    >>> fit = best_piecewise_constant([0.0, 1.0, 2.0, 10.0, 11.0], 2)
    >>> fit.sizes, fit.values.tolist(), fit.error
    ((3, 2), [1.0, 1.0, 1.0, 10.0, 10.0], 3.0)
    >>> fit.errors.tolist()           # one piece: the median 2 of all five values
    [20.0, 3.0]
    """
    values = as_curve(f, "f")
    n = values.size
    pieces = as_int(k, "k", low=1, high=n)
    steps = np.diff(values)
    if (steps < 0).any() and (steps > 0).any():
        raise ValueError("f must be monotone (non-decreasing or non-increasing)")
    sign = -1.0 if (steps < 0).any() else 1.0  # |f - h| = |(-f) - (-h)|: work on a non-decreasing copy
    g = sign * values
    prefix = np.concatenate([[0.0], np.cumsum(g)])
    # best[m - 1, b]: f[:b] with at most m pieces; best[:, 0] = 0 lets a piece start at 0, so a layer is
    # never worse than the one before it (the first piece may absorb the others)
    best = np.full((pieces, n + 1), np.inf)
    split = np.zeros((pieces, n + 1), dtype=np.int64)
    best[:, 0] = 0.0
    for end in range(1, n + 1):
        costs = _segment_costs(g, prefix, end)
        best[0, end] = costs[0]
        if pieces > 1:
            totals = best[:-1, :end] + costs  # (pieces - 1, end): the last piece is f[a:end]
            split[1:, end] = np.argmin(totals, axis=1)
            best[1:, end] = totals[np.arange(pieces - 1), split[1:, end]]
    edges, end, m = [n], n, pieces - 1
    while end > 0:
        end = int(split[m, end]) if m > 0 else 0
        edges.append(end)
        m -= 1
    edges = edges[::-1]
    h = np.empty(n)
    for a, b in pairwise(edges):
        h[a:b] = g[a + (b - 1 - a) // 2]
    return PiecewiseConstantFit(
        sizes=tuple(int(b - a) for a, b in pairwise(edges)),
        values=sign * h,
        error=float(np.abs(g - h).sum()),
        errors=best[:, n].copy(),
    )
