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


paper_index = load_module("paper_index", "tools/paper_index.py")


def test_paper_index_is_generated_from_the_notebooks():
    page = (ROOT / "book" / "paper_index.md").read_text(encoding="utf-8")
    assert page == paper_index.render(paper_index.collect()), (
        "book/paper_index.md is stale: run python tools/paper_index.py"
    )


def test_paper_index_lists_every_numbered_item_of_the_paper_once():
    numbered = [key for key in paper_index.ITEMS if key[1].isdigit() and key[0] not in ("Example", "Figure")]
    assert sorted(int(number) for _, number in numbered) == list(range(1, 36))  # Definition 1 ... Lemma 35
    assert {("Example", "1"), ("Example", "2"), ("Eq.", "(1)"), ("Figure", "1")} <= set(paper_index.ITEMS)
    assert {f"{a}" for kind, a in paper_index.ITEMS if kind == "App."} >= {"A", "B", "C", "D", "E", "F", "G"}
    pages = [item.page for _, items in paper_index.SECTIONS for item in items]
    assert all(1 <= p <= 33 for p in pages)


@pytest.mark.parametrize(
    ("text", "items"),
    [
        ("Theorem 4, p. 3, arXiv Thm 1.4; Theorem 16, p. 10", {("Theorem", "4"), ("Theorem", "16")}),
        ("Definitions 17 and 19, p. 11", {("Definition", "17"), ("Definition", "19")}),
        ("Definitions 1–3 (arXiv 1.1–1.3)", {("Definition", "1"), ("Definition", "2"), ("Definition", "3")}),
        ("Prop 20 and Lemma 21", {("Proposition", "20"), ("Lemma", "21")}),
        (
            "Eq. (1) and the paper's Figure 1; App. F.2",
            {("Eq.", "(1)"), ("Figure", "1"), ("App.", "F.2"), ("App.", "F")},
        ),
        ("Lemma 8.3 of Austin; Theorem 1 of Li and Cai; Fig. 1.3 of the book", set()),
        ("Corollary 34. Then Remark 32.", {("Corollary", "34"), ("Remark", "32")}),
    ],
)
def test_paper_index_finds_the_items_a_text_names(text, items):
    assert paper_index.mentions(text) == items


def test_paper_index_finds_boxes_text_and_checks_in_a_notebook(tmp_path, monkeypatch):
    import json

    cells = [
        {
            "cell_type": "markdown",
            "source": "```{prf:theorem} Exact error (Theorem 16, p. 10)\n:label: thm-x\n\nx\n```",
        },
        {
            "cell_type": "markdown",
            "source": "```{prf:lemma} A lemma (this book, not in the paper; from Lemma 8)\n"
            ":label: lem-own\n\ny\n```\nAs Definition 12 says.",
        },
        {"cell_type": "code", "source": "checks.that(ok, 'Theorem 16: the formula equals enumeration')"},
        {"cell_type": "code", "source": "plot(Z)  # Lemma 13, drawn, not checked"},
    ]
    (tmp_path / "nb.ipynb").write_text(json.dumps({"cells": cells}), encoding="utf-8")
    monkeypatch.setattr(paper_index, "ROOT", tmp_path)
    places = paper_index.collect(["nb"])
    assert places[("Theorem", "16")].boxes == [(1, "thm-x")] and places[("Theorem", "16")].checked == {1}
    assert places[("Lemma", "8")].boxes == [] and places[("Lemma", "8")].discussed == {1}
    assert places[("Definition", "12")].discussed == {1} and not places[("Lemma", "13")].checked


def test_cite_page_names_the_figure_that_reproduces_the_papers_figure_1():
    """The example figure is named by label ({numref}, {{ fig-number:... }}), never by a typed number."""
    page = (ROOT / "book" / "cite.md").read_text(encoding="utf-8")
    figures = {f.name: f for f in load_module("figures_page", "tools/figures_page.py").collect_figures()}
    labels = set(re.findall(r"\{numref\}`([\w-]+)`", page)) | set(
        re.findall(r"\{\{ fig-number:([\w-]+) \}\}", page)
    )
    assert labels == {"fig01-riemann"}, labels
    assert "Figure 1" in figures["fig01-riemann"].caption
    assert not re.search(r"\b(?:Fig(?:ure)?\.?|Figure)~?\s?\d+\.\d+", page), "a typed figure number"


def test_figure_numbers_are_filled_in_from_the_build():
    ext = load_module("mdm_book", "book/_ext/mdm_book.py")

    class _Std:
        labels = {"fig01-riemann": ("notebooks/01_exact_kl", "fig-id", "caption")}

    class _Env:
        toc_fignumbers = {"notebooks/01_exact_kl": {"figure": {"fig-id": (1, 3)}}}

        def get_domain(self, name):
            return _Std()

    assert ext._figure_number(_Env(), "fig01-riemann") == "1.3"
    assert ext._figure_number(_Env(), "no-such-figure") is None


def test_peer_entries_carry_the_titles_and_authors_of_their_arxiv_records():
    entries = _entries()
    zhao, zhang = entries["zhao2026distribution"], entries["zhang2025fisher"]
    assert "Adaptation to Intrinsic Dependence in Diffusion Language Models" in zhao and "2602.20126" in zhao
    assert "Zhao, Yunxiao and Cai, Changxiao" in zhao
    assert "The Cosine Schedule is {F}isher--{R}ao-Optimal for Masked Discrete Diffusion Models" in zhang
    assert "Zhang, Leo and Syed, Saifuddin" in zhang and "2508.04884" in zhang


def test_reference_list_is_labelled_as_the_citations_are():
    import doctest

    bib = load_module("bib_author_year", "book/_ext/bib_author_year.py")
    assert doctest.testmod(bib).failed == 0
    assert bib.author_year_label(["Austin"], "2020") == "Austin, 2020"
    assert bib.author_year_label(["Nie", "others"], "2025") == "Nie and others, 2025"  # as the citation reads
    config = (ROOT / "_config.yml").read_text(encoding="utf-8")
    assert "bibtex_reference_style: author_year" in config and f"bibtex_default_style: {bib.STYLE}" in config


pdf_book = load_module("pdf_book", "book/_ext/pdf_book.py")


def test_pdf_extension_examples_run():
    import doctest

    assert doctest.testmod(pdf_book).failed == 0


def test_theorem_boxes_are_labelled_with_their_chapter_even_if_its_title_has_an_apostrophe():
    from docutils import nodes

    chapter = nodes.section(docname="notebooks/07_austin_and_li_cai", names=["austin's schedule"])
    chapter += nodes.title(text="Austin’s schedule")  # typeset with a curly quote: sphinx-proof's match fails
    box = nodes.container()
    inner = nodes.section()  # a section of the chapter without a docname of its own
    inner += box
    chapter += inner
    assert pdf_book.chapter_of(None, box) == "notebooks/07_austin_and_li_cai"


def test_pdf_target_is_offline_and_fails_on_undefined_references():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    target = makefile.split("\npdf:", 1)[1].split("\n\n", 1)[0]
    assert "--builder pdflatex" in target and "undefined" in target and "_build/html/companion.pdf" in target
    config = (ROOT / "_config.yml").read_text(encoding="utf-8")
    assert "latex_engine: xelatex" in config and "use_jupyterbook_latex: false" in config
    assert "targetname: companion.tex" in config
    assert '<a href="../companion.pdf">' in (ROOT / "book" / "intro.md").read_text(encoding="utf-8")


@pytest.mark.slow
def test_pdf_source_defines_every_reference_it_makes():
    """The LaTeX source of the PDF (no TeX needed): every cross-reference, theorems included, has its label."""
    result = subprocess.run(
        [
            str(ROOT / ".venv" / "bin" / "jupyter-book"),
            "build",
            "-W",
            "-n",
            "--keep-going",
            "--builder",
            "latex",
            ".",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=1800,
        check=False,
    )
    assert result.returncode == 0, (result.stdout + result.stderr)[-3000:]
    tex = (ROOT / "_build" / "latex" / "companion.tex").read_text(encoding="utf-8")
    refs = set(re.findall(r"\\hyperref\[\\detokenize\{([^}]*)\}\]", tex))
    labels = set(re.findall(r"\\label\{\\detokenize\{([^}]*)\}\}", tex)) | set(
        re.findall(r"\\label\{([^}\\]*)\}", tex)
    )
    assert refs and not refs - labels, f"references without a label: {sorted(refs - labels)[:20]}"
    assert "None:" not in "".join(labels)
    assert r"\appendix" in tex and tex.index(r"\chapter{The exact KL error") < tex.index(r"\appendix")


cli_reference = load_module("cli_reference", "book/_ext/cli_reference.py")
api_usage = load_module("api_usage", "book/_ext/api_usage.py")


def test_cli_page_documents_every_subcommand_and_option_of_the_parser():
    import argparse

    parser = cli_reference.build_parser("mdm_lib.cli:_build_parser")
    rst = cli_reference.cli_rst(parser)
    subcommands = cli_reference._subcommands(parser)
    assert {name for name, _, _ in subcommands} == {"curve", "kl", "optimal", "plan"}
    for name, _, sub in subcommands:
        assert f".. program:: {sub.prog}" in rst
        for action in sub._actions:
            if isinstance(action, argparse._HelpAction):
                continue
            for flag in action.option_strings or [action.metavar or action.dest]:
                assert flag in rst, f"{name}: {flag} missing"
    assert "{mdm-cli} mdm_lib.cli:_build_parser" in (ROOT / "book" / "api" / "cli.md").read_text(
        encoding="utf-8"
    )
    usages = [cli_reference._usage(parser)] + [cli_reference._usage(sub) for _, _, sub in subcommands]
    assert max(len(line) for usage in usages for line in usage.splitlines()) <= cli_reference.WIDTH
    with pytest.raises(ValueError, match="module:function"):
        cli_reference.build_parser("mdm_lib.cli")


def test_reference_entries_link_the_chapters_that_use_them():
    lines = api_usage.used_in_lines("info_curve", ROOT)
    assert ".. rubric:: Used in the book" in lines
    docname, title = api_usage.chapters(ROOT)[0]
    assert docname == "notebooks/01_exact_kl" and f":doc:`1. {title} </{docname}>`" in lines[-2]
    assert api_usage.used_in_lines("no_such_name", ROOT) == []
    import doctest

    assert doctest.testmod(api_usage).failed == 0


def test_reference_sidebar_is_grouped_by_the_index_stages():
    mdm_book = load_module("mdm_book", "book/_ext/mdm_book.py")
    index = (ROOT / "book" / "api" / "index.md").read_text(encoding="utf-8")
    stages = mdm_book._parse_stages(mdm_book._INDEX_BLOCK.search(index)["body"])
    toc = (ROOT / "_toc.yml").read_text(encoding="utf-8")
    for stage, modules in stages:
        pages = [mdm_book._module_docname(m) for m in modules]
        if len(modules) > 1:
            group = mdm_book.stage_docname(stage)
            block = toc.split(f"- file: {group}\n", 1)[1].split("\n          - file:", 1)[0]
            assert [line.split("file: ")[1] for line in block.splitlines() if "file: " in line] == pages
            page = (ROOT / f"{group}.md").read_text(encoding="utf-8")
            assert page == f"# {stage}\n\n```{{mdm-api-stage}} {stage}\n```\n"
        else:
            assert f"- file: {pages[0]}\n" in toc


def test_record_fields_are_documented_once():
    mdm_book = load_module("mdm_book", "book/_ext/mdm_book.py")
    import mdm_lib

    assert mdm_book.documented_fields(mdm_lib.OptimalSchedule) == ["sizes", "error"]
    rst = mdm_book.module_rst("mdm_lib.schedules.optimal")
    assert ":exclude-members: sizes, error" in rst
