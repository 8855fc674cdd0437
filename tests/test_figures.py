import hashlib

import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.patches import Rectangle

import mdm_lib as mdm


def _digest(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _figure():
    fig, ax = plt.subplots()
    Z = np.array([0.0, 0.3, 0.5, 0.6, 0.65, 0.7])
    mdm.plot_riemann(Z, [2, 3, 1], ax=ax)
    return fig


def test_save_figure_writes_three_identical_files_twice(tmp_path):
    mdm.house_style()
    first = [_digest(p) for p in mdm.save_figure(_figure(), "fig-test", directory=tmp_path / "a")]
    second = [_digest(p) for p in mdm.save_figure(_figure(), "fig-test", directory=tmp_path / "b")]
    assert first == second
    assert sorted(p.name for p in (tmp_path / "a").iterdir()) == [
        "fig-test.pdf",
        "fig-test.png",
        "fig-test.svg",
    ]
    plt.close("all")


def test_figures_directory_finds_the_book_root(tmp_path, monkeypatch):
    (tmp_path / "_toc.yml").write_text("root: intro\n")
    (tmp_path / "notebooks").mkdir()
    monkeypatch.delenv("MDM_FIGURES_DIR", raising=False)
    monkeypatch.chdir(tmp_path / "notebooks")
    from mdm_lib.figures import figures_directory

    assert figures_directory() == tmp_path.resolve() / "figures"


def test_bad_figure_names():
    fig = _figure()
    with pytest.raises(ValueError, match="name must be"):
        mdm.save_figure(fig, "../escape")
    with pytest.raises(ValueError, match="formats"):
        mdm.save_figure(fig, "ok", formats=("jpg",))
    plt.close(fig)


@pytest.mark.parametrize("sizes", [[2, 3, 1], [6], [1] * 6, [0, 4, 0, 2]])
def test_riemann_rectangles_have_the_expected_kl_as_area(sizes):
    Z = np.array([0.0, 0.3, 0.5, 0.6, 0.65, 0.7])
    fig, ax = plt.subplots()
    mdm.plot_riemann(Z, sizes, ax=ax)
    area = sum(r.get_width() * r.get_height() for r in ax.patches if isinstance(r, Rectangle))
    assert area == pytest.approx(mdm.expected_kl(Z, sizes), abs=1e-12)
    plt.close(fig)


def test_every_released_rule_has_its_own_colour_and_style():
    rules = [*mdm.RELEASED_RULES, "optimal"]
    styles = [mdm.rule_style(rule) for rule in rules]
    assert all(mdm.COLORS[rule] == style["color"] for rule, style in zip(rules, styles, strict=True))
    assert len({style["color"] for style in styles}) == len(rules), "two rules share a colour"
    assert len({style["marker"] for style in styles}) == len(rules), "two rules share a marker"
    assert [style["label"] for style in styles[:-1]] == list(mdm.RELEASED_RULES.values())
    assert {mdm.rule_style(r)["linestyle"] for r in ("mdlm", "md4_cosine", "dream_origin")} == {"--"}


def test_rule_style_rejects_unknown_rules():
    with pytest.raises(ValueError, match="rule must be one of"):
        mdm.rule_style("LLaDA linear")
    with pytest.raises(ValueError, match="rule must be one of"):
        mdm.rule_style(3)
