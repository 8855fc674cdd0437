"""Deprecated names, kept for one version: each use warns and names its replacement.

Three kinds of rename share one wording (``DeprecationWarning``, the old and the
new name, and when the old one goes):

* a module attribute (a function, class or constant):
  :func:`module_getattr` builds the module's ``__getattr__`` from a table
  ``{old: new}``, so ``from mdm_lib import old`` and ``mdm.old`` still work;
* a keyword argument: :func:`renamed_keyword` wraps the function;
* an attribute of a class: a property that calls :func:`warn_renamed`.
"""

from __future__ import annotations

import functools
import sys
import warnings
from collections.abc import Callable
from typing import Any, TypeVar

F = TypeVar("F", bound=Callable[..., Any])

#: When the deprecated names are removed.
REMOVAL = "the next version of mdm_lib"


def warn_renamed(old: str, new: str, *, stacklevel: int = 3) -> None:
    """Warn that ``old`` is deprecated in favour of ``new``."""
    warnings.warn(
        f"{old} is deprecated and will be removed in {REMOVAL}; use {new}",
        DeprecationWarning,
        stacklevel=stacklevel,
    )


def module_getattr(module: str, renamed: dict[str, str]) -> Callable[[str], Any]:
    """A module ``__getattr__`` serving each old name of ``renamed`` as its new one.

    ``renamed`` maps an old attribute name to the new name in the same module.
    """

    def __getattr__(name: str) -> Any:
        if name in renamed:
            warn_renamed(f"{module}.{name}", f"{module}.{renamed[name]}")
            return getattr(sys.modules[module], renamed[name])
        raise AttributeError(f"module {module!r} has no attribute {name!r}")

    return __getattr__


def renamed_keyword(old: str, new: str) -> Callable[[F], F]:
    """Accept the keyword argument ``old`` for ``new``, with a warning."""

    def decorate(function: F) -> F:
        @functools.wraps(function)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            if old in kwargs:
                if new in kwargs:
                    raise TypeError(f"{function.__name__}() got both {old}= and {new}=; pass {new}= only")
                warn_renamed(f"the keyword {old}= of {function.__name__}", f"{new}=")
                kwargs[new] = kwargs.pop(old)
            return function(*args, **kwargs)

        return wrapper  # type: ignore[return-value]

    return decorate
