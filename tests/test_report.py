"""mdm_lib.report: glued numbers as the reader sees them, book tables, and the checks summary."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from mdm_lib import report


def test_glue_formats_once_and_shows_no_quotes():
    assert repr(report.glue("t-ratio", 2 / 3, ".3f")) == "0.667"
    assert repr(report.glue("t-percent", 12.345, "{:.1f} %")) == "12.3 %"
    assert repr(report.glue("t-count", 1_234_567, ",d")) == "1,234,567"
    assert repr(report.glue("t-label", "MaskGIT cosine")) == "MaskGIT cosine"
    assert repr(report.glue("t-call", 0.5, lambda v: f"{v:.0%}")) == "50%"


def test_glued_text_reaches_the_page_as_formatted(monkeypatch):
    # the page shows myst-nb's format_plain_text of the stored text/plain, which literal_evals it
    from IPython.core.formatters import format_display_data
    from myst_nb.core.variables import format_plain_text

    glued = {}
    monkeypatch.setattr("myst_nb.glue", lambda key, value, display=True: glued.__setitem__(key, value))
    for key, value, fmt in [("t-zero", 0.737, ".4f"), ("t-thousands", 540_540, ",d"), ("t-int", 3, "")]:
        shown = report.glue(key, value, fmt)
        stored = format_display_data(glued[key])[0]["text/plain"]
        assert format_plain_text(stored, "") == repr(shown)
    shown = report.glue("t-list", "0.0000, 0.2173")
    assert format_plain_text(format_display_data(glued["t-list"])[0]["text/plain"], "") == "0.0000, 0.2173"


def test_a_value_that_rounds_to_zero_shows_no_sign():
    # rounding noise has either sign, depending on the machine: the text must not
    assert repr(report.glue("t-zero", -3e-17, ".3f")) == "0.000"
    assert repr(report.glue("t-zero-e", -3e-17, ".1e")) == "-3.0e-17"
    assert repr(report.glue("t-zero-unit", -1e-9, "{:.2f} s")) == "0.00 s"
    assert repr(report.glue("t-small", -0.5, ".1f")) == "-0.5"
    assert repr(report.glue("t-thousandth", -0.001, ".3f")) == "-0.001"
    frame = pd.DataFrame({"error": [-1e-13, 1e-13, -0.25]})
    assert report.table(frame, {"error": ".4f"}).rows == [["0.0000"], ["0.0000"], ["−0.2500"]]


def test_glue_refuses_floats_without_a_format_and_nan():
    with pytest.raises(TypeError, match="give fmt"):
        report.glue("t-float", 0.1)
    with pytest.raises(ValueError, match="NaN"):
        report.glue("t-nan", math.nan, ".3f")
    with pytest.raises(ValueError, match="key must be"):
        report.glue("no spaces", 1)
    with pytest.raises(TypeError, match="fmt must be"):
        report.glue("t-fmt", 1.0, 3)


def test_glue_bound_states_the_claim_and_checks_it():
    assert repr(report.glue_bound("t-res", -8.9e-15)) == "below 1e-12"
    assert repr(report.glue_bound("t-res9", 3e-10, bound=1e-9)) == "below 1e-9"
    with pytest.raises(AssertionError, match="is not below 1e-12"):
        report.glue_bound("t-big", 2e-12)
    with pytest.raises(ValueError, match="bound must be"):
        report.glue_bound("t-neg", 0.0, bound=-1.0)
    with pytest.raises(ValueError, match="NaN"):
        report.glue_bound("t-nan", math.nan)


def test_table_formats_each_column_and_drops_the_index():
    frame = pd.DataFrame(
        {"k": [4, 16], "error": [0.51234, math.inf], "ratio": [-0.25, math.nan], "rule": ["a|b", "c"]},
        index=[7, 9],
    )
    shown = report.table(frame, {"error": ".3f", "ratio": ".2f"}, headers={"error": "error (bits)"})
    assert shown.headers == ["k", "error (bits)", "ratio", "rule"]
    assert shown.rows == [["4", "0.512", "−0.25", "a|b"], ["16", "∞", "–", "c"]]
    assert shown.align == ["right", "right", "right", "left"]
    markdown = shown._repr_markdown_().splitlines()
    assert markdown[0] == "| k | error (bits) | ratio | rule |"
    assert markdown[1] == "| ---: | ---: | ---: | :--- |"
    assert markdown[2] == r"| 4 | 0.512 | −0.25 | a\|b |"


def test_table_keeps_bars_inside_maths_and_shows_a_named_index():
    frame = pd.DataFrame({"x": [1]}, index=pd.Index(["law"], name="name"))
    shown = report.table(frame, headers={"x": r"$\mathrm{KL}(\mu\|\nu)$, $|S|$"}, index=True)
    assert shown.headers[0] == "name" and shown.rows == [["law", "1"]]
    assert r"$\mathrm{KL}(\mu\Vert \nu)$, $\vert S\vert $" in shown._repr_markdown_()


def test_table_refuses_unformatted_floats_and_unknown_columns():
    frame = pd.DataFrame({"error": [0.1]})
    with pytest.raises(TypeError, match="holds floats"):
        report.table(frame)
    with pytest.raises(ValueError, match="does not have"):
        report.table(frame, {"error": ".1f", "missing": ".1f"})
    with pytest.raises(TypeError, match="DataFrame"):
        report.table([[0.1]])


def test_checks_count_name_and_fail_loudly():
    checks = report.Checks()
    checks.that(True, "first claim")
    checks.that(1 < 2, "second claim & more")
    assert repr(checks) == "✓ 2 checks passed"
    html = checks._repr_html_()
    assert "<summary>✓ 2 checks passed</summary>" in html and "<li>second claim &amp; more</li>" in html
    with pytest.raises(AssertionError, match=r"check 3 failed: third claim \(x = 2\)"):
        checks.that(False, "third claim", "x = 2")
    with pytest.raises(TypeError, match="single truth value"):
        import numpy as np

        checks.that(np.array([True, False]), "an array")
    with pytest.raises(TypeError, match="claim must be"):
        checks.that(True, "")
    assert len(checks.claims) == 2
