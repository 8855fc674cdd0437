"""Judges of generated sequences (mdm_lib.judges), against brute-force references."""

from collections import Counter
from itertools import product

import numpy as np
import pytest

import mdm_lib as mdm


def brute_ngram_prob(docs, order, q, context, symbol, discount=0.75):
    """Interpolated absolute discounting from its definition, with Counters (shares no code with the library)."""
    unigrams = Counter(s for doc in docs for s in doc)
    total = sum(unigrams.values())
    p = (unigrams[symbol] + 1) / (total + q)
    context = tuple(context)[-(order - 1) :] if order > 1 else ()
    for m in range(1, len(context) + 1):
        h = context[-m:]
        grams = Counter()
        for doc in docs:
            for i in range(m, len(doc)):
                if tuple(doc[i - m : i]) == h:
                    grams[doc[i]] += 1
        c_h = sum(grams.values())
        if c_h:
            p = (max(grams[symbol] - discount, 0) + discount * len(grams) * p) / c_h
    return p


@pytest.fixture
def docs():
    rng = np.random.default_rng(0)
    chain = [0]
    for _ in range(400):  # a Markov chain that prefers to repeat
        chain.append(chain[-1] if rng.random() < 0.6 else int(rng.integers(3)))
    return [np.array(chain[:250]), np.array(chain[250:])]


@pytest.mark.parametrize("order", [1, 2, 3, 4])
def test_ngram_matches_brute_force(docs, order):
    model = mdm.NgramModel(order, 3).fit(docs)
    x = np.random.default_rng(order).integers(0, 3, (4, 7))
    got = np.exp(model.log_prob(x))
    for b, i in product(range(4), range(7)):
        assert abs(got[b, i] - brute_ngram_prob(docs, order, 3, x[b, :i], x[b, i])) < 1e-12


def test_ngram_conditionals_sum_to_one(docs):
    model = mdm.NgramModel(4, 3).fit(docs)
    rng = np.random.default_rng(1)
    for _ in range(20):
        context = rng.integers(0, 3, int(rng.integers(0, 6)))
        rows = np.array([np.append(context, a) for a in range(3)])
        assert abs(np.exp(model.log_prob(rows)[:, -1]).sum() - 1) < 1e-12


def test_ngram_nll_and_errors(docs):
    model = mdm.NgramModel(2, 3).fit(docs)
    x = np.array([[0, 0, 1]])
    assert model.nll_per_token(x, base=np.e)[0] == pytest.approx(-model.log_prob(x).mean())
    with pytest.raises(ValueError, match="not fitted"):
        mdm.NgramModel(2, 3).log_prob(x)
    with pytest.raises(ValueError, match="symbols"):
        model.log_prob([[0, 3]])
    with pytest.raises(ValueError, match="discount"):
        mdm.NgramModel(2, 3, discount=1.0)
    with pytest.raises(ValueError, match="order"):
        mdm.NgramModel(0, 3)
    with pytest.raises(ValueError, match="at least one document"):
        mdm.NgramModel(2, 3).fit([])


def test_word_share():
    vocabulary = {"good", "night", "sweet", "prince"}
    texts = ["ood night, sweet prince", "good nite sweet pr", "xyz", " good ", "  "]
    got = mdm.word_share(texts, vocabulary)
    assert got[0] == 1.0  # "ood" touches the start: not counted
    assert got[1] == 0.5  # nite, sweet: "good" touches the start, "pr" the end
    assert np.isnan(got[2]) and got[3] == 1.0 and np.isnan(got[4])
    with pytest.raises(TypeError, match="sequence of strings"):
        mdm.word_share("good night", vocabulary)


def test_kmer_frequencies_match_counting():
    x = np.random.default_rng(2).integers(0, 4, (5, 9))
    counts = Counter(tuple(row[i : i + 3]) for row in x for i in range(7))
    got = mdm.kmer_frequencies(x, 3, 4)
    for kmer in product(range(4), repeat=3):
        index = kmer[0] * 16 + kmer[1] * 4 + kmer[2]
        assert got[index] == pytest.approx(counts[kmer] / 35, abs=1e-15)


def test_kmer_total_variation():
    data = np.random.default_rng(3).integers(0, 4, (2000, 16))
    same = mdm.kmer_total_variation(data[:1000], data[1000:], 2, 4, rng=0)
    shifted = mdm.kmer_total_variation(np.zeros((1000, 16), dtype=int), data, 2, 4, rng=0)
    assert same.total_variation < 0.05 and same.standard_error > 0
    assert shifted.total_variation == pytest.approx(1 - mdm.kmer_frequencies(data, 2, 4)[0], abs=1e-12)
    assert shifted.standard_error < 1e-12  # every resample is the same
    assert np.isnan(mdm.kmer_total_variation(data, data, 1, 4, bootstrap=0).standard_error)
    with pytest.raises(ValueError, match="k"):
        mdm.kmer_frequencies(data, 17, 4)
