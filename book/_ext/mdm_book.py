"""Local Sphinx extension of the companion book: its version and its library reference.

Version
    The book shows one version number, ``mdm_lib.__version__``, which reads ``[project] version`` of
    ``pyproject.toml`` (see ``mdm_lib/_version.py``). This extension sets Sphinx's ``version`` and ``release``
    and a footer line on every page from it, and replaces the text ``{{ version }}`` by it in every page when
    Sphinx reads the page -- in prose and in code blocks alike, so a BibTeX entry can carry it (MyST's own
    substitutions skip code). The number is thus typed nowhere in the book; ``tests/test_version.py`` checks.

Figure numbers
    ``{{ fig-number:<label> }}`` becomes the number the book gives that figure ("1.3") once Sphinx has numbered
    the figures, in code blocks too, where ``{numref}`` cannot go (the LaTeX example of How to cite).

Library reference
    The public API is the top-level namespace ``mdm_lib``: every name of ``mdm_lib.__all__`` (function, class
    or constant) is documented once, as ``mdm_lib.<name>``, on the page of the module that defines it. A page
    under ``book/api/`` is one line::

        ```{mdm-module} mdm_lib.laws
        ```

    and the index page holds one ``{mdm-api-index}`` block, one line per stage of the data flow::

        ```{mdm-api-index}
        Laws: laws codes
        ```

    Both are expanded, when Sphinx reads the page, into reStructuredText for ``sphinx.ext.autodoc`` (numpydoc
    renders the docstrings). The summary tables are written here from each docstring's first paragraph rather
    than by ``sphinx.ext.autosummary``: Sphinx 7.4's autosummary cuts a summary at the first ". " even inside
    an inline literal (``Σ_1 × ... × Σ_n``), which is a build warning. A public name whose module is on no
    line of the index, or on no page, is a build warning, so ``-W`` fails on an undocumented name.

    Cross-references to ``mdm_lib.<module>.<name>`` or to a bare public ``<name>`` (as module docstrings write
    them) resolve to ``mdm_lib.<name>``.
"""

from __future__ import annotations

import ast
import dataclasses
import functools
import importlib
import inspect
import re
import sys
from types import ModuleType
from typing import NamedTuple

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.environment import BuildEnvironment
from sphinx.pycode import ModuleAnalyzer
from sphinx.util import logging

LOGGER = logging.getLogger(__name__)
PACKAGE = "mdm_lib"
VERSION_FIELD = "{{ version }}"
_MAX_VALUE_REPR = 100  # a constant's value is shown in its entry if its repr is at most this long
_MODULE_BLOCK = re.compile(r"^```\{mdm-module\}[ \t]+(?P<module>[\w.]+)[ \t]*\n```[ \t]*$", re.MULTILINE)
_STAGE_BLOCK = re.compile(r"^```\{mdm-api-stage\}[ \t]+(?P<stage>[^\n]+?)[ \t]*\n```[ \t]*$", re.MULTILINE)
_INDEX_BLOCK = re.compile(r"^```\{mdm-api-index\}[ \t]*\n(?P<body>.*?)^```[ \t]*$", re.MULTILINE | re.DOTALL)


def book_version() -> str:
    """Return the version the book shows: ``mdm_lib.__version__``, read from ``pyproject.toml``."""
    return importlib.import_module(PACKAGE).__version__


def footer_html(version: str) -> str:
    """Return the footer line of every page for ``version``."""
    return (
        f'<p class="mdm-version">Companion and <code>mdm_lib</code> version {version}. '
        f"Cite a figure by the number the book gives it: “Fig. N of the companion, v{version}”.</p>"
    )


class _Entry(NamedTuple):
    """A public name of ``mdm_lib``: its object, the module that defines it, its kind and its summary."""

    obj: object
    module: str
    kind: str  # "class", "function", "data" or "module" (a public submodule, such as ``mdm_lib.testing``)
    doc: list[str]


def _assigned_names(module: ModuleType) -> set[str]:
    """Return the names a module assigns at its top level (its constants, not what it imports)."""
    tree = ast.parse(inspect.getsource(module))
    names = set()
    for statement in tree.body:
        targets = statement.targets if isinstance(statement, ast.Assign) else []
        if isinstance(statement, ast.AnnAssign):
            targets = [statement.target]
        names |= {target.id for target in targets if isinstance(target, ast.Name)}
    return names


def _data_entry(name: str, value: object) -> _Entry:
    """Return the entry of a public constant: the module assigning it, and its ``#:`` comment."""
    for module_name in sorted(m for m in sys.modules if m.startswith(PACKAGE + ".")):
        module = sys.modules[module_name]
        if vars(module).get(name) is value and name in _assigned_names(module):
            doc = ModuleAnalyzer.for_module(module_name).find_attr_docs().get(("", name), [])
            return _Entry(value, module_name, "data", list(doc))
    return _Entry(value, "?", "data", [])


@functools.cache
def public_entries() -> dict[str, _Entry]:
    """Return the entry of every name of ``mdm_lib.__all__``, in ``__all__`` order (once per build)."""
    package = importlib.import_module(PACKAGE)
    entries = {}
    for name in package.__all__:
        obj = getattr(package, name)
        if inspect.ismodule(obj):  # documented on its own page, with its members
            entries[name] = _Entry(obj, obj.__name__, "module", (inspect.getdoc(obj) or "").splitlines())
        elif inspect.isclass(obj) or callable(obj):
            kind = "class" if inspect.isclass(obj) else "function"
            entries[name] = _Entry(obj, obj.__module__, kind, (inspect.getdoc(obj) or "").splitlines())
        else:
            entries[name] = _data_entry(name, obj)
    return entries


def _summary(lines: list[str]) -> str:
    """Return the first paragraph of a docstring on one line."""
    paragraphs = "\n".join(lines).strip().split("\n\n")
    return " ".join(paragraphs[0].split())


def _summary_table(names: list[str]) -> list[str]:
    """Return the lines of a two-column table: a link to each public name, and its summary."""
    if not names:
        return []
    entries = public_entries()
    lines = [".. list-table::", "   :class: mdm-api-summary", ""]
    for name in names:
        lines += [f"   * - :py:obj:`~{PACKAGE}.{name}`", f"     - {_summary(entries[name].doc)}"]
    return lines + [""]


def documented_fields(cls: type) -> list[str]:
    """Return the fields of a NamedTuple or dataclass that its docstring's Attributes section documents.

    numpydoc shows the Attributes section; autodoc's ``:members:`` would document the same fields a second time
    (a NamedTuple's as "Alias for field number 0"), so they are excluded from the members.
    """
    if dataclasses.is_dataclass(cls):
        fields = [field.name for field in dataclasses.fields(cls)]
    else:
        fields = list(getattr(cls, "_fields", ()))
    doc = inspect.getdoc(cls) or ""
    section = re.search(r"^Attributes\n-+\n(?P<body>.*?)(?:^\S[^\n]*\n-+\n|\Z)", doc, re.MULTILINE | re.DOTALL)
    named = set(re.findall(r"^(\w+)\s*:", section["body"], re.MULTILINE)) if section else set()
    return [field for field in fields if field in named]


def _data_rst(name: str, entry: _Entry) -> list[str]:
    value = repr(entry.obj)
    lines = [f".. py:data:: {name}"]
    if len(value) <= _MAX_VALUE_REPR and "\n" not in value:
        lines.append(f"   :value: {value}")
    return lines + [""] + [f"   {line}" for line in entry.doc] + [""]


def module_rst(module: str) -> str:
    """Return the reStructuredText of the reference page of ``module``: its docstring, a table, every entry.

    A name is documented on the page of the module that defines it. A module without public names (a package
    such as ``mdm_lib.schedules``, or the command line) gets its docstring only. A public submodule (such as
    ``mdm_lib.testing``, used as ``mdm.testing.<name>``) gets its docstring and its own members.
    """
    members = [(name, entry) for name, entry in public_entries().items() if entry.module == module]
    if any(entry.kind == "module" for _, entry in members):
        return "\n".join([f".. automodule:: {module}", "   :members:", ""])
    lines = [f".. automodule:: {module}", "", f".. currentmodule:: {PACKAGE}", ""]
    lines += _summary_table([name for name, _ in members])
    for name, entry in members:
        if entry.kind == "class":
            lines += [f".. autoclass:: {name}", "   :members:"]
            if fields := documented_fields(entry.obj):
                lines.append(f"   :exclude-members: {', '.join(fields)}")
            lines.append("")
        elif entry.kind == "function":
            lines += [f".. autofunction:: {name}", ""]
        else:
            lines += _data_rst(name, entry)
    return "\n".join(lines)


def _parse_stages(body: str) -> list[tuple[str, list[str]]]:
    stages = []
    for line in body.strip().splitlines():
        stage, _, modules = line.partition(":")
        stages.append((stage.strip(), [f"{PACKAGE}.{m}" for m in modules.split()]))
    return stages


def stage_docname(stage: str) -> str:
    """Return the page of a stage with several modules: ``"Estimated from data"`` -> ``book/api/group-estimated-from-data``."""
    return "book/api/group-" + re.sub(r"[^a-z0-9]+", "-", stage.lower()).strip("-")


def _module_docname(module: str) -> str:
    return "book/api/" + module.removeprefix(PACKAGE + ".").replace(".", "_")


def stage_rst(stage: str, modules: list[str]) -> str:
    """Return the reStructuredText of a stage's page: each module's summary and a table of its names."""
    entries = public_entries()
    lines: list[str] = []
    for module in modules:
        names = [name for name, entry in entries.items() if entry.module == module]
        doc = _summary((importlib.import_module(module).__doc__ or "").splitlines())
        lines += [f":mod:`{module}`: {doc}", ""] + _summary_table(names)
    return "\n".join(lines)


def index_rst(body: str) -> str:
    """Return the reStructuredText of the index: one section per stage, one line per module of the stage.

    A stage with several modules links its own page (:func:`stage_docname`), where the names are tabulated.
    """
    stages = _parse_stages(body)
    entries = public_entries()
    covered = {module for _, modules in stages for module in modules}
    for name, entry in entries.items():
        if entry.module not in covered:
            LOGGER.warning(
                "%s.%s (defined in %s) is in no stage of the API index",
                PACKAGE,
                name,
                entry.module,
                type="mdm_book",
            )
    lines = [f".. py:module:: {PACKAGE}", ""]  # the index is the package's page: :mod:`mdm_lib` links here
    for stage, modules in stages:
        lines += [stage, "-" * len(stage), ""]
        if len(modules) > 1:
            lines += [f"Every name of the stage, with its summary: :doc:`{stage} </{stage_docname(stage)}>`.", ""]
        for module in modules:
            doc = _summary((importlib.import_module(module).__doc__ or "").splitlines())
            lines += [f"- :doc:`{module} </{_module_docname(module)}>`: {doc}"]
        lines.append("")
    return "\n".join(lines)


def _eval_rst(rst: str) -> str:
    return "```{eval-rst}\n" + rst + "\n```"


def _source_read(app: Sphinx, docname: str, source: list[str]) -> None:
    """Put the version in for ``{{ version }}``; expand ``mdm-module`` and ``mdm-api-index`` blocks."""
    text = source[0].replace(VERSION_FIELD, app.config.release)
    source[0] = text
    if not any(f"{{{block}}}" in text for block in ("mdm-module", "mdm-api-index", "mdm-api-stage")):
        return
    app.env.note_dependency(inspect.getfile(importlib.import_module(PACKAGE)))  # its __all__ lists the names
    text = _MODULE_BLOCK.sub(lambda m: _eval_rst(module_rst(m["module"])), text)
    text = _INDEX_BLOCK.sub(lambda m: _eval_rst(index_rst(m["body"])), text)
    if "{mdm-api-stage}" in text:
        index_page = app.srcdir / "book" / "api" / "index.md"
        app.env.note_dependency(str(index_page))
        stages = dict(_parse_stages(_INDEX_BLOCK.search(index_page.read_text(encoding="utf-8"))["body"]))
        text = _STAGE_BLOCK.sub(lambda m: _eval_rst(stage_rst(m["stage"], stages[m["stage"]])), text)
    source[0] = text


def _resolve_public_name(
    app: Sphinx, env: BuildEnvironment, node: nodes.Element, contnode: nodes.Element
) -> nodes.Element | None:
    """Resolve ``mdm_lib.<module>.<name>`` or a bare ``<name>`` of the public API to ``mdm_lib.<name>``."""
    if node.get("refdomain") != "py":
        return None
    target = node.get("reftarget", "")
    name = target.rpartition(".")[2]
    if name not in importlib.import_module(PACKAGE).__all__ or not (
        target == name or target.startswith(PACKAGE + ".")
    ):
        return None
    return env.get_domain("py").resolve_xref(
        env, node["refdoc"], app.builder, node["reftype"], f"{PACKAGE}.{name}", node, contnode
    )


_FIG_NUMBER = re.compile(r"\{\{ fig-number:(?P<label>[\w-]+) \}\}")


def _figure_number(env: BuildEnvironment, label: str) -> str | None:
    """Return the number the book gives the figure labelled ``label`` ("1.3"), or None if it has none."""
    docname, node_id, _ = env.get_domain("std").labels.get(label, (None, None, None))
    number = env.toc_fignumbers.get(docname, {}).get("figure", {}).get(node_id) if docname else None
    return ".".join(map(str, number)) if number else None


def _fill_figure_numbers(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Put a figure's number for ``{{ fig-number:<label> }}``, in code blocks too (where no role works).

    How to cite shows a LaTeX example, ``Fig.~{{ fig-number:fig01-riemann }}``; the number is the one the book
    gives the figure in this build, so the example cannot name the wrong figure. An unknown label is a warning.
    """
    for text in list(doctree.findall(nodes.Text)):
        if "{{ fig-number:" not in text:
            continue

        def number(match: re.Match[str]) -> str:
            found = _figure_number(app.env, match["label"])
            if found is None:
                LOGGER.warning("no numbered figure %r for fig-number", match["label"], location=docname)
                return "?"
            return found

        text.parent.replace(text, nodes.Text(_FIG_NUMBER.sub(number, str(text))))


_UNDERLINE = re.compile(r"^(-{3,}|={3,}|~{3,})$")


def module_sections_as_rubrics(lines: list[str]) -> list[str]:
    """Return a module docstring with its numpydoc section headers (``Examples`` over ``--------``) as rubrics.

    numpydoc formats the docstrings of functions and classes, not of modules, so a module docstring's headers
    would become sections of the reference page, with ids ("examples") that clash between pages.
    """
    out: list[str] = []
    for i, line in enumerate(lines):
        if _UNDERLINE.match(line.strip()) and out and out[-1].strip() and len(line.strip()) == len(out[-1].strip()):
            out[-1] = f".. rubric:: {out[-1].strip()}"
            if i + 1 < len(lines) and lines[i + 1].strip():
                out.append("")
            continue
        out.append(line)
    return out


def _module_docstring(app: Sphinx, what: str, name: str, obj: object, options: object, lines: list[str]) -> None:
    if what == "module":
        lines[:] = module_sections_as_rubrics(lines)


def _config_inited(app: Sphinx, config: Config) -> None:
    version = book_version()
    config.version = config.release = version
    options = dict(config.html_theme_options or {})
    options["extra_footer"] = options.get("extra_footer", "") + footer_html(version)
    config.html_theme_options = options


def setup(app: Sphinx) -> dict[str, object]:
    app.connect("config-inited", _config_inited, priority=100)
    app.connect("source-read", _source_read)
    app.connect("autodoc-process-docstring", _module_docstring)
    app.connect("doctree-resolved", _fill_figure_numbers)
    app.connect("missing-reference", _resolve_public_name)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
