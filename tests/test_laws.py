import numpy as np
import pytest

import mdm_lib as mdm


def test_random_law_is_reproducible_and_normalised():
    a = mdm.random_law((2, 3, 4), rng=np.random.default_rng(0))
    b = mdm.random_law((2, 3, 4), rng=np.random.default_rng(0))
    np.testing.assert_array_equal(a, b)
    assert a.shape == (2, 3, 4) and a.min() >= 0 and a.sum() == pytest.approx(1.0)


def test_product_law_has_zero_curve_and_its_marginals():
    m = [[0.2, 0.8], [0.1, 0.2, 0.7], [0.5, 0.5]]
    p = mdm.product_law(m)
    for i in range(3):
        np.testing.assert_allclose(p.sum(axis=tuple(j for j in range(3) if j != i)), m[i])
    np.testing.assert_allclose(mdm.info_curve(p), 0.0, atol=1e-12)


def test_markov_chain_law_is_stationary_and_markov():
    P = np.array([[0.7, 0.2, 0.1], [0.3, 0.3, 0.4], [0.25, 0.25, 0.5]])
    p = mdm.markov_chain_law(P, 4)
    first = p.sum(axis=(1, 2, 3))
    last = p.sum(axis=(0, 1, 2))
    np.testing.assert_allclose(first, last, atol=1e-12)  # stationary start
    np.testing.assert_allclose(first @ P, first, atol=1e-12)
    pair = p.sum(axis=(2, 3))
    np.testing.assert_allclose(pair / pair.sum(axis=1, keepdims=True), P, atol=1e-12)
    # Markov property: X_3 independent of X_1 given X_2.
    triple = p.sum(axis=3)
    cond = triple / triple.sum(axis=2, keepdims=True)
    np.testing.assert_allclose(cond, np.broadcast_to(P[None], cond.shape), atol=1e-12)


def test_markov_chain_law_with_initial():
    p = mdm.markov_chain_law([[0.9, 0.1], [0.2, 0.8]], 2, initial=[1.0, 0.0])
    np.testing.assert_allclose(p, [[0.9, 0.1], [0.0, 0.0]])


def test_mixture_law():
    a = mdm.product_law([[0.9, 0.1]] * 3)
    b = mdm.product_law([[0.1, 0.9]] * 3)
    p = mdm.mixture_law([0.3, 0.7], [a, b])
    np.testing.assert_allclose(p, 0.3 * a + 0.7 * b)
    assert mdm.dual_total_correlation(p) <= 1.0 + 1e-12  # Example 2: DTC <= log2(m)
