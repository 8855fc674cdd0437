"""Synthetic information curves of a given shape, for studying schedules.

These curves are not computed from a law: they are non-decreasing shapes with
``Z_1 = 0`` and ``Z_n = height`` that isolate how a schedule should respond to
where the curve climbs. Curves of actual laws are in :mod:`mdm_lib.information`
(full tables) and :mod:`mdm_lib.families` (structured laws at any n).
"""

from __future__ import annotations

import numpy as np

from ._validate import as_int, as_positive_float

__all__ = ["SHAPES", "shaped_curve"]

#: The shapes :func:`shaped_curve` knows, with where the curve climbs.
SHAPES = {
    "linear": "at a constant rate",
    "concave": "early (exponential saturation, like a fast-mixing Markov chain)",
    "convex": "late (mirror image of the concave curve)",
    "s-shaped": "in the middle (logistic)",
    "step": "all at once, after half of the positions (an MDS code of rate 1/2)",
}


def shaped_curve(shape: str, n: int, *, height: float = 1.0) -> np.ndarray:
    """A non-decreasing curve of length n with ``Z_1 = 0`` and ``Z_n = height``.

    With ``x = (j - 1)/(n - 1)`` for ``j = 1, ..., n``, the shapes are
    ``linear`` ``x``; ``concave`` ``(1 - e^{-5x})/(1 - e^{-5})``; ``convex``
    ``(e^{5x} - 1)/(e^5 - 1)``; ``s-shaped`` a logistic of slope 12 centred at
    ``1/2``, rescaled to ``[0, 1]``; ``step`` ``1[j > n // 2]``.

    Parameters
    ----------
    shape : str
        One of :data:`SHAPES`.
    n : int
        Length, ``n >= 2``.
    height : float, default 1.0
        ``Z_n`` (bits, say).

    Examples
    --------
    >>> shaped_curve("step", 6).tolist()
    [0.0, 0.0, 0.0, 1.0, 1.0, 1.0]
    >>> shaped_curve("linear", 3, height=2.0).tolist()
    [0.0, 1.0, 2.0]
    """
    n = as_int(n, "n", low=2)
    height = as_positive_float(height, "height")
    x = np.arange(n) / (n - 1)
    if shape == "linear":
        z = x
    elif shape == "concave":
        z = -np.expm1(-5.0 * x) / -np.expm1(-5.0)
    elif shape == "convex":
        z = np.expm1(5.0 * x) / np.expm1(5.0)
    elif shape == "s-shaped":
        logistic = 1.0 / (1.0 + np.exp(-12.0 * (x - 0.5)))
        z = (logistic - logistic[0]) / (logistic[-1] - logistic[0])
    elif shape == "step":
        z = (np.arange(1, n + 1) > n // 2).astype(float)
    else:
        raise ValueError(f"shape must be one of {sorted(SHAPES)}, got {shape!r}")
    return height * z
