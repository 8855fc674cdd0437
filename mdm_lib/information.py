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

import threading
from collections import deque
from concurrent.futures import ThreadPoolExecutor
from functools import lru_cache
from math import comb

import numpy as np
from numpy.typing import ArrayLike

from ._validate import as_curve, as_probability_table, log_base

#: Largest number of positions :func:`subset_entropies` accepts (2^n outputs).
MAX_POSITIONS = 24

#: Entries per block of the subset-sum transform: small enough to stay in cache.
_BLOCK_ENTRIES = 1 << 19
#: Entries of the tail extended at once by one matrix product.
_TAIL_ENTRIES = 256
#: Worker threads (numpy releases the GIL inside its loops).
_THREADS = 2


def subset_entropies(p: object, *, base: float = 2) -> np.ndarray:
    """Entropy ``H(X_A)`` of the marginal on every subset ``A`` of positions.

    Parameters
    ----------
    p : array_like, shape (q_1, ..., q_n)
        The law (see :func:`mdm_lib.as_law`), with n ≤ ``MAX_POSITIONS``.
    base : float, default 2
        Logarithm base (2 gives bits).

    Returns
    -------
    numpy.ndarray, shape (2**n,)
        Entry ``mask`` is ``H(X_A)`` for ``A = {i : bit i of mask is set}``;
        entry 0 is ``H(X_∅) = 0``.

    Notes
    -----
    The marginals of all subsets hold ``prod(q_i + 1)`` numbers in all (3^n for
    bits), and each must pass through ``x log x`` once; that is the cost. The
    positions are split into "high" axes, marginalised one at a time along a
    depth-first walk of their subsets, and "low" axes, for which all
    ``2^t`` sub-marginals of a block are formed at once by appending, along each
    low axis, the sum over that axis (a subset-sum transform). No marginal is
    ever re-computed from the full table.

    Examples
    --------
    >>> h = subset_entropies([[0.5, 0.0], [0.0, 0.5]])
    >>> h.tolist()   # H(∅), H(X_1), H(X_2), H(X_1, X_2)
    [0.0, 1.0, 1.0, 1.0]
    """
    table = as_probability_table(p, "p")
    scale = log_base(base)
    n = table.ndim
    if n > MAX_POSITIONS:
        raise ValueError(f"p has {n} positions; subset_entropies handles at most {MAX_POSITIONS}")
    out = np.empty(1 << n)

    def work(block: tuple[int, int, np.ndarray]) -> None:
        kept_mask, start, marginal = block
        values = _block_entropies(marginal, table.shape[start:], _thread_buffers())
        out[kept_mask | _pattern_bits(n, start)] = values / scale

    with ThreadPoolExecutor(max_workers=_THREADS) as pool:
        pending: deque = deque()
        for block in _blocks(table):  # keep few blocks in flight: bounded memory
            pending.append(pool.submit(work, block))
            if len(pending) > 2 * _THREADS:
                pending.popleft().result()
        for future in pending:
            future.result()
    out[0] = 0.0
    return out


_local = threading.local()


def _thread_buffers() -> "_Buffers":
    if not hasattr(_local, "buffers"):
        _local.buffers = _Buffers()
    return _local.buffers


class _Buffers:
    """Two reusable flat work arrays, grown on demand (fresh pages are slow to touch)."""

    def __init__(self) -> None:
        self._flat = [np.empty(0), np.empty(0)]

    def get(self, shape: tuple[int, ...]) -> tuple[np.ndarray, np.ndarray]:
        size = int(np.prod(shape))
        if self._flat[0].size < size:
            self._flat = [np.empty(size), np.empty(size)]
        return tuple(f[:size].reshape(shape) for f in self._flat)


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
        position = bin(kept_mask).count("1")
        stack.append((marginal.sum(axis=position), kept_mask, start + 1))
        stack.append((marginal, kept_mask | (1 << start), start + 1))


def _block_entropies(marginal: np.ndarray, rest: tuple[int, ...], buffers: _Buffers) -> np.ndarray:
    """Entropies (natural log) of every marginal of ``marginal`` over its last axes.

    ``marginal`` has shape ``(..., *rest)``. The transform extends each axis of
    ``rest`` by one slot holding the sum over that axis, so slot ``q_a`` on axis
    ``a`` means "summed out". The last few axes are extended at once by a matrix
    product with the Kronecker map ``x -> (x, sum x)`` (short inner loops are
    slow in numpy), the others one by one. The result is flat over patterns in
    ``{kept, summed}^len(rest)``, first axis slowest, "kept" first (see
    :func:`_pattern_bits`).
    """
    head, tail = _split_tail(rest)
    block = marginal.reshape((-1, int(np.prod(head, dtype=int)), int(np.prod(tail, dtype=int))))
    tail_map = _kron_sum_map(tail)
    ext_head = tuple(x + 1 for x in head)
    ext, work = buffers.get((block.shape[0],) + ext_head + (tail_map.shape[1],))
    mapped = work.reshape(-1)[: block.shape[0] * block.shape[1] * tail_map.shape[1]]
    mapped = mapped.reshape(block.shape[:2] + (tail_map.shape[1],))
    np.matmul(block, tail_map, out=mapped)
    ext[(slice(None),) + tuple(slice(0, x) for x in head)] = mapped.reshape(
        (block.shape[0],) + head + (tail_map.shape[1],)
    )
    with np.errstate(all="ignore"):  # slots not yet filled hold garbage until overwritten
        for a in reversed(range(len(head))):
            qa = head[a]
            view = ext.reshape(-1, qa + 1, int(np.prod(ext.shape[a + 2 :])))
            total = view[:, qa, :]
            np.copyto(total, view[:, 0, :])
            for v in range(1, qa):
                np.add(total, view[:, v, :], out=total)
    np.maximum(ext, np.finfo(float).tiny, out=work)
    np.log(work, out=work)
    np.multiply(work, ext, out=work)
    values = -work.sum(axis=0).reshape(tuple(x + 1 for x in rest))
    for a, qa in enumerate(rest):
        lead = (slice(None),) * a
        values = np.stack([values[lead + (slice(0, qa),)].sum(axis=a), values[lead + (qa,)]], axis=a)
    return np.atleast_1d(np.ravel(values))


def _split_tail(rest: tuple[int, ...]) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """Split axes into (head, tail) with prod(q_tail + 1) <= _TAIL_ENTRIES."""
    size, cut = 1, len(rest)
    while cut > 0 and size * (rest[cut - 1] + 1) <= _TAIL_ENTRIES:
        cut -= 1
        size *= rest[cut] + 1
    return rest[:cut], rest[cut:]


@lru_cache(maxsize=None)
def _kron_sum_map(tail: tuple[int, ...]) -> np.ndarray:
    """Matrix of shape (prod q, prod(q + 1)) taking a table to its extended table."""
    result = np.ones((1, 1))
    for q in tail:
        result = np.kron(result, np.hstack([np.eye(q), np.ones((q, 1))]))
    return result


@lru_cache(maxsize=None)
def _pattern_bits(n: int, start: int) -> np.ndarray:
    """Mask bits of each kept/summed pattern over axes ``start..n-1`` (kept sets the bit)."""
    bits = np.zeros((2,) * (n - start), dtype=np.int64)
    for a in range(n - start):
        shape = [1] * (n - start)
        shape[a] = 2
        bits = bits + (np.array([1, 0], dtype=np.int64) << (start + a)).reshape(shape)
    return bits.ravel()


def _popcounts(n: int) -> np.ndarray:
    masks = np.arange(1 << n, dtype=np.int64)
    counts = np.zeros(1 << n, dtype=np.int64)
    for i in range(n):
        counts += (masks >> i) & 1
    return counts


def entropy_curve(p: object, *, base: float = 2) -> np.ndarray:
    """The average entropy curve ``H_0, ..., H_n`` (Def 12).

    ``H_m`` is the mean of ``H(X_A)`` over all subsets ``A`` of size ``m``.

    Examples
    --------
    >>> entropy_curve([[0.5, 0.0], [0.0, 0.5]]).tolist()
    [0.0, 1.0, 1.0]
    """
    h = subset_entropies(p, base=base)
    n = int(np.log2(h.size))
    sums = np.bincount(_popcounts(n), weights=h, minlength=n + 1)
    return sums / np.array([comb(n, m) for m in range(n + 1)], dtype=float)


def info_curve(p: object, *, base: float = 2) -> np.ndarray:
    """The average mutual-information curve ``Z_1, ..., Z_n`` (Def 3).

    ``Z_j = E I(X_i; X_S)`` over a uniform ``S`` of size ``j - 1`` and a uniform
    ``i`` outside ``S``; computed as ``H_1 + H_{j-1} - H_j`` (Lemma 13).
    Element ``j - 1`` of the result is ``Z_j``, so ``Z[0] = Z_1 = 0``.

    Examples
    --------
    >>> info_curve([[0.5, 0.0], [0.0, 0.5]]).tolist()   # two copies of one fair bit
    [0.0, 1.0]
    """
    H = entropy_curve(p, base=base)
    Z = H[1] + H[:-1] - H[1:]
    Z[0] = 0.0
    return Z


def _entropy(table: np.ndarray, scale: float) -> float:
    nz = table[table > 0]
    return float(-(nz * np.log(nz)).sum() / scale)


def total_correlation(p: object, *, base: float = 2) -> float:
    """Total correlation ``TC = sum_i H(X_i) - H(X)`` (Def 7).

    It is the KL divergence from the law to the product of its marginals.

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


def dual_total_correlation(p: object, *, base: float = 2) -> float:
    """Dual total correlation ``DTC = H(X) - sum_i H(X_i | X_{-i})`` (Def 7).

    Uses ``H(X_i | X_{-i}) = H(X) - H(X_{-i})``.

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
