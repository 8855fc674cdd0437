"""mdm_lib.MarkovChain against the full table of the chain (mdm_lib.markov_chain_law)."""

import itertools

import numpy as np
import pytest
from scipy.stats import chi2 as chi2_distribution

import mdm_lib as mdm

P = np.array([[0.8, 0.15, 0.05], [0.1, 0.8, 0.1], [0.2, 0.2, 0.6]])


def test_conditionals_likelihood_and_curve_match_the_full_table():
    n = 5
    chain = mdm.MarkovChain(P, n)
    table = mdm.markov_chain_law(P, n)
    x = np.array(list(itertools.product(range(3), repeat=n)))
    np.testing.assert_allclose(np.exp(chain.log_prob(x)), table[tuple(x.T)], rtol=1e-12, atol=0)
    masks = np.array(list(itertools.product([False, True], repeat=n)))
    worst = 0.0
    for revealed in masks:
        rows = x[::7]
        probs = chain(rows, np.broadcast_to(revealed, rows.shape))
        for row, p in zip(rows, probs, strict=True):
            index = tuple(row[j] if revealed[j] else slice(None) for j in range(n))
            rest = table[index]
            free = np.flatnonzero(~revealed)
            for k, i in enumerate(free):
                marginal = rest.sum(axis=tuple(a for a in range(free.size) if a != k))
                worst = max(worst, np.abs(marginal / marginal.sum() - p[i]).max())
    assert worst < 1e-12
    np.testing.assert_allclose(chain.info_curve(), mdm.info_curve(table), atol=1e-12)


def test_samples_follow_the_law():
    n = 4
    chain = mdm.MarkovChain(P, n)
    table = mdm.markov_chain_law(P, n)
    draws = chain.sample(100_000, rng=0)
    counts = np.zeros(table.shape)
    np.add.at(counts, tuple(draws.T), 1)
    expected = table * draws.shape[0]
    seen = expected > 0
    chi2 = (((counts - expected) ** 2)[seen] / expected[seen]).sum()
    assert chi2 < chi2_distribution.ppf(0.9999, df=table.size - 1)
    assert counts[~seen].sum() == 0


def test_bad_input():
    with pytest.raises(ValueError, match="row-stochastic"):
        mdm.MarkovChain([[0.5, 0.6], [0.5, 0.5]], 3)
    with pytest.raises(ValueError, match=r"n must lie in \[1, inf\]"):
        mdm.MarkovChain(P, 0)
    with pytest.raises(ValueError, match=r"x must have shape \(b, 3\) with states 0..2"):
        mdm.MarkovChain(P, 3)(np.zeros((1, 4), dtype=int), np.zeros((1, 4), dtype=bool))
    with pytest.raises(ValueError, match="several closed classes|stationary law is not unique"):
        mdm.MarkovChain(np.eye(2), 3)
