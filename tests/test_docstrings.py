"""Every public function and class (``mdm_lib.__all__``) documents its Parameters, Returns and Raises.

numpydoc's validator does the parameter and return checks: GL08 (no docstring), PR01 (a parameter of the
signature is not documented), PR02 (a documented parameter is not in the signature), RT01 (a function that
returns a value has no Returns section), YD01 (a generator has no Yields section). numpydoc has no check for a
missing Raises section, so it is checked here from the parsed docstring. A class documents its constructor's
Parameters, its Attributes and what the constructor Raises; a record whose Attributes section names every
constructor argument (a dataclass or named tuple) need not repeat them under Parameters. An exception class
needs a docstring only: what it signals.
"""

import inspect
import re
from pathlib import Path

import pytest
from numpydoc.docscrape import NumpyDocString
from numpydoc.validate import validate
from repo_files import load_module

import mdm_lib

CHECKS = {"GL08", "PR01", "PR02", "RT01", "YD01"}
PUBLIC = [name for name in mdm_lib.__all__ if callable(getattr(mdm_lib, name))]


def _is_exception(obj) -> bool:
    return inspect.isclass(obj) and issubclass(obj, BaseException)


def _missing_sections(obj) -> list[str]:
    """Return the required sections that the docstring of ``obj`` lacks."""
    if _is_exception(obj):
        return []
    doc = NumpyDocString(inspect.getdoc(obj) or "")
    required = ["Raises"]
    if inspect.isclass(obj):
        required.append("Attributes")
    return [f"no {section} section" for section in required if not doc[section]]


def _attributes_cover_parameters(obj) -> bool:
    """Return whether ``obj`` is a class whose Attributes section names every argument of its constructor."""
    if not inspect.isclass(obj) or _is_exception(obj):
        return False
    documented = {attribute.name for attribute in NumpyDocString(inspect.getdoc(obj) or "")["Attributes"]}
    arguments = set(inspect.signature(obj).parameters)
    return bool(arguments) and arguments <= documented


@pytest.mark.parametrize("name", PUBLIC)
def test_docstring_sections(name):
    obj = getattr(mdm_lib, name)
    checks = CHECKS - {"PR01"} if _attributes_cover_parameters(obj) else CHECKS
    if _is_exception(obj):
        checks = {"GL08"}
    result = validate(f"mdm_lib.{name}")
    problems = [f"{code}: {message}" for code, message in result["errors"] if code in checks]
    if "GL08" not in {code for code, _ in result["errors"]}:
        problems += _missing_sections(obj)
    assert not problems, f"mdm_lib.{name}: " + "; ".join(problems)


def test_every_public_name_has_a_reference_page():
    """The reference (book/api) documents a name on its module's page; every such module must have one."""
    root = Path(__file__).resolve().parent.parent
    mdm_book = load_module("mdm_book", "book/_ext/mdm_book.py")
    index = (root / "book" / "api" / "index.md").read_text(encoding="utf-8")
    stages = mdm_book._parse_stages(mdm_book._INDEX_BLOCK.search(index)["body"])
    in_index = {module for _, modules in stages for module in modules}
    pages = "".join(path.read_text(encoding="utf-8") for path in (root / "book" / "api").glob("*.md"))
    with_page = set(re.findall(r"^```\{mdm-module\} +([\w.]+)", pages, flags=re.MULTILINE))
    modules = {entry.module for entry in mdm_book.public_entries().values()}
    assert modules - in_index == set(), "modules missing from the mdm-api-index block of book/api/index.md"
    assert modules - with_page == set(), "modules without a page book/api/<module>.md"
