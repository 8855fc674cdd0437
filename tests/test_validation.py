"""Bad input gets a ValueError or TypeError that names the argument (more in test_bad_input.py)."""

import numpy as np
import pytest

import mdm_lib as mdm

GOOD = np.full((2, 2, 2), 1 / 8)
Z = np.array([0.0, 0.5, 0.8])
RNG = np.random.default_rng(0)

CASES = [
    # (callable, error type, words the message must contain)
    (lambda: mdm.info_curve(np.array(1.0)), ValueError, "p must have one axis per position"),
    (lambda: mdm.info_curve(-GOOD), ValueError, "p has negative entries"),
    (lambda: mdm.info_curve(GOOD * 2), ValueError, "p must sum to 1"),
    (lambda: mdm.info_curve(np.where(GOOD > 0, np.nan, 0)), ValueError, "p contains NaN"),
    (lambda: mdm.info_curve(np.full((2, 0), 0.0)), ValueError, "p has an empty axis"),
    (lambda: mdm.info_curve("abc"), TypeError, "p must be a numeric array"),
    (lambda: mdm.total_correlation(GOOD, base=1), ValueError, "base must be > 0 and different from 1"),
    (lambda: mdm.dual_total_correlation(GOOD, base=0), ValueError, "base must be a finite number > 0"),
    (lambda: mdm.entropy_curve(GOOD, base=-2), ValueError, "base"),
    (lambda: mdm.info_curve(np.full((2,) * 25, 2.0**-25)), ValueError, "at most 24"),
    (lambda: mdm.expected_kl(Z, [1, 1]), ValueError, "sizes must sum to n = 3"),
    (lambda: mdm.expected_kl(Z, [4, -1]), ValueError, "sizes must be non-negative"),
    (lambda: mdm.expected_kl(Z, [1.5, 1.5]), ValueError, "sizes must hold whole numbers"),
    (lambda: mdm.expected_kl(Z, 3), TypeError, "sizes must be a sequence"),
    (lambda: mdm.expected_kl(Z, []), ValueError, "sizes must have at least one step"),
    (lambda: mdm.expected_kl(Z, [[1, 2]]), ValueError, "sizes must be 1-d"),
    (lambda: mdm.expected_kl(Z, ["a", "b"]), TypeError, "sizes must hold integers"),
    (lambda: mdm.expected_kl(np.ones((3, 1)), [3]), ValueError, "Z must be 1-d"),
    (lambda: mdm.expected_kl([0.0, np.nan, 1.0], [3]), ValueError, "Z contains NaN"),
    (lambda: mdm.expected_kl([], []), ValueError, "Z must have at least one value"),
    (lambda: mdm.optimal_schedule(Z, 0), ValueError, "k must lie in [1, 10000000]"),
    (lambda: mdm.optimal_schedule(Z, 10**7 + 1), ValueError, "k must lie in [1, 10000000]"),
    (lambda: mdm.optimal_schedule(Z, 2.0), TypeError, "k must be an integer"),
    (lambda: mdm.sample(GOOD, [3], -1, rng=RNG), ValueError, "num_samples must lie in [0, inf]"),
    (
        lambda: mdm.sample(GOOD, [3], 5, rng=0.5),
        TypeError,
        "rng must be None, an int seed, a SeedSequence, a bit generator or a numpy.random.Generator",
    ),
    (lambda: mdm.sample(GOOD, [2, 2], 5, rng=RNG), ValueError, "sizes must sum to n = 3"),
    (
        lambda: mdm.sampler_kl(np.full((2,) * 14, 2.0**-14), [1] * 14),
        ValueError,
        "too large for exact enumeration",
    ),
    (lambda: mdm.partition_law(GOOD, [[0], [0, 1]]), ValueError, "partition must split the positions"),
    (lambda: mdm.random_law((2, 0), rng=RNG), ValueError, "shape[i] must lie in [1, inf]"),
    (lambda: mdm.random_law((2, 2), rng=RNG, concentration=0), ValueError, "concentration"),
    (lambda: mdm.product_law([[0.5, 0.6]]), ValueError, "marginals[0] must sum to 1"),
    (lambda: mdm.markov_chain_law([[0.5, 0.5]], 3), ValueError, "transition must be a square"),
    (lambda: mdm.markov_chain_law([[0.5, 0.4], [0.5, 0.5]], 3), ValueError, "row-stochastic"),
    (lambda: mdm.markov_chain_law([[1.0, 0.0], [0.0, 1.0]], 0), ValueError, "n must lie in [1, inf]"),
    (lambda: mdm.mixture_law([0.5, 0.5], [GOOD]), ValueError, "one law per weight"),
    (lambda: mdm.save_figure(None, "x"), TypeError, "fig must be a matplotlib Figure"),
]


@pytest.mark.parametrize("call, error, words", CASES, ids=[c[2][:40] for c in CASES])
def test_bad_input_is_named(call, error, words):
    with pytest.raises(error) as info:
        call()
    assert words in str(info.value)


def test_unnormalised_within_tolerance_is_accepted():
    p = GOOD.copy()
    p[0, 0, 0] += 5e-10
    mdm.info_curve(p)
