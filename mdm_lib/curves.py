"""Information curves known without a table.

The full-table route (:func:`mdm_lib.info_curve`) stops at n ≈ 24 positions.
The curves here come from a law's structure instead, at any length n:

* product laws: ``Z ≡ 0`` (:func:`product_info_curve`);
* stationary Markov chains over q states (:func:`markov_info_curve`), exact
  at any n by counting the subsets in which two chosen positions are neighbours;
* linear codes with uniform codewords: MDS / Reed–Solomon codes, the single
  parity code and the repetition code have step curves (:func:`mds_info_curve`,
  :func:`single_parity_info_curve`, :func:`repetition_info_curve`);
* independent pairings of two laws: the curves add (:func:`paired_info_curve`),
  and the lift ``Z^{↑k}`` of Theorem 6/25 (:func:`lifted_curve`);
* mixtures of m product laws (:func:`product_mixture_info_curve`): exact for
  small n (at large n, :func:`mdm_lib.estimate_product_mixture_info_curve` estimates it with
  standard errors);
* the geometric staircase of Lemma 28 (:func:`geometric_staircase_curve`),
  which needs ``Ω(log n / eps)`` steps, and synthetic shapes
  (:func:`shaped_curve`) for experiments.

:func:`monotone_projection` maps an estimated curve to the nearest
non-decreasing one, as every true curve is.

All curves are returned in the convention of :func:`mdm_lib.info_curve`: an
array ``Z`` of length n with ``Z[j-1] = Z_j`` and ``Z[0] = Z_1 = 0``.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

from ._deprecation import module_getattr
from ._kernels import _kernels
from ._validate import (
    MAX_TABLE_ENTRIES,
    as_curve,
    as_int,
    as_law_rows,
    as_positive_float,
    as_probability_table,
    as_product_mixture,
    check_array_bytes,
    log_base,
    mds_code_problem,
)
from .information import MAX_POSITIONS, info_curve
from .laws import check_transition, product_mixture_law, stationary_start

#: Names before issue 14 (they said the lemma, not the concept), served with a DeprecationWarning.
_RENAMED = {
    "lemma28_function": "geometric_staircase_function",
    "lemma28_curve": "geometric_staircase_curve",
}
__getattr__ = module_getattr(__name__, _RENAMED)


def _as_length(n: int, low: int = 1) -> int:
    """A curve length: an int ``>= low`` and at most ``MAX_TABLE_ENTRIES``."""
    return as_int(n, "n", low=low, high=MAX_TABLE_ENTRIES)


def product_info_curve(n: int) -> np.ndarray:
    """The information curve of any product law of length ``n``: ``Z ≡ 0``.

    Parameters
    ----------
    n : int
        Sequence length, ``1 <= n <= MAX_TABLE_ENTRIES``.

    Returns
    -------
    numpy.ndarray, shape (n,)

    Raises
    ------
    ValueError
        If ``n`` is out of range.
    TypeError
        If ``n`` is not an integer.

    Examples
    --------
    >>> product_info_curve(3).tolist()
    [0.0, 0.0, 0.0]
    """
    return np.zeros(_as_length(n))


#: Bound (in nats) on the neglected tails of the gap sums in :func:`markov_info_curve`.
_MARKOV_TAIL_TOL = 1e-16
#: Largest number of matrix entries (powers times q^2) formed at once by :func:`markov_info_curve`.
_POWER_BLOCK_ENTRIES = 1 << 21


def markov_info_curve(
    transition: ArrayLike, n: int, *, initial: ArrayLike | None = None, base: float = 2
) -> np.ndarray:
    """Exact information curve of a stationary Markov chain of length ``n``.

    The chain starts in a stationary law :math:`\\pi` (as in
    :func:`mdm_lib.markov_chain_law`), so no full table is built and ``n`` can
    be :math:`10^5` or more, for any chain: fast- or slow-mixing, periodic, or with
    transient states.

    Parameters
    ----------
    transition : array_like, shape (q, q)
        Square, row-stochastic matrix, ``transition[a, b] = P(X_{t+1}=b | X_t=a)``.
    n : int
        Sequence length, ``1 <= n <= MAX_TABLE_ENTRIES``.
    initial : array_like, shape (q,), optional
        The law of every ``X_t``; it must be stationary
        (``initial @ transition == initial`` within 1e-9, or the tolerance of
        the input's dtype). Required when the
        chain has several stationary laws (more than one closed class, e.g. the
        identity matrix); by default the unique stationary law.
    base : float, default 2
        Logarithm base (2 gives bits).

    Returns
    -------
    numpy.ndarray, shape (n,)
        ``Z_1, ..., Z_n`` with ``Z_1 = 0``; equal (to rounding) to the
        information curve of the full table of the chain.

    Raises
    ------
    TypeError
        If ``n`` is not an integer or an array is not numeric.
    ValueError
        If ``transition`` is not square or not row-stochastic, ``n < 1``,
        ``initial`` is not a stationary probability vector of length q, or
        ``initial`` is missing for a chain with several stationary laws.

    Notes
    -----
    For sorted positions :math:`a_1 < \\dots < a_m`, the Markov property gives
    :math:`H(X_A) = H(\\pi) + \\sum_i h(a_{i+1} - a_i)` with
    :math:`h(d) = H(X_{t+d} \\mid X_t)`. Writing
    :math:`g(d) = I(X_t; X_{t+d}) = H(\\pi) - h(d)` and
    :math:`r(m, d)` for the expected number of neighbouring pairs at gap ``d``
    in a uniform m-subset of ``[n]``,

    .. math:: r(m, d) = (n-d)\\binom{n-d-1}{m-2}\\Big/\\binom nm
              = (n-d)\\,\\frac{m(m-1)}{n(n-1)}\\prod_{i=0}^{d-2}\\frac{n-m-i}{n-2-i},

    and since :math:`\\sum_d r(m, d) = m - 1`, the average entropy is
    :math:`H_m = m H(\\pi) - \\sum_d g(d) r(m, d)`, so by Lemma 13
    :math:`Z_m = \\sum_d g(d)\\,[r(m, d) - r(m-1, d)]`, computed for
    m = 2, ..., n with exact ratios between consecutive m (no binomials).

    Two cut-offs keep the cost near ``O(n log n)`` whatever the chain. The
    gap information :math:`g(d)` (from the powers :math:`P^d`, formed a block
    of powers at a time) stops at the first ``D`` where the chi-square bound
    :math:`g(D) \\le \\delta_D^2 \\sum_b 1/\\pi_b` (:math:`\\delta_D` the
    largest deviation of a row of :math:`P^D` from :math:`\\pi`), times ``2 n``,
    is below 1e-16 nats (``g`` is non-increasing by data processing; chains that
    never mix use every gap). And the gap weights decay geometrically in ``d``
    for each m, :math:`r(m, d) \\le \\frac{m(m-1)}{n}\\rho_m^{d-1}` with
    :math:`\\rho_m = \\frac{n-m}{n-2}`, so the sum for ``Z_m`` stops where
    this tail, for ``m`` and ``m - 1``, times :math:`\\max g`, is below 1e-16
    nats: about :math:`40 n / m` gaps. The sums over ``m`` run compiled.

    Examples
    --------
    >>> Z = markov_info_curve([[0.9, 0.1], [0.1, 0.9]], 4)
    >>> Z.round(4).tolist()
    [0.0, 0.4052, 0.5513, 0.6365]
    >>> # i.i.d.: a product
    >>> markov_info_curve([[0.5, 0.5], [0.5, 0.5]], 3).round(12).tolist()
    [0.0, 0.0, 0.0]
    >>> # one fair bit, repeated
    >>> markov_info_curve(np.eye(2), 3, initial=[0.5, 0.5]).round(12).tolist()
    [0.0, 1.0, 1.0]
    """
    P = check_transition(transition)
    n = _as_length(n)
    scale = log_base(base)
    pi = stationary_start(transition, initial)
    gaps = _neighbour_information(P, pi, n)
    return _kernels()._gap_walk(gaps, n, _MARKOV_TAIL_TOL) / scale


def _neighbour_information(P: np.ndarray, pi: np.ndarray, n: int) -> np.ndarray:
    """``g(d) = I(X_t; X_{t+d})`` in nats for d = 1, 2, ... up to the tail cut-off.

    The powers ``P^{d0+1}, ..., P^{d0+B}`` of a block are one batched product of
    ``P^{d0}`` with the precomputed ``P^1, ..., P^B``.
    """
    support = pi > 0
    target = pi[support]
    P = P[np.ix_(support, support)]  # the stationary chain never leaves the support of pi
    q = target.size
    tail_factor = 2 * n * np.sum(1.0 / target)
    block = int(max(1, min(n, _POWER_BLOCK_ENTRIES // (q * q))))
    steps = np.empty((block, q, q))
    steps[0] = P
    for j in range(1, block):
        steps[j] = steps[j - 1] @ P
    values = []
    start = np.eye(q)
    done = 0
    while done < n - 1:
        powers = np.matmul(start, steps)[: n - 1 - done]
        values.append(_relative_entropy_rows(powers, target) @ target)
        deviation = np.abs(powers - target).max(axis=(1, 2))
        small = np.flatnonzero(deviation**2 * tail_factor <= _MARKOV_TAIL_TOL)
        if small.size:
            values[-1] = values[-1][: small[0] + 1]
            break
        start = powers[-1]
        done += powers.shape[0]
    return np.concatenate(values) if values else np.zeros(0)


def _relative_entropy_rows(rows: np.ndarray, target: np.ndarray) -> np.ndarray:
    """``KL(row || target)`` for each row (last axis), in nats, accurate when rows ≈ target.

    Uses ``sum_b target_b * phi(row_b / target_b)`` with
    ``phi(1 + u) = (1 + u) log1p(u) - u >= 0``, which has no cancellation at u ≈ 0.
    """
    u = rows / target - 1.0
    with np.errstate(divide="ignore", invalid="ignore"):
        phi = np.where(u > -1.0, (1.0 + u) * np.log1p(u) - u, 1.0)
    return (phi * target).sum(axis=-1)


def mds_info_curve(n: int, dimension: int, q: int, *, synthetic: bool = False, base: float = 2) -> np.ndarray:
    """Curve of the uniform law on an MDS code of length n and dimension ``dimension`` over q symbols.

    Prop 20: any ``dimension`` coordinates of a codeword are uniform and
    independent, and any ``dimension`` of them determine the rest, so
    ``Z_j = log(q) 1[j > dimension]``. Then ``TC = (n - dimension) log q``
    (the codimension) and ``DTC = dimension log q``, as in Example 1.
    Reed–Solomon codes, the single parity code (dimension n - 1) and the
    repetition code (dimension 1) are MDS.

    Such a code exists when ``dimension`` is 1, ``n - 1`` or ``n`` (any q), or
    when q is a prime power and ``n <= q + 1`` (extended Reed–Solomon codes);
    it cannot exist when ``n > q + dimension - 1`` (its codewords would form an
    orthogonal array of index 1, strength ``dimension`` and ``n`` factors, which
    needs ``n <= q + dimension - 1``). Outside the first two cases the function
    raises, unless ``synthetic=True``.

    Parameters
    ----------
    n : int
        Length, ``>= 1``.
    dimension : int
        Code dimension, ``1 <= dimension <= n`` (the third positional argument
        was called ``k`` before; ``k`` now always means a number of steps).
    q : int
        Alphabet size, ``>= 2``.
    synthetic : bool, default False
        Return the step curve even when no code is known to have it; it is then
        a synthetic curve, **not** the information curve of any law we can build
        (and, when ``n > q + dimension - 1``, of no MDS code at all).
    base : float, default 2
        Logarithm base (2 gives bits).

    Returns
    -------
    numpy.ndarray, shape (n,)
        ``log_base(q) * 1[j > dimension]`` for ``j = 1..n``.

    Raises
    ------
    TypeError
        If ``n``, ``dimension`` or ``q`` is not an integer, or ``synthetic`` not a bool.
    ValueError
        If an argument is out of range, or no MDS code with these parameters is
        known to exist and ``synthetic`` is False.

    Examples
    --------
    >>> mds_info_curve(4, 2, 5).round(3).tolist()
    [0.0, 0.0, 2.322, 2.322]
    >>> # no binary [6, 3] MDS code exists
    >>> mds_info_curve(6, 3, 2, synthetic=True).tolist()
    [0.0, 0.0, 0.0, 1.0, 1.0, 1.0]
    """
    n = _as_length(n)
    dimension = as_int(dimension, "dimension", low=1, high=n)
    q = as_int(q, "q", low=2)
    if not isinstance(synthetic, (bool, np.bool_)):
        raise TypeError(f"synthetic must be a bool, got {type(synthetic).__name__}")
    reason = None if synthetic else mds_code_problem(n, dimension, q)
    if reason is not None:
        raise ValueError(
            f"an MDS code of length n = {n}, dimension = {dimension} over q = {q} symbols {reason}; "
            "pass synthetic=True for the step curve alone (not the curve of any law built here)"
        )
    return np.where(np.arange(1, n + 1) > dimension, np.log(q) / log_base(base), 0.0)


def single_parity_info_curve(n: int, q: int = 2, *, base: float = 2) -> np.ndarray:
    """Curve of a uniform word with zero sum mod q (dimension n - 1): ``Z_j = log(q) 1[j = n]``.

    Parameters
    ----------
    n : int
        Sequence length, ``n >= 2``.
    q : int, default 2
        Alphabet size, ``>= 2``.
    base : float, default 2
        Logarithm base.

    Returns
    -------
    numpy.ndarray, shape (n,)

    Raises
    ------
    ValueError
        If an argument is out of range.
    TypeError
        If ``n`` or ``q`` is not an integer.

    Examples
    --------
    >>> single_parity_info_curve(3).tolist()
    [0.0, 0.0, 1.0]
    """
    n = _as_length(n, low=2)
    return mds_info_curve(n, n - 1, q, base=base)


def repetition_info_curve(n: int, q: int = 2, *, base: float = 2) -> np.ndarray:
    """Curve of one uniform symbol repeated n times (dimension 1): ``Z_j = log(q) 1[j >= 2]``.

    Parameters
    ----------
    n : int
        Sequence length, ``n >= 1``.
    q : int, default 2
        Alphabet size, ``>= 2``.
    base : float, default 2
        Logarithm base.

    Returns
    -------
    numpy.ndarray, shape (n,)

    Raises
    ------
    ValueError
        If an argument is out of range.
    TypeError
        If ``n`` or ``q`` is not an integer.

    Examples
    --------
    >>> repetition_info_curve(3).tolist()
    [0.0, 1.0, 1.0]
    """
    return mds_info_curve(_as_length(n), 1, q, base=base)


def paired_info_curve(*curves: ArrayLike) -> np.ndarray:
    """Curve of the independent pairing of laws with the given curves: the curves add.

    ``I((X_i, Y_i); (X_S, Y_S)) = I(X_i; X_S) + I(Y_i; Y_S)`` when X and Y are
    independent, so ``Z(paired_law(p, r)) = Z(p) + Z(r)``.

    Parameters
    ----------
    *curves : array_like, shape (n,)
        At least one curve, all of one length.

    Returns
    -------
    numpy.ndarray, shape (n,)
        Their sum.

    Raises
    ------
    ValueError
        If no curve is given, a curve is invalid, or the lengths differ.
    TypeError
        If a curve is not numeric.

    Examples
    --------
    >>> paired_info_curve(repetition_info_curve(3), single_parity_info_curve(3)).tolist()
    [0.0, 1.0, 2.0]
    """
    if not curves:
        raise ValueError("paired_info_curve needs at least one curve")
    arrays = [as_curve(Z, f"curves[{i}]") for i, Z in enumerate(curves)]
    lengths = {Z.size for Z in arrays}
    if len(lengths) != 1:
        raise ValueError(f"curves must all have one length, got {sorted(lengths)}")
    return np.sum(arrays, axis=0)


def lifted_curve(Z: ArrayLike, dimension: int, q: int, *, base: float = 2) -> np.ndarray:
    """The lifted curve ``Z^{↑d}_j = Z_j + log(q) 1[j > d]`` of Theorem 6/25 (``d`` the code dimension).

    It is the curve of :func:`mdm_lib.paired_law` of a law with curve ``Z`` and
    a Reed–Solomon law of dimension ``d`` over ``F_q``.

    Parameters
    ----------
    Z : array_like, shape (n,)
        An information curve with ``n >= 2``.
    dimension : int
        The code dimension d, ``1 <= d <= n - 1`` (this argument was called ``k``,
        which now always means a number of steps).
    q : int
        Alphabet size of the code, ``>= 2``.
    base : float, default 2
        Logarithm base (the units of ``Z``).

    Returns
    -------
    numpy.ndarray, shape (n,)

    Raises
    ------
    ValueError
        If ``Z`` has fewer than 2 values or ``dimension`` lies outside ``1..n-1``.
    TypeError
        If an argument has the wrong type.

    Examples
    --------
    >>> lifted_curve([0.0, 0.5, 0.5], 1, 2).tolist()
    [0.0, 1.5, 1.5]
    """
    Z = as_curve(Z)
    if Z.size < 2:
        raise ValueError(
            f"Z must have n >= 2 values to be lifted by a code of dimension 1..n-1, got n = {Z.size}"
        )
    dimension = as_int(dimension, "dimension", low=1, high=Z.size - 1)
    q = as_int(q, "q", low=2)
    return Z + np.where(np.arange(1, Z.size + 1) > dimension, np.log(q) / log_base(base), 0.0)


def geometric_staircase_function(n: int, eps: float) -> np.ndarray:
    """The geometric staircase ``f`` of Lemma 28 on ``1..n`` (element ``x - 1`` is ``f(x)``).

    Its levels fall by the factor ``1 + eps`` on blocks whose lengths grow by
    that factor, so no function with fewer than about ``log n / eps`` pieces is
    within ``Ω(eps)`` of it in L1 (Lemma 28): ``f = (1+eps)^(-i) / (4 ln n)``
    on the block ``B_i`` of the ``x`` with
    ``floor((1+eps)^i) <= x < floor((1+eps)^(i+1))``. It is *decreasing*
    (about ``1 / (4 x ln n)``), although the lemma says monotone increasing; see
    :func:`geometric_staircase_curve`. The lemma assumes
    ``(2/n) ln(2/eps) <= eps <= 1/ln n``. Formerly ``lemma28_function``.

    Parameters
    ----------
    n : int
        Length, ``2 <= n <= MAX_TABLE_ENTRIES``.
    eps : float
        The lemma's ``eps > 0``.

    Returns
    -------
    numpy.ndarray, shape (n,)

    Raises
    ------
    ValueError
        If ``n`` or ``eps`` is out of range.
    TypeError
        If ``n`` is not an integer or ``eps`` not a real number.

    Examples
    --------
    >>> f = geometric_staircase_function(1000, 0.1)
    >>> bool(np.all(np.diff(f) <= 0)), round(float(f.sum()), 3)
    (True, 0.246)
    """
    n = _as_length(n, low=2)
    eps = as_positive_float(eps, "eps")
    x = np.arange(1, n + 1, dtype=np.float64)
    # Block index: the largest i with floor((1+eps)^i) <= x, i.e. (1+eps)^i < x + 1. The logarithm
    # gives it to rounding, and one step each way settles it with the same comparison as the
    # definition; memory O(n), however many blocks there are below n (about log(n) / eps).
    base = 1.0 + eps
    block = np.maximum(np.ceil(np.log(x + 1) / np.log1p(eps)) - 1.0, 0.0)
    block = np.where(np.floor(np.power(base, block)) > x, block - 1.0, block)
    block = np.where(np.floor(np.power(base, block + 1.0)) <= x, block + 1.0, block)
    return np.power(base, -block) / (4.0 * np.log(n))


def geometric_staircase_curve(n: int, eps: float) -> np.ndarray:
    """The geometric staircase of Lemma 28 as an information curve: ``Z_j = f(n+1-j) - f(n)``.

    ``f`` is :func:`geometric_staircase_function`. Reflecting turns the
    decreasing ``f`` into a non-decreasing curve with ``Z_1 = 0``. Reflection
    and a constant shift map piecewise-constant functions with k pieces to
    piecewise-constant functions with k pieces and keep L1 distances, so
    Lemma 28's lower bound on ``||f - h||_1`` holds for ``Z``, and in
    particular for the k-step left-Riemann error of Theorem 4.
    Formerly ``lemma28_curve``.

    Parameters
    ----------
    n : int
        Length, ``>= 2``.
    eps : float
        The lemma's ``eps > 0``.

    Returns
    -------
    numpy.ndarray, shape (n,)
        A non-decreasing curve with ``Z_1 = 0``.

    Raises
    ------
    ValueError, TypeError
        As :func:`geometric_staircase_function`.

    Examples
    --------
    >>> Z = geometric_staircase_curve(1000, 0.1)
    >>> float(Z[0]), bool(np.all(np.diff(Z) >= 0))
    (0.0, True)
    """
    f = geometric_staircase_function(n, eps)
    return f[::-1] - f[-1]


#: The shapes :func:`shaped_curve` knows, with where the curve climbs.
CURVE_SHAPES = {
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
        One of :data:`CURVE_SHAPES`.
    n : int
        Length, ``n >= 2``.
    height : float, default 1.0
        ``Z_n`` (bits, say).

    Returns
    -------
    numpy.ndarray, shape (n,)

    Raises
    ------
    ValueError
        If ``shape`` is unknown, ``n`` out of range, or ``height <= 0``.
    TypeError
        If ``n`` is not an integer or ``height`` not a real number.

    Examples
    --------
    >>> shaped_curve("step", 6).tolist()
    [0.0, 0.0, 0.0, 1.0, 1.0, 1.0]
    >>> shaped_curve("linear", 3, height=2.0).tolist()
    [0.0, 1.0, 2.0]
    """
    n = _as_length(n, low=2)
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
        raise ValueError(f"shape must be one of {sorted(CURVE_SHAPES)}, got {shape!r}")
    return height * z


def product_mixture_info_curve(weights: ArrayLike, marginals: ArrayLike, *, base: float = 2) -> np.ndarray:
    """Exact curve of a mixture of product laws, from its full table (n ≤ ``MAX_POSITIONS``).

    Example 2: a mixture of m products has ``DTC <= log m``. For large n use
    :func:`mdm_lib.estimate_product_mixture_info_curve`.

    Parameters
    ----------
    weights : array_like, shape (m,)
        Mixture weights.
    marginals : array_like, shape (m, n, q)
        ``marginals[c, i]`` is the law of position i in component c.
    base : float, default 2
        Logarithm base.

    Returns
    -------
    numpy.ndarray, shape (n,)

    Raises
    ------
    ValueError
        If the shapes disagree, a marginal is not a law, or n is too large for a table.
    TypeError
        If an argument is not numeric.

    Examples
    --------
    >>> product_mixture_info_curve([0.5, 0.5], [[[1, 0]] * 3, [[0, 1]] * 3]).tolist()
    [0.0, 1.0, 1.0]
    """
    w, m = as_product_mixture(weights, marginals)
    if m.shape[1] > MAX_POSITIONS:
        raise ValueError(f"n = {m.shape[1]} > {MAX_POSITIONS}: use estimate_product_mixture_info_curve")
    return info_curve(product_mixture_law(w, m), base=base)


def monotone_projection(Z: ArrayLike) -> np.ndarray:
    """The closest non-decreasing curve to ``Z`` in least squares (isotonic regression).

    Use it on an *estimated* information curve (e.g. from samples) before
    :func:`optimal_schedule`: a true curve is non-decreasing (Han's
    inequality), and the projection keeps the estimate's level where it is
    already monotone and pools adjacent violators otherwise
    (pool-adjacent-violators, via :func:`scipy.optimize.isotonic_regression`).

    Parameters
    ----------
    Z : array_like, shape (n,)
        A finite curve.

    Returns
    -------
    numpy.ndarray, shape (n,)
        The non-decreasing ``Y`` minimising ``sum_j (Y_j - Z_j)^2``.

    Raises
    ------
    ValueError
        If ``Z`` is not a finite non-empty 1-d curve.
    TypeError
        If ``Z`` is not numeric.

    Examples
    --------
    >>> monotone_projection([0.0, 1.0, 0.5, 2.0]).tolist()
    [0.0, 0.75, 0.75, 2.0]
    """
    from scipy.optimize import isotonic_regression

    Z = as_curve(Z)
    return np.asarray(isotonic_regression(Z, increasing=True).x, dtype=np.float64)


# --- mixtures of i.i.d. laws ----------------------------------------------------------------------

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
        match, or the count vectors would exceed ``mdm_lib.curves.MAX_IID_MIXTURE_COUNTS``.

    Examples
    --------
    >>> # repeated fair bit
    >>> iid_mixture_info_curve([0.5, 0.5], [[1.0, 0.0], [0.0, 1.0]], 3).tolist()
    [0.0, 1.0, 1.0]
    >>> iid_mixture_info_curve([1.0], [[0.3, 0.7]], 2).tolist()  # a product law
    [0.0, 0.0]
    """
    from scipy.special import gammaln, logsumexp

    w = as_probability_table(weights, "weights")
    if w.ndim != 1:
        raise ValueError(f"weights must be 1-d (one weight per component), got shape {w.shape}")
    probs = as_law_rows(symbol_probs, "symbol_probs")
    if probs.ndim != 2 or probs.shape[0] != w.size or probs.shape[1] < 2:
        raise ValueError(
            f"symbol_probs must have shape (components={w.size}, q >= 2), got shape {probs.shape}"
        )
    n = _as_length(n)
    scale = log_base(base)
    q = probs.shape[1]
    work = 0  # count vectors summed over the prefix lengths; (j + 1)^(q - 1) >= j + 1 of them at j
    for j in range(1, n + 1):
        work += (j + 1) ** (q - 1)
        if work > MAX_IID_MIXTURE_COUNTS:
            raise ValueError(
                f"n = {n:,} with q = {q} symbols needs more than MAX_IID_MIXTURE_COUNTS = "
                f"{MAX_IID_MIXTURE_COUNTS:,} count vectors"
            )
    check_array_bytes((n + 1) ** (q - 1) * w.size * q, "the count vectors at j = n times m * q")
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
