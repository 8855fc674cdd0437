"""Reed–Solomon codes over finite fields, the hard laws of Theorems 5/24 and 6/25.

A Reed–Solomon (RS) code of dimension ``dimension`` over ``F_q`` (Def 19) is
the set of evaluations ``(p(a_1), ..., p(a_n))`` of the polynomials of degree
``< dimension`` at distinct points ``a_i``; an affine shift ``V + b`` also
counts as an RS code. RS codes are maximum distance separable (Def 17): any
``dimension`` coordinates of a codeword determine it. The uniform law on such a
code has the step curve ``Z_j = log2(q) * 1[j > dimension]`` (Prop 20),
``TC = (n - dimension) log2 q`` and ``DTC = dimension log2 q``.

This module builds the codes (:class:`ReedSolomonCode`), their full probability
tables (:func:`reed_solomon_law`, small ``q**n`` only; their step curve is
:func:`mdm_lib.mds_info_curve`), and an oracle that answers the conditional
marginal queries of Def 11 without any table (:class:`ReedSolomonOracle`, for
``n`` in the hundreds).

``q`` may be any prime power, as the paper allows: the arithmetic is that of
``GF(q)`` from the `galois <https://galois.readthedocs.io>`_ package (imported
on first use), and a symbol is the integer representation of a field element
(for prime q, the residue mod q). Building a field takes galois about a second
the first time for each q.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from itertools import combinations
from math import isqrt
from typing import Any

import numpy as np
from numpy.typing import ArrayLike

from ._deprecation import warn_renamed
from ._validate import MAX_TABLE_ENTRIES, as_code_parameters, as_generator, as_int
from .oracle import ConditionalMarginalOracle, check_pinning

__all__ = [
    "ReedSolomonCode",
    "ReedSolomonOracle",
    "consistency_probabilities",
    "is_prime",
    "reed_solomon_code",
    "reed_solomon_law",
]


def is_prime(q: int) -> bool:
    """Whether the integer ``q`` is prime (trial division).

    Parameters
    ----------
    q : int
        Any integer (bools are refused).

    Returns
    -------
    bool

    Raises
    ------
    TypeError
        If ``q`` is not an integer.

    Examples
    --------
    >>> [q for q in range(12) if is_prime(q)]
    [2, 3, 5, 7, 11]
    """
    q = as_int(q, "q")
    if q < 2:
        return False
    return all(q % d for d in range(2, isqrt(q) + 1))


@cache
def _field(q: int) -> Any:
    """The galois class of ``GF(q)`` (imported and built on first use)."""
    import galois

    return galois.GF(q)


def _as_symbols(values: ArrayLike, name: str, q: int) -> np.ndarray:
    """Validate field symbols: whole numbers in ``0..q-1`` (bools and fractions refused). Returns int64."""
    if isinstance(values, (str, bytes)):
        raise TypeError(f"{name} must hold integers 0..{q - 1}, got {type(values).__name__}")
    try:
        raw = np.asarray(values)
    except ValueError as exc:  # ragged input
        raise TypeError(f"{name} must be an array of integers: {exc}") from None
    if raw.dtype == bool or not (
        np.issubdtype(raw.dtype, np.integer) or np.issubdtype(raw.dtype, np.floating)
    ):
        raise TypeError(f"{name} must hold integers 0..{q - 1}, got dtype {raw.dtype}")
    if np.issubdtype(raw.dtype, np.floating):
        bad = ~np.isfinite(raw) | (raw != np.round(raw))
        if bad.any():
            raise ValueError(f"{name} must hold whole numbers 0..{q - 1}, got {float(raw[bad][0])!r}")
    symbols = raw.astype(np.int64)
    if symbols.size and (symbols.min() < 0 or symbols.max() >= q):
        raise ValueError(
            f"{name} must hold symbols 0..{q - 1}, got values in [{symbols.min()}, {symbols.max()}]"
        )
    return symbols


@dataclass(frozen=True)
class ReedSolomonCode:
    """An affine Reed–Solomon code ``{(p(a_1), ..., p(a_n)) + b : deg p < dimension}`` over ``GF(q)``.

    Build one with :func:`reed_solomon_code`, or directly from points and a
    shift. Positions are 0-based; symbols are the integer representations of
    the field elements (galois's), ``0..q-1``.

    Parameters
    ----------
    n, dimension, q : int
        Length ``n >= 2``, dimension ``1 <= dimension <= n - 1`` and field
        size, a prime power ``n <= q <= MAX_FIELD_SIZE``.
    points : array_like of int, shape (n,)
        The distinct evaluation points ``a_i`` (symbols).
    shift : array_like of int, shape (n,)
        The affine shift ``b`` (symbols; added in ``GF(q)``).

    Raises
    ------
    TypeError
        If a parameter is not an integer or the points/shift are not integers.
    ValueError
        If q is not a prime power, a size is out of range, or the points repeat.

    Attributes
    ----------
    n : int
        Code length (number of positions).
    dimension : int
        Dimension: the number of coefficients of the polynomials, ``deg p < dimension``.
    q : int
        Field size; symbols are ``0..q-1``.
    points : numpy.ndarray of int64, shape (n,)
        The validated evaluation points ``a_i``.
    shift : numpy.ndarray of int64, shape (n,)
        The validated affine shift ``b``.

    Examples
    --------
    >>> code = ReedSolomonCode(3, 2, 4, points=[0, 1, 2], shift=[0, 0, 0])   # over GF(4)
    >>> code.encode([1, 1]).tolist()          # p(a) = 1 + a in GF(4): 1 + 2 = 3 there
    [1, 0, 3]
    >>> ReedSolomonCode(3, 2, 6, points=[0, 1, 2], shift=[0, 0, 0])
    Traceback (most recent call last):
    ...
    ValueError: q must be a prime power (the order of a finite field), got 6
    """

    n: int
    dimension: int
    q: int
    points: np.ndarray = field(repr=False)
    shift: np.ndarray = field(repr=False)

    def __post_init__(self) -> None:
        n, dimension, q = as_code_parameters(self.n, self.dimension, self.q)
        points = _as_symbols(self.points, "points", q).reshape(-1)
        shift = _as_symbols(self.shift, "shift", q).reshape(-1)
        for name, arr in (("points", points), ("shift", shift)):
            if arr.size != n:
                raise ValueError(f"{name} must have n = {n} entries, got {arr.size}")
        if np.unique(points).size != n:
            raise ValueError(
                f"points must be distinct (an RS code evaluates at n distinct points), got {points.tolist()}"
            )
        for name, value in (
            ("n", n),
            ("dimension", dimension),
            ("q", q),
            ("points", points),
            ("shift", shift),
        ):
            object.__setattr__(self, name, value)

    @property
    def k(self) -> int:
        """Deprecated name of ``dimension`` (``k`` means a number of steps)."""
        warn_renamed("ReedSolomonCode.k", "ReedSolomonCode.dimension")
        return self.dimension

    @property
    def generator(self) -> np.ndarray:
        """The ``dimension x n`` Vandermonde generator matrix ``G[r, i] = a_i**r`` in ``GF(q)``."""
        a = self._points
        powers = [self._field.Ones(self.n)]
        for _ in range(1, self.dimension):
            powers.append(powers[-1] * a)
        return np.asarray(np.stack(powers), dtype=np.int64)

    @property
    def _field(self) -> Any:
        return _field(self.q)

    @property
    def _points(self) -> Any:
        return self._field(self.points)

    def encode(self, messages: ArrayLike) -> np.ndarray:
        """Codewords ``m G + b`` of messages ``m``.

        Parameters
        ----------
        messages : array_like of int, shape (..., dimension)
            Symbols ``0..q-1``.

        Returns
        -------
        numpy.ndarray of int64, shape (..., n)

        Raises
        ------
        TypeError
            If ``messages`` is not an array of integers (bools refused).
        ValueError
            If an entry is not a whole number in ``0..q-1`` (no truncation of
            ``1.5``) or the last axis does not have length ``dimension``.

        Examples
        --------
        >>> reed_solomon_code(4, 2, 5).encode([[1, 2], [0, 1]]).tolist()
        [[1, 3, 0, 2], [0, 1, 2, 3]]
        """
        m = _as_symbols(messages, "messages", self.q)
        if m.shape[-1:] != (self.dimension,):
            raise ValueError(
                f"messages must have last axis of length dimension = {self.dimension}, got shape {m.shape}"
            )
        GF = self._field
        words = GF(m) @ GF(self.generator) + GF(self.shift)
        return np.asarray(words, dtype=np.int64)

    def codewords(self) -> np.ndarray:
        """All ``q**dimension`` codewords, shape ``(q**dimension, n)`` (lexicographic in the message).

        Returns
        -------
        numpy.ndarray of int64, shape (q**dimension, n)

        Raises
        ------
        ValueError
            If ``q**dimension * n`` exceeds ``MAX_TABLE_ENTRIES``.

        Examples
        --------
        >>> reed_solomon_code(3, 1, 3).codewords().tolist()
        [[0, 0, 0], [1, 1, 1], [2, 2, 2]]
        """
        if self.q**self.dimension * self.n > MAX_TABLE_ENTRIES:
            raise ValueError(
                f"q**dimension = {self.q}**{self.dimension} codewords of length {self.n} is more than "
                f"MAX_TABLE_ENTRIES = {MAX_TABLE_ENTRIES:,} entries to list"
            )
        messages = np.indices((self.q,) * self.dimension).reshape(self.dimension, -1).T
        return self.encode(messages)

    def law(self) -> np.ndarray:
        """The uniform law on the code as a full table of shape ``(q,)*n``.

        Returns
        -------
        numpy.ndarray, shape (q,) * n

        Raises
        ------
        ValueError
            If ``q**n`` exceeds ``MAX_TABLE_ENTRIES``.

        Examples
        --------
        >>> reed_solomon_code(2, 1, 2).law().tolist()
        [[0.5, 0.0], [0.0, 0.5]]
        """
        if self.q**self.n > MAX_TABLE_ENTRIES:
            raise ValueError(
                f"the table has q**n = {self.q}**{self.n} entries, more than MAX_TABLE_ENTRIES = "
                f"{MAX_TABLE_ENTRIES:,}; use ReedSolomonOracle instead"
            )
        table = np.zeros((self.q,) * self.n)
        table[tuple(self.codewords().T)] = float(self.q) ** -self.dimension
        return table

    def solve(self, positions: ArrayLike, values: ArrayLike) -> tuple[np.ndarray, np.ndarray] | None:
        """Messages consistent with the pinning ``X_positions = values``.

        Parameters
        ----------
        positions, values : array_like of int
            Distinct positions ``0..n-1`` and their symbols.

        Returns
        -------
        tuple of numpy.ndarray, or None
            ``(m0, null)`` such that the consistent messages are exactly
            ``m0 + null.T @ t`` for ``t`` in ``GF(q)^{null.shape[0]}`` (field
            arithmetic), or ``None`` if no codeword agrees with the pinning.
            Gaussian elimination in ``GF(q)``.

        Raises
        ------
        TypeError, ValueError
            If the pinning is malformed (see ``mdm_lib.oracle.check_pinning``).

        Examples
        --------
        >>> m0, null = reed_solomon_code(4, 2, 5).solve([0, 1], [1, 3])
        >>> m0.tolist(), null.shape
        ([1, 2], (0, 2))
        """
        positions, values = check_pinning(positions, values, (self.q,) * self.n)
        GF = self._field
        k = self.dimension
        system = np.column_stack([self.generator[:, positions].T, (GF(values) - GF(self.shift[positions]))])
        reduced = np.asarray(GF(system.astype(np.int64)).row_reduce(), dtype=np.int64)
        pivots = [int(np.flatnonzero(row)[0]) for row in reduced if row.any()]
        if k in pivots:  # a pivot in the right-hand side column: 0 = nonzero
            return None
        m0 = np.zeros(k, dtype=np.int64)
        m0[pivots] = reduced[: len(pivots), k]
        free = [c for c in range(k) if c not in pivots]
        null = GF.Zeros((len(free), k))
        for row, c in enumerate(free):
            null[row, c] = 1
            null[row, pivots] = -GF(reduced[: len(pivots), c])
        return m0, np.asarray(null, dtype=np.int64)

    def contains(self, positions: ArrayLike, values: ArrayLike) -> bool:
        """Whether some codeword agrees with ``X_positions = values``.

        Parameters
        ----------
        positions, values : array_like of int
            Distinct positions ``0..n-1`` and their symbols.

        Returns
        -------
        bool

        Raises
        ------
        TypeError, ValueError
            If the pinning is malformed.

        Examples
        --------
        >>> code = reed_solomon_code(4, 2, 5)
        >>> code.contains([0, 1], [1, 3]), code.contains([0, 1, 2], [1, 3, 1])
        (True, False)
        """
        positions, values = check_pinning(positions, values, (self.q,) * self.n)
        return self._complete(positions, values)[0]

    def _complete(self, positions: np.ndarray, values: np.ndarray) -> tuple[bool, np.ndarray | None]:
        """``(consistent, word)``: the codeword through a pinning of ``>= dimension`` positions, by
        Lagrange interpolation through the first ``dimension`` of them (``word`` is None for fewer;
        any fewer values at distinct points are consistent)."""
        k = self.dimension
        if positions.size < k:
            return True, None
        GF = self._field
        a = self._points
        nodes = positions[:k]
        y = GF(values[:k]) - GF(self.shift[nodes])
        x_nodes = a[nodes]
        gaps = x_nodes[:, None] - x_nodes[None, :]
        gaps[np.diag_indices(k)] = 1
        weights = np.reciprocal(np.multiply.reduce(gaps, axis=1))  # barycentric weights
        others = np.setdiff1d(np.arange(self.n), nodes)
        diff = a[others][:, None] - x_nodes[None, :]  # never 0: the points are distinct
        word = GF.Zeros(self.n)
        word[nodes] = y
        word[others] = np.multiply.reduce(diff, axis=1) * (np.reciprocal(diff) * (y * weights)[None, :]).sum(
            axis=1
        )
        word = np.asarray(word + GF(self.shift), dtype=np.int64)
        return bool((word[positions] == values).all()), word


def reed_solomon_code(
    n: int,
    dimension: int,
    q: int,
    *,
    rng: int | np.random.Generator | None = None,
    random_points: bool = False,
) -> ReedSolomonCode:
    """An affine Reed–Solomon code of length ``n`` and dimension ``dimension`` over ``GF(q)``.

    Parameters
    ----------
    n : int
        Length, ``n >= 2``.
    dimension : int
        Code dimension, ``1 <= dimension <= n - 1`` (called ``k`` before;
        positional calls are unchanged).
    q : int
        A prime power with ``n <= q <= MAX_FIELD_SIZE``.
    rng : None, int or numpy.random.Generator, optional
        Without it the shift is zero and the points are ``0, 1, ..., n-1``.
        With it the shift ``b`` is uniform on ``GF(q)^n``: this is the random
        code ``D_{n,k,q}`` of the book's reconstruction of the missing
        definition, which is balanced (Lemma 21).
    random_points : bool, default False
        Also draw the ``n`` distinct evaluation points uniformly (needs ``rng``).

    Returns
    -------
    ReedSolomonCode

    Raises
    ------
    TypeError
        If a size is not an integer or ``rng`` is not None/int/Generator.
    ValueError
        If q is not a prime power, ``q < n``, a size is out of range, or
        ``random_points`` is set without ``rng``.

    Examples
    --------
    >>> code = reed_solomon_code(4, 2, 5)
    >>> code.encode([1, 2]).tolist()          # p(a) = 1 + 2a at a = 0, 1, 2, 3
    [1, 3, 0, 2]
    >>> code.contains([0, 1], [1, 3]), code.contains([0, 1, 2], [1, 3, 1])
    (True, False)
    >>> reed_solomon_code(4, 2, 9).q         # prime powers work too
    9
    """
    n, dimension, q = as_code_parameters(n, dimension, q)
    if rng is None:
        if random_points:
            raise ValueError("random_points=True needs rng")
        return ReedSolomonCode(n, dimension, q, np.arange(n, dtype=np.int64), np.zeros(n, dtype=np.int64))
    rng = as_generator(rng)
    points = rng.choice(q, size=n, replace=False) if random_points else np.arange(n)
    shift = rng.integers(q, size=n)
    return ReedSolomonCode(n, dimension, q, points.astype(np.int64), shift.astype(np.int64))


def reed_solomon_law(
    n: int, dimension: int, q: int, *, rng: int | np.random.Generator | None = None
) -> np.ndarray:
    """The uniform law on an affine Reed–Solomon code, as a table of shape ``(q,)*n``.

    The evaluation points are ``0, ..., n-1``; with ``rng`` the affine shift is
    uniformly random, without it the shift is zero. Its information curve is
    the step :func:`mdm_lib.mds_info_curve` (Prop 20).

    Parameters
    ----------
    n, dimension, q : int
        Length ``n >= 2``, dimension ``1 <= dimension <= n - 1``, prime power
        ``q >= n``; ``q**n`` must not exceed ``MAX_TABLE_ENTRIES``.
    rng : None, int or numpy.random.Generator, optional
        Draws the shift.

    Returns
    -------
    numpy.ndarray, shape (q,) * n

    Raises
    ------
    TypeError, ValueError
        As :func:`reed_solomon_code`, and ValueError if ``q**n`` exceeds
        ``MAX_TABLE_ENTRIES``.

    Examples
    --------
    >>> p = reed_solomon_law(3, 1, 3)
    >>> p.shape, float(p.sum()), int((p > 0).sum())
    ((3, 3, 3), 1.0, 3)
    """
    n, dimension, q = as_code_parameters(n, dimension, q)
    if q**n > MAX_TABLE_ENTRIES:
        raise ValueError(
            f"the table has q**n = {q}**{n} entries, more than MAX_TABLE_ENTRIES = {MAX_TABLE_ENTRIES:,}; "
            "use ReedSolomonOracle instead"
        )
    return reed_solomon_code(n, dimension, q, rng=rng).law()


def consistency_probabilities(n: int, dimension: int, q: int) -> dict[tuple[int, ...], np.ndarray]:
    """``P_b[x ∈ (V + b)_S]`` for every ``S`` with ``|S| >= dimension`` and every ``x``, by enumeration.

    ``V`` is the RS code with points ``0..n-1`` and ``b`` runs over all ``q**n``
    shifts, i.e. the random code ``D_{n,k,q}`` of the book's reconstruction.
    Def 18 (balanced) asks for ``q**(dimension - |S|)`` everywhere (Lemma 21).

    Parameters
    ----------
    n, dimension, q : int
        As :func:`reed_solomon_code`; ``q**(n + dimension)`` must not exceed
        ``MAX_TABLE_ENTRIES``.

    Returns
    -------
    dict
        ``{S: probs}`` with ``probs`` of shape ``(q,)*|S|`` (``probs[x]`` for ``x``).

    Raises
    ------
    TypeError, ValueError
        As :func:`reed_solomon_code`, and ValueError if the enumeration is too large.

    Examples
    --------
    >>> probs = consistency_probabilities(3, 1, 3)
    >>> sorted({float(v) for p in probs.values() for v in p.ravel().round(6)})
    [0.111111, 0.333333, 1.0]
    """
    n, dimension, q = as_code_parameters(n, dimension, q)
    if q ** (n + dimension) > MAX_TABLE_ENTRIES:
        raise ValueError(
            f"q**(n + dimension) = {q}**{n + dimension} is more than MAX_TABLE_ENTRIES = "
            f"{MAX_TABLE_ENTRIES:,} to enumerate"
        )
    code = reed_solomon_code(n, dimension, q)
    GF = code._field
    words = GF(code.codewords())
    shifts = np.indices((q,) * n).reshape(n, -1).T
    out = {}
    for size in range(dimension, n + 1):
        for S in combinations(range(n), size):
            hits = np.zeros((q,) * size, dtype=np.int64)
            for b in shifts:  # the set (V + b)_S, each element once
                shifted = np.asarray(words[:, S] + GF(b[list(S)]), dtype=np.int64)
                hits[tuple(np.unique(shifted, axis=0).T)] += 1
            out[S] = hits / len(shifts)
    return out


class ReedSolomonOracle(ConditionalMarginalOracle):
    """The conditional marginal oracle (Def 11) of the uniform law on an RS code, without a table.

    A pinning ``X_S = x`` of fewer than ``dimension`` positions is always
    consistent and leaves every free coordinate uniform (any ``dimension``
    coordinates of an RS codeword are independent and uniform). A pinning of
    ``dimension`` or more positions determines the polynomial: it is
    interpolated in ``GF(q)`` through the first ``dimension`` pinned points
    (barycentric Lagrange form, vectorised, ``O(n · dimension)``), checked
    against the other pinned values, and the free coordinates are point
    masses. An inconsistent pinning gets uniform marginals (the paper's §4
    convention).

    Parameters
    ----------
    code : ReedSolomonCode
        The code whose uniform law is queried.
    budget : int, optional
        Largest number of queries; one more raises :class:`QueryBudgetExceeded`.

    Raises
    ------
    TypeError
        If ``code`` is not a :class:`ReedSolomonCode`, or ``budget`` is not an integer.
    ValueError
        If ``budget < 0``.

    Attributes
    ----------
    code : ReedSolomonCode
        The code.
    alphabet_sizes, n, budget, queries
        As for :class:`ConditionalMarginalOracle`; ``alphabet_sizes`` is ``(code.q,) * code.n``.

    Examples
    --------
    >>> oracle = ReedSolomonOracle(reed_solomon_code(4, 2, 5))
    >>> answer = oracle([0, 1], [1, 3])
    >>> {i: int(m.argmax()) for i, m in answer.items()}   # p(a) = 1 + 2a
    {2: 0, 3: 2}
    >>> oracle.queries
    1
    """

    def __init__(self, code: ReedSolomonCode, *, budget: int | None = None) -> None:
        if not isinstance(code, ReedSolomonCode):
            raise TypeError(f"code must be a ReedSolomonCode, got {type(code).__name__}")
        self.code = code
        super().__init__((code.q,) * code.n, budget=budget)

    def _answer(self, positions: np.ndarray, values: np.ndarray) -> dict[int, np.ndarray]:
        code = self.code
        free = np.setdiff1d(np.arange(code.n), positions)
        consistent, word = code._complete(positions, values)
        if word is None or not consistent:
            uniform = np.full(code.q, 1.0 / code.q)
            return {int(i): uniform.copy() for i in free}
        masses = np.zeros((free.size, code.q))
        masses[np.arange(free.size), word[free]] = 1.0
        return {int(i): row for i, row in zip(free, masses, strict=True)}
