"""The book as one PDF (``make pdf``): what Sphinx's LaTeX builder needs beyond HTML.

* **Theorem references resolve.** sphinx-proof labels each theorem box in LaTeX with the
  name of the chapter it is in, which it finds by matching the chapter's title against
  the section's names. A title with an apostrophe fails the match ("Austin's schedule
  ...": the title is typeset with a curly quote, the name keeps the straight one), the
  label becomes ``None:<label>``, and every reference to the boxes of that chapter is
  undefined in the PDF. :func:`chapter_of` finds the chapter from the ``docname`` that
  Sphinx's LaTeX builder writes on every section of an included document, and replaces
  sphinx-proof's lookup.
* **Chapter numbers as in the HTML book.** LaTeX numbers every chapter, so the notation
  page would be chapter 1 and "The exact KL error of a schedule" chapter 2, with its
  figures "2.1", ... while the HTML book and the citations it suggests say "Fig. 1.3".
  :func:`number_chapters_as_in_html` leaves the pages before the numbered chapters
  unnumbered and letters the pages after them as appendices.
* **The front page is a preface.** In a LaTeX book the sections of the root document
  would become chapters of their own ("What the paper shows", "How to run it", ...)
  ahead of chapter 1. For the LaTeX builder they become run-in headings (rubrics) of the
  unnumbered front matter, which is what they are; its headline figure is not numbered
  (:func:`captions_as_legends`), and its running head is empty.
"""

from __future__ import annotations

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx


def chapter_of(env, node: nodes.Node, parent_tag: str = "section") -> str | None:
    """Return the document (chapter) of ``node`` in the assembled LaTeX doctree.

    Parameters
    ----------
    env : sphinx.environment.BuildEnvironment
        Unused; kept for the signature of the function it replaces.
    node : docutils.nodes.Node
        A node inside an included document.
    parent_tag : str, default "section"
        The tag of the enclosing node that carries the document's name.

    Returns
    -------
    str or None
        The ``docname`` of the nearest enclosing ``parent_tag`` node with one, or None.

    Examples
    --------
    >>> section = nodes.section(docname="notebooks/07_austin_and_li_cai")
    >>> para = nodes.paragraph()
    >>> section += para
    >>> chapter_of(None, para)
    'notebooks/07_austin_and_li_cai'
    """
    parent = node.parent
    while parent is not None:
        if parent.tagname == parent_tag and "docname" in parent.attributes:
            return parent["docname"]
        parent = parent.parent
    return None


def front_matter_sections_as_rubrics(doctree: nodes.document) -> int:
    """Turn the subsections of the root document's top section into rubrics, in place.

    Parameters
    ----------
    doctree : docutils.nodes.document
        The root document's doctree (before the chapters are included).

    Returns
    -------
    int
        How many sections became rubrics.

    Examples
    --------
    >>> doc = nodes.document(None, None)
    >>> top = nodes.section("", nodes.title(text="Book"))
    >>> sub = nodes.section("", nodes.title(text="Why"), nodes.paragraph(text="x"))
    >>> top += sub
    >>> doc += top
    >>> front_matter_sections_as_rubrics(doc)
    1
    >>> [child.tagname for child in top.children]
    ['title', 'rubric', 'paragraph']
    """
    tops = [child for child in doctree.children if isinstance(child, nodes.section)]
    changed = 0
    for top in tops:
        for section in [
            child for child in top.children if isinstance(child, nodes.section)
        ]:
            title = section.next_node(nodes.title)
            rubric = nodes.rubric("", "", *title.children, ids=section["ids"])
            body = [child for child in section.children if child is not title]
            section.replace_self([rubric, *body])
            changed += 1
    return changed


def number_chapters_as_in_html(
    doctree: nodes.document, numbered: set[str]
) -> list[str]:
    """Insert LaTeX so that only the ``numbered`` documents get chapter numbers.

    Documents before the first numbered one are unnumbered chapters; documents after
    the last one are appendices (A, B, ...). The doctree is changed in place.

    Parameters
    ----------
    doctree : docutils.nodes.document
        The assembled doctree of the whole book (the LaTeX builder's).
    numbered : set of str
        The documents the HTML book numbers (``env.toc_secnumbers``).

    Returns
    -------
    list of str
        The LaTeX inserted, in order (for the log and the tests).

    Examples
    --------
    >>> doc = nodes.document(None, None)
    >>> for name in ("notation", "ch1", "ch2", "errata"):
    ...     doc += addnodes.start_of_file(docname=name)
    >>> inserted = number_chapters_as_in_html(doc, {"ch1", "ch2"})
    >>> [latex.lstrip("\\\\") for latex in inserted]
    ['setcounter{secnumdepth}{-1}', 'setcounter{secnumdepth}{2}', 'appendix']
    """
    files = [
        node
        for node in doctree.findall(addnodes.start_of_file)
        if not any(isinstance(a, addnodes.start_of_file) for a in _ancestors(node))
    ]
    positions = [i for i, node in enumerate(files) if node["docname"] in numbered]
    if not positions:
        return []
    inserted = []

    def insert_before(node: nodes.Node, latex: str) -> None:
        node.parent.insert(
            node.parent.index(node), nodes.raw("", latex + "\n", format="latex")
        )
        inserted.append(latex)

    if positions[0] > 0:
        insert_before(files[0], "\\setcounter{secnumdepth}{-1}")
        insert_before(files[positions[0]], "\\setcounter{secnumdepth}{2}")
    if positions[-1] + 1 < len(files):
        insert_before(files[positions[-1] + 1], "\\appendix")
    return inserted


def _ancestors(node: nodes.Node):
    parent = node.parent
    while parent is not None:
        yield parent
        parent = parent.parent


def captions_as_legends(
    doctree: nodes.document, figclass: str = "mdm-unnumbered"
) -> int:
    """Give the figures of class ``figclass`` a legend, not a caption (and no number).

    The front page's headline figure is not one of the chapters' figures; in HTML its
    number is hidden by the book's style sheet, in LaTeX a figure without a caption has
    none.

    Parameters
    ----------
    doctree : docutils.nodes.document
    figclass : str, default "mdm-unnumbered"

    Returns
    -------
    int
        How many captions became legends.

    Examples
    --------
    >>> doc = nodes.document(None, None)
    >>> caption = nodes.caption(text="Look here.")
    >>> doc += nodes.figure("", caption, classes=["mdm-unnumbered"])
    >>> captions_as_legends(doc), [c.tagname for c in doc[0].children]
    (1, ['legend'])
    """
    changed = 0
    for figure in list(doctree.findall(nodes.figure)):
        caption = figure.next_node(nodes.caption)
        if figclass in figure["classes"] and caption is not None:
            legend = nodes.legend("", nodes.paragraph("", "", *caption.children))
            caption.replace_self(legend)
            changed += 1
    return changed


def _doctree_resolved(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    if app.builder.format == "latex" and docname == app.config.root_doc:
        front_matter_sections_as_rubrics(doctree)
        captions_as_legends(doctree)
        top = doctree.next_node(nodes.section)
        if (
            top is not None
        ):  # the preface's running head is empty, not the table of contents'
            top.insert(1, nodes.raw("", "\\markboth{}{}\n", format="latex"))
        numbered = {name for name, numbers in app.env.toc_secnumbers.items() if numbers}
        number_chapters_as_in_html(doctree, numbered)


def setup(app: Sphinx) -> dict[str, object]:
    import sphinx_proof.nodes

    sphinx_proof.nodes.find_parent = chapter_of
    app.connect("doctree-resolved", _doctree_resolved)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
