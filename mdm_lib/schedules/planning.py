"""Planning with an estimated curve: project it onto monotone curves, then schedule optimally.

A curve estimated from samples (:func:`mdm_lib.estimate_info_curve`) or from a
loss table (:func:`mdm_lib.curve_from_losses`) need not be non-decreasing, as
every true information curve is. :func:`plan_schedule` projects it first, reports
how far that moved it, and returns the optimal schedule together with the errors
of the released samplers' rules at the same number of steps.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
from numpy.typing import ArrayLike

from .._deprecation import warn_renamed
from .._validate import as_curve, as_steps
from ..curves import monotone_projection
from .optimal import min_steps_for_error, optimal_schedule
from .released import RuleError, released_rule_errors
from .schedule import Schedule

__all__ = ["Plan", "plan_schedule"]


class Plan(NamedTuple):
    """An optimal schedule for an estimated curve, and what planning changed.

    Attributes
    ----------
    sizes : Schedule
        Optimal step sizes (summing to n; ``k`` of them, empty steps last), for the projected curve.
    error : float
        Their expected KL error (Theorem 4) on the projected curve, in the units of the curve.
    k : int
        Number of steps: the given ``k``, or the fewest whose optimal error is at most ``eps``.
    curve : numpy.ndarray, shape (n,)
        The least-squares monotone projection of the input curve, used for planning.
    max_shift : float
        Largest ``|curve_j - input_j|`` over the positions (units of the curve).
    l1_shift : float
        ``sum_j |curve_j - input_j|``, comparable with expected KL errors.
    released_rules : list of RuleError
        Expected KL of each released rule (:func:`mdm_lib.released_rule_errors`) with the same k, on
        the projected curve; empty when ``k = 1``, where every rule reveals everything at once.

    Raises
    ------
    TypeError
        If a field is missing; the fields are not validated (:func:`plan_schedule` computes them).
    """

    sizes: Schedule
    """Optimal step sizes (summing to n; empty steps last), for the projected curve."""
    error: float
    """Their expected KL error (Theorem 4) on the projected curve, in the curve's units."""
    k: int
    """Number of steps."""
    curve: np.ndarray
    """The monotone projection of the input curve, used for planning."""
    max_shift: float
    """Largest ``|projected - input|`` over the positions."""
    l1_shift: float
    """``sum_j |projected_j - input_j|``, comparable with expected KL errors."""
    released_rules: list[RuleError]
    """Expected KL of each released rule with the same k, on the projected curve (one
    :class:`RuleError` per rule); empty when ``k = 1``, where every rule reveals everything at once."""

    @property
    def expected_kl(self) -> float:
        """Deprecated name of ``error`` (one name for the error field of every record)."""
        warn_renamed("Plan.expected_kl", "Plan.error")
        return self.error


def plan_schedule(Z: ArrayLike, k: int | None = None, *, eps: float | None = None) -> Plan:
    """Project an estimated curve onto monotone curves, then find the optimal schedule.

    A true information curve is non-decreasing; an estimate need not be, and
    the dynamic program then exploits the noise (schedules such as
    ``[..., 8, 2, 16]``). The curve is first replaced by its least-squares
    monotone projection (:func:`mdm_lib.monotone_projection`), and how far that
    moved it is reported. Exactly one of ``k`` (number of steps) and ``eps``
    (the fewest steps whose optimal error is at most ``eps``) is given.

    Parameters
    ----------
    Z : array_like, shape (n,)
        Estimated curve.
    k : int, optional
        Number of steps, ``1 <= k <= MAX_SCHEDULE_STEPS``; when ``k > n`` the
        steps beyond n are empty.
    eps : float, optional
        Target expected KL error (units of ``Z``), ``>= 0``.

    Returns
    -------
    Plan

    Raises
    ------
    ValueError
        If both or neither of ``k`` and ``eps`` are given, or either is out of range.

    Examples
    --------
    >>> plan = plan_schedule([0.0, 0.6, 0.4, 1.0], 2)
    >>> plan.sizes, plan.curve.tolist(), plan.max_shift
    (Schedule([1, 3]), [0.0, 0.5, 0.5, 1.0], 0.09999999999999998)
    """
    raw = as_curve(Z)
    if (k is None) == (eps is None):
        raise ValueError("give exactly one of k (number of steps) and eps (target error)")
    curve = monotone_projection(raw)
    steps = as_steps(k) if eps is None else min_steps_for_error(curve, eps)
    best = optimal_schedule(curve, steps)
    shift = np.abs(curve - raw)
    return Plan(
        sizes=best.sizes,
        error=float(best.error),
        k=steps,
        curve=curve,
        max_shift=float(shift.max()),
        l1_shift=float(shift.sum()),
        released_rules=[] if steps == 1 else released_rule_errors(curve, steps),
    )
