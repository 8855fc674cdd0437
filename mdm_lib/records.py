"""Loss tables from evaluation records: one masked count and one summed cross-entropy per evaluated row.

The evaluation code of masked diffusion models does not measure a full loss
table (:func:`mdm_lib.cross_entropy_table`: every count of revealed tokens for
every sequence). It scores one random mask per evaluated row. LLaDA's
``get_log_likelihood`` (file ``get_log_likelihood.py`` of ML-GSAI/LLaDA) draws
for each row a count ``m`` of masked tokens, uniform on ``1..L`` (its
``forward_process``), masks ``m`` uniformly random positions of the answer,
sums the cross-entropy of the masked tokens, and weights the sum by ``L / m``.
MDLM's ``_forward_pass_diffusion`` (file ``diffusion.py`` of
kuleshov-group/mdlm) masks each position independently with one probability
per row, so that, given its count, the masked set is again uniform, and weights
the row by a function of its time. Before the weight, each row gives a
**record**: its count ``m`` and its summed cross-entropy (nats).

**What a record estimates.** For a row with ``m`` masked positions out of
``n``, ``r = n - m`` are revealed, and ``cross_entropy_sum / m`` is an unbiased
estimate of the mean cross-entropy per masked token at ``r`` revealed tokens,
``CE(r)``: the quantity :class:`mdm_lib.LossTable` tabulates. For the true
conditionals ``CE(r) = E_{|S| = r, i ∉ S} H(X_i | X_S) = H_{r+1} - H_r``, a
difference of the average entropy curve (Definition 12), so by Lemma 13
``Z_{r+1} = H_1 - (H_{r+1} - H_r) = CE(0) - CE(r)`` (:func:`mdm_lib.curve_from_losses`),
and ``sum_r CE(r) = H_n = H(X)``. The expected KL of every schedule
(Theorem 4) is ``a @ Z`` with coefficients ``a`` that sum to 0, so it depends
on differences of ``CE`` only: the anchor ``CE(0)``, which few records pin down
(``m = n``), cancels from every planned error.

**From records with gaps to a curve.** At the sizes of real models (n = 256
to 1024, about 128 rows) most counts have no record. :func:`loss_table_from_records`
pools neighbouring counts by local linear regression and gives every ``CE(r)``,
every ``Z_j`` and the error of any schedule a standard error from the records
themselves. :func:`record_sums` reduces records to per-count counts, sums and
sums of squares, the statistics the pooled table needs; sums from separate
shards of rows add (:func:`mdm_lib.merge_estimates`), so the evaluation can run on
many machines (:func:`mdm_lib.run_in_shards`). :func:`evaluation_records` makes
records from samples and a conditional oracle, as those codebases do with a
model.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

import numpy as np
import scipy.sparse
from numpy.typing import ArrayLike

from ._batched_oracle import DEFAULT_BATCH_ROWS, Z_95, Oracle, oracle_batches, random_ranks
from ._validate import as_float_array, as_generator, as_int, as_samples, as_sizes, log_base
from .kl import expected_kl_coefficients
from .sampled_kl import KLEstimate

__all__ = [
    "RecordSums",
    "Records",
    "RecordsLossTable",
    "cross_entropy_sums",
    "evaluation_records",
    "loss_table_from_records",
    "loss_table_from_sums",
    "record_sums",
]

#: The variance of a record is pooled over this many times ``neighbours`` nearest records.
VARIANCE_POOL = 4

#: A record whose fitted value at its own count has weight above ``1 - LEVERAGE_TOL`` is its own fit:
#: its residual says nothing about its variance.
LEVERAGE_TOL = 1e-9


class Records(NamedTuple):
    """Evaluation records: one row's number of masked tokens and their summed cross-entropy.

    Attributes
    ----------
    masked : numpy.ndarray of int, shape (N,)
        Number of masked positions of each row, in ``1..n``.
    cross_entropy_sum : numpy.ndarray, shape (N,)
        Summed cross-entropy ``-log p(x_i | x_revealed)`` over the masked positions of the row, in nats.

    Raises
    ------
    TypeError
        If a field is missing; the fields are not validated (:func:`record_sums` validates them).
    """

    masked: np.ndarray
    """Number of masked positions of each row."""
    cross_entropy_sum: np.ndarray
    """Summed cross-entropy of the masked tokens of each row, nats."""


class RecordSums(NamedTuple):
    """Per-count statistics of records: how many, and the sum and sum of squares of their means.

    Index ``r`` is the number of revealed tokens, ``r = n - masked``, for ``r = 0..n-1``; a record
    contributes its mean cross-entropy per masked token, ``cross_entropy_sum / masked`` (nats). The sums
    of two sets of rows are the element-wise sums of theirs (:func:`mdm_lib.merge_estimates`).

    Attributes
    ----------
    records : numpy.ndarray of int, shape (n,)
        Number of records with ``r`` revealed tokens.
    total : numpy.ndarray, shape (n,)
        Sum of their mean cross-entropies per masked token, nats.
    total_squares : numpy.ndarray, shape (n,)
        Sum of their squares, nats squared.

    Raises
    ------
    TypeError
        If a field is missing; the fields are validated by :func:`loss_table_from_sums`.
    """

    records: np.ndarray
    """Number of records at each count of revealed tokens."""
    total: np.ndarray
    """Sum of the records' mean cross-entropies per masked token (nats)."""
    total_squares: np.ndarray
    """Sum of their squares."""


class RecordsLossTable(NamedTuple):
    """A loss table pooled from records, the curve it gives, and standard errors for both.

    The first three fields are those of :class:`mdm_lib.LossTable`, so
    ``curve_from_losses(table.revealed, table.cross_entropy)`` equals ``table.Z``.
    Values are in units of the ``base`` of :func:`loss_table_from_records` (bits by default).

    Attributes
    ----------
    revealed : numpy.ndarray of int, shape (n,)
        Numbers of revealed tokens, ``0, ..., n - 1``.
    cross_entropy : numpy.ndarray, shape (n,)
        Pooled mean cross-entropy per masked token at each count, ``CE(r)``.
    standard_error : numpy.ndarray, shape (n,)
        Standard error of each entry.
    Z : numpy.ndarray, shape (n,)
        The curve ``Z_j = CE(0) - CE(j - 1)``, ``Z_1 = 0``; not necessarily monotone (see
        :func:`mdm_lib.plan_schedule`).
    Z_standard_error : numpy.ndarray, shape (n,)
        Standard error of each ``Z_j`` (0 for ``Z_1``); it includes the uncertainty of ``CE(0)``.
    records : numpy.ndarray of int, shape (n,)
        Number of records at each count.
    window : numpy.ndarray of int, shape (n,)
        Half-width, in counts, of the window pooled at each count (0: the count's own records only).
    neighbours : int
        The number of records pooled at each count (given, or chosen by cross-validation).
    covariance_factor : scipy.sparse.csr_array, shape (n, d)
        ``F`` with ``Cov(cross_entropy) = F @ F.T``, one column per count with records: the
        estimate is linear in the records, and the standard error of any linear function
        ``c @ cross_entropy`` is ``norm(F.T @ c)``.

    Raises
    ------
    TypeError
        If a field is missing; the fields are not validated (:func:`loss_table_from_records` computes them).
    """

    revealed: np.ndarray
    """Numbers of revealed tokens, ``0, ..., n - 1``."""
    cross_entropy: np.ndarray
    """Pooled mean cross-entropy per masked token."""
    standard_error: np.ndarray
    """Standard error of each entry."""
    Z: np.ndarray
    """The curve ``CE(0) - CE(j - 1)``."""
    Z_standard_error: np.ndarray
    """Standard error of each ``Z_j``."""
    records: np.ndarray
    """Number of records at each count."""
    window: np.ndarray
    """Half-width of the pooling window at each count."""
    neighbours: int
    """Records pooled at each count."""
    covariance_factor: scipy.sparse.csr_array
    """``F`` with ``Cov(cross_entropy) = F F^T``."""

    def predicted_kl(self, sizes: ArrayLike) -> KLEstimate:
        """Theorem 4's prediction ``expected_kl(Z, sizes)`` with its standard error from the records.

        The prediction is ``a @ Z`` with coefficients ``a`` summing to 0, so it
        is ``-(a @ cross_entropy)``: linear in the records, with standard error
        ``norm(F.T @ a)`` (``F`` the covariance factor). ``CE(0)`` cancels.

        Parameters
        ----------
        sizes : array_like of int
            Step sizes summing to n.

        Returns
        -------
        KLEstimate
            Mean, standard error, normal 95 % interval, and the number of records.

        Raises
        ------
        ValueError
            If the sizes are not non-negative whole numbers summing to n.

        Examples
        --------
        >>> masked, sums = [4, 3, 2, 1, 4, 3, 2, 1], [4.0, 2.4, 1.0, 0.3] * 2
        >>> table = loss_table_from_records(masked, sums, 4, neighbours=2, base=np.e)
        >>> round(table.predicted_kl([4]).mean, 9), round(table.predicted_kl([1] * 4).mean, 9)
        (1.4, 0.0)
        """
        n = self.Z.size
        coefficients = expected_kl_coefficients(as_sizes(sizes, n), n)
        mean = float(coefficients @ self.Z)
        error = float(np.linalg.norm(self.covariance_factor.T @ coefficients))
        return KLEstimate(mean, error, mean - Z_95 * error, mean + Z_95 * error, int(self.records.sum()))


def _as_masked(masked: ArrayLike, n: int) -> np.ndarray:
    """Counts of masked positions: a 1-d array of whole numbers in ``1..n``."""
    values = as_float_array(masked, "masked")
    if values.ndim != 1 or values.size == 0:
        raise ValueError(f"masked must be a 1-d array with one count per row, got shape {values.shape}")
    bad = np.flatnonzero((values != np.round(values)) | (values < 1) | (values > n))
    if bad.size:
        raise ValueError(
            f"masked[{bad[0]}] = {values[bad[0]]:g} is not a number of masked positions in 1..n (n = {n})"
        )
    return values.astype(np.int64)


def record_sums(masked: ArrayLike, cross_entropy_sum: ArrayLike, n: int) -> RecordSums:
    """Reduce records to their per-count statistics (counts, sums, sums of squares).

    Parameters
    ----------
    masked : array_like of int, shape (N,)
        Number of masked positions of each row, in ``1..n``.
    cross_entropy_sum : array_like, shape (N,)
        Summed cross-entropy of each row's masked tokens, nats (``>= 0``): the raw sum, before any
        weight such as LLaDA's ``L / m``.
    n : int
        Sequence length: the number of positions a row can mask (the answer, not the prompt).

    Returns
    -------
    RecordSums
        Indexed by the number of revealed tokens ``r = n - masked``.

    Raises
    ------
    TypeError
        If an array is not numeric or ``n`` is not an integer.
    ValueError
        If a count is not a whole number in ``1..n``, a sum is negative or not finite, or the two
        arrays differ in length (the message names the first bad entry).

    Examples
    --------
    >>> sums = record_sums([3, 3, 1], [2.7, 3.3, 0.5], 3)
    >>> sums.records.tolist(), np.round(sums.total, 12).tolist()
    ([2, 0, 1], [2.0, 0.0, 0.5])
    """
    n = as_int(n, "n", low=1)
    counts = _as_masked(masked, n)
    sums = as_float_array(cross_entropy_sum, "cross_entropy_sum")
    if sums.shape != counts.shape:
        raise ValueError(
            f"masked and cross_entropy_sum must have the same length, got shapes {counts.shape} and "
            f"{sums.shape}"
        )
    negative = np.flatnonzero(sums < 0)
    if negative.size:
        raise ValueError(
            f"cross_entropy_sum[{negative[0]}] = {sums[negative[0]]:g} is negative; a sum of "
            "cross-entropies is >= 0"
        )
    revealed = n - counts
    per_token = sums / counts
    return RecordSums(
        np.bincount(revealed, minlength=n).astype(np.int64),
        np.bincount(revealed, per_token, minlength=n),
        np.bincount(revealed, per_token * per_token, minlength=n),
    )


def _radius(levels: np.ndarray, cumulative: np.ndarray, centres: np.ndarray, k: int, span: int) -> np.ndarray:
    """Smallest ``h >= 0`` with at least ``k`` records at levels within ``h`` of each centre."""
    low = np.zeros(centres.size, dtype=np.int64)
    high = np.full(centres.size, span, dtype=np.int64)
    while (low < high).any():
        middle = (low + high) // 2
        inside = (
            cumulative[np.searchsorted(levels, centres + middle, side="right")]
            - cumulative[np.searchsorted(levels, centres - middle, side="left")]
        )
        enough = inside >= k
        high = np.where(enough, middle, high)
        low = np.where(enough, low, middle + 1)
    return low


class _Windows(NamedTuple):
    """Each centre's window: one entry per level with records inside it, row by row."""

    row: np.ndarray  # the centre of each entry
    column: np.ndarray  # the level (index into the levels with records) of each entry
    offset: np.ndarray  # level - centre
    kernel: np.ndarray  # 1 - (offset / (radius + 1))^2, positive inside the window
    radius: np.ndarray  # per centre
    length: np.ndarray  # entries per centre


def _windows(levels: np.ndarray, weights: np.ndarray, centres: np.ndarray, k: int, span: int) -> _Windows:
    """The window of the ``k`` nearest records around each centre (records counted by ``weights``)."""
    cumulative = np.concatenate([[0], np.cumsum(weights)])
    radius = _radius(levels, cumulative, centres, min(k, int(cumulative[-1])), span)
    start = np.searchsorted(levels, centres - radius, side="left")
    length = np.searchsorted(levels, centres + radius, side="right") - start
    row = np.repeat(np.arange(centres.size), length)
    column = start[row] + np.arange(row.size) - np.repeat(np.cumsum(length) - length, length)
    offset = levels[column] - centres[row]
    kernel = 1.0 - (offset / (radius[row] + 1.0)) ** 2
    return _Windows(row, column, offset, kernel, radius, length)


def _local_linear_weights(w: _Windows, weight: np.ndarray, size: int) -> np.ndarray:
    """Weight of each entry in its centre's weighted least-squares line, evaluated at the centre.

    With one level in the window the line is a constant: the weighted mean.
    """
    s0 = np.bincount(w.row, weight, minlength=size)
    mean_offset = np.bincount(w.row, weight * w.offset, minlength=size) / s0
    centred = w.offset - mean_offset[w.row]
    s2 = np.bincount(w.row, weight * centred * centred, minlength=size)
    linear = (w.length >= 2)[w.row]
    slope_term = np.where(linear, mean_offset[w.row] * centred / np.where(s2 > 0, s2, 1.0)[w.row], 0.0)
    return weight * (1.0 / s0[w.row] - slope_term)


def loss_table_from_sums(
    sums: RecordSums, *, neighbours: int | str = 16, base: float = 2
) -> RecordsLossTable:
    """The pooled loss table, the curve and their standard errors, from per-count record statistics.

    The same as :func:`loss_table_from_records` (which documents the method and its
    assumptions) for records already reduced by :func:`record_sums`, or merged
    from shards by :func:`mdm_lib.merge_estimates`.

    Parameters
    ----------
    sums : RecordSums
        Per-count statistics, indexed by the number of revealed tokens ``0..n-1``.
    neighbours : int or "cv", default 16
        Records pooled at each count, ``>= 2``, or ``"cv"`` to choose them by cross-validation.
    base : float, default 2
        Logarithm base of the results (2: bits).

    Returns
    -------
    RecordsLossTable

    Raises
    ------
    TypeError
        If ``sums`` is not a :class:`RecordSums` or ``neighbours`` is neither an integer nor ``"cv"``.
    ValueError
        If the statistics are not consistent (lengths, negative or fractional counts, a sum of
        squares below what the sums allow), the records cover fewer than 2 counts, or no record
        can estimate the variance.

    Examples
    --------
    >>> masked = [4, 3, 2, 1, 4, 3, 2, 1]
    >>> sums = record_sums(masked, [4.0, 2.4, 1.0, 0.3, 4.2, 2.1, 1.2, 0.2], 4)
    >>> table = loss_table_from_sums(sums, neighbours=2, base=np.e)
    >>> table.cross_entropy.round(3).tolist(), table.Z.round(3).tolist()
    ([1.025, 0.75, 0.55, 0.25], [0.0, 0.275, 0.475, 0.775])
    """
    counts, total, squares = _as_record_sums(sums)
    scale = log_base(base)
    n = counts.size
    present = np.flatnonzero(counts)
    if present.size < 2:
        raise ValueError(
            "records at fewer than 2 counts of masked tokens say nothing about how the loss changes "
            f"with the count: got records at {present.size} count(s)"
        )
    data = _Levels(present, counts[present].astype(np.float64), total[present], squares[present], n)
    if isinstance(neighbours, str) and neighbours == "cv":
        neighbours = _cross_validated_neighbours(data)
    neighbours = as_int(neighbours, "neighbours", low=2)
    fit = _fit(data, neighbours)
    if not fit.usable.any():
        raise ValueError(
            "every record is alone in its window, so none can estimate the variance: give more records "
            "or a larger neighbours"
        )

    # The variance: residuals of each count's records from the line at their own count, scaled by
    # 1 / (1 - leverage) (HC2), times the masked count, pooled over the `VARIANCE_POOL * neighbours`
    # nearest records and divided by the masked count again.
    c, masked, usable = data.records, data.masked, fit.usable
    per_token = np.where(usable, masked * fit.residual_squares / np.where(usable, 1 - fit.leverage, 1.0), 0.0)
    pool = _windows(present, np.where(usable, c, 0), present, VARIANCE_POOL * neighbours, n)
    pooled = np.bincount(
        pool.row, pool.kernel * per_token[pool.column], minlength=present.size
    ) / np.bincount(pool.row, pool.kernel * np.where(usable, c, 0.0)[pool.column], minlength=present.size)
    level_variance = c * pooled / masked  # summed variance of a count's records

    w = fit.windows
    factor_values = fit.entry_weight * np.sqrt(level_variance[w.column]) / c[w.column] / scale
    indptr = np.concatenate([[0], np.cumsum(w.length)])
    factor = scipy.sparse.csr_array((factor_values, w.column, indptr), shape=(n, present.size))
    cross_entropy = fit.estimate / scale
    standard_error = np.sqrt(np.bincount(w.row, factor_values**2, minlength=n))
    first = np.zeros(present.size)
    first[w.column[: w.length[0]]] = factor_values[: w.length[0]]
    with_first = np.bincount(w.row, factor_values * first[w.column], minlength=n)
    z_variance = standard_error[0] ** 2 + standard_error**2 - 2 * with_first
    z_error = np.sqrt(np.maximum(z_variance, 0.0))
    z_error[0] = 0.0
    Z = cross_entropy[0] - cross_entropy
    Z[0] = 0.0
    return RecordsLossTable(
        np.arange(n), cross_entropy, standard_error, Z, z_error, counts, w.radius, neighbours, factor
    )


class _Levels(NamedTuple):
    """The counts of revealed tokens that have records, and their statistics."""

    levels: np.ndarray  # the counts r with records, increasing
    records: np.ndarray  # records at each (float)
    total: np.ndarray  # sums of their per-token means
    squares: np.ndarray  # sums of squares
    n: int

    @property
    def masked(self) -> np.ndarray:
        return (self.n - self.levels).astype(np.float64)


class _Fit(NamedTuple):
    """The pooled mean at every count, with what the variance and the cross-validation need."""

    windows: _Windows
    entry_weight: np.ndarray  # weight of each window entry (a level's mean) in its centre's estimate
    estimate: np.ndarray  # CE(r), nats, r = 0..n-1
    leverage: np.ndarray  # weight of one record in the estimate at its own count, per level
    residual_squares: np.ndarray  # sum over a level's records of (record - estimate)^2
    usable: np.ndarray  # levels whose records are not their own fit


def _fit(data: _Levels, neighbours: int) -> _Fit:
    """A weighted line through the ``neighbours`` nearest records of each count, evaluated there.

    A record weighs its masked tokens times a kernel that falls from 1 at the centre to > 0 at the edge.
    """
    n, c = data.n, data.records
    mean = data.total / c
    windows = _windows(data.levels, c, np.arange(n), neighbours, n)
    entry_weight = _local_linear_weights(windows, windows.kernel * (data.masked * c)[windows.column], n)
    estimate = np.bincount(windows.row, entry_weight * mean[windows.column], minlength=n)
    own = windows.offset == 0
    leverage = np.empty(c.size)
    leverage[windows.column[own]] = entry_weight[own] / c[windows.column[own]]
    fitted = estimate[data.levels]
    residual_squares = np.maximum(data.squares - 2 * fitted * data.total + c * fitted**2, 0.0)
    return _Fit(windows, entry_weight, estimate, leverage, residual_squares, leverage < 1 - LEVERAGE_TOL)


def _cross_validated_neighbours(data: _Levels) -> int:
    """The number of pooled records, among 8, 16, 32, ..., that predicts left-out records best.

    The leave-one-out residual of a record is its residual divided by ``1 - leverage``; records are
    weighed by their masked tokens, as in the fit. Records that are their own fit are left out of
    the score, and a candidate that leaves out every record is not considered.
    """
    total = int(data.records.sum())
    candidates = [int(k) for k in 2 ** np.arange(3, 31) if k <= total] or [total]
    scores = []
    for k in candidates:
        fit = _fit(data, int(k))
        loo = np.where(
            fit.usable, fit.residual_squares / np.where(fit.usable, 1 - fit.leverage, 1.0) ** 2, 0.0
        )
        weight = (data.masked * data.records)[fit.usable].sum()
        scores.append((data.masked * loo).sum() / weight if weight > 0 else np.inf)
    return candidates[int(np.argmin(scores))]


def _as_record_sums(sums: RecordSums) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Validated ``(records, total, total_squares)`` of a :class:`RecordSums`."""
    if not isinstance(sums, RecordSums):
        raise TypeError(f"sums must be a RecordSums (see record_sums), got {type(sums).__name__}")
    counts = as_float_array(sums.records, "sums.records")
    total = as_float_array(sums.total, "sums.total")
    squares = as_float_array(sums.total_squares, "sums.total_squares")
    if counts.ndim != 1 or counts.size == 0 or total.shape != counts.shape or squares.shape != counts.shape:
        raise ValueError(
            "sums.records, sums.total and sums.total_squares must be 1-d arrays of one length n >= 1, got "
            f"shapes {counts.shape}, {total.shape} and {squares.shape}"
        )
    if (counts < 0).any() or (counts != np.round(counts)).any():
        raise ValueError("sums.records must hold whole numbers >= 0")
    spread = squares * np.maximum(counts, 1) - total**2  # >= 0 (Cauchy-Schwarz), up to rounding
    if (spread < -1e-9 * np.maximum(squares * np.maximum(counts, 1), 1)).any() or (
        (counts == 0) & ((total != 0) | (squares != 0))
    ).any():
        raise ValueError("sums.total_squares is smaller than the sums allow: not the statistics of records")
    return counts.astype(np.int64), total, squares


def loss_table_from_records(
    masked: ArrayLike,
    cross_entropy_sum: ArrayLike,
    n: int,
    *,
    neighbours: int | str = 16,
    base: float = 2,
) -> RecordsLossTable:
    """The loss table and curve from evaluation records with gaps, with honest standard errors.

    Each record is one evaluated row: its number ``m`` of masked tokens and
    their summed cross-entropy; ``cross_entropy_sum / m`` estimates ``CE(n - m)``,
    the mean cross-entropy per masked token with ``n - m`` revealed. At each
    count ``r = 0..n-1`` the ``neighbours`` records nearest to ``r`` (all records
    at the window's edge included) are pooled by a weighted least-squares line,
    evaluated at ``r``; a record weighs its number of masked tokens times a
    kernel ``1 - (d / (h + 1))^2`` of its distance ``d`` from ``r`` (``h`` the
    window's half-width). A count with ``neighbours`` records of its own is not
    pooled: its entry is the mean of its records (and with ``4 * neighbours`` its
    standard error is theirs too). The curve is
    ``Z_j = CE(0) - CE(j - 1)`` (see the module notes for why).

    The estimate is linear in the records, so its covariance, and the standard
    error of every ``CE(r)``, every ``Z_j`` and the predicted error of any
    schedule (:meth:`RecordsLossTable.predicted_kl`), follow from each record's
    variance. That variance is estimated from the residuals: each record's
    squared residual from the line at its own count, divided by
    ``1 - leverage`` (HC2), times its masked count, is averaged over the
    ``4 * neighbours`` nearest records and divided by the masked count again.

    What the pooling assumes, and what the standard errors do and do not cover:

    * the rows are independent: each row a sequence drawn from the data on its
      own, and, given its count, a uniformly random set of masked positions
      (LLaDA's and MDLM's masks are; many rows of *one* sequence, as in LLaDA's
      likelihood of one answer, estimate that sequence's curve instead);
    * ``CE`` is close to a straight line across each window. The standard
      errors cover the noise of the records, not the bias of the line: a
      feature of the curve narrower than the windows (``table.window``), such as
      a curve that rises within the first few revealed tokens at n = 1024, is
      smeared, and no standard error says so. Counts with enough records of
      their own are not pooled and carry no such bias;
    * the variance of a record, times its masked count, changes little across
      the variance windows;
    * intervals (``predicted_kl``) are normal ones;
    * the schedule is fixed in advance. A schedule *chosen* on these records
      (:func:`mdm_lib.plan_schedule` of ``table.Z``) puts its nodes where the
      noise makes the curve look flat, so the error predicted for it on the
      same records is optimistic, by more than its standard error when the
      windows are narrow and the records many. Score a plan on a table of
      other, independent rows for an honest prediction.

    Tested by simulation (``tests/test_records.py``): on a Markov chain of length
    256 whose curve is exact (:class:`mdm_lib.MarkovChain`), 95 % intervals
    from 128 records with the default ``neighbours`` cover the true ``CE(r)``,
    ``Z_j`` and the errors of fixed schedules at close to their nominal rate.
    The cross-validated windows (``"cv"``) are wider: they give smoother curves
    and better plans, but their intervals for single ``CE(r)`` and ``Z_j`` cover
    less (the bias of the line is no longer small against the noise).

    Parameters
    ----------
    masked : array_like of int, shape (N,)
        Number of masked positions of each row, in ``1..n``.
    cross_entropy_sum : array_like, shape (N,)
        Summed cross-entropy of each row's masked tokens, **nats** (``>= 0``), before any weight.
    n : int
        Sequence length: the number of positions a row can mask.
    neighbours : int or "cv", default 16
        Records pooled at each count, ``>= 2``: fewer give less bias and more noise. ``"cv"``
        chooses the power of two from 8 up that predicts left-out records best (leave-one-out
        cross-validation): smoother curves for planning, at the price of bias (see above).
    base : float, default 2
        Logarithm base of the results (2: bits).

    Returns
    -------
    RecordsLossTable
        ``CE`` and ``Z`` with their standard errors, the windows, and the covariance factor.

    Raises
    ------
    TypeError
        If an argument is not numeric, ``n`` is not an integer, or ``neighbours`` is neither an
        integer nor ``"cv"``.
    ValueError
        If a record is invalid (see :func:`record_sums`), the records cover fewer than 2 counts, or
        no record can estimate the variance.

    Examples
    --------
    >>> masked = [4, 3, 2, 1, 4, 3, 2, 1]
    >>> sums = [4.0, 2.4, 1.0, 0.3, 4.2, 2.1, 1.2, 0.2]
    >>> table = loss_table_from_records(masked, sums, 4, neighbours=2, base=np.e)
    >>> table.cross_entropy.round(3).tolist(), table.window.tolist()
    ([1.025, 0.75, 0.55, 0.25], [0, 0, 0, 0])
    """
    return loss_table_from_sums(record_sums(masked, cross_entropy_sum, n), neighbours=neighbours, base=base)


def evaluation_records(
    samples: ArrayLike,
    oracle: Oracle,
    *,
    masked: np.ndarray | Sequence[int] | None = None,
    batch_rows: int = DEFAULT_BATCH_ROWS,
    rng: int | np.random.Generator | None = None,
    progress: bool = True,
) -> Records:
    """Score one random mask per row, as masked diffusion models' evaluation code does.

    For each sequence, a count ``m`` of masked positions (drawn uniformly from
    ``1..n`` unless ``masked`` gives them, as LLaDA's ``get_log_likelihood`` does)
    and a uniformly random set of ``m`` positions are masked; one oracle call
    gives ``-log p(x_i | x_revealed)`` at each, and their sum is the record.

    Parameters
    ----------
    samples : array_like, shape (N, n)
        Held-out sequences, one record each.
    oracle : callable
        The model's conditional marginals (see :mod:`mdm_lib.estimation`).
    masked : array_like of int, shape (N,), optional
        The count of each row, in ``1..n``; by default uniform on ``1..n``.
    batch_rows : int, default 8192
        Rows per oracle call.
    rng : None, int or numpy.random.Generator
        Draws the counts and the masks (SPEC 7).
    progress : bool, default True
        Show a progress bar (only when standard error is a terminal).

    Returns
    -------
    Records
        The counts and the summed cross-entropies (nats).

    Raises
    ------
    TypeError
        If an argument has the wrong type.
    ValueError
        If the samples are not a 2-d array of symbols, ``masked`` has the wrong length or a count
        outside ``1..n``, or the oracle returns the wrong shape or values that are not probabilities.

    Examples
    --------
    >>> from mdm_lib import ProductMixture
    >>> # a repeated fair bit
    >>> mix = ProductMixture([0.5, 0.5], [[[1, 0]] * 3, [[0, 1]] * 3])

    With nothing revealed each masked token costs one bit; with one token revealed, none:

    >>> samples = mix.sample(4, rng=0)
    >>> records = evaluation_records(samples, mix, masked=[3, 3, 2, 1], rng=1)
    >>> (np.round(records.cross_entropy_sum / np.log(2), 9) + 0.0).tolist()   # bits
    [3.0, 3.0, 0.0, 0.0]
    """
    x = as_samples(samples)
    num, n = x.shape
    gen = as_generator(rng)
    if masked is None:
        counts = gen.integers(1, n + 1, size=num)
    else:
        counts = _as_masked(masked, n)
        if counts.size != num:
            raise ValueError(f"masked must hold one count per sample ({num}), got {counts.size}")
    sums = np.empty(num)

    def masks(chunk: slice, rows: np.ndarray) -> np.ndarray:
        rank = random_ranks(gen, rows.shape[0], n)  # the first m of a uniform order are masked
        return (rank >= counts[chunk][:, None])[:, None, :]

    for chunk, revealed, log_p, _ in oracle_batches(x, oracle, masks, 1, batch_rows, progress, "records"):
        sums[chunk] = -np.where(revealed[:, 0], 0.0, log_p[:, 0]).sum(axis=1)
    return Records(counts, sums)


def cross_entropy_sums(
    samples: ArrayLike,
    oracle: Oracle,
    *,
    masked: np.ndarray | Sequence[int] | None = None,
    batch_rows: int = DEFAULT_BATCH_ROWS,
    rng: int | np.random.Generator | None = None,
    progress: bool = True,
) -> RecordSums:
    """Evaluation records of the samples, reduced to per-count statistics: the shardable estimator.

    ``record_sums(*evaluation_records(samples, oracle, ...), n)``. Sums of
    separate shards of rows add (:func:`mdm_lib.merge_estimates`), so
    :func:`mdm_lib.run_in_shards` runs this on many machines; the merged sums
    give the table through :func:`loss_table_from_sums`.

    Parameters
    ----------
    samples, oracle, masked, batch_rows, rng, progress
        As in :func:`evaluation_records`.

    Returns
    -------
    RecordSums

    Raises
    ------
    TypeError, ValueError
        As :func:`evaluation_records`.

    Examples
    --------
    >>> from mdm_lib import ProductMixture
    >>> mix = ProductMixture([0.5, 0.5], [[[1, 0]] * 3, [[0, 1]] * 3])
    >>> cross_entropy_sums(mix.sample(6, rng=0), mix, rng=1).records.tolist()
    [2, 2, 2]
    """
    records = evaluation_records(
        samples, oracle, masked=masked, batch_rows=batch_rows, rng=rng, progress=progress
    )
    return record_sums(records.masked, records.cross_entropy_sum, np.shape(samples)[1])
