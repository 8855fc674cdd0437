"""The error of a schedule measured by sampling: Monte Carlo estimates of ``E_S KL(μ || ν^S)``.

Theorem 4 gives the exact expected KL error from the information curve
(:func:`mdm_lib.expected_kl`), and :mod:`mdm_lib.sampler` checks it by exact
enumeration on small tables. The estimators here measure it directly, by running
the sampler's likelihood on samples of the law with a conditional oracle (see
:mod:`mdm_lib.estimation`), so they reach laws far beyond enumeration:

* :func:`estimate_schedule_kl`: ``E_S KL(μ || ν^S)`` with a 95 % interval (with
  the law's exact conditionals, Theorem 4 says it equals the formula);
* :func:`schedule_kl_split`: the error of a sampler that uses a *learned* oracle,
  split into the schedule's error and the model's own error (Lemma 35).

Each returns :class:`KLEstimate` records; the exact enumeration of Lemma 35 on
small tables is :func:`mdm_lib.learned_oracle_kl`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import NamedTuple

import numpy as np
from numpy.typing import ArrayLike

from ._batched_oracle import (
    DEFAULT_BATCH_ROWS,
    Oracle,
    normal_interval,
    oracle_batches,
    random_ranks,
)
from ._validate import as_generator, as_samples, as_sizes, log_base

__all__ = ["KLEstimate", "KLSplit", "estimate_schedule_kl", "schedule_kl_split"]


class KLEstimate(NamedTuple):
    """A Monte Carlo estimate with its standard error and a normal 95% interval.

    Attributes
    ----------
    mean : float
        The mean of the per-sample values, in the units of the estimator (``base``; bits by default).
    standard_error : float
        Their sample standard deviation (``ddof=1``) over ``sqrt(num_samples)``; same units.
    low : float
        ``mean - 1.96 standard_error``, the lower end of the normal 95% interval.
    high : float
        ``mean + 1.96 standard_error``, the upper end.
    num_samples : int
        Number of independent per-sample values averaged: one per sample sequence N.

    Raises
    ------
    TypeError
        If a field is missing; the fields are not validated (the estimators compute them).
    """

    mean: float
    """Mean of the per-sample values."""
    standard_error: float
    """Standard error of the mean."""
    low: float
    """Lower end of the normal 95% interval."""
    high: float
    """Upper end of the normal 95% interval."""
    num_samples: int
    """Number of per-sample values."""


def _estimate(values: np.ndarray, scale: float) -> KLEstimate:
    """The :class:`KLEstimate` of per-sample values, in units of ``log(base) = scale``."""
    return KLEstimate(*normal_interval(values, scale))


def _schedule_log_likelihoods(
    x: np.ndarray,
    oracles: Sequence[Oracle],
    sizes: ArrayLike,
    batch_rows: int,
    rng: int | np.random.Generator | None,
    progress: bool,
) -> np.ndarray:
    """``log ν^S(x)`` (nats) under each oracle, one random partition S per sample shared by all.

    Shape (N, oracles).

    Step t reveals the positions of ranks ``starts[t] <= rank < starts[t + 1]``
    of a uniform order, each drawn from the oracle's conditional given the
    earlier steps: one oracle row per step.
    """
    num, n = x.shape
    steps = as_sizes(sizes, n)
    steps = steps[steps > 0]
    starts = np.concatenate([[0], np.cumsum(steps)])
    ranks = random_ranks(as_generator(rng), num, n)
    out = np.empty((num, len(oracles)))

    def masks(chunk: slice, _: np.ndarray) -> np.ndarray:
        return ranks[chunk][:, None, :] < starts[None, :-1, None]  # row t: the steps before t

    for which, oracle in enumerate(oracles):
        for chunk, _, log_p, _ in oracle_batches(x, oracle, masks, steps.size, batch_rows, progress, "KL"):
            rank = ranks[chunk][:, None, :]
            block = (rank >= starts[None, :-1, None]) & (rank < starts[None, 1:, None])
            out[chunk, which] = np.where(block, log_p, 0.0).sum(axis=(1, 2))
    return out


def _check_log_prob(log_prob: Callable[[np.ndarray], np.ndarray], x: np.ndarray) -> np.ndarray:
    values = np.asarray(log_prob(x), dtype=np.float64)
    if values.shape != (x.shape[0],) or not np.isfinite(values).all():
        raise ValueError(f"log_prob must return one finite log-probability per sample, shape ({x.shape[0]},)")
    return values


def estimate_schedule_kl(
    samples: ArrayLike,
    log_prob: Callable[[np.ndarray], np.ndarray],
    oracle: Oracle,
    sizes: ArrayLike,
    *,
    batch_rows: int = DEFAULT_BATCH_ROWS,
    rng: int | np.random.Generator | None = None,
    progress: bool = True,
    base: float = 2,
) -> KLEstimate:
    """Monte Carlo estimate of ``E_S KL(μ || ν^S)`` for a schedule, with a 95% interval.

    ``ν^S`` is the masked diffusion sampler of Definition 1: a uniformly random
    ordered partition ``S = (S_1, ..., S_k)`` with ``|S_t| = sizes[t]``, and at
    step t the positions of ``S_t`` drawn independently from the oracle's
    conditionals given the earlier steps. For each sample ``x ~ μ`` a fresh
    partition is drawn and the log-likelihood ratio
    ``log μ(x) - sum_t sum_{i in S_t} log p(x_i | x_{S_1 ∪ ... ∪ S_{t-1}})``
    is recorded; its mean over ``(x, S)`` is ``E_S KL(μ || ν^S)``. With the
    law's exact conditionals as the oracle, Theorem 4 says this equals
    ``expected_kl(Z(μ), sizes)``. Each sample costs ``k`` oracle rows.

    Parameters
    ----------
    samples : array_like, shape (N, n)
        Sequences drawn from μ, ``N >= 2``.
    log_prob : callable
        ``log_prob(x) -> log μ(x)`` (natural log), shape (b,), exact.
    oracle : callable
        The sampler's conditional marginals (see :mod:`mdm_lib.estimation`).
    sizes : sequence of int
        The schedule (non-negative, summing to n).
    batch_rows, rng, progress, base
        As in :func:`estimate_info_curve`.

    Returns
    -------
    KLEstimate

    Raises
    ------
    ValueError
        If the sizes do not sum to n, or ``log_prob`` or the oracle return bad values.

    Examples
    --------
    >>> from mdm_lib import ProductMixture
    >>> mix = ProductMixture([0.5, 0.5], [[[1, 0]] * 4, [[0, 1]] * 4])
    >>> est = estimate_schedule_kl(mix.sample(40, rng=0), mix.log_prob, mix, [2, 2], rng=1)
    >>> # one bit lost: the first step reveals two positions
    >>> round(est.mean, 9), est.standard_error
    (1.0, 0.0)
    """
    x = as_samples(samples, low=2)
    scale = log_base(base)
    log_nu = _schedule_log_likelihoods(x, [oracle], sizes, batch_rows, rng, progress)[:, 0]
    return _estimate(_check_log_prob(log_prob, x) - log_nu, scale)


class KLSplit(NamedTuple):
    """Lemma 35: a learned oracle's error, split into the schedule's and the model's.

    The three estimates use the same samples and partitions, so ``total.mean = schedule.mean +
    model.mean`` up to rounding, and each has its own (paired) standard error.

    Attributes
    ----------
    total : KLEstimate
        ``E_S KL(μ || ν̂^S)``: the sampler that uses the learned oracle.
    schedule : KLEstimate
        ``E_S KL(μ || ν^S)``: the same schedule with the true conditionals.
    model : KLEstimate
        ``total - schedule``: the learned conditionals' own error (Lemma 35), ``>= 0`` in expectation.

    Raises
    ------
    TypeError
        If a field is missing; the fields are not validated (:func:`schedule_kl_split` computes them).
    """

    total: KLEstimate
    """``E_S KL(μ || ν̂^S)``: the sampler that uses the learned oracle."""
    schedule: KLEstimate
    """``E_S KL(μ || ν^S)``: the same schedule with the true conditionals."""
    model: KLEstimate
    """``total - schedule``: the learned conditionals' own error (Lemma 35), ``>= 0`` in expectation."""


def schedule_kl_split(
    samples: ArrayLike,
    log_prob: Callable[[np.ndarray], np.ndarray],
    true_oracle: Oracle,
    model_oracle: Oracle,
    sizes: ArrayLike,
    *,
    batch_rows: int = DEFAULT_BATCH_ROWS,
    rng: int | np.random.Generator | None = None,
    progress: bool = True,
    base: float = 2,
) -> KLSplit:
    """Split the error of a sampler with a learned oracle (Lemma 35), by Monte Carlo.

    ``KL(μ || ν̂^S) = KL(μ || ν^S) + error``, where ``ν̂^S`` samples with the
    model's conditionals and ``error = E_x sum_t sum_{i in S_t}
    log μ(x_i | x_{T_t}) / model(x_i | x_{T_t})`` (``T_t`` the earlier steps).
    The three terms are estimated on the *same* samples and partitions, so the
    difference has its own, paired, standard error.

    Parameters
    ----------
    samples, log_prob, sizes, batch_rows, rng, progress, base
        As in :func:`estimate_schedule_kl`.
    true_oracle : callable
        The law's exact conditional marginals.
    model_oracle : callable
        The learned model's conditional marginals.

    Returns
    -------
    KLSplit
        The total error, the schedule's error and the model's error, each a :class:`KLEstimate` in
        units of ``base``.

    Raises
    ------
    TypeError
        If ``samples`` is not numeric, ``sizes`` is not a sequence of integers, ``batch_rows`` is not an
        integer, ``base`` is not a real number, or ``rng`` is not None, an int or a Generator.
    ValueError
        If the samples are not a 2-d array of non-negative whole numbers with at least 2 rows, the sizes
        are negative or do not sum to n, ``batch_rows < 1``, ``base`` is not > 0 and different from 1,
        ``rng`` is a negative seed, ``log_prob`` does not return one finite value per sample, or an
        oracle returns the wrong shape or values that are not probabilities.

    Examples
    --------
    >>> from mdm_lib import ProductMixture
    >>> mix = ProductMixture([0.5, 0.5], [[[0.9, 0.1]] * 3, [[0.2, 0.8]] * 3])
    >>> samples = mix.sample(200, rng=0)
    >>> split = schedule_kl_split(samples, mix.log_prob, mix, mix, [1, 2], rng=1)
    >>> split.model.mean, split.total.mean == split.schedule.mean
    (0.0, True)
    """
    x = as_samples(samples, low=2)
    scale = log_base(base)
    log_nu = _schedule_log_likelihoods(x, [true_oracle, model_oracle], sizes, batch_rows, rng, progress)
    log_mu = _check_log_prob(log_prob, x)
    return KLSplit(
        total=_estimate(log_mu - log_nu[:, 1], scale),
        schedule=_estimate(log_mu - log_nu[:, 0], scale),
        model=_estimate(log_nu[:, 0] - log_nu[:, 1], scale),
    )
