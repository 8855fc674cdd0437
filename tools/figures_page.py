"""Write ``book/figures.md``, the gallery of every figure of the book, from the notebooks themselves.

Each chapter notebook shows its figures with a ``{glue:figure}`` directive whose ``:name:`` is also the file stem
that ``mdm_lib.save_figure`` writes under ``figures/`` (``figures/<name>.png``, ``.pdf``, ``.svg``). This tool reads
those directives, in the order of ``_toc.yml``, and writes one entry per figure: its number (a ``{numref}`` to the
figure in its chapter), the chapter, the picture, download links for the three formats and the caption, copied
from the notebook with its glue roles pointed at the notebook that computes them.

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


def render(figures: list[Figure]) -> str:
    """The markdown of the figures page."""
    out = [
        "# Figures",
        "",
        "<!-- Generated by tools/figures_page.py from the chapter notebooks: do not edit by hand. -->",
        "",
        "Every figure of the book, with its number, the chapter that makes it and its caption. Each is drawn by the",
        "chapter's own code and written by `mdm_lib.save_figure` as PNG, PDF and SVG; the same files are committed",
        "under `figures/` in the repository, so they can be taken without building the book, and a test checks that",
        "re-running the notebooks reproduces them byte for byte.",
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
            chapter = figure.chapter
            out += ["", f"## Chapter {chapter}: {_title(figure.notebook)}", "",
                    f"Made in {{doc}}`chapter {chapter} <../{figure.notebook}>`."]
        links = " · ".join(f"{{download}}`{fmt.upper()} <../figures/{figure.name}.{fmt}>`" for fmt in FORMATS)
        out += [
            "",
            f"(gallery-{figure.name})=",
            f"### {figure.name}",
            "",
            f"**{{numref}}`{figure.name}`**, file `figures/{figure.name}`: {links}",
            "",
            f"```{{image}} ../figures/{figure.name}.png",
            f":alt: {figure.name}",
            ":width: 560px",
            "```",
            "",
            figure.caption,
        ]
    return "\n".join(out).replace("\n\n\n", "\n\n") + "\n"


def main(argv: list[str]) -> int:
    text = render(collect_figures())
    if argv == ["--check"]:
        current = PAGE.read_text(encoding="utf-8") if PAGE.is_file() else ""
        if current != text:
            print(f"{PAGE.relative_to(ROOT)} is stale: run python tools/figures_page.py")
            return 1
        return 0
    PAGE.write_text(text, encoding="utf-8")
    print(f"wrote {PAGE.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
