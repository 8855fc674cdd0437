"""Operations on validated probability arrays, shared by several modules.

The arguments are already checked by the caller (see :mod:`mdm_lib._validate`):
these functions do no validation of their own.
"""

from __future__ import annotations

import numpy as np

#: Floor for probabilities inside logs: ``log(LOG_FLOOR)`` is about -690.8 nats.
LOG_FLOOR = 1e-300


def inverse_cdf(probs: np.ndarray, u: np.ndarray) -> np.ndarray:
    """Categorical draws by inverse CDF: the first index whose cumulative mass reaches ``u``.

    ``probs`` has the categories on its last axis and ``u`` (uniform on [0, 1))
    the shape of the other axes; rounding never yields an index past the last.
    """
    cdf = np.cumsum(probs, axis=-1)
    return np.minimum((u[..., None] > cdf).sum(axis=-1), probs.shape[-1] - 1)


def table_kl(p: np.ndarray, nu: np.ndarray, scale: float) -> float:
    """``KL(p || nu)`` of two tables of one shape, in units of ``log(base) = scale``.

    The sum runs over the support of ``p``; it is ``inf`` if ``nu`` misses part of it.
    ``p log(p / nu)`` is written with numpy's ``log`` rather than
    ``scipy.special.rel_entr`` (equal to an ulp) so that the notebooks' stored
    differences at the 1e-16 level stay bit-identical.
    """
    support = p > 0
    with np.errstate(divide="ignore"):
        return float(np.sum(p[support] * np.log(p[support] / nu[support])) / scale)
