"""Tables of results for display: rounding that prints the same on every run."""

from __future__ import annotations

from typing import Any


def round_table(table: Any, decimals: int = 4) -> Any:
    """Round the float columns of a pandas DataFrame for display, and turn ``-0.0`` into ``0.0``.

    Parameters
    ----------
    table : pandas.DataFrame
        Any data frame; non-float columns are kept as they are.
    decimals : int, default 4
        Decimal places kept.

    Returns
    -------
    pandas.DataFrame
        A new frame with rounded float columns.

    Raises
    ------
    TypeError
        If ``table`` is not a DataFrame or ``decimals`` is not an int.

    Examples
    --------
    >>> import pandas as pd
    >>> round_table(pd.DataFrame({"x": [-1e-12, 0.123456], "name": ["a", "b"]}), 3)
           x name
    0  0.000    a
    1  0.123    b
    """
    if not hasattr(table, "apply") or not hasattr(table, "columns"):
        raise TypeError(f"table must be a pandas DataFrame, got {type(table).__name__}")
    if isinstance(decimals, bool) or not isinstance(decimals, int):
        raise TypeError(f"decimals must be an int, got {type(decimals).__name__}")
    return table.apply(lambda col: col.round(decimals) + 0.0 if col.dtype.kind == "f" else col)
