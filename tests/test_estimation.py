"""mdm_lib.estimation: estimators against exact curves and errors computed from full tables."""

import numpy as np
import pytest

import mdm_lib as mdm
from mdm_lib.estimation import (
    ProductMixture,
    cross_entropy_table,
    curve_from_losses,
    estimate_info_curve,
    estimate_schedule_kl,
    fit_product_mixture,
    plan_schedule,
    schedule_kl_split,
)


@pytest.fixture(scope="module")
def small_mixture():
    """A random mixture of 3 products over {0,1,2}^6: its full table is small enough to enumerate."""
    rng = np.random.default_rng(7)
    return ProductMixture(rng.dirichlet(np.ones(3)), rng.dirichlet([0.6, 0.6, 0.6], (3, 6)))


def _exact_conditionals(table, x, revealed):
    """P(X_i = a | x_revealed) by summing the full table (independent of ProductMixture.__call__)."""
    b, n = x.shape
    out = np.empty((b, n, table.shape[0]))
    for r in range(b):
        keep = tuple(x[r, i] if revealed[r, i] else slice(None) for i in range(n))
        sub = table[keep]
        free = [i for i in range(n) if not revealed[r, i]]
        for i in range(n):
            if revealed[r, i]:
                axes = tuple(range(sub.ndim))
                out[r, i] = (
                    np.bincount([x[r, i]], minlength=table.shape[i])
                    if sub.ndim == 0
                    else np.eye(table.shape[i])[x[r, i]]
                )
                del axes
            else:
                axis = free.index(i)
                marginal = sub.sum(axis=tuple(a for a in range(sub.ndim) if a != axis))
                out[r, i] = marginal / marginal.sum()
    return out


def test_mixture_oracle_and_likelihood_match_the_table(small_mixture):
    table = mdm.product_mixture_law(small_mixture.weights, small_mixture.marginals)
    rng = np.random.default_rng(0)
    x = small_mixture.sample(20, rng=1)
    revealed = rng.random(x.shape) < 0.5
    got = small_mixture(x, revealed)
    want = _exact_conditionals(table, x, revealed)
    np.testing.assert_allclose(got[~revealed], want[~revealed], atol=1e-12)
    np.testing.assert_allclose(small_mixture.log_prob(x), np.log(table[tuple(x.T)]), atol=1e-12)


def test_sample_frequencies(small_mixture):
    x = small_mixture.sample(40000, rng=3)
    table = mdm.product_mixture_law(small_mixture.weights, small_mixture.marginals)
    first = np.bincount(x[:, 0], minlength=3) / x.shape[0]
    np.testing.assert_allclose(first, table.sum(axis=(1, 2, 3, 4, 5)), atol=0.012)


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


def test_schedule_kl_matches_theorem_4_and_enumeration(small_mixture):
    table = mdm.product_mixture_law(small_mixture.weights, small_mixture.marginals)
    Z = mdm.info_curve(table)
    x = small_mixture.sample(30000, rng=6)
    for sizes in ([2, 4], [3, 1, 2], [6]):
        est = estimate_schedule_kl(x, small_mixture.log_prob, small_mixture, sizes, rng=7, progress=False)
        exact = mdm.sampler_kl(table, sizes)
        assert exact == pytest.approx(mdm.expected_kl(Z, sizes), abs=1e-9)
        assert abs(est.mean - exact) < 4 * est.standard_error
        assert est.low < est.mean < est.high and est.num_samples == 30000
    one_at_a_time = estimate_schedule_kl(
        x[:100], small_mixture.log_prob, small_mixture, [1] * 6, rng=0, progress=False
    )
    assert abs(one_at_a_time.mean) < 1e-9


def test_lemma_35_split(small_mixture):
    """The split is exact per sample: total = schedule + model; a worse model has a positive model error."""
    blurred = ProductMixture(small_mixture.weights, 0.7 * small_mixture.marginals + 0.1)
    x = small_mixture.sample(20000, rng=8)
    split = schedule_kl_split(
        x,
        small_mixture.log_prob,
        small_mixture,
        blurred,
        [2, 2, 2],
        rng=9,
        progress=False,
    )
    assert split.total.mean == pytest.approx(split.schedule.mean + split.model.mean, abs=1e-9)
    assert split.model.low > 0
    table = mdm.product_mixture_law(small_mixture.weights, small_mixture.marginals)
    assert abs(split.schedule.mean - mdm.sampler_kl(table, [2, 2, 2])) < 4 * split.schedule.standard_error
    same = schedule_kl_split(
        x[:50],
        small_mixture.log_prob,
        small_mixture,
        small_mixture,
        [3, 3],
        rng=0,
        progress=False,
    )
    assert same.model.mean == 0.0 and same.model.standard_error == 0.0


def test_em_recovers_a_mixture_and_reports_collapse():
    rng = np.random.default_rng(0)
    truth = ProductMixture(
        [0.5, 0.5],
        np.stack(
            [
                np.stack([np.full(20, 0.9), np.full(20, 0.1)], axis=1),
                np.stack([np.full(20, 0.1), np.full(20, 0.9)], axis=1),
            ]
        ),
    )
    x = truth.sample(2000, rng=rng)
    fit = fit_product_mixture(x, 2, rng=1)
    assert fit.converged and fit.collapsed == 0
    np.testing.assert_allclose(np.sort(fit.mixture.weights), [0.5, 0.5], atol=0.03)
    np.testing.assert_allclose(np.sort(fit.mixture.marginals[:, :, 0].mean(axis=1)), [0.1, 0.9], atol=0.02)
    # more components than distinct sequences: the surplus collapses and is removed
    few = np.array([[0, 0, 0, 0]] * 30 + [[1, 1, 1, 1]] * 30)
    fit = fit_product_mixture(few, 6, rng=2, min_weight=0.01, pseudocount=0.01)
    assert fit.mixture.weights.size + fit.collapsed == 6
    assert np.isclose(fit.mixture.weights.sum(), 1.0)
    same = fit_product_mixture(x, 3, rng=5)
    again = fit_product_mixture(x, 3, rng=5)
    np.testing.assert_array_equal(same.mixture.marginals, again.mixture.marginals)


def test_plan_projects_and_reports_the_shift():
    Z = np.array([0.0, 0.2, 0.5, 0.4, 0.9, 1.0, 0.95, 1.2])
    plan = plan_schedule(Z, 3)
    assert np.all(np.diff(plan.curve) >= 0)
    np.testing.assert_allclose(plan.curve, mdm.monotone_projection(Z))
    assert plan.max_shift == pytest.approx(np.abs(plan.curve - Z).max())
    assert plan.l1_shift == pytest.approx(np.abs(plan.curve - Z).sum())
    assert sum(plan.sizes) == 8 and len(plan.sizes) == 3 and all(isinstance(s, int) for s in plan.sizes)
    assert plan.expected_kl == pytest.approx(mdm.expected_kl(plan.curve, plan.sizes))
    assert plan.released_rules == {r.rule: r.error for r in mdm.released_rule_errors(plan.curve, 3)}
    assert all(err >= plan.expected_kl - 1e-12 for err in plan.released_rules.values())
    by_eps = plan_schedule(Z, eps=plan.expected_kl)
    assert by_eps.k <= 3 and by_eps.expected_kl <= plan.expected_kl + 1e-12
    assert plan_schedule(Z, 1).released_rules == {}
    with pytest.raises(ValueError, match="exactly one"):
        plan_schedule(Z)
    with pytest.raises(ValueError, match="exactly one"):
        plan_schedule(Z, 2, eps=0.1)


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
        (
            lambda m: estimate_schedule_kl([[0, 1, 0]] * 3, m.log_prob, m, [1, 1]),
            "sum to n = 3",
        ),
        (
            lambda m: estimate_schedule_kl([[0, 1, 0]] * 3, lambda x: np.zeros(2), m, [3]),
            "log_prob must",
        ),
        (lambda m: fit_product_mixture([[0, 1, 0]] * 3, 4), "components must lie"),
        (
            lambda m: fit_product_mixture([[0, 1, 0]] * 3, 1, pseudocount=0),
            "pseudocount",
        ),
        (lambda m: ProductMixture([0.5, 0.5], [[[1, 0]] * 3]), "marginals"),
        (lambda m: m.sample(0), "size must lie"),
        (lambda m: m([[0, 1, 0]], [[True, False]]), "revealed must have"),
    ],
)
def test_bad_input(call, error):
    mixture = ProductMixture([0.5, 0.5], [[[0.9, 0.1]] * 3, [[0.1, 0.9]] * 3])
    with pytest.raises((ValueError, TypeError), match=error):
        call(mixture)
