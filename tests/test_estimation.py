"""mdm_lib.estimation: estimated curves against exact curves computed from full tables."""

import numpy as np
import pytest

import mdm_lib as mdm
from mdm_lib import (
    ProductMixture,
    cross_entropy_table,
    curve_from_losses,
    estimate_info_curve,
)


def test_curve_estimate_agrees_with_exact_curve(small_mixture):
    table = mdm.product_mixture_law(small_mixture.weights, small_mixture.marginals)
    Z = mdm.info_curve(table)
    est = estimate_info_curve(small_mixture.sample(4000, rng=4), small_mixture, rng=5, progress=False)
    z = (est.Z[1:] - Z[1:]) / est.standard_error[1:]
    assert np.abs(z).max() < 4.5
    assert abs(est.tc - mdm.total_correlation(table)) < 4 * est.tc_standard_error
    assert abs(est.dtc - mdm.dual_total_correlation(table)) < 4 * est.dtc_standard_error
    assert est.Z[0] == 0.0 and est.standard_error[0] == 0.0
    for sizes in ([2, 4], [1, 1, 4], [6]):
        pred = est.predicted_kl(sizes)
        assert pred.mean == pytest.approx(mdm.expected_kl(est.Z, sizes), abs=1e-12)
        assert abs(pred.mean - mdm.expected_kl(Z, sizes)) < 4.5 * pred.standard_error


def test_dtc_has_its_own_estimate():
    """DTC is estimated directly (not as n Z_n - sum Z), unbiased, with a standard error of its own."""
    from mdm_lib.curves import iid_mixture_info_curve

    n, probs = 64, np.array([[0.8, 0.2], [0.3, 0.7]])
    mixture = ProductMixture([0.5, 0.5], np.repeat(probs[:, None, :], n, axis=1))
    est = estimate_info_curve(mixture.sample(400, rng=0), mixture, rng=1, progress=False)
    exact = iid_mixture_info_curve([0.5, 0.5], probs, n)
    assert abs(est.dtc - (n * exact[-1] - exact.sum())) < 4 * est.dtc_standard_error
    assert 0 < est.dtc_standard_error < 0.1
    assert est.tc_standard_error == pytest.approx(est.terms.sum(axis=1).std(ddof=1) / 20)


def test_binary_oracle_shape_is_accepted():
    mixture = ProductMixture([0.4, 0.6], [[[0.9, 0.1]] * 5, [[0.2, 0.8]] * 5])
    x = mixture.sample(200, rng=0)
    full = estimate_info_curve(x, mixture, rng=1, progress=False)
    binary = estimate_info_curve(x, lambda xs, rev: mixture(xs, rev)[:, :, 1], rng=1, progress=False)
    np.testing.assert_allclose(binary.Z, full.Z, atol=1e-12)


def test_batching_does_not_change_the_result(small_mixture):
    x = small_mixture.sample(50, rng=0)
    a = estimate_info_curve(x, small_mixture, rng=1, batch_rows=7, progress=False)
    b = estimate_info_curve(x, small_mixture, rng=1, progress=False)
    np.testing.assert_allclose(a.Z, b.Z, atol=1e-12)
    assert a.tc == pytest.approx(b.tc, abs=1e-12)


def test_loss_table_gives_the_curve_for_the_true_model(small_mixture):
    table = mdm.product_mixture_law(small_mixture.weights, small_mixture.marginals)
    Z = mdm.info_curve(table)
    losses = cross_entropy_table(small_mixture.sample(6000, rng=2), small_mixture, rng=3, progress=False)
    assert losses.revealed.tolist() == list(range(6))
    curve = curve_from_losses(losses.revealed, losses.cross_entropy)
    se = np.hypot(losses.standard_error, losses.standard_error[0])
    assert np.all(np.abs(curve[1:] - Z[1:]) < 4.5 * se[1:])


def test_curve_from_losses_orders_and_validates():
    np.testing.assert_allclose(curve_from_losses([2, 0, 1], [0.5, 1.0, 0.75]), [0.0, 0.25, 0.5])
    with pytest.raises(ValueError, match="each count 0, 1"):
        curve_from_losses([1, 2, 3], [1.0, 0.5, 0.2])
    with pytest.raises(ValueError, match="NaN"):
        curve_from_losses([0, 1], [1.0, np.nan])
    with pytest.raises(ValueError, match="same length"):
        curve_from_losses([0, 1], [1.0])


@pytest.mark.parametrize(
    ("call", "error"),
    [
        (lambda m: estimate_info_curve([[0, 1, 0]], m), "at least 2"),
        (
            lambda m: estimate_info_curve([[0, 1.5, 0], [0, 1, 0]], m),
            "non-negative whole",
        ),
        (lambda m: estimate_info_curve([0, 1, 0], m), "shape"),
        (
            lambda m: estimate_info_curve([[0, 1, 0]] * 3, lambda x, r: np.full(x.shape + (2,), 0.7)),
            "probabilities",
        ),
        (
            lambda m: estimate_info_curve([[0, 1, 0]] * 3, lambda x, r: np.ones((1, 2))),
            "oracle must return",
        ),
        (lambda m: estimate_info_curve([[0, 1, 0]] * 3, m, rng="seed"), "rng must be"),
    ],
)
def test_bad_input(call, error):
    mixture = ProductMixture([0.5, 0.5], [[[0.9, 0.1]] * 3, [[0.1, 0.9]] * 3])
    with pytest.raises((ValueError, TypeError), match=error):
        call(mixture)
