"""The conditional marginal oracle of Def 11.

One query pins ``X_S = x_S`` and receives the whole vector of one-position
conditional marginals ``{mu(X_i | X_S = x_S)}_{i not in S}``. Positions are
0-based. When the pinning has probability zero, Def 11 allows any answer; like
§4 of the paper, these oracles then answer with uniform marginals.

:class:`ConditionalMarginalOracle` holds what every oracle shares (argument
checks, a query counter, an optional hard query budget); :class:`TableOracle`
answers from a full probability table. :class:`mdm_lib.codes.ReedSolomonOracle`
answers for a Reed–Solomon code without a table.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from numpy.typing import ArrayLike

from ._validate import as_alphabet_sizes, as_int, as_probability_table

__all__ = [
    "ConditionalMarginalOracle",
    "QueryBudgetExceeded",
    "TableOracle",
    "UniformOracle",
    "answer_is_deterministic",
    "answer_is_uniform",
    "check_pinning",
]

#: Tolerance used to call a marginal uniform or a point mass.
ANSWER_TOL = 1e-12


def answer_is_uniform(answer: dict[int, np.ndarray], *, tol: float = ANSWER_TOL) -> bool:
    """Whether every marginal of an oracle answer is uniform (within ``tol``).

    Parameters
    ----------
    answer : dict of int to numpy.ndarray
        An oracle answer ``{i: mu(X_i | X_S = x_S)}``.
    tol : float, default ANSWER_TOL
        Largest deviation from ``1/q_i`` allowed.

    Returns
    -------
    bool
        True for an empty answer.

    Raises
    ------
    AttributeError
        If ``answer`` is not a dict of arrays.

    Examples
    --------
    >>> answer_is_uniform({0: np.array([0.5, 0.5]), 2: np.array([1/3, 1/3, 1/3])})
    True
    """
    return all(np.abs(m - 1.0 / m.size).max() <= tol for m in answer.values())


def answer_is_deterministic(answer: dict[int, np.ndarray], *, tol: float = ANSWER_TOL) -> bool:
    """Whether every marginal of an oracle answer is a point mass (an empty answer counts).

    Parameters
    ----------
    answer : dict of int to numpy.ndarray
        An oracle answer ``{i: mu(X_i | X_S = x_S)}``.
    tol : float, default ANSWER_TOL
        A marginal whose largest entry is ``>= 1 - tol`` is a point mass.

    Returns
    -------
    bool

    Raises
    ------
    AttributeError
        If ``answer`` is not a dict of arrays.

    Examples
    --------
    >>> answer_is_deterministic({1: np.array([0.0, 1.0])})
    True
    """
    return all(m.max() >= 1.0 - tol for m in answer.values())


class QueryBudgetExceeded(RuntimeError):
    """Raised when an oracle with a budget receives one query too many.

    Parameters
    ----------
    *args
        The message, as for any exception.

    Returns
    -------
    QueryBudgetExceeded

    Raises
    ------
    None
        It is what oracles raise.

    Examples
    --------
    >>> oracle = UniformOracle((2, 2), budget=0)
    >>> try:
    ...     oracle([], [])
    ... except QueryBudgetExceeded as exc:
    ...     print(exc)
    query budget of 0 exhausted
    """


def check_pinning(
    positions: ArrayLike, values: ArrayLike, alphabet_sizes: tuple[int, ...]
) -> tuple[np.ndarray, np.ndarray]:
    """Validate a pinning ``X_positions = values`` of a law on ``Σ_1 × ... × Σ_n``.

    Parameters
    ----------
    positions : array_like of int
        Distinct positions in ``0..n-1``.
    values : array_like of int
        One symbol per position, ``values[t]`` in ``0..q_{positions[t]}-1``.
    alphabet_sizes : tuple of int
        ``(q_1, ..., q_n)``.

    Returns
    -------
    (numpy.ndarray, numpy.ndarray)
        ``positions`` and ``values`` as int64 arrays.

    Raises
    ------
    TypeError
        For non-integer entries (floats and bools included).
    ValueError
        For different lengths, positions outside ``0..n-1`` or repeated,
        values outside ``0..q_i-1``.

    Examples
    --------
    >>> check_pinning([2, 0], [1, 0], (2, 2, 3))
    (array([2, 0]), array([1, 0]))
    """
    pos = np.asarray(positions).reshape(-1)
    val = np.asarray(values).reshape(-1)
    for name, arr in (("positions", pos), ("values", val)):
        if arr.size and (arr.dtype == bool or not np.issubdtype(arr.dtype, np.integer)):
            raise TypeError(f"{name} must hold integers, got dtype {arr.dtype}")
    pos, val = pos.astype(np.int64), val.astype(np.int64)
    if pos.size != val.size:
        raise ValueError(f"positions and values must have the same length, got {pos.size} and {val.size}")
    n = len(alphabet_sizes)
    if pos.size and (pos.min() < 0 or pos.max() >= n):
        raise ValueError(f"positions must lie in 0..{n - 1}, got {pos.tolist()}")
    if np.unique(pos).size != pos.size:
        raise ValueError(f"positions must be distinct, got {pos.tolist()}")
    sizes = np.asarray(alphabet_sizes, dtype=np.int64)[pos]
    if ((val < 0) | (val >= sizes)).any():
        raise ValueError(f"values must lie in 0..q_i - 1 at their positions, got {val.tolist()}")
    return pos, val


class ConditionalMarginalOracle:
    """Base class: validates queries, counts them, and enforces an optional budget.

    Subclasses implement ``_answer(positions, values)``.

    Parameters
    ----------
    alphabet_sizes : sequence of int
        ``(q_1, ..., q_n)``, each ``>= 1``.
    budget : int, optional
        Largest number of queries; the next one raises :class:`QueryBudgetExceeded`.

    Returns
    -------
    ConditionalMarginalOracle

    Raises
    ------
    TypeError
        If ``alphabet_sizes`` is not a sequence of ints or ``budget`` not an int.
    ValueError
        If ``alphabet_sizes`` is empty or holds a size below 1, or ``budget < 0``.

    Attributes
    ----------
    alphabet_sizes : tuple of int
        ``(q_1, ..., q_n)``.
    n : int
        The number of positions.
    budget : int or None
        The query budget (``None``: unlimited).
    queries : int
        Queries answered so far; a query refused for the budget is not counted.

    Examples
    --------
    >>> oracle = UniformOracle((2, 3), budget=1)   # a subclass
    >>> oracle.n, oracle.queries, oracle.budget
    (2, 0, 1)
    """

    def __init__(self, alphabet_sizes: Sequence[int], *, budget: int | None = None) -> None:
        self.alphabet_sizes = as_alphabet_sizes(alphabet_sizes, "alphabet_sizes")
        self.n = len(self.alphabet_sizes)
        self.budget = None if budget is None else as_int(budget, "budget", low=0)
        self.queries = 0

    def __call__(self, positions: ArrayLike, values: ArrayLike) -> dict[int, np.ndarray]:
        """Answer the query ``X_positions = values``.

        Parameters
        ----------
        positions : sequence of int
            Distinct pinned positions in ``0..n-1`` (may be empty).
        values : sequence of int
            The pinned symbols, ``values[t]`` in ``0..q_{positions[t]}-1``.

        Returns
        -------
        dict
            ``{i: mu(X_i | X_positions = values)}`` for every free position ``i``,
            in increasing order of ``i``.

        Raises
        ------
        TypeError, ValueError
            For an invalid pinning (:func:`check_pinning`).
        QueryBudgetExceeded
            When the budget is spent.
        """
        positions, values = check_pinning(positions, values, self.alphabet_sizes)
        if self.budget is not None and self.queries >= self.budget:
            raise QueryBudgetExceeded(f"query budget of {self.budget} exhausted")
        self.queries += 1
        return self._answer(positions, values)

    def _answer(self, positions: np.ndarray, values: np.ndarray) -> dict[int, np.ndarray]:
        raise NotImplementedError


class TableOracle(ConditionalMarginalOracle):
    """The conditional marginal oracle (Def 11) of a law given as a full table.

    Parameters
    ----------
    p : array_like, shape (q_1, ..., q_n)
        The law.
    budget : int, optional
        Largest number of queries.

    Returns
    -------
    TableOracle

    Raises
    ------
    ValueError, TypeError
        If ``p`` is not a probability table or ``budget`` is invalid.

    Attributes
    ----------
    table : numpy.ndarray of float, shape (q_1, ..., q_n)
        The law, as validated float64 probabilities.
    alphabet_sizes, n, budget, queries
        As for :class:`ConditionalMarginalOracle`; ``alphabet_sizes`` is ``table.shape``.

    Examples
    --------
    >>> oracle = TableOracle([[0.5, 0.0], [0.0, 0.5]])     # X_1 = X_2, a fair bit
    >>> {i: m.tolist() for i, m in oracle([], []).items()}
    {0: [0.5, 0.5], 1: [0.5, 0.5]}
    >>> {i: m.tolist() for i, m in oracle([0], [1]).items()}
    {1: [0.0, 1.0]}
    """

    def __init__(self, p: ArrayLike, *, budget: int | None = None) -> None:
        self.table = as_probability_table(p, "p")
        super().__init__(self.table.shape, budget=budget)

    def _answer(self, positions: np.ndarray, values: np.ndarray) -> dict[int, np.ndarray]:
        index = [slice(None)] * self.n
        for i, v in zip(positions, values, strict=True):
            index[i] = v
        pinned = self.table[tuple(index)]  # axes: the free positions, in order
        pinned_set = set(positions.tolist())
        free = [i for i in range(self.n) if i not in pinned_set]
        mass = pinned.sum()
        answer = {}
        for axis, i in enumerate(free):
            if mass > 0:
                others = tuple(a for a in range(len(free)) if a != axis)
                answer[i] = pinned.sum(axis=others) / mass
            else:
                answer[i] = np.full(self.alphabet_sizes[i], 1.0 / self.alphabet_sizes[i])
        return answer


class UniformOracle(ConditionalMarginalOracle):
    """The oracle of the uniform law on ``Σ_1 × ... × Σ_n``: every answer is uniform.

    Needs no table, so it serves any ``n``.

    Parameters
    ----------
    alphabet_sizes : sequence of int
        ``(q_1, ..., q_n)``, e.g. ``(q,) * n``.
    budget : int, optional
        Largest number of queries.

    Returns
    -------
    UniformOracle

    Raises
    ------
    TypeError
        If ``alphabet_sizes`` is not a sequence of ints (``UniformOracle(3)``
        needs ``UniformOracle((3,))``).
    ValueError
        If it is empty or holds a size below 1, or ``budget < 0``.

    Attributes
    ----------
    alphabet_sizes, n, budget, queries
        As for :class:`ConditionalMarginalOracle`.

    Examples
    --------
    >>> UniformOracle((2, 3))([0], [1])[1].round(3).tolist()
    [0.333, 0.333, 0.333]
    """

    def _answer(self, positions: np.ndarray, values: np.ndarray) -> dict[int, np.ndarray]:
        pinned = set(positions.tolist())
        return {i: np.full(a, 1.0 / a) for i, a in enumerate(self.alphabet_sizes) if i not in pinned}
