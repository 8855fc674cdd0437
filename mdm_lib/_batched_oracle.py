"""The conditional-marginal oracle of the Monte Carlo estimators, called in batches.

A **conditional oracle** is any callable ``oracle(x, revealed)`` taking a batch
of sequences ``x`` (ints, shape ``(b, n)``, masked entries set to 0) and a
boolean mask ``revealed`` of the same shape, and returning the probabilities of
every symbol at every position given the revealed ones, shape ``(b, n, q)``
(or ``(b, n)`` for a binary alphabet: the probability of symbol 1). Entries at
revealed positions are ignored. Any framework's model can be wrapped in one.

The estimators of :mod:`mdm_lib.estimation` and :mod:`mdm_lib.sampled_kl` share
the loop here: the samples are cut into chunks of whole samples, each chunk's
masks become oracle rows, and each call's answer is validated. Each estimator
records one value (or one row of values) per sample; its mean and standard error
over the samples are the estimate.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from typing import Any

import numpy as np

from ._probability import LOG_FLOOR
from ._validate import as_int

#: A conditional-marginal oracle: ``(x, revealed) -> probabilities`` (see the module notes).
Oracle = Callable[[np.ndarray, np.ndarray], np.ndarray]

#: Default number of oracle rows (sequence, mask) per call.
DEFAULT_BATCH_ROWS = 8192

#: The two-sided 97.5 % quantile of the standard normal law (95 % intervals).
Z_95 = 1.959963984540054


def _progress(total: int, progress: bool, desc: str) -> Any:
    from tqdm import tqdm

    enabled = bool(progress) and sys.stderr.isatty()
    return tqdm(total=total, desc=desc, unit="seq", disable=not enabled, leave=False)


def oracle_probs(oracle: Oracle, x: np.ndarray, revealed: np.ndarray) -> np.ndarray:
    """The oracle's probabilities of every symbol at every position, shape (b, n, q), validated."""
    probs = np.asarray(oracle(np.where(revealed, x, 0), revealed), dtype=np.float64)
    b, n = x.shape
    if probs.shape == (b, n):  # binary: the probability of symbol 1
        probs = np.stack([1.0 - probs, probs], axis=2)
    if probs.ndim != 3 or probs.shape[:2] != (b, n) or probs.shape[2] <= x.max():
        raise ValueError(
            f"oracle must return probabilities of shape (b, n, q) with q > max symbol, or (b, n) for binary "
            f"symbols; got {probs.shape} for x of shape {(b, n)}"
        )
    low, high = probs.min(), probs.max()  # NaN propagates and fails the test below
    if not (low >= -1e-12 and high <= 1 + 1e-9):
        raise ValueError("oracle returned values that are not probabilities (NaN, infinite, negative or > 1)")
    if np.abs(probs.sum(axis=2) - 1.0).max() > 1e-6:
        raise ValueError("oracle returned probabilities that do not sum to 1 over the symbols (within 1e-6)")
    return probs if low >= 0 else np.maximum(probs, 0.0)


def oracle_batches(
    x: np.ndarray,
    oracle: Oracle,
    masks: Callable[[slice, np.ndarray], np.ndarray],
    rows_per_sample: int,
    batch_rows: int,
    progress: bool,
    desc: str,
) -> Iterator[tuple[slice, np.ndarray, np.ndarray, np.ndarray]]:
    """Run the oracle over ``x`` in chunks of whole samples.

    ``masks(chunk, x[chunk])`` returns the revealed masks of a chunk of samples,
    shape ``(c, rows_per_sample, n)``. Yields ``(chunk slice, masks, log_probs, probs)``:
    ``log_probs`` (same shape as the masks) of the observed symbols, natural
    log, and ``probs`` the oracle's full output, shape ``(c, rows_per_sample, n, q)``.
    """
    num, n = x.shape
    per_chunk = max(1, as_int(batch_rows, "batch_rows", low=1) // rows_per_sample)
    with _progress(num, progress, desc) as bar:
        for start in range(0, num, per_chunk):
            chunk = slice(start, min(num, start + per_chunk))
            revealed = masks(chunk, x[chunk])
            c = revealed.shape[0]
            rows_x = np.repeat(x[chunk], rows_per_sample, axis=0)
            probs = oracle_probs(oracle, rows_x, revealed.reshape(c * rows_per_sample, n))
            observed = np.take_along_axis(probs, rows_x[:, :, None], axis=2)[:, :, 0]
            log_p = np.log(np.maximum(observed, LOG_FLOOR)).reshape(c, rows_per_sample, n)
            yield chunk, revealed, log_p, probs.reshape(c, rows_per_sample, n, -1)
            bar.update(c)


def random_ranks(rng: np.random.Generator, c: int, n: int) -> np.ndarray:
    """``rank[s, i]``: the step at which position i is revealed in a uniform order, per sample."""
    return np.argsort(rng.random((c, n)), axis=1).argsort(axis=1)


def mean_and_error(values: np.ndarray, scale: float) -> tuple[np.ndarray, np.ndarray]:
    """Mean over the samples (axis 0) and its standard error, both divided by ``scale``."""
    n = values.shape[0]
    return values.mean(axis=0) / scale, values.std(axis=0, ddof=1) / np.sqrt(n) / scale


def normal_interval(values: np.ndarray, scale: float) -> tuple[float, float, float, float, int]:
    """``(mean, standard error, low, high, count)`` of 1-d per-sample values, in units of ``scale``.

    ``low`` and ``high`` are the ends of the normal 95 % interval.
    """
    mean_array, se_array = mean_and_error(values, scale)
    mean, se = float(mean_array), float(se_array)
    return mean, se, mean - Z_95 * se, mean + Z_95 * se, values.size
