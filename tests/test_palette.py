"""The palette is the only source of colours and markers (issue 15 §2).

Every figure of the book draws each concept (the information curve, the optimum, a released rule, ...) in the
same colour, marker and dash: ``mdm_lib.palette``. A chapter that writes a colour or a marker of its own (a
literal ``color="C1"``, ``"#d62728"``, ``"k--"``, ``marker="x"``, ``cmap="viridis"``) fails here.
"""

from __future__ import annotations

import json
import re

import pytest
from repo_files import ROOT

import mdm_lib as mdm
from mdm_lib import palette

NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))

_OWN_STYLE = [
    # a keyword that takes a colour, a marker, a dash or a colour map, given a string literal
    re.compile(
        r"\b(colou?rs?|c|facecolou?r|edgecolou?r|markerfacecolou?r|markeredgecolou?r|mfc|mec|ecolor|"
        r"marker|cmap)\s*=\s*[rbf]?['\"]"
    ),
    re.compile(r"['\"](C\d|#[0-9a-fA-F]{3,8}|tab:\w+|xkcd:[\w ]+)['\"]"),  # cycle, hex and named colours
    re.compile(r",\s*['\"][bgrcmykw]?[-:.o^v<>sdD*+xph|_]{1,4}['\"]\s*[,)]"),  # "k--", "o", "r."
]


def _own_styles(source: str) -> list[str]:
    return [m.group(0) for pattern in _OWN_STYLE for m in pattern.finditer(source)]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_chapters_take_their_colours_and_markers_from_the_palette(path):
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    found = [
        (i, hit)
        for i, cell in enumerate(cells)
        if cell["cell_type"] == "code"
        for hit in _own_styles("".join(cell["source"]))
    ]
    assert not found, f"{path.name} sets its own styles (cell, text): {found}; use mdm_lib.palette"


def test_the_checker_finds_own_styles_and_passes_the_palette():
    assert _own_styles('ax.plot(x, y, color="C1", marker="x")') == ['color="', 'marker="', '"C1"']
    assert _own_styles("ax.plot(x, y, 'k--')") == [", 'k--')"]
    assert _own_styles('ax.imshow(a, cmap="Greys")') == ['cmap="']
    assert _own_styles('ax.bar(x, h, edgecolor="#ffffff")') == ['edgecolor="', '"#ffffff"']
    palette_calls = (
        'ax.plot(x, y, **mdm.palette.style("optimal"))\n'
        'ax.plot(x, y, color=mdm.palette.color("curve"), label="Z")\n'
        "ax.imshow(a, cmap=mdm.palette.IMAGE_CMAP)\n"
        'ax.set_xlabel("steps k"); ax.legend(loc="upper left")'
    )
    assert _own_styles(palette_calls) == []


def test_every_concept_has_its_own_look():
    looks = [(s.color, s.marker, s.linestyle) for s in palette.CONCEPTS.values()]
    assert len(set(looks)) == len(looks), "two concepts are drawn alike"
    assert set(mdm.RELEASED_RULES) <= set(palette.CONCEPTS)
    assert all(re.fullmatch(r"#[0-9a-f]{6}", s.color) for s in palette.CONCEPTS.values())


def test_bad_concepts_and_counts_are_refused():
    with pytest.raises(ValueError, match="concept must be one of"):
        palette.style("LLaDA linear")
    with pytest.raises(ValueError, match="count must lie in"):
        palette.sequence(10)
    with pytest.raises(TypeError, match="count must be an int"):
        palette.sequence(2.0)
