"""Bibliography labels in author-year form, so the reference list matches the citations.

The book cites in author-year form (``bibtex_reference_style: author_year``: "[Chen et
al., 2026]"), but pybtex's ``plain`` style labels the list by number ("[4]"), so a
reader cannot find a citation in the list by its label. This extension registers the
pybtex formatting style ``author_year_plain``: ``plain`` in every respect (the entries'
text, their order by author, year and title) except the labels, which are written as the
citations are: "Austin, 2020", "Li and Cai, 2025", "Chen et al., 2026". Two entries with
the same label get "a", "b" after the year, in the list's order.

Use it with ``bibtex_default_style: author_year_plain``.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator

from pybtex.plugin import register_plugin
from pybtex.style.formatting.plain import Style as PlainStyle
from pybtex.style.labels import BaseLabelStyle

STYLE = "author_year_plain"


def author_year_label(last_names: list[str], year: str) -> str:
    """The author-year label of an entry, as the ``author_year`` citations write it.

    Parameters
    ----------
    last_names : list of str
        The authors' last names, in order (the editors' if there are no authors).
    year : str
        The year.

    Returns
    -------
    str
        "A, year", "A and B, year" or "A et al., year"; without names, the year alone.

    Raises
    ------
    TypeError
        If ``last_names`` is a string rather than a list of names.

    Examples
    --------
    >>> author_year_label(["Chen", "Cong", "Li"], "2026")
    'Chen et al., 2026'
    >>> author_year_label(["Li", "Cai"], "2025")
    'Li and Cai, 2025'
    """
    if isinstance(last_names, str):
        raise TypeError("last_names must be a list of names, not a string")
    if not last_names:
        return year
    if len(last_names) == 1:
        names = last_names[0]
    elif len(last_names) == 2:
        names = f"{last_names[0]} and {last_names[1]}"
    else:
        names = f"{last_names[0]} et al."
    return f"{names}, {year}"


def _last_names(entry) -> list[str]:
    people = entry.persons.get("author") or entry.persons.get("editor") or []
    return [
        " ".join(part.render_as("text") for part in names)
        for names in (p.rich_prelast_names + p.rich_last_names for p in people)
    ]


class AuthorYearLabels(BaseLabelStyle):
    """pybtex label style: author-year labels, with a, b, ... where two coincide."""

    def format_labels(self, sorted_entries: Iterable) -> Iterator[str]:
        entries = list(sorted_entries)
        labels = [
            author_year_label(_last_names(e), e.fields.get("year", "n.d."))
            for e in entries
        ]
        repeated = {label for label, count in Counter(labels).items() if count > 1}
        seen: Counter[str] = Counter()
        for label in labels:
            if label in repeated:
                suffix = "abcdefghijklmnopqrstuvwxyz"[seen[label]]
                seen[label] += 1
                yield f"{label}{suffix}"
            else:
                yield label


class AuthorYearPlain(PlainStyle):
    """pybtex's ``plain`` style with author-year labels."""

    default_label_style = "author_year"


def setup(app) -> dict[str, object]:
    register_plugin("pybtex.style.labels", "author_year", AuthorYearLabels)
    register_plugin("pybtex.style.formatting", STYLE, AuthorYearPlain)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
