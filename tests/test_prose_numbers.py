"""No hand-typed result numbers in the book's prose (issue 9, §1).

``tools/check_prose_numbers.py`` flags decimals, percentages, fractions, ``N×`` ratios and ``1e-3`` numbers in
markdown that stand outside math, MyST roles (glue, numref, ...) and code. The first tests check the checker
itself on small strings; the last two run it on the real book.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from repo_files import load_module

ROOT = Path(__file__).resolve().parent.parent


checker = load_module("check_prose_numbers", "tools/check_prose_numbers.py")


@pytest.mark.parametrize(
    ("markdown", "expected"),
    [
        ("The error is 0.23 bit.", ["0.23"]),
        ("Constant sizes lose about 17% on the chain.", ["17%"]),
        ("Constant sizes lose 17–39 % here.", ["39 %"]),
        ("a factor 1.9–2.4 at $n=1024$", ["1.9", "2.4"]),
        ("MD4 is 2× slower, LLaDA 10x, Dream ×3.", ["2×", "10x", "×3"]),
        ("a step 1.5 times larger", ["1.5"]),
        ("with total correlation about 1/4", ["1/4"]),
        ("a tolerance of 1e-9 is used", ["1e-9"]),
        ("the value `0.25` is typed", ["0.25"]),
        ("```{glue:figure} fig01\n:name: fig01\n\nThe error is 0.5 here.\n```", ["0.5"]),
        ("```{prf:theorem} T\nerror at most 0.5\n```", ["0.5"]),
    ],
)
def test_checker_flags_typed_numbers(markdown, expected):
    assert [number for number, _ in checker.find_typed_numbers(markdown)] == expected


@pytest.mark.parametrize(
    "markdown",
    [
        "By Theorem 4 (arXiv Thm 1.4) and Lemma 35, p. 33, of PMLR 336:1279–1311.",
        "PMLR items 1–10 are arXiv items 1.1–1.10; see §5.3 and App. F.2, footnote 9, Eq. (2).",
        "arXiv:2511.04647 and 2505.21400v1; version 0.1.0; Python 3.11; in 2009.",
        "The error is {glue:text}`err:.3f` bit, a ratio of {glue}`ratio` and {glue:text}`pct:.1%`.",
        "With $\\varepsilon=0.5$ and $$Z_j = 0.25\\,j$$ and \\begin{align}x&=1.5\\end{align}",
        "```python\nmdm.expected_kl(Z, [0.5, 0.5])\n```",
        "```{math}\n0.5 = 1/2\n```",
        "See {numref}`fig01-riemann` and [the paper](https://arxiv.org/abs/2511.04647v2).",
        "Call `mdm.mdlm_reveal_probs(4, t_min=0.2)`; 120 random laws, 13 positions, 2 steps.",
        "<!-- 0.5 in a comment -->",
    ],
)
def test_checker_allows_math_glue_code_and_item_numbers(markdown):
    assert checker.find_typed_numbers(markdown) == []


def test_checker_reports_file_cell_and_text(tmp_path):
    import json

    notebook = {
        "cells": [
            {
                "cell_type": "code",
                "source": ["x = 0.5\n"],
                "metadata": {},
                "outputs": [],
                "execution_count": 1,
            },
            {"cell_type": "markdown", "source": ["Fine: $0.5$.\n"], "metadata": {}},
            {"cell_type": "markdown", "source": ["It is 12.5% faster.\n"], "metadata": {}},
        ],
        "metadata": {},
        "nbformat": 4,
        "nbformat_minor": 5,
    }
    path = tmp_path / "nb.ipynb"
    path.write_text(json.dumps(notebook), encoding="utf-8")
    (finding,) = checker.scan(path)
    assert (finding.cell, finding.text, finding.context) == (2, "12.5%", "It is 12.5% faster.")
    assert str(finding).startswith(f"{path} cell 2: '12.5%'")


def test_checker_rejects_other_files(tmp_path):
    with pytest.raises(ValueError, match="path must be a .ipynb or .md file"):
        checker.scan(tmp_path / "page.rst")


def test_book_pages_have_no_typed_numbers():
    pages = [p for p in checker.default_paths() if p.suffix == ".md"]
    findings = [f for page in pages for f in checker.scan(page)]
    assert not findings, "hand-typed numbers in the prose pages:\n" + "\n".join(map(str, findings))


def test_notebook_prose_has_no_typed_numbers():
    findings = [f for nb in sorted((ROOT / "notebooks").glob("*.ipynb")) for f in checker.scan(nb)]
    assert not findings, (
        "hand-typed numbers in notebook markdown; glue computed numbers with {glue:text}`key:fmt`, "
        "put chosen parameters in math:\n" + "\n".join(map(str, findings))
    )
