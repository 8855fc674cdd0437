"""Argument checks shared by every public function.

Each checker takes the value and the argument's name, and either returns a
clean value (a float array, an int, ...) or raises ``TypeError``/``ValueError``
with a message that names the argument and says what was expected.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Sequence
from typing import Any

import numpy as np

#: Smallest tolerance on the total mass of a probability table (float64 input).
NORMALISATION_TOL = 1e-9

#: Largest number of entries of a table or array the library allocates at once.
MAX_TABLE_ENTRIES = 1 << 26

#: Largest number of steps of a schedule a function builds step by step.
MAX_SCHEDULE_STEPS = 10**7


def check_limit(size: int, limit: int, what: str) -> None:
    """Raise ``ValueError`` before allocating if ``size`` exceeds ``limit``.

    ``what`` names the arguments that set the size, e.g. ``"num_samples * n"``.
    """
    if size > limit:
        raise ValueError(f"{what} = {size:,} exceeds the limit of {limit:,}")


def normalisation_tolerance(dtype: np.dtype, size: int) -> float:
    """Tolerance on the total mass of a table of ``size`` entries given in ``dtype``.

    A few ulps of the input's precision times ``sqrt(size)`` (the typical
    rounding error of summing ``size`` rounded entries), and never below
    ``mdm_lib._validate.NORMALISATION_TOL``: a float64 table is checked as before, a float32
    table of 2^20 entries within about 5e-4.
    """
    ulp = float(np.finfo(dtype).eps) if np.issubdtype(dtype, np.floating) else float(np.finfo(np.float64).eps)
    return max(NORMALISATION_TOL, 4.0 * ulp * math.sqrt(max(size, 1)))


def _reject_non_numeric(value: Any, name: str) -> None:
    if value is None or isinstance(value, (str, bytes, bool, np.bool_)):
        raise TypeError(f"{name} must be a numeric array, got {type(value).__name__}")


def as_float_array(value: Any, name: str) -> np.ndarray:
    """Return ``value`` as a finite float64 array, or raise naming ``name``.

    ``None``, strings and booleans (one policy across the API: a bool is not a
    number) raise ``TypeError``.
    """
    _reject_non_numeric(value, name)
    try:
        raw = np.asarray(value)
        if raw.dtype == bool:
            raise TypeError(f"{name} must be a numeric array, got booleans")
        if raw.dtype.kind in "OUSVcMm":
            raise TypeError(f"{name} must be a numeric array, got dtype {raw.dtype}")
        arr = raw.astype(np.float64)
    except ValueError as exc:  # ragged nested sequences
        raise TypeError(f"{name} must be a numeric array: {exc}") from None
    if np.isnan(arr).any():
        raise ValueError(f"{name} contains NaN")
    if np.isinf(arr).any():
        raise ValueError(f"{name} contains an infinite value")
    return arr


def as_probability_table(value: Any, name: str = "p") -> np.ndarray:
    """Validate a law over Σ_1 × ... × Σ_n given as a full table.

    The table must have at least one axis, every axis at least one value, no
    NaN, no negative entry, and total mass 1 within
    :func:`normalisation_tolerance` of its dtype and size.
    """
    dtype = np.asarray(value).dtype if isinstance(value, np.ndarray) else np.dtype(np.float64)
    arr = as_float_array(value, name)
    if arr.ndim == 0:
        raise ValueError(f"{name} must have one axis per position (shape (q_1, ..., q_n)), got a 0-d array")
    if 0 in arr.shape:
        raise ValueError(f"{name} has an empty axis: shape {arr.shape}")
    if (arr < 0).any():
        raise ValueError(f"{name} has negative entries (smallest {float(arr.min()):.3g})")
    total = float(arr.sum())
    tol = normalisation_tolerance(dtype, arr.size)
    if abs(total - 1.0) > tol:
        raise ValueError(f"{name} must sum to 1 (within {tol:g}), sums to {total!r}")
    return arr


def as_curve(value: Any, name: str = "Z") -> np.ndarray:
    """Validate an information curve: a finite 1-d array with at least one value."""
    arr = as_float_array(value, name)
    if arr.ndim != 1:
        raise ValueError(f"{name} must be 1-d (Z_1, ..., Z_n), got shape {arr.shape}")
    if arr.size == 0:
        raise ValueError(f"{name} must have at least one value")
    return arr


#: Relative size of a decrease of a curve treated as rounding noise by :func:`as_monotone_curve`.
MONOTONE_TOL = 1e-9


def as_monotone_curve(value: Any, name: str = "Z", *, strict: bool = True) -> np.ndarray:
    """Validate an information curve that must be non-decreasing (Han's inequality).

    Decreases smaller than ``MONOTONE_TOL * max(1, max |Z|)`` are rounding
    noise and pass. With ``strict=False`` any finite curve passes.
    """
    arr = as_curve(value, name)
    if not isinstance(strict, (bool, np.bool_)):
        raise TypeError(f"strict must be True or False, got {type(strict).__name__}")
    if strict and arr.size > 1:
        tol = MONOTONE_TOL * max(1.0, float(np.abs(arr).max()))
        drops = np.flatnonzero(np.diff(arr) < -tol)
        if drops.size:
            j = int(drops[0]) + 2  # Z_j < Z_{j-1}, 1-based
            raise ValueError(
                f"{name} must be non-decreasing (an information curve), but it decreases at j={j} "
                f"(Z_{j - 1} = {float(arr[j - 2]):g}, Z_{j} = {float(arr[j - 1]):g}); pass a noisy estimate "
                "through monotone_projection first, or strict=False to evaluate the formula anyway"
            )
    return arr


def as_schedule_sizes(value: Any, name: str = "sizes") -> np.ndarray:
    """Validate step sizes: a non-empty 1-d sequence of non-negative whole numbers. Returns int64."""
    if isinstance(value, (str, bytes)) or np.isscalar(value) or value is None:
        raise TypeError(f"{name} must be a sequence of step sizes, got {type(value).__name__}")
    if isinstance(value, (list, tuple)) and any(isinstance(v, (bool, np.bool_)) for v in value):
        raise TypeError(f"{name} must hold integers, got a bool")
    try:
        raw = np.asarray(value)
    except (TypeError, ValueError) as exc:  # ragged input
        raise TypeError(f"{name} must be a sequence of step sizes: {exc}") from None
    if raw.ndim == 0:
        raise TypeError(f"{name} must be a sequence of step sizes, got {type(value).__name__}")
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
        if (np.abs(raw) > 2.0**62).any():
            raise ValueError(f"{name} holds a step size above 2**62")
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


def as_alphabet_sizes(value: Any, name: str, *, int_ok: bool = False) -> tuple[int, ...]:
    """Validate ``(q_1, ..., q_n)``: a non-empty sequence of ints ``>= 1`` (one int too if ``int_ok``)."""
    if int_ok and isinstance(value, numbers.Integral) and not isinstance(value, (bool, np.bool_)):
        value = (int(value),)
    if isinstance(value, (str, bytes)) or not isinstance(value, (Sequence, np.ndarray)):
        expected = "an int or a sequence of ints" if int_ok else "a sequence of ints"
        raise TypeError(f"{name} must be {expected} (q_1, ..., q_n), got {type(value).__name__}")
    sizes = tuple(as_int(q, f"{name}[i]", low=1) for q in value)
    if not sizes:
        raise ValueError(f"{name} must have at least one position")
    return sizes


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
