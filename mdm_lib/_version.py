"""The package version, read from its one source: ``[project] version`` in ``pyproject.toml``.

An installed package reads it from its metadata (written from ``pyproject.toml`` by ``pip install``). A source
checkout used without installing (``PYTHONPATH=.``, as the book build and the tests do) has no metadata, and
an editable install keeps the metadata of the day it was installed, which goes stale when the version is
bumped. So when ``pyproject.toml`` of this package sits next to it, it wins; otherwise the metadata is
used.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

_PYPROJECT = Path(__file__).resolve().parent.parent / "pyproject.toml"


def _source_version(pyproject: Path = _PYPROJECT) -> str | None:
    """Return ``[project] version`` of ``pyproject`` if it is mdm_lib's, else None."""
    try:
        project = tomllib.loads(pyproject.read_text(encoding="utf-8")).get("project", {})
    except (OSError, tomllib.TOMLDecodeError):
        return None
    if project.get("name") != "mdm_lib" or not isinstance(project.get("version"), str):
        return None
    return project["version"]


def _read_version() -> str:
    """Return the version of the source checkout, else of the installed metadata, else ``0+unknown``."""
    found = _source_version()
    if found is not None:
        return found
    from importlib import metadata  # only here: it costs import time, and a source checkout does not need it

    try:
        return metadata.version("mdm_lib")
    except metadata.PackageNotFoundError:
        return "0+unknown"


__version__ = _read_version()
