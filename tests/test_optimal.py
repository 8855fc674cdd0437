"""Tests for mdm_lib.optimal against references written here from the definitions.

The references share no code with the fast paths: ``mdm_lib.testing`` enumerates every
node set (``brute_force_frontier``) and sums the Theorem 16 costs with plain loops
(``signed_riemann_error``); ``_layered_reference`` is the textbook O(k n^2) dynamic program, with
step costs summed from differences ``Z_j - Z_a`` rather than from prefix sums of ``Z``.
"""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import mdm_lib.schedules.optimal as optimal_module
from mdm_lib import (
    expected_kl,
    min_steps_for_error,
    monotone_projection,
    optimal_errors,
    optimal_schedule,
)
from mdm_lib._compiled import _prefix_sums, _run_dp
from mdm_lib.testing import brute_force_frontier, signed_riemann_error

TOL = 1e-9


def _layered_reference(Z, k):
    """OPT(1..k) by the plain O(k n^2) recursion over the last split point.

    The cost of one step over positions a..b-1 (0-based) is accumulated from the differences
    ``Z_j - Z_a``, one start ``a`` at a time, never as a difference of prefix sums of ``Z``: an offset
    or a scale of ``Z`` cancels in ``Z_j - Z_a`` as it does in the error itself, so the reference keeps
    its digits where prefix sums of ``Z`` lose them.
    """
    Z = np.asarray(Z, dtype=float)
    n = Z.size
    cost = np.full((n + 1, n + 1), np.inf)  # cost[a, b]: one step revealing positions a..b-1
    for a in range(n):
        cost[a, a + 1 :] = np.cumsum(Z[a:] - Z[a])
    F = np.full(n + 1, np.inf)
    F[0] = 0.0
    out = []
    for _ in range(k):
        F = np.min(F[:, None] + cost, axis=0)
        out.append(F[n])
    return np.array(out)


finite = st.floats(-5, 5, allow_nan=False, allow_infinity=False)
increments = st.floats(0, 3, allow_nan=False, allow_infinity=False)


@st.composite
def monotone_curves(draw, max_n=10):
    """Non-decreasing curves with Z_1 = 0; some with repeated values (ties)."""
    steps = draw(st.lists(increments | st.sampled_from([0.0, 1.0]), min_size=0, max_size=max_n - 1))
    return np.concatenate([[0.0], np.cumsum(steps)])


@st.composite
def any_curves(draw, max_n=10):
    return np.array(draw(st.lists(finite | st.sampled_from([0.0, 1.0]), min_size=1, max_size=max_n)))


def _check_against_brute_force(Z):
    """The best k non-empty steps; fewer non-empty steps (then padded with empty ones) only on a tie."""
    n = Z.size
    errors = optimal_errors(Z, n)
    assert errors.shape == (n,)
    frontier = brute_force_frontier(Z, signed=True)
    for k in range(1, n + 1):
        best = frontier[k - 1]
        sizes, error = optimal_schedule(Z, k)
        assert len(sizes) == k and min(sizes) >= 0 and sum(sizes) == n
        nonempty = [s for s in sizes if s]
        assert list(sizes) == nonempty + [0] * (k - len(nonempty))  # empty steps come last
        assert abs(error - best) <= TOL * max(1.0, abs(best))
        assert abs(signed_riemann_error(Z, sizes) - best) <= TOL * max(1.0, abs(best))
        assert abs(errors[k - 1] - best) <= TOL * max(1.0, abs(best))


@given(monotone_curves())
def test_monotone_curves_match_brute_force_for_every_k(Z):
    _check_against_brute_force(Z)


@given(any_curves())
def test_non_monotone_curves_get_the_exact_answer(Z):
    _check_against_brute_force(Z)


def test_random_curves_match_brute_force_n_up_to_10():
    rng = np.random.default_rng(20261123)
    for n in range(1, 11):
        for shape in ("monotone", "noisy"):
            Z = np.cumsum(rng.exponential(size=n)) if shape == "monotone" else rng.normal(size=n)
            _check_against_brute_force(Z)


@pytest.mark.parametrize("shape", ["monotone", "flat-runs", "noisy", "integer-noisy"])
def test_larger_curves_match_the_layered_reference(shape):
    rng = np.random.default_rng(7)
    n = 150
    Z = {
        "monotone": np.cumsum(rng.exponential(size=n)),
        "flat-runs": np.cumsum(rng.random(n) < 0.1).astype(float),
        "noisy": np.cumsum(rng.normal(size=n)),
        "integer-noisy": rng.integers(0, 4, size=n).astype(float),
    }[shape]
    k_max = 25
    reference = _layered_reference(Z, k_max)
    np.testing.assert_allclose(optimal_errors(Z, k_max), reference, rtol=TOL, atol=TOL)
    for k in (1, 2, 7, k_max):
        sizes, error = optimal_schedule(Z, k)
        assert abs(error - reference[k - 1]) <= TOL * max(1.0, abs(reference[k - 1]))
        assert abs(expected_kl(Z, sizes, strict=False) - error) <= TOL * max(1.0, abs(error))


def test_hull_and_li_chao_kernels_agree_on_a_long_monotone_curve():
    rng = np.random.default_rng(3)
    Z = np.concatenate([[0.0], np.cumsum(rng.exponential(size=4999) * (rng.random(4999) < 0.3))])
    none = np.empty((0, Z.size + 1), dtype=np.int32)
    hull = _run_dp(Z, 40, True, none, -np.inf)
    li_chao = _run_dp(Z, 40, False, none, -np.inf)
    np.testing.assert_allclose(hull, li_chao, rtol=1e-12, atol=1e-9)


def test_frontier_is_non_increasing_and_ends_at_zero():
    rng = np.random.default_rng(5)
    Z = np.concatenate([[0.0], np.cumsum(rng.exponential(size=299))])
    errors = optimal_errors(Z, 300)
    assert errors[0] == pytest.approx(Z.sum())
    assert abs(errors[-1]) <= TOL * Z.sum()  # OPT(n) = 0 up to rounding
    assert np.all(np.diff(errors) <= TOL)


def test_min_steps_for_error_is_the_first_k_reaching_the_target():
    rng = np.random.default_rng(11)
    Z = np.concatenate([[0.0], np.cumsum(rng.exponential(size=79))])
    reference = _layered_reference(Z, 80)
    for target in (0.0, 0.5, 3.0, reference[4], Z.sum(), 1e9):
        expected = int(np.argmax(reference <= target)) + 1 if (reference <= target).any() else Z.size
        assert min_steps_for_error(Z, target) == expected


def _first_k(errors, eps):
    reached = errors <= eps
    return int(np.argmax(reached)) + 1 if reached.any() else errors.size


@pytest.mark.parametrize("kind", ["exponential", "flat-runs", "integer-steps", "noisy-sorted"])
def test_min_steps_lagrangian_search_equals_the_layered_dp(kind):
    """The chord search on the convex frontier against every layer of the plain DP, n <= 300.

    Integer-valued step curves make every error exact in floating point, so the
    targets can sit exactly on the frontier (ties and plateaus); for real-valued
    curves the targets are the midpoints between distinct frontier values.
    """
    rng = np.random.default_rng(["exponential", "flat-runs", "integer-steps", "noisy-sorted"].index(kind))
    for _ in range(40):
        n = int(rng.integers(1, 301))
        Z = {
            "exponential": lambda n: np.cumsum(rng.exponential(size=n)),
            "flat-runs": lambda n: np.cumsum(rng.random(n) < 0.1).astype(float),
            "integer-steps": lambda n: np.cumsum(rng.integers(0, 4, size=n) * (rng.random(n) < 0.2)).astype(
                float
            ),
            "noisy-sorted": lambda n: np.sort(rng.random(n)),
        }[kind](n)
        errors = _layered_reference(Z, n) if n <= 60 else optimal_errors(Z, n)
        values = np.unique(errors)
        targets = list((values[1:] + values[:-1]) / 2) + [values[-1] + 1.0]
        if kind in ("flat-runs", "integer-steps"):
            targets += list(values)
        for eps in targets:
            assert min_steps_for_error(Z, eps) == _first_k(errors, eps), (n, eps)


@pytest.mark.parametrize("kind", ["exponential", "noisy-sorted", "flat-runs"])
def test_lagrangian_schedule_search_equals_the_layered_dp(monkeypatch, kind):
    """optimal_schedule through the Lagrangian search (forced for every k) and through the layered
    program (forced off): same error, same number of non-empty steps, n <= 300."""
    rng = np.random.default_rng(["exponential", "noisy-sorted", "flat-runs"].index(kind) + 40)
    hits = 0
    for _ in range(12):
        n = int(rng.integers(2, 301))
        Z = {
            "exponential": lambda n: np.cumsum(rng.exponential(size=n)),
            "noisy-sorted": lambda n: np.sort(rng.random(n)),
            "flat-runs": lambda n: np.cumsum(rng.random(n) < 0.1).astype(float),
        }[kind](n)
        prefix = _prefix_sums(Z)
        for k in sorted({1, 2, 3, n // 7 + 1, n // 3 + 1, n - 1, n}):
            monkeypatch.setattr(optimal_module, "_LAGRANGIAN_FROM_K", 1)
            fast = optimal_schedule(Z, k)
            hits += (
                optimal_module._lagrangian_schedule(Z, prefix, k, optimal_module._tie_tolerance(Z, k))
                is not None
            )
            monkeypatch.setattr(optimal_module, "_LAGRANGIAN_FROM_K", 10**9)
            slow = optimal_schedule(Z, k)
            assert fast.error == pytest.approx(slow.error, rel=1e-9, abs=1e-9)
            assert fast.sizes.nonempty_steps == slow.sizes.nonempty_steps
            assert abs(signed_riemann_error(Z, fast.sizes) - fast.error) <= 1e-9 * max(1.0, fast.error)
    assert hits > 0


def test_min_steps_on_a_non_monotone_curve_uses_the_layered_dp():
    Z = np.array([0.0, 2.0, 1.5, 3.0, 2.5, 4.0])
    errors = _layered_reference(Z, 6)
    assert errors.min() < 0 < errors.max()  # errors of a non-monotone curve can be negative
    for eps in [e for e in np.unique(errors) if e >= 0]:
        assert min_steps_for_error(Z, eps) == _first_k(errors, eps)


def test_step_curve_needs_exactly_one_node_at_the_jump():
    # a code-like curve: Z_j = 1[j > 5]; two steps, the second starting at j = 6, are exact.
    Z = (np.arange(1, 21) > 5).astype(float)
    sizes, error = optimal_schedule(Z, 2)
    assert sizes == [5, 15] and error == 0.0


@pytest.mark.parametrize("k", [2, 3, 8, 20])
def test_tie_rule_step_curve_uses_two_steps_then_empty_ones(k):
    Z = np.where(np.arange(1, 65) > 32, np.log2(5), 0.0)  # an MDS curve: rounding in the prefix sums
    sizes, error = optimal_schedule(Z, k)
    assert sizes == [32, 32] + [0] * (k - 2) and error == pytest.approx(0.0, abs=1e-12)


@pytest.mark.parametrize("k", [1, 4, 10])
def test_tie_rule_constant_curve_uses_one_step(k):
    for value in (0.0, 0.7):
        sizes, error = optimal_schedule(np.full(10, value), k)
        assert sizes == [10] + [0] * (k - 1) and error == pytest.approx(0.0, abs=1e-12)


@pytest.mark.parametrize("lagrangian_from_k", [1, 10**9])
def test_tie_rule_on_small_integer_curves_by_enumeration(monkeypatch, lagrangian_from_k):
    """Rule 1: fewest non-empty steps among the optimal schedules; rule 2: no interior node can
    move closer to the midpoint of its neighbours and stay optimal. Checked against every
    composition, on integer curves (exact errors, many ties)."""
    from mdm_lib.testing import compositions

    monkeypatch.setattr(optimal_module, "_LAGRANGIAN_FROM_K", lagrangian_from_k)
    rng = np.random.default_rng(8)
    moved = 0
    for _ in range(150):
        n = int(rng.integers(2, 11))
        Z = np.cumsum(rng.integers(0, 3, size=n) * (rng.random(n) < 0.5)).astype(float)
        k = int(rng.integers(1, n + 1))
        costs = {
            j: {tuple(c): signed_riemann_error(Z, c) for c in compositions(n, j)} for j in range(1, k + 1)
        }
        best = min(costs[k].values())  # monotone curves: no fewer steps do better
        fewest = min(j for j in costs if min(costs[j].values()) == best)
        sizes, error = optimal_schedule(Z, k)
        nonempty = tuple(s for s in sizes if s)
        assert error == best and len(nonempty) == fewest and costs[fewest][nonempty] == best
        nodes = np.cumsum((0,) + nonempty)
        for i in range(1, fewest):
            a, here, b = nodes[i - 1], nodes[i], nodes[i + 1]
            for x in range(a + 1, b):
                trial = list(nonempty)
                trial[i - 1], trial[i] = x - a, b - x
                if costs[fewest][tuple(trial)] == best:
                    assert abs(2 * here - (a + b)) <= abs(2 * x - (a + b))
                    moved += x != here
    assert moved > 0  # some cases had a free node


def _pava(y):
    """Pool-adjacent-violators, written from its definition."""
    blocks = []  # [mean, weight]
    for v in y:
        blocks.append([v, 1])
        while len(blocks) > 1 and blocks[-2][0] > blocks[-1][0]:
            (m2, w2), (m1, w1) = blocks.pop(), blocks.pop()
            blocks.append([(m1 * w1 + m2 * w2) / (w1 + w2), w1 + w2])
    return np.concatenate([[m] * w for m, w in blocks])


@given(any_curves(max_n=30))
def test_monotone_projection_is_isotonic_regression(Z):
    Y = monotone_projection(Z)
    assert np.all(np.diff(Y) >= -1e-12)
    np.testing.assert_allclose(Y, _pava(Z), atol=1e-9)


@given(monotone_curves(max_n=30))
def test_monotone_projection_keeps_monotone_curves(Z):
    np.testing.assert_allclose(monotone_projection(Z), Z, atol=1e-12)


@pytest.mark.parametrize(
    "call, error, match",
    [
        (lambda: optimal_schedule([0.0, 1.0], 0), ValueError, "k must lie in"),
        (lambda: optimal_schedule([0.0, 1.0], 10**7 + 1), ValueError, r"k must lie in \[1, 10000000\]"),
        (lambda: optimal_schedule([0.0, 1.0], 1.5), TypeError, "k must be an integer"),
        (lambda: optimal_schedule([0.0, np.nan], 1), ValueError, "Z contains NaN"),
        (lambda: optimal_schedule([0.0, np.inf], 1), ValueError, "infinite"),
        (lambda: optimal_schedule([[0.0, 1.0]], 1), ValueError, "Z must be 1-d"),
        (lambda: optimal_schedule([], 1), ValueError, "at least one value"),
        (lambda: optimal_schedule("abc", 1), TypeError, "Z must be a numeric array"),
        (lambda: optimal_errors([0.0, 1.0], 10**7 + 1), ValueError, "k must lie in"),
        (lambda: optimal_errors([0.0, 1.0], 0), ValueError, "k must lie in"),
        (
            lambda: min_steps_for_error([0.0, 1.0], -1.0),
            ValueError,
            "eps must be a finite number >= 0, got -1",
        ),
        (lambda: min_steps_for_error([0.0, 1.0], np.nan), ValueError, "eps must be a number >= 0, got NaN"),
        (lambda: monotone_projection([[1.0]]), ValueError, "Z must be 1-d"),
        (lambda: optimal_schedule(np.zeros(10**6), 10**6), ValueError, "more than MAX_SPLIT_POINTS"),
    ],
)
def test_bad_input_is_rejected_with_a_clear_message(call, error, match):
    with pytest.raises(error, match=match):
        call()


def test_single_position():
    assert optimal_schedule([0.0], 1).sizes == [1]
    assert optimal_errors([2.0], 1).tolist() == [0.0]
