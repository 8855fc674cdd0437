"""Judges of generated sequences that are not the model: a held-out n-gram model, the corpus's words, k-mers.

A sampler's quality cannot be read off the model that generated it (the model likes its own mistakes). These
judges are fitted on data the network never saw, or on the corpus itself:

* :class:`NgramModel` -- an n-gram model with interpolated absolute discounting (Ney, Essen and Kneser, 1994),
  fitted on held-out documents; a sample's negative log-likelihood per token under it says how much it looks
  like real text or DNA (lower is better);
* :func:`word_share` -- the share of a text's complete words found in the corpus's vocabulary;
* :func:`kmer_total_variation` -- the total-variation distance between the k-mer frequencies of the
  samples and of the data, with a bootstrap standard error (compare it with the distance of as many real
  sequences: a finite sample is never at distance 0).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from typing import NamedTuple

import numpy as np
from numpy.typing import ArrayLike

from ._validate import as_generator, as_int, log_base
from .corpora import split_words

__all__ = ["KmerDistance", "NgramModel", "kmer_frequencies", "kmer_total_variation", "word_share"]


def _as_symbols(sequences: ArrayLike, q: int, name: str) -> np.ndarray:
    arr = np.asarray(sequences)
    if arr.ndim != 2 or arr.shape[1] == 0 or arr.dtype.kind not in "iu":
        raise ValueError(
            f"{name} must be a 2-d array of integer symbols with at least one column, got {arr.shape}"
        )
    if arr.size and (arr.min() < 0 or arr.max() >= q):
        raise ValueError(f"{name} must hold symbols 0..{q - 1}")
    return arr.astype(np.int64)


class NgramModel:
    """An n-gram model with interpolated absolute discounting, for judging generated sequences.

    ``p_0(a) = (c(a) + 1) / (N + q)`` (add-one unigrams) and, for a context ``h`` of ``m`` symbols,
    ``p_m(a | h) = [max(c(h a) - D, 0) + D N_{1+}(h ·) p_{m-1}(a | h')] / c(h ·)``, with ``h'`` the context
    without its first symbol, ``c`` the counts in the training documents and ``N_{1+}(h ·)`` the number of
    distinct symbols seen after ``h``; an unseen context backs off to ``p_{m-1}``. Every ``p_m(· | h)`` sums
    to 1. A sequence is scored from its own symbols only: its first symbol with ``p_0``, its second with one
    symbol of context, and so on up to ``order - 1``.

    Parameters
    ----------
    order : int
        The n of the n-grams, ``1 <= order <= 12``.
    q : int
        Alphabet size, ``>= 2``.
    discount : float, default 0.75
        ``D``, in ``(0, 1)``.

    Returns
    -------
    NgramModel
        Unfitted; call :meth:`fit`.

    Raises
    ------
    ValueError
        If an argument is out of range.
    TypeError
        If ``order`` or ``q`` is not an integer.

    Attributes
    ----------
    order : int
        The n of the n-grams.
    q : int
        Alphabet size.
    discount : float
        The discount ``D``.
    tokens : int
        Number of training symbols (0 before :meth:`fit`).

    Examples
    --------
    >>> model = NgramModel(2, 2).fit([np.array([0, 1] * 50)])   # 0 and 1 alternate
    >>> model.log_prob([[0, 1, 0], [0, 0, 0]]).round(2).tolist()
    [[-0.69, -0.01, -0.01], [-0.69, -4.89, -4.89]]
    """

    def __init__(self, order: int, q: int, *, discount: float = 0.75) -> None:
        self.order = as_int(order, "order", low=1, high=12)
        self.q = as_int(q, "q", low=2)
        self.discount = float(discount)
        if not 0 < self.discount < 1:
            raise ValueError(f"discount must lie in (0, 1), got {discount!r}")
        if self.q ** (self.order) >= 2**62:
            raise ValueError(
                f"q ** order must stay below 2**62 (context codes are int64), got q={q}, order={order}"
            )
        self.tokens = 0
        self._unigram = np.full(self.q, 1.0 / self.q)
        self._tables: list[tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]] = []

    def fit(self, documents: Iterable[ArrayLike]) -> NgramModel:
        """Count the n-grams of ``documents`` (1-d arrays of symbols; n-grams do not cross documents).

        Parameters
        ----------
        documents : iterable of array_like
            Non-empty 1-d arrays of symbols ``0..q-1``.

        Returns
        -------
        NgramModel
            ``self``, fitted.

        Raises
        ------
        ValueError
            If there is no document, or one is not a non-empty 1-d array of symbols.
        """
        docs = [_as_symbols(np.asarray(doc)[None, :], self.q, "documents")[0] for doc in documents]
        if not docs:
            raise ValueError("documents must hold at least one document")
        counts = np.sum([np.bincount(doc, minlength=self.q) for doc in docs], axis=0)
        self.tokens = int(counts.sum())
        self._unigram = (counts + 1.0) / (self.tokens + self.q)
        self._tables = []
        for m in range(1, self.order):
            keys = np.concatenate([self._codes(doc[None, :], m + 1)[0] for doc in docs if doc.size > m])
            grams, gram_counts = np.unique(keys, return_counts=True)
            contexts, first, distinct = np.unique(grams // self.q, return_index=True, return_counts=True)
            totals = np.add.reduceat(gram_counts, first)
            self._tables.append((grams, gram_counts, contexts, totals, distinct))
        return self

    def _codes(self, x: np.ndarray, width: int) -> np.ndarray:
        """Base-q codes of the windows ``x[:, i - width + 1 : i + 1]``, ``i >= width - 1``."""
        code = np.zeros((x.shape[0], x.shape[1] - width + 1), dtype=np.int64)
        for j in range(width):
            code = code * self.q + x[:, j : x.shape[1] - width + 1 + j]
        return code

    def log_prob(self, sequences: ArrayLike) -> np.ndarray:
        """Natural log-probability of every symbol given the preceding ones of its sequence; shape (b, n).

        Parameters
        ----------
        sequences : array_like of int, shape (b, n)
            Symbols ``0..q-1``.

        Returns
        -------
        numpy.ndarray, shape (b, n)

        Raises
        ------
        ValueError
            If the model is not fitted or ``sequences`` is not a 2-d array of symbols.
        """
        if self.tokens == 0:
            raise ValueError("the model is not fitted: call fit(documents) first")
        x = _as_symbols(sequences, self.q, "sequences")
        p = self._unigram[x]
        for m, (grams, gram_counts, contexts, totals, distinct) in enumerate(self._tables, start=1):
            if x.shape[1] <= m:
                break
            gram = self._codes(x, m + 1)
            context = gram // self.q
            c_gram = _lookup(grams, gram_counts, gram)
            where = np.searchsorted(contexts, context).clip(max=contexts.size - 1)
            seen = contexts[where] == context
            c_context = np.where(seen, totals[where], 0)
            n_distinct = np.where(seen, distinct[where], 0)
            lower = p[:, m:]
            mixed = (
                np.maximum(c_gram - self.discount, 0.0) + self.discount * n_distinct * lower
            ) / np.maximum(c_context, 1)
            p[:, m:] = np.where(seen, mixed, lower)
        return np.log(p)

    def nll_per_token(self, sequences: ArrayLike, *, base: float = 2) -> np.ndarray:
        """Each sequence's negative log-likelihood per symbol, in units of ``base`` (bits by default).

        Parameters
        ----------
        sequences : array_like of int, shape (b, n)
            Symbols ``0..q-1``.
        base : float, default 2
            Logarithm base.

        Returns
        -------
        numpy.ndarray, shape (b,)

        Raises
        ------
        ValueError
            As :meth:`log_prob`, or for an invalid ``base``.

        Examples
        --------
        >>> model = NgramModel(1, 4).fit([np.arange(4)])  # uniform: 2 bits a symbol
        >>> model.nll_per_token([[0, 1, 2, 3]]).tolist()
        [2.0]
        """
        return -self.log_prob(sequences).mean(axis=1) / log_base(base)


def _lookup(keys: np.ndarray, values: np.ndarray, query: np.ndarray) -> np.ndarray:
    """``values`` at ``query`` in the sorted ``keys``, 0 where absent."""
    where = np.searchsorted(keys, query).clip(max=keys.size - 1)
    return np.where(keys[where] == query, values[where], 0)


def word_share(texts: Sequence[str], vocabulary: Iterable[str]) -> np.ndarray:
    """The share of each text's complete words that are in ``vocabulary``.

    Words are maximal runs of letters and apostrophes (:func:`mdm_lib.split_words`). A word that touches
    either end of the text may be cut by the window and is not counted. A text with no complete word gets NaN.

    Parameters
    ----------
    texts : sequence of str
        Lower-case texts (e.g. decoded samples).
    vocabulary : iterable of str
        The known words (e.g. :meth:`mdm_lib.Corpus.words`).

    Returns
    -------
    numpy.ndarray, shape (len(texts),)
        Shares in ``[0, 1]``, or NaN.

    Raises
    ------
    TypeError
        If ``texts`` is one string or holds a non-string.

    Examples
    --------
    >>> words = {"the", "king", "and", "queen"}
    >>> word_share(["ll the king and qeen o", "abc"], words).tolist()
    [0.75, nan]
    """
    if isinstance(texts, str):
        raise TypeError("texts must be a sequence of strings, not one string")
    known = frozenset(vocabulary)
    shares = np.full(len(texts), np.nan)
    for s, text in enumerate(texts):
        if not isinstance(text, str):
            raise TypeError(f"texts must hold strings, got {type(text).__name__}")
        inner = text
        if inner[:1].isalpha() or inner[:1] == "'":
            inner = inner.lstrip("abcdefghijklmnopqrstuvwxyz'")
        if inner[-1:].isalpha() or inner[-1:] == "'":
            inner = inner.rstrip("abcdefghijklmnopqrstuvwxyz'")
        words = split_words(inner)
        if words:
            shares[s] = sum(word in known for word in words) / len(words)
    return shares


def kmer_frequencies(sequences: ArrayLike, k: int, q: int) -> np.ndarray:
    """Relative frequencies of the ``q**k`` k-mers over all windows of length k inside the rows.

    Parameters
    ----------
    sequences : array_like of int, shape (b, n)
        Symbols ``0..q-1``, ``n >= k``.
    k : int
        k-mer length, ``1 <= k <= n``, ``q**k <= 2**24``.
    q : int
        Alphabet size.

    Returns
    -------
    numpy.ndarray, shape (q**k,)
        Frequencies summing to 1; k-mer ``(a_1, ..., a_k)`` at index ``sum_j a_j q**(k - j)``.

    Raises
    ------
    ValueError
        If ``sequences`` is not a 2-d array of symbols or ``k`` is out of range.

    Examples
    --------
    >>> kmer_frequencies([[0, 1, 1]], 2, 2).tolist()    # 01 and 11
    [0.0, 0.5, 0.0, 0.5]
    """
    q = as_int(q, "q", low=2)
    x = _as_symbols(sequences, q, "sequences")
    k = as_int(k, "k", low=1, high=x.shape[1])
    if q**k > 1 << 24:
        raise ValueError(f"q**k = {q**k:,} k-mers is too many (limit {1 << 24:,})")
    code = np.zeros((x.shape[0], x.shape[1] - k + 1), dtype=np.int64)
    for j in range(k):
        code = code * q + x[:, j : x.shape[1] - k + 1 + j]
    counts = np.bincount(code.ravel(), minlength=q**k)
    return counts / counts.sum()


class KmerDistance(NamedTuple):
    """The total-variation distance between k-mer frequencies, with a bootstrap standard error.

    Attributes
    ----------
    total_variation : float
        ``(1/2) sum |f_samples - f_reference|``, in ``[0, 1]``.
    standard_error : float
        Standard deviation of the distance over bootstrap resamples of the sample rows (NaN without
        resamples).

    Raises
    ------
    TypeError
        If a field is missing; the fields are not validated (:func:`kmer_total_variation` computes them).
    """

    total_variation: float
    """Total-variation distance between the two k-mer frequency vectors."""
    standard_error: float
    """Its bootstrap standard error over the sample rows."""


def kmer_total_variation(
    samples: ArrayLike,
    reference: ArrayLike,
    k: int,
    q: int,
    *,
    bootstrap: int = 200,
    rng: int | np.random.Generator | None = None,
) -> KmerDistance:
    """Total-variation distance between the k-mer frequencies of samples and of reference data.

    Parameters
    ----------
    samples : array_like of int, shape (b, n)
        Generated sequences.
    reference : array_like of int, shape (b', n')
        Real sequences (or one long row of data).
    k : int
        k-mer length.
    q : int
        Alphabet size.
    bootstrap : int, default 200
        Bootstrap resamples of the sample rows for the standard error (0: none).
    rng : None, int or numpy.random.Generator
        Draws the resamples.

    Returns
    -------
    KmerDistance

    Raises
    ------
    ValueError
        As :func:`kmer_frequencies`, or if ``bootstrap < 0``.

    Examples
    --------
    >>> distance = kmer_total_variation([[0, 0, 0]], [[0, 1, 0, 1]], 1, 2, bootstrap=0)
    >>> distance.total_variation
    0.5
    """
    bootstrap = as_int(bootstrap, "bootstrap", low=0)
    reference_freq = kmer_frequencies(reference, k, q)
    x = _as_symbols(samples, q, "samples")
    distance = 0.5 * float(np.abs(kmer_frequencies(x, k, q) - reference_freq).sum())
    if bootstrap == 0:
        return KmerDistance(distance, math.nan)
    gen = as_generator(rng)
    resampled = [
        0.5
        * np.abs(kmer_frequencies(x[gen.integers(0, x.shape[0], x.shape[0])], k, q) - reference_freq).sum()
        for _ in range(bootstrap)
    ]
    return KmerDistance(distance, float(np.std(resampled, ddof=1)) if bootstrap > 1 else math.nan)
