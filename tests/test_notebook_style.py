"""What nbval compares reproduces on other CPUs, and the chapters read like a book (issues 14 and 15).

* A glued number is stored as the reader sees it: no float with 12 or more decimals in a glue record (the last
  digits move with the CPU), and no format spec in the prose (``{glue:text}`key:.3f```): the chapter formats the
  number once, with ``mdm_lib.report.glue``.
* No raw pandas table on the page (``mdm_lib.report.table`` gives readable headers and per-column formats).
* Code lines are at most 88 characters, so no code block scrolls sideways.
* The checks end in the visible summary of ``mdm_lib.report.Checks``, with their code folded.
"""

from __future__ import annotations

import json
import re

import pytest
from repo_files import ROOT

NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
MAX_CODE_LINE = 88

_LONG_FLOAT = re.compile(r"(?<![\w.])-?\d*\.\d{12,}(?:e-?\d+)?")
_GLUE_WITH_FORMAT = re.compile(r"\{glue:text\}`[^`:]+:[^`]+`")


def _cells(path):
    return json.loads(path.read_text(encoding="utf-8"))["cells"]


def _text(value):
    return "".join(value) if isinstance(value, list) else value


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_glued_values_carry_only_the_digits_shown(path):
    found = []
    for i, cell in enumerate(_cells(path)):
        for output in cell.get("outputs", []):
            for mime, value in output.get("data", {}).items():
                if mime.startswith("application/papermill.record/text") and _LONG_FLOAT.search(_text(value)):
                    found.append((i, _text(value)))
        if cell["cell_type"] == "markdown":
            found += [(i, m) for m in _GLUE_WITH_FORMAT.findall(_text(cell["source"]))]
    assert not found, f"{path.name}: format these with mdm_lib.report.glue (cell, text): {found}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_no_raw_pandas_tables(path):
    found = [
        i
        for i, cell in enumerate(_cells(path))
        for output in cell.get("outputs", [])
        if 'class="dataframe"' in _text(output.get("data", {}).get("text/html", ""))
    ]
    assert not found, f"{path.name}: cells {found} show a raw data frame; use mdm_lib.report.table"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_code_fits_the_column(path):
    long = [
        (i, line)
        for i, cell in enumerate(_cells(path))
        if cell["cell_type"] == "code"
        for line in _text(cell["source"]).splitlines()
        if len(line) > MAX_CODE_LINE
    ]
    assert not long, f"{path.name}: code lines over {MAX_CODE_LINE} characters (cell, line): {long}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_checks_end_in_a_folded_summary(path):
    cells = [c for c in _cells(path) if c["cell_type"] == "code"]
    check_cells = [c for c in cells if "checks.that(" in _text(c["source"])]
    assert check_cells, f"{path.name} has no checks (mdm_lib.report.Checks)"
    assert all("hide-input" in c.get("metadata", {}).get("tags", []) for c in check_cells), (
        f"{path.name}: tag every check cell hide-input"
    )
    assert "assert " not in "".join(_text(c["source"]) for c in cells), (
        f"{path.name}: state claims with checks.that(condition, claim), not bare assert"
    )
    last = cells[-1]
    plain = "".join(_text(o.get("data", {}).get("text/plain", "")) for o in last.get("outputs", []))
    assert re.fullmatch(r"✓ \d+ checks? passed", plain.strip()), (
        f"{path.name}: the last cell must display the Checks summary, got {plain!r}"
    )
