"""The schedule type shared by every schedule-returning function, and simple schedules.

A schedule of a sequence of length n is the list of its step sizes
``s_1, ..., s_k``: non-negative integers summing to n, revealed in that order.
:class:`Schedule` is an immutable tuple of Python ints, so it compares with
``==`` (to another schedule, a tuple, a list or a 1-d array), hashes, and works
anywhere a sequence of sizes is accepted.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Self

import numpy as np
from numpy.typing import ArrayLike

from .._validate import as_generator, as_length, as_schedule_sizes, as_steps


class Schedule(tuple):
    """Step sizes ``s_1, ..., s_k`` of a masked-diffusion schedule.

    A tuple of non-negative Python ints; zero-size steps are kept, so ``k``
    (``len``) is the step count the theorems bound, and
    :attr:`nonempty_steps` is the number of steps a sampler actually runs.

    Parameters
    ----------
    sizes : array_like of int
        Non-negative whole numbers; at least one.

    Returns
    -------
    Schedule
        An immutable tuple of Python ints.

    Raises
    ------
    TypeError
        If ``sizes`` is not a sequence of numbers (booleans included).
    ValueError
        If a size is negative, not a whole number, or the sequence is empty.

    Attributes
    ----------
    n : int
        The sequence length ``s_1 + ... + s_k``.
    k : int
        The number of steps ``len(self)``, zero-size steps included.
    nonempty_steps : int
        The number of steps of positive size (the sampler's model calls).
    nodes : tuple of int
        The nodes ``N_0 = 0, N_1 = s_1, ..., N_k = n``: the positions revealed
        after each step (``k + 1`` values).

    Examples
    --------
    >>> s = Schedule([3, 0, 2])
    >>> s, s.n, s.k, s.nonempty_steps
    (Schedule([3, 0, 2]), 5, 3, 2)
    >>> s.nodes
    (0, 3, 3, 5)
    >>> s == Schedule([3, 0, 2]), s == (3, 0, 2), s == [3, 0, 2], s != np.array([3, 0, 2])
    (True, True, True, False)
    """

    __slots__ = ()

    def __new__(cls, sizes: ArrayLike) -> Self:
        values = as_schedule_sizes(sizes, "sizes")
        return super().__new__(cls, (int(v) for v in values))

    @property
    def n(self) -> int:
        """Sequence length, the sum of the sizes."""
        return sum(self)

    @property
    def k(self) -> int:
        """Number of steps, empty ones included."""
        return len(self)

    @property
    def nonempty_steps(self) -> int:
        """Number of steps that reveal at least one token."""
        return sum(1 for s in self if s)

    @property
    def nodes(self) -> tuple[int, ...]:
        """Partial sums ``(N_0, ..., N_k)`` of the sizes, from ``N_0 = 0`` to ``N_k = n``."""
        out = [0]
        for s in self:
            out.append(out[-1] + s)
        return tuple(out)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, np.ndarray):  # one answer for the whole array, not one per entry
            return other.ndim == 1 and tuple.__eq__(self, tuple(other.tolist())) is True
        if isinstance(other, list):
            other = tuple(other)
        return tuple.__eq__(self, other)

    def __ne__(self, other: object) -> bool:
        equal = self.__eq__(other)
        return equal if equal is NotImplemented else not equal

    __hash__ = tuple.__hash__

    def __repr__(self) -> str:
        return f"Schedule({list(self)})"


def schedule_from_nodes(nodes: Iterable[int]) -> Schedule:
    """The schedule whose partial sums are ``nodes`` (``0 = N_0 <= ... <= N_k = n``).

    Parameters
    ----------
    nodes : iterable of int
        Non-decreasing whole numbers starting at 0.

    Returns
    -------
    Schedule
        The differences ``N_i - N_{i-1}``.

    Raises
    ------
    ValueError
        If the nodes do not start at 0, decrease, or are not whole numbers.
    TypeError
        If they are not numbers (booleans included).

    Examples
    --------
    >>> schedule_from_nodes([0, 2, 2, 7])
    Schedule([2, 0, 5])
    """
    if isinstance(nodes, Iterable) and not isinstance(nodes, (str, bytes, np.ndarray)):
        nodes = list(nodes)
    values = as_schedule_sizes(nodes, "nodes")
    if values.size < 2 or values[0] != 0:
        raise ValueError(f"nodes must start at 0 and have at least two entries, got {values.tolist()[:10]}")
    steps = np.diff(values)
    if (steps < 0).any():
        raise ValueError(f"nodes must be non-decreasing, but N_{int(np.argmax(steps < 0)) + 1} decreases")
    return Schedule(steps)


def balanced_schedule(n: int, k: int) -> Schedule:
    """``k`` steps of near-equal size covering ``n`` tokens, larger steps first.

    The first ``n % k`` steps reveal ``n // k + 1`` tokens and the others
    ``n // k`` (LLaDA's rule within one block).

    Parameters
    ----------
    n : int
        Sequence length, ``>= 1``.
    k : int
        Number of steps, ``1 <= k <= MAX_SCHEDULE_STEPS`` (:math:`10^7`); the steps
        beyond n are empty when ``k > n``.

    Returns
    -------
    Schedule

    Raises
    ------
    ValueError
        If ``n`` or ``k`` is out of range.
    TypeError
        If ``n`` or ``k`` is not an integer.

    Examples
    --------
    >>> balanced_schedule(10, 4)
    Schedule([3, 3, 2, 2])
    """
    n = as_length(n)
    k = as_steps(k)
    q, r = divmod(n, k)
    return Schedule([q + 1] * r + [q] * (k - r))


def random_schedule(
    n: int, k: int, *, rng: int | np.random.Generator | None = None, allow_empty: bool = False
) -> Schedule:
    """A uniformly random composition of ``n`` into ``k`` step sizes.

    Uses O(k) memory: the ``k - 1`` cut points are drawn without replacement
    by Floyd's algorithm, never an array of length n.

    Parameters
    ----------
    n : int
        Sequence length, ``>= 1``.
    k : int
        Number of steps, ``1 <= k <= MAX_SCHEDULE_STEPS`` (:math:`10^7`). ``k > n``
        needs ``allow_empty`` (n tokens fill at most n non-empty steps).
    rng : None, int or numpy.random.Generator, optional
        Seed or generator (SPEC 7).
    allow_empty : bool, default False
        If True, steps may have size 0 (uniform over weak compositions).

    Returns
    -------
    Schedule

    Raises
    ------
    ValueError
        If ``n`` or ``k`` is out of range.
    TypeError
        If ``n`` or ``k`` is not an integer, or ``rng`` not a seed or generator.

    Examples
    --------
    >>> s = random_schedule(10, 3, rng=0)
    >>> s.n, s.k
    (10, 3)
    """
    n = as_length(n)
    k = as_steps(k)
    if k > n and not allow_empty:
        raise ValueError(
            f"k = {k} > n = {n}: n tokens fill at most n non-empty steps; pass allow_empty=True for "
            "steps of size 0"
        )
    rng = as_generator(rng)
    # stars and bars: k-1 bar positions among n+k-1 slots (weak), or k-1 cuts among 1..n-1
    slots = n + k - 1 if allow_empty else n - 1
    picked = np.array(sorted(_floyd_sample(slots, k - 1, rng)), dtype=np.int64)
    if allow_empty:
        return Schedule(np.diff(np.concatenate([[-1], picked, [n + k - 1]])) - 1)
    return Schedule(np.diff(np.concatenate([[0], picked + 1, [n]])))


def _floyd_sample(m: int, count: int, rng: np.random.Generator) -> set[int]:
    """``count`` distinct integers drawn uniformly from ``range(m)`` in O(count) memory."""
    chosen: set[int] = set()
    for j in range(m - count, m):
        t = int(rng.integers(0, j + 1))
        chosen.add(j if t in chosen else t)
    return chosen
