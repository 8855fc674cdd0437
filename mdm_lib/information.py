"""Information measures of a law given as a full table.

Everything here is derived from the entropies ``H(X_A)`` of the marginals of
all subsets ``A`` of positions, computed once by :func:`subset_entropies`:

* the average entropy curve ``H_m = E_{|A|=m} H(X_A)`` (Def 12);
* the information curve ``Z_j = H_1 + H_{j-1} - H_j`` (Def 3 via Lemma 13);
* total and dual total correlation (Def 7), computed from single-position and
  leave-one-out marginals directly, so Lemma 8 is a real check;
* TC and DTC of a curve by Lemma 8 (:func:`curve_total_correlation`,
  :func:`curve_dual_total_correlation`), for laws known only by their curve.

All quantities are in bits unless ``base`` says otherwise.
"""

from __future__ import annotations

import os
import threading
from collections import deque
from concurrent.futures import ThreadPoolExecutor
from functools import cache, lru_cache
from math import comb
from typing import NamedTuple

import numpy as np
from numpy.typing import ArrayLike
from scipy.special import entr

from ._kernels import _kernels
from ._validate import as_curve, as_int, as_probability_table, log_base

#: Largest number of positions :func:`subset_entropies` accepts (2^n outputs).
MAX_POSITIONS = 24

#: Entries per block of the subset-sum transform: small enough to stay in cache.
_BLOCK_ENTRIES = 1 << 19


def _default_workers() -> int:
    """The default thread count of :func:`subset_entropies`: the CPUs this process may use, at most 8."""
    try:
        count = len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not on Linux
        count = os.cpu_count() or 1
    return max(1, min(8, count))


def subset_entropies(p: ArrayLike, *, base: float = 2, workers: int | None = None) -> np.ndarray:
    """Entropy ``H(X_A)`` of the marginal on every subset ``A`` of positions.

    Parameters
    ----------
    p : array_like, shape (q_1, ..., q_n)
        The law (see :func:`mdm_lib.as_law`), with n ≤ ``MAX_POSITIONS``.
    base : float, default 2
        Logarithm base (2 gives bits).
    workers : int, optional
        Threads to use (numpy and the compiled kernels release the GIL); by
        default the CPUs this process may use, at most 8.

    Returns
    -------
    numpy.ndarray, shape (2**n,)
        Entry ``mask`` is ``H(X_A)`` for ``A = {i : bit i of mask is set}``;
        entry 0 is ``H(X_∅) = 0``.

    Raises
    ------
    TypeError
        If ``p`` is not numeric or ``workers`` is not an integer.
    ValueError
        If ``p`` is not a probability table, has more than ``MAX_POSITIONS``
        axes, ``base`` is invalid, or ``workers < 1``.

    Notes
    -----
    The marginals of all subsets hold ``prod(q_i + 1)`` numbers in all (:math:`3^n` for
    bits), and each must pass through ``x log x`` once; that is the cost. The
    positions are split into "high" axes, marginalised one at a time along a
    depth-first walk of their subsets, and "low" axes, for which all
    ``2^t`` sub-marginals of a block are formed at once by appending, along each
    low axis, the sum over that axis (a subset-sum transform, compiled, each
    sum written once). No marginal is ever re-computed from the full table.
    The logarithm is numpy's vectorised one: ``scipy.special.entr`` is exact
    too but evaluates one element at a time, several times slower here.

    Examples
    --------
    >>> h = subset_entropies([[0.5, 0.0], [0.0, 0.5]])
    >>> h.tolist()   # H(∅), H(X_1), H(X_2), H(X_1, X_2)
    [0.0, 1.0, 1.0, 1.0]
    """
    table = as_probability_table(p, "p")
    scale = log_base(base)
    workers = _default_workers() if workers is None else as_int(workers, "workers", low=1)
    n = table.ndim
    if n > MAX_POSITIONS:
        raise ValueError(
            f"p has {n} positions; subset_entropies handles at most {MAX_POSITIONS} (MAX_POSITIONS)"
        )
    # Zeros become the smallest normal float, so that every marginal is > 0 and the x log x pass
    # needs no guard; each changes an entropy by less than 1e-300 nats.
    table = np.maximum(table, np.finfo(float).tiny)
    out = np.empty(1 << n)

    def work(block: tuple[int, int, np.ndarray]) -> None:
        kept_mask, start, marginal = block
        values = _block_entropies(marginal, table.shape[start:], _thread_buffers())
        out[kept_mask | _pattern_bits(n, start)] = values / scale

    with ThreadPoolExecutor(max_workers=workers) as pool:
        pending: deque = deque()
        for block in _blocks(table):  # keep few blocks in flight: bounded memory
            pending.append(pool.submit(work, block))
            if len(pending) > 2 * workers:
                pending.popleft().result()
        for future in pending:
            future.result()
    out[0] = 0.0
    return out


_local = threading.local()


def _thread_buffers() -> _Buffers:
    if not hasattr(_local, "buffers"):
        _local.buffers = _Buffers()
    return _local.buffers


class _Buffers:
    """Two reusable flat work arrays, grown on demand (fresh pages are slow to touch)."""

    def __init__(self) -> None:
        self._flat = [np.empty(0), np.empty(0)]

    def get(self, size: int) -> tuple[np.ndarray, np.ndarray]:
        if self._flat[0].size < size:
            self._flat = [np.empty(size), np.empty(size)]
        return self._flat[0][:size], self._flat[1][:size]


def _blocks(table: np.ndarray):
    """Split the subset lattice into blocks handled by one subset-sum transform.

    Walks a binary decision tree over the axes in order: at a node, axes before
    ``start`` are decided (kept, or already summed out of ``marginal``) and the
    rest are all present. A node whose transformed block,
    ``prod(q_kept) * prod(q_rest + 1)``, fits ``_BLOCK_ENTRIES`` is yielded as
    ``(kept_mask, start, marginal)``; otherwise it branches on axis ``start``.
    Each child costs one pass over its parent.
    """
    q = table.shape
    n = len(q)
    stack = [(table, 0, 0)]
    while stack:
        marginal, kept_mask, start = stack.pop()
        kept_size = marginal.size // int(np.prod(q[start:]))
        block = kept_size * np.prod([x + 1 for x in q[start:]], dtype=float)
        if block <= _BLOCK_ENTRIES or start == n:
            yield kept_mask, start, marginal
            continue
        stack.append((_sum_axis(marginal, kept_mask.bit_count()), kept_mask, start + 1))
        stack.append((marginal, kept_mask | (1 << start), start + 1))


def _sum_axis(table: np.ndarray, axis: int) -> np.ndarray:
    """``table.sum(axis=axis)`` as adds of contiguous slabs (numpy's reduction over a short middle
    axis of a many-axis array walks it in short inner loops)."""
    shape = table.shape
    view = table.reshape(int(np.prod(shape[:axis], dtype=np.int64)), shape[axis], -1)
    total = view[:, 0, :] + view[:, 1, :] if shape[axis] > 1 else view[:, 0, :].copy()
    for v in range(2, shape[axis]):
        total += view[:, v, :]
    return total.reshape(shape[:axis] + shape[axis + 1 :])


def _block_entropies(marginal: np.ndarray, rest: tuple[int, ...], buffers: _Buffers) -> np.ndarray:
    """Entropies (natural log) of every marginal of ``marginal`` over its last axes.

    ``marginal`` has shape ``(..., *rest)``; its leading axes (the kept ones)
    are flattened into ``K`` rows. Each row is extended along every axis of
    ``rest`` by one slot holding the sum over that axis, so slot ``q_a`` on
    axis ``a`` means "summed out" (:func:`_extend`); then ``x log x`` is summed
    over the rows and over the kept slots of each pattern (:func:`_collapse`).
    The result is flat over patterns in ``{kept, summed}^len(rest)``, first
    axis slowest, "kept" first (see :func:`_pattern_bits`).
    """
    plan = _transform_plan(rest)
    values_in = np.ascontiguousarray(marginal).reshape(-1, plan.positions.size)
    rows, width = values_in.shape[0], plan.width
    ext, logs = buffers.get(rows * width)
    _kernels()._extend(
        values_in, ext, plan.positions, plan.step_axis, plan.step_base, plan.strides, plan.sizes
    )
    np.log(ext, out=logs)
    np.multiply(logs, ext, out=logs)
    column = logs.reshape(width, rows).sum(axis=1)  # pairwise summation over the rows
    return -_kernels()._collapse(column, plan.sizes)


class _Plan(NamedTuple):
    positions: np.ndarray  # ext index of each input entry (all slots "kept")
    step_axis: np.ndarray  # the axis of each run of sums, last axes first
    step_base: np.ndarray  # its offset: earlier axes on value slots
    strides: np.ndarray  # ext stride of each axis
    sizes: np.ndarray  # q of each axis
    width: int  # entries per row of the transform, prod(q + 1)


@lru_cache(maxsize=64)
def _transform_plan(rest: tuple[int, ...]) -> _Plan:
    """Index tables of the subset-sum transform over axes ``rest`` (see :func:`_extend`)."""
    t = len(rest)
    if t == 0:
        none = np.zeros(0, dtype=np.int64)
        return _Plan(np.zeros(1, dtype=np.int64), none, none, none, none, 1)
    ext_shape = tuple(x + 1 for x in rest)
    strides = np.array([int(np.prod(ext_shape[a + 1 :], dtype=np.int64)) for a in range(t)], dtype=np.int64)
    grids = np.indices(rest).reshape(t, -1)
    positions = (strides[:, None] * grids).sum(axis=0)
    step_axis: list[int] = []
    step_base: list[int] = []
    for a in reversed(range(t)):
        bases = (
            (strides[:a, None] * np.indices(rest[:a]).reshape(a, -1)).sum(axis=0)
            if a
            else np.zeros(1, dtype=np.int64)
        )
        step_axis += [a] * bases.size
        step_base += bases.tolist()
    return _Plan(
        positions.astype(np.int64),
        np.array(step_axis, dtype=np.int64),
        np.array(step_base, dtype=np.int64),
        strides,
        np.array(rest, dtype=np.int64),
        int(np.prod(ext_shape, dtype=np.int64)),
    )


@cache
def _pattern_bits(n: int, start: int) -> np.ndarray:
    """Mask bits of each kept/summed pattern over axes ``start..n-1`` (kept sets the bit)."""
    bits = np.zeros((2,) * (n - start), dtype=np.int64)
    for a in range(n - start):
        shape = [1] * (n - start)
        shape[a] = 2
        bits = bits + (np.array([1, 0], dtype=np.int64) << (start + a)).reshape(shape)
    return bits.ravel()


def _popcounts(n: int) -> np.ndarray:
    return np.bitwise_count(np.arange(1 << n, dtype=np.uint64)).astype(np.int64)


def entropy_curve(p: ArrayLike, *, base: float = 2, workers: int | None = None) -> np.ndarray:
    r"""The average entropy curve :math:`H_0, \dots, H_n` (Definition 12).

    Parameters
    ----------
    p : array_like, shape (q_1, ..., q_n)
        The law, with n ≤ ``MAX_POSITIONS``.
    base : float, default 2
        Logarithm base (2 gives bits).
    workers : int, optional
        Threads for :func:`subset_entropies`.

    Returns
    -------
    numpy.ndarray, shape (n + 1,)
        ``H_0 = 0, H_1, ..., H_n = H(X)``.

    Raises
    ------
    TypeError, ValueError
        As :func:`subset_entropies`.

    See Also
    --------
    info_curve : the information curve, :math:`Z_j = H_1 + H_{j-1} - H_j`.
    subset_entropies : the entropy of every subset.

    Notes
    -----
    .. math::

        H_m = \binom{n}{m}^{-1} \sum_{\lvert A\rvert = m} H(X_A) \qquad (m = 0, \dots, n),

    the mean entropy of the marginal on a set of :math:`m` positions.

    Examples
    --------
    >>> entropy_curve([[0.5, 0.0], [0.0, 0.5]]).tolist()
    [0.0, 1.0, 1.0]
    """
    h = subset_entropies(p, base=base, workers=workers)
    n = int(np.log2(h.size))
    sums = np.bincount(_popcounts(n), weights=h, minlength=n + 1)
    return sums / np.array([comb(n, m) for m in range(n + 1)], dtype=float)


def info_curve(p: ArrayLike, *, base: float = 2, workers: int | None = None) -> np.ndarray:
    r"""The average mutual-information curve :math:`Z_1, \dots, Z_n` (Definition 3).

    Element ``j - 1`` of the result is :math:`Z_j`, so ``Z[0]`` is :math:`Z_1 = 0`.
    Computed from the average entropy curve (Lemma 13).

    Parameters
    ----------
    p : array_like, shape (q_1, ..., q_n)
        The law, with n ≤ ``MAX_POSITIONS``.
    base : float, default 2
        Logarithm base (2 gives bits).
    workers : int, optional
        Threads for :func:`subset_entropies`.

    Returns
    -------
    numpy.ndarray, shape (n,)

    Raises
    ------
    TypeError, ValueError
        As :func:`subset_entropies`.

    See Also
    --------
    entropy_curve : the average entropy curve :math:`H_m`.
    expected_kl : the error of a schedule, from the curve.
    total_correlation, dual_total_correlation : the areas below and above the curve.

    Notes
    -----
    For :math:`X \sim \mu`, a uniformly random set :math:`S` of :math:`j-1` positions and a
    uniformly random position :math:`i \notin S`,

    .. math::

        Z_j = \mathbb E_{S,\,i}\, I(X_i; X_S) = H_1 + H_{j-1} - H_j \qquad (j = 1, \dots, n),

    with :math:`H_m` the average entropy curve (Definition 12, Lemma 13). By Han's
    inequality :math:`0 = Z_1 \le Z_2 \le \dots \le Z_n`. The expected KL error of a
    schedule is the area between this curve and its left-Riemann steps (Theorem 4).

    Examples
    --------
    >>> info_curve([[0.5, 0.0], [0.0, 0.5]]).tolist()   # two copies of one fair bit
    [0.0, 1.0]
    """
    H = entropy_curve(p, base=base, workers=workers)
    Z = H[1] + H[:-1] - H[1:]
    Z[0] = 0.0
    return Z


def _entropy(table: np.ndarray, scale: float) -> float:
    """Entropy of a (marginal) table, ``sum entr(p)`` (exact at 0), in units of ``scale`` nats."""
    return float(entr(table).sum() / scale)


def total_correlation(p: ArrayLike, *, base: float = 2) -> float:
    r"""Total correlation TC (Definition 7).

    It is the KL divergence from the law to the product of its marginals.

    Parameters
    ----------
    p : array_like, shape (q_1, ..., q_n)
        The law (a probability table).
    base : float, default 2
        Logarithm base (2 gives bits).

    Returns
    -------
    float

    Raises
    ------
    TypeError, ValueError
        If ``p`` is not a probability table or ``base`` is invalid.

    See Also
    --------
    dual_total_correlation : the area above the curve.
    info_curve : the curve :math:`Z`.

    Notes
    -----
    .. math::

        \mathrm{TC} = \sum_{i=1}^n H(X_i) - H(X_1, \dots, X_n) = \sum_{j=1}^n Z_j ,

    the second form by Lemma 8: the area under the information curve, and the error of
    the one-step schedule.

    Examples
    --------
    >>> round(total_correlation([[0.5, 0.0], [0.0, 0.5]]), 12)
    1.0
    """
    table = as_probability_table(p, "p")
    scale = log_base(base)
    axes = range(table.ndim)
    singles = sum(_entropy(table.sum(axis=tuple(a for a in axes if a != i)), scale) for i in axes)
    return singles - _entropy(table, scale)


def dual_total_correlation(p: ArrayLike, *, base: float = 2) -> float:
    r"""Dual total correlation DTC (Definition 7).

    Parameters
    ----------
    p : array_like, shape (q_1, ..., q_n)
        The law (a probability table).
    base : float, default 2
        Logarithm base (2 gives bits).

    Returns
    -------
    float

    Raises
    ------
    TypeError, ValueError
        If ``p`` is not a probability table or ``base`` is invalid.

    See Also
    --------
    total_correlation : the area under the curve.
    info_curve : the curve :math:`Z`.

    Notes
    -----
    .. math::

        \mathrm{DTC} = H(X) - \sum_{i=1}^n H(X_i \mid X_{-i}) = n Z_n - \sum_{j=1}^n Z_j ,

    the second form by Lemma 8: the area above the information curve, up to
    :math:`Z_n`. Computed with :math:`H(X_i \mid X_{-i}) = H(X) - H(X_{-i})`.

    Examples
    --------
    >>> round(dual_total_correlation([[0.5, 0.0], [0.0, 0.5]]), 12)
    1.0
    """
    table = as_probability_table(p, "p")
    scale = log_base(base)
    joint = _entropy(table, scale)
    leave_one_out = sum(_entropy(table.sum(axis=i), scale) for i in range(table.ndim))
    return leave_one_out - (table.ndim - 1) * joint


def curve_total_correlation(Z: ArrayLike) -> float:
    """Total correlation of a law from its information curve: ``TC = sum_j Z_j`` (Lemma 8).

    Parameters
    ----------
    Z : array_like, shape (n,)
        An information curve, in any unit; the result is in the same unit.

    Returns
    -------
    float

    Raises
    ------
    ValueError
        If ``Z`` is not a finite, non-empty 1-d curve.

    Examples
    --------
    >>> curve_total_correlation([0.0, 1.0, 1.0])
    2.0
    """
    return float(as_curve(Z).sum())


def curve_dual_total_correlation(Z: ArrayLike) -> float:
    """Dual total correlation of a law from its information curve: ``DTC = n Z_n - sum_j Z_j`` (Lemma 8).

    Parameters
    ----------
    Z : array_like, shape (n,)
        An information curve, in any unit; the result is in the same unit.

    Returns
    -------
    float

    Raises
    ------
    ValueError
        If ``Z`` is not a finite, non-empty 1-d curve.

    Examples
    --------
    >>> curve_dual_total_correlation([0.0, 1.0, 1.0])
    1.0
    """
    Z = as_curve(Z)
    return float(Z.size * Z[-1] - Z.sum())
