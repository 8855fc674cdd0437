"""A small Sphinx extension for the book's HTML: math on every page, plain-text titles, a valid theme mode.

* **MathJax on every page.** Sphinx loads MathJax only on pages that contain math, but the sidebar and the
  previous/next links of *every* page show the chapter titles, two of which hold math ($\\log n$). On a page
  without math they were raw TeX. The HTML assets policy ``"always"`` makes Sphinx load the vendored MathJax (and
  its configuration) on every page.
* **Plain ``<title>``.** A browser tab cannot typeset math: a title such as "why \\(\\log n\\) is needed" is written
  as "why log n is needed" in ``<title>``; the page's own heading keeps the math.
* **Theme mode.** pydata-sphinx-theme reads ``default_mode`` from ``html_context``; left empty it logs a console
  error ("Got invalid theme mode") on every page. It is set to ``"auto"``, the mode the theme fell back to.
"""

from __future__ import annotations

import re

_INLINE_MATH = re.compile(r"\\\((.+?)\\\)|\$(.+?)\$")


def plain_text_math(title: str) -> str:
    """``title`` with each inline formula written as plain text: ``"why \\(\\log n\\)"`` -> ``"why log n"``.

    Parameters
    ----------
    title : str

    Returns
    -------
    str

    Raises
    ------
    TypeError
        If ``title`` is not a string.

    Examples
    --------
    >>> plain_text_math(r"TC and DTC schedules: \\(O(\\log n)\\) steps")
    'TC and DTC schedules: O(log n) steps'
    """
    if not isinstance(title, str):
        raise TypeError(f"title must be a str, got {type(title).__name__}")

    def _plain(match: re.Match[str]) -> str:
        tex = match.group(1) if match.group(1) is not None else match.group(2)
        tex = re.sub(
            r"\\(?:mathrm|mathbf|mathit|mathcal|mathbb|text|operatorname)\s*(?:\{([^{}]*)\}|([A-Za-z]))",
            lambda m: m.group(1) if m.group(1) is not None else m.group(2),
            tex,
        )
        tex = re.sub(r"\\[,;:! ]", " ", tex)
        tex = re.sub(r"\\([A-Za-z]+)", r"\1", tex)
        return re.sub(r"\s+", " ", tex.replace("{", "").replace("}", "")).strip()

    return _INLINE_MATH.sub(_plain, title)


def _page_context(app, pagename, templatename, context, doctree):
    if context.get("title"):
        context["title"] = plain_text_math(context["title"])


def _config_inited(app, config):
    config.html_context.setdefault("default_mode", "auto")


def setup(app):
    app.set_html_assets_policy("always")
    app.connect("config-inited", _config_inited)
    app.connect("html-page-context", _page_context)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
