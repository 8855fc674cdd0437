"""Train chapter 9's masked diffusion networks and write their weights (``make train``).

Run: ``.venv/bin/python trained/train.py [name ...]`` (default: every model of
``spec.py``). Each model is a :class:`mdm_lib.MaskedTransformer` trained on windows at
uniformly random offsets of its training documents, seeded, on one torch thread. The
weights (float32, with the configuration, the settings and the documents as metadata)
go to ``trained/<name>.pt``, the mean loss of every 50 steps to
``trained/<name>_training.csv`` (``step,mean_loss_nats``).
"""

from __future__ import annotations

import sys

import numpy as np
import spec
import torch

import mdm_lib as mdm

LOG_EVERY = 50


def fit(name: str, *, steps: int | None = None, threads: int = 1) -> mdm.TrainingRun:
    """Train one model of ``spec.MODELS`` (``steps`` overrides its number of steps)."""
    model_spec = spec.MODELS[name]
    corpus = model_spec["corpus"]()
    documents = spec.training_documents(name)
    length = model_spec["length"]
    config = mdm.TransformerConfig(q=corpus.q, n=length, **model_spec["shape"])

    def batches(size: int, rng: np.random.Generator) -> np.ndarray:
        return corpus.random_windows(length, size, documents, rng=rng)

    run = mdm.train_masked_transformer(
        config,
        batches,
        steps=model_spec["steps"] if steps is None else steps,
        seed=model_spec["seed"],
        threads=threads,
    )
    run.model.metadata.update(
        corpus=corpus.name,
        alphabet=corpus.alphabet,
        source=corpus.source,
        train_documents=documents,
        validation_documents=model_spec["validation"],
        judge_documents=model_spec["judge"],
        torch_version=str(torch.__version__),
    )
    return run


def train(name: str) -> None:
    """Train one model and write its weights and its training log."""
    run = fit(name)
    mdm.save_network(spec.weights_path(name), run.model)
    starts = np.arange(0, run.losses.size, LOG_EVERY)
    means = [run.losses[s : s + LOG_EVERY].mean() for s in starts]
    np.savetxt(
        spec.FOLDER / f"{name}_training.csv",
        np.column_stack([starts + LOG_EVERY, means]),
        delimiter=",",
        header="step,mean_loss_nats",
        comments="",
        fmt=["%d", "%.6f"],
    )
    print(
        f"{name}: {run.model.parameter_count():,} parameters, {run.losses.size} steps "
        f"in {run.seconds:.0f} s, final loss "
        f"{run.model.metadata['final_loss_nats']:.4f} nats per token"
    )


if __name__ == "__main__":
    for model_name in sys.argv[1:] or list(spec.MODELS):
        train(model_name)
