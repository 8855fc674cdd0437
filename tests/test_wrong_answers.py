"""Silent wrong answers and refusals found by probing (issue 14, §2 and §3): each case now gets the right
answer or a clear error naming the argument. Every test here failed before its fix."""

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from work_budget import work_budget

import mdm_lib as mdm
from mdm_lib.testing import brute_force_frontier, signed_riemann_error

# --- §2: the optimal schedule does not depend on an offset of the curve ---------------------------------


def test_optimal_schedule_ignores_a_large_offset():
    """Zq + 1e6 and Zq + 1e8 are the same problem as Zq: the error is invariant to a constant."""
    Zq = np.linspace(0, 1e-3, 2000) ** 2
    for offset in (1e6, 1e8):
        shifted = Zq + offset
        centred = shifted - offset  # exact: the curve the solver must see
        for k in (3, 10, 40):
            best = mdm.optimal_schedule(shifted, k)
            reference = mdm.optimal_schedule(centred, k)
            assert best.sizes == reference.sizes
            assert best.error == pytest.approx(reference.error, rel=1e-9)
        np.testing.assert_allclose(
            mdm.optimal_errors(shifted, 40), mdm.optimal_errors(centred, 40), rtol=1e-9
        )
        target = mdm.optimal_errors(centred, 40)[9]
        assert mdm.min_steps_for_error(shifted, target) == mdm.min_steps_for_error(centred, target)


increments = st.floats(0, 3, allow_nan=False, allow_infinity=False)


@given(
    steps=st.lists(increments | st.sampled_from([0.0, 1.0]), min_size=1, max_size=11),
    offset=st.sampled_from([0.0, -7.0, 1e3, 1e6, 1e9, -1e12]),
    scale=st.sampled_from([1.0, 1e-6, 1e-3, 8.0, 1e5]),
)
def test_optimal_frontier_is_exact_under_offsets_and_scales(steps, offset, scale):
    """For a non-decreasing curve, scaled and shifted: the frontier of brute force over every node set."""
    base = np.concatenate([[0.0], np.cumsum(steps)]) * scale
    Z = base + offset
    centred = Z - Z[0]  # what the error sees; rounding of the offset is part of the input
    n = Z.size
    frontier = brute_force_frontier(centred, signed=True)
    errors = mdm.optimal_errors(Z, n)
    tol = 1e-9 * max(1.0, float(np.abs(frontier).max()))
    np.testing.assert_allclose(errors, frontier, rtol=0, atol=tol)
    for k in range(1, n + 1):
        sizes, error = mdm.optimal_schedule(Z, k)
        assert abs(error - frontier[k - 1]) <= tol
        assert abs(signed_riemann_error(centred, sizes) - frontier[k - 1]) <= tol


def test_a_rounding_dip_keeps_the_fast_path():
    """One dip of 1e-12 (within the validation tolerance) does not send the search to the layered program."""
    n = 10**5
    clean = np.linspace(0.0, 1.0, n)
    Z = clean.copy()
    Z[n // 2] -= 1e-12
    with work_budget(calls=200_000, megabytes=400):
        k = mdm.min_steps_for_error(Z, 100.0)
    assert k == mdm.min_steps_for_error(clean, 100.0)
    assert mdm.optimal_schedule(Z, k).error <= 100.0 + 1e-9


# --- §2: a table is normalised once, after validation ------------------------------------------------------


def test_an_unnormalised_float32_table_is_normalised_not_used_as_is():
    rng = np.random.default_rng(0)
    marginals = rng.dirichlet(np.ones(2), size=20)
    p = mdm.product_law(list(marginals)).astype(np.float32) * np.float32(1.0001)
    assert mdm.total_correlation(p) == pytest.approx(0.0, abs=1e-6)
    assert mdm.info_curve(p).min() >= -1e-6
    np.testing.assert_allclose(mdm.as_law(p).sum(), 1.0, rtol=0, atol=1e-12)


def test_stochastic_rows_are_checked_relative_to_their_precision():
    P = np.array([[0.9, 0.1], [0.3, 0.7]], dtype=np.float32)
    assert abs(float(P.astype(np.float64).sum(axis=1)[0]) - 1.0) > 1e-9  # refused before the fix
    np.testing.assert_allclose(mdm.stationary_law(P), [0.75, 0.25], atol=1e-6)
    Z = mdm.markov_info_curve(P, 6)
    exact = P.astype(np.float64) / P.astype(np.float64).sum(axis=1, keepdims=True)
    np.testing.assert_allclose(Z, mdm.markov_info_curve(exact, 6), rtol=0, atol=1e-12)
    with pytest.raises(ValueError, match="transition must be row-stochastic"):
        mdm.markov_info_curve(P * np.float32(1.01), 6)


# --- §2: sums of sizes do not wrap ----------------------------------------------------------------------


def test_sizes_whose_int64_sum_wraps_are_refused():
    sizes = [2**62] * 4 + [3]
    assert int(np.sum(np.array(sizes))) == 3  # what int64 arithmetic says
    with pytest.raises(ValueError, match=r"sizes must sum to .*, got sum 18446744073709551619"):
        mdm.li_cai_bound([0.0, 1.0, 1.0], sizes)
    with pytest.raises(ValueError, match="got sum 18446744073709551619"):
        mdm.expected_kl([0.0, 1.0, 1.0], sizes)
    with pytest.raises(ValueError, match="sizes"):
        mdm.Schedule([2**63, 1])


# --- §2: codes that cannot exist, curves that are not curves --------------------------------------------


def test_no_mds_curve_for_an_alphabet_that_is_not_a_prime_power():
    with pytest.raises(ValueError, match=r"q = 6 .*prime power"):
        mdm.mds_info_curve(4, 2, 6)
    assert mdm.mds_info_curve(4, 2, 6, synthetic=True).tolist()[2] == pytest.approx(math.log2(6))
    assert mdm.mds_info_curve(4, 2, 7).shape == (4,)
    assert mdm.mds_info_curve(4, 1, 6).shape == (4,)  # the repetition code exists over any alphabet


def test_pinned_correlation_needs_an_information_curve():
    with pytest.raises(ValueError, match="Z must be non-decreasing"):
        mdm.pinned_correlation([0, 2, 1])
    with pytest.raises(ValueError, match="Z must be non-decreasing"):
        mdm.pinning_size([0, 2, 1], 0.5)
    assert mdm.pinned_correlation([0.0, 1.0, 1.0 - 1e-13]).min() > -1e-12  # a rounding dip passes


# --- §3: limits before allocating, and the work a refusal does ----------------------------------------


@pytest.mark.parametrize(
    ("call", "fragment"),
    [
        (lambda: mdm.markov_info_curve([[0.9, 0.1], [0.1, 0.9]], 10**12), "n must lie in [1, 67108864]"),
        (lambda: mdm.linear_code_law(np.ones((2, 26)), 2), "generator"),
        (lambda: mdm.iid_mixture_info_curve([1], [[0.2, 0.3, 0.5]], 10**9), "n must lie in [1, 67108864]"),
        (lambda: mdm.markov_chain_law([[1.0]], 70), "n = 70 positions"),
        (lambda: mdm.product_law([[1.0]] * 70), "marginals"),
        (lambda: mdm.random_law((1,) * 70), "shape"),
    ],
)
def test_refused_before_allocating_or_working(call, fragment):
    with work_budget(calls=50_000, megabytes=64), pytest.raises(ValueError) as info:
        call()
    assert fragment in str(info.value)


def test_a_staircase_with_a_tiny_eps_is_computed_in_memory_linear_in_n():
    with work_budget(calls=50_000, megabytes=64):  # about 1e12 blocks below 10: never listed
        f = mdm.geometric_staircase_function(10, 1e-12)
    assert f.shape == (10,) and (np.diff(f) <= 0).all()
    for n, eps in ((1000, 0.1), (50, 1.0), (200, 0.37)):
        block, expected = 0, []
        for x in range(1, n + 1):  # the block of x: the last i with floor((1 + eps)^i) <= x, by stepping i
            while math.floor((1 + eps) ** (block + 1)) <= x:
                block += 1
            expected.append((1 + eps) ** -block / (4 * math.log(n)))
        np.testing.assert_allclose(mdm.geometric_staircase_function(n, eps), expected, rtol=1e-12, atol=0)


def test_huge_ratios_give_a_bound_not_an_overflow():
    assert mdm.correlation_step_bound(10, 1e300, 1e-300) == math.inf
    assert mdm.austin_step_bound(10, 1e300, 1e-300) == 10
    assert mdm.correlation_step_bound(10, 1e300, 1.0) == pytest.approx(2 + (1 + math.log(10)) * (1 + 1e300))


def test_schedules_compare_with_arrays():
    s = mdm.Schedule([1, 2])
    assert s == np.array([1, 2]) and not (s != np.array([1, 2]))
    assert s != np.array([2, 1]) and s != np.array([[1, 2]]) and s != np.array([1, 2, 0])


@pytest.mark.parametrize(
    "rng",
    [np.random.SeedSequence(1), np.random.PCG64(1), np.random.default_rng(1), 1, np.int64(1)],
    ids=["SeedSequence", "PCG64", "Generator", "int", "numpy int"],
)
def test_every_seed_that_default_rng_takes_is_accepted(rng):
    assert mdm.random_law((2, 2), rng=rng).shape == (2, 2)
    assert mdm.random_schedule(10, 3, rng=rng).n == 10


def test_worst_case_step_kl_scans_every_step_curve_of_any_alphabet():
    assert mdm.worst_case_step_kl([2, 2], 2) == pytest.approx(1.0)  # the curve 1[j > 1] costs one bit
    assert mdm.worst_case_step_kl([1, 1, 1], 2) == 0.0


# --- found by probing every public function (offsets, scales, huge sizes, wrong types) ---------------


def test_li_cai_bounds_ignore_an_offset_like_the_error():
    Z = np.array([0.0, 0.4, 0.9, 1.0, 1.0])
    for offset in (1e6, -1e9):
        assert mdm.li_cai_bound(Z + offset, [1, 3, 1]) == pytest.approx(mdm.li_cai_bound(Z, [1, 3, 1]))
        assert mdm.li_cai_sharp_bound(Z + offset, [1, 3, 1]) == pytest.approx(
            mdm.li_cai_sharp_bound(Z, [1, 3, 1])
        )
        assert mdm.li_cai_sharp_bound(Z + offset, [1, 3, 1]) >= mdm.expected_kl(Z + offset, [1, 3, 1])


def test_a_learned_oracle_whose_answers_would_underflow_is_refused():
    table = [[0.4, 0.1], [0.1, 0.4]]
    with pytest.raises(ValueError, match="noise must be at most 100"):
        mdm.learned_oracle_kl(table, [1, 1], 1e12, rng=0)
    out = mdm.learned_oracle_kl(table, [1, 1], 100.0, rng=0)
    assert np.isfinite([out.learned, out.oracle_error]).all()
    assert abs(out.learned - out.exact - out.oracle_error) < 1e-9 * out.learned


@pytest.mark.parametrize(
    "call",
    [
        lambda: mdm.dream_schedule(2**63, 2),
        lambda: mdm.balanced_schedule(2**63, 2),
        lambda: mdm.geometric_steps_strategy(2**63, 3),
        lambda: mdm.correlation_step_bound(2**63, 1.0, 0.5),
        lambda: mdm.mds_info_curve(10**12, 1, 2),
    ],
)
def test_a_length_beyond_what_a_schedule_or_array_holds_is_named(call):
    with (
        work_budget(calls=10_000, megabytes=16),
        pytest.raises(ValueError, match=r"n must lie in \[\d, \d+\]"),
    ):
        call()


finite = st.floats(-5, 5, allow_nan=False, allow_infinity=False)


@given(
    values=st.lists(finite | st.sampled_from([0.0, 1.0]), min_size=1, max_size=10),
    offset=st.sampled_from([0.0, 1e6, -1e9]),
    scale=st.sampled_from([1.0, 1e3, 1e-3]),
)
def test_any_curve_gets_the_exact_frontier_under_offsets_and_scales(values, offset, scale):
    """Curves that are not non-decreasing (dips far above rounding) run the exact general program."""
    Z = np.array(values) * scale + offset
    centred = Z - Z[0]
    frontier = brute_force_frontier(centred, signed=True)
    tol = 1e-9 * max(1.0, float(np.abs(frontier).max()))
    np.testing.assert_allclose(mdm.optimal_errors(Z, Z.size), frontier, rtol=0, atol=tol)
    for k in range(1, Z.size + 1):
        assert abs(mdm.optimal_schedule(Z, k).error - frontier[k - 1]) <= tol
