"""Hard priors, query strategies and their costs: uniform versus code (Thm 5/24, Thm 6/25).

Uniform versus code
    The family ``F = {U} ∪ {U_V : V an RS code of dimension 0 < k < n}`` over
    ``F_q^n``, the hard prior ``D = 1/2 δ_U + 1/(2n-2) Σ_k D_k`` of the proof of
    Theorem 24 (:class:`HardPrior`), and F-aware strategies with a query budget
    (:class:`Strategy`). Every strategy here first *probes* (queries pinnings
    of a private uniform word, hoping to hit the code) and then *samples* (runs
    a masked-diffusion sampler with a schedule, committing to what it draws).
    Under ``U`` every answer is uniform, so the output is exactly ``U`` and the
    strategy spends its whole budget. Under ``U_V`` the output law ``ν``
    weighs each codeword by ``h(k)/q^k``, where ``h(k)`` is the probability
    that the run lands in the code; hence ``TV(U_V, ν) = 1 - h(k)`` and
    ``KL(U_V || ν) = log 1/h(k)`` (:func:`strategy_costs`).

The lifted curves ``Z^{↑k}`` of Theorem 6/25 are in :mod:`mdm_lib.curves`
(:func:`~mdm_lib.curves.lifted_curve`); the lifted laws ``μ* × U_V`` are
:func:`mdm_lib.paired_law` of a law and a Reed–Solomon law.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ._validate import as_generator, as_int, log_base
from .codes import ReedSolomonCode, ReedSolomonOracle, _check_parameters, reed_solomon_code
from .curves import mds_info_curve
from .kl import expected_kl
from .oracle import ConditionalMarginalOracle, UniformOracle, answer_is_deterministic
from .schedules.schedule import balanced_schedule


@dataclass(frozen=True)
class HardPrior:
    """The hard prior of the proof of Theorem 24: ``1/2 δ_U + 1/(2n-2) Σ_{k=1}^{n-1} D_k``.

    ``D_k`` is the book's reconstruction of the missing ``D_{n,k,q}``: the RS
    code with points ``0..n-1`` and a uniformly random affine shift.

    Examples
    --------
    >>> prior = HardPrior(4, 5)
    >>> prior.weights().tolist()          # index 0: U; index k: dimension k
    [0.5, 0.16666666666666666, 0.16666666666666666, 0.16666666666666666]
    """

    n: int
    q: int

    def __post_init__(self) -> None:
        _check_parameters(self.n, 1, self.q)

    def weights(self) -> np.ndarray:
        """Prior weight of ``U`` (index 0) and of each dimension ``k`` (index k)."""
        return np.concatenate([[0.5], np.full(self.n - 1, 0.5 / (self.n - 1))])

    def sample(self, rng: np.random.Generator) -> ReedSolomonCode | None:
        """Draw a law: ``None`` for ``U``, else a random RS code from ``D_k``."""
        rng = as_generator(rng)
        k = int(rng.choice(self.n, p=self.weights()))
        return None if k == 0 else reed_solomon_code(self.n, k, self.q, rng=rng)


@dataclass(frozen=True)
class RandomNodes:
    """``count`` distinct node sizes drawn uniformly from ``1..n-1`` at every run."""

    count: int


@dataclass(frozen=True)
class StrategyRun:
    """One run of a strategy: its output, its number of queries, its pinnings."""

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
    cdf = np.cumsum([answer[int(i)] for i in positions], axis=1)
    u = rng.random(len(positions))[:, None]
    return np.minimum((u > cdf).sum(axis=1), cdf.shape[1] - 1)


@dataclass(frozen=True)
class Strategy:
    """An F-aware strategy for uniform versus code: probe, then sample (Def 22).

    Parameters
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

    Notes
    -----
    ``budget`` is the number of queries under ``U`` (all answers uniform), the
    largest over runs; under a code the run may stop earlier.

    Examples
    --------
    >>> from mdm_lib.codes import ReedSolomonOracle, reed_solomon_code
    >>> strategy = Strategy(6, (3,), (2, 2, 2), "one probe, then three steps")
    >>> code = reed_solomon_code(6, 3, 7, rng=np.random.default_rng(0))
    >>> run = strategy.run(ReedSolomonOracle(code), np.random.default_rng(1))
    >>> run.queries, code.contains(np.arange(6), run.output)   # the k = 3 probe reveals the code
    (1, True)
    >>> strategy.budget, float(code_probabilities(strategy, 7)[2])
    (4, 1.0)
    """

    n: int
    probes: tuple[int, ...] | RandomNodes
    schedule: tuple[int, ...] | RandomNodes
    name: str = "strategy"

    def __post_init__(self) -> None:
        n = as_int(self.n, "n", low=2)
        if isinstance(self.probes, RandomNodes):
            as_int(self.probes.count, "probes.count", low=0, high=n - 1)
        elif any(not 1 <= m <= n - 1 for m in self.probes):
            raise ValueError(f"probe sizes must lie in 1..n-1, got {list(self.probes)}")
        if isinstance(self.schedule, RandomNodes):
            as_int(self.schedule.count, "schedule.count", low=0, high=n - 1)
        elif sum(self.schedule) != n or min(self.schedule) < 1:
            raise ValueError(
                f"schedule must be positive step sizes summing to n={n}, got {list(self.schedule)}"
            )

    @property
    def budget(self) -> int:
        """Queries made under the uniform law."""
        probes = self.probes.count if isinstance(self.probes, RandomNodes) else len(self.probes)
        steps = self.schedule.count + 1 if isinstance(self.schedule, RandomNodes) else len(self.schedule)
        return probes + steps

    def run(self, oracle: ConditionalMarginalOracle, rng: np.random.Generator) -> StrategyRun:
        """Run once against ``oracle`` (whose law is on ``F_q^n``) and return the output."""
        rng = as_generator(rng)
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
            nodes = np.cumsum(self.schedule)
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


def constant_steps_strategy(n: int, budget: int) -> Strategy:
    """Non-adaptive: the sampler with ``budget`` (near-)equal steps, no probes.

    Examples
    --------
    >>> constant_steps_strategy(10, 3).schedule
    Schedule([4, 3, 3])
    """
    budget = as_int(budget, "budget", low=1, high=as_int(n, "n", low=2))
    return Strategy(n, (), balanced_schedule(n, budget), "constant steps")


def geometric_steps_strategy(n: int, budget: int) -> Strategy:
    """The sampler with ``budget`` geometrically growing steps (ratio about ``n^(1/budget)``).

    With ``budget ≈ log2 n`` this is the doubling schedule ``1, 2, 4, ...``.
    Adaptive only through its early exit once the answers become point masses.

    Examples
    --------
    >>> geometric_steps_strategy(15, 4).schedule
    (1, 2, 4, 8)
    """
    n = as_int(n, "n", low=2)
    budget = as_int(budget, "budget", low=1, high=n)
    nodes = np.round(np.power(float(n + 1), np.arange(1, budget + 1) / budget)).astype(np.int64) - 1
    for t in range(budget):  # strictly increasing, ending at n
        nodes[t] = max(nodes[t], t + 1, nodes[t - 1] + 1 if t else 1)
    for t in reversed(range(budget)):
        nodes[t] = min(nodes[t], n - (budget - 1 - t))
    return Strategy(n, (), tuple(np.diff(np.concatenate([[0], nodes])).tolist()), "geometric steps")


def doubling_probe_strategy(n: int, budget: int) -> Strategy:
    """Adaptive: probe dimensions ``m = 1, 2, 4, ...`` (at most ``budget - 1`` probes), then one step.

    Examples
    --------
    >>> doubling_probe_strategy(20, 8).probes
    (1, 2, 4, 8, 16)
    """
    n = as_int(n, "n", low=2)
    budget = as_int(budget, "budget", low=1, high=n)
    probes = [m for m in (2**t for t in range(n.bit_length())) if m <= n - 1][: budget - 1]
    fallback = budget - len(probes)
    return Strategy(n, tuple(probes), balanced_schedule(n, fallback), "doubling probes")


def binary_search_strategy(n: int, budget: int) -> Strategy:
    """Adaptive: binary search for the dimension, reading a uniform answer as "k > m".

    A point-mass answer ends the search (the code is found). While the answers
    stay uniform the probes follow one fixed path, ``m`` = middle of the
    remaining interval; the unused budget goes to an equal-step sampler.

    Examples
    --------
    >>> binary_search_strategy(16, 4).probes
    (8, 12, 14)
    """
    n = as_int(n, "n", low=2)
    budget = as_int(budget, "budget", low=1, high=n)
    probes, low, high = [], 1, n - 1
    while low <= high and len(probes) < budget - 1:
        m = (low + high) // 2
        probes.append(m)
        low = m + 1
    return Strategy(n, tuple(probes), balanced_schedule(n, budget - len(probes)), "binary search")


def random_probe_strategy(n: int, budget: int) -> Strategy:
    """Randomized: ``budget - 1`` probes of distinct uniformly random sizes, then one step."""
    n = as_int(n, "n", low=2)
    budget = as_int(budget, "budget", low=1, high=n)
    return Strategy(n, RandomNodes(budget - 1), (n,), "random probes")


def random_steps_strategy(n: int, budget: int) -> Strategy:
    """Randomized: the sampler with ``budget`` steps whose ``budget - 1`` cut points are uniformly random."""
    n = as_int(n, "n", low=2)
    budget = as_int(budget, "budget", low=1, high=n)
    return Strategy(n, (), RandomNodes(budget - 1), "random steps")


def _log_first_node_hits(nodes: tuple[int, ...] | RandomNodes, n: int, q: int, *, end: bool) -> np.ndarray:
    """``log E[q^(k - m)]`` for ``k = 1..n-1``, ``m`` the first node ``>= k``.

    With ``end`` the position ``n`` counts as a node; otherwise "no node
    ``>= k``" contributes 0. ``RandomNodes(r)`` are ``r`` uniform distinct
    nodes in ``1..n-1``: no node lies in ``k..k+d-1`` with probability
    ``C(n-1-d, r) / C(n-1, r)``, whatever ``k``.
    """
    k = np.arange(1, n)
    log_q = np.log(q)
    if not isinstance(nodes, RandomNodes):
        nodes = np.unique(np.append(np.asarray(nodes, dtype=np.int64), [n] if end else []).astype(np.int64))
        index = np.searchsorted(nodes, k)
        found = index < nodes.size
        first = nodes[np.minimum(index, max(nodes.size - 1, 0))] if nodes.size else k
        return np.where(found, (k - first) * log_q, -np.inf)
    d = np.arange(n - 1)
    none_below = np.concatenate([[1.0], np.cumprod(np.maximum(n - 1 - nodes.count - d, 0) / (n - 1 - d))])
    first_at = none_below[:-1] - none_below[1:]  # P(first node = k + d)
    with np.errstate(divide="ignore"):
        terms = np.log(first_at) - d * log_q
        # partial[j] = log sum_{d < j} P(first = k + d) q^-d; k + d <= n - 1 means j = n - k
        partial = np.concatenate([[-np.inf], np.logaddexp.accumulate(terms)])[n - k]
        if end:
            partial = np.logaddexp(partial, np.log(none_below[n - k]) - (n - k) * log_q)
    return partial


def _log_either(la: float, lb: float) -> float:
    """``log(1 - (1 - a)(1 - b))`` from ``log a`` and ``log b``, without underflow."""
    hi, lo = max(la, lb), min(la, lb)
    if hi == -np.inf:
        return -np.inf
    return hi + float(np.log1p(np.exp(lo - hi) * -np.expm1(hi)))


def _log_hit_probabilities(strategy: Strategy, q: int, *, output: bool) -> np.ndarray:
    _check_parameters(strategy.n, 1, q)
    schedule = strategy.schedule
    if not isinstance(schedule, RandomNodes):
        schedule = tuple(np.cumsum(schedule)[:-1].tolist())
    probe = _log_first_node_hits(strategy.probes, strategy.n, q, end=False)
    sample = _log_first_node_hits(schedule, strategy.n, q, end=output)  # the output is a node at n
    return np.array([_log_either(a, b) for a, b in zip(probe, sample)])


def code_probabilities(strategy: Strategy, q: int) -> np.ndarray:
    """Exact ``h(k) = P(output ∈ V)`` under ``U_V`` for ``k = 1..n-1`` (element ``k - 1``).

    By Prop 20 an answer is uniform until a consistent pinning of ``>= k``
    positions; by Lemma 21 a pinning of ``m >= k`` uniform symbols is
    consistent with probability ``q^(k-m)``; pinnings are nested, so only the
    first node ``>= k`` of the probes and of the sampler matters (Eq. (2)).

    Examples
    --------
    >>> code_probabilities(constant_steps_strategy(4, 2), 5).round(3).tolist()
    [0.2, 1.0, 0.2]
    """
    return np.exp(_log_hit_probabilities(strategy, q, output=True))


def leaf_hit_probabilities(strategy: Strategy, q: int) -> np.ndarray:
    """Exact probability that some query on the run's path under ``U`` *hits* ``V ~ D_k``.

    A query hits ``V`` when it pins ``>= k`` positions consistently with
    ``V`` (proof of Theorem 24); element ``k - 1`` is for dimension ``k``. The
    average over ``k`` is at most ``2 T / (n - 1)``.

    Examples
    --------
    >>> leaf_hit_probabilities(constant_steps_strategy(4, 2), 5).round(3).tolist()
    [0.2, 1.0, 0.0]
    """
    return np.exp(_log_hit_probabilities(strategy, q, output=False))


def strategy_costs(strategy: Strategy, q: int, *, base: float = 2) -> dict[str, np.ndarray | float]:
    """Exact TV and KL costs of a strategy on every code dimension and on the hard prior.

    Under ``U`` the cost is 0 (every answer is uniform, so the output is
    ``U``). Under ``U_V`` the output gives every codeword the same mass
    ``h(k) q^-k``, so ``TV = 1 - h(k)`` and ``KL = log(1/h(k))``.

    Returns
    -------
    dict
        ``"tv"``, ``"kl"``: arrays over ``k = 1..n-1``; ``"prior_tv"``,
        ``"prior_kl"``: their averages under :class:`HardPrior` (half the mean
        over k); ``"worst_tv"``, ``"worst_kl"``: the sup over the family.

    Examples
    --------
    >>> costs = strategy_costs(constant_steps_strategy(4, 4), 5)
    >>> costs["prior_tv"], costs["worst_kl"]
    (0.0, 0.0)
    """
    scale = log_base(base)
    log_h = _log_hit_probabilities(strategy, q, output=True)
    tv, kl = -np.expm1(log_h), -log_h / scale + 0.0
    return {
        "tv": tv,
        "kl": kl,
        "prior_tv": float(tv.mean() / 2),
        "prior_kl": float(kl.mean() / 2),
        "worst_tv": float(tv.max()),
        "worst_kl": float(kl.max()),
    }


def monte_carlo_prior_tv(
    strategy: Strategy, prior: HardPrior, runs: int, rng: np.random.Generator
) -> tuple[float, float]:
    """Monte Carlo estimate of the TV cost on the hard prior, with its standard error.

    Each run draws a law from ``prior``, runs ``strategy`` against its oracle
    (:class:`~mdm_lib.codes.ReedSolomonOracle`, or
    :class:`~mdm_lib.oracle.UniformOracle` for ``U``, each with the strategy's
    budget) and scores ``1`` when the law is a code and the output is not a
    codeword. The mean is ``E_prior[1 - ν(V)]``, a lower bound on the TV cost
    and equal to it when ``ν`` is uniform on ``V`` (as for these strategies).

    Returns
    -------
    (estimate, standard_error)

    Examples
    --------
    >>> est, se = monte_carlo_prior_tv(constant_steps_strategy(6, 6), HardPrior(6, 7), 50, np.random.default_rng(0))
    >>> est, se                        # one token at a time is exact
    (0.0, 0.0)
    """
    runs = as_int(runs, "runs", low=2)
    rng = as_generator(rng)
    if prior.n != strategy.n:
        raise ValueError(f"prior.n = {prior.n} differs from strategy.n = {strategy.n}")
    misses = np.zeros(runs)
    for r in range(runs):
        code = prior.sample(rng)
        if code is None:
            strategy.run(UniformOracle((prior.q,) * prior.n, budget=strategy.budget), rng)
            continue
        run = strategy.run(ReedSolomonOracle(code, budget=strategy.budget), rng)
        misses[r] = not code.contains(np.arange(code.n), run.output)
    return float(misses.mean()), float(misses.std(ddof=1) / np.sqrt(runs))


def worst_case_step_kl(sizes: object, q: int, *, base: float = 2) -> float:
    """Largest expected KL (Theorem 4) of a schedule over the step curves of all dimensions ``1..n-1``.

    Examples
    --------
    >>> round(worst_case_step_kl([2, 2], 5), 3)      # k = 1 overshoots by one symbol
    2.322
    """
    n = int(np.sum(sizes))
    return max(expected_kl(mds_info_curve(n, k, q, base=base), sizes) for k in range(1, n))
