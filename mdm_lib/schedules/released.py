"""Count rules of the samplers used in practice, and their exact error.

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
from typing import NamedTuple

import numpy as np
from numpy.typing import ArrayLike

from .._validate import MAX_SCHEDULE_STEPS, as_curve, as_int, as_length, as_positive_float, as_steps
from ..kl import bernoulli_expected_kl, expected_kl
from .schedule import Schedule, balanced_schedule


def _proportional_rule(n: int, rho: float, *, growth: bool, max_steps: int) -> np.ndarray | None:
    """Sizes ``max(1, floor(rho * x_t))`` with ``x_t`` revealed (growth) or masked (decay).

    ``None`` as soon as the schedule would have more than ``max_steps`` steps.
    """
    sizes: list[int] = []
    revealed = 0
    while revealed < n:
        if len(sizes) == max_steps:
            return None
        base = revealed if growth else n - revealed
        step = min(n - revealed, max(1, math.floor(rho * base)))
        sizes.append(step)
        revealed += step
    return np.asarray(sizes, dtype=np.int64)


def _min_steps(n: int, rho: float) -> float:
    """A lower bound on the step count of either proportional rule (to refuse huge requests at once).

    Growth reveals one token per step while fewer than ``1/rho`` are revealed,
    decay while fewer than ``1/rho`` are masked: at least ``min(n, 1/rho) - 1`` steps.
    """
    with np.errstate(over="ignore"):
        return min(float(n), 1.0 / rho) - 1.0


def _geometric(n: int, rho: float, *, growth: bool) -> Schedule:
    if (
        _min_steps(n, rho) > MAX_SCHEDULE_STEPS
        or (sizes := _proportional_rule(n, rho, growth=growth, max_steps=MAX_SCHEDULE_STEPS)) is None
    ):
        raise ValueError(
            f"rho = {rho:g} with n = {n:,} needs more than {MAX_SCHEDULE_STEPS:,} steps "
            "(the limit on a schedule's length): choose a larger rho"
        )
    return Schedule(sizes)


def geometric_growth_schedule(n: int, rho: float) -> Schedule:
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
    Schedule
        Positive step sizes summing to n.

    Raises
    ------
    ValueError
        If ``n < 1``, ``rho <= 0``, or the schedule would have more than
        ``MAX_SCHEDULE_STEPS`` (:math:`10^7`) steps (refused before it is built).
    TypeError
        If ``n`` is not an integer or ``rho`` not a real number.

    Examples
    --------
    >>> geometric_growth_schedule(20, 0.5)
    Schedule([1, 1, 1, 1, 2, 3, 4, 6, 1])
    """
    n = as_length(n)
    rho = as_positive_float(rho, "rho")
    return _geometric(n, rho, growth=True)


def geometric_decay_schedule(n: int, rho: float) -> Schedule:
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
    Schedule
        Positive step sizes summing to n.

    Raises
    ------
    ValueError
        If ``n < 1``, ``rho`` lies outside ``(0, 1]``, or the schedule would
        have more than ``MAX_SCHEDULE_STEPS`` (:math:`10^7`) steps.
    TypeError
        If ``n`` is not an integer or ``rho`` not a real number.

    Examples
    --------
    >>> geometric_decay_schedule(20, 0.5)
    Schedule([10, 5, 2, 1, 1, 1])
    """
    n = as_length(n)
    rho = as_positive_float(rho, "rho")
    if rho > 1:
        raise ValueError(f"rho must lie in (0, 1] for a decaying schedule, got {rho!r}")
    return _geometric(n, rho, growth=False)


def geometric_rate_for_steps(n: int, k: int, *, kind: str = "growth") -> float:
    """The smallest rate ``rho`` whose geometric schedule uses at most ``k`` steps.

    The number of steps of :func:`geometric_growth_schedule` and
    :func:`geometric_decay_schedule` never increases with ``rho`` (the revealed
    count after every step is non-decreasing in ``rho``), so bisection finds the
    boundary; the schedule at the returned rate has ``k`` steps or, when no
    rate gives exactly that many, the nearest number below.

    Parameters
    ----------
    n : int
        Number of masked positions.
    k : int
        Largest number of steps, ``1 <= k <= MAX_SCHEDULE_STEPS``; at least 2
        for growth (its first step reveals one token) unless ``n == 1``.
    kind : {"growth", "decay"}
        Which rule.

    Returns
    -------
    float
        The rate ``rho``.

    Raises
    ------
    ValueError
        If ``n`` or ``k`` is out of range or ``kind`` unknown.
    TypeError
        If ``n`` or ``k`` is not an integer.

    Examples
    --------
    >>> rho = geometric_rate_for_steps(100, 8)
    >>> geometric_growth_schedule(100, rho).k
    8
    """
    n = as_length(n)
    k = as_steps(k)
    if kind not in ("growth", "decay"):
        raise ValueError(f"kind must be 'growth' or 'decay', got {kind!r}")
    growth = kind == "growth"
    if growth and k == 1 and n > 1:
        raise ValueError("a growth schedule needs at least 2 steps when n > 1 (its first step is 1)")
    lo, hi = 0.0, float(n) if growth else 1.0  # hi always meets the budget
    for _ in range(100):
        mid = 0.5 * (lo + hi)
        if mid <= 0 or mid == hi:
            break
        if _proportional_rule(n, mid, growth=growth, max_steps=k) is not None:  # O(k) per probe
            hi = mid
        else:
            lo = mid
    return hi


def llada_schedule(n: int, k: int, *, blocks: int = 1) -> Schedule:
    """LLaDA's linear count rule (``get_num_transfer_tokens``), optionally in blocks.

    The n positions are split into ``blocks`` equal blocks, generated left to
    right with ``k / blocks`` steps each. A block of ``B`` tokens and
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
    k : int
        Total number of steps; divisible by ``blocks``.
    blocks : int, default 1
        Number of semi-autoregressive blocks.

    Returns
    -------
    Schedule
        ``k`` non-negative sizes summing to n (zero when a block has fewer
        tokens than k).

    Raises
    ------
    ValueError
        If ``n`` or ``k`` is below 1, ``k`` above ``MAX_SCHEDULE_STEPS``, or
        ``blocks`` does not divide both.
    TypeError
        If an argument is not an integer.

    Examples
    --------
    >>> llada_schedule(10, 4)
    Schedule([3, 3, 2, 2])
    >>> llada_schedule(12, 4, blocks=2)
    Schedule([3, 3, 3, 3])
    """
    n = as_length(n)
    k = as_steps(k)
    blocks = as_int(blocks, "blocks", low=1)
    if n % blocks or k % blocks:
        raise ValueError(f"blocks must divide both n and k, got n={n}, k={k}, blocks={blocks}")
    block, per_block = n // blocks, k // blocks
    return Schedule(np.tile(balanced_schedule(block, per_block), blocks))


def _linear_grid(k: int, t_min: float) -> np.ndarray:
    """The time grid ``linspace(1, t_min, k + 1)`` of MDLM and Dream."""
    k = as_steps(k)
    t_min = as_positive_float(t_min, "t_min")
    if t_min >= 1:
        raise ValueError(f"t_min must lie in (0, 1), got {t_min!r}")
    return np.linspace(1.0, t_min, k + 1)


def dream_schedule(n: int, k: int, *, t_min: float = 1e-3) -> Schedule:
    """Dream's count rule for its confidence algorithms (``maskgit_plus``, ``entropy``, ...).

    On the grid ``t = linspace(1, t_min, k + 1)``, step ``i < k - 1``
    reveals ``floor(M_i * (1 - t_{i+1} / t_i))`` of the ``M_i`` masked tokens;
    the last step reveals all that remain.

    Parameters
    ----------
    n : int
        Number of masked positions, ``>= 1``.
    k : int
        Number of steps, ``1 <= k <= MAX_SCHEDULE_STEPS``.
    t_min : float, default 1e-3
        End of the time grid, in ``(0, 1)`` (the released code calls it ``eps``; here ``eps`` is kept for
        target errors).

    Returns
    -------
    Schedule
        ``k`` non-negative sizes summing to n.

    Raises
    ------
    ValueError
        If an argument is out of range.
    TypeError
        If ``n`` or ``k`` is not an integer.

    Examples
    --------
    >>> dream_schedule(16, 4)
    Schedule([3, 4, 4, 5])
    """
    n = as_length(n)
    t = _linear_grid(k, t_min)
    sizes = np.zeros(t.size - 1, dtype=np.int64)
    masked = n
    for i in range(sizes.size - 1):
        sizes[i] = math.floor(masked * (1.0 - t[i + 1] / t[i]))
        masked -= sizes[i]
    sizes[-1] = masked
    return Schedule(sizes)


def maskgit_cosine_schedule(n: int, k: int) -> Schedule:
    """MaskGIT's cosine count rule (``mask_schedule.py``, ``parallel_decode.py``).

    After step ``r`` (``r = 0, ..., k - 1``) the number of masked tokens is
    ``M_{r+1} = max(1, min(M_r - 1, floor(n * cos(pi/2 * (r+1)/k))))``,
    with the cosine clipped to ``[1e-6, 1]``; the last step reveals all that
    remain.

    Parameters
    ----------
    n : int
        Number of masked positions, ``>= 1``.
    k : int
        Number of steps, ``1 <= k <= MAX_SCHEDULE_STEPS``.

    Returns
    -------
    Schedule
        ``k`` non-negative sizes summing to n.

    Raises
    ------
    ValueError
        If an argument is out of range.
    TypeError
        If ``n`` or ``k`` is not an integer.

    Examples
    --------
    >>> maskgit_cosine_schedule(16, 4)
    Schedule([2, 3, 5, 6])
    >>> maskgit_cosine_schedule(16, 8)
    Schedule([1, 1, 1, 2, 3, 2, 3, 3])
    """
    n = as_length(n)
    k = as_steps(k)
    sizes = np.zeros(k, dtype=np.int64)
    masked = n
    for r in range(k - 1):
        ratio = min(1.0, max(1e-6, math.cos(math.pi / 2 * (r + 1) / k)))
        after = max(1, min(masked - 1, math.floor(n * ratio)))
        sizes[r] = masked - after
        masked = after
    sizes[-1] = masked
    return Schedule(sizes)


def mdlm_reveal_probs(k: int, *, t_min: float = 1e-5) -> np.ndarray:
    """MDLM's per-token reveal probabilities (log-linear noise, ``ddpm_cache``).

    On the grid ``t = linspace(1, t_min, k + 1)`` a still-masked token is
    revealed at step i with probability ``(t_i - t_{i+1}) / t_i``; a token is
    still masked after the last step with probability ``t_min`` (the real code
    then fills it by argmax; :func:`bernoulli_expected_kl` treats it as one
    more sampled step).

    Parameters
    ----------
    k : int
        Number of steps, ``1 <= k <= MAX_SCHEDULE_STEPS``.
    t_min : float, default 1e-5
        End of the time grid, in ``(0, 1)`` (the released code calls it ``eps``; here ``eps`` is kept for
        target errors).

    Returns
    -------
    numpy.ndarray, shape (k,)
        Per-step reveal probabilities in ``[0, 1]``, for :func:`mdm_lib.bernoulli_expected_kl`.

    Raises
    ------
    ValueError
        If an argument is out of range.
    TypeError
        If ``k`` is not an integer or ``t_min`` not a real number.

    Examples
    --------
    >>> mdlm_reveal_probs(4, t_min=0.2).round(3).tolist()
    [0.2, 0.25, 0.333, 0.5]
    """
    t = _linear_grid(k, t_min)
    return (t[:-1] - t[1:]) / t[:-1]


def dream_origin_reveal_probs(k: int, *, t_min: float = 1e-3) -> np.ndarray:
    """Dream's ``origin`` per-token reveal probabilities: ``1 - t_{i+1}/t_i``, then 1.

    Parameters
    ----------
    k : int
        Number of steps, ``1 <= k <= MAX_SCHEDULE_STEPS``.
    t_min : float, default 1e-3
        End of the time grid, in ``(0, 1)`` (the released code calls it ``eps``; here ``eps`` is kept for
        target errors).

    Returns
    -------
    numpy.ndarray, shape (k,)
        Per-step reveal probabilities in ``[0, 1]``, for :func:`mdm_lib.bernoulli_expected_kl`.

    Raises
    ------
    ValueError
        If an argument is out of range.
    TypeError
        If ``k`` is not an integer or ``t_min`` not a real number.

    Examples
    --------
    >>> dream_origin_reveal_probs(3, t_min=0.5).round(3).tolist()
    [0.167, 0.2, 1.0]
    """
    t = _linear_grid(k, t_min)
    probs = 1.0 - t[1:] / t[:-1]
    probs[-1] = 1.0
    return probs


def md4_reveal_probs(k: int, *, grid: str = "cosine", t_min: float = 1e-4) -> np.ndarray:
    """MD4's per-token reveal probabilities, linear masking schedule.

    Keep probability ``alpha(t) = (1 - 2 t_min)(1 - t) + t_min``; step i goes from
    ``t_i = (K - i)/K`` to ``s_i = t_i - 1/K`` (both mapped through
    ``t -> cos(pi/2 (1 - t))`` when ``grid="cosine"``, the text default), and a
    still-masked token is revealed with probability
    ``(alpha(s_i) - alpha(t_i)) / (1 - alpha(t_i))``.

    Parameters
    ----------
    k : int
        Number of steps, ``1 <= k <= MAX_SCHEDULE_STEPS``.
    t_min : float, default 1e-4
        Keep-probability floor, in ``(0, 1/2)`` (``alpha`` must decrease from ``1 - t_min`` to ``t_min``; the
        released code calls it ``eps``).
    grid : {"cosine", "uniform"}, default "cosine"
        Time grid.

    Returns
    -------
    numpy.ndarray, shape (k,)
        Per-step reveal probabilities in ``[0, 1]``, for :func:`mdm_lib.bernoulli_expected_kl`.

    Raises
    ------
    ValueError
        If an argument is out of range.
    TypeError
        If ``k`` is not an integer or ``t_min`` not a real number.

    Examples
    --------
    >>> (16 * md4_reveal_probs(4)).round(2).tolist()[:1]   # expected first count
    [1.22]
    """
    k = as_steps(k)
    t_min = as_positive_float(t_min, "t_min")
    if t_min >= 0.5:
        raise ValueError(
            f"t_min must lie in (0, 1/2) (keep probability from 1 - t_min down to t_min), got {t_min!r}"
        )
    if grid not in ("cosine", "uniform"):
        raise ValueError(f"grid must be 'cosine' or 'uniform', got {grid!r}")
    t = np.arange(k, -1, -1) / k
    if grid == "cosine":
        t = np.cos(np.pi / 2 * (1.0 - t))
    alpha = (1.0 - 2.0 * t_min) * (1.0 - t) + t_min
    return (alpha[1:] - alpha[:-1]) / (1.0 - alpha[:-1])


class RuleError(NamedTuple):
    """The exact expected KL of one released sampler's rule with a given number of steps.

    Attributes
    ----------
    rule : str
        A key of :data:`RELEASED_RULES`.
    error : float
        The rule's exact expected KL error.

    Raises
    ------
    TypeError
        If a field is missing.

    Examples
    --------
    >>> RuleError("llada", 0.5).rule
    'llada'
    """

    rule: str
    """Identifier of the rule, a key of :data:`RELEASED_RULES`."""
    error: float
    """Its exact expected KL error, in the units of the curve."""


#: Identifier -> display label of every released rule scored by :func:`released_rule_errors`.
RELEASED_RULES = {
    "llada": "LLaDA linear",
    "dream": "Dream",
    "maskgit_cosine": "MaskGIT cosine",
    "mdlm": "MDLM (Bernoulli)",
    "md4_cosine": "MD4 cosine grid (Bernoulli)",
    "dream_origin": "Dream origin (Bernoulli)",
    "geometric_growth": "geometric growth",
    "geometric_decay": "geometric decay",
}


def released_rule_steps(rule: str, n: int, k: int) -> Schedule | np.ndarray:
    """The step rule of a released sampler with ``k`` steps on ``n`` positions.

    Count rules give their step sizes, per-token Bernoulli rules their per-step reveal probabilities, as
    :func:`released_rule_errors` scores them: LLaDA with a single block, the geometric rules at the smallest
    rate that needs at most ``k`` steps (:func:`geometric_rate_for_steps`), every time grid at its default
    end.

    Parameters
    ----------
    rule : str
        A key of :data:`RELEASED_RULES`.
    n : int
        Number of positions, ``>= 1``.
    k : int
        Number of steps, ``2 <= k <= MAX_SCHEDULE_STEPS``; when ``k > n`` the count rules leave the extra
        steps empty.

    Returns
    -------
    Schedule or numpy.ndarray
        The sizes of a count rule, or the reveal probabilities (shape ``(k,)``) of a Bernoulli rule
        (``"mdlm"``, ``"md4_cosine"``, ``"dream_origin"``), for :func:`mdm_lib.bernoulli_expected_kl` and
        :func:`mdm_lib.bernoulli_step_sizes`.

    Raises
    ------
    ValueError
        If ``rule`` is unknown or ``n`` or ``k`` is out of range.
    TypeError
        If ``n`` or ``k`` is not an integer.

    Examples
    --------
    >>> released_rule_steps("maskgit_cosine", 16, 4)
    Schedule([2, 3, 5, 6])
    >>> released_rule_steps("mdlm", 16, 2).round(3).tolist()
    [0.5, 1.0]
    """
    if rule not in RELEASED_RULES:
        raise ValueError(f"rule must be one of {sorted(RELEASED_RULES)}, got {rule!r}")
    n = as_int(n, "n", low=1)
    k = as_int(k, "k", low=2, high=MAX_SCHEDULE_STEPS)
    if rule in ("geometric_growth", "geometric_decay"):
        kind = rule.removeprefix("geometric_")
        build = geometric_growth_schedule if kind == "growth" else geometric_decay_schedule
        return build(n, geometric_rate_for_steps(n, k, kind=kind))
    counts = {"llada": llada_schedule, "dream": dream_schedule, "maskgit_cosine": maskgit_cosine_schedule}
    if rule in counts:
        return counts[rule](n, k)
    probabilities = {
        "mdlm": mdlm_reveal_probs,
        "md4_cosine": md4_reveal_probs,
        "dream_origin": dream_origin_reveal_probs,
    }
    return probabilities[rule](k)


def released_rule_errors(Z: ArrayLike, k: int) -> list[RuleError]:
    """Exact expected KL of every released sampler's rule with ``k`` steps.

    Deterministic count rules are scored with :func:`mdm_lib.expected_kl`
    (Theorem 4), the per-token Bernoulli rules with
    :func:`mdm_lib.bernoulli_expected_kl` (their final clean-up of never-revealed
    tokens is one extra step, rarely non-empty), and the geometric rules at the
    smallest rate that needs at most ``k`` steps (:func:`geometric_rate_for_steps`).
    LLaDA is taken with a single block, the only case Theorem 4 covers in
    general. :func:`released_rule_steps` gives each rule's steps.

    Parameters
    ----------
    Z : array_like, shape (n,)
        An information curve.
    k : int
        Number of steps, ``2 <= k <= MAX_SCHEDULE_STEPS``; when ``k > n`` the
        count rules leave the extra steps empty.

    Returns
    -------
    list of RuleError
        One record per rule, in the order of :data:`RELEASED_RULES`.

    Raises
    ------
    ValueError
        If ``Z`` is not a finite curve or ``k`` is out of range.

    Examples
    --------
    >>> errors = {r.rule: r.error for r in released_rule_errors([0.0, 1.0, 1.0, 1.0], 2)}
    >>> errors["llada"], errors["geometric_growth"]
    (1.0, 0.0)
    """
    Z = as_curve(Z)
    n = Z.size
    k = as_int(k, "k", low=2, high=MAX_SCHEDULE_STEPS)
    errors = []
    for rule in RELEASED_RULES:
        steps = released_rule_steps(rule, n, k)
        error = expected_kl(Z, steps) if isinstance(steps, Schedule) else bernoulli_expected_kl(Z, steps)
        errors.append(RuleError(rule, float(error)))
    return errors
