"""Root conftest: doctests in mdm_lib draw figures without a display."""

import matplotlib

matplotlib.use("Agg")
