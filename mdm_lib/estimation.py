"""From data and models to a schedule: estimated information curves, and plans made with them.

The paper (p. 4) notes that a practitioner can estimate the information curve
``Z(μ)`` from a model's conditional marginals and then compute the optimal
schedule. This module makes that path concrete:

* a **conditional oracle** is any callable ``oracle(x, revealed)`` taking a
  batch of sequences ``x`` (ints, shape ``(b, n)``, masked entries set to 0)
  and a boolean mask ``revealed`` of the same shape, and returning the
  probabilities of every symbol at every position given the revealed ones,
  shape ``(b, n, q)`` (or ``(b, n)`` for a binary alphabet: the probability of
  symbol 1). Entries at revealed positions are ignored. Any framework's model
  can be wrapped in one;
* :func:`estimate_info_curve` estimates ``Z``, TC and DTC from samples and an
  oracle, with standard errors; :func:`cross_entropy_table` measures the loss
  table a practitioner can compute for their own model, and
  :func:`curve_from_losses` turns such a table into a curve;
* :func:`plan_schedule` projects an estimated curve onto monotone curves,
  reports how far that moved it, and returns the optimal schedule together with
  the errors of the released rules at the same number of steps;
* :class:`ProductMixture` (a law with exact log-likelihood and conditionals,
  usable as an oracle) and :func:`fit_product_mixture` (EM) give laws fitted to
  real data whose truth is known;
* :func:`estimate_schedule_kl` measures ``E_S KL(μ || ν^S)`` directly by Monte
  Carlo (to check Theorem 4 far beyond enumeration), and
  :func:`schedule_kl_split` splits the error of a sampler that uses a learned
  oracle into the schedule's error and the model's own error (Lemma 35).

Monte Carlo estimators take ``rng=None | int | Generator`` (SPEC 7), work in
batches of oracle rows, and show a progress bar on a terminal (``progress=False``
turns it off; it is always off when standard error is not a terminal).
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, NamedTuple

import numpy as np
from numpy.typing import ArrayLike
from scipy.special import logsumexp

from ._validate import (
    MAX_TABLE_ENTRIES,
    as_curve,
    as_float_array,
    as_generator,
    as_int,
    as_sizes,
    check_limit,
    log_base,
)
from .curves import monotone_projection
from .laws import _check_product_mixture
from .sampler import _inverse_cdf
from .schedules.optimal import min_steps_for_error, optimal_schedule
from .schedules.released import released_rule_errors
from .schedules.schedule import Schedule

__all__ = [
    "InfoCurveEstimate",
    "estimate_product_mixture_info_curve",
    "KLEstimate",
    "KLSplit",
    "LossTable",
    "Oracle",
    "Plan",
    "ProductMixture",
    "ProductMixtureFit",
    "cross_entropy_table",
    "curve_from_losses",
    "estimate_info_curve",
    "estimate_schedule_kl",
    "fit_product_mixture",
    "plan_schedule",
    "schedule_kl_split",
]

#: A conditional-marginal oracle: ``(x, revealed) -> probabilities`` (see the module notes).
Oracle = Callable[[np.ndarray, np.ndarray], np.ndarray]

#: Default number of oracle rows (sequence, mask) per call.
DEFAULT_BATCH_ROWS = 8192

_TINY = 1e-300  # floor for probabilities inside logs: log(_TINY) ≈ -690.8 nats


# --------------------------------------------------------------------------------------
# Argument checks and the batched oracle loop shared by the estimators
# --------------------------------------------------------------------------------------


def _as_samples(samples: ArrayLike, name: str = "samples", *, low: int = 1) -> np.ndarray:
    """Validate a batch of sequences: a 2-d array of non-negative whole numbers."""
    arr = as_float_array(samples, name)
    if arr.ndim != 2 or arr.shape[1] == 0:
        raise ValueError(f"{name} must have shape (num_samples, n) with n >= 1, got shape {arr.shape}")
    if arr.shape[0] < low:
        raise ValueError(f"{name} must hold at least {low} sequences, got {arr.shape[0]}")
    if (arr < 0).any() or (arr != np.round(arr)).any():
        raise ValueError(f"{name} must hold symbols 0, 1, ..., q - 1 (non-negative whole numbers)")
    return arr.astype(np.int64)


def _progress(total: int, progress: bool, desc: str) -> Any:
    from tqdm import tqdm

    enabled = bool(progress) and sys.stderr.isatty()
    return tqdm(total=total, desc=desc, unit="seq", disable=not enabled, leave=False)


def _oracle_probs(oracle: Oracle, x: np.ndarray, revealed: np.ndarray) -> np.ndarray:
    """The oracle's probabilities of every symbol at every position, shape (b, n, q), validated."""
    probs = np.asarray(oracle(np.where(revealed, x, 0), revealed), dtype=np.float64)
    b, n = x.shape
    if probs.shape == (b, n):  # binary: the probability of symbol 1
        probs = np.stack([1.0 - probs, probs], axis=2)
    if probs.ndim != 3 or probs.shape[:2] != (b, n) or probs.shape[2] <= x.max():
        raise ValueError(
            f"oracle must return probabilities of shape (b, n, q) with q > max symbol, or (b, n) for binary "
            f"symbols; got {probs.shape} for x of shape {(b, n)}"
        )
    low, high = probs.min(), probs.max()  # NaN propagates and fails the test below
    if not (low >= -1e-12 and high <= 1 + 1e-9):
        raise ValueError("oracle returned values that are not probabilities (NaN, infinite, negative or > 1)")
    if np.abs(probs.sum(axis=2) - 1.0).max() > 1e-6:
        raise ValueError("oracle returned probabilities that do not sum to 1 over the symbols (within 1e-6)")
    return probs if low >= 0 else np.maximum(probs, 0.0)


def _entropies(probs: np.ndarray) -> np.ndarray:
    """Entropy (nats) over the last axis."""
    return -np.where(probs > 0, probs * np.log(np.maximum(probs, _TINY)), 0.0).sum(axis=-1)


def _oracle_batches(
    x: np.ndarray,
    oracle: Oracle,
    masks: Callable[[slice, np.ndarray], np.ndarray],
    rows_per_sample: int,
    batch_rows: int,
    progress: bool,
    desc: str,
) -> Iterator[tuple[slice, np.ndarray, np.ndarray, np.ndarray]]:
    """Run the oracle over ``x`` in chunks of whole samples.

    ``masks(chunk, x[chunk])`` returns the revealed masks of a chunk of samples,
    shape ``(c, rows_per_sample, n)``. Yields ``(chunk slice, masks, log_probs, probs)``:
    ``log_probs`` (same shape as the masks) of the observed symbols, natural
    log, and ``probs`` the oracle's full output, shape ``(c, rows_per_sample, n, q)``.
    """
    num, n = x.shape
    per_chunk = max(1, as_int(batch_rows, "batch_rows", low=1) // rows_per_sample)
    with _progress(num, progress, desc) as bar:
        for start in range(0, num, per_chunk):
            chunk = slice(start, min(num, start + per_chunk))
            revealed = masks(chunk, x[chunk])
            c = revealed.shape[0]
            rows_x = np.repeat(x[chunk], rows_per_sample, axis=0)
            probs = _oracle_probs(oracle, rows_x, revealed.reshape(c * rows_per_sample, n))
            observed = np.take_along_axis(probs, rows_x[:, :, None], axis=2)[:, :, 0]
            log_p = np.log(np.maximum(observed, _TINY)).reshape(c, rows_per_sample, n)
            yield chunk, revealed, log_p, probs.reshape(c, rows_per_sample, n, -1)
            bar.update(c)


def _random_ranks(rng: np.random.Generator, c: int, n: int) -> np.ndarray:
    """``rank[s, i]``: the step at which position i is revealed in a uniform order, per sample."""
    return np.argsort(rng.random((c, n)), axis=1).argsort(axis=1)


def _mean_and_error(values: np.ndarray, scale: float) -> tuple[np.ndarray, np.ndarray]:
    n = values.shape[0]
    return values.mean(axis=0) / scale, values.std(axis=0, ddof=1) / np.sqrt(n) / scale


# --------------------------------------------------------------------------------------
# A law with exact conditionals: mixtures of product laws, and their EM fit
# --------------------------------------------------------------------------------------


@dataclass(frozen=True, eq=False)
class ProductMixture:
    """A mixture of product laws with exact sampling, log-likelihood and conditionals.

    ``μ(x) = sum_c weights[c] prod_i marginals[c, i, x_i]``. An instance is a
    conditional oracle (see the module notes): calling it on ``(x, revealed)``
    returns ``P(X_i = a | x_revealed)`` for every position and symbol, by
    updating the posterior over components. Its full table is
    :func:`mdm_lib.product_mixture_law` and, for small n, its exact curve
    :func:`mdm_lib.product_mixture_info_curve`.

    Parameters
    ----------
    weights : array_like, shape (m,)
        Mixture weights: non-negative, summing to 1 (within the tolerance of a probability table).
    marginals : array_like, shape (m, n, q)
        ``marginals[c, i]`` is the law of position i in component c (non-negative, each summing to 1
        within 1e-9).

    Raises
    ------
    TypeError
        If ``weights`` or ``marginals`` is not numeric.
    ValueError
        If ``weights`` is not a 1-d law (a NaN, a negative entry, or a sum other than 1), or
        ``marginals`` does not have shape ``(m, n, q)`` with no empty axis, or a ``marginals[c, i]``
        is not a law.

    Attributes
    ----------
    weights : numpy.ndarray of float64, shape (m,)
        The validated weights.
    marginals : numpy.ndarray of float64, shape (m, n, q)
        The validated marginals.
    n : int
        Sequence length, ``marginals.shape[1]``.
    q : int
        Alphabet size, ``marginals.shape[2]``.

    Examples
    --------
    >>> mix = ProductMixture([0.5, 0.5], [[[1, 0]] * 3, [[0, 1]] * 3])  # a repeated fair bit
    >>> mix(np.array([[1, 0, 0]]), np.array([[True, False, False]]))[0, :, 1].tolist()
    [1.0, 1.0, 1.0]
    >>> np.round(mix.log_prob([[1, 1, 1], [0, 0, 0]]) / np.log(2), 9).tolist()
    [-1.0, -1.0]
    """

    weights: np.ndarray
    marginals: np.ndarray
    _log_w: np.ndarray = field(init=False, repr=False)
    _log_m: np.ndarray = field(init=False, repr=False)

    def __post_init__(self) -> None:
        w, m = _check_product_mixture(self.weights, self.marginals)
        object.__setattr__(self, "weights", w)
        object.__setattr__(self, "marginals", m)
        object.__setattr__(self, "_log_w", np.log(np.maximum(w, _TINY)))
        object.__setattr__(self, "_log_m", np.log(np.maximum(m, _TINY)))

    @property
    def n(self) -> int:
        """Sequence length."""
        return int(self.marginals.shape[1])

    @property
    def q(self) -> int:
        """Alphabet size."""
        return int(self.marginals.shape[2])

    def _component_log_likelihoods(self, x: np.ndarray, revealed: np.ndarray | None = None) -> np.ndarray:
        """``log prod_{i revealed} marginals[c, i, x_i]`` for every row and component, shape (b, m)."""
        total = np.zeros((x.shape[0], self._log_m.shape[0]))
        for a in range(self.q):  # one matmul per symbol: sum_i [x_i = a] log m[c, i, a]
            hit = x == a if revealed is None else (x == a) & revealed
            total += hit.astype(np.float64) @ self._log_m[:, :, a].T
        return total

    def _check_x(self, x: ArrayLike, name: str = "x") -> np.ndarray:
        arr = np.asarray(x)
        if arr.dtype.kind not in "iu":  # integer arrays (every internal call) skip the float checks
            arr = _as_samples(arr, name)
        if arr.ndim != 2 or arr.shape[1] != self.n or arr.size == 0 or arr.min() < 0 or arr.max() >= self.q:
            raise ValueError(
                f"{name} must have shape (b, {self.n}) with symbols 0..{self.q - 1}, got shape {arr.shape}"
            )
        return arr

    def log_prob(self, x: ArrayLike) -> np.ndarray:
        """``log μ(x)`` (natural log) of each row of ``x`` (shape (b, n)); shape (b,)."""
        x = self._check_x(x)
        return logsumexp(self._log_w + self._component_log_likelihoods(x), axis=1)

    def __call__(self, x: ArrayLike, revealed: ArrayLike) -> np.ndarray:
        """``P(X_i = a | x_revealed)`` for every row, position and symbol; shape (b, n, q)."""
        x = self._check_x(x)
        revealed = np.asarray(revealed, dtype=bool)
        if revealed.shape != x.shape:
            raise ValueError(f"revealed must have the shape of x {x.shape}, got {revealed.shape}")
        log_post = self._log_w + self._component_log_likelihoods(x, revealed)
        post = np.exp(log_post - logsumexp(log_post, axis=1, keepdims=True))
        return (post @ self.marginals.reshape(self.marginals.shape[0], -1)).reshape(
            x.shape[0], self.n, self.q
        )

    def sample(self, size: int, *, rng: int | np.random.Generator | None = None) -> np.ndarray:
        """``size`` independent draws, shape (size, n), as ints.

        Examples
        --------
        >>> ProductMixture([1.0], [[[0, 1]] * 4]).sample(2, rng=0).tolist()
        [[1, 1, 1, 1], [1, 1, 1, 1]]
        """
        size = as_int(size, "size", low=1, high=10**8 // max(1, self.n * self.q))
        gen = as_generator(rng)
        labels = gen.choice(self.weights.size, size=size, p=self.weights)
        u = gen.random((size, self.n, 1))
        cumulative = np.cumsum(self.marginals[labels], axis=2)
        return np.minimum((u > cumulative).sum(axis=2), self.q - 1).astype(np.int64)


class ProductMixtureFit(NamedTuple):
    """The result of :func:`fit_product_mixture`.

    Attributes
    ----------
    mixture : ProductMixture
        The fitted law, with the collapsed components removed and the weights renormalised.
    log_likelihood : float
        Mean log-likelihood per training sequence under ``mixture``, in units of ``base`` (bits by
        default); at most 0.
    iterations : int
        EM iterations run, ``1 <= iterations <= max_iter``.
    converged : bool
        Whether the change of the mean log-likelihood fell below ``tol`` times its size before
        ``max_iter`` iterations.
    collapsed : int
        Number of components removed because their weight fell below ``min_weight``.

    Raises
    ------
    TypeError
        If a field is missing; the fields are not validated (:func:`fit_product_mixture` computes them).
    """

    mixture: ProductMixture
    """The fitted law (collapsed components removed)."""
    log_likelihood: float
    """Mean log-likelihood per training sequence, in units of ``base``."""
    iterations: int
    """EM iterations run."""
    converged: bool
    """Whether the relative change of the log-likelihood fell below ``tol``."""
    collapsed: int
    """Number of components dropped because their weight fell below ``min_weight``."""


def _spread_centres(x: np.ndarray, count: int, gen: np.random.Generator) -> np.ndarray:
    """k-means++ seeding: indices of ``count`` rows, each drawn with probability ∝ squared Hamming
    distance."""
    chosen = [int(gen.integers(x.shape[0]))]
    nearest = (x != x[chosen[0]]).sum(axis=1).astype(np.float64)
    for _ in range(count - 1):
        weight = nearest**2
        weight[chosen] = 0.0
        total = weight.sum()
        if total > 0:
            pick = int(gen.choice(x.shape[0], p=weight / total))
        else:  # every remaining row duplicates a centre
            pick = int(gen.choice(np.setdiff1d(np.arange(x.shape[0]), chosen)))
        chosen.append(pick)
        nearest = np.minimum(nearest, (x != x[pick]).sum(axis=1))
    return np.array(chosen)


def fit_product_mixture(
    samples: ArrayLike,
    components: int,
    *,
    q: int | None = None,
    pseudocount: float = 0.5,
    min_weight: float | None = None,
    max_iter: int = 200,
    tol: float = 1e-7,
    rng: int | np.random.Generator | None = None,
    base: float = 2,
) -> ProductMixtureFit:
    """Fit a mixture of product laws (e.g. of product-Bernoulli laws) to data by EM.

    The M-step is the posterior mode under a symmetric Dirichlet prior with
    ``pseudocount + 1`` per symbol, so no fitted probability is 0 or 1 and every
    sequence keeps a finite likelihood. EM starts from ``components`` distinct
    training sequences as centres, drawn with ``rng`` by k-means++ seeding on
    the Hamming distance (identical centres would stay identical). A component whose
    weight falls below ``min_weight`` has *collapsed* (it explains almost no
    data and its marginals are then set by the prior alone): it is removed and
    the remaining weights renormalised, and the fit reports how many were
    removed.

    Parameters
    ----------
    samples : array_like, shape (N, n)
        Training sequences over symbols ``0, ..., q - 1``.
    components : int
        Number of mixture components m, ``1 <= m <= N``.
    q : int, optional
        Alphabet size; default ``max(samples) + 1`` (at least 2).
    pseudocount : float, default 0.5
        Prior count per symbol (> 0).
    min_weight : float, optional
        Collapse threshold; default ``1 / (10 N)`` (less than a tenth of a sequence).
    max_iter : int, default 200
    tol : float, default 1e-7
        Stop when the mean log-likelihood changes by less than ``tol`` times its size.
    rng : None, int or numpy.random.Generator
        Seed of the initial centres (SPEC 7).
    base : float, default 2
        Units of the reported log-likelihood.

    Returns
    -------
    ProductMixtureFit

    Raises
    ------
    ValueError
        If the samples are not a 2-d array of symbols, or ``components`` is
        outside ``[1, N]``.

    Examples
    --------
    >>> data = np.array([[0, 0, 0]] * 5 + [[1, 1, 1]] * 5)
    >>> fit = fit_product_mixture(data, 2, rng=0, pseudocount=1e-6)
    >>> np.round(np.sort(fit.mixture.marginals[:, 0, 1]), 4).tolist(), fit.collapsed
    ([0.0, 1.0], 0)
    """
    x = _as_samples(samples)
    num, n = x.shape
    components = as_int(components, "components", low=1, high=num)
    q = max(2, int(x.max()) + 1) if q is None else as_int(q, "q", low=int(x.max()) + 1)
    alpha = float(as_float_array(pseudocount, "pseudocount"))
    if not alpha > 0:
        raise ValueError(f"pseudocount must be > 0, got {alpha!r}")
    min_weight = 1.0 / (10 * num) if min_weight is None else float(as_float_array(min_weight, "min_weight"))
    max_iter = as_int(max_iter, "max_iter", low=1)
    gen = as_generator(rng)
    scale = log_base(base)
    onehot = (x[:, :, None] == np.arange(q)).astype(np.float64).reshape(num, n * q)

    def m_step(resp: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        counts = (resp.T @ onehot).reshape(-1, n, q) + alpha
        return resp.sum(axis=0) / num, counts / counts.sum(axis=2, keepdims=True)

    _, marginals = m_step(
        (np.arange(num)[:, None] == _spread_centres(x, components, gen)[None, :]).astype(float)
    )
    weights = np.full(components, 1.0 / components)
    collapsed, previous, converged, iteration = 0, -np.inf, False, 0
    for iteration in range(1, max_iter + 1):  # noqa: B007 (the count is returned after the loop)
        joint = np.log(weights) + onehot @ np.log(marginals).reshape(weights.size, -1).T  # (N, m)
        norm = logsumexp(joint, axis=1, keepdims=True)
        current = float(norm.mean())
        resp = np.exp(joint - norm)
        weights, marginals = m_step(resp)
        keep = weights >= min_weight
        if not keep.all():
            collapsed += int((~keep).sum())
            weights, marginals = weights[keep] / weights[keep].sum(), marginals[keep]
        elif abs(current - previous) <= tol * abs(current):
            converged = True
            break
        previous = current
    mixture = ProductMixture(weights, marginals)
    log_likelihood = float(mixture.log_prob(x).mean()) / scale
    return ProductMixtureFit(mixture, log_likelihood, iteration, converged, collapsed)


# --------------------------------------------------------------------------------------
# Curves from samples and an oracle, and from loss tables
# --------------------------------------------------------------------------------------


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


def _kl_estimate(values: np.ndarray, scale: float) -> KLEstimate:
    mean_array, se_array = _mean_and_error(values, scale)
    mean, se = float(mean_array), float(se_array)
    return KLEstimate(
        mean,
        se,
        mean - 1.959963984540054 * se,
        mean + 1.959963984540054 * se,
        values.size,
    )


def _kl_coefficients(sizes: np.ndarray, n: int) -> np.ndarray:
    """``a`` with ``expected_kl(Z, sizes) = a @ Z`` (Theorem 16 is linear in Z)."""
    a = np.ones(n)
    starts = np.concatenate([[0], np.cumsum(sizes)[:-1]])
    a[starts] -= sizes
    return a


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
        >>> mix = ProductMixture([0.5, 0.5], [[[1, 0]] * 4, [[0, 1]] * 4])
        >>> est = estimate_info_curve(mix.sample(8, rng=1), mix, rng=2)
        >>> est.predicted_kl([2, 2]).mean
        1.0
        """
        n = self.Z.size
        return _kl_estimate(self.terms @ _kl_coefficients(as_sizes(sizes, n), n), 1.0)


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
    >>> mix = ProductMixture([0.5, 0.5], [[[1, 0]] * 4, [[0, 1]] * 4])  # a repeated fair bit
    >>> est = estimate_info_curve(mix.sample(50, rng=1), mix, rng=2)
    >>> np.round(est.Z, 9).tolist(), round(est.tc, 9), round(est.dtc, 9), est.dtc_standard_error
    ([0.0, 1.0, 1.0, 1.0], 3.0, 1.0, 0.0)
    """
    x = _as_samples(samples, low=2)
    num, n = x.shape
    gen = as_generator(rng)
    scale = log_base(base)
    steps = np.arange(n)
    z_terms = np.empty((num, n))
    dtc_terms = np.empty(num)

    def masks(_: slice, chunk: np.ndarray) -> np.ndarray:
        rank = _random_ranks(gen, chunk.shape[0], n)
        prefixes = rank[:, None, :] < steps[None, :, None]  # row j: the first j positions of the order
        leave_one_out = np.broadcast_to(~np.eye(n, dtype=bool), (chunk.shape[0], n, n))
        return np.concatenate([prefixes, leave_one_out], axis=1)

    for chunk, revealed, _, probs in _oracle_batches(x, oracle, masks, 2 * n, batch_rows, progress, "curve"):
        entropy = _entropies(probs)  # (c, 2n, n)
        masked = ~revealed[:, :n]
        counts = masked.sum(axis=2)
        conditional = np.where(masked, entropy[:, :n], 0.0).sum(axis=2) / counts  # mean h(p(. | x_S_j))
        marginal = np.where(masked, entropy[:, :1], 0.0).sum(axis=2) / counts  # mean h(p_i), same positions
        z_terms[chunk] = marginal - conditional
        dtc_terms[chunk] = conditional.sum(axis=1) - np.diagonal(entropy[:, n:], axis1=1, axis2=2).sum(axis=1)
    Z, Z_se = _mean_and_error(z_terms, scale)
    tc, tc_se = _mean_and_error(z_terms.sum(axis=1), scale)
    dtc, dtc_se = _mean_and_error(dtc_terms, scale)
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
    w, m = _check_product_mixture(weights, marginals)
    num_samples = as_int(num_samples, "num_samples", low=2)
    components, n, q = m.shape
    check_limit(num_samples * n * max(components, q), MAX_TABLE_ENTRIES, "num_samples * n * max(m, q)")
    rng = as_generator(rng)
    scale = log_base(base)
    with np.errstate(divide="ignore"):
        log_m = np.log(m)  # (components, n, q)
        log_w = np.log(w)
    labels = rng.choice(components, size=num_samples, p=w)
    x = _inverse_cdf(m[labels], rng.random((num_samples, n)))
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

    def mean_and_error(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        return values.mean(axis=0) / scale, values.std(axis=0, ddof=1) / np.sqrt(num_samples) / scale

    Z, Z_se = mean_and_error(pmi)
    tc, tc_se = mean_and_error(tc_samples)
    dtc, dtc_se = mean_and_error(dtc_samples)
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
        The model's conditional marginals (module notes).
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
    >>> mix = ProductMixture([0.5, 0.5], [[[1, 0]] * 3, [[0, 1]] * 3])
    >>> table = cross_entropy_table(mix.sample(20, rng=0), mix, rng=1)
    >>> table.revealed.tolist(), np.round(table.cross_entropy, 9).tolist()
    ([0, 1, 2], [1.0, 0.0, 0.0])
    """
    x = _as_samples(samples, low=2)
    num, n = x.shape
    gen = as_generator(rng)
    scale = log_base(base)
    counts = np.arange(n)
    losses = np.empty((num, n))

    def masks(_: slice, chunk: np.ndarray) -> np.ndarray:
        rank = np.stack([_random_ranks(gen, n, n) for _ in range(chunk.shape[0])])  # a fresh set per count
        return rank < counts[None, :, None]

    for chunk, revealed, log_p, _ in _oracle_batches(x, oracle, masks, n, batch_rows, progress, "losses"):
        masked = ~revealed
        losses[chunk] = -np.where(masked, log_p, 0.0).sum(axis=2) / masked.sum(axis=2)
    mean, se = _mean_and_error(losses, scale)
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


# --------------------------------------------------------------------------------------
# Planning with an estimated curve
# --------------------------------------------------------------------------------------


class Plan(NamedTuple):
    """An optimal schedule for an estimated curve, and what planning changed.

    Attributes
    ----------
    sizes : Schedule
        Optimal step sizes (positive, summing to n), for the projected curve.
    expected_kl : float
        Their expected KL error (Theorem 4) on the projected curve, in the units of the curve.
    k : int
        Number of steps: the given ``k``, or the fewest whose optimal error is at most ``eps``.
    curve : numpy.ndarray, shape (n,)
        The least-squares monotone projection of the input curve, used for planning.
    max_shift : float
        Largest ``|curve_j - input_j|`` over the positions (units of the curve).
    l1_shift : float
        ``sum_j |curve_j - input_j|``, comparable with expected KL errors.
    released_rules : dict of str to float
        Expected KL of each released rule (an id of :data:`mdm_lib.RELEASED_RULES`) with the same k, on
        the projected curve; empty when ``k = 1``, where every rule reveals everything at once.

    Raises
    ------
    TypeError
        If a field is missing; the fields are not validated (:func:`plan_schedule` computes them).
    """

    sizes: Schedule
    """Optimal step sizes (positive, summing to n), for the projected curve."""
    expected_kl: float
    """Their expected KL error (Theorem 4) on the projected curve, in the curve's units."""
    k: int
    """Number of steps."""
    curve: np.ndarray
    """The monotone projection of the input curve, used for planning."""
    max_shift: float
    """Largest ``|projected - input|`` over the positions."""
    l1_shift: float
    """``sum_j |projected_j - input_j|``, comparable with expected KL errors."""
    released_rules: dict[str, float]
    """Expected KL of each released rule (an id of :data:`mdm_lib.RELEASED_RULES`) with the same k, on the
    projected curve; empty when ``k = 1``, where every rule reveals everything at once."""


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
        Number of steps, ``1 <= k <= n``.
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
    steps = as_int(k, "k", low=1) if eps is None else min_steps_for_error(curve, eps)
    best = optimal_schedule(curve, steps)
    shift = np.abs(curve - raw)
    return Plan(
        sizes=best.sizes,
        expected_kl=float(best.error),
        k=steps,
        curve=curve,
        max_shift=float(shift.max()),
        l1_shift=float(shift.sum()),
        released_rules={} if steps == 1 else {r.rule: r.error for r in released_rule_errors(curve, steps)},
    )


# --------------------------------------------------------------------------------------
# The error of a schedule, measured directly (Theorem 4 and Lemma 35)
# --------------------------------------------------------------------------------------


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
    ranks = _random_ranks(as_generator(rng), num, n)
    out = np.empty((num, len(oracles)))

    def masks(chunk: slice, _: np.ndarray) -> np.ndarray:
        return ranks[chunk][:, None, :] < starts[None, :-1, None]  # row t: the steps before t

    for which, oracle in enumerate(oracles):
        for chunk, _, log_p, _ in _oracle_batches(x, oracle, masks, steps.size, batch_rows, progress, "KL"):
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
        The sampler's conditional marginals (module notes).
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
    >>> mix = ProductMixture([0.5, 0.5], [[[1, 0]] * 4, [[0, 1]] * 4])
    >>> est = estimate_schedule_kl(mix.sample(40, rng=0), mix.log_prob, mix, [2, 2], rng=1)
    >>> round(est.mean, 9), est.standard_error  # one bit lost: the first step reveals two positions
    (1.0, 0.0)
    """
    x = _as_samples(samples, low=2)
    scale = log_base(base)
    log_nu = _schedule_log_likelihoods(x, [oracle], sizes, batch_rows, rng, progress)[:, 0]
    return _kl_estimate(_check_log_prob(log_prob, x) - log_nu, scale)


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
    >>> mix = ProductMixture([0.5, 0.5], [[[0.9, 0.1]] * 3, [[0.2, 0.8]] * 3])
    >>> split = schedule_kl_split(mix.sample(200, rng=0), mix.log_prob, mix, mix, [1, 2], rng=1)
    >>> split.model.mean, split.total.mean == split.schedule.mean
    (0.0, True)
    """
    x = _as_samples(samples, low=2)
    scale = log_base(base)
    log_nu = _schedule_log_likelihoods(x, [true_oracle, model_oracle], sizes, batch_rows, rng, progress)
    log_mu = _check_log_prob(log_prob, x)
    return KLSplit(
        total=_kl_estimate(log_mu - log_nu[:, 1], scale),
        schedule=_kl_estimate(log_mu - log_nu[:, 0], scale),
        model=_kl_estimate(log_nu[:, 0] - log_nu[:, 1], scale),
    )
