"""Reed–Solomon codes over a prime field, the hard laws of Theorems 5/24 and 6/25.

A Reed–Solomon (RS) code of dimension ``k`` over ``F_q`` (Def 19) is the set of
evaluations ``(p(a_1), ..., p(a_n))`` of the polynomials of degree ``< k`` at
distinct points ``a_i``; an affine shift ``V + b`` also counts as an RS code.
RS codes are maximum distance separable (Def 17): any ``k`` coordinates of a
codeword determine it. The uniform law on such a code has the step curve
``Z_j = log2(q) * 1[j > k]`` (Prop 20), ``TC = (n - k) log2 q`` and
``DTC = k log2 q``.

This module builds the codes (:class:`ReedSolomonCode`), their full probability
tables (:func:`reed_solomon_law`, small ``q**n`` only; their step curve is
:func:`mdm_lib.families.mds_info_curve`), and an oracle that answers the conditional
marginal queries of Def 11 by linear algebra mod ``q`` without any table
(:class:`ReedSolomonOracle`, usable for ``n`` up to a few hundred).

Only prime ``q`` is supported (arithmetic mod ``q``); the paper allows prime
powers.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import combinations
from math import isqrt

import numpy as np

from ._validate import as_generator, as_int
from .oracle import ConditionalMarginalOracle, check_pinning

__all__ = [
    "ReedSolomonCode",
    "ReedSolomonOracle",
    "reed_solomon_code",
    "reed_solomon_law",
    "is_prime",
    "consistency_probabilities",
    "MAX_FIELD_SIZE",
    "MAX_TABLE_ENTRIES",
]

#: Largest field size: keeps every product of two field elements summed over
#: ``n`` terms inside int64.
MAX_FIELD_SIZE = 1 << 20
#: Largest full table :func:`reed_solomon_law` builds (``q**n`` entries).
MAX_TABLE_ENTRIES = 1 << 24


def is_prime(q: int) -> bool:
    """Whether the integer ``q`` is prime (trial division).

    Examples
    --------
    >>> [q for q in range(12) if is_prime(q)]
    [2, 3, 5, 7, 11]
    """
    q = as_int(q, "q")
    if q < 2:
        return False
    return all(q % d for d in range(2, isqrt(q) + 1))


def _check_parameters(n: object, k: object, q: object) -> tuple[int, int, int]:
    """Validate ``(n, k, q)`` of an RS code: ``q`` prime, ``q >= n``, ``1 <= k <= n - 1``."""
    n = as_int(n, "n", low=2)
    q = as_int(q, "q", low=2, high=MAX_FIELD_SIZE)
    if not is_prime(q):
        raise ValueError(f"q must be a prime (arithmetic is mod q), got {q}")
    if q < n:
        raise ValueError(f"q must be >= n so that n evaluation points are distinct, got q={q} < n={n}")
    k = as_int(k, "k", low=1, high=n - 1)
    return n, k, q


def _row_reduce(matrix: np.ndarray, q: int) -> tuple[np.ndarray, list[int]]:
    """Reduced row echelon form of an integer matrix over ``F_q``; returns it and the pivot columns."""
    a = matrix.copy() % q
    pivots: list[int] = []
    row = 0
    for col in range(a.shape[1]):
        if row == a.shape[0]:
            break
        nonzero = np.flatnonzero(a[row:, col])
        if nonzero.size == 0:
            continue
        r = row + nonzero[0]
        a[[row, r]] = a[[r, row]]
        a[row] = a[row] * pow(int(a[row, col]), q - 2, q) % q
        others = np.flatnonzero(a[:, col])
        others = others[others != row]
        a[others] = (a[others] - a[others, col, None] * a[row]) % q
        pivots.append(col)
        row += 1
    return a, pivots


@dataclass(frozen=True)
class ReedSolomonCode:
    """An affine Reed–Solomon code ``{(p(a_1), ..., p(a_n)) + b : deg p < k}`` over ``F_q``.

    Build one with :func:`reed_solomon_code`. Positions are 0-based.

    Attributes
    ----------
    n, k, q : int
        Length, dimension and (prime) field size.
    points : numpy.ndarray, shape (n,)
        The distinct evaluation points ``a_i``.
    shift : numpy.ndarray, shape (n,)
        The affine shift ``b``.
    """

    n: int
    k: int
    q: int
    points: np.ndarray = field(repr=False)
    shift: np.ndarray = field(repr=False)

    @property
    def generator(self) -> np.ndarray:
        """The ``k x n`` Vandermonde generator matrix ``G[r, i] = a_i**r mod q``."""
        powers = np.ones((self.k, self.n), dtype=np.int64)
        for r in range(1, self.k):
            powers[r] = powers[r - 1] * self.points % self.q
        return powers

    def encode(self, messages: object) -> np.ndarray:
        """Codewords ``m G + b`` of messages ``m`` (shape (..., k), entries in 0..q-1)."""
        m = np.asarray(messages, dtype=np.int64)
        if m.shape[-1:] != (self.k,):
            raise ValueError(f"messages must have last axis of length k={self.k}, got shape {m.shape}")
        if m.size and (m.min() < 0 or m.max() >= self.q):
            raise ValueError(f"messages must have entries in 0..{self.q - 1}")
        return (m @ self.generator + self.shift) % self.q

    def codewords(self) -> np.ndarray:
        """All ``q**k`` codewords, shape ``(q**k, n)`` (lexicographic in the message)."""
        if self.q**self.k > MAX_TABLE_ENTRIES:
            raise ValueError(f"q**k = {self.q}**{self.k} codewords is too many to list")
        messages = np.indices((self.q,) * self.k).reshape(self.k, -1).T
        return self.encode(messages)

    def law(self) -> np.ndarray:
        """The uniform law on the code as a full table of shape ``(q,)*n``."""
        if self.q**self.n > MAX_TABLE_ENTRIES:
            raise ValueError(
                f"the table has q**n = {self.q}**{self.n} entries, more than {MAX_TABLE_ENTRIES}; "
                "use ReedSolomonOracle instead"
            )
        table = np.zeros((self.q,) * self.n)
        table[tuple(self.codewords().T)] = float(self.q) ** -self.k
        return table

    def solve(self, positions: object, values: object) -> tuple[np.ndarray, np.ndarray] | None:
        """Messages consistent with the pinning ``X_positions = values``.

        Returns ``(m0, null)`` such that the consistent messages are exactly
        ``m0 + null.T @ t`` for ``t`` in ``F_q^{null.shape[0]}``, or ``None``
        if no codeword agrees with the pinning. Gaussian elimination mod ``q``.
        """
        positions, values = check_pinning(positions, values, (self.q,) * self.n)
        g = self.generator[:, positions]
        rhs = (values - self.shift[positions]) % self.q
        reduced, pivots = _row_reduce(np.column_stack([g.T, rhs]), self.q)
        if self.k in pivots:  # a pivot in the right-hand side column: 0 = nonzero
            return None
        m0 = np.zeros(self.k, dtype=np.int64)
        m0[pivots] = reduced[: len(pivots), self.k]
        free = [c for c in range(self.k) if c not in pivots]
        null = np.zeros((len(free), self.k), dtype=np.int64)
        for row, c in enumerate(free):
            null[row, c] = 1
            null[row, pivots] = -reduced[: len(pivots), c] % self.q
        return m0, null

    def contains(self, positions: object, values: object) -> bool:
        """Whether some codeword agrees with ``X_positions = values``."""
        return self.solve(positions, values) is not None


def reed_solomon_code(
    n: int, k: int, q: int, *, rng: np.random.Generator | None = None, random_points: bool = False
) -> ReedSolomonCode:
    """An affine Reed–Solomon code of length ``n`` and dimension ``k`` over ``F_q``.

    Parameters
    ----------
    n : int
        Length, ``n >= 2``.
    k : int
        Dimension, ``1 <= k <= n - 1``.
    q : int
        A prime with ``n <= q <= MAX_FIELD_SIZE``.
    rng : numpy.random.Generator, optional
        Without it the shift is zero and the points are ``0, 1, ..., n-1``.
        With it the shift ``b`` is uniform on ``F_q^n``: this is the random code
        ``D_{n,k,q}`` of the book's reconstruction of the missing definition
        (see ``THEOREMS.md`` §3), which is balanced (Lemma 21).
    random_points : bool, default False
        Also draw the ``n`` distinct evaluation points uniformly (needs ``rng``).

    Examples
    --------
    >>> code = reed_solomon_code(4, 2, 5)
    >>> code.encode([1, 2]).tolist()          # p(a) = 1 + 2a at a = 0, 1, 2, 3
    [1, 3, 0, 2]
    >>> code.contains([0, 1], [1, 3]), code.contains([0, 1, 2], [1, 3, 1])
    (True, False)
    """
    n, k, q = _check_parameters(n, k, q)
    if rng is None:
        if random_points:
            raise ValueError("random_points=True needs rng")
        return ReedSolomonCode(n, k, q, np.arange(n, dtype=np.int64), np.zeros(n, dtype=np.int64))
    rng = as_generator(rng)
    points = rng.choice(q, size=n, replace=False) if random_points else np.arange(n)
    shift = rng.integers(q, size=n)
    return ReedSolomonCode(n, k, q, points.astype(np.int64), shift.astype(np.int64))


def reed_solomon_law(n: int, k: int, q: int, *, rng: np.random.Generator | None = None) -> np.ndarray:
    """The uniform law on an affine Reed–Solomon code, as a table of shape ``(q,)*n``.

    The evaluation points are ``0, ..., n-1``; with ``rng`` the affine shift is
    uniformly random, without it the shift is zero. Its information curve is
    the step :func:`mdm_lib.families.mds_info_curve` (Prop 20).

    Parameters
    ----------
    n, k, q : int
        Length ``n >= 2``, dimension ``1 <= k <= n - 1``, prime ``q >= n``;
        ``q**n`` must not exceed ``MAX_TABLE_ENTRIES``.
    rng : numpy.random.Generator, optional

    Examples
    --------
    >>> p = reed_solomon_law(3, 1, 3)
    >>> p.shape, float(p.sum()), int((p > 0).sum())
    ((3, 3, 3), 1.0, 3)
    """
    return reed_solomon_code(n, k, q, rng=rng).law()


def consistency_probabilities(n: int, k: int, q: int) -> dict[tuple[int, ...], np.ndarray]:
    """``P_b[x ∈ (V + b)_S]`` for every ``S`` with ``|S| >= k`` and every ``x``, by enumeration.

    ``V`` is the RS code with points ``0..n-1`` and ``b`` runs over all ``q**n``
    shifts, i.e. the random code ``D_{n,k,q}`` of the book's reconstruction.
    Def 18 (balanced) asks for ``q**(k - |S|)`` everywhere (Lemma 21).

    Returns
    -------
    dict
        ``{S: probs}`` with ``probs`` of shape ``(q,)*|S|`` (``probs[x]`` for ``x``).

    Examples
    --------
    >>> probs = consistency_probabilities(3, 1, 3)
    >>> sorted({float(v) for p in probs.values() for v in p.ravel().round(6)})
    [0.111111, 0.333333, 1.0]
    """
    n, k, q = _check_parameters(n, k, q)
    if q ** (n + k) > MAX_TABLE_ENTRIES:
        raise ValueError(f"q**(n+k) = {q}**{n + k} is too large to enumerate")
    words = reed_solomon_code(n, k, q).codewords()
    shifts = np.indices((q,) * n).reshape(n, -1).T
    out = {}
    for size in range(k, n + 1):
        for S in combinations(range(n), size):
            hits = np.zeros((q,) * size, dtype=np.int64)
            for b in shifts:  # the set (V + b)_S, each element once
                shifted = (words[:, S] + b[list(S)]) % q
                hits[tuple(np.unique(shifted, axis=0).T)] += 1
            out[S] = hits / len(shifts)
    return out


class ReedSolomonOracle(ConditionalMarginalOracle):
    """The conditional marginal oracle (Def 11) of the uniform law on an RS code, without a table.

    A pinning ``X_S = x`` is answered by solving ``m G_S = x - b_S`` mod ``q``:
    each free coordinate ``X_i = m G_i + b_i`` is a point mass when ``G_i``
    vanishes on the solution space's directions and uniform otherwise. An
    inconsistent pinning gets uniform marginals (the paper's §4 convention).

    Parameters
    ----------
    code : ReedSolomonCode
    budget : int, optional
        Largest number of queries; one more raises :class:`QueryBudgetExceeded`.

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
        uniform = np.full(code.q, 1.0 / code.q)
        solution = code.solve(positions, values)
        if solution is None:
            return {int(i): uniform.copy() for i in free}
        m0, null = solution
        g = code.generator[:, free]
        determined = ~((null @ g) % code.q).any(axis=0)
        symbols = (m0 @ g + code.shift[free]) % code.q
        answer = {}
        for i, fixed, symbol in zip(free, determined, symbols):
            answer[int(i)] = np.eye(code.q)[symbol] if fixed else uniform.copy()
        return answer
