"""Argument checks shared by every public function.

Each checker takes the value and the argument's name, and either returns a
clean value (a float array, an int, ...) or raises ``TypeError``/``ValueError``
with a message that names the argument and says what was expected.
"""

from __future__ import annotations

import numbers
from typing import Any

import numpy as np

#: Tolerance on the total mass of a probability table.
NORMALISATION_TOL = 1e-9


def as_float_array(value: Any, name: str) -> np.ndarray:
    """Return ``value`` as a finite float64 array, or raise naming ``name``."""
    if isinstance(value, (str, bytes)):
        raise TypeError(f"{name} must be a numeric array, got {type(value).__name__}")
    try:
        arr = np.asarray(value, dtype=np.float64)
    except (TypeError, ValueError) as exc:
        raise TypeError(f"{name} must be a numeric array: {exc}") from None
    if arr.dtype == object:  # pragma: no cover - asarray with dtype=float never gives object
        raise TypeError(f"{name} must be a numeric array")
    if np.isnan(arr).any():
        raise ValueError(f"{name} contains NaN")
    if np.isinf(arr).any():
        raise ValueError(f"{name} contains an infinite value")
    return arr


def as_probability_table(value: Any, name: str = "p") -> np.ndarray:
    """Validate a law over Σ_1 × ... × Σ_n given as a full table.

    The table must have at least one axis, every axis at least one value, no
    NaN, no negative entry, and total mass 1 within ``NORMALISATION_TOL``.
    """
    arr = as_float_array(value, name)
    if arr.ndim == 0:
        raise ValueError(f"{name} must have one axis per position (shape (q_1, ..., q_n)), got a 0-d array")
    if 0 in arr.shape:
        raise ValueError(f"{name} has an empty axis: shape {arr.shape}")
    if (arr < 0).any():
        raise ValueError(f"{name} has negative entries (smallest {arr.min():.3g})")
    total = arr.sum()
    if abs(total - 1.0) > NORMALISATION_TOL:
        raise ValueError(f"{name} must sum to 1 (within {NORMALISATION_TOL:g}), sums to {total!r}")
    return arr


def as_curve(value: Any, name: str = "Z") -> np.ndarray:
    """Validate an information curve: a finite 1-d array with at least one value."""
    arr = as_float_array(value, name)
    if arr.ndim != 1:
        raise ValueError(f"{name} must be 1-d (Z_1, ..., Z_n), got shape {arr.shape}")
    if arr.size == 0:
        raise ValueError(f"{name} must have at least one value")
    return arr


def as_schedule_sizes(value: Any, name: str = "sizes") -> np.ndarray:
    """Validate step sizes: a non-empty 1-d sequence of non-negative whole numbers. Returns int64."""
    if isinstance(value, (str, bytes)) or np.isscalar(value) or value is None:
        raise TypeError(f"{name} must be a sequence of step sizes, got {type(value).__name__}")
    try:
        raw = np.asarray(value)
    except (TypeError, ValueError) as exc:  # ragged input
        raise TypeError(f"{name} must be a sequence of step sizes: {exc}") from None
    if raw.ndim != 1:
        raise ValueError(f"{name} must be 1-d, got shape {raw.shape}")
    if raw.size == 0:
        raise ValueError(f"{name} must have at least one step")
    if raw.dtype == bool or not (
        np.issubdtype(raw.dtype, np.integer) or np.issubdtype(raw.dtype, np.floating)
    ):
        raise TypeError(f"{name} must hold integers, got dtype {raw.dtype}")
    if np.issubdtype(raw.dtype, np.floating):
        if not np.isfinite(raw).all() or (raw != np.round(raw)).any():
            bad = raw[~np.isfinite(raw) | (raw != np.round(raw))][0]
            raise ValueError(f"{name} must hold whole numbers, got {float(bad)!r}")
    sizes = raw.astype(np.int64)
    if (sizes < 0).any():
        raise ValueError(f"{name} must be non-negative, got {sizes.tolist()}")
    return sizes


def as_sizes(value: Any, n: int, name: str = "sizes") -> np.ndarray:
    """Validate a schedule: non-negative whole numbers summing to ``n``.

    Zero-size steps are allowed. Returns an int64 array.
    """
    sizes = as_schedule_sizes(value, name)
    if sizes.sum() != n:
        raise ValueError(f"{name} must sum to n = {n}, got sum {int(sizes.sum())}")
    return sizes


def as_int(value: Any, name: str, *, low: int | None = None, high: int | None = None) -> int:
    """Validate an integer argument within ``[low, high]`` (either bound optional)."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name} must be an integer, got {type(value).__name__}")
    value = int(value)
    if (low is not None and value < low) or (high is not None and value > high):
        lo = "-inf" if low is None else low
        hi = "inf" if high is None else high
        raise ValueError(f"{name} must lie in [{lo}, {hi}], got {value}")
    return value


def as_positive_float(value: Any, name: str) -> float:
    """Validate a finite, strictly positive number."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a real number, got {type(value).__name__}")
    value = float(value)
    if not np.isfinite(value) or value <= 0:
        raise ValueError(f"{name} must be a finite number > 0, got {value!r}")
    return value


def log_base(base: Any) -> float:
    """Return ``ln(base)`` for a valid logarithm base (> 0 and not 1)."""
    base = as_positive_float(base, "base")
    if base == 1.0:
        raise ValueError("base must be > 0 and different from 1, got 1")
    return float(np.log(base))


def as_generator(rng: Any, name: str = "rng") -> np.random.Generator:
    """SPEC 7: ``None`` (fresh entropy), an int seed, or a ``numpy.random.Generator``, via ``default_rng``."""
    if rng is None or isinstance(rng, np.random.Generator):
        return np.random.default_rng(rng)
    if isinstance(rng, bool) or not isinstance(rng, numbers.Integral):
        raise TypeError(
            f"{name} must be None, an int seed or a numpy.random.Generator, got {type(rng).__name__}"
        )
    if rng < 0:
        raise ValueError(f"{name} must be a non-negative seed, got {int(rng)}")
    return np.random.default_rng(int(rng))


def as_estimate(value: Any, name: str) -> float:
    """Validate an estimate of TC or DTC: a finite real number ``>= 0``."""
    if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)):
        raise TypeError(f"{name} must be a real number, got {type(value).__name__}")
    value = float(as_float_array(value, name))
    if value < 0:
        raise ValueError(f"{name} must be >= 0 (an estimate of TC or DTC), got {value!r}")
    return value


def as_nonnegative_real(value: Any, name: str) -> float:
    """Validate a finite real number ``>= 0`` (bools refused); messages show the value with ``:g``."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a real number, got {type(value).__name__}")
    value = float(value)
    if np.isnan(value):
        raise ValueError(f"{name} must be a number >= 0, got NaN")
    if not np.isfinite(value) or value < 0:
        raise ValueError(f"{name} must be a finite number >= 0, got {value:g}")
    return value
