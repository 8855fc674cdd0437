"""mdm_lib.sampled_kl: Monte Carlo errors against Theorem 4 and exact enumeration (Lemma 35)."""

import numpy as np
import pytest

import mdm_lib as mdm
from mdm_lib import ProductMixture, estimate_schedule_kl, schedule_kl_split


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


@pytest.mark.parametrize(
    ("call", "error"),
    [
        (
            lambda m: estimate_schedule_kl([[0, 1, 0]] * 3, m.log_prob, m, [1, 1]),
            "sum to n = 3",
        ),
        (
            lambda m: estimate_schedule_kl([[0, 1, 0]] * 3, lambda x: np.zeros(2), m, [3]),
            "log_prob must",
        ),
    ],
)
def test_bad_input(call, error):
    mixture = ProductMixture([0.5, 0.5], [[[0.9, 0.1]] * 3, [[0.1, 0.9]] * 3])
    with pytest.raises((ValueError, TypeError), match=error):
        call(mixture)
