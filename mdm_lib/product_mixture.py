"""A law fitted from data: a mixture of product laws, with exact conditionals, and its EM fit.

:class:`ProductMixture` is a law whose log-likelihood, samples and conditional
marginals are all exact, so it can stand for real data whose truth is known: it
is a conditional oracle for the estimators of :mod:`mdm_lib.estimation` and
:mod:`mdm_lib.sampled_kl`. :func:`fit_product_mixture` fits one to samples by EM
(e.g. a mixture of product-Bernoulli laws to binary images).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import NamedTuple

import numpy as np
from numpy.typing import ArrayLike
from scipy.special import logsumexp

from ._probability import LOG_FLOOR, inverse_cdf
from ._validate import (
    as_float_array,
    as_generator,
    as_int,
    as_product_mixture,
    as_samples,
    log_base,
)

__all__ = ["ProductMixture", "ProductMixtureFit", "fit_product_mixture"]


@dataclass(frozen=True, eq=False)
class ProductMixture:
    """A mixture of product laws with exact sampling, log-likelihood and conditionals.

    ``μ(x) = sum_c weights[c] prod_i marginals[c, i, x_i]``. An instance is a
    conditional oracle (see :mod:`mdm_lib.estimation`): calling it on ``(x, revealed)``
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
    >>> # a repeated fair bit
    >>> mix = ProductMixture([0.5, 0.5], [[[1, 0]] * 3, [[0, 1]] * 3])
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
        w, m = as_product_mixture(self.weights, self.marginals)
        object.__setattr__(self, "weights", w)
        object.__setattr__(self, "marginals", m)
        object.__setattr__(self, "_log_w", np.log(np.maximum(w, LOG_FLOOR)))
        object.__setattr__(self, "_log_m", np.log(np.maximum(m, LOG_FLOOR)))

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
            arr = as_samples(arr, name)
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
        return inverse_cdf(self.marginals[labels], gen.random((size, self.n))).astype(np.int64)


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
    x = as_samples(samples)
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
