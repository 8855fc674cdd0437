"""Tests of mdm_lib.bounds: Theorem 9's step bound, Li–Cai (Theorem 31), Corollary 34, Lemma 33."""

import math
from itertools import combinations, product

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from law_strategies import laws

import mdm_lib as mdm


def test_correlation_step_bound_formula_and_errors():
    assert mdm.correlation_step_bound(1, 0, 1) == 3.0
    assert mdm.correlation_step_bound(100, 2, 0.5) == pytest.approx(2 + (1 + math.log(100)) * 5)
    assert mdm.correlation_step_bound(100, 2.01, 0.5) == pytest.approx(2 + (1 + math.log(100)) * 6)
    with pytest.raises(ValueError, match="eps"):
        mdm.correlation_step_bound(10, 1, 0)
    with pytest.raises(ValueError, match="hat must be >= 0"):
        mdm.correlation_step_bound(10, -1, 1)
    with pytest.raises(ValueError, match="n must lie"):
        mdm.correlation_step_bound(0, 1, 1)


def _random_law(rng, n, q=2):
    return rng.dirichlet(np.full(q**n, 0.3)).reshape((q,) * n)


@given(seed=st.integers(0, 2**32 - 1), p=laws(min_n=2, max_n=6))
def test_li_cai_bounds_hold_against_exact_sampler_kl(seed, p):
    """(s_max - 1) Z_n <= Li-Cai, and both bound the exact (enumerated) expected KL."""
    rng = np.random.default_rng(seed)
    n = p.ndim
    Z = mdm.info_curve(p)
    sizes = mdm.random_schedule(n, int(rng.integers(1, n + 1)), rng=rng)
    exact = mdm.sampler_kl(p, sizes)
    s_max = int(max(sizes))
    assert exact <= mdm.li_cai_sharp_bound(Z, sizes) + 1e-9
    assert mdm.li_cai_sharp_bound(Z, sizes) <= mdm.li_cai_bound(Z, sizes) + 1e-12
    tc, dtc = mdm.total_correlation(p), mdm.dual_total_correlation(p)
    factor = 2 ** math.ceil(math.log2(s_max)) - 1
    assert mdm.li_cai_bound(Z, sizes) == pytest.approx(factor * (tc + dtc) / n, abs=1e-9)


def test_li_cai_factor_is_the_next_power_of_two_minus_one():
    Z = np.linspace(0, 1, 64)
    for s_max, factor in [(1, 0), (2, 1), (3, 3), (4, 3), (5, 7), (8, 7), (9, 15), (64, 63)]:
        sizes = [s_max] + [1] * (64 - s_max)
        assert mdm.li_cai_bound(Z, sizes) == factor * 1.0
        assert mdm.li_cai_sharp_bound(Z, sizes) == s_max - 1.0


def test_two_phase_bound_holds_on_random_laws():
    rng = np.random.default_rng(7)
    for _ in range(20):
        n = int(rng.integers(3, 7))
        p = _random_law(rng, n)
        dtc = mdm.dual_total_correlation(p)
        delta_sq = dtc / n * float(rng.uniform(1, 4))
        k, bound = mdm.two_phase_bound(n, dtc, delta_sq)
        assert k == min(n, math.ceil(dtc / delta_sq) + 1)
        assert mdm.sampler_kl(p, mdm.two_phase_schedule(n, k)) <= bound + 1e-9
    with pytest.raises(ValueError, match="delta_sq"):
        mdm.two_phase_bound(10, 5.0, 0.1)


def _conditional_tc_plus_dtc_by_enumeration(p, s):
    """E over |S| = s and x_S of TC + DTC of the law of X_{-S} given X_S = x_S, from tables."""
    n = p.ndim
    total, count = 0.0, 0
    for S in combinations(range(n), s):
        rest = [i for i in range(n) if i not in S]
        moved = np.moveaxis(p, list(S), list(range(s)))
        value = 0.0
        for x_S in product(*(range(p.shape[i]) for i in S)):
            block = moved[x_S]
            mass = block.sum()
            if mass <= 0:
                continue
            cond = block / mass
            if len(rest) > 1:
                value += mass * (mdm.total_correlation(cond) + mdm.dual_total_correlation(cond))
        total += value
        count += 1
    return total / count


@pytest.mark.parametrize("seed", range(4))
def test_pinned_correlation_is_the_averaged_conditional_tc_plus_dtc(seed):
    rng = np.random.default_rng(seed)
    n = 5
    p = _random_law(rng, n, q=2 + seed % 2)
    Z = mdm.info_curve(p)
    expected = [_conditional_tc_plus_dtc_by_enumeration(p, s) for s in range(n)]
    np.testing.assert_allclose(mdm.pinned_correlation(Z), expected, rtol=0, atol=1e-9)
    from_table = [mdm.pinned_correlation_from_table(p, s) for s in range(n)]
    np.testing.assert_allclose(from_table, expected, rtol=0, atol=1e-9)


@given(p=laws(min_n=2, max_n=6), factor=st.floats(0.05, 1.0))
def test_pinning_size_is_within_dtc_over_delta_sq(p, factor):
    n = p.ndim
    Z = mdm.info_curve(p)
    dtc = mdm.dual_total_correlation(p)
    delta_sq = factor * max(dtc, 1e-6)
    s = mdm.pinning_size(Z, delta_sq)
    assert s <= max(dtc, 0.0) / delta_sq + 1e-9  # a product law may give DTC = -2e-16
    assert mdm.pinned_correlation(Z)[s] <= delta_sq * (n - s)


def test_bounds_reject_bad_input():
    with pytest.raises(ValueError, match="sizes must sum"):
        mdm.li_cai_bound([0.0, 1.0, 1.0], [1, 1])
    with pytest.raises(ValueError, match="delta_sq"):
        mdm.pinning_size([0.0, 1.0], 0.0)
    with pytest.raises(ValueError, match="dtc_hat must be >= 0"):
        mdm.austin_step_bound(10, -1.0, 0.1)
    with pytest.raises(ValueError, match="decreases at j=2"):
        mdm.li_cai_bound([0.0, -1.0], [2])
    assert mdm.li_cai_sharp_bound([0.0, 2.0, 1.0], [3], strict=False) == 2.0
