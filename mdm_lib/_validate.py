"""Argument checks shared by every public function: each check is defined here, once.

Each checker takes the value and the argument's name, and either returns a
clean value (a float array, an int, ...) or raises ``TypeError``/``ValueError``
with a message that names the argument and says what was expected. The
policies, in one place:

* numbers: finite, bools refused (a bool is not a number);
* probability tables and rows of laws: non-negative, total mass 1 within a
  tolerance that follows the input's dtype and size, then normalised once, so
  no computation sees a mass of 1.0001;
* information curves: non-decreasing within one tolerance (:data:`MONOTONE_TOL`),
  the same for the checks and for the optimal-schedule program;
* step sizes: whole numbers whose exact total fits an int64 (no wrapped sums);
  step counts: ``1 <= k <= MAX_SCHEDULE_STEPS``, ``k > n`` allowed;
* codes: prime powers, and whether an MDS code with given parameters exists;
* sizes of what is allocated: checked in bytes, before allocating.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Sequence
from typing import Any

import numpy as np

#: Smallest tolerance on the total mass of a probability table (float64 input).
NORMALISATION_TOL = 1e-9

#: Largest array, in bytes, the library allocates at once (512 MiB).
MAX_ARRAY_BYTES = 1 << 29

#: Largest number of float64 entries of a table or array the library allocates at once.
MAX_TABLE_ENTRIES = MAX_ARRAY_BYTES // 8

#: Largest number of positions of a full table: numpy's limit on the axes of an array.
MAX_TABLE_AXES = 64

#: Largest number of steps of a schedule a function builds step by step.
MAX_SCHEDULE_STEPS = 10**7

#: Largest sequence length n of a schedule (its sizes, and their sum, then fit an int64).
MAX_LENGTH = 2**62

#: Largest finite field (galois keeps lookup tables up to this order).
MAX_FIELD_SIZE = 1 << 20


def check_limit(size: int, limit: int, what: str) -> None:
    """Raise ``ValueError`` before allocating if ``size`` exceeds ``limit``.

    ``what`` names the arguments that set the size, e.g. ``"num_samples * n"``.
    """
    if size > limit:
        raise ValueError(f"{what} = {size:,} exceeds the limit of {limit:,}")


def check_array_bytes(entries: int, what: str, *, itemsize: int = 8) -> None:
    """Raise ``ValueError`` before allocating an array of ``entries`` items beyond ``MAX_ARRAY_BYTES``.

    ``what`` names the arguments that set the count, e.g. ``"n"`` or ``"num_samples * n"``.
    """
    if entries * itemsize > MAX_ARRAY_BYTES:
        raise ValueError(
            f"{what} = {entries:,} needs {entries * itemsize:,} bytes, more than MAX_ARRAY_BYTES = "
            f"{MAX_ARRAY_BYTES:,}"
        )


def check_table_axes(n: int, what: str) -> None:
    """Raise ``ValueError`` if a full table would have more than ``MAX_TABLE_AXES`` positions."""
    if n > MAX_TABLE_AXES:
        raise ValueError(
            f"{what} gives a table of n = {n} positions; a full table has at most {MAX_TABLE_AXES} "
            "(numpy's limit on the axes of an array)"
        )


def _input_dtype(value: Any) -> np.dtype:
    """The precision a value was given in: an array's floating dtype, else float64."""
    dtype = getattr(value, "dtype", None)
    if isinstance(dtype, np.dtype) and np.issubdtype(dtype, np.floating):
        return dtype
    return np.dtype(np.float64)


def normalisation_tolerance(dtype: np.dtype, size: int) -> float:
    """Tolerance on the total mass of a table of ``size`` entries given in ``dtype``.

    A few ulps of the input's precision times ``sqrt(size)`` (the typical
    rounding error of summing ``size`` rounded entries), and never below
    ``mdm_lib._validate.NORMALISATION_TOL``: a float64 table is checked as before, a float32
    table of :math:`2^{20}` entries within about 5e-4.
    """
    ulp = float(np.finfo(dtype).eps) if np.issubdtype(dtype, np.floating) else float(np.finfo(np.float64).eps)
    return max(NORMALISATION_TOL, 4.0 * ulp * math.sqrt(max(size, 1)))


def _rounding_level(size: int) -> float:
    """How far from 1 float64 rounding alone takes the sum of ``size`` entries that sum to 1: a mass
    within it is 1 to float64 precision, and dividing by it would only move the last bits."""
    return 4.0 * float(np.finfo(np.float64).eps) * math.sqrt(max(size, 1))


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
    :func:`normalisation_tolerance` of its dtype and size. The table is
    returned as float64 divided by its total, so that a mass within the
    tolerance but not 1 (a float32 table, say) is never used as it is; a mass
    that is 1 to float64 rounding is left as it is (dividing would move the
    last bits only).
    """
    dtype = _input_dtype(value)
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
    return arr if abs(total - 1.0) <= _rounding_level(arr.size) else arr / total


def as_law_rows(value: Any, name: str, *, kind: str = "laws along its last axis") -> np.ndarray:
    """Validate laws along the last axis (rows of a transition matrix, marginals, ...).

    Every row is non-negative and sums to 1 within :func:`normalisation_tolerance`
    of the input's dtype and the row's length; the rows are returned as float64,
    each divided by its sum (unless every sum is 1 to float64 rounding). At
    least one axis, none empty. ``kind`` says what the rows are in the messages
    (``"row-stochastic"``, ...).
    """
    dtype = _input_dtype(value)
    arr = as_float_array(value, name)
    if arr.ndim == 0 or 0 in arr.shape:
        raise ValueError(f"{name} must be {kind}, got shape {arr.shape}")
    if (arr < 0).any():
        raise ValueError(f"{name} has negative entries (smallest {float(arr.min()):.3g})")
    sums = arr.sum(axis=-1, keepdims=True)
    tol = normalisation_tolerance(dtype, arr.shape[-1])
    worst = float(sums.ravel()[np.argmax(np.abs(sums - 1.0).ravel())])
    if abs(worst - 1.0) > tol:
        raise ValueError(
            f"{name} must be {kind}: each row must sum to 1 (within {tol:g}), one sums to {worst!r}"
        )
    return arr if abs(worst - 1.0) <= _rounding_level(arr.shape[-1]) else arr / sums


def as_curve(value: Any, name: str = "Z") -> np.ndarray:
    """Validate an information curve: a finite 1-d array with at least one value."""
    arr = as_float_array(value, name)
    if arr.ndim != 1:
        raise ValueError(f"{name} must be 1-d (Z_1, ..., Z_n), got shape {arr.shape}")
    if arr.size == 0:
        raise ValueError(f"{name} must have at least one value")
    return arr


#: Relative size of a decrease of a curve treated as rounding noise, by every check and by the
#: optimal-schedule program alike (see :func:`monotone_tolerance`).
MONOTONE_TOL = 1e-9


def monotone_tolerance(Z: np.ndarray, *, unit: float = 1.0) -> float:
    """The largest decrease of ``Z`` that is rounding noise: ``MONOTONE_TOL * max(1, max |Z - Z_1|)``.

    The curve is measured from its first value, so a constant added to ``Z``
    (which no error depends on) does not change the verdict. ``unit`` is the
    value 1 in the units of ``Z``, for a curve scaled by a power of two.
    """
    return MONOTONE_TOL * max(unit, float(np.abs(Z - Z[0]).max()))


def is_non_decreasing(Z: np.ndarray) -> bool:
    """Whether the curve ``Z`` decreases nowhere by more than :func:`monotone_tolerance`."""
    return Z.size < 2 or bool((np.diff(Z) >= -monotone_tolerance(Z)).all())


def as_monotone_curve(value: Any, name: str = "Z", *, strict: bool = True) -> np.ndarray:
    """Validate an information curve that must be non-decreasing (Han's inequality).

    Decreases within :func:`monotone_tolerance` are rounding noise and pass.
    With ``strict=False`` any finite curve passes.
    """
    arr = as_curve(value, name)
    if not isinstance(strict, (bool, np.bool_)):
        raise TypeError(f"strict must be True or False, got {type(strict).__name__}")
    if strict and arr.size > 1:
        drops = np.flatnonzero(np.diff(arr) < -monotone_tolerance(arr))
        if drops.size:
            j = int(drops[0]) + 2  # Z_j < Z_{j-1}, 1-based
            raise ValueError(
                f"{name} must be non-decreasing (an information curve), but it decreases at j={j} "
                f"(Z_{j - 1} = {float(arr[j - 2]):g}, Z_{j} = {float(arr[j - 1]):g}); pass a noisy estimate "
                "through monotone_projection first, or strict=False to evaluate the formula anyway"
            )
    return arr


#: Largest total of step sizes: what an int64 holds, so that every sum of sizes is exact.
_MAX_TOTAL = 2**63 - 1


def as_schedule_sizes(value: Any, name: str = "sizes") -> np.ndarray:
    """Validate step sizes: a non-empty 1-d sequence of non-negative whole numbers. Returns int64.

    Their exact total must fit an int64, so every sum of the returned array is
    exact (an int64 sum of ``[2**62] * 4 + [3]`` would wrap to 3).
    """
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
    if raw.dtype == object and all(isinstance(v, int) and not isinstance(v, bool) for v in raw.tolist()):
        raise ValueError(f"{name} holds a step size above 2**62, got {max(raw.tolist()):,}")
    if raw.dtype == bool or not (
        np.issubdtype(raw.dtype, np.integer) or np.issubdtype(raw.dtype, np.floating)
    ):
        raise TypeError(f"{name} must hold integers, got dtype {raw.dtype}")
    if raw.dtype == np.uint64 and (raw > 2**62).any():
        raise ValueError(f"{name} holds a step size above 2**62, got {int(raw.max()):,}")
    if np.issubdtype(raw.dtype, np.floating):
        if not np.isfinite(raw).all() or (raw != np.round(raw)).any():
            bad = raw[~np.isfinite(raw) | (raw != np.round(raw))][0]
            raise ValueError(f"{name} must hold whole numbers, got {float(bad)!r}")
        if (np.abs(raw) > 2.0**62).any():
            raise ValueError(f"{name} holds a step size above 2**62")
    sizes = raw.astype(np.int64)
    if (sizes < 0).any():
        raise ValueError(f"{name} must be non-negative, got {sizes.tolist()[:20]}")
    if int(sizes.max()) > _MAX_TOTAL // sizes.size:  # the int64 sum could wrap: add exactly
        total = sum(int(s) for s in sizes.tolist())
        if total > _MAX_TOTAL:
            raise ValueError(f"{name} must sum to at most 2**63 - 1 (an int64), got sum {total}")
    return sizes


def as_sizes(value: Any, n: int, name: str = "sizes") -> np.ndarray:
    """Validate a schedule: non-negative whole numbers summing to ``n``.

    Zero-size steps are allowed. Returns an int64 array.
    """
    sizes = as_schedule_sizes(value, name)
    total = int(sizes.sum())
    if total != n:
        raise ValueError(f"{name} must sum to n = {n}, got sum {total}")
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


def as_length(value: Any, name: str = "n", *, low: int = 1) -> int:
    """Validate a sequence length for a schedule: an int in ``[low, MAX_LENGTH]``."""
    return as_int(value, name, low=low, high=MAX_LENGTH)


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
    return w, as_law_rows(marginals, "marginals")


def is_prime_power(q: int) -> bool:
    """Whether the int ``q >= 2`` is a power of a prime: divide out its smallest factor."""
    factor = next((d for d in range(2, math.isqrt(q) + 1) if q % d == 0), q)
    while q % factor == 0:
        q //= factor
    return q == 1


def mds_code_problem(n: int, dimension: int, q: int) -> str | None:
    """Why no MDS code of length ``n``, dimension ``dimension`` over ``q`` symbols is built, or None.

    The repetition code (dimension 1), the single parity code (dimension
    ``n - 1``) and the whole space exist over any alphabet; otherwise an
    extended Reed–Solomon code needs a finite field (``q`` a prime power) and
    ``n <= q + 1``. No MDS code at all has ``n > q + dimension - 1`` (its
    codewords would form an orthogonal array of index 1 and strength
    ``dimension``).
    """
    if dimension in (1, n - 1, n):
        return None
    if n > q + dimension - 1:
        return f"cannot exist: n > q + dimension - 1 = {q + dimension - 1} (orthogonal array of index 1)"
    if not is_prime_power(q):
        return (
            f"is not known to exist: q = {q} is not a prime power, and extended Reed-Solomon codes need a "
            "finite field"
        )
    if n > q + 1:
        return (
            "is not known to exist: only dimension in {1, n - 1, n} or n <= q + 1 (extended Reed-Solomon) is"
        )
    return None


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


#: What numpy.random.default_rng takes besides None and an int seed (SPEC 7).
_RNG_TYPES = (np.random.Generator, np.random.SeedSequence, np.random.BitGenerator)


def as_generator(rng: Any, name: str = "rng") -> np.random.Generator:
    """SPEC 7: whatever ``numpy.random.default_rng`` takes, normalised through it.

    ``None`` (fresh entropy), an int seed, a ``SeedSequence``, a bit generator
    (``PCG64``, ...) or a ``Generator`` (returned as it is).
    """
    if rng is None or isinstance(rng, _RNG_TYPES):
        return np.random.default_rng(rng)
    if isinstance(rng, bool) or not isinstance(rng, numbers.Integral):
        raise TypeError(
            f"{name} must be None, an int seed, a SeedSequence, a bit generator or a numpy.random.Generator, "
            f"got {type(rng).__name__}"
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
