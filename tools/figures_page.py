"""Write ``book/figures.md``, the gallery of every figure of the book, from the notebooks themselves.

Each chapter notebook shows its figures with a ``{glue:figure}`` directive whose ``:name:`` is also the file stem
that ``mdm_lib.save_figure`` writes under ``figures/`` (``figures/<name>.png``, ``.pdf``, ``.svg``). This tool reads
those directives, in the order of ``_toc.yml``, and writes, chapter by chapter, a grid of cards: a thumbnail with
descriptive alt text, the figure's number (a ``{numref}`` to the figure in its chapter), the first sentence of its
caption, and download links for the three formats.

The page is generated, never edited by hand; ``tests/test_figures_committed.py`` fails when the committed page
differs from what this tool writes, or when a file under ``figures/`` is missing from it.

Usage: ``python tools/figures_page.py`` (writes the page) or ``python tools/figures_page.py --check`` (exit 1 if
the committed page is stale).
"""

from __future__ import annotations

import json
import re
import sys
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from sphinx_companion import plain_text_math  # noqa: E402  (a sibling script)

ROOT = Path(__file__).resolve().parent.parent
PAGE = ROOT / "book" / "figures.md"
FORMATS = ("png", "pdf", "svg")

_GLUE_FIGURE = re.compile(r"^(?P<fence>`{3,}|:{3,})\{glue:figure\}\s*(?P<key>\S+)\s*\n(?P<body>.*?)^(?P=fence)\s*$",
                          re.MULTILINE | re.DOTALL)
_OPTION = re.compile(r"^:(?P<name>[\w-]+):\s*(?P<value>.*)$")
_GLUE_ROLE = re.compile(r"\{(?P<role>glue(?::\w+)?)\}`(?P<content>[^`]*)`")
_DOC_ROLE = re.compile(r"\{doc\}`(?P<content>[^`]*)`")
_REL_LINK = re.compile(r"\]\((?P<target>(?!https?:|#)[^)]+)\)")


@dataclass(frozen=True)
class Figure:
    """One figure of the book: its name (glue key, label and file stem), chapter and caption."""

    name: str
    notebook: str
    chapter: int
    caption: str


def chapter_notebooks() -> list[str]:
    """The chapter notebooks (paths relative to the book root, without suffix) in ``_toc.yml`` order."""
    files = re.findall(r"^\s*-\s*file:\s*(\S+)\s*$", (ROOT / "_toc.yml").read_text(encoding="utf-8"), re.MULTILINE)
    return [f for f in files if (ROOT / f"{f}.ipynb").is_file()]


def _caption(body: str, notebook: str) -> tuple[str | None, str]:
    """The ``:name:`` option and the caption of a glue:figure body, with roles rewritten for ``book/``."""
    lines = body.strip("\n").split("\n")
    options = {}
    while lines and (match := _OPTION.match(lines[0].strip())):
        options[match.group("name")] = match.group("value").strip()
        lines.pop(0)
    caption = " ".join(line.strip() for line in lines if line.strip())
    source = f"../{notebook}.ipynb"
    caption = _GLUE_ROLE.sub(
        lambda m: m.group(0) if "::" in m.group("content")
        else f"{{{m.group('role')}}}`{source}::{m.group('content')}`", caption)
    folder = str(Path(notebook).parent)

    def _relink(target: str) -> str:
        return target if target.startswith("/") else f"../{folder}/{target}"

    caption = _REL_LINK.sub(lambda m: f"]({_relink(m.group('target'))})", caption)
    caption = _DOC_ROLE.sub(
        lambda m: "{doc}`" + re.sub(r"(<?)([^<>]+?)(>?)$", lambda d: d.group(1) + _relink(d.group(2)) + d.group(3)
                                      if not d.group(2).startswith("/") else d.group(0), m.group("content")) + "`",
        caption)
    return options.get("name"), caption


def collect_figures() -> list[Figure]:
    """Every ``{glue:figure}`` of the chapter notebooks, in book order.

    Returns
    -------
    list of Figure

    Raises
    ------
    ValueError
        If a figure has no ``:name:``, or its name differs from its glue key, or appears twice.
    """
    figures: list[Figure] = []
    for chapter, notebook in enumerate(chapter_notebooks(), start=1):
        cells = json.loads((ROOT / f"{notebook}.ipynb").read_text(encoding="utf-8"))["cells"]
        for cell in cells:
            if cell["cell_type"] != "markdown":
                continue
            for match in _GLUE_FIGURE.finditer("".join(cell["source"])):
                name, caption = _caption(match.group("body"), notebook)
                if name != match.group("key"):
                    raise ValueError(f"{notebook}: figure {match.group('key')!r} must have ':name: "
                                     f"{match.group('key')}' (its file stem), got {name!r}")
                figures.append(Figure(name, notebook, chapter, caption))
    names = [f.name for f in figures]
    if len(set(names)) != len(names):
        raise ValueError(f"figure names must be unique, got {sorted(n for n in names if names.count(n) > 1)}")
    return figures


def _title(notebook: str) -> str:
    cells = json.loads((ROOT / f"{notebook}.ipynb").read_text(encoding="utf-8"))["cells"]
    for cell in cells:
        if cell["cell_type"] == "markdown":
            for line in "".join(cell["source"]).split("\n"):
                if line.startswith("# "):
                    return line[2:].strip()
    return Path(notebook).name


def first_sentence(caption: str) -> str:
    """The caption's first sentence (captions lead with what to look at), for the card under a thumbnail.

    A full stop inside maths, a role or parentheses does not end the sentence.

    Examples
    --------
    >>> first_sentence("Theorem 4 at $n=13$. The area is the error.")
    'Theorem 4 at $n=13$.'
    """
    depth, i = 0, 0
    while i < len(caption):
        char = caption[i]
        if char == "$":
            i = caption.index("$", i + 1) + 1 if "$" in caption[i + 1 :] else len(caption)
            continue
        if char == "`":
            i = caption.index("`", i + 1) + 1 if "`" in caption[i + 1 :] else len(caption)
            continue
        depth += {"(": 1, ")": -1}.get(char, 0)
        if char == "." and depth == 0 and (i + 1 == len(caption) or caption[i + 1] == " "):
            return caption[: i + 1]
        i += 1
    return caption


def _alt_text(caption: str) -> str:
    """Plain words for a thumbnail's alt text: the first sentence without markup or TeX."""
    text = plain_text_math(first_sentence(caption))
    text = re.sub(r"\{[\w:]+\}`(?:[^`<]*<)?([^`>]*)>?`", r"\1", text)
    return " ".join(text.replace("`", "").replace("\\", "").split())


def render(figures: list[Figure]) -> str:
    """The markdown of the figures page: per chapter, a grid of thumbnails with titles and downloads."""
    out = [
        "# Figures",
        "",
        "<!-- Generated by tools/figures_page.py from the chapter notebooks: do not edit by hand. -->",
        "",
        "Every figure of the book, chapter by chapter. A card shows the figure's number and the first sentence",
        "of its caption; the number links the figure in its chapter, with the full caption and the computation",
        "behind it. Each figure is drawn by the chapter's own code and written by `mdm_lib.save_figure` as PNG,",
        "PDF and SVG: the links under each card download the files, which are also committed under `figures/`",
        "in the repository, so they can be taken without building the book. A test checks that re-running the",
        "notebooks reproduces them.",
        "",
        "To cite a figure, give its number, its file name and the version of the companion, for example",
        f"\"{{numref}}`{figures[0].name}` of the companion, v{{{{ version }}}}"
        f" (`figures/{figures[0].name}.pdf`)\"." if figures else "",
        "The version is filled in from the package when the book is built (the footer of every page shows it);",
        "see {doc}`cite` for the companion's own reference.",
    ]
    chapter = None
    for figure in figures:
        if figure.chapter != chapter:
            if chapter is not None:
                out += [":::::"]
            chapter = figure.chapter
            out += ["", f"## Chapter {chapter}: {_title(figure.notebook)}", "",
                    ":::::{grid} 1 2 2 2", ":gutter: 3", ""]
        links = " · ".join(f"{{download}}`{fmt.upper()} <../figures/{figure.name}.{fmt}>`" for fmt in FORMATS)
        out += [
            f"::::{{grid-item-card}} {{numref}}`{figure.name}`",
            f":img-top: ../figures/{figure.name}.png",
            f":img-alt: {_alt_text(figure.caption)}",
            ":class-card: mdm-figure-card",
            "",
            first_sentence(figure.caption),
            "",
            ":::{card-footer}",
            f"`{figure.name}`: {links}",
            ":::",
            "::::",
            "",
        ]
    if chapter is not None:
        out += [":::::"]
    return "\n".join(out).replace("\n\n\n", "\n\n") + "\n"


def write_generated_page(page: Path, text: str, argv: list[str], script: str) -> int:
    """Write ``text`` to ``page``; with ``--check`` only say (exit 1) if the page differs."""
    if argv == ["--check"]:
        current = page.read_text(encoding="utf-8") if page.is_file() else ""
        if current != text:
            print(f"{page.relative_to(ROOT)} is stale: run python tools/{script}")
            return 1
        return 0
    page.write_text(text, encoding="utf-8")
    print(f"wrote {page.relative_to(ROOT)}")
    return 0


def main(argv: list[str]) -> int:
    return write_generated_page(PAGE, render(collect_figures()), argv, "figures_page.py")


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
