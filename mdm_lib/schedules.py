"""Count rules of the samplers used in practice (PEERS.md §5), and their exact error.

Two kinds of rule:

* **count rules** return the step sizes ``s_1, ..., s_K`` (non-negative
  integers summing to n). With uniformly random positions their expected KL is
  :func:`mdm_lib.expected_kl` (Theorem 4);
* **per-token Bernoulli rules** (MDLM, MD4, Dream's ``origin``) return, for each
  step, the probability that a still-masked token is revealed at that step.
  The counts are then random; :func:`bernoulli_expected_kl` gives the exact
  expected KL, averaged over the counts.

Rules that choose *which* positions to reveal from the sampled values
(confidence, margin, entropy, thresholds) are not schedules in the sense of
Theorem 4 and are not modelled here.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Sequence
from itertools import combinations, product

import numpy as np

from ._validate import (
    as_curve,
    as_float_array,
    as_int,
    as_positive_float,
    as_probability_table,
    as_sizes,
    log_base,
)
from .kl import expected_kl
from .sampler import partition_law

__all__ = [
    "geometric_growth_schedule",
    "geometric_decay_schedule",
    "geometric_rate_for_steps",
    "llada_schedule",
    "dream_schedule",
    "maskgit_cosine_schedule",
    "mdlm_reveal_probs",
    "md4_reveal_probs",
    "dream_origin_reveal_probs",
    "bernoulli_expected_sizes",
    "bernoulli_expected_kl",
    "block_sampler_kl",
    "practical_schedule_errors",
]


def _proportional_rule(n: int, rho: float, *, growth: bool) -> np.ndarray:
    """Sizes ``max(1, floor(rho * x_t))`` with ``x_t`` revealed (growth) or masked (decay)."""
    sizes = []
    revealed = 0
    while revealed < n:
        base = revealed if growth else n - revealed
        step = min(n - revealed, max(1, math.floor(rho * base)))
        sizes.append(step)
        revealed += step
    return np.asarray(sizes, dtype=np.int64)


def geometric_growth_schedule(n: int, rho: float) -> np.ndarray:
    """Step sizes that grow geometrically: ``s_t = max(1, floor(rho * c_t))``.

    ``c_t = s_1 + ... + s_{t-1}`` is the number of tokens revealed before step
    t, so the first step reveals one token and the revealed count grows by the
    factor ``1 + rho`` per step once ``rho * c_t >= 1``. The last step is cut so
    that the sizes sum to n.

    Parameters
    ----------
    n : int
        Number of masked positions, ``n >= 1``.
    rho : float
        Growth rate, ``rho > 0``.

    Returns
    -------
    numpy.ndarray of int64
        Positive step sizes summing to n.

    Examples
    --------
    >>> geometric_growth_schedule(20, 0.5).tolist()
    [1, 1, 1, 1, 2, 3, 4, 6, 1]
    """
    n = as_int(n, "n", low=1)
    rho = as_positive_float(rho, "rho")
    return _proportional_rule(n, rho, growth=True)


def geometric_decay_schedule(n: int, rho: float) -> np.ndarray:
    """Step sizes that decay geometrically: ``s_t = max(1, floor(rho * (n - c_t)))``.

    Each step reveals the fraction ``rho`` of the still-masked tokens (at least
    one), so the masked count shrinks by the factor ``1 - rho`` per step.

    Parameters
    ----------
    n : int
        Number of masked positions, ``n >= 1``.
    rho : float
        Fraction revealed per step, ``0 < rho <= 1``.

    Returns
    -------
    numpy.ndarray of int64
        Positive step sizes summing to n.

    Examples
    --------
    >>> geometric_decay_schedule(20, 0.5).tolist()
    [10, 5, 2, 1, 1, 1]
    """
    n = as_int(n, "n", low=1)
    rho = as_positive_float(rho, "rho")
    if rho > 1:
        raise ValueError(f"rho must lie in (0, 1] for a decaying schedule, got {rho!r}")
    return _proportional_rule(n, rho, growth=False)


def geometric_rate_for_steps(n: int, steps: int, *, kind: str = "growth") -> float:
    """The smallest rate ``rho`` whose geometric schedule uses at most ``steps`` steps.

    The number of steps of :func:`geometric_growth_schedule` and
    :func:`geometric_decay_schedule` never increases with ``rho`` (the revealed
    count after every step is non-decreasing in ``rho``), so bisection finds the
    boundary; the schedule at the returned rate has ``steps`` steps or, when no
    rate gives exactly that many, the nearest number below.

    Parameters
    ----------
    n : int
        Number of masked positions.
    steps : int
        Step budget; at least 2 for growth (its first step reveals one token)
        unless ``n == 1``.
    kind : {"growth", "decay"}

    Examples
    --------
    >>> rho = geometric_rate_for_steps(100, 8)
    >>> geometric_growth_schedule(100, rho).size
    8
    """
    n = as_int(n, "n", low=1)
    steps = as_int(steps, "steps", low=1)
    if kind not in ("growth", "decay"):
        raise ValueError(f"kind must be 'growth' or 'decay', got {kind!r}")
    growth = kind == "growth"
    if growth and steps == 1 and n > 1:
        raise ValueError("a growth schedule needs at least 2 steps when n > 1 (its first step is 1)")
    lo, hi = 0.0, float(n) if growth else 1.0  # hi always meets the budget
    for _ in range(100):
        mid = 0.5 * (lo + hi)
        if mid <= 0 or mid == hi:
            break
        if _proportional_rule(n, mid, growth=growth).size <= steps:
            hi = mid
        else:
            lo = mid
    return hi


def llada_schedule(n: int, steps: int, *, blocks: int = 1) -> np.ndarray:
    """LLaDA's linear count rule (``get_num_transfer_tokens``), optionally in blocks.

    The n positions are split into ``blocks`` equal blocks, generated left to
    right with ``steps / blocks`` steps each. A block of ``B`` tokens and
    ``K_b`` steps reveals ``B // K_b + 1`` tokens in each of its first
    ``B % K_b`` steps and ``B // K_b`` in the others. With ``blocks=1`` this
    is the balanced constant-size schedule.

    With ``blocks > 1`` the positions of a step are confined to the current
    block, so they are *not* uniformly random among the masked positions and
    Theorem 4's formula does not apply in general (it does when ``H(X_S)``
    depends on ``S`` only through ``|S|``).

    Parameters
    ----------
    n : int
        Number of masked positions; divisible by ``blocks``.
    steps : int
        Total number of steps; divisible by ``blocks``.
    blocks : int, default 1
        Number of semi-autoregressive blocks.

    Returns
    -------
    numpy.ndarray of int64
        ``steps`` non-negative sizes summing to n (zero when a block has fewer
        tokens than steps).

    Examples
    --------
    >>> llada_schedule(10, 4).tolist()
    [3, 3, 2, 2]
    >>> llada_schedule(12, 4, blocks=2).tolist()
    [3, 3, 3, 3]
    """
    n = as_int(n, "n", low=1)
    steps = as_int(steps, "steps", low=1)
    blocks = as_int(blocks, "blocks", low=1)
    if n % blocks or steps % blocks:
        raise ValueError(
            f"blocks must divide both n and steps, got n={n}, steps={steps}, blocks={blocks}"
        )
    block, per_block = n // blocks, steps // blocks
    one_block = np.full(per_block, block // per_block, dtype=np.int64)
    one_block[: block % per_block] += 1
    return np.tile(one_block, blocks)


def _linear_grid(steps: int, eps: float) -> np.ndarray:
    """The time grid ``linspace(1, eps, steps + 1)`` of MDLM and Dream."""
    steps = as_int(steps, "steps", low=1)
    eps = as_positive_float(eps, "eps")
    if eps >= 1:
        raise ValueError(f"eps must lie in (0, 1), got {eps!r}")
    return np.linspace(1.0, eps, steps + 1)


def dream_schedule(n: int, steps: int, *, eps: float = 1e-3) -> np.ndarray:
    """Dream's count rule for its confidence algorithms (``maskgit_plus``, ``entropy``, ...).

    On the grid ``t = linspace(1, eps, steps + 1)``, step ``i < steps - 1``
    reveals ``floor(M_i * (1 - t_{i+1} / t_i))`` of the ``M_i`` masked tokens;
    the last step reveals all that remain.

    Examples
    --------
    >>> dream_schedule(16, 4).tolist()
    [3, 4, 4, 5]
    """
    n = as_int(n, "n", low=1)
    t = _linear_grid(steps, eps)
    sizes = np.zeros(t.size - 1, dtype=np.int64)
    masked = n
    for i in range(sizes.size - 1):
        sizes[i] = math.floor(masked * (1.0 - t[i + 1] / t[i]))
        masked -= sizes[i]
    sizes[-1] = masked
    return sizes


def maskgit_cosine_schedule(n: int, steps: int) -> np.ndarray:
    """MaskGIT's cosine count rule (``mask_schedule.py``, ``parallel_decode.py``).

    After step ``r`` (``r = 0, ..., steps - 1``) the number of masked tokens is
    ``M_{r+1} = max(1, min(M_r - 1, floor(n * cos(pi/2 * (r+1)/steps))))``,
    with the cosine clipped to ``[1e-6, 1]``; the last step reveals all that
    remain.

    Examples
    --------
    >>> maskgit_cosine_schedule(16, 4).tolist()
    [2, 3, 5, 6]
    >>> maskgit_cosine_schedule(16, 8).tolist()
    [1, 1, 1, 2, 3, 2, 3, 3]
    """
    n = as_int(n, "n", low=1)
    steps = as_int(steps, "steps", low=1)
    sizes = np.zeros(steps, dtype=np.int64)
    masked = n
    for r in range(steps - 1):
        ratio = min(1.0, max(1e-6, math.cos(math.pi / 2 * (r + 1) / steps)))
        after = max(1, min(masked - 1, math.floor(n * ratio)))
        sizes[r] = masked - after
        masked = after
    sizes[-1] = masked
    return sizes


def mdlm_reveal_probs(steps: int, *, eps: float = 1e-5) -> np.ndarray:
    """MDLM's per-token reveal probabilities (log-linear noise, ``ddpm_cache``).

    On the grid ``t = linspace(1, eps, steps + 1)`` a still-masked token is
    revealed at step i with probability ``(t_i - t_{i+1}) / t_i``; a token is
    still masked after the last step with probability ``eps`` (the real code
    then fills it by argmax; :func:`bernoulli_expected_kl` treats it as one
    more sampled step).

    Examples
    --------
    >>> mdlm_reveal_probs(4, eps=0.2).round(3).tolist()
    [0.2, 0.25, 0.333, 0.5]
    """
    t = _linear_grid(steps, eps)
    return (t[:-1] - t[1:]) / t[:-1]


def dream_origin_reveal_probs(steps: int, *, eps: float = 1e-3) -> np.ndarray:
    """Dream's ``origin`` per-token reveal probabilities: ``1 - t_{i+1}/t_i``, then 1.

    Examples
    --------
    >>> dream_origin_reveal_probs(3, eps=0.5).round(3).tolist()
    [0.167, 0.2, 1.0]
    """
    t = _linear_grid(steps, eps)
    probs = 1.0 - t[1:] / t[:-1]
    probs[-1] = 1.0
    return probs


def md4_reveal_probs(steps: int, *, grid: str = "cosine", eps: float = 1e-4) -> np.ndarray:
    """MD4's per-token reveal probabilities, linear masking schedule.

    Keep probability ``alpha(t) = (1 - 2 eps)(1 - t) + eps``; step i goes from
    ``t_i = (K - i)/K`` to ``s_i = t_i - 1/K`` (both mapped through
    ``t -> cos(pi/2 (1 - t))`` when ``grid="cosine"``, the text default), and a
    still-masked token is revealed with probability
    ``(alpha(s_i) - alpha(t_i)) / (1 - alpha(t_i))``.

    Examples
    --------
    >>> (16 * md4_reveal_probs(4)).round(2).tolist()[:1]   # expected first count
    [1.22]
    """
    steps = as_int(steps, "steps", low=1)
    eps = as_positive_float(eps, "eps")
    if grid not in ("cosine", "uniform"):
        raise ValueError(f"grid must be 'cosine' or 'uniform', got {grid!r}")
    t = np.arange(steps, -1, -1) / steps
    if grid == "cosine":
        t = np.cos(np.pi / 2 * (1.0 - t))
    alpha = (1.0 - 2.0 * eps) * (1.0 - t) + eps
    return (alpha[1:] - alpha[:-1]) / (1.0 - alpha[:-1])


def _as_reveal_probs(reveal_probs: object) -> np.ndarray:
    probs = as_float_array(reveal_probs, "reveal_probs")
    if probs.ndim != 1 or probs.size == 0:
        raise ValueError(f"reveal_probs must be a non-empty 1-d array, got shape {probs.shape}")
    if (probs < 0).any() or (probs > 1).any():
        raise ValueError("reveal_probs must lie in [0, 1]")
    return probs


def _masked_fractions(probs: np.ndarray) -> np.ndarray:
    """Probability that a token is still masked before each step, and after the last."""
    return np.concatenate([[1.0], np.cumprod(1.0 - probs)])


def bernoulli_expected_sizes(n: int, reveal_probs: object) -> np.ndarray:
    """Expected step sizes of a per-token Bernoulli sampler, plus the left-over step.

    Returns ``K + 1`` numbers: ``n * m_i * beta_i`` for the K steps (``m_i`` the
    probability a token is still masked before step i) and ``n * m_{K+1}``
    for the final clean-up of tokens never revealed.

    Examples
    --------
    >>> bernoulli_expected_sizes(10, [0.5, 1.0]).tolist()
    [5.0, 5.0, 0.0]
    """
    n = as_int(n, "n", low=1)
    probs = _as_reveal_probs(reveal_probs)
    masked = _masked_fractions(probs)
    return n * np.append(masked[:-1] * probs, masked[-1])


def bernoulli_expected_kl(Z: object, reveal_probs: object) -> float:
    """Exact expected KL of a sampler that reveals each masked token independently.

    At step t every still-masked token is revealed with probability
    ``reveal_probs[t]``, independently of the others and of the values; tokens
    still masked after the last step are revealed together in one final step.
    Given the counts the positions are uniformly random, so (PEERS.md §1.3) the
    error is ``E_counts[expected_kl(Z, counts)]``.

    The expectation is computed exactly by a forward recursion over the number
    ``c`` of tokens revealed so far: given ``c``, step t reveals
    ``s ~ Binomial(n - c, beta_t)`` and costs ``P_{c+s} - P_c - s Z_{c+1}``
    (``P`` the prefix sums of ``Z``). The first two terms telescope over the
    steps to ``P_n``, leaving

        E KL = P_n - sum_t sum_c Pr(c_t = c) (n - c) beta_t Z_{c+1},

    and the recursion ``c_{t+1} = c_t + Binomial(n - c_t, beta_t)`` is solved in
    closed form by ``c_t ~ Binomial(n, 1 - m_t)``, ``m_t = prod_{i<t}(1 - beta_i)``.
    Cost ``O(K n)``.

    Parameters
    ----------
    Z : array_like, shape (n,)
        Information curve.
    reveal_probs : array_like, shape (K,)
        Per-step reveal probabilities in ``[0, 1]``.

    Examples
    --------
    >>> Z = [0.0, 1.0, 1.0]
    >>> bernoulli_expected_kl(Z, [1.0])       # everything at once: TC
    2.0
    >>> round(bernoulli_expected_kl(Z, [0.5, 1.0]), 4)
    0.875
    """
    from scipy.stats import binom

    Z = as_curve(Z)
    probs = np.append(_as_reveal_probs(reveal_probs), 1.0)
    n = Z.size
    revealed = np.arange(n + 1)
    masked = _masked_fractions(probs)[:-1]
    count_law = binom.pmf(revealed[None, :], n, 1.0 - masked[:, None])  # Pr(c_t = c)
    left_riemann = count_law * ((n - revealed) * np.append(Z, 0.0))[None, :]
    return float(Z.sum() - probs @ left_riemann.sum(axis=1))


def _ordered_splits(positions: tuple[int, ...], sizes: Sequence[int]) -> Iterator[list[tuple[int, ...]]]:
    """Every way to reveal ``positions`` in steps of the given sizes, in order."""
    if not sizes:
        yield []
        return
    for first in combinations(positions, sizes[0]):
        rest = tuple(i for i in positions if i not in first)
        for tail in _ordered_splits(rest, sizes[1:]):
            yield [first, *tail]


def block_sampler_kl(p: object, sizes: Sequence[int], blocks: int, *, base: float = 2) -> float:
    """Exact ``E_S KL(p || nu^S)`` of the semi-autoregressive (blocked) sampler, by enumeration.

    The n positions are cut into ``blocks`` equal consecutive blocks and the
    ``len(sizes)`` steps into ``blocks`` equal groups; the steps of group b
    reveal uniformly random still-masked positions *of block b* (LLaDA's
    ``remasking='random'`` with ``block_length = n / blocks``). With
    ``blocks=1`` this is the sampler of Theorem 4. Use it on small full tables:
    it enumerates every admissible ordered partition.

    Parameters
    ----------
    p : array_like, shape (q_1, ..., q_n)
        The data law.
    sizes : sequence of int
        Step sizes, e.g. :func:`llada_schedule`; the sizes of each group must
        sum to the block length. Zero-size steps are allowed.
    blocks : int
        Number of blocks; divides n and ``len(sizes)``.
    base : float, default 2

    Examples
    --------
    >>> p = [[0.5, 0.0], [0.0, 0.5]]                  # two copies of a fair bit
    >>> block_sampler_kl(p, [1, 1], blocks=2)         # left then right: exact
    0.0
    """
    table = as_probability_table(p, "p")
    n = table.ndim
    sizes = as_sizes(sizes, n)
    blocks = as_int(blocks, "blocks", low=1)
    if n % blocks or sizes.size % blocks:
        raise ValueError(f"blocks must divide n = {n} and the number of steps {sizes.size}, got {blocks}")
    length, per_block = n // blocks, sizes.size // blocks
    groups = sizes.reshape(blocks, per_block)
    if (groups.sum(axis=1) != length).any():
        raise ValueError(f"the sizes of each group of {per_block} steps must sum to the block length {length}")
    scale = log_base(base)
    choices = [
        list(_ordered_splits(tuple(range(b * length, (b + 1) * length)), [int(s) for s in group if s > 0]))
        for b, group in enumerate(groups)
    ]
    support = table > 0
    values = []
    for parts in product(*choices):
        nu = partition_law(table, [step for part in parts for step in part])
        values.append(float(np.sum(table[support] * np.log(table[support] / nu[support]))) / scale)
    return float(np.mean(values))


def practical_schedule_errors(Z: object, steps: int) -> dict[str, float]:
    """Exact expected KL of every rule in this module with a budget of ``steps`` steps.

    Deterministic count rules are scored with :func:`mdm_lib.expected_kl`
    (Theorem 4), the per-token Bernoulli rules with
    :func:`bernoulli_expected_kl` (their final clean-up of never-revealed
    tokens is one extra step, rarely non-empty), and the geometric rules at the
    smallest rate that fits the budget (:func:`geometric_rate_for_steps`).
    LLaDA is taken with a single block, the only case Theorem 4 covers in
    general.

    Examples
    --------
    >>> errors = practical_schedule_errors([0.0, 1.0, 1.0, 1.0], 2)
    >>> errors["LLaDA linear"], errors["geometric growth"]
    (1.0, 0.0)
    """
    Z = as_curve(Z)
    n = Z.size
    steps = as_int(steps, "steps", low=2, high=n)
    growth = geometric_growth_schedule(n, geometric_rate_for_steps(n, steps, kind="growth"))
    decay = geometric_decay_schedule(n, geometric_rate_for_steps(n, steps, kind="decay"))
    return {
        "LLaDA linear": expected_kl(Z, llada_schedule(n, steps)),
        "Dream": expected_kl(Z, dream_schedule(n, steps)),
        "MaskGIT cosine": expected_kl(Z, maskgit_cosine_schedule(n, steps)),
        "MDLM (Bernoulli)": bernoulli_expected_kl(Z, mdlm_reveal_probs(steps)),
        "MD4 cosine grid (Bernoulli)": bernoulli_expected_kl(Z, md4_reveal_probs(steps)),
        "Dream origin (Bernoulli)": bernoulli_expected_kl(Z, dream_origin_reveal_probs(steps)),
        "geometric growth": expected_kl(Z, growth),
        "geometric decay": expected_kl(Z, decay),
    }
