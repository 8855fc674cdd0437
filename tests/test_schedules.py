"""Tests for mdm_lib.schedules.

Count rules are checked against worked examples transcribed from the released code (the book page "Sources and
reconstructions" names each repository, commit and function) and against step-by-step re-derivations; the exact
expected KL of the Bernoulli samplers against enumeration of every per-token
reveal step, both through the Theorem 16 formula and through the sampler's
output law built from the full table.
"""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import mdm_lib as mdm
from mdm_lib import (
    bernoulli_expected_kl,
    bernoulli_expected_sizes,
    block_sampler_kl,
    dream_origin_reveal_probs,
    dream_schedule,
    expected_kl,
    geometric_decay_schedule,
    geometric_growth_schedule,
    geometric_rate_for_steps,
    info_curve,
    llada_schedule,
    markov_chain_law,
    maskgit_cosine_schedule,
    md4_reveal_probs,
    mdlm_reveal_probs,
    mixture_law,
    product_law,
    random_law,
    released_rule_errors,
    sampler_kl,
)
from mdm_lib.testing import bernoulli_enumeration, signed_riemann_error


def _assert_schedule(sizes, n, steps=None):
    assert isinstance(sizes, mdm.Schedule) and sizes.n == n
    if steps is not None:
        assert sizes.k == steps


@given(st.integers(1, 400), st.floats(0.01, 3.0))
def test_geometric_growth_follows_its_rule(n, rho):
    schedule = geometric_growth_schedule(n, rho)
    _assert_schedule(schedule, n)
    sizes = np.asarray(schedule)
    assert (sizes > 0).all() and sizes[0] == 1
    revealed = np.array(schedule.nodes[:-1])
    rule = np.maximum(1, np.floor(rho * revealed)).astype(int)
    assert (sizes[:-1] == rule[:-1]).all() and 1 <= sizes[-1] <= rule[-1]


@given(st.integers(1, 400), st.floats(0.01, 1.0))
def test_geometric_decay_follows_its_rule(n, rho):
    schedule = geometric_decay_schedule(n, rho)
    _assert_schedule(schedule, n)
    sizes = np.asarray(schedule)
    masked = n - np.array(schedule.nodes[:-1])
    assert (sizes == np.maximum(1, np.floor(rho * masked))).all()


@given(st.integers(2, 3000), st.integers(2, 80), st.sampled_from(["growth", "decay"]))
def test_geometric_rate_for_steps_is_the_smallest_rate_within_budget(n, steps, kind):
    rule = geometric_growth_schedule if kind == "growth" else geometric_decay_schedule
    rho = geometric_rate_for_steps(n, steps, kind=kind)
    assert rule(n, rho).k <= steps
    below = rho * (1 - 1e-9)
    # just below the rate the budget is exceeded, unless every rate meets it
    assert rule(n, below).k > steps or rule(n, 1e-12).k <= steps


def test_llada_examples_and_blocks():
    assert llada_schedule(16, 4) == [4, 4, 4, 4]
    assert llada_schedule(10, 3) == [4, 3, 3]
    assert llada_schedule(3, 5) == [1, 1, 1, 0, 0]
    assert llada_schedule(20, 4, blocks=2) == [5, 5, 5, 5]
    assert llada_schedule(18, 4, blocks=2) == [5, 4, 5, 4]
    for n, steps in [(64, 8), (100, 7), (7, 7)]:
        _assert_schedule(llada_schedule(n, steps), n, steps)


def test_dream_and_maskgit_match_the_released_code_examples():
    assert dream_schedule(16, 4) == [3, 4, 4, 5]
    assert maskgit_cosine_schedule(16, 4) == [2, 3, 5, 6]
    assert maskgit_cosine_schedule(16, 8) == [1, 1, 1, 2, 3, 2, 3, 3]


@given(st.integers(1, 300), st.integers(1, 70))
def test_count_rules_always_give_valid_schedules(n, steps):
    _assert_schedule(dream_schedule(n, steps), n, steps)
    _assert_schedule(maskgit_cosine_schedule(n, steps), n, steps)
    _assert_schedule(llada_schedule(n, steps), n, steps)


def test_expected_counts_match_the_released_code_examples():
    md4 = bernoulli_expected_sizes(16, md4_reveal_probs(4))
    np.testing.assert_allclose(md4[:4], [1.22, 3.47, 5.19, 6.12], atol=0.006)
    np.testing.assert_allclose(bernoulli_expected_sizes(16, md4_reveal_probs(4)).sum(), 16)
    mdlm = bernoulli_expected_sizes(32, mdlm_reveal_probs(8))
    np.testing.assert_allclose(mdlm[:8], 32 * (1 - 1e-5) / 8)
    np.testing.assert_allclose(mdlm[8], 32 * 1e-5)
    dream = bernoulli_expected_sizes(10, dream_origin_reveal_probs(5))
    assert dream[-1] == 0.0 and dream.sum() == pytest.approx(10)


@given(
    st.lists(st.floats(0, 2), min_size=1, max_size=6),
    st.lists(st.floats(0, 1), min_size=1, max_size=3),
)
def test_bernoulli_expected_kl_equals_enumeration_on_random_curves(increments, probs):
    Z = np.concatenate([[0.0], np.cumsum(increments)])[: len(increments)]
    expected = bernoulli_enumeration(Z.size, probs, lambda c: signed_riemann_error(Z, c))
    assert abs(bernoulli_expected_kl(Z, probs) - expected) <= 1e-9 * max(1.0, expected)


@pytest.mark.parametrize("steps", [2, 3])
def test_bernoulli_expected_kl_equals_the_sampler_law_on_real_laws(steps):
    """Against the sampler's output law from the table (no information curve)."""
    laws = [
        random_law((2, 3, 2, 2), rng=np.random.default_rng(steps)),
        markov_chain_law(np.array([[0.8, 0.2], [0.3, 0.7]]), 4),
    ]
    for p in laws:
        for probs in (mdlm_reveal_probs(steps, t_min=0.1), md4_reveal_probs(steps, t_min=0.05)):

            def kl(counts, p=p):
                return sampler_kl(p, counts[counts > 0])

            expected = bernoulli_enumeration(p.ndim, probs, kl)
            assert abs(bernoulli_expected_kl(info_curve(p), probs) - expected) <= 1e-9


def test_bernoulli_extremes():
    Z = np.array([0.0, 0.3, 0.5, 0.6, 0.65])
    tc = mdm.curve_total_correlation(Z)
    assert bernoulli_expected_kl(Z, [1.0]) == pytest.approx(tc)  # one shot: TC
    assert bernoulli_expected_kl(Z, [0.0, 0.0, 1.0]) == pytest.approx(tc)
    # a long run of tiny probabilities reveals one token at a time almost surely
    assert bernoulli_expected_kl(Z, np.full(4000, 0.001)) < 0.01


def test_block_sampler_with_one_block_is_the_theorem_4_sampler():
    p = random_law((2, 2, 3, 2), rng=np.random.default_rng(1), concentration=0.3)
    for sizes in ([2, 2], [1, 3], [1, 0, 3], [4]):
        assert abs(block_sampler_kl(p, sizes, 1) - sampler_kl(p, sizes)) <= 1e-9


def test_blocks_keep_the_formula_exact_only_for_exchangeable_laws():
    sizes = llada_schedule(6, 4, blocks=2)
    exchangeable = mixture_law([0.3, 0.7], [product_law([[0.9, 0.1]] * 6), product_law([[0.2, 0.8]] * 6)])
    assert (
        abs(block_sampler_kl(exchangeable, sizes, 2) - expected_kl(info_curve(exchangeable), sizes)) <= 1e-9
    )
    chain = markov_chain_law(np.array([[0.9, 0.1], [0.1, 0.9]]), 6)
    assert block_sampler_kl(chain, sizes, 2) - expected_kl(info_curve(chain), sizes) > 1e-3


def test_block_sampler_by_hand():
    # two copies of a fair bit in one block of two revealed together: TC = 1 bit
    p = np.array([[0.5, 0.0], [0.0, 0.5]])
    assert block_sampler_kl(p, [2, 0], 1) == pytest.approx(1.0)
    assert block_sampler_kl(p, [2], 1, base=np.e) == pytest.approx(np.log(2))


@pytest.mark.parametrize(
    "call, error, match",
    [
        (lambda: geometric_growth_schedule(0, 0.5), ValueError, "n must lie in"),
        (lambda: geometric_growth_schedule(10, 0.0), ValueError, "rho must be a finite number > 0"),
        (lambda: geometric_decay_schedule(10, 1.5), ValueError, r"rho must lie in \(0, 1\]"),
        (lambda: geometric_decay_schedule(10.5, 0.5), TypeError, "n must be an integer"),
        (lambda: llada_schedule(10, 4, blocks=3), ValueError, "blocks must divide"),
        (lambda: geometric_rate_for_steps(10, 1), ValueError, "at least 2 steps"),
        (lambda: geometric_rate_for_steps(10, 3, kind="linear"), ValueError, "kind must be"),
        (lambda: llada_schedule(10, 0), ValueError, "k must lie in"),
        (lambda: dream_schedule(10, 4, t_min=1.0), ValueError, "t_min must lie in"),
        (lambda: md4_reveal_probs(4, grid="linear"), ValueError, "grid must be"),
        (lambda: bernoulli_expected_kl([0.0, 1.0], [1.2]), ValueError, "reveal_probs must lie in"),
        (lambda: bernoulli_expected_kl([0.0, 1.0], []), ValueError, "non-empty 1-d"),
        (lambda: bernoulli_expected_kl([0.0, 1.0], [[0.5]]), ValueError, "non-empty 1-d"),
        (lambda: bernoulli_expected_kl([0.0, np.nan], [0.5]), ValueError, "Z contains NaN"),
        (lambda: bernoulli_expected_sizes(0, [0.5]), ValueError, "n must lie in"),
        (lambda: block_sampler_kl(np.full((2,) * 4, 1 / 16), [2, 2], 3), ValueError, "blocks must divide"),
        (lambda: block_sampler_kl(np.full((2,) * 4, 1 / 16), [3, 1], 2), ValueError, "must sum to the block"),
        (lambda: block_sampler_kl(np.full((2,) * 4, 1 / 16), [3, 2], 1), ValueError, "must sum to n"),
        (lambda: released_rule_errors([0.0, 1.0, 2.0], 1), ValueError, "k must lie in"),
    ],
)
def test_bad_input_is_rejected_with_a_clear_message(call, error, match):
    with pytest.raises(error, match=match):
        call()


def test_every_step_count_above_n_gives_k_steps_the_extra_ones_empty():
    """One k > n policy: every function that builds a k-step schedule returns k steps summing to n."""
    n, k = 5, 8
    Z = np.array([0.0, 0.4, 0.7, 0.9, 1.0])
    built = {
        "balanced": mdm.balanced_schedule(n, k),
        "llada": mdm.llada_schedule(n, k),
        "dream": mdm.dream_schedule(n, k),
        "maskgit": mdm.maskgit_cosine_schedule(n, k),
        "two-phase": mdm.two_phase_schedule(n, k),
        "square root": mdm.square_root_schedule(Z, k),
        "optimal": mdm.optimal_schedule(Z, k).sizes,
        "plan": mdm.plan_schedule(Z, k).sizes,
        "random": mdm.random_schedule(n, k, rng=0, allow_empty=True),
    }
    for name, sizes in built.items():
        assert len(sizes) == k and sum(sizes) == n and min(sizes) >= 0, name
    for name in ("two-phase", "square root", "optimal", "plan"):  # n single steps, then empty ones
        assert built[name] == [1] * n + [0] * (k - n), name
    frontier = mdm.optimal_errors(Z, k)
    assert frontier.shape == (k,) and (frontier[n - 1 :] == 0.0).all()
    assert mdm.optimal_schedule(Z, k).error == 0.0
    records = mdm.released_rule_errors(Z, k)
    assert [r.rule for r in records] == list(mdm.RELEASED_RULES)
    for r in records:
        assert r.error >= 0.0, r.rule
    with pytest.raises(ValueError, match="k = 8 > n = 5"):
        mdm.random_schedule(n, k, rng=0)
