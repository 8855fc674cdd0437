"""Laws over Σ_1 × ... × Σ_n given as full probability tables.

A law is a numpy array of shape ``(q_1, ..., q_n)``: entry ``p[x_1, ..., x_n]``
is the probability of the sequence ``x``. This module validates such tables and
builds the small ones the chapters use.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from ._validate import as_float_array, as_generator, as_int, as_positive_float, as_probability_table

__all__ = ["as_law", "random_law", "product_law", "markov_chain_law", "mixture_law"]


def as_law(p: object) -> np.ndarray:
    """Check that ``p`` is a probability table and return it as a float64 array.

    Parameters
    ----------
    p : array_like, shape (q_1, ..., q_n)
        Non-negative entries summing to 1 within 1e-9; no NaN; at least one axis.

    Returns
    -------
    numpy.ndarray
        The same table, as float64.

    Raises
    ------
    ValueError
        For a 0-d array, an empty axis, NaN or infinite, negative or unnormalised entries.
    TypeError
        For input that is not numeric.

    Examples
    --------
    >>> as_law([[0.5, 0.0], [0.0, 0.5]]).shape
    (2, 2)
    """
    return as_probability_table(p, "p")


def random_law(
    shape: Sequence[int], *, rng: np.random.Generator, concentration: float = 1.0
) -> np.ndarray:
    """Draw a law uniformly-ish over the simplex: a Dirichlet(concentration) table.

    Small ``concentration`` (e.g. 0.2) gives peaked, strongly dependent laws;
    large values give nearly uniform ones.

    Examples
    --------
    >>> p = random_law((2, 3), rng=np.random.default_rng(0))
    >>> p.shape, round(float(p.sum()), 12)
    ((2, 3), 1.0)
    """
    rng = as_generator(rng)
    concentration = as_positive_float(concentration, "concentration")
    if isinstance(shape, (int, np.integer)):
        shape = (shape,)
    shape = tuple(as_int(q, "shape entries", low=1) for q in shape)
    if not shape:
        raise ValueError("shape must have at least one axis")
    size = int(np.prod(shape))
    weights = rng.dirichlet(np.full(size, concentration))
    return weights.reshape(shape)


def product_law(marginals: Sequence[Sequence[float]]) -> np.ndarray:
    """The product of independent one-position laws.

    Parameters
    ----------
    marginals : sequence of 1-d arrays
        ``marginals[i]`` is the law of position i; each must sum to 1.

    Examples
    --------
    >>> product_law([[0.5, 0.5], [1.0, 0.0, 0.0]]).shape
    (2, 3)
    """
    if isinstance(marginals, np.ndarray) and marginals.ndim == 1:
        raise ValueError("marginals must be a sequence of 1-d laws, one per position")
    if len(marginals) == 0:
        raise ValueError("marginals must hold at least one law")
    table = np.ones(())
    for i, m in enumerate(marginals):
        m = as_probability_table(m, f"marginals[{i}]")
        if m.ndim != 1:
            raise ValueError(f"marginals[{i}] must be 1-d, got shape {m.shape}")
        table = np.multiply.outer(table, m)
    return table


def markov_chain_law(
    transition: object, n: int, *, initial: object | None = None
) -> np.ndarray:
    """The law of ``X_1, ..., X_n`` for a Markov chain, as a full table.

    Parameters
    ----------
    transition : array_like, shape (q, q)
        Row-stochastic matrix: ``transition[a, b] = P(X_{t+1} = b | X_t = a)``.
    n : int
        Sequence length, at least 1.
    initial : array_like, shape (q,), optional
        Law of ``X_1``. By default the stationary law of ``transition`` (the
        left eigenvector for eigenvalue 1), so the chain is stationary.

    Examples
    --------
    >>> p = markov_chain_law([[0.9, 0.1], [0.1, 0.9]], 3)
    >>> p.shape, float(p[0, 0, 0].round(6))
    ((2, 2, 2), 0.405)
    """
    P = check_transition(transition)
    n = as_int(n, "n", low=1)
    q = P.shape[0]
    if initial is None:
        pi = stationary_law(P)
    else:
        pi = as_probability_table(initial, "initial")
        if pi.shape != (q,):
            raise ValueError(f"initial must have shape ({q},), got {pi.shape}")
    table = pi
    for _ in range(n - 1):
        table = table[..., :, None] * P[(None,) * (table.ndim - 1)]
    return table


def check_transition(transition: object) -> np.ndarray:
    """Validate a square, row-stochastic transition matrix and return it as float64."""
    P = as_float_array(transition, "transition")
    if P.ndim != 2 or P.shape[0] != P.shape[1] or P.shape[0] == 0:
        raise ValueError(f"transition must be a square (q, q) matrix, got shape {P.shape}")
    if (P < 0).any():
        raise ValueError("transition has negative entries")
    rows = P.sum(axis=1)
    if np.abs(rows - 1).max() > 1e-9:
        raise ValueError(f"transition must be row-stochastic; row sums are {rows.tolist()}")
    return P


def stationary_law(transition: object) -> np.ndarray:
    """A stationary law of a row-stochastic matrix (solves pi P = pi, sum pi = 1)."""
    P = check_transition(transition)
    q = P.shape[0]
    system = np.vstack([P.T - np.eye(q), np.ones((1, q))])
    rhs = np.zeros(q + 1)
    rhs[-1] = 1.0
    pi, *_ = np.linalg.lstsq(system, rhs, rcond=None)
    pi = np.clip(pi, 0.0, None)
    return pi / pi.sum()


def mixture_law(weights: Sequence[float], laws: Sequence[object]) -> np.ndarray:
    """The mixture ``sum_c weights[c] * laws[c]`` of laws with one shape.

    Examples
    --------
    >>> a = product_law([[1.0, 0.0]] * 2); b = product_law([[0.0, 1.0]] * 2)
    >>> mixture_law([0.5, 0.5], [a, b]).tolist()
    [[0.5, 0.0], [0.0, 0.5]]
    """
    w = as_probability_table(weights, "weights")
    if w.ndim != 1:
        raise ValueError(f"weights must be 1-d, got shape {w.shape}")
    if len(laws) != w.size:
        raise ValueError(f"laws must hold one law per weight ({w.size}), got {len(laws)}")
    tables = [as_probability_table(law, f"laws[{c}]") for c, law in enumerate(laws)]
    shapes = {t.shape for t in tables}
    if len(shapes) != 1:
        raise ValueError(f"laws must all have one shape, got {sorted(shapes)}")
    return np.tensordot(w, np.stack(tables), axes=1)
