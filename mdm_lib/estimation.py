"""Information curves estimated from data: from samples and a conditional oracle, or from losses.

The paper notes (footnote 2, p. 3) that with polynomially many held-out samples
from μ each ``Z_j`` can be estimated to sufficient precision, after which the
optimal schedule follows (:func:`mdm_lib.plan_schedule`). This module makes the
estimation concrete, from samples and a model's conditional marginals:

* a **conditional oracle** is any callable ``oracle(x, revealed)`` taking a
  batch of sequences ``x`` (ints, shape ``(b, n)``, masked entries set to 0)
  and a boolean mask ``revealed`` of the same shape, and returning the
  probabilities of every symbol at every position given the revealed ones,
  shape ``(b, n, q)`` (or ``(b, n)`` for a binary alphabet: the probability of
  symbol 1). Entries at revealed positions are ignored. Any framework's model
  can be wrapped in one, and :class:`mdm_lib.ProductMixture` is one;
* :func:`estimate_info_curve` estimates ``Z``, TC and DTC from samples and an
  oracle, with standard errors;
* :func:`cross_entropy_table` measures the loss table a practitioner can
  compute for their own model, and :func:`curve_from_losses` turns such a table
  into a curve;
* :func:`estimate_product_mixture_info_curve` estimates the curve of a mixture
  of product laws at any n from its exact conditionals.

The errors of schedules measured by sampling are in :mod:`mdm_lib.sampled_kl`.
Monte Carlo estimators take ``rng=None | int | Generator`` (SPEC 7), work in
batches of oracle rows, and show a progress bar on a terminal (``progress=False``
turns it off; it is always off when standard error is not a terminal).
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
from numpy.typing import ArrayLike

from ._batched_oracle import (
    DEFAULT_BATCH_ROWS,
    Oracle,
    mean_and_error,
    normal_interval,
    oracle_batches,
    random_ranks,
)
from ._probability import LOG_FLOOR, inverse_cdf
from ._validate import (
    MAX_TABLE_ENTRIES,
    as_curve,
    as_generator,
    as_int,
    as_product_mixture,
    as_samples,
    as_sizes,
    check_limit,
    log_base,
)
from .kl import expected_kl_coefficients
from .sampled_kl import KLEstimate

__all__ = [
    "InfoCurveEstimate",
    "LossTable",
    "Oracle",
    "cross_entropy_table",
    "curve_from_losses",
    "estimate_info_curve",
    "estimate_product_mixture_info_curve",
]


def _entropies(probs: np.ndarray) -> np.ndarray:
    """Entropy (nats) over the last axis."""
    return -np.where(probs > 0, probs * np.log(np.maximum(probs, LOG_FLOOR)), 0.0).sum(axis=-1)


class InfoCurveEstimate(NamedTuple):
    """A Monte Carlo information curve with standard errors, TC and DTC, and the per-sample terms.

    All values are in units of the ``base`` of :func:`estimate_info_curve` (bits by default).

    Attributes
    ----------
    Z : numpy.ndarray, shape (n,)
        The estimated curve ``Z_1, ..., Z_n``; ``Z_1 = 0`` exactly. Not necessarily monotone (see
        :func:`plan_schedule`).
    standard_error : numpy.ndarray, shape (n,)
        Standard error of each ``Z_j`` on its own (0 for ``Z_1``).
    tc : float
        Estimated total correlation, ``sum_j Z_j``.
    tc_standard_error : float
        Its standard error, from the per-sample sums (so including the correlations between positions).
    dtc : float
        Estimated dual total correlation, ``H(X) - sum_i H(X_i | X_-i)``, from its own per-sample terms.
    dtc_standard_error : float
        Its standard error.
    terms : numpy.ndarray, shape (N, n)
        Per-sample estimates of the curve; ``Z`` is their mean over the N samples.

    Raises
    ------
    TypeError
        If a field is missing; the fields are not validated (:func:`estimate_info_curve` computes them).
    """

    Z: np.ndarray
    """The estimated curve, shape (n,)."""
    standard_error: np.ndarray
    """Standard error of each ``Z_j``, shape (n,)."""
    tc: float
    """Estimated total correlation."""
    tc_standard_error: float
    """Standard error of ``tc``."""
    dtc: float
    """Estimated dual total correlation."""
    dtc_standard_error: float
    """Standard error of ``dtc``."""
    terms: np.ndarray
    """Per-sample estimates of the curve, shape (N, n); ``Z`` is their mean."""

    def predicted_kl(self, sizes: ArrayLike) -> KLEstimate:
        """Theorem 4's prediction ``expected_kl(Z, sizes)`` with its Monte Carlo standard error.

        The prediction is linear in ``Z``, so its error comes from the
        per-sample terms, including the correlations between positions
        that the per-j standard errors leave out.

        Examples
        --------
        >>> from mdm_lib import ProductMixture
        >>> mix = ProductMixture([0.5, 0.5], [[[1, 0]] * 4, [[0, 1]] * 4])
        >>> est = estimate_info_curve(mix.sample(8, rng=1), mix, rng=2)
        >>> est.predicted_kl([2, 2]).mean
        1.0
        """
        n = self.Z.size
        return KLEstimate(*normal_interval(self.terms @ expected_kl_coefficients(as_sizes(sizes, n), n), 1.0))


def estimate_info_curve(
    samples: ArrayLike,
    oracle: Oracle,
    *,
    batch_rows: int = DEFAULT_BATCH_ROWS,
    rng: int | np.random.Generator | None = None,
    progress: bool = True,
    base: float = 2,
) -> InfoCurveEstimate:
    """Monte Carlo estimate of the information curve, TC and DTC from samples and an oracle.

    For each sample ``x`` a uniform reveal order is drawn; ``S_j`` is the set of
    its first ``j - 1`` positions. One oracle call on ``S_j`` gives the
    conditional law of every still-masked position, and
    ``Z_j = E[H(X_i) - H(X_i | X_S)]`` (Definition 3, ``i`` the next position,
    uniform among the masked ones) is estimated by the mean over the masked
    positions of ``h(p_i) - h(p(. | x_S))``, with ``h`` the entropy of the law
    the oracle returns and ``p_i`` its marginal (nothing revealed). Averaging
    over positions and using the entropy of the predicted law rather than the
    log-probability of the observed symbol give the same mean and a far smaller
    variance.

    TC and DTC get their own per-sample estimates, with standard errors that
    include the correlations between positions. ``TC = sum_j Z_j`` is the sum
    of a sample's terms. DTC is *not* read off the curve as
    ``n Z_n - sum_j Z_j``, which would carry n times the noise of ``Z_n``:
    ``DTC = H(X) - sum_i H(X_i | X_-i)``, with ``H(X)`` the sum over the order
    of the mean entropies of the masked positions and ``H(X_i | X_-i)`` from n
    leave-one-out oracle rows, each entropy of a predicted law rather than a
    log-probability. Each sample costs ``2 n`` oracle rows.

    With the law's exact conditionals this is an unbiased estimate of its
    curve. With a learned oracle it is the curve the *model* believes in, on the
    data's contexts; compare :func:`cross_entropy_table`, which scores the model
    against the data.

    Parameters
    ----------
    samples : array_like, shape (N, n)
        Sequences drawn from the law, ``N >= 2``.
    oracle : callable
        ``oracle(x, revealed) -> probabilities``, see the module notes.
    batch_rows : int, default 8192
        Oracle rows per call (rounded down to whole samples, at least one sample).
    rng : None, int or numpy.random.Generator
        Draws the reveal orders (SPEC 7).
    progress : bool, default True
        Show a progress bar (only when standard error is a terminal).
    base : float, default 2
        Logarithm base of the results (2: bits).

    Returns
    -------
    InfoCurveEstimate
        ``Z`` and its per-j standard errors, ``tc``, ``dtc`` and their standard
        errors, and the per-sample terms.

    Raises
    ------
    ValueError
        If the samples are not a 2-d array of symbols with at least 2 rows, or
        the oracle returns the wrong shape or values that are not probabilities.

    Examples
    --------
    >>> from mdm_lib import ProductMixture
    >>> # a repeated fair bit
    >>> mix = ProductMixture([0.5, 0.5], [[[1, 0]] * 4, [[0, 1]] * 4])
    >>> est = estimate_info_curve(mix.sample(50, rng=1), mix, rng=2)
    >>> (np.round(est.Z, 9).tolist(), round(est.tc, 9), round(est.dtc, 9),
    ...  est.dtc_standard_error)
    ([0.0, 1.0, 1.0, 1.0], 3.0, 1.0, 0.0)
    """
    x = as_samples(samples, low=2)
    num, n = x.shape
    gen = as_generator(rng)
    scale = log_base(base)
    steps = np.arange(n)
    z_terms = np.empty((num, n))
    dtc_terms = np.empty(num)

    def masks(_: slice, chunk: np.ndarray) -> np.ndarray:
        rank = random_ranks(gen, chunk.shape[0], n)
        prefixes = rank[:, None, :] < steps[None, :, None]  # row j: the first j positions of the order
        leave_one_out = np.broadcast_to(~np.eye(n, dtype=bool), (chunk.shape[0], n, n))
        return np.concatenate([prefixes, leave_one_out], axis=1)

    for chunk, revealed, _, probs in oracle_batches(x, oracle, masks, 2 * n, batch_rows, progress, "curve"):
        entropy = _entropies(probs)  # (c, 2n, n)
        masked = ~revealed[:, :n]
        counts = masked.sum(axis=2)
        conditional = np.where(masked, entropy[:, :n], 0.0).sum(axis=2) / counts  # mean h(p(. | x_S_j))
        marginal = np.where(masked, entropy[:, :1], 0.0).sum(axis=2) / counts  # mean h(p_i), same positions
        z_terms[chunk] = marginal - conditional
        dtc_terms[chunk] = conditional.sum(axis=1) - np.diagonal(entropy[:, n:], axis1=1, axis2=2).sum(axis=1)
    Z, Z_se = mean_and_error(z_terms, scale)
    tc, tc_se = mean_and_error(z_terms.sum(axis=1), scale)
    dtc, dtc_se = mean_and_error(dtc_terms, scale)
    return InfoCurveEstimate(Z, Z_se, float(tc), float(tc_se), float(dtc), float(dtc_se), z_terms / scale)


def estimate_product_mixture_info_curve(
    weights: ArrayLike,
    marginals: ArrayLike,
    num_samples: int,
    *,
    rng: int | np.random.Generator | None = None,
    base: float = 2,
) -> InfoCurveEstimate:
    """Unbiased Monte Carlo estimate of the curve of a mixture of product laws, at any n.

    Each sample draws ``x`` from the mixture and a uniform order ``σ`` of the
    positions, and records, for every j, the pointwise mutual information
    ``log p(x_i | x_S) - log p(x_i)`` with ``S = {σ_1..σ_{j-1}}``, ``i = σ_j``:
    its mean is ``Z_j`` (Def 3). The conditionals are exact: the posterior
    over components is updated one position at a time.

    TC and DTC are *not* estimated from the curve (``n Z_n`` would carry n times
    its noise) but from exact identities for a mixture with component ``C``:
    ``H(X) = H(X | C) + I(X; C)``, so
    ``TC = sum_i H(X_i) - H(X | C) - I(X; C)`` and
    ``DTC = sum_i [H(X_i | C) - E H(X_i | X_-i)] + I(X; C)``, where
    ``I(X; C) = H(C) - E H(C | X)``, ``E H(X_i | X_-i)`` and (for a lower
    variance) ``H(X_i | C) = E sum_c P(c | X) H(X_i | C = c)`` are averaged over samples.
    Cost ``O(num_samples · n · m · q)``.

    Parameters
    ----------
    weights, marginals
        As in :func:`mdm_lib.product_mixture_law`.
    num_samples : int
        Number of independent samples (``>= 2``); ``num_samples * n * max(m, q)``
        at most ``MAX_TABLE_ENTRIES``.
    rng : None, int or numpy.random.Generator, optional
        Seed or generator (SPEC 7).
    base : float, default 2
        Logarithm base.

    Returns
    -------
    InfoCurveEstimate
        ``terms`` holds each sample's pointwise mutual informations, whose mean is ``Z``.

    Raises
    ------
    ValueError
        If the mixture is invalid, ``num_samples < 2``, or the arrays would
        exceed the limit (raised before allocating).
    TypeError
        If an argument has the wrong type.

    Examples
    --------
    >>> est = estimate_product_mixture_info_curve(
    ...     [0.5, 0.5], [[[1, 0]] * 4, [[0, 1]] * 4], 10, rng=np.random.default_rng(0))
    >>> est.Z.tolist(), est.standard_error.tolist(), round(est.tc, 9), round(est.dtc, 9)
    ([0.0, 1.0, 1.0, 1.0], [0.0, 0.0, 0.0, 0.0], 3.0, 1.0)
    """
    w, m = as_product_mixture(weights, marginals)
    num_samples = as_int(num_samples, "num_samples", low=2)
    components, n, q = m.shape
    check_limit(num_samples * n * max(components, q), MAX_TABLE_ENTRIES, "num_samples * n * max(m, q)")
    rng = as_generator(rng)
    scale = log_base(base)
    with np.errstate(divide="ignore"):
        log_m = np.log(m)  # (components, n, q)
        log_w = np.log(w)
    labels = rng.choice(components, size=num_samples, p=w)
    x = inverse_cdf(m[labels], rng.random((num_samples, n)))
    order = rng.permuted(np.tile(np.arange(n), (num_samples, 1)), axis=1)
    rows = np.arange(num_samples)

    posterior = np.broadcast_to(log_w, (num_samples, components)).copy()  # log P(C | x_S)
    pmi = np.empty((num_samples, n))
    for t in range(n):
        i = order[:, t]
        loglik = log_m[:, i, x[rows, i]].T  # (samples, components): log m_c,i(x_i)
        pmi[:, t] = _logsumexp(posterior + loglik, axis=1) - _logsumexp(log_w + loglik, axis=1)
        posterior += loglik
        posterior -= _logsumexp(posterior, axis=1, keepdims=True)
    # posterior is now log P(C | x): I(X; C) = H(C) - E H(C | X), sample by sample.
    information_c = _entropy_of_logs(np.log(w)[None, :]) - _entropy_of_logs(posterior)
    leave_one_out = _leave_one_out_entropy_sums(x, posterior, log_m)  # sum_i H(X_i | x_-i)
    mixture_marginals = np.tensordot(w, m, axes=1)  # (n, q)
    sum_h_marginals = float(_entropy_of_logs(np.log(mixture_marginals)).sum())
    h_given_c = _entropy_of_logs(log_m).sum(axis=1)  # sum_i H(X_i | C = c)
    # E_x sum_c P(c | x) h_c = sum_c w_c h_c: the per-sample form follows the sample's component.
    sum_h_given_c = np.exp(posterior) @ h_given_c
    tc_samples = sum_h_marginals - float(w @ h_given_c) - information_c
    dtc_samples = sum_h_given_c - leave_one_out + information_c

    Z, Z_se = mean_and_error(pmi, scale)
    tc, tc_se = mean_and_error(tc_samples, scale)
    dtc, dtc_se = mean_and_error(dtc_samples, scale)
    return InfoCurveEstimate(Z, Z_se, float(tc), float(tc_se), float(dtc), float(dtc_se), pmi / scale)


def _logsumexp(a: np.ndarray, axis: int, keepdims: bool = False) -> np.ndarray:
    """``log sum exp`` along ``axis`` (scipy's is slow on small arrays); all ``-inf`` gives ``-inf``."""
    top = np.max(a, axis=axis, keepdims=True)
    top = np.where(np.isfinite(top), top, 0.0)
    with np.errstate(divide="ignore"):
        out = np.log(np.exp(a - top).sum(axis=axis, keepdims=True)) + top
    return out if keepdims else np.squeeze(out, axis=axis)


def _entropy_of_logs(log_p: np.ndarray) -> np.ndarray:
    """Entropy (nats) over the last axis of laws given by their logs (``-inf`` for 0)."""
    p = np.exp(log_p)
    return -np.where(p > 0, p * np.where(p > 0, log_p, 0.0), 0.0).sum(axis=-1)


def _leave_one_out_entropy_sums(x: np.ndarray, posterior: np.ndarray, log_m: np.ndarray) -> np.ndarray:
    """``sum_i H(X_i | X_-i = x_-i)`` (nats) for each sample, in chunks of positions."""
    samples, n = x.shape
    rows = np.arange(samples)[:, None]
    total = np.zeros(samples)
    chunk = max(1, (1 << 22) // (samples * log_m.shape[0] * log_m.shape[2]))
    for start in range(0, n, chunk):
        i = np.arange(start, min(n, start + chunk))
        loglik = log_m[:, i[None, :], x[rows, i[None, :]]]  # (components, samples, chunk)
        with np.errstate(invalid="ignore"):  # -inf - -inf for impossible components
            drop = posterior.T[:, :, None] - loglik
        drop = np.where(np.isfinite(loglik), drop, -np.inf)
        drop -= _logsumexp(drop, axis=0, keepdims=True)  # log P(C | x_-i)
        # log P(X_i = a | x_-i) = logsumexp_c [log P(c | x_-i) + log m_c,i(a)]
        conditional = _logsumexp(drop[..., None] + log_m[:, None, i, :], axis=0)  # (samples, chunk, q)
        total += _entropy_of_logs(conditional).sum(axis=1)
    return total


class LossTable(NamedTuple):
    """Mean cross-entropy of masked tokens against the number of revealed tokens.

    Attributes
    ----------
    revealed : numpy.ndarray of int, shape (n,)
        Numbers of revealed tokens, ``0, ..., n - 1``.
    cross_entropy : numpy.ndarray, shape (n,)
        ``cross_entropy[r]``: mean cross-entropy ``-log p(x_i | x_S)`` per masked token with ``|S| = r``
        uniformly random revealed tokens, in units of ``base`` (bits by default).
    standard_error : numpy.ndarray, shape (n,)
        Standard error of each entry, over the N sequences.

    Raises
    ------
    TypeError
        If a field is missing; the fields are not validated (:func:`cross_entropy_table` computes them).
    """

    revealed: np.ndarray
    """Numbers of revealed tokens, ``0, ..., n - 1``."""
    cross_entropy: np.ndarray
    """Mean cross-entropy per masked token, in units of ``base``."""
    standard_error: np.ndarray
    """Standard error of each entry."""


def cross_entropy_table(
    samples: ArrayLike,
    oracle: Oracle,
    *,
    batch_rows: int = DEFAULT_BATCH_ROWS,
    rng: int | np.random.Generator | None = None,
    progress: bool = True,
    base: float = 2,
) -> LossTable:
    """The loss table a practitioner measures: cross-entropy against the number revealed.

    For every sample and every count ``r = 0, ..., n - 1``, one oracle call on
    a uniformly random set of ``r`` revealed positions gives the mean of
    ``-log p(x_i | x_S)`` over the masked positions (one forward pass per
    (sequence, count)). Feed the result to :func:`curve_from_losses`.

    Parameters
    ----------
    samples : array_like, shape (N, n)
        Held-out sequences from the data, ``N >= 2``.
    oracle : callable
        The model's conditional marginals (see the module notes).
    batch_rows, rng, progress, base
        As in :func:`estimate_info_curve`.

    Returns
    -------
    LossTable
        The counts ``0, ..., n - 1``, the mean cross-entropy per masked token at each count (units of
        ``base``) and its standard errors.

    Raises
    ------
    TypeError
        If ``samples`` is not numeric, ``batch_rows`` is not an integer, ``base`` is not a real number,
        or ``rng`` is not None, an int or a Generator.
    ValueError
        If the samples are not a 2-d array of non-negative whole numbers with at least 2 rows,
        ``batch_rows < 1``, ``base`` is not > 0 and different from 1, ``rng`` is a negative seed, or
        the oracle returns the wrong shape or values that are not probabilities.

    Examples
    --------
    >>> from mdm_lib import ProductMixture
    >>> mix = ProductMixture([0.5, 0.5], [[[1, 0]] * 3, [[0, 1]] * 3])
    >>> table = cross_entropy_table(mix.sample(20, rng=0), mix, rng=1)
    >>> table.revealed.tolist(), np.round(table.cross_entropy, 9).tolist()
    ([0, 1, 2], [1.0, 0.0, 0.0])
    """
    x = as_samples(samples, low=2)
    num, n = x.shape
    gen = as_generator(rng)
    scale = log_base(base)
    counts = np.arange(n)
    losses = np.empty((num, n))

    def masks(_: slice, chunk: np.ndarray) -> np.ndarray:
        rank = np.stack([random_ranks(gen, n, n) for _ in range(chunk.shape[0])])  # a fresh set per count
        return rank < counts[None, :, None]

    for chunk, revealed, log_p, _ in oracle_batches(x, oracle, masks, n, batch_rows, progress, "losses"):
        masked = ~revealed
        losses[chunk] = -np.where(masked, log_p, 0.0).sum(axis=2) / masked.sum(axis=2)
    mean, se = mean_and_error(losses, scale)
    return LossTable(counts, mean, se)


def curve_from_losses(revealed: ArrayLike, cross_entropy: ArrayLike) -> np.ndarray:
    """The information curve from a loss table: ``Z_j = CE(0) - CE(j - 1)``.

    ``CE(r)`` is the mean cross-entropy of a masked token when ``r`` uniformly
    random tokens are revealed. For the true conditionals it equals the mean of
    ``H(X_i | X_S)`` with ``|S| = r``, and the drop from ``CE(0)`` is exactly
    ``Z_{r+1}`` (Definition 3). The curve is in the units of the losses.

    An imperfect model gives a *lower* estimate of the drop: its cross-entropy
    is the true conditional entropy plus its KL from the true conditional,
    ``CE(r) = E H(X_i | X_S) + E KL(μ(.|x_S) || model(.|x_S))``. The excess is
    near 0 with nothing revealed (the marginals are easy to learn) and grows
    with the context the model must use, so ``CE(0) - CE(j - 1)`` falls short
    of ``Z_j`` by about the model's conditional error at ``j - 1`` revealed
    tokens. The curve, its TC and the predicted errors are then too low.

    Parameters
    ----------
    revealed : array_like of int, shape (n,)
        The counts ``0, 1, ..., n - 1``, each once, in any order.
    cross_entropy : array_like, shape (n,)
        Mean cross-entropy per masked token at each count (finite).

    Returns
    -------
    numpy.ndarray, shape (n,)
        ``Z_1, ..., Z_n`` (``Z_1 = 0``); not necessarily monotone, see
        :func:`plan_schedule`.

    Raises
    ------
    ValueError
        If the counts are not exactly ``0, ..., n - 1`` or a loss is not finite.

    Examples
    --------
    >>> curve_from_losses([0, 1, 2], [0.9, 0.7, 0.6]).round(12).tolist()
    [0.0, 0.2, 0.3]
    """
    counts = as_curve(revealed, "revealed")
    losses = as_curve(cross_entropy, "cross_entropy")
    if counts.shape != losses.shape:
        raise ValueError(
            f"revealed and cross_entropy must have the same length, got {counts.size} and {losses.size}"
        )
    order = np.argsort(counts, kind="stable")
    if not np.array_equal(counts[order], np.arange(counts.size)):
        raise ValueError(f"revealed must hold each count 0, 1, ..., n - 1 exactly once (n = {counts.size})")
    losses = losses[order]
    return losses[0] - losses
