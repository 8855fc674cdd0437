"""Root conftest: headless matplotlib, and the check that re-running the notebooks reproduces ``figures/``.

How the figure check works (issue 9, §5). The figure files are committed under ``figures/``. During a test
session, every figure that ``mdm_lib.save_figure`` writes without an explicit directory goes to
``_build/regenerated-figures/`` instead (``MDM_FIGURES_DIR`` is set here, before nbval starts any kernel, and kernels
and xdist workers inherit it). So nbval's execution of the notebooks, which is the notebooks' own code path,
regenerates the figures without touching the committed files. When the session ends, every regenerated figure is
compared with the committed one *as a reader sees it*: the PNGs must have the same size, and at most
``PIXEL_SHARE`` of their pixels may differ by more than ``PIXEL_LEVELS`` (of 255) in a channel. A wrong line, a
moved label or a changed data point changes thousands of pixels; the last bits of a float, which move with the
CPU's vector instructions and maths library, move a handful by one level, or anti-alias two or three points of a
marker differently. The PDF and SVG files are drawn from the same figure; their bytes move with the machine, so
they are only required to exist beside the PNG. A difference, or a figure that is not committed, fails the session
with a list of the files.

Why a session hook and not a test: the comparison must run after every notebook has run, and neither test order
nor xdist's distribution of files guarantees that for a test function; ``pytest_sessionfinish`` runs once, in the
controlling process, after all workers have finished. Only figures regenerated in this session are compared, so
``pytest notebooks/01_exact_kl.ipynb`` checks chapter 1's figures and a run without notebooks checks none.
``tests/test_figures_committed.py`` checks the other half: every committed file is on the figures page, and the
page is current.
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

ROOT = Path(__file__).resolve().parent
REGENERATED = ROOT / "_build" / "regenerated-figures"
_FIGURE_FILE = re.compile(r"fig\d{2}-[\w-]+\.(png|pdf|svg)")


def pytest_configure(config):
    config.addinivalue_line(
        "markers", "browser: opens the built book in headless chromium (tests/test_browser.py)"
    )
    if not hasattr(config, "workerinput"):  # the controlling process (or a run without xdist) starts afresh
        shutil.rmtree(REGENERATED, ignore_errors=True)
    REGENERATED.mkdir(parents=True, exist_ok=True)
    os.environ["MDM_FIGURES_DIR"] = str(REGENERATED)


#: A pixel "differs" if a channel moves by more than this many levels (of 255) ...
PIXEL_LEVELS = 32
#: ... and a figure differs if more than this share of its pixels do (0.1 %: about 1,000 pixels of a
#: 1,300 x 800 figure; a 3-pixel-wide line across the figure is several thousand).
PIXEL_SHARE = 1e-3


def png_difference(first: Path, second: Path) -> str | None:
    """Why two PNG files look different to a reader, or None if they look the same."""
    import numpy as np
    from PIL import Image

    a = np.asarray(Image.open(first).convert("RGBA"), dtype=np.int16)
    b = np.asarray(Image.open(second).convert("RGBA"), dtype=np.int16)
    if a.shape != b.shape:
        return f"size {a.shape[1]}x{a.shape[0]} != {b.shape[1]}x{b.shape[0]}"
    share = float((np.abs(a - b).max(axis=2) > PIXEL_LEVELS).mean())
    if share > PIXEL_SHARE:
        return f"{share:.2%} of the pixels differ by more than {PIXEL_LEVELS} levels"
    return None


def figure_differences(regenerated: Path, committed: Path) -> list[str]:
    """Regenerated figures that look different from the committed figure of the same name, or lack a file."""
    problems = []
    for path in sorted(regenerated.glob("*")):
        if not _FIGURE_FILE.fullmatch(path.name):
            continue
        target = committed / path.name
        if not target.is_file():
            problems.append(f"{path.name}: regenerated but not committed under figures/")
        elif path.suffix == ".png" and (why := png_difference(path, target)):
            problems.append(f"{path.name}: differs from figures/{path.name}: {why}")
    return problems


def pytest_sessionfinish(session, exitstatus):
    if hasattr(session.config, "workerinput") or not REGENERATED.is_dir():
        return
    problems = figure_differences(REGENERATED, ROOT / "figures")
    checked = sum(1 for p in REGENERATED.glob("*") if _FIGURE_FILE.fullmatch(p.name))
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    if reporter is not None and checked:
        reporter.write_line(
            f"figures: {checked} regenerated files checked against figures/ (PNG pixels), {len(problems)} differ"
        )
        for line in problems:
            reporter.write_line(f"  {line}", red=True)
        if problems:
            reporter.write_line(
                "  re-run the notebooks (make notebooks) and commit figures/ if the change is intended",
                red=True,
            )
    if problems:
        session.exitstatus = 1
