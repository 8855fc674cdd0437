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

#: Largest finite field (galois keeps lookup tables up to this order).
MAX_FIELD_SIZE = 1 << 20


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
    table of :math:`2^{20}` entries within about 5e-4.
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


def as_steps(value: Any, name: str = "k") -> int:
    """Validate a number of steps: an int in ``[1, MAX_SCHEDULE_STEPS]``.

    One policy for every function that builds or scores a k-step schedule:
    ``k`` may exceed the length n, and the steps that n tokens cannot fill are
    empty (size 0).
    """
    return as_int(value, name, low=1, high=MAX_SCHEDULE_STEPS)


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


def as_samples(value: Any, name: str = "samples", *, low: int = 1) -> np.ndarray:
    """Validate a batch of sequences: a 2-d array of non-negative whole numbers, at least ``low`` rows.

    Returns int64, shape ``(num_samples, n)`` with ``n >= 1``.
    """
    arr = as_float_array(value, name)
    if arr.ndim != 2 or arr.shape[1] == 0:
        raise ValueError(f"{name} must have shape (num_samples, n) with n >= 1, got shape {arr.shape}")
    if arr.shape[0] < low:
        raise ValueError(f"{name} must hold at least {low} sequences, got {arr.shape[0]}")
    if (arr < 0).any() or (arr != np.round(arr)).any():
        raise ValueError(f"{name} must hold symbols 0, 1, ..., q - 1 (non-negative whole numbers)")
    return arr.astype(np.int64)


def as_product_mixture(weights: Any, marginals: Any) -> tuple[np.ndarray, np.ndarray]:
    """Validate a mixture of product laws: ``weights`` (m,) a law, ``marginals`` (m, n, q) laws."""
    w = as_probability_table(weights, "weights")
    if w.ndim != 1:
        raise ValueError(f"weights must be 1-d (one weight per component), got shape {w.shape}")
    m = as_float_array(marginals, "marginals")
    if m.ndim != 3 or m.shape[0] != w.size or 0 in m.shape:
        raise ValueError(f"marginals must have shape (components={w.size}, n, q), got shape {m.shape}")
    if (m < 0).any() or np.abs(m.sum(axis=2) - 1).max() > 1e-9:
        raise ValueError("marginals[c, i] must be a law over the q symbols (non-negative, sum 1)")
    return w, m


def is_prime_power(q: int) -> bool:
    """Whether the int ``q >= 2`` is a power of a prime: divide out its smallest factor."""
    factor = next((d for d in range(2, math.isqrt(q) + 1) if q % d == 0), q)
    while q % factor == 0:
        q //= factor
    return q == 1


def as_code_parameters(n: Any, dimension: Any, q: Any) -> tuple[int, int, int]:
    """Validate ``(n, dimension, q)`` of a Reed–Solomon code.

    ``q`` a prime power with ``n <= q <= MAX_FIELD_SIZE``, ``n >= 2`` and
    ``1 <= dimension <= n - 1``.
    """
    n = as_int(n, "n", low=2)
    q = as_int(q, "q", low=2, high=MAX_FIELD_SIZE)
    if not is_prime_power(q):
        raise ValueError(f"q must be a prime power (the order of a finite field), got {q}")
    if q < n:
        raise ValueError(f"q must be >= n so that n evaluation points are distinct, got q={q} < n={n}")
    dimension = as_int(dimension, "dimension", low=1, high=n - 1)
    return n, dimension, q


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
