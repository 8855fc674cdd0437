"""Speed of the chapter 9 networks: training, the loss table, and the chapter itself.

Targets (issue 16): training <= 5 min per model on one CPU thread; the cross-entropy
table of 1,000 held-out windows (32,000 forward rows, float64) <= 15 s; chapter 9
executes in <= 3 min from the committed weights.

* Training: each model of ``trained/spec.py`` is trained in memory with its own
  settings (the committed weights are not touched); beside it, 50 steps on torch's
  default thread count, the reference that one thread replaces.
* Loss table: :func:`mdm_lib.cross_entropy_table` on 1,000 held-out windows through
  :func:`mdm_lib.torch_oracle`, against the bare forward passes over the same 32,000
  rows (the floor), in float64 (as the book runs it, reproducible across machines) and
  in float32 (as training code usually runs it).
* Chapter: ``jupyter execute`` of ``notebooks/09_network.ipynb`` into a temporary copy
  (figures into a temporary folder).

The machine is shared: expect noise of tens of percent. Prints a markdown table and
writes it to ``benchmarks/results/network_speed.md``.

Run: ``.venv/bin/python benchmarks/network_speed.py``
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd
import torch
from _common import best_time, target_cell, write_table

import mdm_lib as mdm

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "trained"))
import spec  # noqa: E402
import train  # noqa: E402

REFERENCE_STEPS = 50
#: Torch's default thread count on this machine (read before anything sets it).
DEFAULT_THREADS = torch.get_num_threads()


def training_row(name: str) -> dict[str, object]:
    run = train.fit(name)
    default = train.fit(name, steps=REFERENCE_STEPS, threads=DEFAULT_THREADS)
    return {
        "network": f"`{name}`",
        "steps": run.losses.size,
        "seconds (1 thread)": run.seconds,
        "ms/step (1 thread)": 1e3 * run.seconds / run.losses.size,
        f"ms/step ({DEFAULT_THREADS} threads)": 1e3 * default.seconds / REFERENCE_STEPS,
        "target": target_cell(run.seconds, 300, "s"),
    }


def loss_table_rows() -> list[dict[str, object]]:
    """The loss table of 1,000 held-out windows in float64 (as the book) and float32."""
    rows = []
    for dtype, label in ((torch.float64, "float64"), (torch.float32, "float32")):
        model = mdm.load_network(spec.weights_path("shakespeare"), dtype=dtype)
        corpus = mdm.shakespeare_corpus()
        n = model.config.n
        windows = model.metadata["validation_documents"]
        held_out = corpus.windows(n, windows, count=1000, rng=0)
        oracle = mdm.torch_oracle(model, model.mask_id, batch_rows=512)
        seconds, _ = best_time(
            lambda oracle=oracle, held_out=held_out: mdm.cross_entropy_table(
                held_out, oracle, rng=1, progress=False
            )
        )
        masks = np.random.default_rng(2).random((held_out.shape[0] * n, n)) < 0.5
        tokens = np.where(masks, np.repeat(held_out, n, axis=0), model.mask_id)
        ids = torch.from_numpy(tokens)

        def bare(model=model, ids=ids) -> None:
            with torch.inference_mode():
                for start in range(0, ids.shape[0], 512):
                    model(ids[start : start + 512])

        floor, _ = best_time(bare)
        rows.append(
            {
                "what": f"loss table, 1,000 windows, {label}",
                "seconds": seconds,
                "forward passes alone (s)": floor,
                "ratio": seconds / floor,
                "target": target_cell(seconds, 15, "s"),
            }
        )
    return rows


def chapter_row() -> dict[str, object]:
    """Execute the chapter into a temporary copy, its figures into a temporary one."""
    with tempfile.TemporaryDirectory() as folder:
        start = time.perf_counter()
        subprocess.run(
            [
                str(Path(sys.executable).parent / "jupyter"),
                "execute",
                str(ROOT / "notebooks" / "09_network.ipynb"),
                "--output",
                str(Path(folder) / "09_network.ipynb"),
            ],
            check=True,
            capture_output=True,
            env=os.environ | {"MDM_FIGURES_DIR": folder},
        )
        seconds = time.perf_counter() - start
    return {
        "what": "chapter 9, `jupyter execute`",
        "seconds": seconds,
        "forward passes alone (s)": np.nan,
        "ratio": np.nan,
        "target": target_cell(seconds, 180, "s"),
    }


def main() -> None:
    training = pd.DataFrame([training_row(name) for name in spec.MODELS])
    torch.set_num_threads(1)
    others = pd.DataFrame([*loss_table_rows(), chapter_row()])
    for column in training.columns[2:5]:
        training[column] = training[column].map("{:.0f}".format)
    others["seconds"] = others["seconds"].map("{:.1f}".format)
    others["forward passes alone (s)"] = others["forward passes alone (s)"].map(
        lambda v: "" if np.isnan(v) else f"{v:.1f}"
    )
    others["ratio"] = others["ratio"].map(lambda r: "" if np.isnan(r) else f"{r:.2f}")
    write_table(
        "network_speed",
        "Chapter 9's networks: training, the loss table and the chapter, on",
        training,
        others,
        note="Training repeats `trained/train.py` in memory with the committed "
        "settings, beside the same loop on torch's default thread count (per step). "
        "The loss table scores 32,000 rows (1,000 held-out windows, every number of "
        "revealed tokens) through `torch_oracle`, against the bare forward passes over "
        "the same rows; the chapter runs from the committed files, start-up included.",
    )


if __name__ == "__main__":
    main()
