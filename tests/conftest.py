"""Hypothesis profiles (matplotlib's headless backend is set by the root conftest.py).

``ci`` (the default) is derandomised: every run draws the same examples, so a failure in CI reproduces.
``explore`` (``HYPOTHESIS_PROFILE=explore``, used by ``make test-explore``) searches: random seeds, more
examples, and a local example database under ``.hypothesis/`` that replays the failures it finds.
"""

import os

from hypothesis import HealthCheck, settings

settings.register_profile(
    "ci",
    derandomize=True,
    database=None,
    deadline=None,
    max_examples=60,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile(
    "explore",
    derandomize=False,
    deadline=None,
    max_examples=1000,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))
