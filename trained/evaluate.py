"""Evaluate chapter 9's networks and write the tables it reads (``make train``).

Run: ``.venv/bin/python trained/evaluate.py [name ...]`` (default: ``spec.EVALUATED``)
after ``trained/train.py``. Everything runs in float64 on one torch thread and draws
from seeded numpy Generators, so a rerun on the same machine writes the same files.
For each model ``<name>`` it writes, in ``trained/`` (bits, except the loss files):

``<name>_cross_entropy.csv``
    ``revealed,masked,cross_entropy_nats,standard_error_nats``: the per-level loss table
    (:func:`mdm_lib.cross_entropy_table`) of ``ROWS`` held-out windows.
``<name>_records.csv``
    ``masked,cross_entropy_sum``: one record per window of the same ``ROWS``, as LLaDA's
    ``get_log_likelihood`` computes it (:func:`mdm_lib.evaluation_records`: a uniform
    number of masked positions and their summed cross-entropy, in nats).
``<name>_curve.csv``
    ``j,Z_bits,standard_error_bits``: the curve with the model as the oracle
    (:func:`mdm_lib.estimate_info_curve`) on another ``ROWS`` held-out windows.
``<name>_summary.json``
    TC and DTC with standard errors, the loss curve's TC, the any-order loss, the
    numbers of rows and samples, and the seeds.
``<name>_sampling.csv``
    One row per (k, schedule) for k in ``STEPS`` and the optimal schedule (planned on
    the loss curve) and every released rule: Theorem 4's formula on the projected
    loss curve, the measured excess cross-entropy of ``MEASURE_ROWS`` held-out windows
    under the k-step sampler over one token per step, and the judges of ``SAMPLES``
    generated sequences (means and standard errors); a first row judges held-out data.
``<name>_blocks.csv``
    The same for LLaDA's semi-autoregressive blocks at fixed k, beside the optimal
    unblocked schedule.
``<name>_samples.csv``
    Every generated sequence (``experiment,k,schedule,blocks,sample,text``) with its
    judges (``judge_nll_bits``, ``word_share`` for text) and, for the first
    ``OWN_SAMPLES`` of each set, the network's any-order loss (``model_nll_bits``).
    All schedules at one k share orders and uniforms (common random numbers), so they
    can be compared sample by sample.
``<name>_measured.csv``
    ``experiment,k,schedule,blocks,row,excess_bits``: the measured error of every
    schedule on every held-out row (the same rows and orders for all schedules).
"""

from __future__ import annotations

import json
import sys
import time
from typing import Any

import numpy as np
import pandas as pd
import spec
import torch

import mdm_lib as mdm

#: Held-out windows for the loss table (and records) and, separately, for the curve.
ROWS = 1000
#: Held-out windows on which the error of each schedule is measured.
MEASURE_ROWS = 300
#: Generated sequences per (schedule, k); the network scores the first OWN_SAMPLES.
SAMPLES = 256
OWN_SAMPLES = 64
#: Numbers of steps of the sampling experiment, and of the block experiment.
STEPS = (4, 8, 16, 32)
BLOCK_STEPS = (8, 16)
BLOCKS = (1, 2, 4, 8)
#: One seed per use; the sampling seeds are shared by all schedules at one k.
SEEDS = {
    "windows": 10,
    "cross_entropy": 11,
    "records": 12,
    "curve": 13,
    "measure": 14,
    "sample": 15,
    "bernoulli": 16,
    "any_order": 17,
    "bootstrap": 18,
}
BITS = np.log(2)


def mean_and_error(values: np.ndarray) -> tuple[float, float]:
    """Mean and standard error of the finite values."""
    values = values[np.isfinite(values)]
    return float(values.mean()), float(values.std(ddof=1) / np.sqrt(values.size))


class Judges:
    """The judges of one model's samples: a held-out n-gram model, k-mers, and words."""

    def __init__(self, name: str, corpus: mdm.Corpus) -> None:
        model_spec = spec.MODELS[name]
        self.corpus = corpus
        self.ngram = mdm.NgramModel(model_spec["ngram_order"], corpus.q)
        self.ngram.fit(corpus.documents[doc] for doc in model_spec["judge"])
        self.reference = corpus.windows(model_spec["length"], model_spec["judge"])
        self.k = model_spec["kmer"]
        self.vocabulary = corpus.words() if corpus.name == "shakespeare" else None

    def per_sample(self, x: np.ndarray) -> pd.DataFrame:
        """Each sequence's text, n-gram loss per token (bits) and (text) word share."""
        texts = list(self.corpus.decode(x))
        out = pd.DataFrame(
            {"text": texts, "judge_nll_bits": self.ngram.nll_per_token(x)}
        )
        if self.vocabulary is not None:
            out["word_share"] = mdm.word_share(texts, self.vocabulary)
        return out

    def pooled(self, x: np.ndarray) -> dict[str, float]:
        """The k-mer distance of the set from the judge documents, with its error."""
        distance = mdm.kmer_total_variation(
            x, self.reference, self.k, self.corpus.q, rng=SEEDS["bootstrap"]
        )
        return {
            "kmer_tv": distance.total_variation,
            "kmer_tv_se": distance.standard_error,
        }


def rule_sizes(rule: str, n: int, k: int, count: int) -> tuple[np.ndarray, Any]:
    """Sizes for ``count`` sequences (one row each, for random rules) and the rule."""
    steps = mdm.released_rule_steps(rule, n, k)
    if isinstance(steps, mdm.Schedule):
        return np.asarray(steps), steps
    return mdm.bernoulli_step_sizes(steps, n, count, rng=SEEDS["bernoulli"] + k), steps


class Evaluation:
    """Everything measured on one model (see the module notes)."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.model = mdm.load_network(spec.weights_path(name))
        self.oracle = mdm.torch_oracle(self.model, self.model.mask_id, batch_rows=512)
        self.corpus = spec.MODELS[name]["corpus"]()
        self.n = self.model.config.n
        held_out = self.corpus.windows(
            self.n,
            self.model.metadata["validation_documents"],
            count=2 * ROWS + MEASURE_ROWS + SAMPLES,
            rng=SEEDS["windows"],
        )
        self.loss_rows = held_out[:ROWS]
        self.curve_rows = held_out[ROWS : 2 * ROWS]
        self.measure_rows = held_out[2 * ROWS : 2 * ROWS + MEASURE_ROWS]
        self.real_rows = held_out[2 * ROWS + MEASURE_ROWS :]
        self.judges = Judges(name, self.corpus)
        self.reference = np.zeros(MEASURE_ROWS)  # log-likelihood, one token per step
        self.samples: list[pd.DataFrame] = []
        self.measured: list[pd.DataFrame] = []
        self.summary: dict[str, Any] = {
            "model": name,
            "n": self.n,
            "rows": ROWS,
            "measure_rows": MEASURE_ROWS,
            "samples": SAMPLES,
            "own_samples": OWN_SAMPLES,
            "seeds": SEEDS,
        }

    def path(self, what: str) -> str:
        return str(spec.FOLDER / f"{self.name}_{what}")

    def write(self, frame: pd.DataFrame, what: str) -> None:
        frame.to_csv(self.path(what), index=False, float_format="%.10g")

    def losses(self) -> np.ndarray:
        """Per-level loss table and records (nats); returns the loss curve in bits."""
        table = mdm.cross_entropy_table(
            self.loss_rows,
            self.oracle,
            rng=SEEDS["cross_entropy"],
            progress=False,
            base=np.e,
        )
        frame = {
            "revealed": table.revealed,
            "masked": self.n - table.revealed,
            "cross_entropy_nats": table.cross_entropy,
            "standard_error_nats": table.standard_error,
        }
        self.write(pd.DataFrame(frame), "cross_entropy.csv")
        self.records()
        curve = mdm.curve_from_losses(table.revealed, table.cross_entropy) / BITS
        self.summary["any_order_nll_bits_per_token"] = float(
            table.cross_entropy.mean() / BITS
        )
        self.summary["loss_curve_tc_bits"] = float(mdm.curve_total_correlation(curve))
        return curve

    def records(self) -> None:
        """One LLaDA-style record per loss-table window (nats), from its own seed."""
        records = mdm.evaluation_records(
            self.loss_rows, self.oracle, rng=SEEDS["records"], progress=False
        )
        self.write(pd.DataFrame(records._asdict()), "records.csv")

    def curve(self) -> None:
        """The curve with the model as the oracle, with TC and DTC."""
        est = mdm.estimate_info_curve(
            self.curve_rows, self.oracle, rng=SEEDS["curve"], progress=False
        )
        frame = {
            "j": np.arange(1, self.n + 1),
            "Z_bits": est.Z,
            "standard_error_bits": est.standard_error,
        }
        self.write(pd.DataFrame(frame), "curve.csv")
        self.summary.update(
            tc_bits=est.tc,
            tc_standard_error_bits=est.tc_standard_error,
            dtc_bits=est.dtc,
            dtc_standard_error_bits=est.dtc_standard_error,
        )

    def log_likelihood(self, sizes: np.ndarray, blocks: int) -> np.ndarray:
        """log of the k-step sampler's probability of each measured row (bits)."""
        if sizes.ndim == 2:  # a random rule: one row of sizes per held-out sequence
            sizes = sizes[:MEASURE_ROWS]
        return mdm.sampler_log_likelihood(
            self.measure_rows, self.oracle, sizes, blocks=blocks, rng=SEEDS["measure"]
        )

    def measured_error(
        self, sizes: np.ndarray, blocks: int, key: dict[str, Any]
    ) -> dict[str, float]:
        """Excess cross-entropy (bits per window) over one token per step, paired."""
        excess = self.reference - self.log_likelihood(sizes, blocks)
        rows = {**key, "row": np.arange(excess.size), "excess_bits": excess}
        self.measured.append(pd.DataFrame(rows))
        mean, se = mean_and_error(excess)
        return {"measured_kl_bits": mean, "measured_kl_se": se}

    def judged(self, x: np.ndarray, key: dict[str, Any]) -> dict[str, float]:
        """Judges of sequences, the network's any-order loss of some; means, errors."""
        values = self.judges.per_sample(x)
        own = mdm.sampler_log_likelihood(
            x[:OWN_SAMPLES], self.oracle, np.ones(self.n), rng=SEEDS["any_order"]
        )
        values["model_nll_bits"] = np.nan
        values.loc[: OWN_SAMPLES - 1, "model_nll_bits"] = -own / self.n
        numbers = pd.DataFrame({**key, "sample": np.arange(len(values))})
        self.samples.append(pd.concat([numbers, values], axis=1))
        out = self.judges.pooled(x)
        for column in values.columns.drop("text"):
            mean, se = mean_and_error(values[column].to_numpy())
            out[column] = mean
            out[column.removesuffix("_bits") + "_se"] = se
        return out

    def row(
        self, sizes: np.ndarray, blocks: int, seed: int, key: dict[str, Any]
    ) -> dict[str, float]:
        """Measured error, judges and the network's own loss, for one schedule.

        ``sizes`` is one schedule, or one row per sequence (random rules) for at least
        ``SAMPLES`` and ``MEASURE_ROWS`` sequences.
        """
        drawn = sizes if sizes.ndim == 1 else sizes[:SAMPLES]
        x = mdm.sample_with_oracle(
            self.oracle, self.n, drawn, SAMPLES, blocks=blocks, rng=seed
        )
        return self.measured_error(sizes, blocks, key) | self.judged(x, key)

    def sweep(self, curve: np.ndarray) -> None:
        """Optimal and released schedules for every k: predicted, measured, judged."""
        projected = mdm.monotone_projection(curve)
        key = {"experiment": "sweep", "k": 0, "schedule": "held-out data", "blocks": 1}
        rows: list[dict[str, Any]] = [
            {
                "k": 0,
                "schedule": "held-out data",
                "sizes": "",
                **self.judged(self.real_rows, key),
            }
        ]
        for k in STEPS:
            plan = mdm.plan_schedule(curve, k)
            candidates = {"optimal": (np.asarray(plan.sizes), plan.sizes)}
            for rule in mdm.RELEASED_RULES:
                candidates[rule] = rule_sizes(
                    rule, self.n, k, max(SAMPLES, MEASURE_ROWS)
                )
            for schedule, (sizes, steps) in candidates.items():
                start = time.perf_counter()
                counts = isinstance(steps, mdm.Schedule)
                predicted = (
                    mdm.expected_kl(projected, steps)
                    if counts
                    else mdm.bernoulli_expected_kl(projected, steps)
                )
                key = {"experiment": "sweep", "k": k, "schedule": schedule, "blocks": 1}
                rows.append(
                    {
                        "k": k,
                        "schedule": schedule,
                        "sizes": " ".join(map(str, steps)) if counts else "random",
                        "predicted_kl_bits": predicted,
                        **self.row(sizes, 1, SEEDS["sample"] + k, key),
                    }
                )
                seconds = time.perf_counter() - start
                print(f"  {self.name} k={k} {schedule}: {seconds:.0f} s", flush=True)
        self.write(pd.DataFrame(rows), "sampling.csv")

    def blocks(self, curve: np.ndarray) -> None:
        """LLaDA's semi-autoregressive blocks at fixed k, and the optimal schedule."""
        projected = mdm.monotone_projection(curve)
        rows = []
        for k in BLOCK_STEPS:
            plan = mdm.plan_schedule(curve, k)
            configs = [("optimal", 1, plan.sizes)]
            configs += [
                ("llada", b, mdm.llada_schedule(self.n, k, blocks=b)) for b in BLOCKS
            ]
            for schedule, blocks, steps in configs:
                key = {
                    "experiment": "blocks",
                    "k": k,
                    "schedule": schedule,
                    "blocks": blocks,
                }
                seed = SEEDS["sample"] + 100 + k
                rows.append(
                    {
                        "k": k,
                        "schedule": schedule,
                        "blocks": blocks,
                        "block_length": self.n // blocks,
                        "sizes": " ".join(map(str, steps)),
                        "unblocked_prediction_bits": mdm.expected_kl(projected, steps),
                        **self.row(np.asarray(steps), blocks, seed, key),
                    }
                )
                print(
                    f"  {self.name} blocks: k={k}, {schedule} in {blocks}", flush=True
                )
        self.write(pd.DataFrame(rows), "blocks.csv")

    def run(self) -> None:
        start = time.perf_counter()
        curve = self.losses()
        print(f"{self.name}: losses {time.perf_counter() - start:.0f} s", flush=True)
        self.curve()
        print(f"{self.name}: curve {time.perf_counter() - start:.0f} s", flush=True)
        self.reference = self.log_likelihood(np.ones(self.n, dtype=np.int64), 1)
        self.sweep(curve)
        self.blocks(curve)
        self.write(pd.concat(self.samples), "samples.csv")
        self.write(pd.concat(self.measured), "measured.csv")
        self.summary["evaluation_seconds"] = time.perf_counter() - start
        with open(self.path("summary.json"), "w", encoding="utf-8") as handle:
            json.dump(self.summary, handle, indent=1, sort_keys=True)
            handle.write("\n")
        seconds = self.summary["evaluation_seconds"]
        print(f"{self.name}: done in {seconds:.0f} s", flush=True)


if __name__ == "__main__":
    torch.set_num_threads(1)
    for model_name in sys.argv[1:] or spec.EVALUATED:
        Evaluation(model_name).run()
