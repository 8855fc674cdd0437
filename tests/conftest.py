"""Hypothesis profiles (matplotlib's headless backend is set by the root conftest.py), shared fixtures.

``ci`` (the default) is derandomised: every run draws the same examples, so a failure in CI reproduces.
``explore`` (``HYPOTHESIS_PROFILE=explore``, used by ``make test-explore``) searches: random seeds, more
examples, and a local example database under ``.hypothesis/`` that replays the failures it finds.
"""

import os

import numpy as np
import pytest
from hypothesis import HealthCheck, settings

import mdm_lib as mdm

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


@pytest.fixture(scope="module")
def small_mixture():
    """A random mixture of 3 products over {0,1,2}^6: its full table is small enough to enumerate."""
    rng = np.random.default_rng(7)
    return mdm.ProductMixture(rng.dirichlet(np.ones(3)), rng.dirichlet([0.6, 0.6, 0.6], (3, 6)))
