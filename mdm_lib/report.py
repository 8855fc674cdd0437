"""What a chapter shows its reader: numbers glued into the prose, tables, and the summary of its checks.

Every number a chapter's text states is computed by the chapter and reaches the text through myst-nb's
glue. nbval re-runs the chapter on other machines and compares what was glued as text, so a number is
glued *as the reader sees it*, already formatted: the last bits of a float move with the CPU's vector
instructions, its maths library and the thread count, and must not reach a comparison.

* :func:`glue` formats a number once, in the code, and glues the text; the prose writes
  ``{glue:text}`key``` with no format of its own.
* :func:`glue_bound` glues a rounding residual as the claim it supports ("below 1e-12"), never as
  its value, after checking the claim.
* :func:`table` shows a data frame as a book table: readable headers (maths allowed), a format per
  column, no index column, missing values as a dash.
* :class:`Checks` collects a chapter's checks, each naming the claim it tests, and shows one line,
  "✓ 14 checks passed", with the list of claims folded under it. A check that fails raises, so the
  notebook fails under nbval.

Importing this module needs nothing beyond the library; :func:`glue` and :func:`glue_bound` need
myst-nb (the book's notebook renderer) when called, and :func:`table` a pandas data frame.

Examples
--------
>>> checks = Checks()
>>> checks.that(1 + 1 == 2, "addition works")
>>> checks
✓ 1 check passed
"""

from __future__ import annotations

import html
import math
import numbers
import re
from collections.abc import Callable, Mapping
from typing import Any

__all__ = ["Checks", "Glued", "Table", "glue", "glue_bound", "table"]


class Glued:
    """A value as the page shows it: its text form is the formatted text, without quotes.

    Parameters
    ----------
    text : str
        The text the page shows.

    Raises
    ------
    TypeError
        If ``text`` is not a string.

    Examples
    --------
    >>> Glued("0.223")
    0.223
    """

    def __init__(self, text: str) -> None:
        if not isinstance(text, str):
            raise TypeError(f"text must be a str, got {type(text).__name__}")
        self.text = text

    def __repr__(self) -> str:
        return self.text


#: A leading minus before a number whose digits are all zero ("-0.000", "-0.00 s").
_SIGNED_ZERO = re.compile(r"^-(?=[0.,]+(?![\d.,]))")


def _format(value: Any, fmt: str | Callable[[Any], str], name: str = "value") -> str:
    if callable(fmt):
        text = fmt(value)
    elif isinstance(fmt, str):
        text = fmt.format(value) if "{" in fmt else format(value, fmt)
    else:
        raise TypeError(f"fmt must be a format string or a callable, got {type(fmt).__name__}")
    if not isinstance(text, str):
        raise TypeError(f"fmt must produce a str, got {type(text).__name__}")
    # a value that rounds to zero shows no sign: -3e-17 and +2e-17 are the same "0.000" on every machine
    return _SIGNED_ZERO.sub("", text)


def _check_number(value: Any, name: str) -> None:
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a real number, got {type(value).__name__}")
    if math.isnan(value):
        raise ValueError(f"{name} is NaN")


def _glue(key: str, text: str) -> Glued:
    if not isinstance(key, str) or not re.fullmatch(r"[A-Za-z0-9_.:-]+", key):
        raise ValueError(f"key must be letters, digits, '-', '_', '.' or ':', got {key!r}")
    from myst_nb import glue as _myst_glue

    # myst-nb renders {glue:text} from ast.literal_eval of the stored text/plain: glue the str itself,
    # stored quoted, so that "0.7370" keeps its zero and "540,540" does not become a tuple
    _myst_glue(key, text, display=False)
    return Glued(text)


def glue(key: str, value: Any, fmt: str | Callable[[Any], str] = "") -> Glued:
    """Glue ``value`` under ``key`` as the text the page shows, formatted once, here.

    Parameters
    ----------
    key : str
        The glue key, e.g. ``"ch02-worst"``; the prose writes ``{glue:text}`ch02-worst```.
    value : object
        A number (or any value ``fmt`` can format).
    fmt : str or callable, default ``""``
        A format spec (``".3f"``, ``",d"``, ``".0f"``), a format string (``"{:.1f} %"``), or a
        function returning the text. The default is ``str(value)``, meant for integers and
        strings; floats need an explicit format (their last digits differ between machines).

    Returns
    -------
    Glued
        The glued text (displays as the text).

    Raises
    ------
    TypeError
        If ``value`` is a float and ``fmt`` is empty, or ``fmt`` is neither a string nor a callable.
    ValueError
        If ``value`` is NaN or ``key`` holds characters a glue key cannot.
    ImportError
        If myst-nb is not installed.

    Examples
    --------
    >>> glue("demo-ratio", 2 / 3, ".3f")
    0.667
    >>> glue("demo-count", 190)
    190
    """
    if isinstance(value, numbers.Real) and not isinstance(value, bool):
        _check_number(value, "value")
        if fmt == "" and not isinstance(value, numbers.Integral):
            raise TypeError(
                f"value {value!r} is a float: give fmt (e.g. '.3f') so that the glued text does not "
                "carry digits that differ between machines"
            )
    return _glue(key, _format(value, fmt))


def glue_bound(key: str, value: Any, bound: float = 1e-12) -> Glued:
    """Check that ``|value| < bound`` and glue the claim, ``"below 1e-12"``, not the value.

    For rounding residuals (a difference from brute force of 9e-15, say): their digits move between
    machines and mean nothing to the reader; the bound they lie below is the claim.

    Parameters
    ----------
    key : str
        The glue key.
    value : float
        The residual (its absolute value is compared).
    bound : float, default 1e-12
        A positive bound, shown in ``e`` notation (``1e-12``).

    Returns
    -------
    Glued
        The glued text, ``"below 1e-12"``.

    Raises
    ------
    AssertionError
        If ``|value| >= bound``: the claim is false.
    TypeError
        If ``value`` or ``bound`` is not a real number.
    ValueError
        If ``value`` is NaN, or ``bound`` is not finite and positive.
    ImportError
        If myst-nb is not installed.

    Examples
    --------
    >>> glue_bound("demo-residual", 8.9e-15)
    below 1e-12
    """
    _check_number(value, "value")
    _check_number(bound, "bound")
    if not math.isfinite(bound) or bound <= 0:
        raise ValueError(f"bound must be a finite number > 0, got {bound!r}")
    shown = f"{bound:.0e}".replace("e-0", "e-").replace("e+0", "e")
    if not abs(value) < bound:
        raise AssertionError(f"{key}: |{value!r}| is not below {shown}")
    return _glue(key, f"below {shown}")


class Table:
    """A data frame shown as a book table (see :func:`table`).

    Parameters
    ----------
    rows : list of list of str
        The formatted cells, row by row.
    headers : list of str
        The column headers (MyST markdown: ``$...$`` maths is rendered).
    align : list of str
        ``"left"`` or ``"right"`` per column.

    Raises
    ------
    ValueError
        If a row's length differs from the number of headers.

    Examples
    --------
    >>> Table([["1", "0.50"]], ["$k$", "error (bits)"], ["right", "right"])
    $k$  error (bits)
      1          0.50
    """

    def __init__(self, rows: list[list[str]], headers: list[str], align: list[str]) -> None:
        if any(len(row) != len(headers) for row in rows):
            raise ValueError("every row must have one cell per header")
        self.rows, self.headers, self.align = rows, headers, align

    def _repr_markdown_(self) -> str:
        def cell(text: str) -> str:
            # a bar would end the cell: outside maths escape it, inside maths spell it as a command
            if "$" not in text:
                return text.replace("|", r"\|")
            return text.replace(r"\|", r"\Vert ").replace("|", r"\vert ")

        rule = ["---:" if a == "right" else ":---" for a in self.align]
        lines = ["| " + " | ".join(cell(h) for h in self.headers) + " |", "| " + " | ".join(rule) + " |"]
        lines += ["| " + " | ".join(cell(c) for c in row) + " |" for row in self.rows]
        return "\n".join(lines) + "\n"

    def __repr__(self) -> str:
        columns = list(zip(self.headers, *self.rows, strict=True))
        widths = [max(len(c) for c in column) for column in columns]
        lines = []
        for row in [self.headers, *self.rows]:
            cells = [
                c.rjust(w) if a == "right" else c.ljust(w)
                for c, w, a in zip(row, widths, self.align, strict=True)
            ]
            lines.append("  ".join(cells).rstrip())
        return "\n".join(lines)


def table(
    frame: Any,
    formats: Mapping[str, str | Callable[[Any], str]] | None = None,
    *,
    headers: Mapping[str, str] | None = None,
    index: bool = False,
    missing: str = "–",
) -> Table:
    """Show a pandas data frame as a book table: readable headers, a format per column, no stray index.

    Parameters
    ----------
    frame : pandas.DataFrame
        The data.
    formats : mapping, optional
        Column name -> format spec (``".3f"``, ``",d"``, ``".1%"``), format string (``"{:.2f} s"``)
        or function returning the cell text. Float columns without an entry raise: every float shown
        has a stated precision. Other columns are shown with ``str``.
    headers : mapping, optional
        Column name -> header text (MyST markdown; ``$...$`` maths renders). Default: the name.
    index : bool, default False
        Show the index as the first column (under its name).
    missing : str, default "–"
        Text for missing values (NaN, None); infinite values show as ``∞``.

    Returns
    -------
    Table
        Displays as a markdown table in the book (and as aligned text elsewhere).

    Raises
    ------
    TypeError
        If ``frame`` is not a data frame, or a float column has no format.
    ValueError
        If ``formats`` or ``headers`` names a column the frame does not have.

    Examples
    --------
    >>> import pandas as pd
    >>> frame = pd.DataFrame({"k": [4, 8], "error": [0.51234, float("nan")]})
    >>> table(frame, {"error": ".3f"}, headers={"k": "steps $k$", "error": "error (bits)"})
    steps $k$  error (bits)
            4         0.512
            8             –
    """
    if not hasattr(frame, "columns") or not hasattr(frame, "reset_index"):
        raise TypeError(f"frame must be a pandas DataFrame, got {type(frame).__name__}")
    formats = dict(formats or {})
    headers = dict(headers or {})
    if index:
        frame = frame.reset_index()
    names = [str(c) for c in frame.columns]
    for what, mapping in (("formats", formats), ("headers", headers)):
        unknown = set(mapping) - set(names)
        if unknown:
            raise ValueError(f"{what} names columns the frame does not have: {sorted(unknown)}")
    rows: list[list[str]] = [[] for _ in range(len(frame))]
    align = []
    for column, name in zip(frame.columns, names, strict=True):
        values = frame[column].tolist()
        kind = frame[column].dtype.kind
        if kind == "f" and name not in formats:
            raise TypeError(f"column {name!r} holds floats: give it a format in formats")
        fmt = formats.get(name, str)
        align.append("right" if kind in "iuf" or name in formats else "left")
        for row, value in zip(rows, values, strict=True):
            if value is None or (isinstance(value, float) and math.isnan(value)):
                row.append(missing)
            elif isinstance(value, float) and math.isinf(value):
                row.append("∞" if value > 0 else "−∞")
            else:
                text = _format(value, fmt, name)
                row.append(text.replace("-", "−") if re.fullmatch(r"-[\d.,e+-]+", text) else text)
    return Table(rows, [headers.get(n, n) for n in names], align)


class Checks:
    """A chapter's checks: each names the claim it tests; the summary shows how many passed.

    Call :meth:`that` once per claim (it raises at once if the claim is false, so nbval reports the
    failing claim), and display the object at the end of the chapter: one line, "✓ 14 checks
    passed", with the list of claims folded under it.

    Raises
    ------
    None
        Creating the collection cannot fail; :meth:`that` raises on a false claim.

    Examples
    --------
    >>> checks = Checks()
    >>> checks.that(0.1 + 0.2 > 0.3, "floats round up here")
    >>> checks.that(2 < 1, "two is below one", "2 >= 1")
    Traceback (most recent call last):
    ...
    AssertionError: check 2 failed: two is below one (2 >= 1)
    """

    def __init__(self) -> None:
        self.claims: list[str] = []

    def that(self, condition: Any, claim: str, detail: str = "") -> None:
        """Record ``claim`` if ``condition`` holds; raise ``AssertionError`` naming it if not.

        Parameters
        ----------
        condition : bool
            The check (a Python or numpy bool; an array raises ``TypeError``: reduce it with
            ``.all()`` or ``.any()`` first).
        claim : str
            What the check establishes, in words (shown in the summary; no computed digits).
        detail : str, optional
            Shown only on failure (e.g. the offending value).

        Returns
        -------
        None

        Raises
        ------
        AssertionError
            If ``condition`` is false.
        TypeError
            If ``claim`` is not a non-empty string, or ``condition`` is not a single truth value.
        """
        if not isinstance(claim, str) or not claim.strip():
            raise TypeError("claim must be a non-empty string saying what the check establishes")
        if hasattr(condition, "shape") and getattr(condition, "shape", ()) != ():
            raise TypeError("condition must be a single truth value; reduce arrays with .all() or .any()")
        if not bool(condition):
            number = len(self.claims) + 1
            raise AssertionError(f"check {number} failed: {claim}" + (f" ({detail})" if detail else ""))
        self.claims.append(claim)

    def _summary(self) -> str:
        count = len(self.claims)
        return f"✓ {count} check{'s' if count != 1 else ''} passed"

    def __repr__(self) -> str:
        return self._summary()

    def _repr_html_(self) -> str:
        items = "".join(f"<li>{html.escape(claim)}</li>" for claim in self.claims)
        return f'<details class="mdm-checks"><summary>{self._summary()}</summary><ol>{items}</ol></details>'
