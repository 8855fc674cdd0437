"""Figures people can cite (issue 9, §5): committed, all on the figures page, and the page is current.

The byte-for-byte regeneration check is in the root ``conftest.py``: nbval runs the notebooks with
``MDM_FIGURES_DIR`` pointed at ``_build/regenerated-figures/``, and at the end of the session every regenerated
file is compared with the committed one. The tests here check the rest without running any notebook.
"""

from __future__ import annotations

import re
from pathlib import Path

from repo_files import load_module

ROOT = Path(__file__).resolve().parent.parent


figures_page = load_module("figures_page", "tools/figures_page.py")


def _committed() -> set[str]:
    return {p.name for p in (ROOT / "figures").iterdir() if p.is_file()}


def test_every_figure_is_committed_in_three_formats():
    figures = figures_page.collect_figures()
    assert figures, "no {glue:figure} found in the chapter notebooks"
    expected = {f"{f.name}.{fmt}" for f in figures for fmt in figures_page.FORMATS}
    missing = sorted(expected - _committed())
    assert not missing, f"figures shown in the book but not committed under figures/: {missing}"


def test_every_committed_file_is_a_figure_of_the_book():
    shown = {f"{f.name}.{fmt}" for f in figures_page.collect_figures() for fmt in figures_page.FORMATS}
    extra = sorted(_committed() - shown)
    assert not extra, f"files under figures/ that no chapter shows (stale?): {extra}"


def test_figures_page_links_every_committed_file_and_only_those():
    page = (ROOT / "book" / "figures.md").read_text(encoding="utf-8")
    linked = set(re.findall(r"\{download\}`\w+ <\.\./figures/([^>]+)>`", page))
    assert linked == _committed()


def test_figures_page_is_generated_from_the_notebooks():
    page = (ROOT / "book" / "figures.md").read_text(encoding="utf-8")
    assert page == figures_page.render(figures_page.collect_figures()), (
        "book/figures.md is stale: run python tools/figures_page.py"
    )


def _png(path, height=100, width=200, line_at=None, dot=None):
    """Write a white PNG, optionally with a horizontal black line at row ``line_at`` and one grey pixel."""
    import numpy as np
    from PIL import Image

    pixels = np.full((height, width, 3), 255, dtype=np.uint8)
    if line_at is not None:
        pixels[line_at : line_at + 2, :] = 0
    if dot is not None:
        pixels[dot] = 200
    Image.fromarray(pixels).save(path)


def test_regeneration_check_compares_what_a_reader_sees(tmp_path):
    figure_differences = load_module("_root_conftest", "conftest.py").figure_differences
    committed, regenerated = tmp_path / "committed", tmp_path / "regenerated"
    committed.mkdir()
    regenerated.mkdir()
    _png(committed / "fig01-a.png", line_at=40)
    _png(regenerated / "fig01-a.png", line_at=40, dot=(10, 10))  # one pixel, 55 levels: rounding noise
    (committed / "fig01-a.pdf").write_bytes(b"pdf bytes of this machine")
    (regenerated / "fig01-a.pdf").write_bytes(b"pdf bytes of another machine")
    assert figure_differences(regenerated, committed) == []
    _png(committed / "fig01-b.png", line_at=40)
    _png(regenerated / "fig01-b.png", line_at=60)  # the line moved: 800 of 20,000 pixels
    _png(committed / "fig01-c.png")
    _png(regenerated / "fig01-c.png", width=201)
    (regenerated / "fig02-new.svg").write_bytes(b"new")
    (regenerated / "scratch.png").write_bytes(b"not a book figure")
    assert figure_differences(regenerated, committed) == [
        "fig01-b.png: differs from figures/fig01-b.png: 4.00% of the pixels differ by more than 32 levels",
        "fig01-c.png: differs from figures/fig01-c.png: size 201x100 != 200x100",
        "fig02-new.svg: regenerated but not committed under figures/",
    ]


def test_figures_page_is_a_grid_of_cards_with_descriptive_alt_text():
    page = (ROOT / "book" / "figures.md").read_text(encoding="utf-8")
    figures = figures_page.collect_figures()
    assert page.count("{grid-item-card}") == len(figures)
    alts = re.findall(r"^:img-alt: (.+)$", page, re.MULTILINE)
    assert len(alts) == len(figures) and all(len(alt.split()) >= 4 and "$" not in alt for alt in alts)
    assert "560px" not in page


def test_a_caption_s_first_sentence_ends_outside_maths_and_parentheses():
    assert figures_page.first_sentence("Steps at $N=(1,5)$ (see Fig. 1.1). Then more.") == (
        "Steps at $N=(1,5)$ (see Fig. 1.1)."
    )
    assert figures_page.first_sentence("No full stop") == "No full stop"
