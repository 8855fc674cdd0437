"""Synthetic information curves of a given shape, for studying schedules.

These curves are not computed from a law: they are non-decreasing shapes with
``Z_1 = 0`` and ``Z_n = height`` that isolate how a schedule should respond to
where the curve climbs. Curves of actual laws are in :mod:`mdm_lib.information`
(full tables) and :mod:`mdm_lib.families` (structured laws at any n).
"""

from __future__ import annotations

import numpy as np

from ._validate import as_int, as_positive_float

__all__ = ["SHAPES", "shaped_curve"]

#: The shapes :func:`shaped_curve` knows, with where the curve climbs.
SHAPES = {
    "linear": "at a constant rate",
    "concave": "early (exponential saturation, like a fast-mixing Markov chain)",
    "convex": "late (mirror image of the concave curve)",
    "s-shaped": "in the middle (logistic)",
    "step": "all at once, after half of the positions (an MDS code of rate 1/2)",
}


def shaped_curve(shape: str, n: int, *, height: float = 1.0) -> np.ndarray:
    """A non-decreasing curve of length n with ``Z_1 = 0`` and ``Z_n = height``.

    With ``x = (j - 1)/(n - 1)`` for ``j = 1, ..., n``, the shapes are
    ``linear`` ``x``; ``concave`` ``(1 - e^{-5x})/(1 - e^{-5})``; ``convex``
    ``(e^{5x} - 1)/(e^5 - 1)``; ``s-shaped`` a logistic of slope 12 centred at
    ``1/2``, rescaled to ``[0, 1]``; ``step`` ``1[j > n // 2]``.

    Parameters
    ----------
    shape : str
        One of :data:`SHAPES`.
    n : int
        Length, ``n >= 2``.
    height : float, default 1.0
        ``Z_n`` (bits, say).

    Examples
    --------
    >>> shaped_curve("step", 6).tolist()
    [0.0, 0.0, 0.0, 1.0, 1.0, 1.0]
    >>> shaped_curve("linear", 3, height=2.0).tolist()
    [0.0, 1.0, 2.0]
    """
    n = as_int(n, "n", low=2)
    height = as_positive_float(height, "height")
    x = np.arange(n) / (n - 1)
    if shape == "linear":
        z = x
    elif shape == "concave":
        z = -np.expm1(-5.0 * x) / -np.expm1(-5.0)
    elif shape == "convex":
        z = np.expm1(5.0 * x) / np.expm1(5.0)
    elif shape == "s-shaped":
        logistic = 1.0 / (1.0 + np.exp(-12.0 * (x - 0.5)))
        z = (logistic - logistic[0]) / (logistic[-1] - logistic[0])
    elif shape == "step":
        z = (np.arange(1, n + 1) > n // 2).astype(float)
    else:
        raise ValueError(f"shape must be one of {sorted(SHAPES)}, got {shape!r}")
    return height * z


# --- issue 10: mixtures of i.i.d. laws (self-contained block) ---------------------------------

#: Largest number of count vectors (summed over the prefix lengths) that iid_mixture_info_curve visits.
MAX_IID_MIXTURE_COUNTS = 20_000_000


def _count_vectors(j: int, q: int) -> np.ndarray:
    """All vectors of q non-negative integers summing to j, shape (count, q)."""
    if q == 1:
        return np.array([[j]], dtype=np.int64)
    grids = np.meshgrid(*[np.arange(j + 1)] * (q - 1), indexing="ij")
    head = np.stack([g.ravel() for g in grids], axis=1)
    head = head[head.sum(axis=1) <= j]
    return np.concatenate([head, j - head.sum(axis=1, keepdims=True)], axis=1)


def iid_mixture_info_curve(weights: object, symbol_probs: object, n: int, *, base: float = 2) -> np.ndarray:
    """Exact information curve of a mixture of i.i.d. laws, at any n.

    Component ``c`` (probability ``weights[c]``) draws the n symbols
    independently from ``symbol_probs[c]``; the noisy repeated bit is the
    two-component binary case. The law is exchangeable, so
    ``Z_j = H(X_1) - [H(X_1..X_j) - H(X_1..X_{j-1})]``, and ``H(X_1..X_j)`` is a
    sum over the symbol counts of a prefix of length j: a sequence with counts
    ``c`` has probability ``sum_m weights[m] prod_a symbol_probs[m, a]^c_a`` and
    ``j! / prod_a c_a!`` sequences share it. For a binary alphabet this is
    ``O(m n^2)`` time; for q symbols ``O(m n^q)``.

    Parameters
    ----------
    weights : array_like, shape (m,)
        Mixture weights (non-negative, sum 1).
    symbol_probs : array_like, shape (m, q)
        ``symbol_probs[c]`` is the law of one symbol in component c (q >= 2).
    n : int
        Sequence length, ``n >= 1``.
    base : float, default 2
        Logarithm base (2: bits).

    Returns
    -------
    numpy.ndarray, shape (n,)
        ``Z_1, ..., Z_n`` (``Z_1 = 0``).

    Raises
    ------
    ValueError
        If the weights or symbol laws are not probabilities, their shapes do not
        match, or the count vectors would exceed :data:`MAX_IID_MIXTURE_COUNTS`.

    Examples
    --------
    >>> iid_mixture_info_curve([0.5, 0.5], [[1.0, 0.0], [0.0, 1.0]], 3).tolist()  # repeated fair bit
    [0.0, 1.0, 1.0]
    >>> iid_mixture_info_curve([1.0], [[0.3, 0.7]], 2).tolist()  # a product law
    [0.0, 0.0]
    """
    from scipy.special import gammaln, logsumexp

    from ._validate import as_float_array, as_probability_table, log_base

    w = as_probability_table(weights, "weights")
    if w.ndim != 1:
        raise ValueError(f"weights must be 1-d (one weight per component), got shape {w.shape}")
    probs = as_float_array(symbol_probs, "symbol_probs")
    if probs.ndim != 2 or probs.shape[0] != w.size or probs.shape[1] < 2:
        raise ValueError(f"symbol_probs must have shape (components={w.size}, q >= 2), got shape {probs.shape}")
    if (probs < 0).any() or np.abs(probs.sum(axis=1) - 1).max() > 1e-9:
        raise ValueError("symbol_probs[c] must be a law over the q symbols (non-negative, sum 1)")
    n = as_int(n, "n", low=1)
    scale = log_base(base)
    q = probs.shape[1]
    work = sum((j + 1) ** (q - 1) for j in range(1, n + 1)) if q > 2 else n * (n + 3) // 2
    if work > MAX_IID_MIXTURE_COUNTS:
        raise ValueError(
            f"n = {n} with q = {q} symbols needs {work:,} count vectors, more than "
            f"MAX_IID_MIXTURE_COUNTS = {MAX_IID_MIXTURE_COUNTS:,}"
        )
    keep = w > 0
    log_w = np.log(w[keep])
    with np.errstate(divide="ignore"):
        log_p = np.log(probs[keep])  # (m, q), -inf for impossible symbols
    joint = np.zeros(n + 1)  # H(X_1..X_j) in nats, j = 0..n
    for j in range(1, n + 1):
        counts = _count_vectors(j, q)  # (count vectors, q)
        with np.errstate(invalid="ignore", divide="ignore"):  # 0 * -inf and impossible count vectors
            terms = np.where(counts[:, None, :] > 0, counts[:, None, :] * log_p[None, :, :], 0.0).sum(axis=2)
            log_seq = logsumexp(terms + log_w[None, :], axis=1)  # log P(one sequence with these counts)
            log_mult = gammaln(j + 1) - gammaln(counts + 1).sum(axis=1)
            mass = np.exp(log_mult + log_seq)
            joint[j] = -float(np.sum(np.where(mass > 0, mass * log_seq, 0.0)))
    Z = joint[1] - np.diff(joint)
    Z[0] = 0.0
    return Z / scale
