"""Access to the numba kernels of :mod:`mdm_lib._compiled`, imported (and numba with it) on first use."""

from types import ModuleType


def _kernels() -> ModuleType:
    """The module of compiled kernels; the first call imports numba and loads (or compiles) them."""
    from . import _compiled

    return _compiled
