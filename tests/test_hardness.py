"""mdm_lib.hardness: strategies on the hard prior, their costs; lifted curves and Lemma 28."""

from itertools import combinations, permutations, product
from math import factorial

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import mdm_lib as mdm
from mdm_lib import (
    HardPrior,
    RandomNodes,
    ReedSolomonOracle,
    Strategy,
    TableOracle,
    UniformOracle,
    binary_search_strategy,
    code_hit_probability,
    code_probabilities,
    constant_steps_strategy,
    doubling_probe_strategy,
    geometric_staircase_curve,
    geometric_staircase_function,
    geometric_steps_strategy,
    leaf_hit_probabilities,
    lifted_curve,
    random_probe_strategy,
    random_steps_strategy,
    reed_solomon_code,
    reed_solomon_law,
    strategy_costs,
    worst_case_step_kl,
)
from mdm_lib._probability import table_kl

BUILDERS = [
    constant_steps_strategy,
    geometric_steps_strategy,
    doubling_probe_strategy,
    binary_search_strategy,
    random_probe_strategy,
    random_steps_strategy,
]


def tv_and_kl(mu, nu):
    return 0.5 * np.abs(mu - nu).sum(), table_kl(mu, nu, np.log(2))


def _node_sets(nodes, n):
    if isinstance(nodes, RandomNodes):
        return [list(c) for c in combinations(range(1, n), nodes.count)]
    return [list(nodes)]


def brute_output_law(strategy, table):
    """Output law by enumerating node draws, orders and probe words, with a table oracle.

    The sampler part uses mdm.sampler_law (exact enumeration of partitions).
    """
    n, q = table.ndim, table.shape[0]
    schedules = [
        np.diff([0, *cuts, n]) if isinstance(strategy.schedule, RandomNodes) else strategy.schedule
        for cuts in _node_sets(strategy.schedule, n)
    ]
    fallback = np.mean([mdm.sampler_law(table, s) for s in schedules], axis=0)
    total = np.zeros(table.shape)
    probe_sets = _node_sets(strategy.probes, n)
    weight = 1.0 / (len(probe_sets) * factorial(n) * q**n)
    oracle = TableOracle(table)
    for probes in probe_sets:
        for order in permutations(range(n)):
            order = np.array(order)
            for word in product(range(q), repeat=n):
                word = np.array(word)
                for m in probes:
                    answer = oracle(order[:m], word[order[:m]])
                    if all(a.max() == 1.0 for a in answer.values()):
                        x = word.copy()
                        for i, a in answer.items():
                            x[i] = np.argmax(a)
                        total[tuple(x)] += weight
                        break
                else:
                    total += weight * fallback
    return total


@pytest.mark.parametrize(
    "strategy",
    [
        constant_steps_strategy(4, 2),
        geometric_steps_strategy(4, 2),
        Strategy(4, (), (1, 1, 2)),
        doubling_probe_strategy(4, 3),
        binary_search_strategy(4, 2),
        Strategy(4, (3, 1), (2, 2)),
        random_probe_strategy(4, 3),
        random_steps_strategy(4, 2),
    ],
    ids=lambda s: f"{s.name}-{s.probes}-{s.schedule}",
)
def test_costs_equal_exact_output_law(strategy):
    """Closed-form h(k) costs against the exact output law, for every dimension."""
    q = 5
    costs = strategy_costs(strategy, q)
    for k in range(1, 4):
        table = reed_solomon_law(4, k, q, rng=np.random.default_rng(k))
        tv, kl = tv_and_kl(table, brute_output_law(strategy, table))
        assert abs(tv - costs.tv[k - 1]) < 1e-9
        assert abs(kl - costs.kl[k - 1]) < 1e-9
    # under U the output is exactly U: cost 0
    uniform = np.full((q,) * 4, q**-4.0)
    assert np.abs(brute_output_law(strategy, uniform) - uniform).max() < 1e-12


@given(st.integers(3, 40), st.data(), st.sampled_from(BUILDERS))
def test_leaf_hits_are_at_most_2T_over_n_minus_1(n, data, builder):
    q = data.draw(st.sampled_from([p for p in (3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37, 41, 43) if p >= n]))
    T = data.draw(st.integers(1, n))
    strategy = builder(n, T)
    assert strategy.k <= T
    hits = leaf_hit_probabilities(strategy, q)
    outputs = code_probabilities(strategy, q)
    assert np.all(hits <= outputs + 1e-15) and np.all((0 <= hits) & (outputs <= 1))
    assert hits.mean() <= 2 * T / (n - 1) + 1e-12


def test_leaf_hits_match_monte_carlo_over_shifts():
    """Runs under U, then hits counted over random codes from D_k (no formula used)."""
    n, q, runs = 6, 7, 1500
    rng = np.random.default_rng(0)
    for strategy in (constant_steps_strategy(n, 3), random_probe_strategy(n, 3)):
        exact = leaf_hit_probabilities(strategy, q)
        for k in range(1, n):
            hits = 0
            for _ in range(runs):
                run = strategy.run(UniformOracle((q,) * n), rng=rng)
                code = reed_solomon_code(n, k, q, rng=rng)
                hits += any(len(S) >= k and code.contains(S, x) for S, x in run.pinnings)
            assert abs(hits / runs - exact[k - 1]) < 4 * np.sqrt(0.25 / runs)


@pytest.mark.parametrize(("n", "q"), [(5, 5), (4, 4)])
def test_hit_probability_of_every_code_equals_the_average_over_the_random_code(n, q):
    """App. C.1's per-code hit probability, by enumeration, against Lemma 21's average over D_k."""
    rng = np.random.default_rng(n * q)
    for builder in BUILDERS:
        for T in range(1, n + 1):
            strategy = builder(n, T)
            average = leaf_hit_probabilities(strategy, q)
            for d in range(1, n):
                code = reed_solomon_code(n, d, q, rng=rng, random_points=True)
                assert abs(code_hit_probability(strategy, code) - average[d - 1]) < 1e-12


def test_hit_probability_matches_the_runs():
    """Runs under U through Strategy.run, their pinnings tested against one fixed code."""
    n, q, runs = 5, 5, 1500
    rng = np.random.default_rng(1)
    for strategy, d in ((Strategy(n, (4, 1), (3, 2)), 2), (random_steps_strategy(n, 3), 3)):
        code = reed_solomon_code(n, d, q, rng=rng)
        hits = 0
        for _ in range(runs):
            run = strategy.run(UniformOracle((q,) * n), rng=rng)
            hits += any(len(S) >= d and code.contains(S, x) for S, x in run.pinnings)
        exact = code_hit_probability(strategy, code)
        assert 0 < exact < 1
        assert abs(hits / runs - exact) < 4 * np.sqrt(exact * (1 - exact) / runs)


def test_hit_probability_validation():
    code = reed_solomon_code(4, 2, 5)
    with pytest.raises(TypeError, match="strategy must be a Strategy"):
        code_hit_probability("constant", code)
    with pytest.raises(TypeError, match="code must be a ReedSolomonCode"):
        code_hit_probability(constant_steps_strategy(4, 2), reed_solomon_law(4, 2, 5))
    with pytest.raises(ValueError, match="differs from strategy.n"):
        code_hit_probability(constant_steps_strategy(5, 2), code)
    with pytest.raises(ValueError, match="MAX_HIT_ENUMERATION_N"):
        code_hit_probability(constant_steps_strategy(9, 2), reed_solomon_code(9, 2, 11))


def test_runs_respect_the_budget_and_land_in_the_code():
    n, q = 12, 13
    rng = np.random.default_rng(1)
    for builder in BUILDERS:
        strategy = builder(n, 4)
        run = strategy.run(UniformOracle((q,) * n, budget=strategy.k), rng=rng)
        assert run.queries == strategy.k and run.output.shape == (n,)
        code = reed_solomon_code(n, 5, q, rng=rng)
        run = strategy.run(ReedSolomonOracle(code, budget=strategy.k), rng=rng)
        assert run.queries <= strategy.k


def test_constant_steps_match_theorem_4_on_step_curves():
    """For a fixed schedule, log2(1/h(k)) is the Theorem 4 error on the step curve."""
    for n, q, T in [(10, 11, 3), (16, 17, 5), (9, 11, 9)]:
        strategy = constant_steps_strategy(n, T)
        kl = strategy_costs(strategy, q).kl
        for k in range(1, n):
            assert abs(kl[k - 1] - mdm.expected_kl(mdm.mds_info_curve(n, k, q), strategy.schedule)) < 1e-9


def test_worst_case_step_kl_is_largest_step_minus_one():
    for sizes in ([3, 1, 2], [1, 1, 1, 1], [5], [2, 4, 1]):
        assert abs(worst_case_step_kl(sizes, 7) - (max(sizes) - 1) * np.log2(7)) < 1e-9
    with pytest.raises(ValueError, match="sizes must sum to n >= 2"):
        worst_case_step_kl([1], 5)


def test_costs_are_a_record_whose_dict_lookups_are_deprecated():
    costs = strategy_costs(constant_steps_strategy(6, 3), 7)
    assert isinstance(costs, mdm.StrategyCosts)
    with pytest.warns(DeprecationWarning, match=r"use StrategyCosts\.tv"):
        assert costs["tv"] is costs.tv
    assert set(costs._asdict()) == {"tv", "kl", "prior_tv", "prior_kl", "worst_tv", "worst_kl"}
    with pytest.raises(KeyError):
        costs["TV"]


def test_strategy_validation():
    with pytest.raises(ValueError, match="probe sizes"):
        Strategy(5, (0,), (5,))
    with pytest.raises(ValueError, match="schedule"):
        Strategy(5, (), (2, 2))
    with pytest.raises(ValueError, match=r"k must lie in \[1, 5\], got 6"):
        constant_steps_strategy(5, 6)
    with pytest.raises(ValueError, match="oracle"):
        constant_steps_strategy(5, 2).run(UniformOracle((5,) * 4), rng=0)
    with pytest.raises(TypeError, match="rng"):
        constant_steps_strategy(5, 2).run(UniformOracle((5,) * 5), rng="seed")
    with pytest.raises(TypeError):  # rng is keyword-only
        constant_steps_strategy(5, 2).run(UniformOracle((5,) * 5), 0)
    with pytest.raises(TypeError, match="probes must hold integers"):
        Strategy(5, (2.0,), (5,))
    with pytest.raises(TypeError, match="schedule must hold integers"):
        Strategy(5, (), (2.5, 2.5))
    with pytest.raises(ValueError, match="schedule"):
        Strategy(5, (), ())


def test_hard_prior():
    prior = HardPrior(6, 7)
    assert abs(prior.weights().sum() - 1) < 1e-15
    rng = np.random.default_rng(2)
    draws = [prior.sample(rng=rng) for _ in range(4000)]
    assert abs(sum(d is None for d in draws) / 4000 - 0.5) < 0.03
    assert {d.dimension for d in draws if d is not None} == set(range(1, 6))
    with pytest.raises(ValueError, match="prime power"):
        HardPrior(4, 6)


def test_paired_law_realizes_the_lifted_curve():
    rng = np.random.default_rng(3)
    mu = mdm.random_law((2, 2, 2, 2), rng=rng)
    for k in (1, 2, 3):
        code = reed_solomon_law(4, k, 5, rng=rng)
        pair = mdm.paired_law(mu, code)
        assert pair.shape == (10,) * 4
        # marginals: summing out one coordinate of each pair recovers each factor
        split = pair.reshape(2, 5, 2, 5, 2, 5, 2, 5)
        assert np.allclose(split.sum(axis=(1, 3, 5, 7)), mu) and np.allclose(
            split.sum(axis=(0, 2, 4, 6)), code
        )
        assert np.abs(mdm.info_curve(pair) - lifted_curve(mdm.info_curve(mu), k, 5)).max() < 1e-9


def test_lifted_curve_validation():
    with pytest.raises(ValueError, match="dimension must lie"):
        lifted_curve([0.0, 1.0], 2, 5)
    with pytest.raises(ValueError, match="Z must have n >= 2 values"):
        lifted_curve([0.0], 1, 5)
    assert np.array_equal(lifted_curve([0.0, 1.0], dimension=1, q=2), [0.0, 2.0])


def brute_lemma28(n, eps):
    f = []
    for x in range(1, n + 1):
        i = 0
        while int((1 + eps) ** (i + 1)) <= x:
            i += 1
        f.append((1 + eps) ** -i / (4 * np.log(n)))
    return np.array(f)


@pytest.mark.parametrize("n, eps", [(50, 0.2), (1000, 0.1), (3000, 0.05)])
def test_geometric_staircase_function_and_curve(n, eps):
    f = geometric_staircase_function(n, eps)
    assert np.allclose(f, brute_lemma28(n, eps), rtol=1e-12, atol=0)
    assert np.all(np.diff(f) <= 0) and f.sum() <= 1
    Z = geometric_staircase_curve(n, eps)
    assert Z[0] == 0 and np.all(np.diff(Z) >= 0)


@pytest.mark.parametrize("n, eps, k", [(200, 0.2, 3), (1000, 0.1, 5)])
def test_geometric_staircase_curve_keeps_the_step_function_distance(n, eps, k):
    """Reflection and a shift keep the L1 distance to the best k-piece step function:
    the k-step optimal error of the curve is at least the lemma's f-distance in its
    left-Riemann form, computed here on f directly by an independent O(n^2 k) DP."""
    f = geometric_staircase_function(n, eps)
    Z = geometric_staircase_curve(n, eps)
    # best k-piece right-Riemann approximation of the decreasing f (a step's value at its right end)
    # equals the best left-Riemann approximation of the reflected curve.
    prefix = np.concatenate([[0.0], np.cumsum(f)])
    cost = np.full((k + 1, n + 1), np.inf)
    cost[0, 0] = 0.0
    for m in range(1, k + 1):
        for end in range(1, n + 1):
            starts = np.arange(end)
            piece = (
                prefix[end] - prefix[starts] - (end - starts) * f[end - 1]
            )  # sum_{a <= x < end} f(x) - f(end-1)
            cost[m, end] = np.min(cost[m - 1, starts] + piece)
    assert mdm.optimal_schedule(Z, k).error == pytest.approx(cost[k, n], rel=1e-9, abs=1e-12)
