"""The small transformer masked diffusion model, its training and its files (mdm_lib.networks)."""

import numpy as np
import pytest
import torch

import mdm_lib as mdm

TINY = {"width": 32, "layers": 1, "heads": 2, "hidden": 64}


def shakespeare_batches(n):
    plays = mdm.shakespeare_corpus()
    names = list(plays.documents)[:4]
    return lambda size, rng: plays.random_windows(n, size, names, rng=rng)


def test_short_training_lowers_the_loss():
    """80 steps on Shakespeare: the loss falls well below the start (about log 35 = 3.56 nats) and repeats."""
    config = mdm.TransformerConfig(q=35, n=16, **TINY)
    threads = torch.get_num_threads()
    run = mdm.train_masked_transformer(config, shakespeare_batches(16), steps=80, batch_size=32, seed=3)
    assert torch.get_num_threads() == threads  # restored
    assert abs(run.losses[:5].mean() - np.log(35)) < 0.3
    assert run.losses[-10:].mean() < run.losses[:10].mean() - 0.4
    again = mdm.train_masked_transformer(config, shakespeare_batches(16), steps=80, batch_size=32, seed=3)
    assert np.array_equal(run.losses, again.losses)
    assert (
        run.model.metadata["steps"] == 80 and run.model.metadata["parameters"] == run.model.parameter_count()
    )
    assert not run.model.training


def test_save_and_load_round_trip(tmp_path):
    config = mdm.TransformerConfig(q=4, n=8, **TINY)
    torch.manual_seed(0)
    model = mdm.MaskedTransformer(config)
    model.metadata = {"note": "test", "numbers": [1, 2.5]}
    path = mdm.save_network(tmp_path / "model.pt", model)
    loaded = mdm.load_network(path)
    assert loaded.config == config and loaded.metadata == model.metadata
    tokens = torch.randint(0, 5, (6, 8))
    with torch.inference_mode():
        assert torch.equal(loaded(tokens), model.double()(tokens))  # float32 weights are exact in float64
    assert next(mdm.load_network(path, dtype=torch.float32).parameters()).dtype == torch.float32


def test_bad_input(tmp_path):
    with pytest.raises(ValueError, match="width"):
        mdm.TransformerConfig(q=4, n=8, width=30, heads=4)
    with pytest.raises(ValueError, match="q"):
        mdm.TransformerConfig(q=1, n=8)
    with pytest.raises(TypeError, match="config"):
        mdm.MaskedTransformer({"q": 4, "n": 8})
    config = mdm.TransformerConfig(q=4, n=8, **TINY)
    with pytest.raises(ValueError, match="batches must return"):
        mdm.train_masked_transformer(config, lambda size, rng: np.zeros((size, 7), dtype=int), steps=2)
    with pytest.raises(ValueError, match="batches must return"):
        mdm.train_masked_transformer(config, lambda size, rng: np.full((size, 8), 4), steps=2)
    with pytest.raises(ValueError, match="steps"):
        mdm.train_masked_transformer(config, lambda size, rng: np.zeros((size, 8), dtype=int), steps=0)
    with pytest.raises(FileNotFoundError):
        mdm.load_network(tmp_path / "missing.pt")
    torch.save({"weights": torch.zeros(2)}, tmp_path / "other.pt")
    with pytest.raises(ValueError, match="save_network"):
        mdm.load_network(tmp_path / "other.pt")
    with pytest.raises(TypeError, match="MaskedTransformer"):
        mdm.save_network(tmp_path / "x.pt", torch.nn.Linear(2, 2))


def test_metadata_is_stored_as_plain_json(tmp_path):
    model = mdm.MaskedTransformer(mdm.TransformerConfig(q=2, n=4, **TINY))
    model.metadata = {"torch": torch.__version__}  # a str subclass torch.load would refuse
    loaded = mdm.load_network(mdm.save_network(tmp_path / "m.pt", model))
    assert loaded.metadata == {"torch": str(torch.__version__)}
    model.metadata = {"bad": object()}
    with pytest.raises(TypeError, match="metadata"):
        mdm.save_network(tmp_path / "m.pt", model)
