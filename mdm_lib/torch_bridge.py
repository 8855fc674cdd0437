"""Any PyTorch masked model as the library's conditional-marginal oracle.

A masked diffusion network (LLaDA, Dream, MDLM, MD4, or :class:`mdm_lib.MaskedTransformer`) maps a batch of
token ids, with a mask token at the masked positions, to logits over its vocabulary. :func:`torch_oracle`
wraps such a model into the batched oracle of :mod:`mdm_lib.estimation`: ``oracle(x, revealed)`` returns the
probabilities of every symbol at every position, shape ``(b, n, q)``, so that
:func:`mdm_lib.estimate_info_curve`, :func:`mdm_lib.cross_entropy_table`,
:func:`mdm_lib.estimate_schedule_kl`, :func:`mdm_lib.schedule_kl_split`, :func:`mdm_lib.learned_oracle_kl`
and the samplers of :mod:`mdm_lib.oracle_sampler` run on the network.
``torch`` is imported on the first call, not with this module.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from ._validate import as_int

__all__ = ["torch_oracle"]


class _TorchOracle:
    """The callable :func:`torch_oracle` returns (see there)."""

    def __init__(self, model: Any, mask_id: int, symbols: np.ndarray | None, batch_rows: int) -> None:
        self.model = model
        self.mask_id = mask_id
        self.symbols = symbols
        self.batch_rows = batch_rows
        self.columns: np.ndarray | None = None

    def __repr__(self) -> str:
        return f"torch_oracle({type(self.model).__name__}, mask_id={self.mask_id})"

    def _columns(self, n: int) -> np.ndarray:
        """Token ids of the symbols ``0, ..., q - 1``; the first call asks the model its vocabulary size."""
        if self.columns is None:
            import torch

            with torch.inference_mode():
                vocabulary = int(self.model(torch.full((1, n), self.mask_id, dtype=torch.int64)).shape[-1])
            if self.symbols is not None:
                if self.symbols.max() >= vocabulary:
                    raise ValueError(f"symbols must be token ids below the model's {vocabulary} logits")
                self.columns = self.symbols
            else:  # every id but the mask token, in increasing order
                ids = np.arange(vocabulary)
                self.columns = np.delete(ids, self.mask_id) if self.mask_id < vocabulary else ids
        return self.columns

    def __call__(self, x: np.ndarray, revealed: np.ndarray) -> np.ndarray:
        import torch

        x = np.asarray(x)
        revealed = np.asarray(revealed, dtype=bool)
        if x.ndim != 2 or revealed.shape != x.shape or x.dtype.kind not in "iu" or (x.size and x.min() < 0):
            raise ValueError(
                f"x must be a 2-d array of symbols and revealed a mask of its shape, got {x.shape} and "
                f"{revealed.shape}"
            )
        columns = self._columns(x.shape[1])
        shown = np.where(revealed, x, 0)
        if shown.max(initial=0) >= columns.size:
            raise ValueError(f"x holds a revealed symbol >= q = {columns.size}")
        token_ids = np.where(revealed, columns[shown], self.mask_id)
        chunks = []
        with torch.inference_mode():
            for start in range(0, x.shape[0], self.batch_rows):
                ids = token_ids[start : start + self.batch_rows]
                logits = self.model(torch.from_numpy(ids))
                if (
                    logits.ndim != 3
                    or tuple(logits.shape[:2]) != ids.shape
                    or logits.shape[-1] <= columns.max()
                ):
                    raise ValueError(
                        f"model must return logits of shape (b, n, vocabulary), got {tuple(logits.shape)}"
                    )
                kept = logits[..., torch.from_numpy(columns)].to(torch.float64)
                chunks.append(torch.softmax(kept, dim=-1).numpy())
        return np.concatenate(chunks) if chunks else np.zeros((0, x.shape[1], columns.size))


def torch_oracle(
    model: Callable[..., Any],
    mask_id: int,
    *,
    symbols: Sequence[int] | None = None,
    batch_rows: int = 1024,
) -> Callable[[np.ndarray, np.ndarray], np.ndarray]:
    """Wrap a PyTorch masked model into the library's conditional-marginal oracle.

    Symbol ``a`` of the oracle is token id ``symbols[a]`` of the model. A call ``oracle(x, revealed)``
    replaces the masked entries by ``mask_id``, runs the model (under ``torch.inference_mode``, in chunks of
    ``batch_rows`` rows), keeps the logits of the symbols (dropping the mask token's and any other) and
    returns their softmax in float64, as LLaDA's sampler does when it sets the mask token's logit to minus
    infinity. Call ``model.eval()`` first; for results that repeat across machines cast it to float64
    (``model.double()``) and fix torch's thread count (``torch.set_num_threads(1)``).

    Parameters
    ----------
    model : callable
        A torch module (or any callable) mapping int64 token ids of shape ``(b, n)`` to logits of shape
        ``(b, n, vocabulary)``.
    mask_id : int
        The mask token's id, ``>= 0``.
    symbols : sequence of int, optional
        Token ids of the oracle's symbols ``0, ..., q - 1``, distinct and other than ``mask_id``. Default:
        every id below the model's vocabulary size except ``mask_id``, in increasing order (the first call
        runs the model once on a masked row to read that size).
    batch_rows : int, default 1024
        Rows per forward pass.

    Returns
    -------
    callable
        ``oracle(x, revealed) -> numpy.ndarray`` of shape ``(b, n, q)``, float64, rows summing to 1.

    Raises
    ------
    TypeError
        If ``model`` is not callable or ``mask_id``, ``batch_rows`` or a symbol is not an integer.
    ValueError
        If ``mask_id`` is negative, ``symbols`` is empty, repeats an id or holds ``mask_id``, or
        ``batch_rows < 1``. A call raises ``ValueError`` when the model's logits have the wrong shape or a
        revealed symbol has no token id.

    Examples
    --------
    >>> import torch
    >>> class Uniform(torch.nn.Module):  # every symbol equally likely
    ...     def forward(self, tokens):
    ...         return torch.zeros(*tokens.shape, 5)
    >>> oracle = torch_oracle(Uniform(), mask_id=4)
    >>> probs = oracle(np.array([[1, 0, 3]]), np.array([[True, False, False]]))
    >>> probs[0].round(2).tolist()
    [[0.25, 0.25, 0.25, 0.25], [0.25, 0.25, 0.25, 0.25], [0.25, 0.25, 0.25, 0.25]]
    """
    if not callable(model):
        raise TypeError(f"model must be callable (a torch module), got {type(model).__name__}")
    mask_id = as_int(mask_id, "mask_id", low=0)
    batch_rows = as_int(batch_rows, "batch_rows", low=1)
    ids = None
    if symbols is not None:
        ids = np.array([as_int(s, "symbols", low=0) for s in symbols], dtype=np.int64)
        if ids.size == 0 or np.unique(ids).size != ids.size or (ids == mask_id).any():
            raise ValueError("symbols must be distinct token ids, at least one, none equal to mask_id")
    return _TorchOracle(model, mask_id, ids, batch_rows)
