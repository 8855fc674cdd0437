"""A stationary Markov chain at any length n, with exact sampling, likelihood and conditionals.

:class:`MarkovChain` is to Markov chains what :class:`mdm_lib.ProductMixture`
is to mixtures: a law whose truth is known at any n. Its information curve is
exact (:func:`mdm_lib.markov_info_curve`), and an instance is a conditional
oracle (see :mod:`mdm_lib.estimation`) for the estimators of
:mod:`mdm_lib.estimation`, :mod:`mdm_lib.records` and :mod:`mdm_lib.sampled_kl`,
so they can be checked against the exact curve at the sizes of real models
(n = 1024, say), far beyond a full table.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from numpy.typing import ArrayLike

from ._probability import LOG_FLOOR, inverse_cdf
from ._validate import MAX_TABLE_ENTRIES, as_generator, as_int, as_samples, check_limit
from .curves import markov_info_curve
from .laws import check_transition, stationary_start

__all__ = ["MarkovChain"]


@dataclass(frozen=True, eq=False)
class MarkovChain:
    """A stationary Markov chain ``X_1, ..., X_n`` with exact conditionals at any n.

    The chain starts in a stationary law ``π`` and moves by ``transition``. Given
    the revealed positions, a masked position ``i`` depends only on its nearest
    revealed neighbours ``l < i < r`` (Markov property), so
    ``P(X_i = a | x_revealed) ∝ P^{i-l}[x_l, a] · P^{r-i}[a, x_r]``, with ``π(a)``
    in place of the first factor when nothing left of ``i`` is revealed and 1 in
    place of the second when nothing right of it is. Calling an instance on
    ``(x, revealed)`` returns these laws: it is a conditional oracle.

    Parameters
    ----------
    transition : array_like, shape (q, q)
        Row-stochastic matrix, ``transition[a, b] = P(X_{t+1} = b | X_t = a)``.
    n : int
        Sequence length, ``n >= 1``; ``(n + 1) q^2`` at most ``MAX_TABLE_ENTRIES``
        (the powers ``P^0, ..., P^n`` are kept).
    initial : array_like, shape (q,), optional
        The stationary law ``π`` (required when the chain has several); by
        default the unique one, as in :func:`mdm_lib.markov_info_curve`.

    Attributes
    ----------
    transition : numpy.ndarray, shape (q, q)
        The validated transition matrix.
    n : int
        Sequence length.
    initial : numpy.ndarray, shape (q,)
        The stationary law every ``X_t`` follows.

    Raises
    ------
    TypeError
        If an array is not numeric or ``n`` is not an integer.
    ValueError
        If ``transition`` is not square and row-stochastic, ``n < 1`` or too large, or ``initial`` is
        not a stationary law (or is missing for a chain with several).

    Examples
    --------
    >>> chain = MarkovChain([[0.9, 0.1], [0.1, 0.9]], 3)
    >>> x, revealed = np.array([[0, 0, 1]]), np.array([[True, False, True]])
    >>> # between a 0 and a 1: either, equally
    >>> chain(x, revealed)[0, 1].round(4).tolist()
    [0.5, 0.5]
    >>> chain.info_curve().round(4).tolist()
    [0.0, 0.4606, 0.6014]
    """

    transition: np.ndarray
    n: int
    initial: np.ndarray | None = None
    _powers: np.ndarray = field(init=False, repr=False)
    _start: np.ndarray = field(init=False, repr=False)

    def __post_init__(self) -> None:
        P = check_transition(self.transition)
        n = as_int(self.n, "n", low=1)
        q = P.shape[0]
        check_limit((n + 1) * q * q, MAX_TABLE_ENTRIES, "(n + 1) * q^2")
        powers = np.empty((n + 1, q, q))
        powers[0] = np.eye(q)
        for d in range(1, n + 1):
            powers[d] = powers[d - 1] @ P
        object.__setattr__(self, "transition", P)
        object.__setattr__(self, "n", n)
        start = stationary_start(P, self.initial)
        object.__setattr__(self, "initial", start)
        object.__setattr__(self, "_start", start)
        object.__setattr__(self, "_powers", powers)

    @property
    def q(self) -> int:
        """Number of states."""
        return int(self.transition.shape[0])

    def _check_x(self, x: ArrayLike) -> np.ndarray:
        arr = np.asarray(x)
        if arr.dtype.kind not in "iu":
            arr = as_samples(arr, "x")
        if arr.ndim != 2 or arr.shape[1] != self.n or arr.size == 0 or arr.min() < 0 or arr.max() >= self.q:
            raise ValueError(
                f"x must have shape (b, {self.n}) with states 0..{self.q - 1}, got shape {arr.shape}"
            )
        return arr

    def __call__(self, x: ArrayLike, revealed: ArrayLike) -> np.ndarray:
        """``P(X_i = a | x_revealed)`` for every row, position and state; shape (b, n, q)."""
        x = self._check_x(x)
        revealed = np.asarray(revealed, dtype=bool)
        if revealed.shape != x.shape:
            raise ValueError(f"revealed must have the shape of x {x.shape}, got {revealed.shape}")
        n = self.n
        position = np.arange(n)
        left = np.maximum.accumulate(np.where(revealed, position, -1), axis=1)
        right = np.minimum.accumulate(np.where(revealed, position, n)[:, ::-1], axis=1)[:, ::-1]
        has_left, has_right = left >= 0, right < n
        rows = np.arange(x.shape[0])[:, None]
        x_left = x[rows, np.maximum(left, 0)]
        x_right = x[rows, np.minimum(right, n - 1)]
        from_left: np.ndarray = self._powers[np.where(has_left, position - left, 0), x_left]  # (b, n, q)
        from_left = np.where(has_left[..., None], from_left, self._start)
        to_right: np.ndarray = self._powers[np.where(has_right, right - position, 0), :, x_right]
        to_right = np.where(has_right[..., None], to_right, 1.0)
        joint: np.ndarray = from_left * to_right
        return joint / joint.sum(axis=2, keepdims=True)

    def log_prob(self, x: ArrayLike) -> np.ndarray:
        """``log μ(x)`` (natural log) of each row of ``x`` (shape (b, n)); shape (b,)."""
        x = self._check_x(x)
        first = np.log(np.maximum(self._start[x[:, 0]], LOG_FLOOR))
        steps = np.log(np.maximum(self.transition[x[:, :-1], x[:, 1:]], LOG_FLOOR)).sum(axis=1)
        return first + steps

    def sample(self, size: int, *, rng: int | np.random.Generator | None = None) -> np.ndarray:
        """``size`` independent draws, shape (size, n), as ints.

        Examples
        --------
        >>> # alternating
        >>> MarkovChain([[0.0, 1.0], [1.0, 0.0]], 5).sample(2, rng=1).tolist()
        [[1, 0, 1, 0, 1], [0, 1, 0, 1, 0]]
        """
        size = as_int(size, "size", low=1, high=10**8 // self.n)
        gen = as_generator(rng)
        u = gen.random((size, self.n))
        x = np.empty((size, self.n), dtype=np.int64)
        x[:, 0] = inverse_cdf(np.broadcast_to(self._start, (size, self.q)), u[:, 0])
        for t in range(1, self.n):
            x[:, t] = inverse_cdf(self.transition[x[:, t - 1]], u[:, t])
        return x

    def info_curve(self, *, base: float = 2) -> np.ndarray:
        """The exact information curve ``Z_1, ..., Z_n`` (:func:`mdm_lib.markov_info_curve`).

        Parameters
        ----------
        base : float, default 2
            Logarithm base (2: bits).

        Returns
        -------
        numpy.ndarray, shape (n,)

        Examples
        --------
        >>> # i.i.d.: a product
        >>> MarkovChain([[0.5, 0.5], [0.5, 0.5]], 3).info_curve().round(12).tolist()
        [0.0, 0.0, 0.0]
        """
        return markov_info_curve(self.transition, self.n, initial=self._start, base=base)
