"""A budget of work for calls that must be refused before they do any: no timing, so no flaky limits.

``with work_budget(calls=..., megabytes=...):`` counts the Python and C function calls made inside the
block (``sys.setprofile``) and stops the block with :class:`WorkBudgetExceeded` once there are more than
``calls``; on leaving it, it fails if the peak of the memory traced by ``tracemalloc`` (numpy's arrays
included) went above ``megabytes``. A refusal that validates its arguments first makes a few hundred calls
and allocates nothing large; one that starts the work runs out of either budget at once, on a loaded
machine as on an idle one.
"""

import sys
import tracemalloc
from contextlib import contextmanager

# Modules the library imports on first use: imported here so that their import is not counted as work.
import galois  # noqa: F401
import scipy.optimize  # noqa: F401
import scipy.sparse.csgraph  # noqa: F401
import scipy.special  # noqa: F401
import scipy.stats  # noqa: F401

#: The budget of a call that validates its arguments and refuses them: generous for the checks (a
#: table of 2^20 entries is validated, and copied, within it), far below any of the work refused.
REFUSAL_CALLS = 100_000
REFUSAL_MEGABYTES = 128


class WorkBudgetExceeded(BaseException):
    """Raised inside the block when it makes more calls than its budget (a BaseException, so that no
    ``except Exception`` of the code under test can swallow it)."""


@contextmanager
def work_budget(*, calls: int, megabytes: float):
    count = 0

    def profile(frame, event, arg):
        nonlocal count
        if event in ("call", "c_call"):
            count += 1
            if count > calls:
                raise WorkBudgetExceeded(f"more than {calls:,} function calls: the work was started")

    tracemalloc.start()
    sys.setprofile(profile)
    try:
        yield
    finally:
        sys.setprofile(None)
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    assert peak <= megabytes * 2**20, f"allocated {peak / 2**20:,.0f} MiB, more than {megabytes} MiB"
