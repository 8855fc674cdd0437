"""Find hand-typed result numbers in the book's prose.

Every number that a notebook computes must reach its prose through myst-nb glue
(``{glue:text}`key:.3f```), so that the text cannot drift from the computation.
This checker flags, in the markdown cells of the notebooks and in the prose
pages under ``book/``, every

* decimal number (``0.18``, ``.5``, ``1.33``),
* percentage (``17 %``, ``12.5%``),
* ratio written with a multiplication sign (``2×``, ``10x``),
* number in scientific notation (``1e-3``),
* fraction (``1/4``),

that stands outside math (``$...$``, ``$$...$$``, ``{math}`` blocks, amsmath
environments), outside MyST roles (``{glue:text}`...```, ``{numref}`...```, ...),
inline code, fenced code and URLs. Author-chosen parameters belong in math
(``$\\varepsilon=0.5$``), where they are allowed.

Integers in ordinary text are allowed (chapter, section, theorem and page
numbers, years, counts), and so are dotted item numbers after a label such as
``Theorem 1.4``, ``arXiv Thm 1.4``, ``§5.3``, ``App. F.2`` or ``items 1.1–1.10``,
arXiv identifiers (``2511.04647``) and version numbers (``0.1.0``).

Usage: ``python tools/check_prose_numbers.py [PATH ...]`` (default: the
notebooks and ``book/*.md``); exit status 1 if anything is found.
"""

from __future__ import annotations

import json
import re
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# Labels after which a dotted number is an item number, not a result.
_LABELS = (
    r"(?:Theorems?|Thms?|Lemmas?|Definitions?|Defs?|Corollar(?:y|ies)|Cors?|Remarks?|Examples?|Propositions?"
    r"|Props?|Sections?|Secs?|§§?|Eqs?|Equations?|App(?:endix|endices)?|Figures?|Figs?|Tables?|Chapters?"
    r"|Items?|arXiv|Python|Parts?|Claims?|Algorithms?|Facts?|Footnotes?|[Vv]ersion)"
)
_ITEM = r"(?:[A-Z]\.)?[A-Z]?\d+(?:\.\d+)*"
# A label followed by a list of item numbers: "Theorem 1.4", "items 1.1–1.10", "Thms 1.4 and 1.5", "App. F.2".
_LABELLED = re.compile(
    rf"(?<!\w){_LABELS}\.?\s*~?\(?{_ITEM}(?:\s*(?:[-–—,]|and|or|to)\s*{_ITEM})*", re.IGNORECASE
)
_ARXIV_ID = re.compile(r"\b\d{4}\.\d{4,5}(?:v\d+)?\b")
_VERSION = re.compile(r"\bv?\d+\.\d+\.\d+\b")

_NUMBER = re.compile(
    r"(?<![\w.])(?:\d+(?:[.,]\d+)*\.\d+|\.\d+)(?:\s*%)?"  # decimals, optionally as a percentage
    r"|(?<![\w.])\d+\s*%"  # integer percentages
    r"|(?<![\w.])\d+(?:\.\d+)?\s*(?:×|x\b)"  # ratios: 2×, 10x
    r"|×\s*\d+(?:\.\d+)?"  # ratios: ×2
    r"|(?<![\w.])\d+(?:\.\d+)?e[-+]?\d+\b"  # scientific notation
    r"|(?<![\w.])\d+\s*per\s*cent\b"
    r"|(?<![\w./])\d+/\d+(?![\w/])"  # fractions: 1/4
)

_FENCE = re.compile(r"^(\s*)(`{3,}|~{3,})(.*)$")
_MATH_ENVS = re.compile(r"\\begin\{(\w+\*?)\}.*?\\end\{\1\}", re.DOTALL)
_DISPLAY_MATH = re.compile(r"\$\$.*?\$\$", re.DOTALL)
_INLINE_MATH = re.compile(r"(?<![\\$])\$(?!\$)(?:\\.|[^$\\])+?\$")
_ROLE = re.compile(r"\{[\w:.-]+\}`[^`]*`")
_INLINE_CODE = re.compile(r"(`+)(.+?)\1", re.DOTALL)
_LINK_TARGET = re.compile(r"\]\([^)]*\)|<https?://[^>]*>|https?://\S+")
_HTML_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
_DIRECTIVE_OPTION = re.compile(r"^\s*:[\w-]+:.*$", re.MULTILINE)


@dataclass(frozen=True)
class Finding:
    """One hand-typed number: where it is and the text around it."""

    path: str
    cell: int | None
    text: str
    context: str

    def __str__(self) -> str:
        where = f"{self.path} cell {self.cell}" if self.cell is not None else self.path
        return f"{where}: {self.text!r} in {self.context!r}"


def _strip_fences(markdown: str) -> str:
    """Blank out fenced code and math blocks; keep the body of other directives (captions, theorem boxes)."""
    out: list[str] = []
    fence: str | None = None
    skip = False
    for line in markdown.split("\n"):
        match = _FENCE.match(line)
        if fence is None and match:
            fence = match.group(2)
            info = match.group(3).strip()
            skip = not info.startswith("{") or info.split()[0] in {
                "{math}", "{code-block}", "{code-cell}", "{code}", "{literalinclude}", "{include}", "{raw}",
            }
            out.append(" " * len(line))
            continue
        if fence is not None and match and match.group(2).startswith(fence) and not match.group(3).strip():
            fence = None
            out.append(" " * len(line))
            continue
        out.append(" " * len(line) if fence is not None and skip else line)
    return "\n".join(out)


def _blank(match: re.Match[str]) -> str:
    return " " * len(match.group(0))


def _keep_bare_number(match: re.Match[str]) -> str:
    ticks = " " * len(match.group(1))
    return ticks + match.group(2) + ticks if _NUMBER.fullmatch(match.group(2).strip()) else _blank(match)


def _prose(markdown: str) -> str:
    """The markdown with everything that is not prose blanked out (same length, so offsets keep their meaning)."""
    text = _strip_fences(markdown)
    for pattern in (_HTML_COMMENT, _MATH_ENVS, _DISPLAY_MATH, _INLINE_MATH, _ROLE, _DIRECTIVE_OPTION, _LINK_TARGET):
        text = pattern.sub(_blank, text)
    # Inline code is code, unless it holds nothing but a number: `0.23` is a typed number in disguise.
    text = _INLINE_CODE.sub(_keep_bare_number, text)
    for pattern in (_LABELLED, _ARXIV_ID, _VERSION):
        text = pattern.sub(_blank, text)
    return text


def find_typed_numbers(markdown: str) -> list[tuple[str, str]]:
    """Hand-typed decimals, percentages, ``N×`` ratios and ``1e-3`` numbers in the prose of ``markdown``.

    Parameters
    ----------
    markdown : str
        MyST markdown (one notebook cell or one page).

    Returns
    -------
    list of (str, str)
        For each finding, the number as typed and the line around it.

    Raises
    ------
    TypeError
        If ``markdown`` is not a string.

    Examples
    --------
    >>> find_typed_numbers("The error is 0.23 bit, about 20 %.")
    [('0.23', 'The error is 0.23 bit, about 20 %.'), ('20 %', 'The error is 0.23 bit, about 20 %.')]
    >>> find_typed_numbers("By Theorem 1.4, with $\\\\varepsilon=0.5$, the error is {glue:text}`err:.3f`.")
    []
    """
    if not isinstance(markdown, str):
        raise TypeError(f"markdown must be a str, got {type(markdown).__name__}")
    prose = _prose(markdown)
    lines = markdown.split("\n")
    starts = [0]
    for line in lines:
        starts.append(starts[-1] + len(line) + 1)
    findings = []
    for match in _NUMBER.finditer(prose):
        row = max(i for i, s in enumerate(starts[:-1]) if s <= match.start()) if lines else 0
        findings.append((markdown[match.start():match.end()], lines[row].strip() if lines else ""))
    return findings


def scan(path: Path) -> list[Finding]:
    """Findings in one notebook (its markdown cells) or one markdown page.

    Parameters
    ----------
    path : pathlib.Path
        A ``.ipynb`` or ``.md`` file.

    Returns
    -------
    list of Finding
        Each with the file, the cell index (notebooks only), the number and its line.

    Raises
    ------
    ValueError
        If ``path`` is neither a notebook nor a markdown file.
    """
    path = Path(path)
    try:
        shown = str(path.resolve().relative_to(ROOT))
    except ValueError:
        shown = str(path)
    if path.suffix == ".ipynb":
        cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
        return [
            Finding(shown, index, number, context)
            for index, cell in enumerate(cells)
            if cell["cell_type"] == "markdown"
            for number, context in find_typed_numbers("".join(cell["source"]))
        ]
    if path.suffix == ".md":
        return [Finding(shown, None, n, c) for n, c in find_typed_numbers(path.read_text(encoding="utf-8"))]
    raise ValueError(f"path must be a .ipynb or .md file, got {path}")


def default_paths() -> list[Path]:
    """The chapter notebooks and the prose pages of the book.

    ``book/figures.md`` is left out: it is generated from the notebooks' figure captions, which are checked in the
    notebooks themselves.
    """
    pages = [p for p in sorted((ROOT / "book").glob("*.md")) if p.name != "figures.md"]
    return sorted((ROOT / "notebooks").glob("*.ipynb")) + pages


def main(argv: list[str]) -> int:
    paths = [Path(a) for a in argv] or default_paths()
    findings = [f for p in paths for f in scan(p)]
    for finding in findings:
        print(finding)
    print(f"check_prose_numbers: {len(paths)} files, {len(findings)} hand-typed numbers")
    return 1 if findings else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
