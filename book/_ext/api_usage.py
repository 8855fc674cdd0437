"""Links from each entry of the library reference to the chapters that use it.

A chapter uses a public name of ``mdm_lib`` if its code calls it (``mdm.info_curve(``,
``mdm.testing.theorem16_cost``) or its text refers to it
(``{py:func}`~mdm_lib.info_curve```). Each entry of the reference ends with a rubric
"Used in the book" and a link to each such chapter, in book order, so a reader can go
from a function to a computation that uses it, as numpy's reference goes to its
tutorials. The chapters are read from ``_toc.yml``, so the links follow the book as it
changes; a reference page is rebuilt when a chapter changes.
"""

from __future__ import annotations

import functools
import json
import re
from pathlib import Path

from sphinx.application import Sphinx

PACKAGE = "mdm_lib"
_CODE_USE = re.compile(r"\b(?:mdm|mdm_lib)\.(?:testing\.)?(\w+)")
_TEXT_USE = re.compile(r"`~?mdm_lib\.(?:[\w.]+\.)?(\w+)`")


def chapters(root: Path) -> list[tuple[str, str]]:
    """Return the chapters of ``_toc.yml`` in book order, as ``(docname, title)``.

    Parameters
    ----------
    root : pathlib.Path
        The book's root folder (holding ``_toc.yml``).

    Returns
    -------
    list of tuple of str
        The document name (``"notebooks/01_exact_kl"``) and the chapter's first heading.
    """
    toc = (root / "_toc.yml").read_text(encoding="utf-8")
    found = []
    for docname in re.findall(r"^\s*-\s*file:\s*(\S+)\s*$", toc, re.MULTILINE):
        path = root / f"{docname}.ipynb"
        if path.is_file():
            cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
            text = "".join(
                "".join(c["source"]) for c in cells if c["cell_type"] == "markdown"
            )
            title = re.search(r"^# (.+)$", text, re.MULTILINE)
            found.append((docname, title.group(1).strip() if title else docname))
    return found


def uses(notebook: Path) -> set[str]:
    """Return the names after ``mdm.``/``mdm_lib.`` that a notebook's code and text use.

    Parameters
    ----------
    notebook : pathlib.Path
        A ``.ipynb`` file.

    Returns
    -------
    set of str
        Bare names (``"info_curve"``); the caller keeps those of the public API.

    Examples
    --------
    >>> import tempfile
    >>> cells = [{"cell_type": "code", "source": "Z = mdm.info_curve(p)"},
    ...          {"cell_type": "markdown", "source": "{py:func}`~mdm_lib.expected_kl`"}]
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     path = Path(folder) / "nb.ipynb"
    ...     _ = path.write_text(json.dumps({"cells": cells}))
    ...     sorted(uses(path))
    ['expected_kl', 'info_curve']
    """
    cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    found: set[str] = set()
    for cell in cells:
        source = "".join(cell["source"])
        pattern = _CODE_USE if cell["cell_type"] == "code" else _TEXT_USE
        found |= set(pattern.findall(source))
    return found


@functools.cache
def chapters_using(root: Path) -> dict[str, list[tuple[int, str, str]]]:
    """Return, for each name, the chapters that use it: ``(number, docname, title)``.

    Parameters
    ----------
    root : pathlib.Path
        The book's root folder.

    Returns
    -------
    dict
        Name -> chapters in book order (numbered from 1, as the book numbers them).
    """
    table: dict[str, list[tuple[int, str, str]]] = {}
    for number, (docname, title) in enumerate(chapters(root), start=1):
        for name in uses(root / f"{docname}.ipynb"):
            table.setdefault(name, []).append((number, docname, title))
    return table


def used_in_lines(name: str, root: Path) -> list[str]:
    """Return the reStructuredText lines "Used in the book" for the public ``name``.

    Parameters
    ----------
    name : str
        A bare public name of ``mdm_lib``.
    root : pathlib.Path
        The book's root folder.

    Returns
    -------
    list of str
        A rubric and one line of links, or nothing if no chapter uses the name.
    """
    found = chapters_using(root).get(name, [])
    if not found:
        return []
    links = " · ".join(
        f":doc:`{number}. {title} </{docname}>`" for number, docname, title in found
    )
    return ["", ".. rubric:: Used in the book", "", links, ""]


def _process_docstring(
    app: Sphinx, what: str, name: str, obj, options, lines: list[str]
) -> None:
    short = name.removeprefix(f"{PACKAGE}.")
    if what in ("function", "class", "data") and "." not in short:
        lines.extend(used_in_lines(short, Path(app.srcdir)))


def _source_read(app: Sphinx, docname: str, source: list[str]) -> None:
    if docname.startswith("book/api/"):  # the links change when a chapter changes
        for chapter, _ in chapters(Path(app.srcdir)):
            app.env.note_dependency(str(Path(app.srcdir) / f"{chapter}.ipynb"))


def setup(app: Sphinx) -> dict[str, object]:
    # after numpydoc (priority 500): the rubric follows the docstring's own sections
    app.connect("autodoc-process-docstring", _process_docstring, priority=600)
    app.connect("source-read", _source_read)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
