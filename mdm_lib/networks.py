"""A small bidirectional transformer masked diffusion model, its training, and its files (PyTorch).

This module imports ``torch``; ``import mdm_lib`` does not, and loads this module on first use of one of
its names. The model is a pre-norm transformer encoder without causal mask: it reads a sequence of ``n``
tokens, each a symbol ``0, ..., q - 1`` or the mask token ``q``, and returns logits over the ``q`` symbols at
every position. Positional embeddings are learned and start at standard deviation 1: at the usual 0.02 a model
this small stayed at the unigram loss.

Training follows the masked diffusion objective of LLaDA and MDLM with a count-uniform mask: each row masks
``m`` uniformly random positions, ``m`` uniform in ``1, ..., n``, and the loss is the mean cross-entropy over
the masked positions, averaged over rows. Its expectation is ``(1/n) sum_r CE(r)``, the mean of the per-level
cross-entropies that :func:`mdm_lib.cross_entropy_table` measures, i.e. the any-order negative log-likelihood
per token. Training is seeded: ``torch.manual_seed`` for the initial weights, a numpy Generator for the
batches and masks, and one torch thread by default, so a run repeats exactly on the same machine.
"""

from __future__ import annotations

import json
import math
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, NamedTuple

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

from ._validate import as_generator, as_int, as_positive_float

__all__ = [
    "MaskedTransformer",
    "TrainingRun",
    "TransformerConfig",
    "load_network",
    "save_network",
    "train_masked_transformer",
]


@dataclass(frozen=True)
class TransformerConfig:
    """The shape of a :class:`MaskedTransformer`.

    Parameters
    ----------
    q : int
        Number of symbols, ``>= 2``; the mask token is ``q``.
    n : int
        Sequence length, ``>= 1``.
    width : int, default 64
        Embedding width, a multiple of ``heads``.
    layers : int, default 3
        Transformer blocks.
    heads : int, default 4
        Attention heads per block.
    hidden : int, default 256
        Width of the feed-forward layer of a block.

    Returns
    -------
    TransformerConfig

    Raises
    ------
    ValueError
        If a size is below its minimum or ``width`` is not a multiple of ``heads``.
    TypeError
        If a size is not an integer.

    Attributes
    ----------
    q, n, width, layers, heads, hidden : int
        As given.

    Examples
    --------
    >>> TransformerConfig(q=4, n=32).width
    64
    """

    q: int
    n: int
    width: int = 64
    layers: int = 3
    heads: int = 4
    hidden: int = 256

    def __post_init__(self) -> None:
        for name, low in (("q", 2), ("n", 1), ("width", 1), ("layers", 1), ("heads", 1), ("hidden", 1)):
            as_int(getattr(self, name), name, low=low)
        if self.width % self.heads:
            raise ValueError(f"width must be a multiple of heads, got width={self.width}, heads={self.heads}")


class _Block(nn.Module):
    """One pre-norm transformer block: self-attention over all positions, then a SiLU feed-forward layer."""

    def __init__(self, width: int, heads: int, hidden: int) -> None:
        super().__init__()
        self.heads = heads
        self.norm1 = nn.LayerNorm(width)
        self.qkv = nn.Linear(width, 3 * width)
        self.out = nn.Linear(width, width)
        self.norm2 = nn.LayerNorm(width)
        self.fc1 = nn.Linear(width, hidden)
        self.fc2 = nn.Linear(hidden, width)

    def forward(self, h: torch.Tensor) -> torch.Tensor:
        b, n, width = h.shape
        qkv = self.qkv(self.norm1(h)).view(b, n, 3, self.heads, width // self.heads).permute(2, 0, 3, 1, 4)
        attended = F.scaled_dot_product_attention(qkv[0], qkv[1], qkv[2])
        h = h + self.out(attended.transpose(1, 2).reshape(b, n, width))
        return h + self.fc2(F.silu(self.fc1(self.norm2(h))))


class MaskedTransformer(nn.Module):
    """A bidirectional transformer that maps a partly masked sequence to logits over the symbols.

    Parameters
    ----------
    config : TransformerConfig
        Its shape.

    Returns
    -------
    MaskedTransformer
        Initialised from torch's current random state (seed it with ``torch.manual_seed``).

    Raises
    ------
    TypeError
        If ``config`` is not a :class:`TransformerConfig`.

    Attributes
    ----------
    config : TransformerConfig
        Its shape.
    mask_id : int
        The mask token, ``config.q``.
    metadata : dict
        Free-form facts about the model (training data, seed, losses); filled by
        :func:`train_masked_transformer` and :func:`load_network`, stored by :func:`save_network`.

    Examples
    --------
    >>> _ = torch.manual_seed(0)
    >>> config = TransformerConfig(q=4, n=8, width=16, layers=1, heads=2, hidden=32)
    >>> model = MaskedTransformer(config)
    >>> tuple(model(torch.full((3, 8), model.mask_id)).shape)
    (3, 8, 4)
    """

    def __init__(self, config: TransformerConfig) -> None:
        if not isinstance(config, TransformerConfig):
            raise TypeError(f"config must be a TransformerConfig, got {type(config).__name__}")
        super().__init__()
        self.config = config
        self.mask_id = config.q
        self.metadata: dict[str, Any] = {}
        self.embedding = nn.Embedding(config.q + 1, config.width)
        self.position = nn.Parameter(torch.randn(config.n, config.width))
        self.blocks = nn.ModuleList(
            [_Block(config.width, config.heads, config.hidden) for _ in range(config.layers)]
        )
        self.norm = nn.LayerNorm(config.width)
        self.head = nn.Linear(config.width, config.q)

    def forward(self, tokens: torch.Tensor) -> torch.Tensor:
        """Logits over the ``q`` symbols at every position, shape ``(b, n, q)``, for tokens ``(b, n)``.

        Parameters
        ----------
        tokens : torch.Tensor of int64, shape (b, n)
            Symbols ``0..q-1``, and ``mask_id`` at masked positions.

        Returns
        -------
        torch.Tensor, shape (b, n, q)
            In the dtype of the parameters.
        """
        h = self.embedding(tokens) + self.position
        for block in self.blocks:
            h = block(h)
        return self.head(self.norm(h))

    def parameter_count(self) -> int:
        """The number of trainable parameters.

        Examples
        --------
        >>> config = TransformerConfig(q=2, n=4, width=8, layers=1, heads=1, hidden=8)
        >>> MaskedTransformer(config).parameter_count()
        554
        """
        return sum(p.numel() for p in self.parameters())


class TrainingRun(NamedTuple):
    """The result of :func:`train_masked_transformer`.

    Attributes
    ----------
    model : MaskedTransformer
        The trained model, in evaluation mode, float32.
    losses : numpy.ndarray, shape (steps,)
        The training loss of every step (mean cross-entropy per masked token, nats).
    seconds : float
        Wall time of the training loop.

    Raises
    ------
    TypeError
        If a field is missing; the fields are not validated.
    """

    model: MaskedTransformer
    """The trained model."""
    losses: np.ndarray
    """Training loss of every step, nats per masked token."""
    seconds: float
    """Wall time of the training loop."""


def _masked_batch(x: np.ndarray, mask_id: int, gen: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """Mask ``m`` uniform positions of each row, ``m`` uniform in ``1..n``: the tokens and the mask."""
    b, n = x.shape
    counts = gen.integers(1, n + 1, size=b)
    masked = np.argsort(gen.random((b, n)), axis=1).argsort(axis=1) < counts[:, None]
    return np.where(masked, mask_id, x), masked


def train_masked_transformer(
    config: TransformerConfig,
    batches: Callable[[int, np.random.Generator], np.ndarray],
    *,
    steps: int,
    batch_size: int = 128,
    learning_rate: float = 3e-3,
    warmup: int = 100,
    seed: int = 0,
    threads: int = 1,
) -> TrainingRun:
    """Train a :class:`MaskedTransformer` with the count-uniform masked diffusion loss (module notes).

    AdamW (weight decay 0.01) with a linear warm-up over ``warmup`` steps and a cosine decay to zero,
    gradients clipped at norm 1. ``batches(size, rng)`` supplies each step's training sequences, e.g.
    ``lambda size, rng: corpus.random_windows(n, size, names, rng=rng)``. Torch's thread count is set to
    ``threads`` for the run and restored afterwards. One thread makes a run repeat exactly; on a busy shared
    2-core machine it was also far faster than two for a model of this size (on a quiet one, two were
    somewhat faster: ``benchmarks/network_speed.py`` compares them).

    Parameters
    ----------
    config : TransformerConfig
        The model's shape.
    batches : callable
        ``batches(size, rng) -> array of shape (size, config.n)`` of symbols ``0..q-1``.
    steps : int
        Optimisation steps, ``>= 1``.
    batch_size : int, default 128
        Sequences per step.
    learning_rate : float, default 3e-3
        Peak learning rate.
    warmup : int, default 100
        Warm-up steps, ``>= 0``.
    seed : int, default 0
        Seeds the initial weights (``torch.manual_seed``) and the numpy Generator of batches and masks.
    threads : int, default 1
        Torch threads during training.

    Returns
    -------
    TrainingRun
        The model (evaluation mode, ``model.metadata`` holding the training settings and the final loss), the
        loss of every step and the wall time.

    Raises
    ------
    ValueError
        If an argument is out of range, or ``batches`` returns an array of the wrong shape or with symbols
        outside ``0..q-1``.
    TypeError
        If ``config`` is not a :class:`TransformerConfig` or an argument has the wrong type.

    Examples
    --------
    >>> config = TransformerConfig(q=2, n=6, width=16, layers=1, heads=2, hidden=32)
    >>> def repeat(size, rng):  # one fair bit, repeated 6 times
    ...     return np.repeat(rng.integers(0, 2, (size, 1)), 6, axis=1)
    >>> run = train_masked_transformer(
    ...     config, repeat, steps=150, batch_size=32, learning_rate=1e-2, seed=0)
    >>> bool(run.losses[-20:].mean() < 0.5 * run.losses[:20].mean())
    True
    """
    if not isinstance(config, TransformerConfig):
        raise TypeError(f"config must be a TransformerConfig, got {type(config).__name__}")
    steps = as_int(steps, "steps", low=1)
    batch_size = as_int(batch_size, "batch_size", low=1)
    learning_rate = as_positive_float(learning_rate, "learning_rate")
    warmup = as_int(warmup, "warmup", low=0)
    seed = as_int(seed, "seed", low=0)
    threads = as_int(threads, "threads", low=1)
    gen = as_generator(seed)
    previous_threads = torch.get_num_threads()
    torch.set_num_threads(threads)
    try:
        torch.manual_seed(seed)
        model = MaskedTransformer(config)
        optimiser = torch.optim.AdamW(model.parameters(), lr=learning_rate, weight_decay=0.01)

        def rate(step: int) -> float:
            if step < warmup:
                return (step + 1) / warmup
            return 0.5 * (1.0 + math.cos(math.pi * (step - warmup) / max(1, steps - warmup)))

        schedule = torch.optim.lr_scheduler.LambdaLR(optimiser, rate)
        losses = np.empty(steps)
        model.train()
        start = time.perf_counter()
        for step in range(steps):
            x = np.asarray(batches(batch_size, gen))
            if (
                x.shape != (batch_size, config.n)
                or x.dtype.kind not in "iu"
                or x.min() < 0
                or x.max() >= config.q
            ):
                raise ValueError(
                    f"batches must return symbols 0..{config.q - 1} of shape ({batch_size}, {config.n}), "
                    f"got shape {x.shape}, dtype {x.dtype}"
                )
            tokens, masked = _masked_batch(x, model.mask_id, gen)
            logits = model(torch.from_numpy(tokens))
            target = torch.from_numpy(x.astype(np.int64))
            weight = torch.from_numpy(masked / masked.sum(axis=1, keepdims=True))
            per_token = F.cross_entropy(logits.transpose(1, 2), target, reduction="none")
            loss = (per_token * weight).sum() / batch_size
            optimiser.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            optimiser.step()
            schedule.step()
            losses[step] = float(loss.detach())
        seconds = time.perf_counter() - start
    finally:
        torch.set_num_threads(previous_threads)
    model.eval()
    model.metadata = {
        "steps": steps,
        "batch_size": batch_size,
        "learning_rate": learning_rate,
        "warmup": warmup,
        "seed": seed,
        "threads": threads,
        "parameters": model.parameter_count(),
        "final_loss_nats": float(losses[-min(steps, 100) :].mean()),
        "training_seconds": seconds,
    }
    return TrainingRun(model, losses, seconds)


def save_network(path: str | Path, model: MaskedTransformer) -> Path:
    """Write a model's configuration, float32 weights and metadata to one file (``torch.save``).

    Parameters
    ----------
    path : str or pathlib.Path
        The file to write (conventionally ``.pt``); its folder must exist.
    model : MaskedTransformer
        The model; its ``metadata`` must hold only numbers, strings, lists and dicts of them.

    Returns
    -------
    pathlib.Path
        The path written.

    Raises
    ------
    TypeError
        If ``model`` is not a :class:`MaskedTransformer`, or its metadata holds something JSON cannot (string
        subclasses such as ``torch.__version__`` are stored as plain strings).

    Examples
    --------
    >>> import tempfile
    >>> config = TransformerConfig(q=2, n=4, width=8, layers=1, heads=1, hidden=8)
    >>> model = MaskedTransformer(config)
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     path = save_network(Path(folder) / "model.pt", model)
    ...     load_network(path).config == model.config
    True
    """
    if not isinstance(model, MaskedTransformer):
        raise TypeError(f"model must be a MaskedTransformer, got {type(model).__name__}")
    try:  # plain JSON types only: torch.load(weights_only=True) refuses anything else
        metadata = json.loads(json.dumps(model.metadata))
    except (TypeError, ValueError) as error:
        raise TypeError(
            f"model.metadata must hold only numbers, strings, lists and dicts: {error}"
        ) from error
    state = {name: tensor.detach().to(torch.float32).clone() for name, tensor in model.state_dict().items()}
    path = Path(path)
    torch.save({"config": asdict(model.config), "state_dict": state, "metadata": metadata}, path)
    return path


def load_network(path: str | Path, *, dtype: torch.dtype = torch.float64) -> MaskedTransformer:
    """Read a model written by :func:`save_network`, in evaluation mode, its parameters cast to ``dtype``.

    The file is read with ``torch.load(..., weights_only=True)``: no code from it is run. Float64 (the
    default) makes its outputs reproducible to about 1e-15 across machines, which a sampler drawing by inverse
    CDF needs.

    Parameters
    ----------
    path : str or pathlib.Path
        A file written by :func:`save_network`.
    dtype : torch.dtype, default torch.float64
        Floating-point type of the parameters.

    Returns
    -------
    MaskedTransformer
        With ``metadata`` as saved.

    Raises
    ------
    FileNotFoundError
        If ``path`` does not exist.
    ValueError
        If the file does not hold a saved model.

    Examples
    --------
    See :func:`save_network`.
    """
    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(f"no saved model at {path}")
    saved = torch.load(path, map_location="cpu", weights_only=True)
    if not isinstance(saved, dict) or set(saved) != {"config", "state_dict", "metadata"}:
        raise ValueError(f"{path} does not hold a model written by save_network")
    model = MaskedTransformer(TransformerConfig(**saved["config"]))
    model.load_state_dict(saved["state_dict"])
    model.metadata = dict(saved["metadata"])
    return model.to(dtype).eval()
