"""The masked diffusion sampler driven by any oracle: its draws and its likelihood of given sequences.

:func:`mdm_lib.sample` runs the sampler of Definition 1 with a law's exact conditionals, from a full table.
Here the conditionals come from any batched oracle (see :mod:`mdm_lib.estimation`; a network through
:func:`mdm_lib.torch_oracle`), so the sampler ``ν̂^S`` of Lemma 35 runs at any ``n``:

* :func:`sample_with_oracle` draws sequences: step ``t`` reveals the positions of ranks
  ``c_t <= rank < c_t + s_t`` of a random order, each drawn from the oracle's conditional given the earlier
  steps, independently of the others in the step;
* :func:`sampler_log_likelihood` gives ``log ν̂^S(x)`` of given sequences for a random order. Its mean over
  held-out data is ``-H(μ) - E_S KL(μ || ν̂^S)``, so differences between schedules measure differences of
  their errors; with one token per step it is the any-order log-likelihood;
* :func:`bernoulli_step_sizes` draws the random step sizes of the per-token rules (MDLM, MD4, Dream's
  ``origin``).

Orders are uniformly random (Theorem 4's sampler) or, with ``blocks > 1``, semi-autoregressive as in LLaDA:
the positions are cut into ``blocks`` equal blocks, revealed left to right, each in a uniformly random order,
and every step must lie inside one block. Theorem 4 does not cover block orders.

Randomness is drawn from a numpy Generator in a fixed order: one uniform key per position (the order), then,
when sampling, one uniform per position (its value, by inverse CDF on float64 probabilities). Two calls with
the same seed therefore share orders and uniforms across schedules: common random numbers, which make
differences between schedules far less noisy than the schedules' own results.
"""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np
from numpy.typing import ArrayLike

from ._batched_oracle import DEFAULT_BATCH_ROWS, Oracle, oracle_probs
from ._probability import LOG_FLOOR, inverse_cdf
from ._validate import as_float_array, as_generator, as_int, as_samples, log_base

__all__ = [
    "bernoulli_step_sizes",
    "sample_with_oracle",
    "sampler_log_likelihood",
]


def _as_step_sizes(sizes: ArrayLike, n: int, rows: int, blocks: int) -> np.ndarray:
    """Step sizes as an int array of shape (rows, k): one schedule for all rows, or one per row."""
    arr = as_float_array(sizes, "sizes")
    if arr.ndim == 1:
        arr = np.broadcast_to(arr, (rows, arr.size))
    if arr.ndim != 2 or arr.shape[0] != rows or arr.shape[1] == 0:
        raise ValueError(
            f"sizes must have shape (k,) or ({rows}, k) with k >= 1, got shape {np.shape(sizes)}"
        )
    if (arr < 0).any() or (arr != np.round(arr)).any():
        raise ValueError("sizes must be non-negative whole numbers")
    out = arr.astype(np.int64)
    if (out.sum(axis=1) != n).any():
        raise ValueError(f"sizes must sum to n = {n} (in every row)")
    if blocks > 1:
        ends = np.cumsum(out, axis=1)
        boundaries = np.arange(1, blocks + 1) * (n // blocks)
        if not all(np.isin(boundaries, row).all() for row in ends):
            raise ValueError(
                f"with blocks = {blocks} every step must lie inside one block of {n // blocks} positions: "
                f"the cumulative sizes must pass through {boundaries.tolist()}"
            )
    return out


def _check_blocks(blocks: int, n: int) -> int:
    blocks = as_int(blocks, "blocks", low=1, high=n)
    if n % blocks:
        raise ValueError(f"blocks must divide n = {n}, got {blocks}")
    return blocks


def _reveal_ranks(keys: np.ndarray, blocks: int) -> np.ndarray:
    """``rank[s, i]``: when position i is revealed. Uniform within each block, blocks left to right."""
    rows, n = keys.shape
    length = n // blocks
    within = np.argsort(keys.reshape(rows, blocks, length), axis=2).argsort(axis=2)
    return (within + np.arange(blocks)[None, :, None] * length).reshape(rows, n)


def _step_rows(
    ranks: np.ndarray, sizes: np.ndarray, batch_rows: int
) -> Iterator[tuple[np.ndarray, np.ndarray, np.ndarray]]:
    """For each step, chunks of the rows whose step is not empty: ``(rows, revealed, step)``."""
    starts = np.concatenate([np.zeros((sizes.shape[0], 1), dtype=np.int64), np.cumsum(sizes, axis=1)], axis=1)
    for t in range(sizes.shape[1]):
        active = np.flatnonzero(sizes[:, t] > 0)
        for begin in range(0, active.size, batch_rows):
            rows = active[begin : begin + batch_rows]
            rank = ranks[rows]
            revealed = rank < starts[rows, t, None]
            yield rows, revealed, ~revealed & (rank < starts[rows, t + 1, None])


def sample_with_oracle(
    oracle: Oracle,
    n: int,
    sizes: ArrayLike,
    num_samples: int,
    *,
    blocks: int = 1,
    rng: int | np.random.Generator | None = None,
    batch_rows: int = DEFAULT_BATCH_ROWS,
) -> np.ndarray:
    """Draw sequences from the masked diffusion sampler with an oracle's conditionals and a schedule.

    Parameters
    ----------
    oracle : callable
        ``oracle(x, revealed) -> probabilities`` of shape ``(b, n, q)`` (or ``(b, n)`` for binary
        symbols), as in :mod:`mdm_lib.estimation`.
    n : int
        Sequence length, ``>= 1``.
    sizes : array_like of int, shape (k,) or (num_samples, k)
        Step sizes summing to n: one schedule for every sample, or one row per sample (random rules,
        :func:`bernoulli_step_sizes`). Empty steps cost no oracle call.
    num_samples : int
        Number of sequences, ``>= 1``.
    blocks : int, default 1
        Semi-autoregressive blocks (module notes); must divide n, and each step must lie inside one block.
    rng : None, int or numpy.random.Generator
        Draws the orders, then the values (module notes; SPEC 7).
    batch_rows : int, default 8192
        Rows per oracle call.

    Returns
    -------
    numpy.ndarray of int64, shape (num_samples, n)

    Raises
    ------
    ValueError
        If the sizes are negative, do not sum to n, or cross a block boundary; if ``blocks`` does not divide
        n; or if the oracle returns the wrong shape or values that are not probabilities.
    TypeError
        If an argument has the wrong type.

    Examples
    --------
    >>> from mdm_lib import ProductMixture
    >>> twins = ProductMixture([0.5, 0.5], [[[1, 0]] * 4, [[0, 1]] * 4])  # 4 equal bits
    >>> x = sample_with_oracle(twins, 4, [1, 3], 6, rng=0)
    >>> bool((x == x[:, :1]).all())  # one token first, then the rest agree with it
    True
    >>> x = sample_with_oracle(twins, 4, [4], 200, rng=0)  # all at once: mismatches
    >>> bool((x.std(axis=1) > 0).any())
    True
    """
    n = as_int(n, "n", low=1)
    num_samples = as_int(num_samples, "num_samples", low=1)
    blocks = _check_blocks(blocks, n)
    steps = _as_step_sizes(sizes, n, num_samples, blocks)
    batch_rows = as_int(batch_rows, "batch_rows", low=1)
    gen = as_generator(rng)
    ranks = _reveal_ranks(gen.random((num_samples, n)), blocks)
    uniforms = gen.random((num_samples, n))
    x = np.zeros((num_samples, n), dtype=np.int64)
    for rows, revealed, step in _step_rows(ranks, steps, batch_rows):
        probs = oracle_probs(oracle, x[rows], revealed)
        x[rows] = np.where(step, inverse_cdf(probs, uniforms[rows]), x[rows])
    return x


def sampler_log_likelihood(
    samples: ArrayLike,
    oracle: Oracle,
    sizes: ArrayLike,
    *,
    blocks: int = 1,
    rng: int | np.random.Generator | None = None,
    batch_rows: int = DEFAULT_BATCH_ROWS,
    base: float = 2,
) -> np.ndarray:
    """``log ν̂^S(x)`` of each sequence, for one random order per sequence (uniform, or in blocks).

    ``ν̂^S(x) = prod_t prod_{i in S_t} p(x_i | x_{S_1 ∪ ... ∪ S_{t-1}})`` with the oracle's conditionals
    ``p``. Averaged over held-out sequences ``x ~ μ`` and orders, ``-log ν̂^S(x)`` estimates
    ``H(μ) + E_S KL(μ || ν̂^S)`` (the cross-entropy of the data under the k-step sampler), so the difference
    between two schedules estimates the difference of their errors. One step per token (``sizes = [1] * n``)
    gives the any-order log-likelihood, whose mean is ``-sum_r CE(r)`` over the per-level cross-entropies of
    :func:`mdm_lib.cross_entropy_table`. Each sequence costs one oracle row per non-empty step.

    Parameters
    ----------
    samples : array_like, shape (N, n)
        Sequences of symbols.
    oracle : callable
        As in :func:`sample_with_oracle`.
    sizes : array_like of int, shape (k,) or (N, k)
        The schedule (one, or one per sequence).
    blocks : int, default 1
        Semi-autoregressive blocks, as in :func:`sample_with_oracle`.
    rng : None, int or numpy.random.Generator
        Draws the orders (the same orders as :func:`sample_with_oracle` with the same seed).
    batch_rows : int, default 8192
        Rows per oracle call.
    base : float, default 2
        Logarithm base of the result (2: bits).

    Returns
    -------
    numpy.ndarray, shape (N,)
        ``log ν̂^S(x)`` in units of ``base`` (at most 0).

    Raises
    ------
    ValueError
        If the samples are not a 2-d array of symbols, the sizes or blocks are invalid (as in
        :func:`sample_with_oracle`), or the oracle returns bad values.
    TypeError
        If an argument has the wrong type.

    Examples
    --------
    >>> from mdm_lib import ProductMixture
    >>> twins = ProductMixture([0.5, 0.5], [[[1, 0]] * 4, [[0, 1]] * 4])
    >>> sampler_log_likelihood([[1, 1, 1, 1]], twins, [1, 3], rng=0).tolist()  # 1 bit
    [-1.0]
    >>> sampler_log_likelihood([[1, 1, 1, 1]], twins, [2, 2], rng=0).tolist()  # 2 bits
    [-2.0]
    """
    x = as_samples(samples)
    num, n = x.shape
    blocks = _check_blocks(blocks, n)
    steps = _as_step_sizes(sizes, n, num, blocks)
    batch_rows = as_int(batch_rows, "batch_rows", low=1)
    scale = log_base(base)
    ranks = _reveal_ranks(as_generator(rng).random((num, n)), blocks)
    total = np.zeros(num)
    for rows, revealed, step in _step_rows(ranks, steps, batch_rows):
        probs = oracle_probs(oracle, x[rows], revealed)
        observed = np.take_along_axis(probs, x[rows][:, :, None], axis=2)[:, :, 0]
        total[rows] += np.where(step, np.log(np.maximum(observed, LOG_FLOOR)), 0.0).sum(axis=1)
    return total / scale


def bernoulli_step_sizes(
    reveal_probs: ArrayLike, n: int, num_samples: int, *, rng: int | np.random.Generator | None = None
) -> np.ndarray:
    """Random step sizes of a per-token rule: a masked token is revealed at step t with probability ``β_t``.

    The count revealed at step t is ``Binomial(n - c_t, β_t)`` given the ``c_t`` revealed before; tokens still
    masked after the last step are revealed in one final step, as :func:`mdm_lib.bernoulli_expected_kl`
    assumes (the released samplers fill them in at the end). The result feeds :func:`sample_with_oracle` and
    :func:`sampler_log_likelihood`.

    Parameters
    ----------
    reveal_probs : array_like, shape (K,)
        Per-step reveal probabilities in ``[0, 1]`` (e.g. :func:`mdm_lib.mdlm_reveal_probs`).
    n : int
        Sequence length, ``>= 1``.
    num_samples : int
        Number of independent draws, ``>= 1``.
    rng : None, int or numpy.random.Generator
        Draws the counts.

    Returns
    -------
    numpy.ndarray of int64, shape (num_samples, K + 1)
        Each row sums to n; the last column is the final clean-up step (usually 0).

    Raises
    ------
    ValueError
        If a probability lies outside ``[0, 1]`` or ``n`` or ``num_samples`` is below 1.
    TypeError
        If an argument has the wrong type.

    Examples
    --------
    >>> bernoulli_step_sizes([0.5, 1.0], 8, 3, rng=0).tolist()
    [[5, 3, 0], [3, 5, 0], [2, 6, 0]]
    """
    probs = as_float_array(reveal_probs, "reveal_probs").reshape(-1)
    if probs.size == 0 or not ((probs >= 0) & (probs <= 1)).all():
        raise ValueError("reveal_probs must be a non-empty list of probabilities in [0, 1]")
    n = as_int(n, "n", low=1)
    num_samples = as_int(num_samples, "num_samples", low=1)
    gen = as_generator(rng)
    sizes = np.zeros((num_samples, probs.size + 1), dtype=np.int64)
    masked = np.full(num_samples, n, dtype=np.int64)
    for t, beta in enumerate(probs):
        sizes[:, t] = gen.binomial(masked, beta)
        masked -= sizes[:, t]
    sizes[:, -1] = masked
    return sizes
