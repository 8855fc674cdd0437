"""Write ``book/paper_index.md``: each numbered item of the paper, where the book states
it and where it checks it.

The items (Definition 1 to Lemma 35, Examples 1 and 2, Eq. (1), Figure 1 and the
appendices) are listed below with their page in the PMLR PDF (PMLR 336:1279-1311). The
places come from the chapter notebooks themselves:

* **stated in**: a ``{prf:...}`` box whose title names the item, e.g. ``Exact error
  of a schedule (Theorem 4, p. 3, arXiv Thm 1.4; Theorem 16, p. 10)``, unless the box
  states a result of the book's own ("this book, not in the paper"); failing that, a
  markdown cell that names it ("text");
* **checked in**: a check cell -- a code cell with ``checks.that(...)`` or ``assert`` --
  whose code, claims or comments name the item, e.g.
  ``checks.that(worst < 1e-9, "Theorem 16: the formula equals enumeration")``.

An item is named as ``Theorem 16``, ``Thm 16``, ``Theorems 24 and 25``,
``Definitions 1–3``, ``Prop. 20``, ``Eq. (1)``, ``Figure 1``, ``App. C.1``. Numbers
with a dot (``Thm 1.4``, ``Lemma 8.3``) are the arXiv numbering or another paper's,
and a number the paper does not give that kind of item (``Theorem 1``) is another
paper's item: neither counts.

The page is generated, never edited by hand; ``tests/test_book_pages.py`` fails when the
committed page differs from what this tool writes.

Usage: ``python tools/paper_index.py`` (writes the page) or
``python tools/paper_index.py --check`` (exit 1 if the committed page is stale).
"""

from __future__ import annotations

import json
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from figures_page import chapter_notebooks, write_generated_page  # noqa: E402  (a sibling script)

ROOT = Path(__file__).resolve().parent.parent
PAGE = ROOT / "book" / "paper_index.md"


@dataclass(frozen=True)
class Item:
    """A numbered item of the paper.

    Parameters
    ----------
    kind : str
        ``"Definition"``, ``"Theorem"``, ``"Lemma"``, ``"Proposition"``,
        ``"Corollary"``, ``"Remark"``, ``"Example"``, ``"Eq."``, ``"Figure"`` or
        ``"App."``.
    number : str
        Its number (``"16"``, ``"(1)"``, ``"C.1"``).
    page : int
        Its page in the PMLR PDF.
    title : str
        What it is about, in a few words.
    arxiv : str, optional
        Its number in the arXiv version, where it differs (``"1.4"``).
    """

    kind: str
    number: str
    page: int
    title: str
    arxiv: str = ""

    @property
    def key(self) -> tuple[str, str]:
        return (self.kind, self.number)

    @property
    def name(self) -> str:
        return f"{self.kind} {self.number}"


# fmt: off
#: Every numbered item of the PMLR version in the paper's order: page, short title.
SECTIONS: tuple[tuple[str, tuple[Item, ...]], ...] = (
    ("Introduction (§1)", (
        Item("Definition", "1", 2, "expected KL error", "1.1"),
        Item("Definition", "2", 3, "left Riemann approximation", "1.2"),
        Item("Eq.", "(1)", 3, "the best k-step approximation"),
        Item("Definition", "3", 3, "information curve", "1.3"),
        Item("Theorem", "4", 3, "the error of a schedule; the optimal schedule", "1.4"),
        Item("Figure", "1", 4, "the error as an area"),
        Item("Theorem", "5", 4, "uniform versus code is hard", "1.5"),
        Item("Theorem", "6", 4, "hardness for every information curve", "1.6"),
        Item("Definition", "7", 5, "total and dual total correlation", "1.7"),
        Item("Lemma", "8", 5, "TC and DTC from the curve", "1.8"),
        Item("Theorem", "9", 6, "steps from TC or DTC", "1.9"),
        Item("Theorem", "10", 7, "Austin's step bound", "1.10"),
    )),
    ("Preliminaries and the exact error (§2–3)", (
        Item("Definition", "11", 9, "conditional marginal oracle"),
        Item("Example", "1", 9, "linear subspaces"),
        Item("Example", "2", 9, "mixtures of products"),
        Item("Definition", "12", 10, "average entropy curve"),
        Item("Lemma", "13", 10, "the curve from the entropy curve"),
        Item("Definition", "14", 10, "fixed unmasking algorithm"),
        Item("Definition", "15", 10, "random unmasking algorithm"),
        Item("Theorem", "16", 10, "the exact error for fixed sizes"),
    )),
    ("Lower bounds (§4)", (
        Item("Definition", "17", 11, "MDS codes"),
        Item("Definition", "18", 11, "balanced random MDS codes"),
        Item("Definition", "19", 11, "Reed–Solomon codes"),
        Item("Proposition", "20", 11, "the step curve of an MDS code"),
        Item("Lemma", "21", 11, "the hard prior is balanced"),
        Item("Definition", "22", 12, "sampling algorithm"),
        Item("Definition", "23", 12, "query budget and cost"),
        Item("Theorem", "24", 12, "formal lower bound (Theorem 5)"),
        Item("Theorem", "25", 12, "formal lower bound (Theorem 6)"),
    )),
    ("Appendices", (
        Item("App.", "A", 16, "information-theoretic facts"),
        Item("App.", "B", 17, "proof of Theorem 16"),
        Item("App.", "C", 19, "proofs of §4"),
        Item("App.", "C.1", 20, "proof of Theorem 24"),
        Item("Definition", "26", 19, "stochastic decision tree"),
        Item("App.", "C.2", 22, "proof of Theorem 25"),
        Item("App.", "D", 24, "proof of Theorem 9"),
        Item("App.", "E", 28, "the log n overhead is necessary"),
        Item("Definition", "27", 28, "piecewise functions"),
        Item("Lemma", "28", 28, "a curve that needs many pieces"),
        Item("Lemma", "29", 30, "realising a curve (Chen et al. 2009)"),
        Item("Theorem", "30", 30, "the log n overhead is necessary"),
        Item("App.", "F", 30, "recovering earlier bounds"),
        Item("App.", "F.1", 30, "Li and Cai's bound"),
        Item("Theorem", "31", 30, "Li and Cai's bound"),
        Item("Remark", "32", 31, "Li and Cai's step count"),
        Item("App.", "F.2", 31, "Austin's bound"),
        Item("Lemma", "33", 31, "pinning (Austin)"),
        Item("Corollary", "34", 31, "a two-phase schedule"),
        Item("App.", "G", 32, "estimation and sampling error"),
        Item("Lemma", "35", 33, "decoupling a learned oracle's error"),
    )),
)
# fmt: on
ITEMS = {item.key: item for _, items in SECTIONS for item in items}

_KINDS = {
    "Definition": r"Def(?:inition)?s?\.?",
    "Theorem": r"Th(?:eore)?ms?\.?",
    "Lemma": r"Lemmas?|Lem\.",
    "Proposition": r"Prop(?:osition)?s?\.?",
    "Corollary": r"Cor(?:ollary|ollaries)?\.?",
    "Remark": r"Rem(?:ark)?s?\.?",
    "Example": r"Ex(?:ample)?s?\.?",
    "Figure": r"Fig(?:ure)?s?\.?",
    "Eq.": r"Eqs?\.|Equations?",
    "App.": r"App(?:endix|endices)?\.?",
}
# An item's number (no digit after a dot: 1.4 is arXiv's), or an appendix letter.
_NUMBER = r"(?:\d+|\(\d+\))(?![.,]?\d)"
_APPENDIX = r"[A-G](?:\.\d)?\b"
_JOIN = r"\s*(?:,|and|or|to|–|-|—)\s*"


def _pattern(kind: str) -> re.Pattern[str]:
    number = _APPENDIX if kind == "App." else _NUMBER
    return re.compile(
        rf"(?<![\w.])(?:{_KINDS[kind]})\s*~?(?P<list>{number}(?:{_JOIN}{number})*)"
    )


_PATTERNS = {kind: _pattern(kind) for kind in _KINDS}
_ARXIV = re.compile(r"arXiv\s+(?:\w+\.?\s*)?\d+\.\d+")


def mentions(text: str) -> set[tuple[str, str]]:
    """The paper items that ``text`` names.

    Parameters
    ----------
    text : str
        Markdown or code.

    Returns
    -------
    set of tuple
        ``(kind, number)`` keys of :data:`ITEMS`.

    Raises
    ------
    TypeError
        If ``text`` is not a string.

    Examples
    --------
    >>> sorted(mentions("Theorem 4 (arXiv Thm 1.4), Definitions 17 and 19, Lemma 8.3"))
    [('Definition', '17'), ('Definition', '19'), ('Theorem', '4')]
    >>> sorted(mentions("Examples 1–2, Eq. (1), App. C.1, Theorem 1 of Li and Cai"))
    [('App.', 'C'), ('App.', 'C.1'), ('Eq.', '(1)'), ('Example', '1'), ('Example', '2')]
    """
    if not isinstance(text, str):
        raise TypeError(f"text must be a str, got {type(text).__name__}")
    text = _ARXIV.sub(" ", text)
    found = set()
    for kind, pattern in _PATTERNS.items():
        for match in pattern.finditer(text):
            numbers = re.split(_JOIN, match.group("list"))
            if (
                kind != "App."
                and len(numbers) == 2
                and re.search(r"[–-]", match.group("list"))
            ):
                low, high = (int(n.strip("()")) for n in numbers)
                numbers = [str(n) for n in range(low, high + 1)]
            for number in numbers:
                number = number.strip()
                if kind == "Eq.":
                    number = f"({number.strip('()')})"
                keys = [(kind, number)]
                if kind == "App." and "." in number:
                    keys.append((kind, number.split(".")[0]))  # C.1 is part of C
                found |= {key for key in keys if key in ITEMS}
    return found


@dataclass
class Places:
    """Where the book states, discusses and checks one item."""

    boxes: list[tuple[int, str]] = field(default_factory=list)  # (chapter, prf label)
    discussed: set[int] = field(default_factory=set)
    checked: set[int] = field(default_factory=set)


_PRF = re.compile(
    r"^(?P<fence>`{3,}|:{3,})\{prf:(?P<kind>\w+)\}[ \t]*(?P<title>[^\n]*)\n"
    r"(?P<body>.*?)^(?P=fence)",
    re.MULTILINE | re.DOTALL,
)
_LABEL = re.compile(r"^:label:\s*(\S+)", re.MULTILINE)
# a box stating a result of the book's own, which only cites the paper
_OWN = re.compile(r"this book|not in the paper")
_CHECK = re.compile(r"checks\.that\(|^\s*assert\b", re.MULTILINE)


def collect(notebooks: list[str] | None = None) -> dict[tuple[str, str], Places]:
    """Where each item is stated, discussed and checked in the chapter notebooks.

    Parameters
    ----------
    notebooks : list of str, optional
        Notebook paths relative to the repository, without suffix, in chapter order.
        Default: the chapters of ``_toc.yml``.

    Returns
    -------
    dict
        Item key -> :class:`Places`; every item of :data:`ITEMS` has one, maybe empty.
    """
    places = {key: Places() for key in ITEMS}
    for chapter, notebook in enumerate(notebooks or chapter_notebooks(), start=1):
        cells = json.loads((ROOT / f"{notebook}.ipynb").read_text(encoding="utf-8"))[
            "cells"
        ]
        for cell in cells:
            source = "".join(cell["source"])
            if cell["cell_type"] == "markdown":
                for box in _PRF.finditer(source):
                    label = _LABEL.search(box.group("body"))
                    if (
                        label
                        and box.group("kind") != "proof"
                        and not _OWN.search(box.group("title"))
                    ):
                        for key in mentions(box.group("title")):
                            places[key].boxes.append((chapter, label.group(1)))
                for key in mentions(source):
                    places[key].discussed.add(chapter)
            elif cell["cell_type"] == "code" and _CHECK.search(source):
                for key in mentions(source):
                    places[key].checked.add(chapter)
    return places


def _chapter_link(chapter: int, notebooks: list[str]) -> str:
    return f"{{doc}}`Ch.\u00a0{chapter} <../{notebooks[chapter - 1]}>`"


def _item_cell(item: Item) -> str:
    arxiv = f"; arXiv {item.arxiv}" if item.arxiv else ""
    return f"**{item.name}**, p. {item.page}{arxiv}: {item.title}"


_INTRO = """
Every numbered item of the paper {cite}`chen2026optimal`, in the order of the PMLR
version, with its page there and, where it differs, its number in the arXiv version.
*Stated in* links the box in which a chapter states the item; a chapter that only
discusses it is marked *(text)*. *Checked in* names the chapters with checks that name
the item: cells that fail the book's build if what they check does not hold. A dash
marks an item the book does not state or check.

The places are found in the notebooks themselves, by the item's name in a box's title
and in a check's claim, so this page follows the chapters as they change.
{doc}`errata` lists the places where the printed text needs a correction.
"""


def render(
    places: dict[tuple[str, str], Places], notebooks: list[str] | None = None
) -> str:
    """The markdown of the paper index page.

    Parameters
    ----------
    places : dict
        From :func:`collect`.
    notebooks : list of str, optional
        The chapter notebooks, as given to :func:`collect`.

    Returns
    -------
    str
    """
    notebooks = notebooks or chapter_notebooks()
    out = [
        "# The paper, item by item",
        "",
        "<!-- Generated by tools/paper_index.py from the chapter notebooks:"
        " do not edit by hand. -->",
        "",
        _INTRO.strip(),
    ]
    for heading, items in SECTIONS:
        out += [
            "",
            f"## {heading}",
            "",
            "| Item | Stated in | Checked in |",
            "|:---|:---|:---|",
        ]
        for item in items:
            where = places[item.key]
            stated = [
                f"{{prf:ref}}`Ch.\u00a0{chapter} <{label}>`"
                for chapter, label in where.boxes
            ]
            boxed = {chapter for chapter, _ in where.boxes}
            stated += [
                f"{_chapter_link(c, notebooks)} (text)"
                for c in sorted(where.discussed - boxed)
            ]
            checked = [_chapter_link(c, notebooks) for c in sorted(where.checked)]
            cells = [
                _item_cell(item),
                ", ".join(stated) or "–",
                ", ".join(checked) or "–",
            ]
            out.append("| " + " | ".join(cells) + " |")
    return "\n".join(out) + "\n"


def main(argv: list[str]) -> int:
    return write_generated_page(PAGE, render(collect()), argv, "paper_index.py")


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
