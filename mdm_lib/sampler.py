"""The masked-diffusion sampler with exact conditionals (Defs 14-15).

At step t a uniformly random set ``S_t`` of ``s_t`` still-masked positions is
revealed; each position in it is drawn independently from its exact conditional
law given the positions revealed before step t.

This module builds the sampler's output law directly from the table, by
enumerating partitions. It never uses the information curve, so it is the
independent check of Theorem 16 (``expected_kl(info_curve(p), s) ==
sampler_kl(p, s)``). :func:`block_sampler_kl` does the same for LLaDA's
semi-autoregressive blocks.
"""

from __future__ import annotations

import numbers
from collections.abc import Iterator, Sequence
from itertools import combinations, pairwise, product
from math import factorial, prod
from typing import NamedTuple

import numpy as np
from numpy.typing import ArrayLike

from ._batched_oracle import Oracle
from ._probability import inverse_cdf, table_kl
from ._validate import (
    as_generator,
    as_int,
    as_positive_float,
    as_probability_table,
    as_schedule_sizes,
    as_sizes,
    check_limit,
    log_base,
)
from .schedules.schedule import Schedule

#: Largest (number of ordered partitions) x (table entries) enumerated exactly.
MAX_ENUMERATION = 20_000_000

#: Largest exponent the learned oracle exponentiates directly (exp(709) is near the float64 limit).
_MAX_EXPONENT = 700.0

#: Largest ``noise`` of :func:`learned_oracle_kl`: answers down to about exp(-6.5 * 100) stay normal floats.
MAX_ORACLE_NOISE = 100.0

#: Largest ``num_samples * n`` drawn at once by :func:`sample` and :func:`random_partition_kl`.
MAX_SAMPLE_ENTRIES = 1 << 24

Partition = tuple[tuple[int, ...], ...]


def number_of_partitions(sizes: ArrayLike) -> int:
    """Number of ordered partitions of [n] into sets of the given sizes (multinomial).

    Parameters
    ----------
    sizes : array_like of int
        Non-negative step sizes; ``n`` is their sum.

    Returns
    -------
    int
        ``n! / (s_1! ... s_k!)``.

    Raises
    ------
    ValueError, TypeError
        If ``sizes`` is not a sequence of non-negative whole numbers.

    Examples
    --------
    >>> number_of_partitions([2, 1, 1])
    12
    """
    sizes = as_schedule_sizes(sizes)
    return factorial(int(sizes.sum())) // prod(factorial(int(s)) for s in sizes)


def _ordered_partitions(positions: tuple[int, ...], sizes: Sequence[int]) -> Iterator[Partition]:
    """Every ordered partition of ``positions`` into sets of ``sizes`` (no zero sizes)."""
    if not sizes:
        yield ()
        return
    for first in combinations(positions, sizes[0]):
        rest = tuple(i for i in positions if i not in first)
        for tail in _ordered_partitions(rest, sizes[1:]):
            yield (first,) + tail


def _check_enumeration(count: int, table: np.ndarray, what: str) -> None:
    """The shared cap of the exact enumerations: ``count`` partitions of a table."""
    if count * table.size > MAX_ENUMERATION:
        raise ValueError(
            f"p with {table.size} entries and {what} ({count:,} ordered partitions) is "
            f"too large for exact enumeration (limit {MAX_ENUMERATION:,} partition-entries); "
            "use expected_kl(info_curve(p), sizes) or random_partition_kl"
        )


def _marginal(table: np.ndarray, keep: Sequence[int]) -> np.ndarray:
    """Marginal on ``keep``, with the other axes kept as length-1 axes (broadcastable)."""
    drop = tuple(i for i in range(table.ndim) if i not in keep)
    return table.sum(axis=drop, keepdims=True)


def _check_partition(partition: Sequence[Sequence[int]], n: int) -> Partition:
    if isinstance(partition, (str, bytes)) or not isinstance(partition, (Sequence, np.ndarray)):
        raise TypeError(
            f"partition must be a sequence of sequences of positions, got {type(partition).__name__}"
        )
    checked: list[tuple[int, ...]] = []
    for t, step in enumerate(partition):
        if isinstance(step, (str, bytes)) or not isinstance(step, (Sequence, np.ndarray)):
            raise TypeError(f"partition[{t}] must be a sequence of positions, got {type(step).__name__}")
        for i in step:
            if isinstance(i, (bool, np.bool_)) or not isinstance(i, numbers.Integral):
                raise TypeError(f"partition[{t}] must hold integer positions, got {i} ({type(i).__name__})")
        checked.append(tuple(int(i) for i in step))
    steps = tuple(checked)
    flat = sorted(i for step in steps for i in step)
    if flat != list(range(n)):
        raise ValueError(f"partition must split the positions 0..{n - 1} into disjoint sets, got {steps}")
    return steps


def partition_law(p: ArrayLike, partition: Sequence[Sequence[int]]) -> np.ndarray:
    """The output law ``nu^{S_1..S_k}`` of the fixed unmasking algorithm (Def 14).

    Parameters
    ----------
    p : array_like, shape (q_1, ..., q_n)
        The data law.
    partition : sequence of sequences of int
        The revealed sets ``S_1, ..., S_k`` (0-based positions), in order.

    Returns
    -------
    numpy.ndarray
        ``nu(x) = prod_t prod_{j in S_t} p(x_j | x_{S_1 ∪ ... ∪ S_{t-1}})``. Where a
        conditioning event has probability 0 the conditional is taken uniform;
        such ``x`` have ``p(x) = 0`` and do not affect ``KL(p || nu)``.

    Raises
    ------
    TypeError
        If a position is not an integer (floats and bools are refused, not truncated).
    ValueError
        If ``p`` is not a law, or the sets do not split ``0..n-1``.

    Examples
    --------
    >>> p = [[0.5, 0.0], [0.0, 0.5]]
    >>> partition_law(p, [[0, 1]]).tolist()       # both at once: product of marginals
    [[0.25, 0.25], [0.25, 0.25]]
    >>> partition_law(p, [[0], [1]]).tolist()     # one at a time: exact
    [[0.5, 0.0], [0.0, 0.5]]
    """
    table = as_probability_table(p, "p")
    steps = _check_partition(partition, table.ndim)
    return _partition_law(table, steps)


def _exact_conditional(
    table: np.ndarray, revealed: list[int], j: int, m_revealed: np.ndarray | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """``p(x_j | x_revealed)`` (uniform where the condition has probability 0) and ``p(x_revealed, x_j)``.

    ``m_revealed``, the marginal of the revealed positions, is computed unless given.
    """
    if m_revealed is None:
        m_revealed = _marginal(table, revealed)
    m_joint = _marginal(table, revealed + [j])
    conditional = np.divide(
        m_joint,
        m_revealed,
        out=np.full(m_joint.shape, 1.0 / table.shape[j]),
        where=np.broadcast_to(m_revealed > 0, m_joint.shape),
    )
    return conditional, m_joint


def _partition_law(table: np.ndarray, steps: Partition) -> np.ndarray:
    nu = np.ones(table.shape)
    revealed: list[int] = []
    for step in steps:
        m_revealed = _marginal(table, revealed)
        for j in step:
            nu = nu * _exact_conditional(table, revealed, j, m_revealed)[0]
        revealed.extend(step)
    return nu


def _enumerate(table: np.ndarray, sizes: np.ndarray) -> Iterator[np.ndarray]:
    """Yield ``nu^S`` for every ordered partition with the given sizes."""
    _check_enumeration(number_of_partitions(sizes), table, f"sizes {sizes.tolist()}")
    nonzero = [int(s) for s in sizes if s > 0]
    for steps in _ordered_partitions(tuple(range(table.ndim)), nonzero):
        yield _partition_law(table, steps)


def sampler_law(p: ArrayLike, sizes: ArrayLike) -> np.ndarray:
    """The sampler's output law: the mixture of ``nu^S`` over uniform partitions (Def 15).

    Parameters
    ----------
    p : array_like, shape (q_1, ..., q_n)
        The data law.
    sizes : array_like of int
        Non-negative step sizes summing to n.

    Returns
    -------
    numpy.ndarray, shape (q_1, ..., q_n)
        The law of the sampler's output.

    Raises
    ------
    ValueError
        If ``p`` is not a law, ``sizes`` not a schedule of n tokens, or the
        enumeration would exceed ``mdm_lib.sampler.MAX_ENUMERATION`` partition-entries.
    TypeError
        If an argument is not numeric.

    Examples
    --------
    >>> sampler_law([[0.5, 0.0], [0.0, 0.5]], [2]).tolist()
    [[0.25, 0.25], [0.25, 0.25]]
    """
    table = as_probability_table(p, "p")
    sizes = as_sizes(sizes, table.ndim)
    total = np.zeros(table.shape)
    count = 0
    for nu in _enumerate(table, sizes):
        total += nu
        count += 1
    return total / count


def sampler_kl(p: ArrayLike, sizes: ArrayLike, *, base: float = 2) -> float:
    """``E_S KL(p || nu^S)`` by exact enumeration of every ordered partition (Def 1).

    This is the left-hand side of Theorem 4/16, computed without the
    information curve. Zero-size steps are allowed and ignored.

    Parameters
    ----------
    p : array_like, shape (q_1, ..., q_n)
        The data law.
    sizes : array_like of int
        Non-negative step sizes summing to n.
    base : float, default 2
        Logarithm base (2 gives bits).

    Returns
    -------
    float
        The expected KL error.

    Raises
    ------
    ValueError
        If the enumeration would exceed ``MAX_ENUMERATION`` partition-entries,
        or an argument is invalid.
    TypeError
        If an argument is not numeric.

    Examples
    --------
    >>> round(sampler_kl([[0.5, 0.0], [0.0, 0.5]], [2]), 12)   # one shot: TC = 1 bit
    1.0
    """
    table = as_probability_table(p, "p")
    sizes = as_sizes(sizes, table.ndim)
    scale = log_base(base)
    values = [table_kl(table, nu, scale) for nu in _enumerate(table, sizes)]
    return float(np.mean(values))


def mixture_kl(p: ArrayLike, sizes: ArrayLike, *, base: float = 2) -> float:
    """``KL(p || nu)`` for the mixture law ``nu`` the sampler actually outputs (Def 15).

    By convexity of KL it is at most :func:`sampler_kl`.

    Parameters
    ----------
    p : array_like, shape (q_1, ..., q_n)
        The data law.
    sizes : array_like of int
        Non-negative step sizes summing to n.
    base : float, default 2
        Logarithm base.

    Returns
    -------
    float

    Raises
    ------
    ValueError, TypeError
        As :func:`sampler_law`, or for an invalid ``base``.

    Examples
    --------
    >>> round(mixture_kl([[0.5, 0.0], [0.0, 0.5]], [1, 1]), 12)
    0.0
    """
    table = as_probability_table(p, "p")
    return table_kl(table, sampler_law(table, sizes), log_base(base))


def _random_partitions(n: int, sizes: np.ndarray, count: int, rng: np.random.Generator) -> np.ndarray:
    """``count`` uniform orders of [n], each step's block sorted: shape (count, n)."""
    orders = rng.permuted(np.tile(np.arange(n), (count, 1)), axis=1)
    bounds = Schedule(sizes).nodes
    for a, b in pairwise(bounds):
        orders[:, a:b] = np.sort(orders[:, a:b], axis=1)
    return orders


def _steps(order: np.ndarray, sizes: np.ndarray) -> Partition:
    bounds = Schedule(sizes).nodes
    return tuple(tuple(int(i) for i in order[a:b]) for a, b in pairwise(bounds) if b > a)


def random_partition_kl(
    p: ArrayLike,
    sizes: ArrayLike,
    num_samples: int,
    *,
    rng: int | np.random.Generator | None = None,
    base: float = 2,
) -> np.ndarray:
    """``KL(p || nu^S)`` for ``num_samples`` partitions ``S`` drawn as the sampler draws them.

    Their mean is a Monte Carlo estimate of :func:`sampler_kl` for tables too
    large to enumerate.

    Parameters
    ----------
    p : array_like, shape (q_1, ..., q_n)
        The data law.
    sizes : array_like of int
        Non-negative step sizes summing to n.
    num_samples : int
        Number of partitions drawn, ``>= 0`` (formerly ``num_draws``).
    rng : None, int or numpy.random.Generator, optional
        Seed or generator (SPEC 7).
    base : float, default 2
        Logarithm base.

    Returns
    -------
    numpy.ndarray, shape (num_samples,)
        One KL value per drawn partition.

    Raises
    ------
    ValueError
        For an invalid law or schedule, ``num_samples < 0``, or
        ``num_samples * n`` above ``mdm_lib.sampler.MAX_SAMPLE_ENTRIES``.
    TypeError
        If an argument has the wrong type.

    Examples
    --------
    >>> draws = random_partition_kl([[0.5, 0.0], [0.0, 0.5]], [1, 1], 3, rng=0)
    >>> draws.tolist()
    [0.0, 0.0, 0.0]
    """
    table = as_probability_table(p, "p")
    sizes = as_sizes(sizes, table.ndim)
    num_samples = as_int(num_samples, "num_samples", low=0)
    check_limit(num_samples * table.ndim, MAX_SAMPLE_ENTRIES, "num_samples * n")
    rng = as_generator(rng)
    scale = log_base(base)
    orders = _random_partitions(table.ndim, sizes, num_samples, rng)
    return np.array([table_kl(table, _partition_law(table, _steps(o, sizes)), scale) for o in orders])


def sample(
    p: ArrayLike, sizes: ArrayLike, num_samples: int, *, rng: int | np.random.Generator | None = None
) -> np.ndarray:
    """Run the masked-diffusion sampler ``num_samples`` times.

    Parameters
    ----------
    p : array_like, shape (q_1, ..., q_n)
        The data law, used as the exact conditional-marginal oracle.
    sizes : array_like of int
        Step sizes ``s_1, ..., s_k`` summing to n (zero-size steps are skipped).
    num_samples : int
        Number of independent runs, ``>= 0``; ``num_samples * n`` at most
        ``mdm_lib.sampler.MAX_SAMPLE_ENTRIES``.
    rng : None, int or numpy.random.Generator, optional
        Source of randomness (positions and values), SPEC 7.

    Returns
    -------
    numpy.ndarray of int, shape (num_samples, n)
        One generated sequence per row.

    Raises
    ------
    ValueError
        For an invalid law or schedule, ``num_samples < 0``, or a request above
        the limit (raised before allocating).
    TypeError
        If an argument has the wrong type.

    Examples
    --------
    >>> x = sample([[0.5, 0.0], [0.0, 0.5]], [1, 1], 4, rng=0)
    >>> bool((x[:, 0] == x[:, 1]).all())   # one at a time: never a mismatch
    True
    """
    table = as_probability_table(p, "p")
    n = table.ndim
    sizes = as_sizes(sizes, n)
    num_samples = as_int(num_samples, "num_samples", low=0)
    check_limit(num_samples * n, MAX_SAMPLE_ENTRIES, "num_samples * n")
    rng = as_generator(rng)
    out = np.zeros((num_samples, n), dtype=np.int64)
    if num_samples == 0:
        return out
    orders = _random_partitions(n, sizes, num_samples, rng)
    unique, group = np.unique(orders, axis=0, return_inverse=True)
    group = np.ravel(group)
    marginals: dict[tuple[int, ...], np.ndarray] = {}

    def marginal(keep: tuple[int, ...]) -> np.ndarray:  # axes in sorted order, no broadcast axes
        if keep not in marginals:
            marginals[keep] = table.sum(axis=tuple(i for i in range(n) if i not in keep))
        return marginals[keep]

    for g, order in enumerate(unique):
        rows = np.flatnonzero(group == g)
        x = out[rows]
        revealed: tuple[int, ...] = ()
        for step in _steps(order, sizes):
            weight = np.broadcast_to(marginal(revealed)[tuple(x[:, i] for i in revealed)], rows.shape)
            for j in step:
                keep = tuple(sorted(revealed + (j,)))
                joint = np.moveaxis(marginal(keep), keep.index(j), -1)
                probs = joint[tuple(x[:, i] for i in revealed)] / weight[:, None]
                x[:, j] = inverse_cdf(probs, rng.random(rows.size))
            revealed = tuple(sorted(revealed + step))
        out[rows] = x
    return out


def block_sampler_kl(p: ArrayLike, sizes: ArrayLike, blocks: int, *, base: float = 2) -> float:
    """Exact ``E_S KL(p || nu^S)`` of the semi-autoregressive (blocked) sampler, by enumeration.

    The n positions are cut into ``blocks`` equal consecutive blocks and the
    ``len(sizes)`` steps into ``blocks`` equal groups; the steps of group b
    reveal uniformly random still-masked positions *of block b* (LLaDA's
    ``remasking='random'`` with ``block_length = n / blocks``). With
    ``blocks=1`` this is the sampler of Theorem 4. Use it on small full tables:
    it enumerates every admissible ordered partition, under the same cap
    ``mdm_lib.sampler.MAX_ENUMERATION`` as :func:`sampler_kl`.

    Parameters
    ----------
    p : array_like, shape (q_1, ..., q_n)
        The data law.
    sizes : array_like of int
        Step sizes, e.g. :func:`llada_schedule`; the sizes of each group must
        sum to the block length. Zero-size steps are allowed.
    blocks : int
        Number of blocks; divides n and ``len(sizes)``.
    base : float, default 2
        Logarithm base.

    Returns
    -------
    float
        The expected KL error.

    Raises
    ------
    ValueError
        If ``blocks`` does not divide n and the step count, a group does not
        fill its block, or the enumeration exceeds ``mdm_lib.sampler.MAX_ENUMERATION``.
    TypeError
        If an argument has the wrong type.

    Examples
    --------
    >>> p = [[0.5, 0.0], [0.0, 0.5]]                  # two copies of a fair bit
    >>> block_sampler_kl(p, [1, 1], blocks=2)         # left then right: exact
    0.0
    """
    table = as_probability_table(p, "p")
    n = table.ndim
    sizes = as_sizes(sizes, n)
    blocks = as_int(blocks, "blocks", low=1)
    if n % blocks or sizes.size % blocks:
        raise ValueError(f"blocks must divide n = {n} and the number of steps {sizes.size}, got {blocks}")
    length, per_block = n // blocks, sizes.size // blocks
    groups = sizes.reshape(blocks, per_block)
    if (groups.sum(axis=1) != length).any():
        raise ValueError(
            f"the sizes of each group of {per_block} steps must sum to the block length {length}"
        )
    count = prod(number_of_partitions(group) for group in groups)
    _check_enumeration(count, table, f"sizes {sizes.tolist()} in {blocks} blocks")
    scale = log_base(base)
    choices = [
        list(
            _ordered_partitions(tuple(range(b * length, (b + 1) * length)), [int(s) for s in group if s > 0])
        )
        for b, group in enumerate(groups)
    ]
    values = []
    for parts in product(*choices):
        nu = _partition_law(table, tuple(step for part in parts for step in part))
        values.append(table_kl(table, nu, scale))
    return float(np.mean(values))


# --- Lemma 35: the sampler with a learned (imperfect) conditional-marginal oracle ---------------------------


class LearnedOracleKL(NamedTuple):
    """Expected errors of the sampler with a learned oracle, and the oracle's error (Lemma 35).

    Attributes
    ----------
    learned : float
        ``E_S KL(p || nu_hat^S)``: the sampler run with the learned oracle.
    exact : float
        ``E_S KL(p || nu^S)``: the same schedule with the exact oracle.
    oracle_error : float
        ``E_S error(p, CO_hat; S)``, with
        ``error = sum_t sum_{j in S_t} E_x log p(x_j | x_T) / CO_hat(x_j | x_T)`` (``T`` the positions
        revealed before step ``t``), a sum of expected conditional KLs, so ``>= 0``.
    largest_gap : float
        ``max_S |KL(p || nu_hat^S) - KL(p || nu^S) - error(S)|`` over the enumerated partitions.

    Raises
    ------
    TypeError
        If a field is missing; the fields are not validated (:func:`learned_oracle_kl` computes them).
    """

    learned: float
    exact: float
    oracle_error: float
    largest_gap: float


def _learned_conditional(
    conditional: np.ndarray, j: int, revealed: list[int], noise: float, seed: int
) -> np.ndarray:
    """The learned oracle's answer: ``conditional * exp(noise * g)``, renormalised over ``x_j``.

    ``g`` is standard normal, one value per ``(x_revealed, x_j)``, and depends only on
    ``(seed, j, revealed)``: the oracle is a function of the query, whatever partition asks it.
    """
    mask = sum(1 << i for i in revealed)
    g = np.random.default_rng([seed, j, mask]).standard_normal(conditional.shape)
    exponents = noise * g
    if np.abs(exponents).max() > _MAX_EXPONENT:  # exp would overflow: normalise in logs
        with np.errstate(divide="ignore"):
            exponents = exponents + np.log(conditional)
        exponents -= exponents.max(axis=j, keepdims=True)
        weights = np.exp(exponents)
    else:
        weights = conditional * np.exp(exponents)
    return weights / weights.sum(axis=j, keepdims=True)


def _oracle_conditional(
    oracle: Oracle,
    shape: tuple[int, ...],
    revealed: list[int],
    j: int,
) -> np.ndarray:
    """A batched oracle's answer ``CO_hat(x_j | x_revealed)`` for every value of ``x_revealed``.

    Shaped like :func:`_exact_conditional`'s: the axes of ``revealed`` and ``j`` kept, the others of length 1.
    """
    n = len(shape)
    kept = sorted(revealed)
    count = prod(shape[i] for i in kept)
    values = np.indices([shape[i] for i in kept]).reshape(len(kept), count).T  # one row per assignment
    x = np.zeros((values.shape[0], n), dtype=np.int64)
    x[:, kept] = values
    mask = np.zeros((values.shape[0], n), dtype=bool)
    mask[:, kept] = True
    probs = np.asarray(oracle(x, mask), dtype=np.float64)
    if probs.ndim == 2:  # binary oracle: the probability of symbol 1
        probs = np.stack([1.0 - probs, probs], axis=2)
    if probs.ndim != 3 or probs.shape[:2] != x.shape or probs.shape[2] < shape[j]:
        raise ValueError(f"oracle must return probabilities of shape (b, {n}, q), got {probs.shape}")
    answer = probs[:, j, : shape[j]]
    if not (
        np.isfinite(answer).all() and (answer >= 0).all() and np.allclose(answer.sum(axis=1), 1.0, atol=1e-9)
    ):
        raise ValueError(f"oracle's answers at position {j} are not laws on its {shape[j]} symbols")
    answer = answer.reshape([shape[i] for i in kept] + [shape[j]])
    order = kept + [j]
    answer = np.transpose(answer, np.argsort(order))  # axes in position order
    full = [1] * n
    for i in order:
        full[i] = shape[i]
    return answer.reshape(full)


def learned_oracle_kl(
    p: ArrayLike,
    sizes: Sequence[int],
    noise: float | None = None,
    *,
    oracle: Oracle | None = None,
    rng: int | np.random.Generator | None = None,
    base: float = 2,
) -> LearnedOracleKL:
    """Lemma 35 by enumeration: the sampler with an imperfect oracle against the exact one.

    Every answer ``p(x_j | x_T)`` of the exact conditional-marginal oracle is replaced by a learned
    answer: ``CO_hat(x_j | x_T) ∝ p(x_j | x_T) exp(noise * g)`` with independent standard normal ``g`` (a
    fixed function of the query), or the answer of a given ``oracle`` (a batched oracle as in
    :mod:`mdm_lib.estimation`, e.g. a network through :func:`mdm_lib.torch_oracle`), asked once per query. For
    every ordered partition with the given sizes the output laws ``nu^S`` (exact oracle) and ``nu_hat^S``
    (learned oracle) are built as full tables, and the oracle's error is summed step by step from the
    conditionals, independently of ``nu_hat^S``.

    Parameters
    ----------
    p : array_like, shape (q_1, ..., q_n)
        The data law.
    sizes : sequence of int
        Step sizes summing to ``n`` (zero sizes are skipped).
    noise : float, optional
        Standard deviation of the log-perturbation, ``0 < noise <= MAX_ORACLE_NOISE`` (100). Give exactly one
        of ``noise`` and ``oracle``.
    oracle : callable, optional, keyword-only
        ``oracle(x, revealed) -> probabilities`` of shape ``(b, n, q)``, ``q >= max q_i``; its answer at
        position ``j`` must put all its mass on ``0..q_j-1``.
    rng : None, int or numpy.random.Generator, keyword-only
        Seeds the learned oracle (with ``noise``).
    base : float, keyword-only
        Logarithm base (2: bits).

    Returns
    -------
    LearnedOracleKL
        The expected KL with the learned and with the exact oracle, the expected oracle error, and the largest
        per-partition deviation from Lemma 35's corrected identity.

    Raises
    ------
    ValueError
        If ``p`` is not a probability table, ``sizes`` do not sum to ``n``, not exactly one of ``noise`` and
        ``oracle`` is given, ``noise`` is not in ``(0, MAX_ORACLE_NOISE]``, the oracle's answers are not laws
        on the alphabets, or the enumeration would exceed ``MAX_ENUMERATION`` partition-entries.
    TypeError
        If ``noise`` is not a real number.

    Examples
    --------
    >>> out = learned_oracle_kl([[0.4, 0.1], [0.1, 0.4]], [1, 1], 0.5, rng=0)
    >>> out.exact, out.learned > 0, abs(out.learned - out.exact - out.oracle_error) < 1e-12
    (0.0, True, True)

    An oracle that knows the law's exact conditionals has no error:

    >>> from mdm_lib import ProductMixture, product_mixture_law
    >>> mix = ProductMixture([0.5, 0.5], [[[0.9, 0.1]] * 3, [[0.2, 0.8]] * 3])
    >>> law = product_mixture_law(mix.weights, mix.marginals)
    >>> out = learned_oracle_kl(law, [1, 2], oracle=mix)
    >>> abs(out.oracle_error) < 1e-12, abs(out.learned - out.exact) < 1e-12
    (True, True)
    """
    table = as_probability_table(p, "p")
    steps_sizes = as_sizes(sizes, table.ndim)
    if (noise is None) == (oracle is None):
        raise ValueError("give exactly one of noise (a perturbed exact oracle) and oracle (a learned one)")
    if oracle is None:
        noise = as_positive_float(noise, "noise")
        if noise > MAX_ORACLE_NOISE:
            raise ValueError(
                f"noise must be at most {MAX_ORACLE_NOISE:g} (beyond it the learned answers underflow "
                f"float64 and every error is infinite), got {noise:g}"
            )
    elif not callable(oracle):
        raise TypeError(f"oracle must be callable, got {type(oracle).__name__}")
    seed = int(as_generator(rng).integers(2**63))
    answers: dict[tuple[int, tuple[int, ...]], np.ndarray] = {}  # the oracle's answer to each query, once
    scale = log_base(base)
    count = number_of_partitions(steps_sizes.tolist())
    if count * table.size > MAX_ENUMERATION:
        raise ValueError(
            f"p with {table.size} entries and sizes {steps_sizes.tolist()} ({count} ordered partitions) "
            f"is too large for exact enumeration (limit {MAX_ENUMERATION:,} partition-entries)"
        )
    learned, exact, errors, gaps = [], [], [], []
    for steps in _ordered_partitions(tuple(range(table.ndim)), [int(s) for s in steps_sizes if s > 0]):
        nu, nu_hat, error = np.ones(table.shape), np.ones(table.shape), 0.0
        revealed: list[int] = []
        for step in steps:
            for j in step:  # the positions of a step are all drawn given the same revealed set
                conditional, m_joint = _exact_conditional(table, revealed, j)
                if oracle is None:
                    assert noise is not None
                    answer = _learned_conditional(conditional, j, revealed, noise, seed)
                else:
                    query = (j, tuple(sorted(revealed)))
                    if query not in answers:
                        answers[query] = _oracle_conditional(oracle, table.shape, revealed, j)
                    answer = answers[query]
                nu, nu_hat = nu * conditional, nu_hat * answer
                seen = np.broadcast_to(m_joint > 0, m_joint.shape)
                error += float(np.sum(m_joint[seen] * np.log(conditional[seen] / answer[seen]))) / scale
            revealed.extend(step)
        learned.append(table_kl(table, nu_hat, scale))
        exact.append(table_kl(table, nu, scale))
        errors.append(error)
        gaps.append(abs(learned[-1] - exact[-1] - error))
    return LearnedOracleKL(float(np.mean(learned)), float(np.mean(exact)), float(np.mean(errors)), max(gaps))
