"""Tests of mdm_lib.constructions: Theorem 9's App. D schedules, Austin, Li–Cai, the sweep,
and the square-root rule."""

import math
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

import mdm_lib as mdm

# --- Independent transcriptions of App. D (floats and real logs, straight from the text) -----


def _zeta_lambda_reference(n, hat, eps):
    zeta = 1 + math.ceil(hat / eps)
    lam = math.floor(math.log(n - zeta + 1) / math.log(1 / (1 - 1 / zeta))) + 2
    return zeta, lam


def _trivial_reference(n, hat, eps):
    """App. D's trivial cases: one step for a zero estimate, n unit steps when zeta >= n + 1; else None."""
    if hat == 0:
        return [n]
    if 1 + math.ceil(hat / eps) >= n + 1:
        return [1] * n
    return None


def tc_reference(n, hat, eps):
    if (trivial := _trivial_reference(n, hat, eps)) is not None:
        return trivial
    zeta, lam = _zeta_lambda_reference(n, hat, eps)
    N = [0]
    for i in range(1, lam + 1):
        N.append(
            math.floor(N[i - 1] + Fraction(n - N[i - 1], zeta))
        )  # exact: App. D's arithmetic is rational
    for i in range(lam + 1, lam + n - N[lam] + 1):
        N.append(N[i - 1] + 1)
    assert N[-1] == n and len(N) - 1 == lam + n - N[lam]
    return [N[i] - N[i - 1] for i in range(1, len(N))]


def dtc_reference(n, hat, eps):
    if (trivial := _trivial_reference(n, hat, eps)) is not None:
        return trivial
    zeta, lam = _zeta_lambda_reference(n, hat, eps)
    Np = [n]
    for i in range(1, lam + 1):
        Np.append(math.ceil(Np[i - 1] * (1 - Fraction(1, zeta))))  # exact (floats give ceil(9 * 2/3) = 7)
    for i in range(lam + 1, lam + Np[lam] + 1):
        Np.append(Np[i - 1] - 1)
    k = lam + Np[lam]
    assert Np[k] == 0 and len(Np) == k + 1
    return [Np[k - i] - Np[k - i + 1] for i in range(1, k + 1)]


def test_dtc_schedule_is_the_tc_schedule_reversed_and_within_the_bound():
    """The book's own example of chapter 06 (the paper gives none): n = 100, estimate 2, eps = 1/2."""
    tc, dtc = mdm.tc_schedule(100, 2, 0.5), mdm.dtc_schedule(100, 2, 0.5)
    assert list(dtc) == list(tc)[::-1]
    assert tc.k <= mdm.correlation_step_bound(100, 2, 0.5)


@given(
    n=st.integers(1, 3000),
    hat=st.floats(1e-3, 1e3, allow_nan=False, allow_infinity=False),
    eps=st.floats(1e-3, 10, allow_nan=False, allow_infinity=False),
)
def test_schedules_match_the_app_d_transcription(n, hat, eps):
    assert mdm.tc_schedule(n, hat, eps) == tc_reference(n, hat, eps)
    assert mdm.dtc_schedule(n, hat, eps) == dtc_reference(n, hat, eps)


@pytest.mark.parametrize(
    "n, hat, eps",
    [
        (1, 1.0, 1.0),
        (2, 0.3, 0.7),
        (7, 1.0, 1.0),
        (10, 9.0, 1.0),
        (10, 8.5, 1.0),
        (64, 1, 1),
        (100, 2, 0.5),
        (9, 3.0, 2.0),  # ceil(9 * (1 - 1/3)) = 6 exactly; floating point gives 7
        (65, 1, 1),
        (1000, 0.01, 0.001),
        (99_999, 3.7, 0.2),
        (100_000, 12, 0.05),
    ],
)
def test_schedules_match_on_chosen_parameters(n, hat, eps):
    assert mdm.tc_schedule(n, hat, eps) == tc_reference(n, hat, eps)
    assert mdm.dtc_schedule(n, hat, eps) == dtc_reference(n, hat, eps)


@given(zeta=st.integers(2, 60), n=st.integers(2, 5000))
def test_lambda_is_the_exact_integer_floor(zeta, n):
    """floor(log a / log b) is the largest j with b^j <= a: check the float log in exact integers."""
    assume(zeta <= n)
    _, lam = _zeta_lambda_reference(n, zeta - 1, 1.0)  # hat/eps = zeta - 1
    j = lam - 2
    a = n - zeta + 1
    assert zeta**j <= a * (zeta - 1) ** j
    assert zeta ** (j + 1) > a * (zeta - 1) ** (j + 1)
    sizes = mdm.tc_schedule(n, zeta - 1, 1.0)
    assert len(sizes) == lam + (n - sum(sizes[:lam]))


def _curves():
    """Random non-decreasing curves with Z_1 = 0: smooth, sparse steps, or heavy-tailed."""

    @st.composite
    def build(draw):
        n = draw(st.integers(1, 300))
        seed = draw(st.integers(0, 2**32 - 1))
        kind = draw(st.sampled_from(["smooth", "sparse", "cubed"]))
        rng = np.random.default_rng(seed)
        inc = rng.exponential(size=n - 1)
        if kind == "sparse":
            inc *= rng.random(n - 1) < 0.05
        elif kind == "cubed":
            inc = inc**3
        scale = draw(st.sampled_from([1e-3, 0.1, 1.0, 20.0]))
        return np.concatenate([[0.0], np.cumsum(inc)]) * scale / max(1, n)

    return build()


EPSILONS = st.sampled_from([1e-3, 0.01, 0.1, 0.5, 1.0, 3.0])


@given(Z=_curves(), eps=EPSILONS, slack=st.sampled_from([1.0, 1.0, 1.3, 2.0]))
def test_theorem9_promise_on_random_curves(Z, eps, slack):
    n = Z.size
    tc = mdm.curve_total_correlation(Z)
    dtc = mdm.curve_dual_total_correlation(Z)
    for schedule, hat in ((mdm.tc_schedule, tc * slack), (mdm.dtc_schedule, max(dtc, 0.0) * slack)):
        sizes = schedule(n, hat, eps)
        assert sum(sizes) == n and min(sizes) >= 0
        assert mdm.expected_kl(Z, sizes) <= eps * (1 + 1e-9) + 1e-12
        assert len(sizes) <= mdm.correlation_step_bound(n, hat, eps)


@given(Z=_curves(), eps=EPSILONS)
def test_austin_and_li_cai_promises_on_random_curves(Z, eps):
    n = Z.size
    dtc = max(mdm.curve_dual_total_correlation(Z), 0.0)
    sizes = mdm.austin_schedule(n, dtc, eps)
    assert sum(sizes) == n and min(sizes) >= 1
    assert mdm.expected_kl(Z, sizes) <= eps * (1 + 1e-9) + 1e-12
    assert len(sizes) <= mdm.austin_step_bound(n, dtc, eps)
    sizes = mdm.li_cai_schedule(n, Z[-1], eps)
    assert sum(sizes) == n
    assert mdm.expected_kl(Z, sizes) <= eps * (1 + 1e-9) + 1e-12


def test_zero_estimate_gives_one_step_and_huge_estimate_gives_single_steps():
    for f in (mdm.tc_schedule, mdm.dtc_schedule, mdm.austin_schedule):
        assert f(17, 0, 0.1) == [17]
        assert f(17, 0.0, 5.0) == [17]
        assert f(5, 100.0, 0.1) == [1] * 5
    assert mdm.li_cai_schedule(9, 0.0, 0.1) == [9]
    assert mdm.tc_schedule(1, 3.0, 0.1) == [1]


def test_austin_schedule_structure():
    n, dtc, eps = 1000, 2.0, 0.5
    r = math.ceil(math.sqrt(dtc * n / eps))
    sizes = mdm.austin_schedule(n, dtc, eps)
    assert list(sizes[:r]) == [1] * r and sum(sizes) == n
    block = (n - r) // r
    assert set(sizes[r:-1]) == {block} and 1 <= sizes[-1] <= block


def test_two_phase_schedule_and_cor34():
    assert mdm.two_phase_schedule(8, 1) == [8]
    assert mdm.two_phase_schedule(8, 3) == [1, 1, 6]
    assert mdm.two_phase_schedule(8, 8) == [1] * 8
    assert mdm.two_phase_schedule(8, 10) == [1] * 8 + [0, 0]  # k > n: the extra steps are empty
    with pytest.raises(ValueError, match="k must lie"):
        mdm.two_phase_schedule(8, 0)


@given(Z=_curves(), k=st.integers(1, 40))
def test_square_root_schedule_is_a_valid_k_step_schedule(Z, k):
    assume(k <= Z.size)
    sizes = mdm.square_root_schedule(Z, k)
    assert len(sizes) == k and sum(sizes) == Z.size and min(sizes) >= 1
    assert mdm.expected_kl(Z, sizes) >= mdm.optimal_schedule(Z, k).error - 1e-9


def test_square_root_schedule_beats_equal_steps_on_a_concave_curve():
    n, k = 400, 12
    Z = np.log1p(np.arange(n)) / np.log(n)
    equal = mdm.balanced_schedule(n, k)
    root = mdm.square_root_schedule(Z, k)
    assert mdm.expected_kl(Z, root) < mdm.expected_kl(Z, equal)
    assert mdm.expected_kl(Z, root) <= 1.25 * mdm.optimal_schedule(Z, k).error


def test_estimate_grid_brackets_every_estimate():
    n, eps, q = 50, 0.1, 3
    grid = mdm.estimate_grid(n, eps, q)
    assert grid[0] >= eps and grid[0] < 2 * eps and grid[-1] >= n * math.log2(q)
    assert np.all(np.log2(grid) == np.round(np.log2(grid)))
    for value in np.linspace(eps, n * math.log2(q), 97):
        assert np.any((grid >= value) & (grid <= 2 * value))


def test_hyperparameter_sweep_keeps_the_p27_promise():
    """The bracketing pair has error <= eps and at most twice the Theorem 9 complexity."""
    n, eps = 60, 0.25
    rng = np.random.default_rng(3)
    for Z in (
        mdm.mds_info_curve(n, 20, 2, synthetic=True),
        mdm.repetition_info_curve(n),
        mdm.markov_info_curve(rng.dirichlet(np.ones(2), size=2), n),
    ):
        tc, dtc = mdm.curve_total_correlation(Z), mdm.curve_dual_total_correlation(Z)
        sweep = mdm.hyperparameter_sweep(n, eps, 2)
        grid = mdm.estimate_grid(n, eps, 2)
        assert len(sweep) == grid.size**2
        tc_hat, dtc_hat = (grid[np.argmax(grid >= v)] for v in (tc, dtc))  # the grid points bracketing each
        chosen = [c for c in sweep if c.tc_hat == tc_hat and c.dtc_hat == dtc_hat]
        assert len(chosen) == 1
        sizes = chosen[0].sizes
        assert mdm.expected_kl(Z, sizes) <= eps
        target = 2 + (1 + math.log(n)) * (1 + min(tc, dtc) / eps)
        if min(tc, dtc) >= eps:
            assert len(sizes) <= 2 * target


@pytest.mark.parametrize("f", [mdm.tc_schedule, mdm.dtc_schedule, mdm.austin_schedule, mdm.li_cai_schedule])
def test_schedules_reject_bad_input(f):
    with pytest.raises(ValueError, match="eps must be a finite number > 0"):
        f(10, 1.0, 0.0)
    with pytest.raises(ValueError, match="eps"):
        f(10, 1.0, -1.0)
    with pytest.raises(ValueError, match=">= 0"):
        f(10, -0.5, 0.1)
    with pytest.raises(ValueError, match="NaN"):
        f(10, float("nan"), 0.1)
    with pytest.raises(ValueError, match="n must lie"):
        f(0, 1.0, 0.1)
    with pytest.raises(TypeError, match="n must be an integer"):
        f(10.0, 1.0, 0.1)
    with pytest.raises(TypeError, match="real number"):
        f(10, "1", 0.1)


def test_square_root_schedule_and_grid_reject_bad_input():
    with pytest.raises(ValueError, match="k must lie"):
        mdm.square_root_schedule([0.0, 1.0], 0)
    with pytest.raises(ValueError, match="1-d"):
        mdm.square_root_schedule([[0.0, 1.0]], 1)
    with pytest.raises(ValueError, match="q must lie"):
        mdm.estimate_grid(10, 0.1, 1)
