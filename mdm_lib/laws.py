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
from numpy.typing import ArrayLike

from ._validate import (
    MAX_TABLE_ENTRIES,
    as_alphabet_sizes,
    as_float_array,
    as_generator,
    as_int,
    as_law_rows,
    as_positive_float,
    as_probability_table,
    as_product_mixture,
    check_array_bytes,
    check_limit,
    check_table_axes,
    normalisation_tolerance,
)


def as_law(p: ArrayLike) -> np.ndarray:
    """Check that ``p`` is a probability table and return it as a float64 array.

    Parameters
    ----------
    p : array_like, shape (q_1, ..., q_n)
        Non-negative entries summing to 1 (within a tolerance of a few ulps of
        the input's dtype times ``sqrt(p.size)``, and at least 1e-9); no NaN;
        at least one axis.

    Returns
    -------
    numpy.ndarray
        The same table, as float64.

    Raises
    ------
    ValueError
        For a 0-d array, an empty axis, NaN or infinite, negative or unnormalised entries.
    TypeError
        For input that is not numeric (``None``, strings, booleans).

    Examples
    --------
    >>> as_law([[0.5, 0.0], [0.0, 0.5]]).shape
    (2, 2)
    """
    return as_probability_table(p, "p")


def _as_shape(shape: int | Sequence[int]) -> tuple[int, ...]:
    out = as_alphabet_sizes(shape, "shape", int_ok=True)
    check_table_axes(len(out), "shape")
    check_limit(int(np.prod([float(q) for q in out])), MAX_TABLE_ENTRIES, "the table size prod(shape)")
    return out


def random_law(
    shape: int | Sequence[int],
    *,
    rng: int | np.random.Generator | None = None,
    concentration: float = 1.0,
) -> np.ndarray:
    """Draw a law uniformly-ish over the simplex: a Dirichlet(concentration) table.

    Small ``concentration`` (e.g. 0.2) gives peaked, strongly dependent laws;
    large values give nearly uniform ones. Dirichlet tables have convex
    information curves on average; they are not neutral test cases.

    Parameters
    ----------
    shape : int or sequence of int
        ``(q_1, ..., q_n)``, each ``>= 1``; an int means one position.
    rng : None, int or numpy.random.Generator, optional
        Seed or generator (SPEC 7).
    concentration : float, default 1.0
        Dirichlet parameter, ``> 0``.

    Returns
    -------
    numpy.ndarray, shape ``shape``

    Raises
    ------
    TypeError
        If ``shape`` is not an int or a sequence of ints.
    ValueError
        If an entry of ``shape`` is below 1, ``concentration <= 0``, or the
        table would exceed ``MAX_TABLE_ENTRIES`` (``mdm_lib._validate``) entries.

    Examples
    --------
    >>> p = random_law((2, 3), rng=0)
    >>> p.shape, round(float(p.sum()), 12)
    ((2, 3), 1.0)
    """
    shape = _as_shape(shape)
    concentration = as_positive_float(concentration, "concentration")
    rng = as_generator(rng)
    size = int(np.prod(shape))
    weights = rng.dirichlet(np.full(size, concentration))
    return weights.reshape(shape)


def product_law(marginals: Sequence[ArrayLike]) -> np.ndarray:
    """The product of independent one-position laws.

    Parameters
    ----------
    marginals : sequence of 1-d arrays
        ``marginals[i]`` is the law of position i; each must sum to 1.

    Returns
    -------
    numpy.ndarray, shape (len(marginals[0]), ..., len(marginals[-1]))

    Raises
    ------
    TypeError
        If ``marginals`` is not a sequence of numeric arrays.
    ValueError
        If a marginal is not a 1-d law, ``marginals`` is empty, or the table
        would be too large.

    Examples
    --------
    >>> product_law([[0.5, 0.5], [1.0, 0.0, 0.0]]).shape
    (2, 3)
    """
    if isinstance(marginals, np.ndarray) and marginals.ndim == 1:
        raise ValueError("marginals must be a sequence of 1-d laws, one per position")
    if isinstance(marginals, (str, bytes)) or not isinstance(marginals, (Sequence, np.ndarray)):
        raise TypeError(f"marginals must be a sequence of 1-d laws, got {type(marginals).__name__}")
    if len(marginals) == 0:
        raise ValueError("marginals must hold at least one law")
    check_table_axes(len(marginals), "marginals")
    laws = []
    for i, m in enumerate(marginals):
        m = as_probability_table(m, f"marginals[{i}]")
        if m.ndim != 1:
            raise ValueError(f"marginals[{i}] must be 1-d, got shape {m.shape}")
        laws.append(m)
    check_limit(int(np.prod([float(m.size) for m in laws])), MAX_TABLE_ENTRIES, "the table size")
    table = np.ones(())
    for m in laws:
        table = np.multiply.outer(table, m)
    return table


def check_transition(transition: ArrayLike) -> np.ndarray:
    """Validate a square, row-stochastic transition matrix and return it as float64.

    Parameters
    ----------
    transition : array_like, shape (q, q)
        ``transition[a, b] = P(X_{t+1} = b | X_t = a)``.

    Returns
    -------
    numpy.ndarray, shape (q, q)

    Raises
    ------
    ValueError
        If the matrix is not square, has negative entries, or a row does not
        sum to 1 within the tolerance of its dtype (a float32 matrix is checked
        at float32 precision).
    TypeError
        If it is not numeric.

    Examples
    --------
    >>> check_transition([[0.5, 0.5], [0.0, 1.0]]).shape
    (2, 2)
    """
    P = as_float_array(transition, "transition")
    if P.ndim != 2 or P.shape[0] != P.shape[1] or P.shape[0] == 0:
        raise ValueError(f"transition must be a square (q, q) matrix, got shape {P.shape}")
    return as_law_rows(transition, "transition", kind="row-stochastic")


def _closed_classes(P: np.ndarray) -> list[np.ndarray]:
    """The closed communicating classes of a transition matrix (its recurrent classes), sorted.

    The strongly connected components of the graph ``a -> b`` for ``P[a, b] > 0``
    with no edge to another component.
    """
    from scipy.sparse import csr_matrix  # imported here: scipy.sparse is slow to import
    from scipy.sparse.csgraph import connected_components

    support = csr_matrix(P > 0)
    count, labels = connected_components(support, directed=True, connection="strong")
    rows, cols = support.nonzero()
    closed = np.ones(count, dtype=bool)
    closed[labels[rows][labels[rows] != labels[cols]]] = False
    return sorted((np.flatnonzero(labels == c) for c in np.flatnonzero(closed)), key=lambda c: int(c[0]))


def unique_stationary_law(transition: ArrayLike) -> np.ndarray:
    """The stationary law of a chain with one closed class, or a ``ValueError`` naming ``initial``.

    Every irreducible chain, periodic or not, has one closed class. A chain with
    several (e.g. the identity matrix) has many stationary laws, so the callers
    that start a chain in *the* stationary law need an explicit ``initial=``.

    Parameters
    ----------
    transition : array_like, shape (q, q)
        Row-stochastic matrix.

    Returns
    -------
    numpy.ndarray, shape (q,)
        The unique stationary law (:func:`stationary_law`).

    Raises
    ------
    ValueError
        If the chain has several closed classes (the message lists them and asks
        for ``initial=``), or ``transition`` is not row-stochastic.
    TypeError
        If ``transition`` is not numeric.

    Examples
    --------
    >>> # periodic: unique all the same
    >>> unique_stationary_law([[0.0, 1.0], [1.0, 0.0]]).tolist()
    [0.5, 0.5]
    """
    P = check_transition(transition)
    classes = _closed_classes(P)
    if len(classes) > 1:
        raise ValueError(
            f"transition has {len(classes)} closed classes "
            f"({', '.join(str(c.tolist()) for c in classes)}), so its stationary law is not unique: "
            "pass initial= (the law of X_1, e.g. a stationary law supported on one class)"
        )
    return stationary_law(P)


def stationary_start(transition: ArrayLike, initial: ArrayLike | None = None) -> np.ndarray:
    """The law of every ``X_t`` of a stationary chain: ``initial`` checked, or the unique stationary law.

    Formulas that need every position to have the same law (the curve of
    :func:`mdm_lib.markov_info_curve`, say) start the chain here.

    Parameters
    ----------
    transition : array_like, shape (q, q)
        Row-stochastic matrix.
    initial : array_like, shape (q,), optional
        A stationary law (``initial @ transition == initial`` within the
        tolerance of the inputs' dtypes, at least 1e-9). Without it, the unique
        stationary law (:func:`unique_stationary_law`).

    Returns
    -------
    numpy.ndarray, shape (q,)

    Raises
    ------
    ValueError
        If ``initial`` is not a law on the q states or not stationary, or it is
        missing for a chain with several closed classes.
    TypeError
        If an argument is not numeric.

    Examples
    --------
    >>> stationary_start(np.eye(2), [0.25, 0.75]).tolist()
    [0.25, 0.75]
    """
    P = check_transition(transition)
    if initial is None:
        return unique_stationary_law(P)
    q = P.shape[0]
    pi = as_probability_table(initial, "initial")
    if pi.shape != (q,):
        raise ValueError(f"initial must be a law on the q = {q} states, shape ({q},), got shape {pi.shape}")
    deviation = float(np.abs(pi @ P - pi).max())
    tolerance = max(
        normalisation_tolerance(getattr(initial, "dtype", np.dtype(np.float64)), q),
        normalisation_tolerance(getattr(transition, "dtype", np.dtype(np.float64)), q),
    )
    if deviation > tolerance:
        raise ValueError(
            "initial must be stationary (initial @ transition == initial): every X_t must have the "
            f"same law; largest deviation {deviation:g}"
        )
    return pi


def markov_chain_law(transition: ArrayLike, n: int, *, initial: ArrayLike | None = None) -> np.ndarray:
    """The law of ``X_1, ..., X_n`` for a Markov chain, as a full table.

    Parameters
    ----------
    transition : array_like, shape (q, q)
        Row-stochastic matrix: ``transition[a, b] = P(X_{t+1} = b | X_t = a)``.
    n : int
        Sequence length, at least 1.
    initial : array_like, shape (q,), optional
        Law of ``X_1``. By default the stationary law of ``transition``, so the
        chain is stationary; this needs a *unique* stationary law (one closed
        class, as for every irreducible chain, periodic ones included). A chain
        with several closed classes has many stationary laws: pass ``initial``.

    Returns
    -------
    numpy.ndarray, shape (q,) * n

    Raises
    ------
    ValueError
        If ``transition`` is not row-stochastic, ``n < 1``, ``initial`` is not a
        law over the q states, ``initial`` is missing for a chain with several
        closed classes, or ``q**n`` exceeds the table limit.
    TypeError
        If an argument is not numeric.

    Examples
    --------
    >>> p = markov_chain_law([[0.9, 0.1], [0.1, 0.9]], 3)
    >>> p.shape, float(p[0, 0, 0].round(6))
    ((2, 2, 2), 0.405)
    >>> markov_chain_law([[1.0, 0.0], [0.0, 1.0]], 2, initial=[0.5, 0.5]).tolist()
    [[0.5, 0.0], [0.0, 0.5]]
    """
    P = check_transition(transition)
    n = as_int(n, "n", low=1)
    q = P.shape[0]
    check_table_axes(n, "n")
    check_limit(q**n, MAX_TABLE_ENTRIES, "the table size q**n")
    if initial is None:
        pi = unique_stationary_law(P)
    else:
        pi = as_probability_table(initial, "initial")
        if pi.shape != (q,):
            raise ValueError(f"initial must have shape ({q},), got {pi.shape}")
    table = pi
    for _ in range(n - 1):
        table = table[..., :, None] * P[(None,) * (table.ndim - 1)]
    return table


def stationary_law(transition: ArrayLike) -> np.ndarray:
    """A stationary law of a row-stochastic matrix (solves ``pi P = pi``, ``sum pi = 1``).

    The law is unique when the chain has one closed class (every irreducible
    chain, periodic or not). With several closed classes the stationary laws
    form a simplex, and this returns the least-squares (minimum-norm) solution;
    :func:`markov_chain_law` then asks for an explicit ``initial`` law.

    Parameters
    ----------
    transition : array_like, shape (q, q)
        Row-stochastic matrix.

    Returns
    -------
    numpy.ndarray, shape (q,)

    Raises
    ------
    ValueError, TypeError
        As ``mdm_lib.laws.check_transition``.

    Examples
    --------
    >>> stationary_law([[0.9, 0.1], [0.2, 0.8]]).round(6).tolist()
    [0.666667, 0.333333]
    """
    P = check_transition(transition)
    q = P.shape[0]
    system = np.vstack([P.T - np.eye(q), np.ones((1, q))])
    rhs = np.zeros(q + 1)
    rhs[-1] = 1.0
    pi, *_ = np.linalg.lstsq(system, rhs, rcond=None)
    pi = np.clip(pi, 0.0, None)
    return pi / pi.sum()


def mixture_law(weights: ArrayLike, laws: Sequence[ArrayLike]) -> np.ndarray:
    """The mixture ``sum_c weights[c] * laws[c]`` of laws with one shape.

    Parameters
    ----------
    weights : array_like, shape (m,)
        Mixture weights, a law over the m components.
    laws : sequence of m array_like
        Probability tables, all of one shape.

    Returns
    -------
    numpy.ndarray
        The mixture, of the laws' shape.

    Raises
    ------
    ValueError
        If ``weights`` is not a 1-d law, the counts differ, a law is invalid,
        or the shapes differ.
    TypeError
        If an argument is not numeric.

    Examples
    --------
    >>> a = product_law([[1.0, 0.0]] * 2); b = product_law([[0.0, 1.0]] * 2)
    >>> mixture_law([0.5, 0.5], [a, b]).tolist()
    [[0.5, 0.0], [0.0, 0.5]]
    """
    w = as_probability_table(weights, "weights")
    if w.ndim != 1:
        raise ValueError(f"weights must be 1-d, got shape {w.shape}")
    if isinstance(laws, (str, bytes)) or not isinstance(laws, (Sequence, np.ndarray)):
        raise TypeError(f"laws must be a sequence of probability tables, got {type(laws).__name__}")
    if len(laws) != w.size:
        raise ValueError(f"laws must hold one law per weight ({w.size}), got {len(laws)}")
    tables = [as_probability_table(law, f"laws[{c}]") for c, law in enumerate(laws)]
    shapes = {t.shape for t in tables}
    if len(shapes) != 1:
        raise ValueError(f"laws must all have one shape, got {sorted(shapes)}")
    return np.tensordot(w, np.stack(tables), axes=1)


def product_mixture_law(weights: ArrayLike, marginals: ArrayLike) -> np.ndarray:
    """Full table of the mixture ``sum_c weights[c] * prod_i marginals[c, i]``.

    Parameters
    ----------
    weights : array_like, shape (m,)
        Mixture weights.
    marginals : array_like, shape (m, n, q)
        ``marginals[c, i]`` is the law of position i in component c.

    Returns
    -------
    numpy.ndarray, shape (q,) * n

    Raises
    ------
    ValueError
        If the shapes disagree, a marginal is not a law, or ``q**n`` exceeds
        the table limit.
    TypeError
        If an argument is not numeric.

    Examples
    --------
    >>> product_mixture_law([0.5, 0.5], [[[1, 0], [1, 0]], [[0, 1], [0, 1]]]).tolist()
    [[0.5, 0.0], [0.0, 0.5]]
    """
    w, m = as_product_mixture(weights, marginals)
    return mixture_law(w, [product_law(list(component)) for component in m])


def linear_code_law(generator: ArrayLike, q: int) -> np.ndarray:
    """Full table of ``M U`` for ``U`` uniform on ``F_q^d``, with q prime (Example 1).

    Parameters
    ----------
    generator : array_like of int, shape (n, d)
        The matrix ``M``; entries are taken mod q.
    q : int
        A prime (the arithmetic is mod q); the table has ``q**n`` entries and
        ``q**d`` messages are enumerated, both at most
        ``MAX_TABLE_ENTRIES`` (``mdm_lib._validate``).

    Returns
    -------
    numpy.ndarray, shape (q,) * n

    Raises
    ------
    ValueError
        If ``q`` is not prime, ``generator`` is not an integer matrix, or
        ``q**n`` or ``q**d`` exceeds the limit.
    TypeError
        If an argument has the wrong type.

    Examples
    --------
    >>> p = linear_code_law([[1], [1]], 2)   # repetition code of length 2
    >>> p.tolist()
    [[0.5, 0.0], [0.0, 0.5]]
    """
    from .codes import is_prime

    q = as_int(q, "q", low=2)
    if not is_prime(q):
        raise ValueError(f"q must be prime (arithmetic mod q), got {q}")
    M = as_float_array(generator, "generator")
    if M.ndim != 2 or 0 in M.shape:
        raise ValueError(f"generator must be an (n, d) matrix, got shape {M.shape}")
    if (M != np.round(M)).any():
        raise ValueError("generator must hold integers")
    n, d = M.shape
    check_table_axes(n, "generator")
    check_limit(q**n, MAX_TABLE_ENTRIES, f"q**n (q = {q}, n = {n})")
    # the messages (d rows) and the codewords (n rows): q**d columns of int64 each (d > 64 is too many)
    check_array_bytes(
        max(n, d) * q ** min(d, 64), f"the codewords of generator, max(n, d) * q**d (q = {q}, d = {d})"
    )
    M = np.mod(M, q).astype(np.int64)
    messages = np.indices((q,) * d).reshape(d, -1)
    words = (M @ messages) % q
    table = np.zeros((q,) * n)
    np.add.at(table, tuple(words), 1.0 / messages.shape[1])
    return table


def paired_law(p: ArrayLike, r: ArrayLike) -> np.ndarray:
    """The law of ``((X_1, Y_1), ..., (X_n, Y_n))`` for independent ``X ~ p``, ``Y ~ r``.

    Position i takes values in ``Σ_i × Σ'_i`` (flattened, the value
    ``(x, y)`` is ``x * q'_i + y``).

    Parameters
    ----------
    p, r : array_like
        Laws with the same number n of positions.

    Returns
    -------
    numpy.ndarray, shape (p.shape[0] * r.shape[0], ..., p.shape[-1] * r.shape[-1])

    Raises
    ------
    ValueError
        If a table is not a law, the position counts differ, or the paired
        table would exceed the table limit.
    TypeError
        If an argument is not numeric.

    Examples
    --------
    >>> paired_law([0.5, 0.5], [1.0, 0.0, 0.0]).tolist()
    [0.5, 0.0, 0.0, 0.5, 0.0, 0.0]
    """
    p = as_probability_table(p, "p")
    r = as_probability_table(r, "r")
    if p.ndim != r.ndim:
        raise ValueError(f"p and r must have the same number of positions, got {p.ndim} and {r.ndim}")
    check_limit(p.size * r.size, MAX_TABLE_ENTRIES, "the paired table size p.size * r.size")
    n = p.ndim
    joint = np.multiply.outer(p, r)  # axes x_1..x_n, y_1..y_n
    order = [a for i in range(n) for a in (i, n + i)]
    shape = [p.shape[i] * r.shape[i] for i in range(n)]
    return joint.transpose(order).reshape(shape)
