"""mdm_lib.product_mixture: the law's oracle, likelihood and samples against its full table; the EM fit."""

import numpy as np
import pytest

import mdm_lib as mdm
from mdm_lib import ProductMixture, fit_product_mixture


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


@pytest.mark.parametrize(
    ("call", "error"),
    [
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
