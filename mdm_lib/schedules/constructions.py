"""Schedules built by the paper's upper-bound proofs, and the peers' reconstructed rules.

* :func:`tc_schedule` and :func:`dtc_schedule`: Theorem 9 (arXiv Thm 1.9), the
  exact constructions of App. D, from an estimate of TC (large steps first) or
  of DTC (small steps first);
* :func:`hyperparameter_sweep`: the grid of estimates of p. 27, for when TC and
  DTC are unknown;
* :func:`austin_schedule`: Theorem 10 (arXiv Thm 1.10), App. F.2;
* :func:`two_phase_schedule`: Corollary 34 (unmask one at a time, then the rest);
* :func:`li_cai_schedule`: equal steps sized by the Li–Cai bound (Remark 32);
* :func:`square_root_schedule`: a reconstruction of the Lavenant–Zanella
  square-root information-profile rule (their full text was not available).

Every schedule is a list of step sizes summing to n; zero-size steps are kept
where the construction produces them, so ``len(schedule)`` is the step count k
the theorems bound.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import NamedTuple

import numpy as np
from numpy.typing import ArrayLike

from .._validate import (
    MAX_SCHEDULE_STEPS,
    as_curve,
    as_estimate,
    as_int,
    as_length,
    as_positive_float,
    as_steps,
    check_limit,
)
from .schedule import Schedule, schedule_from_nodes


def _check_length(k: float, what: str) -> None:
    """Refuse, before building it, a schedule longer than ``MAX_SCHEDULE_STEPS``."""
    check_limit(math.ceil(k), MAX_SCHEDULE_STEPS, f"the step count of {what}")


def _app_d_schedule(
    n: object, hat: object, eps: object, hat_name: str, build: Callable[[int, int, int], Schedule]
) -> Schedule:
    """Shared frame of the App. D schedules: validation, the edge cases, then ``build(n, zeta, lambda)``.

    ``zeta = 1 + ceil(hat/eps)``; if ``zeta >= n + 1`` (``hat/eps > n - 1``,
    tested without forming ``zeta``, which may overflow) every step has size 1,
    and an estimate of 0 (a product law) gives one step. Otherwise
    ``lambda = floor(log(n-zeta+1) / log(1/(1-1/zeta))) + 2`` (natural logs; the
    base cancels). The schedule has ``lambda + (n - N_lambda) <= lambda + n`` steps.
    """
    n, hat, eps = _theorem9_arguments(n, hat, eps, hat_name)
    if hat == 0:
        return Schedule([n])
    ratio = hat / eps
    if ratio > n - 1:  # zeta = 1 + ceil(ratio) >= n + 1, inf included
        _check_length(n, f"n = {n:,} single steps ({hat_name}/eps = {ratio:g} > n - 1)")
        return Schedule([1] * n)
    zeta = 1 + math.ceil(ratio)
    lam = math.floor(math.log(n - zeta + 1) / math.log(1.0 / (1.0 - 1.0 / zeta))) + 2
    _check_length(lam, f"the geometric phase (lambda, from n = {n:,} and {hat_name}/eps = {ratio:g})")
    return build(n, zeta, lam)


def _theorem9_arguments(n: object, hat: object, eps: object, hat_name: str) -> tuple[int, float, float]:
    n = as_length(n)
    hat = as_estimate(hat, hat_name)
    eps = as_positive_float(eps, "eps")
    return n, hat, eps


def tc_schedule(n: int, tc_hat: float, eps: float) -> Schedule:
    r"""Theorem 9's TC schedule (App. D): geometrically decreasing steps.

    Built from an estimate ``tc_hat`` :math:`\ge \mathrm{TC}(\mu)` alone. For every law with
    :math:`\mathrm{TC}(\mu) \le` ``tc_hat`` its expected KL error is at most ``eps``, and its
    length is at most :func:`mdm_lib.correlation_step_bound` ``(n, tc_hat, eps)``. Some of
    the first :math:`\lambda` steps may be empty (footnote 4).

    Parameters
    ----------
    n : int
        Sequence length, ``n >= 1``.
    tc_hat : float
        Estimate of the total correlation, ``>= 0``, in the units of ``eps``.
        An estimate of 0 means a product law: the single step ``[n]``.
    eps : float
        Target expected KL error, ``> 0``.

    Returns
    -------
    Schedule
        The step sizes, zero-size steps included; ``k = len(result)``.

    Raises
    ------
    ValueError
        If ``n < 1``, ``tc_hat < 0``, ``eps <= 0``, a value is not finite, or
        the schedule would have more than ``MAX_SCHEDULE_STEPS`` (:math:`10^7`) steps.
    TypeError
        If ``n`` is not an integer or ``tc_hat``/``eps`` not a real number.

    See Also
    --------
    dtc_schedule : the same construction from an estimate of the DTC.
    correlation_step_bound : Theorem 9's bound on the number of steps.

    Notes
    -----
    With :math:`\zeta = 1 + \lceil \widehat{\mathrm{TC}} / \varepsilon \rceil`: if
    :math:`\zeta \ge n + 1` every step has size 1. Otherwise the partial sums are

    .. math::

        \begin{aligned}
        N_0 &= 0, \qquad N_i = \Big\lfloor N_{i-1} + \frac{n - N_{i-1}}{\zeta} \Big\rfloor
        \quad \text{for } 1 \le i \le \lambda, \\
        \lambda &= \Big\lfloor \frac{\log(n - \zeta + 1)}{\log\frac{1}{1 - 1/\zeta}} \Big\rfloor + 2,
        \end{aligned}

    (natural logarithms) followed by single steps up to :math:`n`; the sizes are
    :math:`s_i = N_i - N_{i-1}`.

    Examples
    --------
    >>> tc_schedule(100, 2, 0.5)
    Schedule([20, 16, 12, 10, 8, 6, 5, 4, 3, 3, 2, 2, 1,
              1, 1, 1, 1, 0, 0, 0, 0, 0, 1, 1, 1, 1])
    >>> tc_schedule(5, 0, 0.1), tc_schedule(3, 10, 0.1)
    (Schedule([5]), Schedule([1, 1, 1]))
    """
    return _app_d_schedule(n, tc_hat, eps, "tc_hat", _tc_sizes)


def _tc_sizes(n: int, zeta: int, lam: int) -> Schedule:
    nodes = [0]
    for _ in range(lam):
        nodes.append(nodes[-1] + (n - nodes[-1]) // zeta)  # floor(N + (n - N)/zeta), exactly
    _check_length(lam + n - nodes[-1], f"the TC schedule (n = {n:,}, zeta = {zeta:,})")
    nodes.extend(range(nodes[-1] + 1, n + 1))
    return schedule_from_nodes(nodes)


def dtc_schedule(n: int, dtc_hat: float, eps: float) -> Schedule:
    r"""Theorem 9's DTC schedule (App. D): geometrically increasing steps.

    Built from an estimate ``dtc_hat`` :math:`\ge \mathrm{DTC}(\mu)` alone; error at most
    ``eps`` for every law with :math:`\mathrm{DTC}(\mu) \le` ``dtc_hat``, length at most
    :func:`mdm_lib.correlation_step_bound` ``(n, dtc_hat, eps)``. The schedule starts with
    single steps and ends with its largest step.

    Parameters
    ----------
    n : int
        Sequence length, ``n >= 1``.
    dtc_hat : float
        Estimate of the dual total correlation, ``>= 0``, in the units of ``eps``.
    eps : float
        Target expected KL error, ``> 0``.

    Returns
    -------
    Schedule
        The step sizes, zero-size steps included.

    Raises
    ------
    ValueError, TypeError
        As :func:`tc_schedule`.

    See Also
    --------
    tc_schedule : the same construction from an estimate of the TC.
    correlation_step_bound : Theorem 9's bound on the number of steps.

    Notes
    -----
    With :math:`\zeta` and :math:`\lambda` as in :func:`tc_schedule`, the partial sums are
    built backwards:

    .. math::

        \begin{aligned}
        N'_0 &= n, \qquad N'_i = \big\lceil N'_{i-1} (1 - 1/\zeta) \big\rceil
        \quad (1 \le i \le \lambda), \\
        N'_i &= N'_{i-1} - 1 \quad (i > \lambda, \text{ down to } N'_i = 0),
        \end{aligned}

    so :math:`k = \lambda + N'_\lambda`, and :math:`N_i = N'_{k-i}`: the schedule starts
    with :math:`N'_\lambda` single steps.

    Examples
    --------
    >>> dtc_schedule(100, 2, 0.5)
    Schedule([1, 1, 1, 1, 0, 0, 0, 0, 0, 1, 1, 1, 1,
              1, 2, 2, 3, 3, 4, 5, 6, 8, 10, 12, 16, 20])
    """
    return _app_d_schedule(n, dtc_hat, eps, "dtc_hat", _dtc_sizes)


def _dtc_sizes(n: int, zeta: int, lam: int) -> Schedule:
    masked = [n]  # N'_0, N'_1, ...
    for _ in range(lam):
        masked.append(-((-masked[-1] * (zeta - 1)) // zeta))  # ceil(N' (1 - 1/zeta)), exactly
    _check_length(lam + masked[-1], f"the DTC schedule (n = {n:,}, zeta = {zeta:,})")
    masked.extend(range(masked[-1] - 1, -1, -1))
    return schedule_from_nodes(masked[::-1])  # N_i = N'_{k-i}


def austin_schedule(n: int, dtc_hat: float, eps: float) -> Schedule:
    r"""Theorem 10's schedule (Austin; App. F.2): single steps, then equal blocks.

    The first :math:`r` tokens are unmasked one at a time, the remaining ones in blocks of
    one size, the last block truncated so the sizes sum to n. If :math:`r \ge n` every
    step has size 1; ``dtc_hat = 0`` gives ``[n]``. The blocks follow our reading of
    footnote 9 (see Notes).

    Parameters
    ----------
    n : int
        Sequence length, ``n >= 1``.
    dtc_hat : float
        Estimate of the dual total correlation, ``>= 0``.
    eps : float
        Target expected KL error, ``> 0``.

    Returns
    -------
    Schedule
        Positive step sizes summing to n.

    Raises
    ------
    ValueError, TypeError
        As :func:`tc_schedule`.

    See Also
    --------
    dtc_schedule : Theorem 9's schedule from the same estimate, with fewer steps.
    two_phase_bound : Corollary 34's bound for a two-phase schedule.

    Notes
    -----
    App. F.2's choice :math:`\delta^2 = \sqrt{\widehat{\mathrm{DTC}}\,\varepsilon / n}` gives
    :math:`k - 1 = \lceil \widehat{\mathrm{DTC}} / \delta^2 \rceil = r` single steps and
    :math:`\ell = \lceil \delta^2 n / \varepsilon \rceil = r` blocks, with

    .. math::

        r = \Big\lceil \sqrt{\widehat{\mathrm{DTC}}\, n / \varepsilon} \Big\rceil, \qquad
        m = n - r, \qquad b = \max\big(1, \lfloor m / r \rfloor\big).

    The paper writes :math:`\ell + 2` blocks of size :math:`\lfloor m / \ell \rfloor`, which
    need not cover the :math:`m` tokens; footnote 9 ("truncated and capped so the sizes
    sum to n") is read as: keep the block size :math:`b` and use as many blocks as needed,
    at most :math:`2r`. The promise holds: by Corollary 34's argument the blocks cost at
    most

    .. math::

        (b - 1)\,(Z_n - Z_{r+1}) \le (b - 1)\,\frac{\mathrm{DTC}}{r + 1} \le \varepsilon,

    and :math:`k \le 3r`.

    Examples
    --------
    >>> austin_schedule(100, 1, 1)
    Schedule([1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9])
    """
    n, dtc_hat, eps = _theorem9_arguments(n, dtc_hat, eps, "dtc_hat")
    if dtc_hat == 0:
        return Schedule([n])
    root = math.sqrt(dtc_hat / eps * n)  # may be inf: tested before ceil
    if root > n - 1:  # r = ceil(root) >= n
        _check_length(n, f"n = {n:,} single steps")
        return Schedule([1] * n)
    r = math.ceil(root)
    m = n - r
    size = max(1, m // r)
    _check_length(r + math.ceil(m / size), f"the Austin schedule (n = {n:,}, r = {r:,})")
    return Schedule([1] * r + _blocks(m, size))


def two_phase_schedule(n: int, k: int) -> Schedule:
    """Corollary 34's schedule: ``k - 1`` single steps, then one step of ``n - k + 1``.

    Corollary 34: if ``DTC <= delta^2 n`` and ``k = ceil(DTC / delta^2) + 1``,
    its error is at most ``delta^2 (n - k + 1)``
    (:func:`mdm_lib.two_phase_bound`). With ``k > n`` the n tokens take n
    single steps and the other steps are empty.

    Parameters
    ----------
    n : int
        Sequence length, ``>= 1``.
    k : int
        Number of steps, ``1 <= k <= MAX_SCHEDULE_STEPS``.

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
    >>> two_phase_schedule(6, 3)
    Schedule([1, 1, 4])
    """
    n = as_length(n)
    k = as_steps(k)
    singles = min(k - 1, n)
    return Schedule([1] * singles + [n - singles] + [0] * (k - 1 - singles))


def li_cai_schedule(n: int, zn_hat: float, eps: float) -> Schedule:
    """Equal steps as large as the sharp Li–Cai bound allows (Theorem 31, Remark 32).

    Since the expected KL is at most ``(s_max - 1) Z_n``, steps of size
    ``s = 1 + floor(eps / zn_hat)`` (an estimate ``zn_hat >= Z_n``) give error at
    most ``eps`` with ``k = ceil(n / s) ≈ n Z_n / eps = (TC + DTC) / eps`` steps
    (Remark 32). The last step takes the remainder.

    Parameters
    ----------
    n : int
        Sequence length, ``>= 1``.
    zn_hat : float
        Estimate of ``Z_n``, ``>= 0``.
    eps : float
        Target expected KL error, ``> 0``.

    Returns
    -------
    Schedule

    Raises
    ------
    ValueError
        If an argument is out of range or the schedule would have more than
        ``MAX_SCHEDULE_STEPS`` steps.
    TypeError
        If an argument has the wrong type.

    Examples
    --------
    >>> li_cai_schedule(10, 0.5, 1.0)
    Schedule([3, 3, 3, 1])
    """
    n = as_length(n)
    zn_hat = as_estimate(zn_hat, "zn_hat")
    eps = as_positive_float(eps, "eps")
    if zn_hat == 0 or eps / zn_hat >= n - 1:
        return Schedule([n])
    size = 1 + math.floor(eps / zn_hat)
    _check_length(math.ceil(n / size), f"the Li-Cai schedule (n = {n:,}, step size {size:,})")
    return Schedule(_blocks(n, size))


def _blocks(total: int, size: int) -> list[int]:
    """Steps of ``size`` covering ``total`` tokens, the last one cut short."""
    return [size] * (total // size) + ([total % size] if total % size else [])


def square_root_schedule(Z: ArrayLike, k: int) -> Schedule:
    """A reconstruction of the square-root information-profile rule (Lavenant–Zanella).

    A step of size s starting after c revealed tokens costs about
    ``ΔZ_{c+1} s (s - 1) / 2`` with ``ΔZ_j = Z_{j+1} - Z_j``; minimising the
    total over k steps gives local sizes ``∝ 1 / sqrt(ΔZ)``, i.e. boundaries
    ``c_1 < ... < c_{k-1}`` equally spaced in ``Φ(c) = sum_{j <= c} sqrt(ΔZ_j)``
    (the square-root rule of Lavenant and Zanella). We take ``c_t`` as the first c with
    ``Φ(c) >= t Φ(n-1) / k``,
    then push boundaries apart so that every step has size at least 1. A flat
    curve (``Φ = 0``) gets equal steps. This is **our reconstruction**: the
    peers' full text was not available.

    Parameters
    ----------
    Z : array_like, shape (n,)
        Information curve.
    k : int
        Number of steps, ``1 <= k <= MAX_SCHEDULE_STEPS``.

    Returns
    -------
    Schedule
        ``k`` sizes summing to n, positive up to ``min(k, n)`` (the steps beyond n are empty).

    Raises
    ------
    ValueError
        If ``Z`` is not a finite 1-d curve or ``k`` lies outside ``1..MAX_SCHEDULE_STEPS``.
    TypeError
        If ``Z`` is not numeric or ``k`` not an integer.

    Examples
    --------
    >>> square_root_schedule([0.0, 0.0, 0.0, 1.0, 1.0, 1.0], 2)
    Schedule([3, 3])
    """
    Z = as_curve(Z)
    n = Z.size
    requested = as_steps(k)
    k = min(requested, n)
    increments = np.clip(np.diff(Z), 0.0, None)
    phi = np.concatenate([[0.0], np.cumsum(np.sqrt(increments))])  # Φ(0), ..., Φ(n-1)
    t = np.arange(1, k)
    if phi[-1] > 0:
        bounds = np.searchsorted(phi, t * phi[-1] / k, side="left")
    else:
        bounds = (t * n) // k
    bounds = np.maximum(bounds, t)  # at least t tokens before boundary t ...
    bounds = np.maximum.accumulate(bounds - t) + t  # ... and strictly increasing
    bounds = np.minimum(bounds, n - k + t)  # ... leaving room for the later steps
    return schedule_from_nodes(np.concatenate([[0], bounds, [n], np.full(requested - k, n)]))


def estimate_grid(n: int, eps: float, q: int) -> np.ndarray:
    """The p. 27 grid of estimates ``H = {2^i : eps <= 2^i}``, up to ``n log2 q``.

    ``TC`` and ``DTC`` both lie in ``[0, n log2 q]`` (bits). The paper's grid
    stops at ``2^i <= n log q``; we extend it by the first power of 2 at or above
    ``n log2 q`` so that every ``TC >= eps`` has a grid point in ``[TC, 2 TC]``.

    Parameters
    ----------
    n : int
        Sequence length, ``>= 1``.
    eps : float
        Target expected KL error (bits), ``> 0``.
    q : int
        Alphabet size ``|Σ|``, ``>= 2`` (formerly ``alphabet_size``).

    Returns
    -------
    numpy.ndarray
        The powers of 2 from the first ``>= eps`` to the first ``>= n log2 q``.

    Raises
    ------
    ValueError
        If an argument is out of range.
    TypeError
        If ``n`` or ``q`` is not an integer or ``eps`` not a real number.

    Examples
    --------
    >>> estimate_grid(4, 0.5, 2).tolist()
    [0.5, 1.0, 2.0, 4.0]
    """
    n = as_length(n)
    eps = as_positive_float(eps, "eps")
    q = as_int(q, "q", low=2)
    top = max(n * math.log2(q), eps)
    low, high = math.ceil(math.log2(eps)), math.ceil(math.log2(top))
    return 2.0 ** np.arange(low, high + 1)


class SweepCandidate(NamedTuple):
    """One point of the p. 27 sweep: the shorter of the TC and DTC schedules for a pair of estimates.

    Attributes
    ----------
    tc_hat : float
        The estimate of TC.
    dtc_hat : float
        The estimate of DTC.
    kind : {"tc", "dtc"}
        Which schedule is shorter (ties go to "tc").
    sizes : Schedule
        That schedule.

    Raises
    ------
    TypeError
        If a field is missing.

    Examples
    --------
    >>> SweepCandidate(1.0, 2.0, "tc", Schedule([2, 1])).kind
    'tc'
    """

    tc_hat: float
    dtc_hat: float
    kind: str
    sizes: Schedule


def hyperparameter_sweep(n: int, eps: float, q: int) -> list[SweepCandidate]:
    """The p. 27 hyperparameter sweep over pairs of estimates ``(tc_hat, dtc_hat)`` in the grid.

    For each pair, Theorem 9 says to run the better of the two schedules: the
    one with fewer steps (ties go to the TC schedule). The pair with
    ``tc_hat in [TC, 2 TC]`` and ``dtc_hat in [DTC, 2 DTC]`` has error at most
    ``eps`` and at most twice the steps of
    ``2 + (1 + log n)(1 + min(TC, DTC) / eps)``; the sweep costs a factor
    ``|H|^2`` (one run per pair). Each schedule depends on one estimate, so
    only ``2 |H|`` are built and the candidates share them.

    Parameters
    ----------
    n : int
        Sequence length, ``>= 1``.
    eps : float
        Target expected KL error (bits), ``> 0``.
    q : int
        Alphabet size, ``>= 2`` (formerly ``alphabet_size``).

    Returns
    -------
    list of SweepCandidate
        One per pair, ``tc_hat`` outer, ``dtc_hat`` inner.

    Raises
    ------
    ValueError, TypeError
        As :func:`estimate_grid` and :func:`tc_schedule`.

    Examples
    --------
    >>> sweep = hyperparameter_sweep(8, 1.0, 2)
    >>> len(sweep), sweep[0].kind, sweep[0].sizes
    (16, 'tc', Schedule([4, 2, 1, 0, 1]))
    """
    grid = estimate_grid(n, eps, q)
    by_tc = [tc_schedule(n, hat, eps) for hat in grid]  # each schedule depends on one estimate only
    by_dtc = [dtc_schedule(n, hat, eps) for hat in grid]
    out = []
    for tc_hat, tc_sizes in zip(grid, by_tc, strict=True):
        for dtc_hat, dtc_sizes in zip(grid, by_dtc, strict=True):
            kind, sizes = ("tc", tc_sizes) if len(tc_sizes) <= len(dtc_sizes) else ("dtc", dtc_sizes)
            out.append(SweepCandidate(float(tc_hat), float(dtc_hat), kind, sizes))
    return out
