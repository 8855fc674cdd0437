"""One version number, ``[project] version`` in pyproject.toml, everywhere a reader can see or cite one.

The package, CITATION.cff, the command line and the book must show the same number; the book must read it
(through ``book/_ext/mdm_book.py``) rather than repeat it, so its sources may not contain the number typed
out.
"""

import re
import subprocess
import sys
import tomllib
from pathlib import Path

import nbformat
import pytest
import yaml
from packaging.version import Version
from repo_files import load_module

import mdm_lib

ROOT = Path(__file__).resolve().parent.parent
VERSION = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]


def test_version_is_pep440():
    assert str(Version(VERSION)) == VERSION


def test_package_reads_pyproject():
    assert mdm_lib.__version__ == VERSION


def test_source_version_ignores_another_projects_pyproject(tmp_path):
    from mdm_lib._version import _source_version

    other = tmp_path / "pyproject.toml"
    other.write_text('[project]\nname = "someone_else"\nversion = "9.9.9"\n', encoding="utf-8")
    assert _source_version(other) is None
    assert _source_version(tmp_path / "missing.toml") is None
    assert _source_version(ROOT / "pyproject.toml") == VERSION


def test_citation_cff():
    cff = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    assert str(cff["version"]) == VERSION


def test_changelog_has_an_entry_for_this_version():
    changelog = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    assert re.search(rf"^## \[?{re.escape(VERSION)}\]?", changelog, flags=re.MULTILINE)


def test_cli_prints_the_version(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "mdm_lib", "--version"],
        check=False,
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=60,
        env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"},
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[-1] == VERSION, result.stdout


def _book_extension():
    return load_module("mdm_book", "book/_ext/mdm_book.py")


def test_book_extension_reads_the_package_version():
    ext = _book_extension()
    assert ext.book_version() == VERSION
    assert VERSION in ext.footer_html(VERSION)


def _book_sources():
    yield ROOT / "_config.yml", (ROOT / "_config.yml").read_text(encoding="utf-8")
    for path in sorted((ROOT / "book").rglob("*.md")):
        yield path, path.read_text(encoding="utf-8")
    for path in sorted((ROOT / "notebooks").glob("*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        yield path, "\n".join(cell.source for cell in nb.cells if cell.cell_type == "markdown")


@pytest.mark.parametrize(
    "path, text", list(_book_sources()), ids=lambda v: v.name if isinstance(v, Path) else ""
)
def test_book_does_not_type_the_version(path, text):
    assert not re.search(rf"(?<![\d.]){re.escape(VERSION)}(?![\d.])", text), (
        f"{path.relative_to(ROOT)} types the version {VERSION}; write {{{{ version }}}} instead"
    )
