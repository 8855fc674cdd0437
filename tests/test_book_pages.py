"""The book's reference pages (issue 9, §4 and §5): sources a reader can open, an exact bibliography, plain titles."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from repo_files import load_module

ROOT = Path(__file__).resolve().parent.parent
# Files a reader of the book does not have; nothing in the repository may send them there.
PRIVATE = re.compile(r"THEOREMS(\.md)?\b|PEERS(\.md)?\b|shared/")


def _entries() -> dict[str, str]:
    text = (ROOT / "book" / "references.bib").read_text(encoding="utf-8")
    return {m.group(1): m.group(2) for m in re.finditer(r"@\w+\{([^,\s]+),(.*?)\n\}", text, re.DOTALL)}


def test_book_pages_cite_no_private_notes():
    hits = [
        f"{page.name}:{i}: {line.strip()}"
        for page in sorted((ROOT / "book").glob("*.md"))
        for i, line in enumerate(page.read_text(encoding="utf-8").splitlines(), start=1)
        if PRIVATE.search(line)
    ]
    assert not hits, "references a reader cannot open:\n" + "\n".join(hits)


def test_repository_cites_no_private_notes():
    listed = subprocess.run(["git", "ls-files"], check=False, cwd=ROOT, capture_output=True, text=True)
    if listed.returncode != 0:
        pytest.skip("not a git checkout")
    hits = []
    for name in listed.stdout.splitlines():
        path = ROOT / name
        if path.suffix not in {".py", ".md", ".ipynb", ".yml", ".cfg", ".toml", ".txt"} or not path.is_file():
            continue
        if path == Path(__file__).resolve():
            continue
        for i, line in enumerate(path.read_text(encoding="utf-8", errors="replace").splitlines(), start=1):
            if PRIVATE.search(line):
                hits.append(f"{name}:{i}")
    assert not hits, "references a reader cannot open: " + ", ".join(hits)


def test_every_bibliography_entry_has_an_identifier():
    entries = _entries()
    assert entries
    missing = sorted(key for key, body in entries.items() if not re.search(r"\b(eprint|doi)\s*=", body))
    assert not missing, f"entries without an arXiv id or DOI: {missing}"


def test_bibliography_shows_only_cited_entries():
    page = (ROOT / "book" / "bibliography.md").read_text(encoding="utf-8")
    assert "{bibliography}" in page and ":all:" not in page and ":filter:" not in page


def test_every_cited_key_is_in_the_bibliography():
    sources = [*sorted((ROOT / "book").glob("*.md")), *sorted((ROOT / "notebooks").glob("*.ipynb"))]
    cited = {
        key.strip()
        for path in sources
        for group in re.findall(r"\{cite(?::\w+)?\}`([^`]+)`", path.read_text(encoding="utf-8"))
        for key in group.split(",")
    }
    assert cited and cited <= set(_entries()), f"cited but missing: {sorted(cited - set(_entries()))}"


def test_lemma_29_and_li_cai_references_are_the_ones_the_paper_cites():
    entries = _entries()
    lemma29 = entries["chen2009average"]
    assert "Average entropy functions" in lemma29 and "2632--2633" in lemma29
    assert "Chen, Qi and He, Chen and Jiang, Lingge and Wang, Qingchuan" in lemma29
    assert "A Convergence Theory for Diffusion Language Models" in entries["li2025convergence"]


def test_titles_lose_their_tex_in_the_browser_tab():
    plain = load_module("sphinx_companion", "tools/sphinx_companion.py").plain_text_math
    assert plain(r"5. Hardness for every curve, and why \(\log n\) is needed") == (
        "5. Hardness for every curve, and why log n is needed"
    )
    assert plain(r'TC and DTC: <span class="math">\(O(\log n)\)</span> steps') == (
        'TC and DTC: <span class="math">O(log n)</span> steps'
    )
    assert plain(r"$\mathrm{TC}\,=\,0$ and no math") == "TC = 0 and no math"
    with pytest.raises(TypeError, match="title must be a str"):
        plain(None)


def test_benchmark_tables_are_included_not_stored():
    """A fresh `make bench` must change the book, not break nbval: tables come in by MyST {include}."""
    import json

    stored = []
    for notebook in sorted((ROOT / "notebooks").glob("*.ipynb")):
        cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
        stored += [
            f"{notebook.name} cell {i}"
            for i, cell in enumerate(cells)
            if cell["cell_type"] == "code" and "benchmarks/results" in "".join(cell["source"])
        ]
    assert not stored, f"code cells that display benchmark results as stored outputs: {stored}"


@pytest.mark.parametrize(
    "notebook", sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb")), ids=lambda p: p.stem
)
def test_chapter_prose_links_to_the_library_reference(notebook):
    """Issue 11: a reader goes from a chapter to the reference in one click; every link targets a public name."""
    import json

    import mdm_lib

    prose = "".join(
        "".join(cell["source"])
        for cell in json.loads(notebook.read_text(encoding="utf-8"))["cells"]
        if cell["cell_type"] == "markdown"
    )
    targets = re.findall(r"\{py:(?:func|class|data)\}`(?:[^`<]*<)?~?mdm_lib\.(\w+)>?`", prose)
    assert targets, f"{notebook.name} never links to the library reference"
    unknown = sorted(set(targets) - set(mdm_lib.__all__))
    assert not unknown, f"{notebook.name} links to names outside the public API: {unknown}"
