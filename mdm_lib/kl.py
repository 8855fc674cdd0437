r"""Exact expected KL errors of schedules (Theorem 4 / Theorem 16).

For a schedule :math:`s_1, \dots, s_k` with partial sums :math:`N_i = s_1 + \dots + s_i`,

.. math::

    \mathbb E_S\, \mathrm{KL}(\mu \,\Vert\, \nu^S)
    = \sum_{i=1}^{k} \sum_{j=1}^{s_i} \big(Z_{N_{i-1}+j} - Z_{N_{i-1}+1}\big),

the area between the information curve and its left-Riemann step
approximation (Figure 1 of the paper): :func:`expected_kl`, step by step
:func:`step_costs`. For the per-token Bernoulli rules of released samplers,
whose step sizes are random, :func:`bernoulli_expected_kl` averages the same
formula over the sizes exactly.
"""

from __future__ import annotations

import math

import numpy as np
from numpy.typing import ArrayLike

from ._validate import as_float_array, as_length, as_monotone_curve, as_sizes, check_limit

#: Largest ``(K + 1) * (n + 1)`` (steps times counts) :func:`bernoulli_expected_kl` evaluates.
MAX_BERNOULLI_TERMS = 10**9


def expected_kl_coefficients(sizes: np.ndarray, n: int) -> np.ndarray:
    """``a`` with ``expected_kl(Z, sizes) = a @ Z`` for every curve ``Z`` of length n (Theorem 16 is linear).

    ``sizes`` is a validated schedule of n tokens (int64): every position counts
    once, and the first position of each step loses the step's size. Empty steps
    cost nothing.
    """
    sizes = sizes[sizes > 0]
    a = np.ones(n)
    starts = np.concatenate([[0], np.cumsum(sizes)[:-1]])
    a[starts] -= sizes
    return a


def step_costs(Z: ArrayLike, sizes: ArrayLike, *, strict: bool = True) -> np.ndarray:
    """The Theorem 16 cost of each step: ``sum_{j=1}^{s_i} (Z_{N_{i-1}+j} - Z_{N_{i-1}+1})``.

    Parameters
    ----------
    Z : array_like, shape (n,)
        The information curve; element ``j - 1`` is ``Z_j``. Non-decreasing, as
        every information curve is.
    sizes : array_like of int
        Non-negative step sizes summing to n. A zero-size step costs 0.
    strict : bool, default True
        If False, evaluate the formula on any finite curve (a noisy estimate
        should rather go through :func:`mdm_lib.monotone_projection`).

    Returns
    -------
    numpy.ndarray, shape (len(sizes),)
        The cost of each step, in the units of ``Z``.

    Raises
    ------
    ValueError
        If ``Z`` is not a finite non-empty 1-d curve, decreases (with
        ``strict=True``), or ``sizes`` is not a schedule of n tokens.
    TypeError
        If ``Z`` or ``sizes`` is not numeric, or ``strict`` is not a bool.

    Examples
    --------
    >>> step_costs([0.0, 1.0, 1.5, 1.75], [2, 0, 2]).tolist()
    [1.0, 0.0, 0.25]
    """
    Z = as_monotone_curve(Z, strict=strict)
    sizes = as_sizes(sizes, Z.size)
    starts = np.concatenate([[0], np.cumsum(sizes)[:-1]])
    filled = sizes > 0
    # Sum Z_j - Z_{first of its step} term by term (not as a difference of global prefix
    # sums, which cancels badly at large n): for a monotone curve every term is >= 0.
    excess = Z - np.repeat(Z[starts[filled]], sizes[filled])
    costs = np.zeros(sizes.size)
    costs[filled] = np.add.reduceat(excess, starts[filled])
    return costs


def expected_kl(Z: ArrayLike, sizes: ArrayLike, *, strict: bool = True) -> float:
    r"""Expected KL error of the masked-diffusion sampler with step sizes ``sizes``.

    The error of Theorem 16 (Theorem 4's form): the L1 distance between the curve
    ``Z`` and its left-Riemann steps at the schedule's nodes, in the units of ``Z``.

    Parameters
    ----------
    Z : array_like, shape (n,)
        The information curve, e.g. :func:`mdm_lib.info_curve`; non-decreasing.
    sizes : array_like of int
        Non-negative integers summing to n; zero-size steps are ignored.
    strict : bool, default True
        A decreasing ``Z`` is not an information curve and the formula can then
        be negative: it raises unless ``strict=False``, which evaluates the
        formula anyway. Put a noisy estimate through
        :func:`mdm_lib.monotone_projection` instead.

    Returns
    -------
    float
        The expected KL error, in the units of ``Z``.

    Raises
    ------
    ValueError
        If ``Z`` decreases (``strict=True``), is empty, not 1-d or not finite,
        or ``sizes`` does not sum to n.
    TypeError
        If ``Z`` or ``sizes`` is not numeric.

    See Also
    --------
    optimal_schedule : the schedule that minimises this error.
    sampler_kl : the same error by enumeration of a law's table.
    info_curve : the curve :math:`Z` of a law.

    Notes
    -----
    With the nodes :math:`N_a = 1 + \sum_{t<a} s_t` (:math:`a = 1, \dots, k`) and
    :math:`N_{k+1} = n + 1`, Theorem 4 reads

    .. math::

        \mathbb E_{S_1,\dots,S_k}\, \mathrm{KL}\big(\mu \,\Vert\, \nu^{S_1,\dots,S_k}\big)
        = \sum_{a=1}^{k} \sum_{j=N_a}^{N_{a+1}-1} \big(Z_j - Z_{N_a}\big)
        = \lVert Z - Z^{N} \rVert_{L^1} .

    Each step costs the area between the curve and the height :math:`Z_{N_a}` at
    which the step starts; a step of one token costs nothing.

    Examples
    --------
    >>> Z = [0.0, 1.0, 1.0]               # three copies of one fair bit
    >>> expected_kl(Z, [3])               # all at once: TC = 2 bits
    2.0
    >>> expected_kl(Z, [1, 2])            # the first token fixes the rest
    0.0
    >>> # not a curve: a negative "error"
    >>> expected_kl([0.0, 1.0, 0.0], [1, 2], strict=False)
    -1.0
    """
    return float(step_costs(Z, sizes, strict=strict).sum())


def _as_reveal_probs(reveal_probs: ArrayLike) -> np.ndarray:
    probs = as_float_array(reveal_probs, "reveal_probs")
    if probs.ndim != 1 or probs.size == 0:
        raise ValueError(f"reveal_probs must be a non-empty 1-d array, got shape {probs.shape}")
    if (probs < 0).any() or (probs > 1).any():
        bad = probs[(probs < 0) | (probs > 1)][0]
        raise ValueError(f"reveal_probs must lie in [0, 1], got {float(bad)!r}")
    return probs


def _masked_fractions(probs: np.ndarray) -> np.ndarray:
    """Probability that a token is still masked before each step, and after the last."""
    return np.concatenate([[1.0], np.cumprod(1.0 - probs)])


def bernoulli_expected_sizes(n: int, reveal_probs: ArrayLike) -> np.ndarray:
    """Expected step sizes of a per-token Bernoulli sampler, plus the left-over step.

    Parameters
    ----------
    n : int
        Number of masked tokens, ``>= 1``.
    reveal_probs : array_like, shape (K,)
        Per-step reveal probabilities in ``[0, 1]``.

    Returns
    -------
    numpy.ndarray, shape (K + 1,)
        ``n * m_i * beta_i`` for the K steps (``m_i`` the probability a token is
        still masked before step i) and ``n * m_{K+1}`` for the final clean-up
        of tokens never revealed.

    Raises
    ------
    ValueError
        If ``n < 1`` or a probability lies outside ``[0, 1]``.
    TypeError
        If ``n`` is not an integer or ``reveal_probs`` not numeric.

    Examples
    --------
    >>> bernoulli_expected_sizes(10, [0.5, 1.0]).tolist()
    [5.0, 5.0, 0.0]
    """
    n = as_length(n)
    probs = _as_reveal_probs(reveal_probs)
    masked = _masked_fractions(probs)
    return n * np.append(masked[:-1] * probs, masked[-1])


def bernoulli_expected_kl(Z: ArrayLike, reveal_probs: ArrayLike, *, strict: bool = True) -> float:
    r"""Exact expected KL of a sampler that reveals each masked token independently.

    At step t every still-masked token is revealed with probability
    ``reveal_probs[t]``, independently of the others and of the values; tokens
    still masked after the last step are revealed together in one final step.
    Given the counts the positions are uniformly random, so the error is
    ``E_counts[expected_kl(Z, counts)]``.

    The expectation is computed exactly (see Notes) in time ``O(K n)`` and
    memory ``O(n)`` (steps are taken in chunks).

    Parameters
    ----------
    Z : array_like, shape (n,)
        Information curve (non-decreasing).
    reveal_probs : array_like, shape (K,)
        Per-step reveal probabilities in ``[0, 1]``.
    strict : bool, default True
        As in :func:`expected_kl`.

    Returns
    -------
    float
        The expected KL error, in the units of ``Z``.

    Raises
    ------
    ValueError
        If ``Z`` is not a non-decreasing curve (``strict=True``), a probability
        lies outside ``[0, 1]``, or ``(K + 1)(n + 1)`` exceeds
        ``mdm_lib.kl.MAX_BERNOULLI_TERMS``.
    TypeError
        If an argument is not numeric.

    Notes
    -----
    A forward recursion over the number :math:`c` of tokens revealed so far:
    given :math:`c`, step :math:`t` reveals :math:`s\sim\mathrm{Binomial}(n-c,\beta_t)`
    tokens and costs :math:`P_{c+s}-P_c-s\,Z_{c+1}`, with :math:`P` the prefix
    sums of :math:`Z`. The first two terms telescope over the steps to
    :math:`P_n`, leaving

    .. math::

        \mathbb E\,\mathrm{KL} = P_n - \sum_t \sum_c \Pr(c_t = c)\,(n - c)\,\beta_t\,Z_{c+1},

    and the recursion :math:`c_{t+1} = c_t + \mathrm{Binomial}(n - c_t, \beta_t)`
    is solved in closed form by :math:`c_t \sim \mathrm{Binomial}(n, 1 - m_t)`,
    :math:`m_t = \prod_{i<t}(1 - \beta_i)`.

    Examples
    --------
    >>> Z = [0.0, 1.0, 1.0]
    >>> bernoulli_expected_kl(Z, [1.0])       # everything at once: TC
    2.0
    >>> round(bernoulli_expected_kl(Z, [0.5, 1.0]), 4)
    0.875
    """
    from scipy.stats import binom

    Z = as_monotone_curve(Z, strict=strict)
    probs = np.append(_as_reveal_probs(reveal_probs), 1.0)
    n = Z.size
    check_limit(probs.size * (n + 1), MAX_BERNOULLI_TERMS, "(len(reveal_probs) + 1) * (n + 1)")
    revealed = np.arange(n + 1)
    masked = _masked_fractions(probs)[:-1]
    weights = (n - revealed) * np.append(Z, 0.0)
    row_sums = np.empty(probs.size)
    for t, p in enumerate(1.0 - masked):  # Pr(c_t = c): a binomial count; O(n) memory whatever K
        # Counts beyond mean ± (12 sd + 40) carry less than 1e-26 of the mass (Bernstein's inequality), far
        # below double precision relative to the terms kept: only that window is evaluated.
        spread = 12.0 * math.sqrt(n * p * (1.0 - p)) + 40.0
        low, high = max(0, math.floor(n * p - spread)), min(n, math.ceil(n * p + spread))
        window = revealed[low : high + 1]
        row_sums[t] = binom.pmf(window, n, p) @ weights[low : high + 1]
    return float(Z.sum() - probs @ row_sums)
