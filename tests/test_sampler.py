import numpy as np
import pytest

import mdm_lib as mdm
from mdm_lib.sampler import MAX_ENUMERATION, number_of_partitions


def test_partition_law_is_a_law_and_conditionals_are_exact():
    p = mdm.random_law((2, 3, 2), rng=np.random.default_rng(0))
    nu = mdm.partition_law(p, [[1], [0, 2]])
    assert nu.sum() == pytest.approx(1.0)
    # X_1 exact; then X_0 and X_2 independent given X_1.
    m1 = p.sum(axis=(0, 2))
    m01 = p.sum(axis=2)
    m12 = p.sum(axis=0)
    expected = m01[:, :, None] * m12[None, :, :] / m1[None, :, None]
    np.testing.assert_allclose(nu, expected, atol=1e-15)


def test_one_at_a_time_is_exact():
    p = mdm.random_law((3, 2, 2), rng=np.random.default_rng(1), concentration=0.3)
    np.testing.assert_allclose(mdm.partition_law(p, [[2], [0], [1]]), p, atol=1e-15)
    assert mdm.sampler_kl(p, [1, 1, 1]) == pytest.approx(0.0, abs=1e-12)
    assert mdm.mixture_kl(p, [1, 1, 1]) == pytest.approx(0.0, abs=1e-12)


def test_one_shot_is_product_of_marginals_and_costs_tc():
    p = mdm.random_law((2, 2, 3), rng=np.random.default_rng(2))
    marginals = [p.sum(axis=tuple(j for j in range(3) if j != i)) for i in range(3)]
    np.testing.assert_allclose(mdm.sampler_law(p, [3]), mdm.product_law(marginals), atol=1e-15)
    assert mdm.sampler_kl(p, [3]) == pytest.approx(mdm.total_correlation(p), abs=1e-12)


def test_number_of_partitions():
    assert number_of_partitions([4, 5, 2, 2]) == 6227020800 // (24 * 120 * 2 * 2)  # 13! / (4! 5! 2! 2!)
    assert number_of_partitions([0, 3, 0]) == 1


def test_enumeration_limit_is_a_clear_error():
    p = np.full((2,) * 14, 2.0**-14)
    assert number_of_partitions([1] * 14) * p.size > MAX_ENUMERATION
    with pytest.raises(ValueError, match="too large for exact enumeration"):
        mdm.sampler_kl(p, [1] * 14)


def test_sample_frequencies_match_the_exact_sampler_law():
    """With a fixed seed, empirical frequencies lie within 4.5 standard errors of nu."""
    p = mdm.random_law((2, 3, 2), rng=np.random.default_rng(3), concentration=0.7)
    sizes = [2, 0, 1]
    N = 200_000
    x = mdm.sample(p, sizes, N, rng=np.random.default_rng(4))
    assert x.shape == (N, 3) and x.dtype.kind == "i"
    counts = np.zeros(p.shape)
    np.add.at(counts, tuple(x.T), 1)
    nu = mdm.sampler_law(p, sizes)
    se = np.sqrt(nu * (1 - nu) / N)
    assert np.all(np.abs(counts / N - nu) <= 4.5 * se + 1e-12)
    # ...and the sampler is not exact for this schedule: nu differs from p by far more.
    assert np.abs(nu - p).max() > 20 * se.max()


def test_sample_is_reproducible_and_respects_support():
    p = np.zeros((2, 2, 2))
    p[0, 0, 0] = p[1, 1, 1] = 0.5
    a = mdm.sample(p, [1, 2], 1000, rng=np.random.default_rng(5))
    b = mdm.sample(p, [1, 2], 1000, rng=np.random.default_rng(5))
    np.testing.assert_array_equal(a, b)
    assert np.all(a.min(axis=1) == a.max(axis=1))  # after one reveal the rest is determined
    assert mdm.sample(p, [3], 0, rng=np.random.default_rng(0)).shape == (0, 3)


def test_random_partition_kl_averages_to_sampler_kl():
    p = mdm.random_law((2, 2, 2, 2), rng=np.random.default_rng(6), concentration=0.4)
    draws = mdm.random_partition_kl(p, [2, 2], 4000, rng=np.random.default_rng(7))
    exact = mdm.sampler_kl(p, [2, 2])
    assert abs(draws.mean() - exact) <= 4.5 * draws.std() / np.sqrt(draws.size)
