"""Laws over Σ_1 × ... × Σ_n given as full probability tables.

A law is a numpy array of shape ``(q_1, ..., q_n)``: entry ``p[x_1, ..., x_n]``
is the probability of the sequence ``x``. This module validates such tables
(:func:`as_law`) and builds every law the book uses as a table: random laws,
products, stationary Markov chains, mixtures (of tables, or of product laws),
uniform laws on linear codes, and independent pairings of two laws.

Laws too long for a table, whose curve is known from their structure, are in
:mod:`mdm_lib.curves`; Reed–Solomon codes are in :mod:`mdm_lib.codes`.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from ._validate import (
    as_float_array,
    as_generator,
    as_int,
    as_positive_float,
    as_probability_table,
)


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


def random_law(shape: Sequence[int], *, rng: np.random.Generator, concentration: float = 1.0) -> np.ndarray:
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


def markov_chain_law(transition: object, n: int, *, initial: object | None = None) -> np.ndarray:
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


def _check_product_mixture(weights: object, marginals: object) -> tuple[np.ndarray, np.ndarray]:
    w = as_probability_table(weights, "weights")
    if w.ndim != 1:
        raise ValueError(f"weights must be 1-d (one weight per component), got shape {w.shape}")
    m = as_float_array(marginals, "marginals")
    if m.ndim != 3 or m.shape[0] != w.size or 0 in m.shape:
        raise ValueError(f"marginals must have shape (components={w.size}, n, q), got shape {m.shape}")
    if (m < 0).any() or np.abs(m.sum(axis=2) - 1).max() > 1e-9:
        raise ValueError("marginals[c, i] must be a law over the q symbols (non-negative, sum 1)")
    return w, m


def product_mixture_law(weights: object, marginals: object) -> np.ndarray:
    """Full table of the mixture ``sum_c weights[c] * prod_i marginals[c, i]``.

    Parameters
    ----------
    weights : array_like, shape (m,)
        Mixture weights.
    marginals : array_like, shape (m, n, q)
        ``marginals[c, i]`` is the law of position i in component c.

    Examples
    --------
    >>> product_mixture_law([0.5, 0.5], [[[1, 0], [1, 0]], [[0, 1], [0, 1]]]).tolist()
    [[0.5, 0.0], [0.0, 0.5]]
    """
    w, m = _check_product_mixture(weights, marginals)
    return mixture_law(w, [product_law(list(component)) for component in m])


def linear_code_law(generator: object, q: int) -> np.ndarray:
    """Full table of ``M U`` for ``U`` uniform on ``F_q^d``, with q prime (Example 1).

    Parameters
    ----------
    generator : array_like of int, shape (n, d)
        The matrix ``M``; entries are taken mod q.
    q : int
        A prime (the arithmetic is mod q); ``q**n`` must stay small.

    Examples
    --------
    >>> p = linear_code_law([[1], [1]], 2)   # repetition code of length 2
    >>> p.tolist()
    [[0.5, 0.0], [0.0, 0.5]]
    """
    q = as_int(q, "q", low=2)
    if any(q % f == 0 for f in range(2, int(q**0.5) + 1)):
        raise ValueError(f"q must be prime (arithmetic mod q), got {q}")
    M = as_float_array(generator, "generator")
    if M.ndim != 2 or 0 in M.shape:
        raise ValueError(f"generator must be an (n, d) matrix, got shape {M.shape}")
    if (M != np.round(M)).any():
        raise ValueError("generator must hold integers")
    n, d = M.shape
    if q**n > 1 << 24:
        raise ValueError(f"q**n = {q}**{n} is too large for a full table")
    M = M.astype(np.int64) % q
    messages = np.indices((q,) * d).reshape(d, -1)
    words = (M @ messages) % q
    table = np.zeros((q,) * n)
    np.add.at(table, tuple(words), 1.0 / messages.shape[1])
    return table


def paired_law(p: object, r: object) -> np.ndarray:
    """The law of ``((X_1, Y_1), ..., (X_n, Y_n))`` for independent ``X ~ p``, ``Y ~ r``.

    Position i takes values in ``Σ_i × Σ'_i`` (flattened, the value
    ``(x, y)`` is ``x * q'_i + y``).

    Examples
    --------
    >>> paired_law([0.5, 0.5], [1.0, 0.0, 0.0]).tolist()
    [0.5, 0.0, 0.0, 0.5, 0.0, 0.0]
    """
    p = as_probability_table(p, "p")
    r = as_probability_table(r, "r")
    if p.ndim != r.ndim:
        raise ValueError(f"p and r must have the same number of positions, got {p.ndim} and {r.ndim}")
    n = p.ndim
    joint = np.multiply.outer(p, r)  # axes x_1..x_n, y_1..y_n
    order = [a for i in range(n) for a in (i, n + i)]
    shape = [p.shape[i] * r.shape[i] for i in range(n)]
    return joint.transpose(order).reshape(shape)
