"""Hard priors, query strategies and their costs: uniform versus code (Thm 5/24, Thm 6/25).

Uniform versus code
    The family ``F = {U} ∪ {U_V : V an RS code of dimension 0 < d < n}`` over
    ``F_q^n``, the hard prior ``D = 1/2 δ_U + 1/(2n-2) Σ_d D_d`` of the proof of
    Theorem 24 (:class:`HardPrior`), and F-aware strategies that make ``k``
    queries (:class:`Strategy`; the paper's budget ``T``). Every strategy here
    first *probes* (queries pinnings of a private uniform word, hoping to hit
    the code) and then *samples* (runs a masked-diffusion sampler with a
    schedule, committing to what it draws).
    Under ``U`` every answer is uniform, so the output is exactly ``U`` and the
    strategy makes all its ``k`` queries. Under ``U_V`` the output law ``ν``
    weighs each codeword by ``h(d)/q^d``, where ``h(d)`` is the probability
    that the run lands in the code; hence ``TV(U_V, ν) = 1 - h(d)`` and
    ``KL(U_V || ν) = log 1/h(d)`` (:func:`strategy_costs`).

The lifted curves ``Z^{↑d}`` of Theorem 6/25 are in :mod:`mdm_lib.curves`
(:func:`~mdm_lib.curves.lifted_curve`); the lifted laws ``μ* × U_V`` are
:func:`mdm_lib.paired_law` of a law and a Reed–Solomon law.
"""

from __future__ import annotations

import numbers
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import combinations, permutations
from typing import Any, NamedTuple

import numpy as np
from numpy.typing import ArrayLike

from ._deprecation import renamed_keyword, warn_renamed
from ._probability import inverse_cdf
from ._validate import as_code_parameters, as_generator, as_int, as_length, as_schedule_sizes, log_base
from .codes import ReedSolomonCode, ReedSolomonOracle, reed_solomon_code
from .curves import mds_info_curve
from .kl import expected_kl
from .oracle import ConditionalMarginalOracle, UniformOracle, answer_is_deterministic
from .schedules.schedule import Schedule, balanced_schedule, schedule_from_nodes

#: Largest sequence length :func:`worst_case_step_kl` scans (it evaluates n - 1 curves of length n).
MAX_WORST_CASE_N = 10_000

#: Largest sequence length :func:`code_hit_probability` enumerates (it runs over all n! orders).
MAX_HIT_ENUMERATION_N = 8


@dataclass(frozen=True)
class HardPrior:
    """The hard prior of the proof of Theorem 24: ``1/2 δ_U + 1/(2n-2) Σ_{d=1}^{n-1} D_d``.

    ``D_d`` is the book's reconstruction of the missing ``D_{n,k,q}`` (``d = k``): the RS
    code with points ``0..n-1`` and a uniformly random affine shift.

    Attributes
    ----------
    n : int
        Sequence length, ``>= 2``.
    q : int
        Field size, a prime power ``>= n``.

    Raises
    ------
    ValueError
        If ``n < 2``, or ``q`` is not a prime power ``>= n``.
    TypeError
        If ``n`` or ``q`` is not an integer.

    Examples
    --------
    >>> prior = HardPrior(4, 5)
    >>> prior.weights().tolist()          # index 0: U; index d: dimension d
    [0.5, 0.16666666666666666, 0.16666666666666666, 0.16666666666666666]
    """

    n: int
    q: int

    def __post_init__(self) -> None:
        as_code_parameters(self.n, 1, self.q)

    def weights(self) -> np.ndarray:
        """Prior weight of ``U`` (index 0) and of each dimension ``d`` (index d).

        Returns
        -------
        numpy.ndarray, shape (n,)
        """
        return np.concatenate([[0.5], np.full(self.n - 1, 0.5 / (self.n - 1))])

    def sample(self, *, rng: int | np.random.Generator | None = None) -> ReedSolomonCode | None:
        """Draw a law: ``None`` for ``U``, else a random RS code from ``D_k``.

        Parameters
        ----------
        rng : None, int or numpy.random.Generator, optional
            Seed or generator (SPEC 7), keyword-only.

        Returns
        -------
        ReedSolomonCode or None

        Raises
        ------
        TypeError
            If ``rng`` is not a seed or generator.
        """
        rng = as_generator(rng)
        d = int(rng.choice(self.n, p=self.weights()))
        return None if d == 0 else reed_solomon_code(self.n, d, self.q, rng=rng)


@dataclass(frozen=True)
class RandomNodes:
    """``count`` distinct node sizes drawn uniformly from ``1..n-1`` at every run.

    Attributes
    ----------
    count : int
        Number of nodes, ``>= 0`` (at most ``n - 1``, checked by :class:`Strategy`).

    Raises
    ------
    TypeError
        If ``count`` is not an integer.
    ValueError
        If ``count < 0``.

    Examples
    --------
    >>> RandomNodes(3)
    RandomNodes(count=3)
    """

    count: int

    def __post_init__(self) -> None:
        object.__setattr__(self, "count", as_int(self.count, "count", low=0))


class StrategyRun(NamedTuple):
    """One run of a strategy: its output, its number of queries, its pinnings.

    Attributes
    ----------
    output : numpy.ndarray of int, shape (n,)
        The sequence the strategy outputs.
    queries : int
        Oracle queries made during the run.
    pinnings : list of (positions, values)
        Every query, in order.

    Raises
    ------
    TypeError
        If a field is missing.

    Examples
    --------
    >>> run = constant_steps_strategy(4, 4).run(UniformOracle((5,) * 4), rng=0)
    >>> run.queries, run.output.shape
    (4, (4,))
    """

    output: np.ndarray
    queries: int
    pinnings: list[tuple[np.ndarray, np.ndarray]]


def _draw_nodes(nodes: tuple[int, ...] | RandomNodes, n: int, rng: np.random.Generator) -> np.ndarray:
    if isinstance(nodes, RandomNodes):
        return np.sort(rng.choice(np.arange(1, n), size=nodes.count, replace=False))
    return np.asarray(nodes, dtype=np.int64)


def _sample_step(
    answer: dict[int, np.ndarray], positions: np.ndarray, rng: np.random.Generator
) -> np.ndarray:
    """Draw each position independently from its conditional marginal."""
    return inverse_cdf(np.array([answer[int(i)] for i in positions]), rng.random(len(positions)))


def _as_node_sizes(value: object, name: str) -> tuple[int, ...] | RandomNodes | Schedule:
    """Probe sizes or a schedule: ``RandomNodes``, or a sequence of whole numbers (floats refused)."""
    if isinstance(value, RandomNodes):
        return value
    if isinstance(value, (str, bytes)) or not isinstance(value, (Sequence, np.ndarray)):
        raise TypeError(f"{name} must be a sequence of ints or RandomNodes, got {type(value).__name__}")
    for v in value:
        if isinstance(v, (bool, np.bool_)) or not isinstance(v, numbers.Integral):
            raise TypeError(f"{name} must hold integers, got {v} ({type(v).__name__})")
    return value if isinstance(value, Schedule) else tuple(int(v) for v in value)


@dataclass(frozen=True)
class Strategy:
    """An F-aware strategy for uniform versus code: probe, then sample (Def 22).

    Attributes
    ----------
    n : int
        Sequence length.
    probes : tuple of int or RandomNodes
        Sizes ``m`` of the probe queries, in the order they are asked while
        every answer is uniform. A probe pins the first ``m`` positions of a
        random order to a private uniform word; a point-mass answer reveals a
        codeword, which is output at once (adaptive early exit).
    schedule : tuple of int or RandomNodes
        Step sizes of the masked-diffusion sampler run afterwards (summing to
        n), or ``RandomNodes(c)``: ``c`` uniformly random cut points, i.e. a
        random schedule of ``c + 1`` steps. The sampler stops early, filling
        every free position, once all answers are point masses.
    name : str
        A display name.

    Raises
    ------
    TypeError
        If ``n`` is not an integer, or a probe size or step size is not an
        integer (floats and bools are refused).
    ValueError
        If a probe size lies outside ``1..n-1``, or the schedule is not
        positive sizes summing to n.

    Notes
    -----
    :attr:`k` is the number of queries under ``U`` (all answers uniform), the
    largest over runs; under a code the run may stop earlier.

    Examples
    --------
    >>> from mdm_lib.codes import ReedSolomonOracle, reed_solomon_code
    >>> strategy = Strategy(6, (3,), (2, 2, 2), "one probe, then three steps")
    >>> code = reed_solomon_code(6, 3, 7, rng=np.random.default_rng(0))
    >>> run = strategy.run(ReedSolomonOracle(code), rng=1)
    >>> # the size-3 probe reveals the code
    >>> run.queries, code.contains(np.arange(6), run.output)
    (1, True)
    >>> strategy.k, float(code_probabilities(strategy, 7)[2])
    (4, 1.0)
    """

    n: int
    probes: tuple[int, ...] | RandomNodes
    schedule: tuple[int, ...] | RandomNodes
    name: str = "strategy"

    def __post_init__(self) -> None:
        n = as_int(self.n, "n", low=2)
        object.__setattr__(self, "probes", _as_node_sizes(self.probes, "probes"))
        object.__setattr__(self, "schedule", _as_node_sizes(self.schedule, "schedule"))
        if isinstance(self.probes, RandomNodes):
            as_int(self.probes.count, "probes.count", low=0, high=n - 1)
        elif any(not 1 <= m <= n - 1 for m in self.probes):
            raise ValueError(f"probe sizes must lie in 1..n-1, got {list(self.probes)}")
        if isinstance(self.schedule, RandomNodes):
            as_int(self.schedule.count, "schedule.count", low=0, high=n - 1)
        elif not self.schedule or sum(self.schedule) != n or min(self.schedule) < 1:
            raise ValueError(
                f"schedule must be positive step sizes summing to n={n}, got {list(self.schedule)}"
            )

    @property
    def budget(self) -> int:
        """Deprecated name of ``k``."""
        warn_renamed("Strategy.budget", "Strategy.k")
        return self.k

    @property
    def k(self) -> int:
        """Queries made under the uniform law (the largest over runs): the paper's budget ``T``."""
        probes = self.probes.count if isinstance(self.probes, RandomNodes) else len(self.probes)
        steps = self.schedule.count + 1 if isinstance(self.schedule, RandomNodes) else len(self.schedule)
        return probes + steps

    def run(
        self, oracle: ConditionalMarginalOracle, *, rng: int | np.random.Generator | None = None
    ) -> StrategyRun:
        """Run once against ``oracle`` (whose law is on ``F_q^n``) and return the output.

        Parameters
        ----------
        oracle : ConditionalMarginalOracle
            An oracle for a law on ``F_q^n`` (one alphabet size q).
        rng : None, int or numpy.random.Generator, optional
            Seed or generator (SPEC 7), keyword-only.

        Returns
        -------
        StrategyRun

        Raises
        ------
        TypeError
            If ``oracle`` is not an oracle or ``rng`` not a seed or generator.
        ValueError
            If the oracle's law is not on ``F_q^n`` with this ``n``.
        QueryBudgetExceeded
            If the oracle's query budget is smaller than the run needs.
        """
        rng = as_generator(rng)
        if not isinstance(oracle, ConditionalMarginalOracle):
            raise TypeError(f"oracle must be a ConditionalMarginalOracle, got {type(oracle).__name__}")
        if oracle.n != self.n or len(set(oracle.alphabet_sizes)) != 1:
            raise ValueError(
                f"oracle must be for a law on F_q^{self.n}, got alphabet sizes {oracle.alphabet_sizes}"
            )
        q = oracle.alphabet_sizes[0]
        start, pinnings = oracle.queries, []

        def ask(positions: np.ndarray, values: np.ndarray) -> dict[int, np.ndarray]:
            pinnings.append((positions.copy(), values.copy()))
            return oracle(positions, values)

        order = rng.permutation(self.n)
        word = rng.integers(q, size=self.n)
        for m in _draw_nodes(self.probes, self.n, rng):
            answer = ask(order[:m], word[order[:m]])
            if answer_is_deterministic(answer):
                return StrategyRun(_complete(word, answer), oracle.queries - start, pinnings)
        if isinstance(self.schedule, RandomNodes):
            nodes = np.append(_draw_nodes(self.schedule, self.n, rng), self.n)
        else:
            nodes = np.array(Schedule(self.schedule).nodes[1:])
        x = np.zeros(self.n, dtype=np.int64)
        done = 0
        for end in nodes:
            answer = ask(order[:done], x[order[:done]])
            if done and answer_is_deterministic(answer):
                return StrategyRun(_complete(x, answer), oracle.queries - start, pinnings)
            x[order[done:end]] = _sample_step(answer, order[done:end], rng)
            done = int(end)
        return StrategyRun(x, oracle.queries - start, pinnings)


def _complete(word: np.ndarray, answer: dict[int, np.ndarray]) -> np.ndarray:
    out = word.copy()
    for i, marginal in answer.items():
        out[i] = int(np.argmax(marginal))
    return out


def _as_family_arguments(n: int, k: int) -> tuple[int, int]:
    """Validate the arguments of a strategy family: ``n >= 2`` and ``1 <= k <= n``, both integers."""
    n = as_length(n, low=2)
    return n, as_int(k, "k", low=1, high=n)


@renamed_keyword("budget", "k")
def constant_steps_strategy(n: int, k: int) -> Strategy:
    """Non-adaptive: the sampler with ``k`` (near-)equal steps, no probes.

    Parameters
    ----------
    n : int
        Sequence length, ``>= 2``.
    k : int
        Queries under ``U`` (formerly ``budget``), ``1 <= k <= n``.

    Returns
    -------
    Strategy

    Raises
    ------
    ValueError
        If ``n < 2`` or ``k`` lies outside ``1..n``.
    TypeError
        If ``n`` or ``k`` is not an integer.

    Examples
    --------
    >>> constant_steps_strategy(10, 3).schedule
    Schedule([4, 3, 3])
    """
    n, k = _as_family_arguments(n, k)
    return Strategy(n, (), balanced_schedule(n, k), "constant steps")


@renamed_keyword("budget", "k")
def geometric_steps_strategy(n: int, k: int) -> Strategy:
    """The sampler with ``k`` geometrically growing steps (ratio about ``n^(1/k)``).

    With ``k ≈ log2 n`` this is the doubling schedule ``1, 2, 4, ...``.
    Adaptive only through its early exit once the answers become point masses.

    Parameters
    ----------
    n : int
        Sequence length, ``>= 2``.
    k : int
        Queries under ``U`` (formerly ``budget``), ``1 <= k <= n``.

    Returns
    -------
    Strategy

    Raises
    ------
    ValueError
        If ``n < 2`` or ``k`` lies outside ``1..n``.
    TypeError
        If ``n`` or ``k`` is not an integer.

    Examples
    --------
    >>> geometric_steps_strategy(15, 4).schedule
    Schedule([1, 2, 4, 8])
    """
    n, k = _as_family_arguments(n, k)
    nodes = np.round(np.power(float(n + 1), np.arange(1, k + 1) / k)).astype(np.int64) - 1
    for t in range(k):  # strictly increasing, ending at n
        nodes[t] = max(nodes[t], t + 1, nodes[t - 1] + 1 if t else 1)
    for t in reversed(range(k)):
        nodes[t] = min(nodes[t], n - (k - 1 - t))
    return Strategy(n, (), schedule_from_nodes(np.concatenate([[0], nodes])), "geometric steps")


@renamed_keyword("budget", "k")
def doubling_probe_strategy(n: int, k: int) -> Strategy:
    """Adaptive: probe dimensions ``m = 1, 2, 4, ...`` (at most ``k - 1`` probes), then one step.

    Parameters
    ----------
    n : int
        Sequence length, ``>= 2``.
    k : int
        Queries under ``U`` (formerly ``budget``), ``1 <= k <= n``.

    Returns
    -------
    Strategy

    Raises
    ------
    ValueError
        If ``n < 2`` or ``k`` lies outside ``1..n``.
    TypeError
        If ``n`` or ``k`` is not an integer.

    Examples
    --------
    >>> doubling_probe_strategy(20, 8).probes
    (1, 2, 4, 8, 16)
    """
    n, k = _as_family_arguments(n, k)
    probes = [m for m in (2**t for t in range(n.bit_length())) if m <= n - 1][: k - 1]
    fallback = k - len(probes)
    return Strategy(n, tuple(probes), balanced_schedule(n, fallback), "doubling probes")


@renamed_keyword("budget", "k")
def binary_search_strategy(n: int, k: int) -> Strategy:
    """Adaptive: binary search for the dimension, reading a uniform answer as "d > m".

    A point-mass answer ends the search (the code is found). While the answers
    stay uniform the probes follow one fixed path, ``m`` = middle of the
    remaining interval; the queries left go to an equal-step sampler.

    Parameters
    ----------
    n : int
        Sequence length, ``>= 2``.
    k : int
        Queries under ``U`` (formerly ``budget``), ``1 <= k <= n``.

    Returns
    -------
    Strategy

    Raises
    ------
    ValueError
        If ``n < 2`` or ``k`` lies outside ``1..n``.
    TypeError
        If ``n`` or ``k`` is not an integer.

    Examples
    --------
    >>> binary_search_strategy(16, 4).probes
    (8, 12, 14)
    """
    n, k = _as_family_arguments(n, k)
    probes: list[int] = []
    low, high = 1, n - 1
    while low <= high and len(probes) < k - 1:
        m = (low + high) // 2
        probes.append(m)
        low = m + 1
    return Strategy(n, tuple(probes), balanced_schedule(n, k - len(probes)), "binary search")


@renamed_keyword("budget", "k")
def random_probe_strategy(n: int, k: int) -> Strategy:
    """Randomized: ``k - 1`` probes of distinct uniformly random sizes, then one step.

    Parameters
    ----------
    n : int
        Sequence length, ``>= 2``.
    k : int
        Queries under ``U`` (formerly ``budget``), ``1 <= k <= n``.

    Returns
    -------
    Strategy

    Raises
    ------
    ValueError
        If ``n < 2`` or ``k`` lies outside ``1..n``.
    TypeError
        If ``n`` or ``k`` is not an integer.

    Examples
    --------
    >>> random_probe_strategy(10, 4).probes
    RandomNodes(count=3)
    """
    n, k = _as_family_arguments(n, k)
    return Strategy(n, RandomNodes(k - 1), (n,), "random probes")


@renamed_keyword("budget", "k")
def random_steps_strategy(n: int, k: int) -> Strategy:
    """Randomized: the sampler with ``k`` steps whose ``k - 1`` cut points are uniformly random.

    Parameters
    ----------
    n : int
        Sequence length, ``>= 2``.
    k : int
        Queries under ``U`` (formerly ``budget``), ``1 <= k <= n``.

    Returns
    -------
    Strategy

    Raises
    ------
    ValueError
        If ``n < 2`` or ``k`` lies outside ``1..n``.
    TypeError
        If ``n`` or ``k`` is not an integer.

    Examples
    --------
    >>> random_steps_strategy(10, 4).schedule
    RandomNodes(count=3)
    """
    n, k = _as_family_arguments(n, k)
    return Strategy(n, (), RandomNodes(k - 1), "random steps")


def _log_first_node_hits(nodes: tuple[int, ...] | RandomNodes, n: int, q: int, *, end: bool) -> np.ndarray:
    """``log E[q^(d - m)]`` for ``d = 1..n-1``, ``m`` the first node ``>= d``.

    With ``end`` the position ``n`` counts as a node; otherwise "no node
    ``>= d``" contributes 0. ``RandomNodes(r)`` are ``r`` uniform distinct
    nodes in ``1..n-1``: no node lies in ``d..d+g-1`` with probability
    ``C(n-1-g, r) / C(n-1, r)``, whatever ``d``.
    """
    d = np.arange(1, n)
    log_q = np.log(q)
    if not isinstance(nodes, RandomNodes):
        fixed = np.unique(np.append(np.asarray(nodes, dtype=np.int64), [n] if end else []).astype(np.int64))
        index = np.searchsorted(fixed, d)
        found = index < fixed.size
        first = fixed[np.minimum(index, max(fixed.size - 1, 0))] if fixed.size else d
        return np.where(found, (d - first) * log_q, -np.inf)
    g = np.arange(n - 1)
    none_below = np.concatenate([[1.0], np.cumprod(np.maximum(n - 1 - nodes.count - g, 0) / (n - 1 - g))])
    first_at = none_below[:-1] - none_below[1:]  # P(first node = d + g)
    with np.errstate(divide="ignore"):
        terms = np.log(first_at) - g * log_q
        # partial[j] = log sum_{g < j} P(first = d + g) q^-g; d + g <= n - 1 means j = n - d
        partial = np.concatenate([[-np.inf], np.logaddexp.accumulate(terms)])[n - d]
        if end:
            partial = np.logaddexp(partial, np.log(none_below[n - d]) - (n - d) * log_q)
    return partial


def _log_either(la: float, lb: float) -> float:
    """``log(1 - (1 - a)(1 - b))`` from ``log a`` and ``log b``, without underflow."""
    hi, lo = max(la, lb), min(la, lb)
    if hi == -np.inf:
        return -np.inf
    return hi + float(np.log1p(np.exp(lo - hi) * -np.expm1(hi)))


def _log_hit_probabilities(strategy: Strategy, q: int, *, output: bool) -> np.ndarray:
    if not isinstance(strategy, Strategy):
        raise TypeError(f"strategy must be a Strategy, got {type(strategy).__name__}")
    as_code_parameters(strategy.n, 1, q)
    schedule = strategy.schedule
    if not isinstance(schedule, RandomNodes):
        schedule = Schedule(schedule).nodes[1:-1]
    probe = _log_first_node_hits(strategy.probes, strategy.n, q, end=False)
    sample = _log_first_node_hits(schedule, strategy.n, q, end=output)  # the output is a node at n
    return np.array([_log_either(a, b) for a, b in zip(probe, sample, strict=True)])


def code_probabilities(strategy: Strategy, q: int) -> np.ndarray:
    """Exact ``h(d) = P(output ∈ V)`` under ``U_V`` for dimensions ``d = 1..n-1`` (element ``d - 1``).

    By Prop 20 an answer is uniform until a consistent pinning of ``>= d``
    positions; by Lemma 21 a pinning of ``m >= d`` uniform symbols is
    consistent with probability ``q^(d-m)``; pinnings are nested, so only the
    first node ``>= d`` of the probes and of the sampler matters (Eq. (2)).

    Parameters
    ----------
    strategy : Strategy
        The strategy.
    q : int
        Field size, a prime power ``>= strategy.n``.

    Returns
    -------
    numpy.ndarray, shape (n - 1,)
        Element ``d - 1`` is for dimension d.

    Raises
    ------
    TypeError
        If ``strategy`` is not a :class:`Strategy` or ``q`` not an integer.
    ValueError
        If ``q`` is not a prime power ``>= n``.

    Examples
    --------
    >>> code_probabilities(constant_steps_strategy(4, 2), 5).round(3).tolist()
    [0.2, 1.0, 0.2]
    """
    return np.exp(_log_hit_probabilities(strategy, q, output=True))


def leaf_hit_probabilities(strategy: Strategy, q: int) -> np.ndarray:
    """Exact probability that some query on the run's path under ``U`` *hits* ``V ~ D_k``.

    A query hits ``V`` when it pins ``>= d`` positions consistently with
    ``V`` (proof of Theorem 24); element ``d - 1`` is for dimension ``d``. The
    average over ``d`` is at most ``2 T / (n - 1)``.

    Parameters
    ----------
    strategy : Strategy
        The strategy.
    q : int
        Field size, a prime power ``>= strategy.n``.

    Returns
    -------
    numpy.ndarray, shape (n - 1,)
        Element ``d - 1`` is for dimension d.

    Raises
    ------
    TypeError
        If ``strategy`` is not a :class:`Strategy` or ``q`` not an integer.
    ValueError
        If ``q`` is not a prime power ``>= n``.

    Examples
    --------
    >>> leaf_hit_probabilities(constant_steps_strategy(4, 2), 5).round(3).tolist()
    [0.2, 1.0, 0.0]
    """
    return np.exp(_log_hit_probabilities(strategy, q, output=False))


def _query_size_draws(strategy: Strategy) -> tuple[list[tuple[int, ...]], list[tuple[int, ...]]]:
    """Every equally likely draw of the probe sizes and of the sampler's query sizes (0 included)."""
    n = strategy.n

    def draws(nodes: tuple[int, ...] | RandomNodes) -> list[tuple[int, ...]]:
        if isinstance(nodes, RandomNodes):
            return list(combinations(range(1, n), nodes.count))
        return [tuple(nodes)]

    if isinstance(strategy.schedule, RandomNodes):
        queries = [(0, *cuts) for cuts in draws(strategy.schedule)]
    else:
        queries = [tuple(Schedule(strategy.schedule).nodes[:-1])]
    return draws(strategy.probes), queries


def code_hit_probability(strategy: Strategy, code: ReedSolomonCode) -> float:
    """Probability that a run of ``strategy`` under ``U`` hits ``code``, by enumeration.

    This is ``Σ_{l ∈ leaf*, l hits V} P_A[l | U]`` in the proof of Theorem 24 (App. C.1,
    p. 21): a leaf *hits* ``V`` when a pinning on its path fixes at least ``dim V`` positions
    consistently with ``V``, and ``V`` is *η-good* when this probability is at most η.
    Unlike :func:`leaf_hit_probabilities`, which averages over the random code ``D_k`` with
    Lemma 21, it is computed for one code without Lemma 21 or the MDS property: over every
    order of the positions and every draw of random nodes, and, for each pinned set ``S``,
    the share ``|V_S| / q^|S|`` of words consistent with ``V``, counted from the codewords.
    Under ``U`` the probes pin prefixes of one uniform word and the sampler prefixes of
    another, independent one; nested pinnings of one word are consistent at the smallest
    size ``>= dim V`` if at any.

    Parameters
    ----------
    strategy : Strategy
        The strategy, of length ``n <= MAX_HIT_ENUMERATION_N``.
    code : ReedSolomonCode
        A code of the same length (any dimension, shift, points and prime power ``q``).

    Returns
    -------
    float
        The probability, in ``[0, 1]``.

    Raises
    ------
    TypeError
        If ``strategy`` is not a :class:`Strategy` or ``code`` not a
        :class:`~mdm_lib.codes.ReedSolomonCode`.
    ValueError
        If the lengths differ, ``n`` exceeds ``MAX_HIT_ENUMERATION_N``, or the code has too
        many codewords to list (``ReedSolomonCode.codewords``).

    Examples
    --------
    Two equal steps pin 2 of 4 positions once: always consistent with a code of dimension 2,
    with probability 1/5 with one of dimension 1, never enough for one of dimension 3.

    >>> strategy = constant_steps_strategy(4, 2)
    >>> codes = [reed_solomon_code(4, d, 5, rng=d) for d in (1, 2, 3)]
    >>> [round(code_hit_probability(strategy, code), 3) for code in codes]
    [0.2, 1.0, 0.0]
    """
    if not isinstance(strategy, Strategy):
        raise TypeError(f"strategy must be a Strategy, got {type(strategy).__name__}")
    if not isinstance(code, ReedSolomonCode):
        raise TypeError(f"code must be a ReedSolomonCode, got {type(code).__name__}")
    n, dim = strategy.n, code.dimension
    if code.n != n:
        raise ValueError(f"code.n = {code.n} differs from strategy.n = {n}")
    if n > MAX_HIT_ENUMERATION_N:
        raise ValueError(f"strategy.n = {n} is above MAX_HIT_ENUMERATION_N = {MAX_HIT_ENUMERATION_N}")
    words = code.codewords()
    orders = np.array(list(permutations(range(n))))
    prefixes = np.cumsum(np.left_shift(1, orders), axis=1)  # [:, m - 1]: bit mask of the first m
    consistent: dict[int, np.ndarray] = {}

    def consistent_share(m: int | None) -> np.ndarray | float:
        """Per order, the share of words whose first-m pinning some codeword matches (0 if none)."""
        if m is None:
            return 0.0
        if m not in consistent:
            shares = {}
            for mask in np.unique(prefixes[:, m - 1]).tolist():
                columns = [i for i in range(n) if mask >> i & 1]
                shares[mask] = len(np.unique(words[:, columns], axis=0)) / float(code.q) ** m
            consistent[m] = np.array([shares[mask] for mask in prefixes[:, m - 1].tolist()])
        return consistent[m]

    def first_at_least(sizes: tuple[int, ...]) -> int | None:
        return min((m for m in sizes if m >= dim), default=None)

    probe_draws, query_draws = _query_size_draws(strategy)
    total = 0.0
    for probes in probe_draws:
        for queries in query_draws:
            probe_hit = consistent_share(first_at_least(probes))
            sampler_hit = consistent_share(first_at_least(queries))
            total += float(np.mean(1 - (1 - probe_hit) * (1 - sampler_hit)))
    return total / (len(probe_draws) * len(query_draws))


class StrategyCosts(NamedTuple):
    """Exact TV and KL costs of a strategy (:func:`strategy_costs`).

    ``costs._asdict()`` gives a dict; ``costs["tv"]`` (the former dict's
    access) still works, with a DeprecationWarning: use ``costs.tv``.

    Attributes
    ----------
    tv : numpy.ndarray, shape (n - 1,)
        TV cost under ``U_V`` for each dimension ``d = 1..n-1`` (element ``d - 1``).
    kl : numpy.ndarray, shape (n - 1,)
        KL cost under ``U_V``, indexed like ``tv``.
    prior_tv : float
        The TV cost averaged under :class:`HardPrior` (half the mean over d).
    prior_kl : float
        The KL cost averaged under :class:`HardPrior` (half the mean over d).
    worst_tv : float
        The largest TV cost over the dimensions ``d`` (the sup over the family).
    worst_kl : float
        The largest KL cost over the dimensions ``d``.

    Raises
    ------
    KeyError
        On ``costs[name]`` with an unknown field name.

    Examples
    --------
    >>> costs = strategy_costs(constant_steps_strategy(4, 4), 5)
    >>> costs.prior_tv, costs.worst_kl
    (0.0, 0.0)
    """

    tv: np.ndarray
    kl: np.ndarray
    prior_tv: float
    prior_kl: float
    worst_tv: float
    worst_kl: float

    def __getitem__(self, key: Any) -> Any:
        if isinstance(key, str):
            if key not in self._fields:
                raise KeyError(key)
            warn_renamed(f'StrategyCosts["{key}"]', f"StrategyCosts.{key}")
            return getattr(self, key)
        return tuple.__getitem__(self, key)


def strategy_costs(strategy: Strategy, q: int, *, base: float = 2) -> StrategyCosts:
    """Exact TV and KL costs of a strategy on every code dimension and on the hard prior.

    Under ``U`` the cost is 0 (every answer is uniform, so the output is
    ``U``). Under ``U_V`` the output gives every codeword the same mass
    ``h(d) q^-d``, so ``TV = 1 - h(d)`` and ``KL = log(1/h(d))``.

    Parameters
    ----------
    strategy : Strategy
        The strategy.
    q : int
        Field size, a prime power ``>= strategy.n``.
    base : float, default 2
        Logarithm base of the KL costs.

    Returns
    -------
    StrategyCosts
        ``tv``, ``kl``: arrays over ``d = 1..n-1``; ``prior_tv``, ``prior_kl``:
        their averages under :class:`HardPrior`; ``worst_tv``, ``worst_kl``:
        the sup over the family.

    Raises
    ------
    TypeError, ValueError
        As :func:`code_probabilities`, or for an invalid ``base``.

    Examples
    --------
    >>> costs = strategy_costs(constant_steps_strategy(4, 4), 5)
    >>> costs.prior_tv, costs.worst_kl
    (0.0, 0.0)
    """
    scale = log_base(base)
    log_h = _log_hit_probabilities(strategy, q, output=True)
    tv, kl = -np.expm1(log_h), -log_h / scale + 0.0
    return StrategyCosts(
        tv=tv,
        kl=kl,
        prior_tv=float(tv.mean() / 2),
        prior_kl=float(kl.mean() / 2),
        worst_tv=float(tv.max()),
        worst_kl=float(kl.max()),
    )


class PriorTVEstimate(NamedTuple):
    """A Monte Carlo estimate of the TV cost on the hard prior, with its standard error.

    Attributes
    ----------
    estimate : float
        The mean of the per-run misses.
    standard_error : float
        Its standard error.

    Raises
    ------
    TypeError
        If a field is missing.

    Examples
    --------
    >>> PriorTVEstimate(0.25, 0.01).estimate
    0.25
    """

    estimate: float
    standard_error: float


def monte_carlo_prior_tv(
    strategy: Strategy,
    prior: HardPrior,
    num_samples: int,
    *,
    rng: int | np.random.Generator | None = None,
) -> PriorTVEstimate:
    """Monte Carlo estimate of the TV cost on the hard prior, with its standard error.

    Each run draws a law from ``prior``, runs ``strategy`` against its oracle
    (:class:`~mdm_lib.codes.ReedSolomonOracle`, or
    :class:`~mdm_lib.oracle.UniformOracle` for ``U``, each with a query
    budget of the strategy's ``k``) and scores ``1`` when the law is a code and the output is not a
    codeword. The mean is ``E_prior[1 - ν(V)]``, a lower bound on the TV cost
    and equal to it when ``ν`` is uniform on ``V`` (as for these strategies).

    Parameters
    ----------
    strategy : Strategy
        The strategy.
    prior : HardPrior
        The prior, with ``prior.n == strategy.n``.
    num_samples : int
        Number of runs, ``>= 2`` (formerly ``runs``).
    rng : None, int or numpy.random.Generator, optional
        Seed or generator (SPEC 7), keyword-only.

    Returns
    -------
    PriorTVEstimate
        ``(estimate, standard_error)``; unpacks as a pair.

    Raises
    ------
    TypeError
        If ``strategy`` or ``prior`` has the wrong type, or ``num_samples`` is not an int.
    ValueError
        If ``num_samples < 2`` or the lengths differ.

    Examples
    --------
    >>> strategy = constant_steps_strategy(6, 6)
    >>> est, se = monte_carlo_prior_tv(strategy, HardPrior(6, 7), 50, rng=0)
    >>> est, se                        # one token at a time is exact
    (0.0, 0.0)
    """
    if not isinstance(strategy, Strategy):
        raise TypeError(f"strategy must be a Strategy, got {type(strategy).__name__}")
    if not isinstance(prior, HardPrior):
        raise TypeError(f"prior must be a HardPrior, got {type(prior).__name__}")
    num_samples = as_int(num_samples, "num_samples", low=2)
    rng = as_generator(rng)
    if prior.n != strategy.n:
        raise ValueError(f"prior.n = {prior.n} differs from strategy.n = {strategy.n}")
    misses = np.zeros(num_samples)
    for r in range(num_samples):
        code = prior.sample(rng=rng)
        if code is None:
            strategy.run(UniformOracle((prior.q,) * prior.n, budget=strategy.k), rng=rng)
            continue
        run = strategy.run(ReedSolomonOracle(code, budget=strategy.k), rng=rng)
        misses[r] = not code.contains(np.arange(code.n), run.output)
    return PriorTVEstimate(float(misses.mean()), float(misses.std(ddof=1) / np.sqrt(num_samples)))


def worst_case_step_kl(sizes: ArrayLike, q: int, *, base: float = 2) -> float:
    """Largest expected KL (Theorem 4) of a schedule over the step curves of all dimensions ``1..n-1``.

    The step curve of dimension d is :func:`mdm_lib.mds_info_curve` ``(n, d, q)``,
    the curve of every MDS code (Reed–Solomon codes included) of that dimension.
    Every step curve is scanned, also for an alphabet over which no MDS code of
    that dimension exists (``q = 2``, say): the scan is over curves.

    Parameters
    ----------
    sizes : array_like of int
        Step sizes; their sum n must be at least 2 (a code needs a dimension
        in ``1..n-1``) and at most ``mdm_lib.hardness.MAX_WORST_CASE_N``.
    q : int
        Alphabet size, ``>= 2``.
    base : float, default 2
        Logarithm base.

    Returns
    -------
    float

    Raises
    ------
    ValueError
        If ``sizes`` is not a schedule or sums to less than 2 or more than the limit.
    TypeError
        If an argument has the wrong type.

    Examples
    --------
    >>> round(worst_case_step_kl([2, 2], 5), 3)      # dimension 1 overshoots by one symbol
    2.322
    """
    sizes = as_schedule_sizes(sizes)
    n = int(sizes.sum())  # exact: as_schedule_sizes refuses totals beyond an int64
    if n < 2:
        raise ValueError(f"sizes must sum to n >= 2 (code dimensions 1..n-1), got n = {n}")
    if n > MAX_WORST_CASE_N:
        raise ValueError(f"sizes sum to n = {n:,}, above the limit of {MAX_WORST_CASE_N:,} for this scan")
    q = as_int(q, "q", low=2)
    return max(expected_kl(mds_info_curve(n, d, q, synthetic=True, base=base), sizes) for d in range(1, n))
