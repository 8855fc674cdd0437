"""The sampler driven by a batched oracle (mdm_lib.oracle_sampler), against brute force on full tables."""

from itertools import combinations, product

import numpy as np
import pytest

import mdm_lib as mdm


def table_oracle(p):
    """A batched oracle from a full table, by a loop over every outcome (shares no code with the library)."""
    p = np.asarray(p, dtype=float)
    n, q = p.ndim, max(p.shape)
    outcomes = list(product(*(range(a) for a in p.shape)))

    def oracle(x, revealed):
        out = np.zeros((x.shape[0], n, q))
        for b in range(x.shape[0]):
            for outcome in outcomes:
                if all(outcome[i] == x[b, i] for i in range(n) if revealed[b, i]):
                    for i in range(n):
                        out[b, i, outcome[i]] += p[outcome]
            out[b] /= out[b].sum(axis=1, keepdims=True)
        return out

    return oracle


class Spy:
    """Wraps an oracle and records the revealed mask of every row it is asked."""

    def __init__(self, oracle):
        self.oracle, self.masks = oracle, []

    def __call__(self, x, revealed):
        self.masks.append(revealed.copy())
        return self.oracle(x, revealed)


def brute_log_likelihood(p, x, steps):
    """log nu^S(x): every position of a step drawn from p(x_i | x of the earlier steps), by summing the table."""
    total, revealed = 0.0, []
    for step in steps:
        for i in step:
            joint = {}
            for outcome in product(*(range(a) for a in p.shape)):
                if all(outcome[r] == x[r] for r in revealed):
                    joint[outcome[i]] = joint.get(outcome[i], 0.0) + p[outcome]
            total += np.log(joint.get(x[i], 0.0) / sum(joint.values()))
        revealed += list(step)
    return total


def steps_from_masks(masks, row, n):
    """The ordered partition a row went through, from the revealed masks the oracle saw (one call per step)."""
    seen = [m[row] for m in masks] + [np.ones(n, dtype=bool)]
    return [tuple(np.flatnonzero(after & ~before)) for before, after in zip(seen, seen[1:], strict=False)]


@pytest.fixture
def law():
    return mdm.random_law((2, 3, 2, 2), rng=5)


def test_one_token_per_step_is_the_chain_rule():
    """With exact conditionals and one token per step, nu^S(x) = mu(x) for every order (and every block order)."""
    mix = mdm.ProductMixture([0.3, 0.7], np.random.default_rng(0).dirichlet(np.ones(3), size=(2, 8)))
    x = mix.sample(50, rng=1)
    for blocks in (1, 2, 4, 8):
        got = mdm.sampler_log_likelihood(x, mix, np.ones(8), blocks=blocks, rng=2, base=np.e)
        assert np.abs(got - mix.log_prob(x)).max() < 1e-12


def test_log_likelihood_matches_brute_force(law):
    x = np.array([[0, 2, 1, 0], [1, 0, 0, 1], [1, 1, 1, 1]])
    for sizes, blocks in (([2, 2], 1), ([1, 3], 1), ([3, 1], 1), ([1, 1, 2], 2), ([4], 1)):
        spy = Spy(table_oracle(law))
        got = mdm.sampler_log_likelihood(x, spy, sizes, blocks=blocks, rng=3, base=np.e, batch_rows=1)
        for row in range(x.shape[0]):
            masks = [
                m[0] for m in spy.masks[row :: x.shape[0]]
            ]  # batch_rows=1: calls go step by step, row by row
            steps = steps_from_masks(np.array(masks)[:, None, :], 0, 4)
            assert [len(s) for s in steps] == sizes
            if blocks == 2:  # the first block (positions 0, 1) is revealed before the second
                assert set(steps[0]) | set(steps[1]) == {0, 1}
            assert abs(got[row] - brute_log_likelihood(law, x[row], steps)) < 1e-12


def test_samples_follow_the_sampler_law(law):
    """Empirical frequencies of 40,000 draws against the exact law of the sampler (sampler_law), within 5 sd."""
    sizes, count = [2, 2], 40_000
    x = mdm.sample_with_oracle(table_oracle(law), 4, sizes, count, rng=7)
    expected = mdm.sampler_law(law, sizes)
    counts = np.zeros(law.shape)
    np.add.at(counts, tuple(x.T), 1)
    sd = np.sqrt(expected * (1 - expected) / count)
    assert np.all(np.abs(counts / count - expected) <= 5 * sd + 1e-12)


def test_common_random_numbers_and_determinism(law):
    """One seed, two schedules: the same order and uniforms, so the first step's draws agree."""
    spy = Spy(table_oracle(law))
    a = mdm.sample_with_oracle(spy, 4, [1, 1, 1, 1], 30, rng=11)
    first = spy.masks[1].argmax(axis=1)  # the position each row revealed first
    b = mdm.sample_with_oracle(table_oracle(law), 4, [1, 1, 2], 30, rng=11)
    assert np.array_equal(a[np.arange(30), first], b[np.arange(30), first])
    assert np.array_equal(a, mdm.sample_with_oracle(table_oracle(law), 4, [1, 1, 1, 1], 30, rng=11))
    assert not np.array_equal(a, mdm.sample_with_oracle(table_oracle(law), 4, [1, 1, 1, 1], 30, rng=12))


def test_block_order_with_exact_conditionals_samples_the_law():
    """Left to right, one token per step: an exact autoregressive sampler (mean of x_3 = x_1 is checked)."""
    mix = mdm.ProductMixture([0.5, 0.5], [[[0.95, 0.05]] * 3, [[0.05, 0.95]] * 3])
    x = mdm.sample_with_oracle(mix, 3, [1, 1, 1], 20_000, blocks=3, rng=0)
    p = mdm.product_mixture_law(mix.weights, mix.marginals)
    agree = p[0, :, 0].sum() + p[1, :, 1].sum()
    assert abs(np.mean(x[:, 0] == x[:, 2]) - agree) < 5 * np.sqrt(agree * (1 - agree) / 20_000)


def test_per_sample_sizes_and_empty_steps(law):
    sizes = np.array([[4, 0], [0, 4], [2, 2]])
    spy = Spy(table_oracle(law))
    x = mdm.sample_with_oracle(spy, 4, sizes, 3, rng=0)
    assert x.shape == (3, 4)
    assert sum(m.shape[0] for m in spy.masks) == 4  # empty steps cost nothing


def test_bernoulli_step_sizes():
    sizes = mdm.bernoulli_step_sizes(mdm.mdlm_reveal_probs(8), 32, 5000, rng=0)
    assert sizes.shape == (5000, 9) and (sizes.sum(axis=1) == 32).all() and (sizes >= 0).all()
    probs = mdm.mdlm_reveal_probs(8)
    still_masked = np.concatenate([[1.0], np.cumprod(1 - probs)[:-1]])
    expected = 32 * still_masked * probs  # expected count at each step
    assert np.abs(sizes[:, :8].mean(axis=0) - expected).max() < 0.15
    assert mdm.bernoulli_step_sizes([1.0], 5, 2, rng=0).tolist() == [[5, 0], [5, 0]]


@pytest.mark.parametrize(
    ("call", "error", "match"),
    [
        (lambda o: mdm.sample_with_oracle(o, 4, [2, 1], 3), ValueError, "sum to n"),
        (lambda o: mdm.sample_with_oracle(o, 4, [1, 3], 3, blocks=2), ValueError, "inside one block"),
        (lambda o: mdm.sample_with_oracle(o, 4, [2, 2], 3, blocks=3), ValueError, "divide"),
        (lambda o: mdm.sample_with_oracle(o, 4, [[2, 2]] * 2, 3), ValueError, "shape"),
        (lambda o: mdm.sample_with_oracle(o, 4, [-1, 5], 3), ValueError, "non-negative"),
        (lambda o: mdm.sample_with_oracle(o, 4, [4], 0), ValueError, "num_samples"),
        (lambda o: mdm.sample_with_oracle(o, 4, [4], 1, rng="a"), TypeError, "rng"),
        (
            lambda o: mdm.sampler_log_likelihood([[0, 1]], lambda x, r: np.full((1, 2, 2), 0.7), [2]),
            ValueError,
            "sum to 1",
        ),
        (lambda o: mdm.sampler_log_likelihood([[0.5, 1, 0, 0]], o, [4]), ValueError, "samples"),
        (lambda o: mdm.bernoulli_step_sizes([1.5], 4, 2), ValueError, "reveal_probs"),
    ],
)
def test_bad_input(law, call, error, match):
    with pytest.raises(error, match=match):
        call(table_oracle(law))


def exact_loss_table(p, oracle):
    """CE(r) (nats) of an oracle on a law, by enumerating every revealed set and context."""
    n, q = p.ndim, p.shape[0]
    ce = np.zeros(n)
    for r in range(n):
        terms = []
        for T in combinations(range(n), r):
            x = np.zeros((q**r, n), dtype=np.int64)
            x[:, list(T)] = list(product(range(q), repeat=r))
            revealed = np.zeros_like(x, dtype=bool)
            revealed[:, list(T)] = True
            probs = oracle(x, revealed)
            for i in sorted(set(range(n)) - set(T)):
                keep = sorted((*T, i))
                joint = p.sum(axis=tuple(a for a in range(n) if a not in keep))
                joint = np.moveaxis(joint, keep.index(i), -1).reshape(q**r, q)
                terms.append(-(joint * np.log(probs[:, i, :])).sum())
        ce[r] = np.mean(terms)
    return ce


def test_the_loss_table_prices_every_schedule_of_any_oracle():
    """E_S KL(mu || nu_hat^S) = sum_t s_t CE(c_t) - H(mu) for an oracle that is not mu's (chapter 9's lemma)."""
    law = mdm.random_law((2, 2, 2, 2), rng=8)
    wrong = mdm.ProductMixture([0.3, 0.7], np.random.default_rng(9).dirichlet(np.ones(2), size=(2, 4)))
    ce = exact_loss_table(law, wrong)
    entropy = -(law * np.log(law)).sum()
    for sizes in ([4], [1, 3], [2, 2], [1, 1, 2], [1, 1, 1, 1]):
        learned = mdm.learned_oracle_kl(law, sizes, oracle=wrong, base=np.e).learned
        starts = np.concatenate([[0], np.cumsum(sizes)[:-1]])
        assert abs(learned - (np.dot(sizes, ce[starts]) - entropy)) < 1e-12
        Z = mdm.curve_from_losses(np.arange(4), ce)  # the lemma's form: relative to one token per step
        one = mdm.learned_oracle_kl(law, [1] * 4, oracle=wrong, base=np.e).learned
        assert abs(learned - one - mdm.expected_kl(Z, sizes, strict=False)) < 1e-12


def test_sampler_log_likelihood_estimates_the_enumerated_error():
    """Monte Carlo over data and orders: mean of -log nu_hat^S(x) - H(mu) against learned_oracle_kl."""
    law = mdm.random_law((2, 3, 2), rng=10)
    wrong = mdm.ProductMixture([0.5, 0.5], np.random.default_rng(11).dirichlet(np.ones(3), size=(2, 3)))

    def oracle(x, revealed):  # the mixture restricted to each position's alphabet, renormalised
        probs = wrong(x, revealed) * np.array([[1, 1, 0], [1, 1, 1], [1, 1, 0]])
        return probs / probs.sum(axis=2, keepdims=True)

    flat = np.random.default_rng(12).choice(law.size, size=20_000, p=law.ravel())
    x = np.stack(np.unravel_index(flat, law.shape), axis=1)
    entropy = -(law * np.log(law)).sum()
    for sizes in ([3], [1, 2]):
        values = -mdm.sampler_log_likelihood(x, oracle, sizes, rng=13, base=np.e) - entropy
        exact = mdm.learned_oracle_kl(law, sizes, oracle=oracle, base=np.e).learned
        assert abs(values.mean() - exact) < 4 * values.std() / np.sqrt(values.size)
