"""PyTorch models as the library's oracle (mdm_lib.torch_oracle), and the estimators that run on them."""

import numpy as np
import pytest
import torch

import mdm_lib as mdm


class TableLogits(torch.nn.Module):
    """Logits that depend on each token: ``table[token]`` plus a position term; records its inputs."""

    def __init__(self, vocabulary, n, seed=0):
        super().__init__()
        gen = torch.Generator().manual_seed(seed)
        self.table = torch.randn(vocabulary, vocabulary, generator=gen, dtype=torch.float64)
        self.position = torch.randn(n, vocabulary, generator=gen, dtype=torch.float64)
        self.seen = []

    def forward(self, tokens):
        self.seen.append(tokens.clone())
        mixed = self.table[tokens].mean(dim=1, keepdim=True)  # every position sees every token
        return mixed + self.position


def softmax(logits):
    e = np.exp(logits - logits.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


def test_matches_a_softmax_over_the_symbols():
    model = TableLogits(vocabulary=5, n=4)
    oracle = mdm.torch_oracle(model, mask_id=2)  # symbols 0, 1, 2, 3 are ids 0, 1, 3, 4
    x = np.array([[0, 2, 3, 1], [3, 3, 0, 0]])
    revealed = np.array([[True, True, False, False], [False, True, True, False]])
    got = oracle(x, revealed)
    ids = np.array([[0, 3, 2, 2], [2, 4, 0, 2]])
    assert np.array_equal(model.seen[-1].numpy(), ids)
    logits = model(torch.from_numpy(ids)).numpy()
    assert np.abs(got - softmax(logits[..., [0, 1, 3, 4]])).max() < 1e-15
    explicit = mdm.torch_oracle(model, mask_id=2, symbols=[4, 0])
    assert (
        np.abs(
            explicit(x % 2, revealed)
            - softmax(
                model(torch.from_numpy(np.where(revealed, np.array([4, 0])[x % 2], 2))).numpy()[..., [4, 0]]
            )
        ).max()
        < 1e-15
    )
    chunked = mdm.torch_oracle(model, mask_id=2, batch_rows=1)
    assert np.array_equal(chunked(x, revealed), got)


def test_estimators_run_on_a_network():
    """A model that ignores its input has a flat curve; Lemma 35 holds exactly for an untrained network."""
    flat = mdm.torch_oracle(TableLogits(4, 6, seed=1), mask_id=3)  # the mean over all tokens: not flat
    torch.manual_seed(0)
    net = mdm.MaskedTransformer(
        mdm.TransformerConfig(q=2, n=3, width=8, layers=1, heads=2, hidden=16)
    ).double()
    oracle = mdm.torch_oracle(net.eval(), net.mask_id)
    law = mdm.random_law((2, 2, 2), rng=4)
    out = mdm.learned_oracle_kl(law, [1, 2], oracle=oracle)
    assert out.largest_gap < 1e-12 and out.oracle_error > 0
    assert abs(out.learned - out.exact - out.oracle_error) < 1e-12
    x = np.random.default_rng(0).integers(0, 2, (20, 3))
    est = mdm.estimate_info_curve(x, oracle, rng=1, progress=False)
    assert est.Z[0] == 0 and np.isfinite(est.tc)
    table = mdm.cross_entropy_table(x, oracle, rng=1, progress=False)
    assert table.cross_entropy.shape == (3,)
    assert flat(np.zeros((2, 6), dtype=int), np.zeros((2, 6), dtype=bool)).shape == (2, 6, 3)


def test_exact_conditionals_in_torch_have_no_error():
    """A torch module that computes a mixture's exact posterior: learned_oracle_kl finds no oracle error."""
    mix = mdm.ProductMixture([0.4, 0.6], [[[0.8, 0.2]] * 3, [[0.3, 0.7]] * 3])

    class Exact(torch.nn.Module):
        def forward(self, tokens):
            x = tokens.numpy()
            probs = mix(np.where(x == 2, 0, x), x != 2)
            return torch.from_numpy(np.log(probs))

    oracle = mdm.torch_oracle(Exact(), mask_id=2)
    out = mdm.learned_oracle_kl(mdm.product_mixture_law(mix.weights, mix.marginals), [2, 1], oracle=oracle)
    assert abs(out.oracle_error) < 1e-12 and abs(out.learned - out.exact) < 1e-12


@pytest.mark.parametrize(
    ("call", "error", "match"),
    [
        (lambda: mdm.torch_oracle("model", 0), TypeError, "callable"),
        (lambda: mdm.torch_oracle(TableLogits(3, 2), -1), ValueError, "mask_id"),
        (lambda: mdm.torch_oracle(TableLogits(3, 2), 2, symbols=[0, 2]), ValueError, "symbols"),
        (lambda: mdm.torch_oracle(TableLogits(3, 2), 2, batch_rows=0), ValueError, "batch_rows"),
        (
            lambda: mdm.torch_oracle(TableLogits(3, 2), 2)(np.array([[0, 2]]), np.ones((1, 2), bool)),
            ValueError,
            "q = 2",
        ),
        (
            lambda: mdm.torch_oracle(lambda t: t, 2)(np.zeros((1, 2), int), np.ones((1, 2), bool)),
            ValueError,
            "logits",
        ),
        (lambda: mdm.learned_oracle_kl([[0.5, 0], [0, 0.5]], [2]), ValueError, "exactly one"),
    ],
)
def test_bad_input(call, error, match):
    with pytest.raises(error, match=match):
        call()
