"""The exact expected KL error of a schedule (Theorem 4 / Theorem 16).

For a schedule ``s_1, ..., s_k`` with partial sums ``N_i = s_1 + ... + s_i``,

    E_S KL(mu || nu^S) = sum_i sum_{j=1}^{s_i} (Z_{N_{i-1}+j} - Z_{N_{i-1}+1}),

the area between the information curve and its left-Riemann step
approximation (Figure 1 of the paper).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from ._validate import as_curve, as_generator, as_int, as_sizes

__all__ = ["expected_kl", "step_costs", "random_schedule"]


def step_costs(Z: object, sizes: Sequence[int]) -> np.ndarray:
    """The Theorem 16 cost of each step: ``sum_{j=1}^{s_i} (Z_{N_{i-1}+j} - Z_{N_{i-1}+1})``.

    Parameters
    ----------
    Z : array_like, shape (n,)
        The information curve; element ``j - 1`` is ``Z_j``.
    sizes : sequence of int
        Non-negative step sizes summing to n. A zero-size step costs 0.

    Returns
    -------
    numpy.ndarray, shape (len(sizes),)

    Examples
    --------
    >>> step_costs([0.0, 1.0, 1.5, 1.75], [2, 0, 2]).tolist()
    [1.0, 0.0, 0.25]
    """
    Z = as_curve(Z)
    sizes = as_sizes(sizes, Z.size)
    starts = np.concatenate([[0], np.cumsum(sizes)[:-1]])
    filled = sizes > 0
    # Sum Z_j - Z_{first of its step} term by term (not as a difference of global prefix
    # sums, which cancels badly at large n): for a monotone curve every term is >= 0.
    excess = Z - np.repeat(Z[starts[filled]], sizes[filled])
    costs = np.zeros(sizes.size)
    costs[filled] = np.add.reduceat(excess, starts[filled])
    return costs


def expected_kl(Z: object, sizes: Sequence[int]) -> float:
    """Expected KL error of the masked-diffusion sampler with step sizes ``sizes``.

    Theorem 16 of the paper: the error equals the L1 distance between the
    curve ``Z`` and its left-Riemann step approximation at the schedule's nodes
    (Theorem 4). In the units of ``Z``.

    Parameters
    ----------
    Z : array_like, shape (n,)
        The information curve, e.g. :func:`mdm_lib.info_curve`.
    sizes : sequence of int
        Non-negative integers summing to n; zero-size steps are ignored.

    Examples
    --------
    >>> Z = [0.0, 1.0, 1.0]               # three copies of one fair bit
    >>> expected_kl(Z, [3])               # all at once: TC = 2 bits
    2.0
    >>> expected_kl(Z, [1, 2])            # the first token fixes the rest
    0.0
    """
    return float(step_costs(Z, sizes).sum())


def random_schedule(
    n: int, k: int, *, rng: np.random.Generator, allow_empty: bool = False
) -> np.ndarray:
    """A uniformly random composition of ``n`` into ``k`` step sizes.

    Parameters
    ----------
    n, k : int
        Sequence length (``>= 1``) and number of steps (``>= 1``; ``<= n`` unless
        ``allow_empty``).
    rng : numpy.random.Generator
    allow_empty : bool, default False
        If True, steps may have size 0 (uniform over weak compositions).

    Examples
    --------
    >>> random_schedule(10, 3, rng=np.random.default_rng(0)).sum()
    np.int64(10)
    """
    n = as_int(n, "n", low=1)
    k = as_int(k, "k", low=1, high=None if allow_empty else n)
    rng = as_generator(rng)
    if allow_empty:  # stars and bars: choose k-1 bar positions among n+k-1 slots
        bars = np.sort(rng.choice(n + k - 1, size=k - 1, replace=False))
        return np.diff(np.concatenate([[-1], bars, [n + k - 1]])) - 1
    cuts = np.sort(rng.choice(np.arange(1, n), size=k - 1, replace=False))
    return np.diff(np.concatenate([[0], cuts, [n]]))
