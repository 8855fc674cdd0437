"""Closed-form upper bounds on the step count or the expected KL error.

* :func:`correlation_step_bound`: the step count of the TC and DTC schedules,
  Theorem 9 (arXiv Thm 1.9), ``2 + (1 + log n)(1 + ceil(hat/eps))``;
* :func:`austin_step_bound`: the step count of :func:`mdm_lib.austin_schedule`;
* :func:`li_cai_bound` and :func:`li_cai_sharp_bound`: Theorem 31, the Li–Cai
  bound ``(2^ceil(log2 s_max) - 1) Z_n`` and the sharper ``(s_max - 1) Z_n``;
* :func:`two_phase_bound`: Corollary 34's guarantee for the two-phase schedule;
* :func:`pinned_correlation` and :func:`pinning_size`: Lemma 33 (Austin Lemma 8.3).

Bounds on the error are in the units of ``Z``; Theorem 9's log is natural.
"""

from __future__ import annotations

import math
from itertools import combinations
from typing import NamedTuple

import numpy as np
from numpy.typing import ArrayLike

from ._deprecation import module_getattr, warn_renamed
from ._validate import (
    as_estimate,
    as_int,
    as_length,
    as_monotone_curve,
    as_positive_float,
    as_probability_table,
    as_sizes,
    check_limit,
)
from .information import dual_total_correlation, total_correlation
from .sampler import MAX_ENUMERATION

__all__ = [
    "TwoPhaseBound",
    "austin_step_bound",
    "correlation_step_bound",
    "li_cai_bound",
    "li_cai_sharp_bound",
    "pinned_correlation",
    "pinned_correlation_from_table",
    "pinning_size",
    "two_phase_bound",
]

#: Names before issue 14 (they said the theorem, not the concept), served with a DeprecationWarning.
_RENAMED = {
    "thm9_step_bound": "correlation_step_bound",
    "cor34_bound": "two_phase_bound",
    "Cor34Bound": "TwoPhaseBound",
    "lemma33_pinning_size": "pinning_size",
}
__getattr__ = module_getattr(__name__, _RENAMED)


def correlation_step_bound(n: int, hat: float, eps: float) -> float:
    """The step count of the TC and DTC schedules (Theorem 9): ``2 + (1 + ln n)(1 + ceil(hat / eps))``.

    ``hat`` is the estimate of TC (for :func:`mdm_lib.tc_schedule`) or of DTC
    (for :func:`mdm_lib.dtc_schedule`), in the units of ``eps``; Theorem 9
    (arXiv Thm 1.9) bounds the length of either schedule by this number. The
    log is natural. Formerly ``thm9_step_bound``.

    Parameters
    ----------
    n : int
        Sequence length, ``>= 1``.
    hat : float
        Estimate of TC or DTC, ``>= 0``.
    eps : float
        Target expected KL error, ``> 0``.

    Returns
    -------
    float
        The bound on the number of steps; ``inf`` when ``hat / eps`` is beyond
        the float range (the bound is then larger than any float).

    Raises
    ------
    ValueError
        If ``n < 1``, ``hat < 0``, ``eps <= 0`` or a value is not finite.
    TypeError
        If ``n`` is not an integer or ``hat``/``eps`` not a real number (bools included).

    Examples
    --------
    >>> round(correlation_step_bound(100, 2, 0.5), 4)
    30.0259
    """
    n = as_length(n)
    hat = as_estimate(hat, "hat")
    eps = as_positive_float(eps, "eps")
    ratio = hat / eps
    if not math.isfinite(ratio):
        return math.inf
    return 2.0 + (1.0 + math.log(n)) * (1.0 + math.ceil(ratio))


def austin_step_bound(n: int, dtc_hat: float, eps: float) -> int:
    """Bound on the length of :func:`mdm_lib.austin_schedule`: ``min(n, 3 ceil(sqrt(dtc_hat n / eps)))``.

    Theorem 10 states ``k ≲ ceil(sqrt(DTC n / eps))``; the constant 3 is the
    one of our reading of App. F.2 (``r`` single steps, then at most ``2 r``
    blocks). An estimate of 0 gives one step.

    Parameters
    ----------
    n : int
        Sequence length, ``>= 1``.
    dtc_hat : float
        Estimate of DTC, ``>= 0``.
    eps : float
        Target expected KL error, ``> 0``.

    Returns
    -------
    int
        The bound on the number of steps.

    Raises
    ------
    ValueError, TypeError
        As :func:`correlation_step_bound`.

    Examples
    --------
    >>> austin_step_bound(100, 1, 1)
    30
    """
    n = as_length(n)
    dtc_hat = as_estimate(dtc_hat, "dtc_hat")
    eps = as_positive_float(eps, "eps")
    if dtc_hat == 0:
        return 1
    root = math.sqrt(dtc_hat * n / eps)  # may be inf: compared before ceil
    return n if 3 * root >= n else min(n, 3 * math.ceil(root))


def _largest_step(Z: ArrayLike, sizes: ArrayLike, strict: bool) -> tuple[np.ndarray, int]:
    Z = as_monotone_curve(Z, strict=strict)
    return Z, int(as_sizes(sizes, Z.size).max())


def li_cai_bound(Z: ArrayLike, sizes: ArrayLike, *, strict: bool = True) -> float:
    r"""Theorem 31 (Li and Cai 2025, Theorem 1): their bound on the expected KL error.

    Parameters
    ----------
    Z : array_like, shape (n,)
        An information curve (non-decreasing).
    sizes : array_like of int
        Step sizes summing to n.
    strict : bool, default True
        A decreasing ``Z`` raises unless ``strict=False``, which evaluates the
        formula anyway; put a noisy estimate through
        :func:`mdm_lib.monotone_projection` instead.

    Returns
    -------
    float
        The bound, in the units of ``Z``.

    Raises
    ------
    ValueError
        If ``Z`` decreases (``strict=True``) or is not a finite curve, or
        ``sizes`` does not sum to n.
    TypeError
        If an argument is not numeric.

    See Also
    --------
    expected_kl : the exact error the bound is compared with.
    li_cai_sharp_bound : the sharper :math:`(s_{\max} - 1) Z_n` of the proof (p. 31).

    Notes
    -----
    For a schedule with largest step :math:`s_{\max}`,

    .. math::

        \mathbb E\,\mathrm{KL} \le \big(2^{\lceil \log_2 s_{\max} \rceil} - 1\big)\, Z_n
        = \big(2^{\lceil \log_2 s_{\max} \rceil} - 1\big)\, \frac{\mathrm{TC} + \mathrm{DTC}}{n},

    since :math:`n Z_n = \sum_i I(X_i; X_{-i}) = \mathrm{TC} + \mathrm{DTC}` (p. 6). The bound is evaluated
    as :math:`(\dots)(Z_n - Z_1)`, equal for an information curve (:math:`Z_1 = 0`) and, like the error,
    blind to a constant added to :math:`\mathbf Z`.

    Examples
    --------
    >>> li_cai_bound([0.0, 1.0, 1.0, 1.0, 1.0], [1, 3, 1])   # s_max = 3 -> factor 2^2 - 1
    3.0
    """
    Z, s_max = _largest_step(Z, sizes, strict)
    return float(((1 << (s_max - 1).bit_length()) - 1) * (Z[-1] - Z[0]))


def li_cai_sharp_bound(Z: ArrayLike, sizes: ArrayLike, *, strict: bool = True) -> float:
    """The sharper form of Theorem 31 that its proof gives: ``E KL <= (s_max - 1) Z_n``.

    Parameters
    ----------
    Z : array_like, shape (n,)
        An information curve (non-decreasing).
    sizes : array_like of int
        Step sizes summing to n.
    strict : bool, default True
        As in :func:`li_cai_bound`.

    Returns
    -------
    float
        The bound, in the units of ``Z``.

    Raises
    ------
    ValueError, TypeError
        As :func:`li_cai_bound`.

    Examples
    --------
    >>> li_cai_sharp_bound([0.0, 1.0, 1.0, 1.0, 1.0], [1, 3, 1])
    2.0
    """
    Z, s_max = _largest_step(Z, sizes, strict)
    return float((s_max - 1) * (Z[-1] - Z[0]))


class TwoPhaseBound(NamedTuple):
    """The two-phase schedule with ``k`` steps has error at most ``error_bound`` (Corollary 34).

    Formerly ``Cor34Bound``, whose first field was ``steps``.

    Attributes
    ----------
    k : int
        The step count.
    error_bound : float
        The guaranteed bound on the expected KL error.

    Raises
    ------
    TypeError
        If a field is missing.

    Examples
    --------
    >>> TwoPhaseBound(5, 1.5).k
    5
    """

    k: int
    error_bound: float

    @property
    def steps(self) -> int:
        """Deprecated name of ``k`` (``k`` is the step count everywhere)."""
        warn_renamed("TwoPhaseBound.steps", "TwoPhaseBound.k")
        return self.k


def two_phase_bound(n: int, dtc: float, delta_sq: float) -> TwoPhaseBound:
    """The two-phase schedule's step count and error bound (Corollary 34).

    With ``k = ceil(DTC / delta^2) + 1`` steps the error is at most
    ``delta^2 (n - k + 1)``. The schedule is :func:`mdm_lib.two_phase_schedule` ``(n, k)``:
    ``k - 1`` single steps, then the remaining ``n - k + 1`` tokens at once.
    Requires ``DTC <= delta^2 n``. Formerly ``cor34_bound``.

    Parameters
    ----------
    n : int
        Sequence length, ``>= 1``.
    dtc : float
        DTC (or an upper estimate), ``>= 0``.
    delta_sq : float
        ``delta^2 > 0``.

    Returns
    -------
    TwoPhaseBound
        The step count and the error bound.

    Raises
    ------
    ValueError
        If ``dtc > delta_sq * n`` or an argument is out of range.
    TypeError
        If an argument has the wrong type.

    Examples
    --------
    >>> two_phase_bound(10, 1.0, 0.25)
    TwoPhaseBound(k=5, error_bound=1.5)
    """
    n = as_length(n)
    dtc = as_estimate(dtc, "dtc")
    delta_sq = as_positive_float(delta_sq, "delta_sq")
    if dtc > delta_sq * n:
        raise ValueError(f"Corollary 34 needs dtc <= delta_sq * n = {delta_sq * n:g}, got dtc = {dtc:g}")
    k = min(n, math.ceil(dtc / delta_sq) + 1)
    return TwoPhaseBound(k, delta_sq * (n - k + 1))


def pinned_correlation(Z: ArrayLike) -> np.ndarray:
    """``E_{|S|=s} [TC(X | X_S) + DTC(X | X_S)]`` for ``s = 0, ..., n-1``, from the curve.

    The conditional TC and DTC are those of the unpinned positions given
    ``X_S = x_S``, averaged over ``x_S`` and over uniform S of size s (Lemma 33).
    The sum is ``sum_{i not in S} I(X_i; X_{-i} | X_S)``, and averaging the
    entropies over S (Lemma 13) gives ``(n - s)(Z_n - Z_{s+1})``: non-increasing
    in s, and ``n Z_n = TC + DTC`` at ``s = 0``.

    Parameters
    ----------
    Z : array_like, shape (n,)
        An information curve (non-decreasing, within the rounding tolerance of
        :func:`mdm_lib.expected_kl`): for any other curve the formula is not an
        average of TC + DTC and can be negative.

    Returns
    -------
    numpy.ndarray, shape (n,)
        Element s is the average for pinnings of size s.

    Raises
    ------
    ValueError
        If ``Z`` is not a finite non-empty 1-d curve, or decreases.
    TypeError
        If ``Z`` is not numeric.

    Examples
    --------
    >>> pinned_correlation([0.0, 1.0, 1.0]).tolist()   # three copies of one bit
    [3.0, 0.0, 0.0]
    """
    Z = as_monotone_curve(Z)
    s = np.arange(Z.size)
    return (Z.size - s) * (Z[-1] - Z)


def pinned_correlation_from_table(p: ArrayLike, size: int, *, base: float = 2) -> float:
    """``E_{|S|=size} E_{x_S} [TC + DTC]`` of the law of the unpinned positions given ``X_S = x_S``.

    Computed from the full table by conditioning on every ``S`` and ``x_S``
    and calling :func:`mdm_lib.total_correlation` and
    :func:`mdm_lib.dual_total_correlation` on each conditional law: an
    independent route to :func:`pinned_correlation` (small tables only).

    Parameters
    ----------
    p : array_like, shape (q_1, ..., q_n)
        The law.
    size : int
        Pinning size, ``0 <= size <= n - 1``.
    base : float, default 2
        Logarithm base.

    Returns
    -------
    float

    Raises
    ------
    ValueError, TypeError
        If ``p`` is not a law, ``size`` is out of range, or
        ``comb(n, size) * p.size`` exceeds the enumeration limit.

    Examples
    --------
    >>> p = [[0.5, 0.0], [0.0, 0.5]]              # two copies of one bit
    >>> pinned_correlation_from_table(p, 0), pinned_correlation_from_table(p, 1)
    (2.0, 0.0)
    """
    table = as_probability_table(p, "p")
    n = table.ndim
    size = as_int(size, "size", low=0, high=n - 1)
    check_limit(math.comb(n, size) * table.size, MAX_ENUMERATION, "comb(n, size) * p.size")
    values = []
    for S in combinations(range(n), size):
        pinned = np.moveaxis(table, S, range(size)).reshape(
            -1, *[table.shape[i] for i in range(n) if i not in S]
        )
        total = 0.0
        for block in pinned:
            mass = block.sum()
            if mass > 0 and block.ndim > 1:
                cond = block / mass
                total += mass * (total_correlation(cond, base=base) + dual_total_correlation(cond, base=base))
        values.append(total)
    return float(np.mean(values))


def pinning_size(Z: ArrayLike, delta_sq: float) -> int:
    """The smallest s with ``E_{|S|=s}[TC + DTC](X | X_S) <= delta^2 (n - s)`` (Lemma 33).

    Pinning ``s`` uniformly random positions leaves a conditional law whose
    TC + DTC is, on average, at most ``delta^2`` per free position. Lemma 33
    (Austin Lemma 8.3) says such an s exists with ``s <= DTC / delta^2``.
    Formerly ``lemma33_pinning_size``.

    Parameters
    ----------
    Z : array_like, shape (n,)
        An information curve (non-decreasing).
    delta_sq : float
        ``delta^2 > 0``.

    Returns
    -------
    int
        The smallest such s (``s = n - 1`` always qualifies).

    Raises
    ------
    ValueError, TypeError
        If ``Z`` is not a finite non-decreasing curve or ``delta_sq`` is not a positive number.

    Examples
    --------
    >>> pinning_size([0.0, 1.0, 1.0], 0.5)
    1
    """
    Z = as_monotone_curve(Z)
    delta_sq = as_positive_float(delta_sq, "delta_sq")
    s = np.arange(Z.size)
    ok = pinned_correlation(Z) <= delta_sq * (Z.size - s)  # always true at s = n - 1
    return int(np.argmax(ok))
