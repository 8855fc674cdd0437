import itertools

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from law_strategies import laws

import mdm_lib as mdm
from mdm_lib.testing import riemann_error


def _law(seed, shape, concentration):
    return mdm.random_law(shape, rng=np.random.default_rng(seed), concentration=concentration)


@st.composite
def mixed_alphabet_law(draw):
    shape = tuple(draw(st.lists(st.integers(2, 4), min_size=1, max_size=5)))
    return _law(draw(st.integers(0, 2**31)), shape, draw(st.sampled_from([0.2, 1.0, 4.0])))


@st.composite
def law_and_schedule(draw):
    p = draw(st.one_of(mixed_alphabet_law(), laws(max_n=5)))
    n = p.ndim
    k = draw(st.integers(1, n + 2))
    cuts = sorted(draw(st.lists(st.integers(0, n), min_size=k - 1, max_size=k - 1)))
    bounds = [0] + cuts + [n]
    return p, [b - a for a, b in itertools.pairwise(bounds)]  # zero-size steps included


@given(law_and_schedule())
def test_theorem16_formula_equals_enumeration(case):
    """Theorem 4/16: the curve formula equals E_S KL(mu || nu^S) by exact enumeration."""
    p, sizes = case
    assert mdm.expected_kl(mdm.info_curve(p), sizes) == pytest.approx(mdm.sampler_kl(p, sizes), abs=1e-9)


@given(law_and_schedule())
def test_mixture_is_never_worse(case):
    p, sizes = case
    assert mdm.mixture_kl(p, sizes) <= mdm.sampler_kl(p, sizes) + 1e-12


@given(law_and_schedule())
def test_formula_equals_riemann_l1_error(case):
    """Theorem 4: for a monotone curve the formula is the L1 error of Def 2."""
    p, sizes = case
    Z = mdm.info_curve(p)
    positive = [s for s in sizes if s > 0]
    assert mdm.expected_kl(Z, sizes) == pytest.approx(riemann_error(Z, positive), abs=1e-12)


def test_extremes():
    p = _law(0, (2, 3, 2, 2), 0.5)
    Z = mdm.info_curve(p)
    assert mdm.expected_kl(Z, [1, 1, 1, 1]) == 0.0
    assert mdm.expected_kl(Z, [4]) == pytest.approx(mdm.total_correlation(p), abs=1e-12)


def test_step_costs_add_up_and_zero_steps_cost_nothing():
    Z = np.array([0.0, 0.3, 0.5, 0.6, 0.65])
    costs = mdm.step_costs(Z, [2, 0, 3, 0])
    assert costs[1] == costs[3] == 0.0
    assert costs[0] == pytest.approx(0.3)
    assert costs[2] == pytest.approx(0.1 + 0.15)
    assert mdm.expected_kl(Z, [2, 0, 3, 0]) == pytest.approx(costs.sum())


def test_random_schedule_is_uniform_over_compositions():
    rng = np.random.default_rng(0)
    seen = {}
    for _ in range(6000):
        s = mdm.random_schedule(5, 3, rng=rng)
        seen[s] = seen.get(s, 0) + 1
    assert len(seen) == 6  # C(4, 2) compositions of 5 into 3 positive parts
    assert all(abs(c - 1000) < 5 * np.sqrt(1000) for c in seen.values())
    weak = {mdm.random_schedule(3, 3, rng=rng, allow_empty=True) for _ in range(2000)}
    assert len(weak) == 10  # C(5, 2) weak compositions of 3 into 3 parts
    with pytest.raises(ValueError, match="k = 4 > n = 3"):
        mdm.random_schedule(3, 4, rng=rng)
