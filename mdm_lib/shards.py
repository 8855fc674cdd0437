"""Estimation over many rows, in shards: merge the estimates of shards, and run the shards anywhere.

The Monte Carlo estimators of this library score each sample row on its own and
average, so rows split into shards that can run on separate machines. Each
shard's estimate keeps what merging needs: per-count counts, sums and sums of
squares (:class:`mdm_lib.RecordSums`), per-sample terms
(:class:`mdm_lib.InfoCurveEstimate`), or a mean, a standard error and a count
(:class:`mdm_lib.KLEstimate`), and :func:`merge_estimates` combines them into
the estimate of all the rows.

:func:`run_in_shards` cuts the rows into contiguous shards, gives shard ``i``
the generator seeded by the ``i``-th child of ``numpy.random.SeedSequence(seed)``
(``SeedSequence.spawn``), and runs the shards through joblib. joblib chooses the
engine: by default the shards run one after the other in this process;
``joblib.parallel_config(backend="loky", n_jobs=4)`` runs them in local
processes, and inside ``joblib.parallel_config(backend="dask")`` with a
``distributed.Client`` open they run on the workers of a Dask cluster, on as
many machines as it has. The library has no engine of its own. Whatever the
engine, the merged estimate is the same, up to the order of floating-point
sums: shard ``i`` always sees the same rows and the same seed.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
from numpy.typing import ArrayLike

from ._batched_oracle import Z_95, mean_and_error
from ._validate import as_int, as_samples
from .estimation import InfoCurveEstimate
from .records import RecordSums
from .sampled_kl import KLEstimate

__all__ = ["merge_estimates", "run_in_shards"]


def _combine_means(parts: Sequence[tuple[int, float, float]]) -> tuple[float, float, int]:
    """Mean and standard error of all values from each part's ``(count, mean, standard error)``.

    A part's sum is ``count * mean`` and its sum of squared deviations ``(count - 1) * count * se^2``
    (its sample variance has ``ddof=1``); the pooled deviations add the spread of the part means.
    """
    counts = np.array([p[0] for p in parts], dtype=np.float64)
    means = np.array([p[1] for p in parts])
    errors = np.array([p[2] for p in parts])
    total = counts.sum()
    mean = float(counts @ means / total)
    deviations = ((counts - 1) * counts * errors**2).sum() + counts @ (means - mean) ** 2
    return mean, math.sqrt(deviations / (total - 1) / total), int(total)


def _merge_record_sums(parts: Sequence[RecordSums]) -> RecordSums:
    lengths = {np.shape(p.records)[0] for p in parts}
    if len(lengths) != 1:
        raise ValueError(f"the RecordSums must share one sequence length n, got lengths {sorted(lengths)}")
    return RecordSums(
        np.sum([p.records for p in parts], axis=0),
        np.sum([p.total for p in parts], axis=0),
        np.sum([p.total_squares for p in parts], axis=0),
    )


def _merge_curve_estimates(parts: Sequence[InfoCurveEstimate]) -> InfoCurveEstimate:
    lengths = {p.terms.shape[1] for p in parts}
    if len(lengths) != 1:
        raise ValueError(f"the curve estimates must share one length n, got lengths {sorted(lengths)}")
    terms = np.concatenate([p.terms for p in parts])
    Z, Z_se = mean_and_error(terms, 1.0)
    tc, tc_se = mean_and_error(terms.sum(axis=1), 1.0)
    dtc, dtc_se, _ = _combine_means([(p.terms.shape[0], p.dtc, p.dtc_standard_error) for p in parts])
    return InfoCurveEstimate(Z, Z_se, float(tc), float(tc_se), dtc, dtc_se, terms)


def _merge_kl_estimates(parts: Sequence[KLEstimate]) -> KLEstimate:
    mean, error, count = _combine_means([(p.num_samples, p.mean, p.standard_error) for p in parts])
    return KLEstimate(mean, error, mean - Z_95 * error, mean + Z_95 * error, count)


_MERGES: dict[type, Callable[[Any], Any]] = {
    RecordSums: _merge_record_sums,
    InfoCurveEstimate: _merge_curve_estimates,
    KLEstimate: _merge_kl_estimates,
}


def merge_estimates(
    parts: Sequence[RecordSums | InfoCurveEstimate | KLEstimate],
) -> RecordSums | InfoCurveEstimate | KLEstimate:
    """The estimate of all rows from the estimates of disjoint shards of them.

    * :class:`mdm_lib.RecordSums`: the per-count counts, sums and sums of
      squares add;
    * :class:`mdm_lib.InfoCurveEstimate`: the per-sample terms are stacked, and
      ``Z``, TC and their standard errors recomputed from them; DTC (whose
      per-sample terms are not kept) is pooled from each part's mean, standard
      error and number of samples;
    * :class:`mdm_lib.KLEstimate`: pooled from each part's mean, standard error
      and number of samples.

    Each equals, to rounding, the estimate computed on all the rows at once with
    the same random draws. All parts must be in the same units (``base``).

    Parameters
    ----------
    parts : sequence of RecordSums, InfoCurveEstimate or KLEstimate
        One estimate per shard, all of one type, at least one.

    Returns
    -------
    RecordSums, InfoCurveEstimate or KLEstimate
        The merged estimate, of the parts' type.

    Raises
    ------
    TypeError
        If ``parts`` is empty of estimates, mixes types, or holds a type that cannot be merged.
    ValueError
        If the parts disagree on the sequence length, or a pooled mean has fewer than 2 values in
        all.

    Examples
    --------
    >>> from mdm_lib import record_sums
    >>> a = record_sums([2, 1], [1.5, 0.2], 2)
    >>> b = record_sums([2], [1.7], 2)
    >>> # the sums of the records [2, 1, 2], [1.5, 0.2, 1.7]
    >>> merged = merge_estimates([a, b])
    >>> merged.records.tolist(), np.round(merged.total, 12).tolist()
    ([2, 1], [1.6, 0.2])
    """
    if isinstance(parts, (str, bytes)) or not isinstance(parts, Sequence) or not parts:
        raise TypeError("parts must be a non-empty sequence of estimates")
    kinds = {type(p) for p in parts}
    if len(kinds) != 1:
        raise TypeError(f"parts must all have one type, got {sorted(k.__name__ for k in kinds)}")
    kind = kinds.pop()
    if kind not in _MERGES:
        names = ", ".join(k.__name__ for k in _MERGES)
        raise TypeError(f"cannot merge {kind.__name__}; mergeable estimates are {names}")
    if kind is not RecordSums and sum(_size(p) for p in parts) < 2:
        raise ValueError("a pooled mean needs at least 2 values in all")
    return _MERGES[kind](parts)


def _size(part: Any) -> int:
    """Number of per-sample values behind a curve or KL estimate."""
    return int(part.terms.shape[0]) if isinstance(part, InfoCurveEstimate) else int(part.num_samples)


def _run_shard(
    estimator: Callable[..., Any],
    rows: np.ndarray,
    args: tuple[Any, ...],
    kwargs: dict[str, Any],
    seed: np.random.SeedSequence,
) -> Any:
    return estimator(rows, *args, rng=np.random.default_rng(seed), **kwargs)


def run_in_shards(
    estimator: Callable[..., RecordSums | InfoCurveEstimate | KLEstimate],
    samples: ArrayLike,
    *args: Any,
    shards: int,
    seed: int | None,
    n_jobs: int | None = None,
    **kwargs: Any,
) -> RecordSums | InfoCurveEstimate | KLEstimate:
    """Run an estimator on shards of the rows, through joblib, and merge the shards' estimates.

    Shard ``i`` gets the rows ``numpy.array_split(range(N), shards)[i]`` and calls
    ``estimator(rows, *args, rng=numpy.random.default_rng(children[i]), **kwargs)``
    with ``children = numpy.random.SeedSequence(seed).spawn(shards)``; the
    estimates are merged by :func:`merge_estimates`. The shards run through
    ``joblib.Parallel(n_jobs=n_jobs)``, so the engine is joblib's current
    backend: this process by default, or a Dask cluster inside
    ``joblib.parallel_config(backend="dask")`` with a ``distributed.Client``
    open (the estimator, its arguments and the rows are pickled to the workers).

    Parameters
    ----------
    estimator : callable
        An estimator with a ``rng=`` keyword whose estimate :func:`merge_estimates` merges:
        :func:`mdm_lib.cross_entropy_sums`, :func:`mdm_lib.estimate_info_curve`,
        :func:`mdm_lib.estimate_schedule_kl`.
    samples : array_like, shape (N, n)
        The rows.
    *args
        The estimator's other positional arguments (e.g. the oracle).
    shards : int
        Number of shards, ``1 <= shards <= N``.
    seed : int or None
        The root of the shards' seeds (``>= 0``); None draws fresh entropy (not reproducible).
    n_jobs : int, optional
        joblib's ``n_jobs`` (None: the backend's default).
    **kwargs
        The estimator's other keyword arguments (e.g. ``base=``).

    Returns
    -------
    RecordSums, InfoCurveEstimate or KLEstimate
        The merged estimate.

    Raises
    ------
    ImportError
        If joblib is not installed.
    TypeError
        If ``shards`` or ``seed`` is not an integer, or the estimate cannot be merged.
    ValueError
        If ``shards`` is out of range, ``seed`` is negative, or the samples are not a 2-d array of
        symbols; the estimator's own errors pass through.

    Examples
    --------
    >>> from mdm_lib import ProductMixture, cross_entropy_sums
    >>> mix = ProductMixture([0.5, 0.5], [[[0.9, 0.1]] * 4, [[0.2, 0.8]] * 4])
    >>> samples = mix.sample(40, rng=0)
    >>> sums = run_in_shards(cross_entropy_sums, samples, mix, shards=4, seed=1)
    >>> int(sums.records.sum())
    40
    """
    import joblib  # type: ignore[import-untyped]

    rows = as_samples(samples)
    shards = as_int(shards, "shards", low=1, high=rows.shape[0])
    if seed is not None:
        seed = as_int(seed, "seed", low=0)
    children = np.random.SeedSequence(seed).spawn(shards)
    parts = np.array_split(np.arange(rows.shape[0]), shards)
    tasks = (
        joblib.delayed(_run_shard)(estimator, rows[part], args, kwargs, child)
        for part, child in zip(parts, children, strict=True)
    )
    return merge_estimates(joblib.Parallel(n_jobs=n_jobs)(tasks))
