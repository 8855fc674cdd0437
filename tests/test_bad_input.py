"""Bad input a user can type, across the public API: each raises a clear error before any work.

Every row is (id, call, error type, a fragment of the message that names the argument). The
message must also not leak numpy scalar reprs such as ``np.float64(1.1)``.
"""

import re

import numpy as np
import pytest
from work_budget import REFUSAL_CALLS, REFUSAL_MEGABYTES, work_budget

import mdm_lib as mdm

P3 = np.full((2, 2, 2), 1 / 8)
Z3 = np.array([0.0, 0.5, 0.8])
W, M = [0.5, 0.5], np.full((2, 3, 2), 0.5)
HUGE = 10**9

CASES = [
    # --- silent wrong answers before -------------------------------------------------------
    (
        "float positions",
        lambda: mdm.partition_law(P3, [[0.9], [1.2], [2]]),
        TypeError,
        "partition[0] must hold integer positions",
    ),
    (
        "numpy float positions",
        lambda: mdm.partition_law(P3, [np.array([0.0]), np.array([1.0, 2.0])]),
        TypeError,
        "partition[0] must hold integer positions, got 0.0 (float64)",
    ),
    (
        "numpy float probes",
        lambda: mdm.Strategy(5, np.array([2.0]), (5,)),
        TypeError,
        "probes must hold integers, got 2.0 (float64)",
    ),
    (
        "bool positions",
        lambda: mdm.partition_law(P3, [[True], [0], [2]]),
        TypeError,
        "partition[0] must hold integer positions",
    ),
    (
        "partition not nested",
        lambda: mdm.partition_law(P3, [0, 1, 2]),
        TypeError,
        "partition[0] must be a sequence of positions",
    ),
    (
        "partition a string",
        lambda: mdm.partition_law(P3, "012"),
        TypeError,
        "partition must be a sequence of sequences",
    ),
    (
        "non-monotone expected_kl",
        lambda: mdm.expected_kl([0, 1, 0], [1, 2]),
        ValueError,
        "Z must be non-decreasing (an information curve), but it decreases at j=3",
    ),
    (
        "non-monotone step_costs",
        lambda: mdm.step_costs([0.0, 2.0, 1.0, 3.0], [2, 2]),
        ValueError,
        "decreases at j=3",
    ),
    (
        "non-monotone li_cai",
        lambda: mdm.li_cai_bound([0.0, 1.0, -1.0], [3]),
        ValueError,
        "Z must be non-decreasing",
    ),
    (
        "non-monotone li_cai_sharp",
        lambda: mdm.li_cai_sharp_bound([0.0, 1.0, 0.5], [3]),
        ValueError,
        "decreases at j=3",
    ),
    (
        "non-monotone bernoulli",
        lambda: mdm.bernoulli_expected_kl([0.0, 1.0, 0.5], [0.5]),
        ValueError,
        "Z must be non-decreasing",
    ),
    (
        "strict not a bool",
        lambda: mdm.expected_kl([0.0, 1.0], [2], strict="yes"),
        TypeError,
        "strict must be True or False",
    ),
    ("md4 eps >= 1/2", lambda: mdm.md4_reveal_probs(4, t_min=0.6), ValueError, "t_min must lie in (0, 1/2)"),
    ("float probes", lambda: mdm.Strategy(5, (2.0,), (5,)), TypeError, "probes must hold integers"),
    ("float schedule", lambda: mdm.Strategy(5, (), (2.5, 2.5)), TypeError, "schedule must hold integers"),
    ("empty schedule", lambda: mdm.Strategy(5, (), ()), ValueError, "schedule must be positive step sizes"),
    ("probe out of range", lambda: mdm.Strategy(5, (0,), (5,)), ValueError, "probe sizes must lie in 1..n-1"),
    (
        "reducible chain",
        lambda: mdm.markov_chain_law(np.eye(2), 3),
        ValueError,
        "transition has 2 closed classes",
    ),
    (
        "initial of wrong shape",
        lambda: mdm.markov_chain_law([[0.5, 0.5], [0.5, 0.5]], 3, initial=[1.0]),
        ValueError,
        "initial must have shape (2,)",
    ),
    ("bool n", lambda: mdm.tc_schedule(True, 1.0, 0.1), TypeError, "n must be an integer, got bool"),
    ("bool sizes", lambda: mdm.expected_kl([0.0, 1.0], [True, True]), TypeError, "sizes must hold integers"),
    (
        "bool in a size list",
        lambda: mdm.Schedule([True, 2]),
        TypeError,
        "sizes must hold integers, got a bool",
    ),
    ("bool table", lambda: mdm.as_law([True, False]), TypeError, "p must be a numeric array, got booleans"),
    (
        "bool estimate",
        lambda: mdm.correlation_step_bound(10, True, 0.1),
        TypeError,
        "hat must be a real number",
    ),
    (
        "bool concentration",
        lambda: mdm.random_law((2, 2), rng=0, concentration=True),
        TypeError,
        "concentration must be a real number",
    ),
    ("bool blocks", lambda: mdm.block_sampler_kl(P3, [3], True), TypeError, "blocks must be an integer"),
    # --- unclear errors before --------------------------------------------------------------
    ("None law", lambda: mdm.as_law(None), TypeError, "p must be a numeric array, got NoneType"),
    ("ragged law", lambda: mdm.as_law([[0.5, 0.5], [0.5]]), TypeError, "p must be a numeric array"),
    ("complex law", lambda: mdm.as_law([0.5 + 0j, 0.5]), TypeError, "p must be a numeric array"),
    ("float shape", lambda: mdm.random_law(2.5), TypeError, "shape must be an int or a sequence of ints"),
    ("lift of length 1", lambda: mdm.lifted_curve([0.0], 1, 5), ValueError, "Z must have n >= 2 values"),
    (
        "lift dimension",
        lambda: mdm.lifted_curve([0.0, 1.0], 2, 5),
        ValueError,
        "dimension must lie in [1, 1]",
    ),
    (
        "int alphabet sizes",
        lambda: mdm.UniformOracle(3),
        TypeError,
        "alphabet_sizes must be a sequence of ints",
    ),
    (
        "zero alphabet size",
        lambda: mdm.UniformOracle((2, 0)),
        ValueError,
        "alphabet_sizes[i] must lie in [1, inf]",
    ),
    ("worst case of n = 1", lambda: mdm.worst_case_step_kl([1], 5), ValueError, "sizes must sum to n >= 2"),
    (
        "numpy scalar eps",
        lambda: mdm.tc_schedule(10, 1.0, np.float64(-1.1)),
        ValueError,
        "eps must be a finite number > 0, got -1.1",
    ),
    (
        "Cor 34 precondition",
        lambda: mdm.two_phase_bound(10, np.float64(5.0), 0.1),
        ValueError,
        "dtc <= delta_sq * n = 1, got dtc = 5",
    ),
    (
        "float query positions",
        lambda: mdm.TableOracle(P3)([0.0], [1]),
        TypeError,
        "positions must hold integers",
    ),
    (
        "bool query positions",
        lambda: mdm.TableOracle(P3)([True], [1]),
        TypeError,
        "positions must hold integers",
    ),
    (
        "oracle not an oracle",
        lambda: mdm.constant_steps_strategy(5, 2).run("oracle"),
        TypeError,
        "oracle must be a ConditionalMarginalOracle",
    ),
    (
        "strategy not a strategy",
        lambda: mdm.strategy_costs("strategy", 5),
        TypeError,
        "strategy must be a Strategy",
    ),
    (
        "prior not a prior",
        lambda: mdm.monte_carlo_prior_tv(mdm.constant_steps_strategy(5, 2), 5, 10),
        TypeError,
        "prior must be a HardPrior",
    ),
    (
        "too few runs",
        lambda: mdm.monte_carlo_prior_tv(mdm.constant_steps_strategy(6, 2), mdm.HardPrior(6, 7), 1),
        ValueError,
        "num_samples must lie in [2, inf]",
    ),
    ("positional rng", lambda: mdm.HardPrior(6, 7).sample(0), TypeError, "positional argument"),
    ("marginals not a sequence", lambda: mdm.product_law(5), TypeError, "marginals must be a sequence"),
    ("laws not a sequence", lambda: mdm.mixture_law([0.5, 0.5], 3), TypeError, "laws must be a sequence"),
    ("q alphabet", lambda: mdm.estimate_grid(10, 0.1, 1), ValueError, "q must lie in [2, inf]"),
    ("sizes a number", lambda: mdm.expected_kl([0.0, 1.0], 2), TypeError, "sizes must be a sequence"),
    ("fractional sizes", lambda: mdm.sampler_kl(P3, [0.5, 2.5]), ValueError, "sizes must hold whole numbers"),
    ("negative schedule", lambda: mdm.Schedule([-1, 2]), ValueError, "sizes must be non-negative"),
    ("unknown shape", lambda: mdm.shaped_curve("wavy", 5), ValueError, "shape must be one of"),
    ("Lemma 28 n", lambda: mdm.geometric_staircase_function(1, 0.1), ValueError, "n must lie in [2,"),
    ("two-phase k", lambda: mdm.two_phase_schedule(10, 0), ValueError, "k must lie in [1, 10000000]"),
    # --- hangs and unbounded memory before ---------------------------------------------------
    (
        "growth steps",
        lambda: mdm.geometric_growth_schedule(HUGE, 1e-9),
        ValueError,
        "needs more than 10,000,000 steps",
    ),
    (
        "decay steps",
        lambda: mdm.geometric_decay_schedule(HUGE, 1e-9),
        ValueError,
        "needs more than 10,000,000 steps",
    ),
    ("TC schedule length", lambda: mdm.tc_schedule(HUGE, 1, 1e-9), ValueError, "the step count of"),
    ("DTC schedule length", lambda: mdm.dtc_schedule(HUGE, 1, 1e-9), ValueError, "the step count of"),
    ("Austin length", lambda: mdm.austin_schedule(HUGE, 1e9, 1e-9), ValueError, "the step count of"),
    ("Li-Cai length", lambda: mdm.li_cai_schedule(HUGE, 1.0, 1e-9), ValueError, "the step count of"),
    ("LLaDA k", lambda: mdm.llada_schedule(HUGE, HUGE), ValueError, "k must lie in [1, 10000000]"),
    ("MDLM k", lambda: mdm.mdlm_reveal_probs(HUGE), ValueError, "k must lie in [1, 10000000]"),
    (
        "block enumeration",
        lambda: mdm.block_sampler_kl(np.full((2,) * 12, 2.0**-12), [1] * 12, 1),
        ValueError,
        "too large for exact enumeration (limit 20,000,000",
    ),
    (
        "Bernoulli terms",
        lambda: mdm.bernoulli_expected_kl(np.zeros(100_000), np.full(100_000, 0.5)),
        ValueError,
        "(len(reveal_probs) + 1) * (n + 1) = 10,000,200,001 exceeds the limit",
    ),
    ("sample count", lambda: mdm.sample(P3, [3], HUGE, rng=0), ValueError, "num_samples * n = 3,000,000,000"),
    ("partition draws", lambda: mdm.random_partition_kl(P3, [3], HUGE, rng=0), ValueError, "num_samples * n"),
    (
        "mixture samples",
        lambda: mdm.estimate_product_mixture_info_curve(W, M, HUGE, rng=0),
        ValueError,
        "num_samples * n * max(m, q)",
    ),
    (
        "table of a chain",
        lambda: mdm.markov_chain_law([[0.5, 0.5], [0.5, 0.5]], 40),
        ValueError,
        "the table size q**n",
    ),
    ("random table", lambda: mdm.random_law((10,) * 9, rng=0), ValueError, "the table size prod(shape)"),
    ("code table", lambda: mdm.linear_code_law([[1]] * 30, 2), ValueError, "q**n (q = 2, n = 30)"),
    ("code messages", lambda: mdm.linear_code_law([[1] * 30], 2), ValueError, "q**d (q = 2, d = 30)"),
    (
        "paired table",
        lambda: mdm.paired_law(np.full((2,) * 14, 2.0**-14), np.full((2,) * 14, 2.0**-14)),
        ValueError,
        "the paired table size",
    ),
    ("product curve", lambda: mdm.product_info_curve(10**12), ValueError, "n must lie in [1, 67108864]"),
    (
        "pinned enumeration",
        lambda: mdm.pinned_correlation_from_table(np.full((2,) * 20, 2.0**-20), 10),
        ValueError,
        "comb(n, size) * p.size",
    ),
    ("worst-case scan", lambda: mdm.worst_case_step_kl([10**6], 5), ValueError, "above the limit of 10,000"),
]


@pytest.mark.parametrize("call, error, fragment", [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_bad_input_gets_a_clear_error(call, error, fragment):
    with work_budget(calls=REFUSAL_CALLS, megabytes=REFUSAL_MEGABYTES):  # refused before the work
        with pytest.raises(error, match=re.escape(fragment)) as info:
            call()
    assert not re.search(r"np\.(float|int)\d*\(", str(info.value)), "the message leaks a numpy scalar repr"


# --- the fixed calls that used to fail compute the right thing ---------------------------------


def test_strict_false_evaluates_the_formula_on_any_curve():
    assert mdm.expected_kl([0, 1, 0], [1, 2], strict=False) == -1.0
    assert mdm.li_cai_bound([0.0, 1.0, -1.0], [3], strict=False) == -3.0
    # ...and the projection is the intended route for a noisy estimate
    assert mdm.expected_kl(mdm.monotone_projection([0, 1, 0]), [1, 2]) == 0.0


def test_rounding_noise_is_not_a_decrease():
    Z = np.array([0.0, 1.0, 1.0 - 1e-13, 2.0])
    assert mdm.expected_kl(Z, [4]) == pytest.approx(mdm.curve_total_correlation(Z))


def test_float32_tables_are_checked_relative_to_their_precision():
    rng = np.random.default_rng(0)
    p = rng.random(2**20).astype(np.float32)
    p /= p.sum(dtype=np.float32)
    assert abs(float(p.astype(np.float64).sum()) - 1.0) > 1e-9  # the old absolute test refused it
    table = mdm.as_law(p.reshape((2,) * 20))
    assert table.dtype == np.float64 and table.shape == (2,) * 20
    with pytest.raises(ValueError, match="p must sum to 1"):
        mdm.as_law(p * np.float32(1.01))
    bad = np.full(4, 0.25)
    bad[0] += 5e-9  # float64 keeps the 1e-9 tolerance
    with pytest.raises(ValueError, match="p must sum to 1"):
        mdm.as_law(bad)


def test_huge_estimates_give_single_steps_instead_of_overflow():
    assert mdm.tc_schedule(10, 1e300, 1e-300) == [1] * 10
    assert mdm.dtc_schedule(10, 1e300, 1e-300) == [1] * 10
    assert mdm.austin_schedule(10, 1e300, 1e-300) == [1] * 10


def test_random_schedule_of_a_huge_n_costs_what_k_costs():
    with work_budget(calls=10_000, megabytes=1):  # O(k) draws, never an array of length n
        s = mdm.random_schedule(10**9, 3, rng=0)
    assert s.n == 10**9 and s.k == 3 and min(s) >= 1


def test_periodic_and_single_class_chains_need_no_initial_law():
    swap = [[0.0, 1.0], [1.0, 0.0]]  # periodic, irreducible: unique stationary law
    np.testing.assert_allclose(mdm.markov_chain_law(swap, 3).sum(axis=(1, 2)), [0.5, 0.5])
    into_class = [[0.5, 0.5, 0.0], [0.5, 0.5, 0.0], [1.0, 0.0, 0.0]]  # state 2 transient, one closed class
    np.testing.assert_allclose(mdm.markov_chain_law(into_class, 2).sum(axis=1), [0.5, 0.5, 0.0], atol=1e-12)
    p = mdm.markov_chain_law(np.eye(2), 2, initial=[0.25, 0.75])  # several classes: explicit law
    np.testing.assert_allclose(p, [[0.25, 0.0], [0.0, 0.75]])


def test_enumeration_cap_is_shared():
    p = np.full((2,) * 12, 2.0**-12)
    messages = []
    for call in (lambda: mdm.sampler_kl(p, [1] * 12), lambda: mdm.block_sampler_kl(p, [1] * 12, 1)):
        with pytest.raises(ValueError) as info:
            call()
        messages.append(re.sub(r"sizes .*? \(", "(", str(info.value)))
    assert messages[0] == messages[1]


def test_bernoulli_kl_in_chunks_equals_the_one_block_formula():
    """K * (n + 1) above one chunk: the blocked sum equals the formula written in one array."""
    from scipy.stats import binom

    rng = np.random.default_rng(1)
    n, K = 2000, 1200
    Z = np.concatenate([[0.0], np.cumsum(rng.exponential(size=n - 1))]) / n
    probs = np.append(rng.uniform(0, 0.01, size=K), 1.0)
    masked = np.concatenate([[1.0], np.cumprod(1.0 - probs)])[:-1]
    c = np.arange(n + 1)
    law = binom.pmf(c[None, :], n, 1.0 - masked[:, None])
    expected = Z.sum() - probs @ (law * ((n - c) * np.append(Z, 0.0))[None, :]).sum(axis=1)
    assert mdm.bernoulli_expected_kl(Z, probs[:-1]) == pytest.approx(expected, rel=1e-12, abs=1e-12)
