"""The book's palette: one colour, marker and dash per concept, in every figure.

A *concept* is a thing a figure draws: the information curve, its left-Riemann
steps, the error area, the optimal schedule, each released sampler's rule, each
construction of the paper, a bound, an estimate, a learned model. Every figure
of the book takes its colours, markers and dashes from here, so that a concept
looks the same in every figure (a test fails if a chapter sets its own).
Families indexed by a number (``n = 10, 100, 1000``; ``m`` components) take
their colours from :func:`sequence`, in order.

The colours are those of Okabe and Ito (2008) and Paul Tol's "muted" scheme,
both chosen to stay distinguishable under the common colour-vision deficiencies;
markers and dashes separate the concepts whose curves often coincide (the
constant-count rules of LLaDA and Dream, say). This module imports nothing
heavy, so the palette can be read without matplotlib.

Examples
--------
>>> style("optimal")["color"]
'#000000'
>>> sorted(style("mdlm"))
['color', 'label', 'linestyle', 'marker']
>>> sequence(3)
('#332288', '#44aa99', '#ddcc77')
"""

from __future__ import annotations

from types import MappingProxyType
from typing import NamedTuple

__all__ = ["BACKGROUND", "CONCEPTS", "IMAGE_CMAP", "NEUTRAL", "Style", "color", "sequence", "style"]


class Style(NamedTuple):
    """How one concept is drawn.

    Attributes
    ----------
    color : str
        A hex colour.
    marker : str
        A matplotlib marker (``""`` for none).
    linestyle : str
        A matplotlib dash: ``"-"``, ``"--"``, ``":"`` or ``"-."``.
    label : str
        The legend entry: what the concept is, in words.

    Raises
    ------
    TypeError
        If a field is missing (the fields are not validated: the palette is fixed).

    Examples
    --------
    >>> CONCEPTS["curve"].label
    'information curve Z'
    """

    color: str
    """A hex colour."""
    marker: str
    """A matplotlib marker (``""`` for none)."""
    linestyle: str
    """A matplotlib dash."""
    label: str
    """The legend entry."""


#: Every concept a figure draws, and its style. Keys of the released rules are those of
#: :data:`mdm_lib.RELEASED_RULES`; the per-token (Bernoulli) rules are dashed.
CONCEPTS = MappingProxyType(
    {
        # Figure 1: the curve, its steps at a schedule's nodes, and the error between them
        "curve": Style("#0072b2", "o", "-", "information curve Z"),
        "steps": Style("#d55e00", "", "-", "left-Riemann steps"),
        "area": Style("#9ecae1", "", "-", "error area"),
        # the optimum
        "optimal": Style("#000000", "*", "-", "optimal"),
        # released samplers' rules (constant counts solid, per-token Bernoulli rules dashed)
        "llada": Style("#e69f00", "o", "-", "LLaDA linear"),
        "dream": Style("#8c6d00", "s", "-.", "Dream"),
        "maskgit_cosine": Style("#009e73", "^", "-", "MaskGIT cosine"),
        "mdlm": Style("#56b4e9", "v", "--", "MDLM (Bernoulli)"),
        "md4_cosine": Style("#cc79a7", "D", "--", "MD4 cosine grid (Bernoulli)"),
        "dream_origin": Style("#882255", "P", "--", "Dream origin (Bernoulli)"),
        "geometric_growth": Style("#999933", "<", "-", "geometric growth"),
        "geometric_decay": Style("#6e6e6e", ">", "-", "geometric decay"),
        # the paper's constructions
        "tc_schedule": Style("#332288", "s", "--", "TC schedule (Theorem 9)"),
        "dtc_schedule": Style("#117733", "D", "--", "DTC schedule (Theorem 9)"),
        "austin": Style("#aa4499", "x", "-", "Austin's schedule"),
        "li_cai": Style("#44aa99", "+", "-", "Li–Cai schedule"),
        "square_root": Style("#88ccee", ".", "-", "square-root rule"),
        # bounds, estimates, models, data
        "upper_bound": Style("#4d4d4d", "", "--", "upper bound"),
        "lower_bound": Style("#4d4d4d", "", ":", "lower bound"),
        "exact": Style("#000000", "", "-", "exact"),
        "estimate": Style("#0072b2", "o", "", "estimate (± 2 s.e.)"),
        "model": Style("#cc6677", "o", "-", "learned model"),
        "data": Style("#4d4d4d", ".", "", "data"),
        # query strategies against the hard prior (Theorems 5 and 24)
        "constant_steps": Style("#e69f00", "o", "--", "constant steps"),
        "geometric_steps": Style("#999933", "<", "--", "geometric steps"),
        "doubling_probe": Style("#332288", "p", "-", "doubling probe"),
        "binary_search": Style("#aa4499", "h", "--", "binary search"),
        "random_probe": Style("#44aa99", "X", "--", "random probe"),
        "random_steps": Style("#88ccee", "d", ":", "random steps"),
        # a learned model's curve read from its loss table, and its own share of the error (Lemma 35)
        "model_losses": Style("#cc6677", "s", "--", "learned model, from its loss table"),
        "model_error": Style("#cc6677", "v", ":", "the model's own error (Lemma 35)"),
    }
)

#: Grey for reference lines, annotations and anything that is not a concept of its own.
NEUTRAL = "#8c8c8c"

#: The page's background, for edges that separate touching bars or patches.
BACKGROUND = "#ffffff"

#: Colour map for images (e.g. handwritten digits): white is 0.
IMAGE_CMAP = "Greys"

# Ordered families: Paul Tol's "muted" scheme in a fixed order, which keeps neighbours apart.
_SEQUENCE = (
    "#332288",
    "#44aa99",
    "#ddcc77",
    "#cc6677",
    "#88ccee",
    "#117733",
    "#aa4499",
    "#999933",
    "#882255",
)


def style(concept: str) -> dict[str, str]:
    """Keyword arguments that draw ``concept`` in the book's style.

    Parameters
    ----------
    concept : str
        A key of :data:`CONCEPTS` (e.g. ``"optimal"``, ``"llada"``, ``"curve"``).

    Returns
    -------
    dict
        ``color``, ``marker``, ``linestyle`` and ``label``, ready for
        :meth:`matplotlib.axes.Axes.plot` (drop ``label`` or override it with a more
        specific one where needed).

    Raises
    ------
    ValueError
        If ``concept`` is not a key of :data:`CONCEPTS`.

    Examples
    --------
    >>> style("llada")
    {'color': '#e69f00', 'marker': 'o', 'linestyle': '-', 'label': 'LLaDA linear'}
    """
    if not isinstance(concept, str) or concept not in CONCEPTS:
        raise ValueError(f"concept must be one of {sorted(CONCEPTS)}, got {concept!r}")
    return CONCEPTS[concept]._asdict()


def color(concept: str) -> str:
    """The colour of ``concept``.

    Parameters
    ----------
    concept : str
        A key of :data:`CONCEPTS`.

    Returns
    -------
    str
        A hex colour.

    Raises
    ------
    ValueError
        If ``concept`` is not a key of :data:`CONCEPTS`.

    Examples
    --------
    >>> color("curve")
    '#0072b2'
    """
    return style(concept)["color"]


def sequence(count: int) -> tuple[str, ...]:
    """Colours for an ordered family of ``count`` members (e.g. ``n = 10, 100, 1000``).

    Parameters
    ----------
    count : int
        How many members, 1 to 9.

    Returns
    -------
    tuple of str
        ``count`` hex colours, the same for the same ``count`` in every figure.

    Raises
    ------
    TypeError
        If ``count`` is not an int.
    ValueError
        If ``count`` is not between 1 and 9 (more lines than that in one panel do not read; split
        the panel).

    Examples
    --------
    >>> len(sequence(4))
    4
    """
    if isinstance(count, bool) or not isinstance(count, int):
        raise TypeError(f"count must be an int, got {type(count).__name__}")
    if not 1 <= count <= len(_SEQUENCE):
        raise ValueError(f"count must lie in [1, {len(_SEQUENCE)}], got {count}")
    return _SEQUENCE[:count]
