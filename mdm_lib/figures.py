"""The house style, :func:`save_figure`, and the plots the chapters share."""

from __future__ import annotations

import io
import os
import re
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import matplotlib
import matplotlib.pyplot as plt
import numpy as np
from cycler import cycler
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle

from ._validate import as_curve, as_sizes
from .palette import CONCEPTS, sequence, style
from .schedules.released import RELEASED_RULES

if TYPE_CHECKING:
    from matplotlib.typing import RcKeyType

__all__ = [
    "COLORS",
    "figures_directory",
    "house_style",
    "plot_riemann",
    "publish_figure",
    "rule_style",
    "save_figure",
]

#: The colours of :mod:`mdm_lib.palette` by concept (prefer :func:`mdm_lib.palette.style`).
COLORS = {concept: entry.color for concept, entry in CONCEPTS.items()}

#: The released rules and the optimum, whose styles :func:`rule_style` serves.
_RULES = (*RELEASED_RULES, "optimal")

_STYLE: dict[RcKeyType, Any] = {
    "figure.figsize": (6.4, 3.6),
    "figure.dpi": 100,
    "savefig.dpi": 200,  # twice the on-screen resolution: crisp on high-density screens
    "axes.prop_cycle": cycler(color=list(sequence(9))),  # never matplotlib's defaults
    "font.size": 10,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": False,
    "legend.frameon": False,
    "svg.hashsalt": "mdm-companion",
    "svg.fonttype": "path",
    "pdf.fonttype": 42,
}


def rule_style(rule: str) -> dict[str, str]:
    """Line style of a sampler rule in every figure of the book: colour, marker, dash and label.

    Parameters
    ----------
    rule : str
        A key of :data:`mdm_lib.RELEASED_RULES` (e.g. ``"llada"``), or ``"optimal"``.

    Returns
    -------
    dict
        Keyword arguments for :meth:`matplotlib.axes.Axes.plot`, from :func:`mdm_lib.palette.style`:
        ``color``, ``marker``, ``linestyle`` (dashed for the per-token Bernoulli rules) and ``label``.

    Raises
    ------
    ValueError
        If ``rule`` is not a released rule's identifier or ``"optimal"``.

    Examples
    --------
    >>> rule_style("mdlm")
    {'color': '#56b4e9', 'marker': 'v', 'linestyle': '--', 'label': 'MDLM (Bernoulli)'}
    """
    if not isinstance(rule, str) or rule not in _RULES:
        raise ValueError(f"rule must be one of {sorted(_RULES)}, got {rule!r}")
    return style(rule)


def house_style() -> None:
    """Apply the book's matplotlib settings (fixed sizes, deterministic SVG ids).

    The settings go into the global ``matplotlib.rcParams``, so they hold for
    every figure made afterwards in the process.

    Raises
    ------
    None
        The settings are fixed and valid.

    Examples
    --------
    >>> house_style()
    >>> matplotlib.rcParams["svg.hashsalt"] == _STYLE["svg.hashsalt"]
    True
    """
    matplotlib.rcParams.update(_STYLE)


def figures_directory() -> Path:
    """Return the folder :func:`save_figure` writes to by default.

    ``$MDM_FIGURES_DIR`` if set, else ``figures/`` in the nearest enclosing
    folder of the working directory that holds ``_toc.yml`` (the book's root),
    else ``figures/`` in the working directory. The folder is not created.

    Returns
    -------
    pathlib.Path
        The folder.

    Raises
    ------
    FileNotFoundError
        If the working directory no longer exists (from :meth:`pathlib.Path.cwd`).

    Examples
    --------
    >>> isinstance(figures_directory(), Path)
    True
    """
    if os.environ.get("MDM_FIGURES_DIR"):
        return Path(os.environ["MDM_FIGURES_DIR"])
    here = Path.cwd().resolve()
    for folder in (here, *here.parents):
        if (folder / "_toc.yml").is_file():
            return folder / "figures"
    return here / "figures"


def save_figure(
    fig: Figure,
    name: str,
    *,
    directory: str | os.PathLike | None = None,
    formats: Sequence[str] = ("png", "pdf", "svg"),
) -> list[Path]:
    """Write ``fig`` as ``<directory>/<name>.{png,pdf,svg}``, byte-for-byte reproducibly.

    Creation dates are left out of the PDF and SVG, and SVG element ids are
    salted with a fixed string, so the same figure always gives the same files
    and a reader can cite them by name.

    Parameters
    ----------
    fig : matplotlib.figure.Figure
    name : str
        File stem: letters, digits, ``-`` and ``_`` only (e.g. ``"fig01-riemann"``).
    directory : path, optional
        Default :func:`figures_directory`.
    formats : sequence of str
        A subset of ``("png", "pdf", "svg")``.

    Returns
    -------
    list of pathlib.Path
        The files written, in the order of ``formats``.

    Raises
    ------
    TypeError
        If ``fig`` is not a :class:`matplotlib.figure.Figure`.
    ValueError
        If ``name`` holds another character than letters, digits, ``-`` and
        ``_``, or ``formats`` is empty or names another format.
    OSError
        If the folder cannot be created or a file cannot be written.

    Examples
    --------
    >>> import tempfile
    >>> fig, ax = plt.subplots(); _ = ax.plot([0, 1])
    >>> paths = save_figure(fig, "demo", directory=tempfile.mkdtemp())
    >>> [p.suffix for p in paths]
    ['.png', '.pdf', '.svg']
    >>> plt.close(fig)
    """
    if not isinstance(fig, Figure):
        raise TypeError(f"fig must be a matplotlib Figure, got {type(fig).__name__}")
    if not isinstance(name, str) or not re.fullmatch(r"[A-Za-z0-9_-]+", name):
        raise ValueError(f"name must be letters, digits, '-' or '_', got {name!r}")
    unknown = set(formats) - {"png", "pdf", "svg"}
    if unknown or not formats:
        raise ValueError(f"formats must be a non-empty subset of ('png', 'pdf', 'svg'), got {formats!r}")
    folder = Path(directory) if directory is not None else figures_directory()
    folder.mkdir(parents=True, exist_ok=True)
    metadata = {
        "png": {"Software": None},
        "pdf": {"CreationDate": None, "Creator": None, "Producer": None},
        "svg": {"Date": None, "Creator": None},
    }
    paths = []
    with matplotlib.rc_context({"svg.hashsalt": _STYLE["svg.hashsalt"]}):
        for fmt in formats:
            path = folder / f"{name}.{fmt}"
            fig.savefig(path, format=fmt, metadata=metadata[fmt])
            paths.append(path)
    return paths


class _CrispPNG:
    """A figure rendered at ``savefig.dpi`` and shown at its on-screen size (``figure.dpi``): what Jupyter's
    "retina" format does, so the page shows a sharp image. IPython reads ``_repr_png_``'s metadata."""

    def __init__(self, fig: Figure) -> None:
        buffer = io.BytesIO()
        fig.savefig(buffer, format="png", metadata={"Software": None})
        self._png = buffer.getvalue()
        self._width = round(fig.get_figwidth() * fig.dpi)

    def _repr_png_(self) -> tuple[bytes, dict[str, int]]:
        return self._png, {"width": self._width}


def publish_figure(fig: Figure, name: str) -> None:
    """Save ``fig`` under its stable name, glue a sharp copy for the page, and close it.

    The one call a chapter makes after drawing a figure: the PNG, PDF and SVG files go to
    :func:`figures_directory` through :func:`save_figure`, the figure is glued (myst-nb) under
    ``name`` for a ``{glue:figure}`` directive, as a PNG at twice the screen resolution, and the
    figure is closed so that the notebook shows it only where the text places it.

    Parameters
    ----------
    fig : matplotlib.figure.Figure
    name : str
        File stem and glue key, e.g. ``"fig02-shapes"`` (letters, digits, ``-``, ``_``).

    Returns
    -------
    None
        The files are ``<figures_directory()>/<name>.{png,pdf,svg}``.

    Raises
    ------
    TypeError, ValueError
        As :func:`save_figure`.
    ImportError
        If myst-nb (the book's notebook renderer) is not installed.

    Examples
    --------
    >>> import tempfile, os
    >>> os.environ["MDM_FIGURES_DIR"] = tempfile.mkdtemp()
    >>> fig, ax = plt.subplots(); _ = ax.plot([0, 1])
    >>> publish_figure(fig, "demo")
    >>> sorted(p.suffix for p in figures_directory().iterdir())
    ['.pdf', '.png', '.svg']
    >>> del os.environ["MDM_FIGURES_DIR"]
    """
    from myst_nb import glue

    save_figure(fig, name)
    glue(name, _CrispPNG(fig), display=False)
    plt.close(fig)


def plot_riemann(
    Z: object,
    sizes: Sequence[int],
    *,
    ax: Axes | None = None,
    label_steps: bool = True,
    label_nodes: bool = True,
) -> Axes:
    """Draw the paper's Figure 1: a curve, its left-Riemann steps, and the error area.

    Index ``j`` is drawn as the unit interval ``[j, j + 1]``. The blue curve joins
    the points ``(j, Z_j)``; the red steps have height ``Z_{N_a}`` on
    ``[N_a, N_{a+1})`` and the last one runs on to ``n + 1``; each light-blue
    rectangle spans ``[j, j + 1]`` from the step up to ``Z_j``. The rectangles'
    total area is ``expected_kl(Z, sizes)``; they are the only
    :class:`~matplotlib.patches.Rectangle` patches added, so the area can be
    read back from ``ax.patches``. The vertical axis is labelled in bits, the
    library's default unit.

    Parameters
    ----------
    Z : array_like, shape (n,)
    sizes : sequence of int
        The schedule; zero-size steps are dropped.
    ax : matplotlib.axes.Axes, optional
    label_steps, label_nodes : bool
        Write ``s_i`` above each step and ``Z_{N_a}`` at each node.

    Returns
    -------
    matplotlib.axes.Axes
        ``ax``, or the axes of a new figure when ``ax`` is None.

    Raises
    ------
    TypeError
        If ``Z`` is not numeric, or ``sizes`` is not a sequence of integers.
    ValueError
        If ``Z`` is not a finite non-empty 1-d array, or ``sizes`` holds a
        negative or non-whole size or does not sum to ``n``.
    """
    Z = as_curve(Z)
    n = Z.size
    sizes = as_sizes(sizes, n)
    sizes = sizes[sizes > 0]
    if ax is None:
        _, ax = plt.subplots()
    j = np.arange(1, n + 1)
    nodes = np.concatenate([[1], 1 + np.cumsum(sizes)[:-1]])  # N_1 = 1, ..., N_k
    ends = np.append(nodes[1:], n + 1)
    steps = np.repeat(Z[nodes - 1], sizes)  # Z^N_j
    for x, top, bottom in zip(j, Z, steps, strict=True):
        if top > bottom:
            ax.add_patch(
                Rectangle(
                    (float(x), float(bottom)),
                    1.0,
                    top - bottom,
                    facecolor=COLORS["area"],
                    edgecolor="white",
                    linewidth=0.5,
                    zorder=1,
                )
            )
    for i, (a, b) in enumerate(zip(nodes, ends, strict=True)):
        ax.plot([a, b], [Z[a - 1]] * 2, color=COLORS["steps"], linewidth=2, zorder=2)
        if i + 1 < len(nodes):
            ax.plot([b, b], [Z[a - 1], Z[b - 1]], color=COLORS["steps"], linewidth=1, linestyle=":", zorder=2)
        if label_steps:
            ax.annotate(
                f"$s_{{{i + 1}}}={b - a}$",
                ((a + b) / 2, Z[a - 1]),
                xytext=(0, -12),
                textcoords="offset points",
                ha="center",
                va="top",
                color=COLORS["steps"],
                fontsize=9,
            )
        if label_nodes and a > 1:
            ax.annotate(
                f"$Z_{{{a}}}$",
                (a, Z[a - 1]),
                xytext=(-4, 4),
                textcoords="offset points",
                ha="right",
                va="bottom",
                fontsize=9,
            )
    ax.plot(j, Z, color=COLORS["curve"], marker="o", markersize=3.5, linewidth=1.5, zorder=3)
    if label_nodes:
        ax.annotate(f"$Z_{{{n}}}$", (n, Z[-1]), xytext=(4, 4), textcoords="offset points", fontsize=9)
    ax.set_xlim(0.5, n + 1.5)
    top = max(float(Z.max()), 1e-12)
    ax.set_ylim(-0.12 * top, 1.1 * top)  # room for the s_1 label under the first step
    ax.set_xticks(list(range(1, n)) + [n])
    ax.set_xticklabels([str(t) for t in range(1, n)] + [f"n={n}"])
    ax.set_xlabel("$j$")
    ax.set_ylabel("$Z_j$ (bits)")
    return ax
