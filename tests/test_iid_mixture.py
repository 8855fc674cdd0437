"""iid_mixture_info_curve: exact against full tables, and against the Monte Carlo estimator at n = 128."""

import numpy as np
import pytest

import mdm_lib as mdm
from mdm_lib import ProductMixture, estimate_info_curve
from mdm_lib.curves import iid_mixture_info_curve


def _table_curve(weights, symbol_probs, n, base=2):
    marginals = [[list(p)] * n for p in symbol_probs]
    return mdm.info_curve(mdm.product_mixture_law(weights, marginals), base=base)


@pytest.mark.parametrize(
    ("weights", "symbol_probs", "n"),
    [
        ([0.5, 0.5], [[0.9, 0.1], [0.1, 0.9]], 14),  # noisy repeated bit
        ([0.2, 0.3, 0.5], [[0.99, 0.01], [0.5, 0.5], [0.3, 0.7]], 12),
        ([1.0], [[0.4, 0.6]], 6),  # a product law: Z = 0
        ([0.5, 0.5], [[1.0, 0.0], [0.0, 1.0]], 10),  # zero probabilities
        (
            [0.25, 0.25, 0.5],
            [[0.6, 0.3, 0.1], [0.1, 0.1, 0.8], [1 / 3, 1 / 3, 1 / 3]],
            8,
        ),  # q = 3
        ([0.7, 0.3], [[0.1, 0.2, 0.3, 0.4], [0.4, 0.3, 0.2, 0.1]], 6),  # q = 4
    ],
)
def test_matches_full_table(weights, symbol_probs, n):
    for base in (2, np.e):
        exact = iid_mixture_info_curve(weights, symbol_probs, n, base=base)
        np.testing.assert_allclose(exact, _table_curve(weights, symbol_probs, n, base), rtol=0, atol=1e-9)


def test_every_prefix_length_matches_its_table():
    weights, probs = [0.3, 0.7], [[0.8, 0.2], [0.35, 0.65]]
    long = iid_mixture_info_curve(weights, probs, 11)
    for n in range(1, 11):
        np.testing.assert_allclose(iid_mixture_info_curve(weights, probs, n), long[:n], atol=1e-12)
        np.testing.assert_allclose(long[:n], _table_curve(weights, probs, n), atol=1e-9)


def test_agrees_with_monte_carlo_at_n_128():
    weights, probs, n = np.array([0.3, 0.7]), np.array([[0.85, 0.15], [0.3, 0.7]]), 128
    exact = iid_mixture_info_curve(weights, probs, n)
    mixture = ProductMixture(weights, np.repeat(probs[:, None, :], n, axis=1))
    est = estimate_info_curve(mixture.sample(600, rng=0), mixture, rng=1, progress=False)
    z = (est.Z[1:] - exact[1:]) / est.standard_error[1:]
    assert np.abs(z).max() < 4.5, f"largest |z| = {np.abs(z).max():.2f}"
    assert abs(est.tc - exact.sum()) < 4 * est.tc_standard_error
    assert abs(est.dtc - (n * exact[-1] - exact.sum())) < 4 * est.dtc_standard_error
    # the mixture has DTC <= log2(m) = 1 bit (Example 2)
    assert n * exact[-1] - exact.sum() <= 1.0


def test_large_n_is_fast_and_monotone():
    Z = iid_mixture_info_curve(np.full(16, 1 / 16), np.random.default_rng(0).dirichlet([1, 1], 16), 1000)
    assert Z[0] == 0.0 and np.all(np.diff(Z) >= -1e-12)
    assert Z[-1] < 4.0 + 1e-9  # Z_n <= H(component) = 4 bits


@pytest.mark.parametrize(
    ("args", "error"),
    [
        (([0.5, 0.4], [[0.5, 0.5], [0.5, 0.5]], 3), "weights must sum to 1"),
        (([1.0], [[0.5, 0.6]], 3), "symbol_probs"),
        (([1.0], [[1.0]], 3), "q >= 2"),
        (([0.5, 0.5], [[0.5, 0.5]], 3), "components=2"),
        (([1.0], [[0.5, 0.5]], 0), "n must lie in"),
        (([1.0], [[0.25] * 4], 400), "MAX_IID_MIXTURE_COUNTS"),
    ],
)
def test_bad_input(args, error):
    with pytest.raises((ValueError, TypeError), match=error):
        iid_mixture_info_curve(*args)
