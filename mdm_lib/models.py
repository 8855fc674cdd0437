"""A small learned masked model over binary sequences, usable as a conditional oracle.

Chapter 08 trains it on samples of a law whose conditionals are known exactly,
to show how far a learned model's curve, predicted error and chosen schedule
are from the truth. It is scikit-learn's ``MLPClassifier`` (imported when a
model is trained) with the masked sequence and the mask as input: 2n inputs
(the revealed values, 0 where masked, and the n mask bits) and n independent
logistic outputs, trained on uniformly random masks.
"""

from __future__ import annotations

import warnings
from typing import Any

import numpy as np
from numpy.typing import ArrayLike

from ._validate import as_int

__all__ = ["MaskedMLP"]


class MaskedMLP:
    """A masked model ``P(X_i = 1 | x_revealed)`` for every position, from one forward pass.

    An instance is a conditional oracle in the sense of
    :mod:`mdm_lib.estimation`: ``model(x, revealed)`` returns the probability
    of symbol 1 at every position, shape (b, n).

    Parameters
    ----------
    hidden : tuple of int, default (128,)
        Hidden layer sizes.
    max_iter : int, default 40
        Training epochs (Adam).
    rng : None, int or numpy.random.Generator
        Seeds the training masks and the network's initial weights (SPEC 7).

    Raises
    ------
    TypeError
        If ``hidden`` is not an iterable of integers, ``max_iter`` is not an integer, or ``rng`` is not
        None, an int seed or a Generator.
    ValueError
        If a hidden layer size or ``max_iter`` is below 1, or ``rng`` is a negative seed.

    Attributes
    ----------
    hidden : tuple of int
        Hidden layer sizes.
    max_iter : int
        Training epochs.
    n : int or None
        Sequence length the model was trained on; None before :meth:`fit`.
    training_loss : float or None
        Final training loss (mean binary cross-entropy per output, nats); None before :meth:`fit`.

    Examples
    --------
    >>> data = np.array([[0, 0, 0], [1, 1, 1]] * 200)
    >>> model = MaskedMLP(hidden=(8,), max_iter=200, rng=0).fit(data)
    >>> p = model(np.array([[1, 0, 0]]), np.array([[True, False, False]]))
    >>> bool(p[0, 1] > 0.9 and p[0, 2] > 0.9)
    True
    """

    def __init__(
        self,
        hidden: tuple[int, ...] = (128,),
        *,
        max_iter: int = 40,
        rng: int | np.random.Generator | None = None,
    ) -> None:
        self.hidden = tuple(as_int(h, "hidden", low=1) for h in hidden)
        self.max_iter = as_int(max_iter, "max_iter", low=1)
        self._rng = np.random.default_rng(rng)
        self._net: Any = None
        self.n: int | None = None
        #: Final training loss (mean binary cross-entropy per output, nats), set by :meth:`fit`.
        self.training_loss: float | None = None

    @staticmethod
    def _features(x: np.ndarray, revealed: np.ndarray) -> np.ndarray:
        return np.concatenate([np.where(revealed, x, 0), revealed], axis=1).astype(np.float64)

    def fit(self, samples: ArrayLike, *, masks_per_sample: int = 4) -> MaskedMLP:
        """Train on ``samples`` (shape (N, n), values 0/1), each under ``masks_per_sample`` random masks.

        A mask reveals ``r`` uniformly random positions, ``r`` uniform in
        ``0, ..., n - 1``, as the estimators and samplers query it.
        """
        from sklearn.neural_network import MLPClassifier

        x = np.asarray(samples)
        if x.ndim != 2 or not np.isin(x, (0, 1)).all():
            raise ValueError(f"samples must be a 2-d array of 0/1 values, got shape {x.shape}")
        masks_per_sample = as_int(masks_per_sample, "masks_per_sample", low=1)
        n = x.shape[1]
        rows = np.repeat(x, masks_per_sample, axis=0).astype(np.int64)
        counts = np.asarray(self._rng.integers(0, n, size=rows.shape[0]))
        revealed = np.argsort(self._rng.random(rows.shape), axis=1).argsort(axis=1) < counts[:, None]
        self._net = MLPClassifier(
            hidden_layer_sizes=self.hidden,
            max_iter=self.max_iter,
            batch_size=256,
            learning_rate_init=2e-3,
            random_state=int(self._rng.integers(2**31 - 1)),
        )
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # ConvergenceWarning at max_iter: a fixed budget is the point
            self._net.fit(self._features(rows, revealed), rows)
        self.n = n
        self.training_loss = float(self._net.loss_) / n
        return self

    def __call__(self, x: ArrayLike, revealed: ArrayLike) -> np.ndarray:
        """``P(X_i = 1 | x_revealed)`` for every row and position; shape (b, n)."""
        if self._net is None:
            raise ValueError("the model is not trained: call fit(samples) first")
        x = np.asarray(x)
        revealed = np.asarray(revealed, dtype=bool)
        if x.ndim != 2 or x.shape[1] != self.n or revealed.shape != x.shape:
            raise ValueError(
                f"x and revealed must both have shape (b, {self.n}), got {x.shape} and {revealed.shape}"
            )
        return np.asarray(self._net.predict_proba(self._features(x, revealed)), dtype=np.float64)
