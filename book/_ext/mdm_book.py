"""Local Sphinx extension of the companion book: its version and its library reference.

Version
    The book shows one version number, ``mdm_lib.__version__``, which reads ``[project] version`` of
    ``pyproject.toml`` (see ``mdm_lib/_version.py``). This extension sets Sphinx's ``version`` and ``release`` and
    a footer line on every page from it, and replaces the text ``{{ version }}`` by it in every page when Sphinx
    reads the page -- in prose and in code blocks alike, so a BibTeX entry can carry it (MyST's own substitutions
    skip code). The number is thus typed nowhere in the book; ``tests/test_version.py`` checks.

Library reference
    The public API is the top-level namespace ``mdm_lib``: every public object is documented once, as
    ``mdm_lib.<name>``, on the page of the module that defines it. A page under ``book/api/`` is one line::

        ```{mdm-module} mdm_lib.laws
        ```

    and the index page holds one ``{mdm-api-index}`` block, one line per stage of the data flow::

        ```{mdm-api-index}
        Laws: laws codes
        ```

    Both are expanded, when Sphinx reads the page, into reStructuredText for ``sphinx.ext.autodoc`` (numpydoc
    renders the docstrings). The summary tables are written here from each docstring's first paragraph rather than
    by ``sphinx.ext.autosummary``: Sphinx 7.4's autosummary cuts a summary at the first ". " even inside an inline
    literal (``Σ_1 × ... × Σ_n``), which is a build warning. A public name whose module is on no line of the
    index, or on no page, is a build warning, so ``-W`` fails on an undocumented name.

    Cross-references to ``mdm_lib.<module>.<name>`` or to a bare public ``<name>`` (as module docstrings write
    them) resolve to ``mdm_lib.<name>``.
"""

from __future__ import annotations

import importlib
import inspect
import re

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.environment import BuildEnvironment
from sphinx.util import logging

LOGGER = logging.getLogger(__name__)
PACKAGE = "mdm_lib"
VERSION_FIELD = "{{ version }}"
_MODULE_BLOCK = re.compile(r"^```\{mdm-module\}[ \t]+(?P<module>[\w.]+)[ \t]*\n```[ \t]*$", re.MULTILINE)
_INDEX_BLOCK = re.compile(r"^```\{mdm-api-index\}[ \t]*\n(?P<body>.*?)^```[ \t]*$", re.MULTILINE | re.DOTALL)


def book_version() -> str:
    """Return the version the book shows: ``mdm_lib.__version__``, read from ``pyproject.toml``."""
    return importlib.import_module(PACKAGE).__version__


def footer_html(version: str) -> str:
    """Return the footer line of every page for ``version``."""
    return (
        f'<p class="mdm-version">Companion and <code>mdm_lib</code> version {version}. '
        f"Cite a figure as “Figure N of the companion, v{version}”.</p>"
    )


def _public_objects() -> dict[str, object]:
    """Return ``{name: object}`` for the callables of ``mdm_lib.__all__``, in ``__all__`` order."""
    package = importlib.import_module(PACKAGE)
    return {name: getattr(package, name) for name in package.__all__ if callable(getattr(package, name))}


def _defined_in(obj: object, module: str) -> bool:
    owner = getattr(obj, "__module__", "") or ""
    return owner == module or owner.startswith(module + ".")


def _summary(text: str | None) -> str:
    """Return the first paragraph of a docstring on one line."""
    paragraphs = inspect.cleandoc(text or "").split("\n\n")
    return " ".join(paragraphs[0].split())


def _summary_table(names: list[str]) -> list[str]:
    """Return the lines of a two-column table: a link to each public name, and its summary."""
    if not names:
        return []
    public = _public_objects()
    lines = [".. list-table::", "   :class: mdm-api-summary", ""]
    for name in names:
        lines += [f"   * - :py:obj:`~{PACKAGE}.{name}`", f"     - {_summary(public[name].__doc__)}"]
    return lines + [""]


def module_rst(module: str) -> str:
    """Return the reStructuredText of the reference page of ``module``: its docstring, a table, every entry.

    A module without public names (the command line, ``mdm_lib.cli``) gets its docstring only.
    """
    members = [(name, obj) for name, obj in _public_objects().items() if _defined_in(obj, module)]
    lines = [f".. automodule:: {module}", "", f".. currentmodule:: {PACKAGE}", ""]
    lines += _summary_table([name for name, _ in members])
    for name, obj in members:
        if inspect.isclass(obj):
            lines += [f".. autoclass:: {name}", "   :members:", ""]
        else:
            lines += [f".. autofunction:: {name}", ""]
    return "\n".join(lines)


def _parse_stages(body: str) -> list[tuple[str, list[str]]]:
    stages = []
    for line in body.strip().splitlines():
        stage, _, modules = line.partition(":")
        stages.append((stage.strip(), [f"{PACKAGE}.{m}" for m in modules.split()]))
    return stages


def index_rst(body: str) -> str:
    """Return the reStructuredText of the index: one section per stage, one table per module of the stage."""
    stages = _parse_stages(body)
    public = _public_objects()
    covered = [module for _, modules in stages for module in modules]
    for name, obj in public.items():
        if not any(_defined_in(obj, module) for module in covered):
            LOGGER.warning(
                "%s.%s (defined in %s) is in no stage of the API index",
                PACKAGE, name, getattr(obj, "__module__", "?"), type="mdm_book",
            )
    lines = [f".. currentmodule:: {PACKAGE}", ""]
    for stage, modules in stages:
        lines += [stage, "-" * len(stage), ""]
        for module in modules:
            names = [name for name, obj in public.items() if _defined_in(obj, module)]
            doc = _summary(importlib.import_module(module).__doc__)
            lines += [f":mod:`{module}`: {doc}", ""] + _summary_table(names)
    return "\n".join(lines)


def _eval_rst(rst: str) -> str:
    return "```{eval-rst}\n" + rst + "\n```"


def _source_read(app: Sphinx, docname: str, source: list[str]) -> None:
    """Put the version in for ``{{ version }}``; expand ``mdm-module`` and ``mdm-api-index`` blocks."""
    text = source[0].replace(VERSION_FIELD, app.config.release)
    source[0] = text
    if "{mdm-module}" not in text and "{mdm-api-index}" not in text:
        return
    app.env.note_dependency(inspect.getfile(importlib.import_module(PACKAGE)))  # its __all__ lists the names
    text = _MODULE_BLOCK.sub(lambda m: _eval_rst(module_rst(m["module"])), text)
    text = _INDEX_BLOCK.sub(lambda m: _eval_rst(index_rst(m["body"])), text)
    source[0] = text


def _resolve_public_name(
    app: Sphinx, env: BuildEnvironment, node: nodes.Element, contnode: nodes.Element
) -> nodes.Element | None:
    """Resolve ``mdm_lib.<module>.<name>`` or a bare ``<name>`` of the public API to ``mdm_lib.<name>``."""
    if node.get("refdomain") != "py":
        return None
    target = node.get("reftarget", "")
    name = target.rpartition(".")[2]
    if name not in _public_objects() or not (target == name or target.startswith(PACKAGE + ".")):
        return None
    return env.get_domain("py").resolve_xref(
        env, node["refdoc"], app.builder, node["reftype"], f"{PACKAGE}.{name}", node, contnode
    )


def _config_inited(app: Sphinx, config: Config) -> None:
    version = book_version()
    config.version = config.release = version
    options = dict(config.html_theme_options or {})
    options["extra_footer"] = options.get("extra_footer", "") + footer_html(version)
    config.html_theme_options = options


def setup(app: Sphinx) -> dict[str, object]:
    app.connect("config-inited", _config_inited, priority=100)
    app.connect("source-read", _source_read)
    app.connect("missing-reference", _resolve_public_name)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
