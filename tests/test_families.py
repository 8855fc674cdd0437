"""Tests of mdm_lib.families: exact curves of structured laws at any n."""

from itertools import product

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import mdm_lib as mdm
from mdm_lib.testing import info_curve_by_definition


def _entropy_nats(p):
    p = np.asarray(p, dtype=float).ravel()
    p = p[p > 0]
    return float(-(p * np.log(p)).sum())


def _pair_information_nats(P, pi, d):
    """I(X_t; X_{t+d}) from the joint table pi_a P^d[a, b], by the definition."""
    joint = pi[:, None] * np.linalg.matrix_power(P, d)
    return _entropy_nats(joint.sum(1)) + _entropy_nats(joint.sum(0)) - _entropy_nats(joint)


def _stationary(P):
    w, v = np.linalg.eig(P.T)
    pi = np.real(v[:, np.argmin(np.abs(w - 1))])
    return pi / pi.sum()


# --- Markov chains ---------------------------------------------------------------------------

DEGENERATE_CHAINS = {
    "identity": np.eye(3),
    "swap": np.array([[0.0, 1.0], [1.0, 0.0]]),
    "cycle": np.roll(np.eye(3), 1, axis=1),
    "iid": np.full((3, 3), 1 / 3),
    "absorbing": np.array([[1.0, 0.0, 0.0], [0.0, 0.5, 0.5], [0.0, 0.5, 0.5]]),
    "deterministic-into-transient": np.array([[0.5, 0.5, 0.0], [0.5, 0.5, 0.0], [1.0, 0.0, 0.0]]),
}


@given(
    q=st.integers(2, 3),
    n=st.integers(1, 9),
    seed=st.integers(0, 2**32 - 1),
    concentration=st.sampled_from([0.2, 1.0, 5.0]),
)
def test_markov_curve_equals_full_table_curve(q, n, seed, concentration):
    rng = np.random.default_rng(seed)
    P = rng.dirichlet(np.full(q, concentration), size=q)
    full = mdm.info_curve(mdm.markov_chain_law(P, n))
    np.testing.assert_allclose(mdm.markov_info_curve(P, n), full, rtol=0, atol=1e-9)


@pytest.mark.parametrize("name", sorted(DEGENERATE_CHAINS))
@pytest.mark.parametrize("n", [1, 2, 3, 6, 10])
def test_markov_curve_on_degenerate_chains(name, n):
    P = DEGENERATE_CHAINS[name]
    start = mdm.stationary_law(P)  # several closed classes in some chains: the start is explicit
    full = mdm.info_curve(mdm.markov_chain_law(P, n, initial=start))
    np.testing.assert_allclose(mdm.markov_info_curve(P, n, initial=start), full, rtol=0, atol=1e-9)


def test_markov_curve_matches_the_definition_and_other_bases():
    P = np.array([[0.6, 0.3, 0.1], [0.2, 0.5, 0.3], [0.4, 0.1, 0.5]])
    p = mdm.markov_chain_law(P, 5)
    for base in (2, np.e, 3):
        np.testing.assert_allclose(
            mdm.markov_info_curve(P, 5, base=base), info_curve_by_definition(p, base=base), atol=1e-9
        )


@pytest.mark.parametrize("n", [2, 17, 400, 3000])
def test_markov_curve_endpoints_at_large_n(n):
    """Z_2 = mean over pairs of I(X_a; X_b) and Z_n = (1/n) sum_i I(X_i; X_-i), built independently."""
    P = np.array([[0.95, 0.05, 0.0], [0.1, 0.8, 0.1], [0.3, 0.0, 0.7]])
    pi = _stationary(P)
    Z = mdm.markov_info_curve(P, n, base=np.e)
    pairs = sum((n - d) * _pair_information_nats(P, pi, d) for d in range(1, n))
    assert Z[1] == pytest.approx(pairs / (n * (n - 1) / 2), abs=1e-10)
    if n >= 3:
        # I(X_i; X_-i) is I(X_i; X_{i+-1}) at the ends and I(X_i; X_{i-1}, X_{i+1}) inside.
        triple = pi[:, None, None] * P[:, :, None] * P[None, :, :]
        inner = _entropy_nats(triple.sum((0, 2))) + _entropy_nats(triple.sum(1)) - _entropy_nats(triple)
        expected = (2 * _pair_information_nats(P, pi, 1) + (n - 2) * inner) / n
        assert Z[-1] == pytest.approx(expected, abs=1e-10)
    assert Z[0] == 0.0 and np.all(np.diff(Z) >= -1e-12)


def test_markov_curve_closed_forms_at_n_10_000():
    n = 10_000
    np.testing.assert_allclose(mdm.markov_info_curve(np.full((2, 2), 0.5), n), 0.0, atol=1e-15)
    Z = mdm.markov_info_curve(
        np.eye(4), n, initial=np.full(4, 0.25)
    )  # one symbol repeated: Z_j = H(pi) = 2 bits for j >= 2
    assert Z[0] == 0.0
    np.testing.assert_allclose(Z[1:], 2.0, rtol=0, atol=1e-9)


def test_markov_curve_rejects_bad_input():
    with pytest.raises(ValueError, match="square"):
        mdm.markov_info_curve(np.ones((2, 3)) / 3, 4)
    with pytest.raises(ValueError, match="row-stochastic"):
        mdm.markov_info_curve([[0.5, 0.4], [0.5, 0.5]], 4)
    with pytest.raises(ValueError, match="negative"):
        mdm.markov_info_curve([[1.5, -0.5], [0.5, 0.5]], 4)
    with pytest.raises(ValueError, match="n must lie"):
        mdm.markov_info_curve(np.eye(2), 0)
    with pytest.raises(TypeError, match="n must be an integer"):
        mdm.markov_info_curve(np.eye(2), 2.5)
    with pytest.raises(ValueError, match="base"):
        mdm.markov_info_curve(np.eye(2), 3, base=1)


# --- Codes -------------------------------------------------------------------------------------


def _code_table(n, q, words):
    table = np.zeros((q,) * n)
    for w in words:
        table[tuple(w)] += 1.0 / len(words)
    return table


def _single_parity_table(n, q):
    return _code_table(n, q, [w for w in product(range(q), repeat=n) if sum(w) % q == 0])


def _repetition_table(n, q):
    return _code_table(n, q, [(a,) * n for a in range(q)])


@pytest.mark.parametrize("n, q", [(2, 2), (3, 2), (5, 2), (3, 3), (4, 3)])
def test_code_curves_equal_full_table_curves(n, q):
    np.testing.assert_allclose(
        mdm.single_parity_info_curve(n, q), mdm.info_curve(_single_parity_table(n, q)), atol=1e-9
    )
    np.testing.assert_allclose(
        mdm.repetition_info_curve(n, q), mdm.info_curve(_repetition_table(n, q)), atol=1e-9
    )


def test_mds_curve_equals_a_reed_solomon_table_built_here():
    n, k, q = 4, 2, 5  # evaluations of polynomials of degree < 2 at 0..3 over F_5
    words = [[(a + b * x) % q for x in range(n)] for a in range(q) for b in range(q)]
    np.testing.assert_allclose(
        mdm.mds_info_curve(n, k, q), mdm.info_curve(_code_table(n, q, words)), atol=1e-9
    )
    np.testing.assert_allclose(mdm.mds_info_curve(n, k, q, base=q), [0, 0, 1, 1])


def test_linear_code_law_and_example_1():
    """TC = (n - d - #zero rows) log q and DTC = (d - #rows outside the span of the others) log q."""
    M = np.array(
        [[1, 0], [0, 1], [1, 1], [0, 0], [1, 1]]
    )  # one zero row; every nonzero row in the others' span
    p = mdm.linear_code_law(M, 2)
    words = {tuple((M @ np.array(u)) % 2) for u in product(range(2), repeat=2)}
    np.testing.assert_allclose(p, _code_table(5, 2, sorted(words)))
    assert mdm.total_correlation(p) == pytest.approx(5 - 2 - 1)
    assert mdm.dual_total_correlation(p) == pytest.approx(2 - 0)
    M2 = np.array([[1, 0], [0, 1], [1, 1]])  # generic single parity: TC = 1, DTC = 2
    assert mdm.total_correlation(mdm.linear_code_law(M2, 2)) == pytest.approx(1)
    M3 = np.array([[1, 0], [0, 1], [0, 1]])  # row 1 is outside the span of the others: DTC = 1
    assert mdm.dual_total_correlation(mdm.linear_code_law(M3, 2)) == pytest.approx(1)
    with pytest.raises(ValueError, match="prime"):
        mdm.linear_code_law(M, 4)
    with pytest.raises(ValueError, match="integers"):
        mdm.linear_code_law([[0.5]], 2)


def test_code_curves_reject_bad_input():
    with pytest.raises(ValueError, match="dimension must lie"):
        mdm.mds_info_curve(4, 5, 2)
    with pytest.raises(ValueError, match="cannot exist"):
        mdm.mds_info_curve(60, 20, 2)
    with pytest.raises(ValueError, match="q must lie"):
        mdm.mds_info_curve(4, 2, 1)
    with pytest.raises(ValueError, match="n must lie"):
        mdm.single_parity_info_curve(1)


# --- Pairings and mixtures ---------------------------------------------------------------------


def test_paired_curve_is_the_curve_of_the_paired_table():
    rng = np.random.default_rng(5)
    p = rng.dirichlet(np.ones(8) * 0.3).reshape(2, 2, 2)
    r = mdm.markov_chain_law([[0.8, 0.2, 0.0], [0.1, 0.6, 0.3], [0.5, 0.0, 0.5]], 3)
    joint = mdm.paired_law(p, r)
    # independent brute force: P((x_i, y_i)_i) = p(x) r(y)
    for x in product(range(2), repeat=3):
        for y in product(range(3), repeat=3):
            assert joint[tuple(3 * a + b for a, b in zip(x, y, strict=True))] == pytest.approx(p[x] * r[y])
    np.testing.assert_allclose(
        mdm.info_curve(joint), mdm.paired_info_curve(mdm.info_curve(p), mdm.info_curve(r)), atol=1e-9
    )
    with pytest.raises(ValueError, match="one length"):
        mdm.paired_info_curve([0.0, 1.0], [0.0])
    with pytest.raises(ValueError, match="same number of positions"):
        mdm.paired_law(p, r.sum(axis=0))


def _mixture(rng, m, n, q):
    return rng.dirichlet(np.ones(m)), rng.dirichlet(np.full(q, 0.5), size=(m, n))


def test_product_mixture_curve_and_example_2():
    rng = np.random.default_rng(11)
    for m, n, q in [(1, 4, 2), (2, 5, 2), (3, 5, 3), (4, 6, 2)]:
        w, marginals = _mixture(rng, m, n, q)
        p = mdm.product_mixture_law(w, marginals)
        table = sum(w[c] * mdm.product_law(list(marginals[c])) for c in range(m))
        np.testing.assert_allclose(p, table, atol=1e-15)
        np.testing.assert_allclose(
            mdm.product_mixture_info_curve(w, marginals), info_curve_by_definition(p), atol=1e-9
        )
        assert mdm.dual_total_correlation(p) <= np.log2(m) + 1e-9  # Example 2


@pytest.mark.parametrize("seed", range(3))
def test_mixture_monte_carlo_is_unbiased_within_its_standard_errors(seed):
    rng = np.random.default_rng(100 + seed)
    w, marginals = _mixture(rng, 3, 6, 3)
    p = mdm.product_mixture_law(w, marginals)
    exact = mdm.info_curve(p)
    est = mdm.estimate_product_mixture_info_curve(w, marginals, 4000, rng=rng)
    assert est.Z[0] == 0.0 and est.standard_error[0] == 0.0
    assert np.all(np.abs(est.Z - exact)[1:] <= 5 * est.standard_error[1:])
    assert abs(est.tc - mdm.total_correlation(p)) <= 5 * est.tc_standard_error + 1e-12
    assert abs(est.dtc - mdm.dual_total_correlation(p)) <= 5 * est.dtc_standard_error + 1e-12


def test_mixture_monte_carlo_at_large_n_for_separated_components():
    """Far-apart components are identified by the data: DTC = log2 m, TC = n E KL(component || mixture)."""
    n, m = 2000, 4
    marginals = np.full((m, n, 2), 0.5)
    for c in range(m):
        marginals[c, :, 0] = 0.02 + 0.96 * ((np.arange(n) >> c) & 1)
    marginals[:, :, 1] = 1 - marginals[:, :, 0]
    w = np.full(m, 1 / m)
    est = mdm.estimate_product_mixture_info_curve(w, marginals, 50, rng=np.random.default_rng(0))
    assert est.dtc == pytest.approx(np.log2(m), abs=5 * est.dtc_standard_error + 1e-6)
    mixture = marginals.mean(axis=0)
    h = lambda a: -(a * np.log2(a)).sum(axis=-1)  # noqa: E731
    tc = h(mixture).sum() - h(marginals).sum(axis=1).mean() - np.log2(m)
    assert est.tc == pytest.approx(tc, abs=5 * est.tc_standard_error + 1e-6)


def test_mixture_functions_reject_bad_input():
    w, marginals = [0.5, 0.5], np.full((2, 3, 2), 0.5)
    with pytest.raises(ValueError, match="shape"):
        mdm.product_mixture_law([1.0], marginals)
    with pytest.raises(ValueError, match="marginals must be laws along its last axis"):
        mdm.product_mixture_law(w, marginals * 1.1)
    with pytest.raises(ValueError, match="num_samples"):
        mdm.estimate_product_mixture_info_curve(w, marginals, 1, rng=np.random.default_rng(0))
    with pytest.raises(TypeError, match="rng"):
        mdm.estimate_product_mixture_info_curve(w, marginals, 10, rng="seed")
    with pytest.raises(ValueError, match="estimate_product_mixture_info_curve"):
        mdm.product_mixture_info_curve(w, np.full((2, 30, 2), 0.5))
    np.testing.assert_array_equal(mdm.product_info_curve(4), np.zeros(4))
