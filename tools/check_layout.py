"""Check the layout of built book pages in a browser, at a desktop and a phone width.

Usage (after ``make book``)::

    .venv/bin/python tools/check_layout.py \\
        _build/html/notebooks/02_optimal_schedule.html
    .venv/bin/python tools/check_layout.py --width 400 _build/html/book/errata.html
    .venv/bin/python tools/check_layout.py _build/html   # every page of the book

Each page is opened in headless Chromium (Debian's ``chromium``, driven by
Playwright and kept on loopback) at every ``--width`` (default 1280 and 400 px),
with every folded block (``<details>``: hidden cells, the checks summary) opened.
The script prints a readable list:

* **wider than the text column**: an element that reaches beyond the page's text
  column (the theme's ``article``; content marked ``full-width`` or ``margin`` may
  use the right margin too);
* **scrolls sideways**: a box whose content is wider than the box, so the reader
  must scroll to see all of it (a table in the theme's automatic scroll container,
  a code block, a display equation), or **clipped** if the content is cut off (an
  inline formula longer than its line);
* **page scrolls sideways**: the whole page is wider than the window;
* **raw TeX**: TeX or ASCII maths left in the text (``\\mathcal``, ``$``, ``\\(``,
  ``^{``, ``10^86``) outside code and typeset maths;
* **one bar**: ``\\mathrm{KL}(\\mu\\|\\nu)`` in a markdown table loses its
  backslash to the table's cell escape and renders with one bar, ``KL(μ|ν)``;
* **alt text**: a figure whose ``alt`` is missing, a file name or a hash, or too
  short to describe it.

Each finding names the section (and the admonition or theorem box), the code cell
(the n-th code cell shown on the page), the figure number, and what the element
is: a table's headers, a code block's longest line, an equation's TeX.

Scroll boxes the page designs for are not findings: anything inside an element of
class ``mdm-scroll`` (a MyST ``{div}`` with ``:class: mdm-scroll``, or a cell
tagged ``mdm-scroll``) at every width; and at phone widths (below
``PHONE_WIDTH``) code blocks and display equations, which cannot fit a phone and
must not wrap, and anything inside ``mdm-scroll-phone``. Everything else must fit
at both widths.

Exit status: 0 if no page has a finding, 1 otherwise, 2 if chromium is missing.
"""

from __future__ import annotations

import argparse
import functools
import http.server
import re
import shutil
import sys
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin

WIDTHS = (1280, 400)
#: Below this viewport width code blocks may scroll sideways (the reader is on a phone).
PHONE_WIDTH = 600
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
]
#: Folders of the HTML build that hold assets, not pages.
ASSET_FOLDERS = {
    "_static",
    "_sources",
    "_downloads",
    "_images",
    "_sphinx_design_static",
}
#: Pages Sphinx generates, with no text of the book's own.
GENERATED_PAGES = {"genindex.html", "search.html", "py-modindex.html"}


@dataclass(frozen=True)
class Finding:
    """One layout problem on one page at one width.

    Parameters
    ----------
    width : int or None
        The viewport width (px) at which it was found; None for what every width shows
        (raw TeX, one bar, alt text).
    kind : str
        One of ``"wider than the text column"``, ``"scrolls sideways"``, ``"clipped"``,
        ``"page scrolls sideways"``, ``"raw TeX"``, ``"one bar"``, ``"alt text"``.
    where : str
        The section (and notebook cell) it is in.
    what : str
        What the element is, and by how much it is too wide.
    """

    width: int | None
    kind: str
    where: str
    what: str

    def __str__(self) -> str:
        return f"{self.kind}: {self.what}  [{self.where}]"


# ------------------------------------------------------------------------------------
# Decisions on text, testable without a browser.

_RAW_TEX = re.compile(
    r"\\[A-Za-z]{2,}|\\[()\[\]{}|,;!]|\$|[\^_]\{|(?<![\w\s])_(?=\w)|(?<=\w)\^(?=\w)"
)


def raw_tex_fragments(text: str, context: int = 30) -> list[str]:
    """Where TeX was left unrendered in ``text`` (a page's text outside maths and code).

    Parameters
    ----------
    text : str
        Visible text of a page, without code blocks and typeset maths.
    context : int, default 30
        Characters shown on each side of a hit.

    Returns
    -------
    list of str
        One snippet per hit, the hit in the middle (nearby hits are merged).

    Raises
    ------
    TypeError
        If ``text`` is not a string.

    Examples
    --------
    >>> raw_tex_fragments(r"The hard prior \\mathcal D_{n,k,q} is uniform.", context=8)
    ['d prior \\\\mathcal D_{n,k,q} i']
    >>> raw_tex_fragments("KL(μ‖ν) costs 5 bits")
    []
    """
    if not isinstance(text, str):
        raise TypeError(f"text must be a str, got {type(text).__name__}")
    spans: list[list[int]] = []
    for match in _RAW_TEX.finditer(text):
        start, end = max(0, match.start() - context), match.end() + context
        if spans and start <= spans[-1][1]:
            spans[-1][1] = end
        else:
            spans.append([start, end])
    return [" ".join(text[a:b].split()) for a, b in spans]


_DIVERGENCE = re.compile(
    r"(?:\\mathrm\{KL\}|\\operatorname\{KL\}|\\KL|\bKL|\\mathrm\{D\})\s*"
)
_OPEN = re.compile(r"\\left\s*\(|\\[bB]ig[gl]?\s*\(|\(")


def one_bar_divergences(tex: str) -> list[str]:
    """The divergences ``KL(a | b)`` in ``tex`` with one bar where ``\\|`` was meant.

    A markdown table cell needs ``\\|`` for a literal bar, so
    ``$\\mathrm{KL}(\\mu\\|\\nu)$`` in a table reaches MathJax as
    ``\\mathrm{KL}(\\mu|\\nu)``. A bar at the top level of a KL's parentheses,
    not written ``\\|``, ``\\Vert`` or ``\\parallel``, is that slip; bars nested in
    inner parentheses (a conditional law ``p(x|y)``) are not.

    Parameters
    ----------
    tex : str
        The TeX source of one formula.

    Returns
    -------
    list of str
        The offending ``KL(...)`` groups.

    Raises
    ------
    TypeError
        If ``tex`` is not a string.

    Examples
    --------
    >>> one_bar_divergences(r"\\mathrm{KL}(\\mu|\\nu^S)")
    ['\\\\mathrm{KL}(\\\\mu|\\\\nu^S)']
    >>> one_bar_divergences(r"\\mathrm{KL}(\\mu\\|\\nu^S) + \\KL(p(x|y) \\Vert q)")
    []
    """
    if not isinstance(tex, str):
        raise TypeError(f"tex must be a str, got {type(tex).__name__}")
    found = []
    for name in _DIVERGENCE.finditer(tex):
        opening = _OPEN.match(tex, name.end())
        if opening is None:
            continue
        depth, at, bad = 1, opening.end(), False
        while at < len(tex) and depth:
            char = tex[at]
            if char == "\\":
                at += 2  # an escaped character or the first letter of a command
                continue
            if char == "(":
                depth += 1
            elif char == ")":
                depth -= 1
            elif char == "|" and depth == 1:
                bad = True
            at += 1
        if bad:
            found.append(tex[name.start() : at])
    return found


_FILE_NAME = re.compile(r"\.(png|jpe?g|svg|gif|pdf|webp)$|^[0-9a-f]{8,}", re.IGNORECASE)
#: Words that say an image is there, not what it shows.
_GENERIC = {
    "figure",
    "image",
    "img",
    "plot",
    "png",
    "svg",
    "picture",
    "graph",
    "chart",
    "output",
}
#: Fewer words than this do not describe a figure.
MIN_ALT_WORDS = 4


def alt_text_problem(alt: str | None) -> str | None:
    """Why ``alt`` is not descriptive alt text for a figure, or None if it is.

    Parameters
    ----------
    alt : str or None
        The ``alt`` attribute (None if the image has none).

    Returns
    -------
    str or None
        The reason, or None.

    Raises
    ------
    TypeError
        If ``alt`` is neither a string nor None.

    Examples
    --------
    >>> alt_text_problem("3f2a9c0e1b7d4a55e6f0c2d18b9a7e31.png")
    'a file name or hash'
    >>> alt_text_problem("The optimal schedule's error against k") is None
    True
    """
    if alt is not None and not isinstance(alt, str):
        raise TypeError(f"alt must be a str or None, got {type(alt).__name__}")
    if alt is None:
        return "no alt attribute"
    words = re.findall(r"\w+", alt)
    if not words:
        return "empty"
    if _FILE_NAME.search(alt.strip()):
        return "a file name or hash"
    if len(words) < MIN_ALT_WORDS or {w.lower() for w in words} <= _GENERIC:
        return f"too short to describe the figure ({len(words)} words)"
    return None


# ------------------------------------------------------------------------------------
# The browser side: measurements in the page, turned into findings here.

_PREPARE = """async () => {
  if (window.MathJax && MathJax.startup && MathJax.startup.promise) {
    await MathJax.startup.promise;
  }
  document.querySelectorAll('details').forEach(d => { d.open = true; });
  const images = [...document.images];
  images.forEach(i => { i.loading = 'eager'; });
  await Promise.all(images.map(
    i => i.complete ? null : new Promise(r => { i.onload = i.onerror = r; })));
  await document.fonts.ready;
}"""

#: Content that may use the right margin too (the theme gives it 136 % of the column).
WIDE = (
    ".tag_full-width, .tag_full_width, .full-width, .full_width, .tag_margin,"
    " .tag_popout, .margin, aside.sidebar"
)
WIDE_SHARE = 1.36
#: Scroll boxes a page designs for, at every width (a cell tag or a MyST {div} class).
DESIGNED = ".mdm-scroll, .tag_mdm-scroll"
#: Scroll boxes designed for phones: code (which must not wrap), display equations, and
#: anything the page marks so.
DESIGNED_ON_PHONES = (
    ".mdm-scroll-phone, .tag_mdm-scroll-phone, div.highlight, pre, div.math,"
    " mjx-container[display]"
)

_MEASURE = """(args) => {
  const [phone, WIDE, WIDE_SHARE, DESIGNED] = args;
  const root = document.querySelector('article.bd-article')
    || document.querySelector('main') || document.body;
  const contentBox = (el) => {
    const r = el.getBoundingClientRect(), s = getComputedStyle(el);
    return {left: r.left + parseFloat(s.paddingLeft),
            right: r.right - parseFloat(s.paddingRight)};
  };
  const column = contentBox(root);
  const wide = {left: column.left, right: Math.min(window.innerWidth,
    column.left + WIDE_SHARE * (column.right - column.left))};
  const cells = [...root.querySelectorAll('div.cell')];
  const tex = new Map();
  if (window.MathJax && MathJax.startup && MathJax.startup.document) {
    for (const item of MathJax.startup.document.math) {
      if (item.typesetRoot) tex.set(item.typesetRoot, item.math);
    }
  }
  const skip = 'pre, code, script, style, textarea, mjx-container, .headerlink';
  const textOf = (el) => [...el.childNodes].map(n => n.nodeType === 3 ? n.textContent
    : n.nodeType === 1 && !n.matches(skip) ? textOf(n) : ' ').join('');
  const clean = (t) => t.replace(/\\s+/g, ' ').trim();
  const where = (el) => {
    const parts = [];
    for (let s = el.closest('section'); s; s = s.parentElement.closest('section')) {
      const h = s.querySelector(':scope > h1, :scope > h2, :scope > h3, :scope > h4');
      const title = clean(h ? h.textContent.replace(/[#¶]\\s*$/, '') : '');
      if (title) { parts.push('§ ' + title.slice(0, 60)); break; }
    }
    const box = el.closest('.admonition, .proof');
    const title = box && box.querySelector('.admonition-title');
    if (title) parts.push('in "' + clean(textOf(title)).slice(0, 40) + '"');
    const cell = el.closest('div.cell');
    if (cell) {
      const part = el.closest('.cell_output') ? 'output' : 'code';
      parts.push(`code cell ${cells.indexOf(cell) + 1} of ${cells.length} (${part})`);
    }
    const figure = el.closest('figure');
    const number = figure && figure.querySelector('.caption-number');
    if (number) parts.push(clean(number.textContent));
    return parts.join(', ') || 'top of the page';
  };
  const what = (el) => {
    const inside = (selector) => el.closest(selector) || el.querySelector(selector);
    const equation = (math) =>
      'equation ' + JSON.stringify((tex.get(math) || '').trim().slice(0, 70));
    if (el.closest('mjx-container')) return equation(el.closest('mjx-container'));
    if (el.matches('span.math, div.math')) {
      return equation(el.querySelector('mjx-container'));
    }
    const table = inside('table');
    if (table) {
      const row = table.querySelector('thead tr') || table.querySelector('tr');
      const heads = row ? [...row.children].map(h => clean(h.textContent)) : [];
      return `table (${heads.length} columns: ${heads.join(' | ').slice(0, 90)})`;
    }
    const pre = inside('pre');
    if (pre) {
      const lines = pre.textContent.split('\\n');
      const longest = Math.max(...lines.map(l => l.length));
      const first = lines.find(l => l.length === longest).trim().slice(0, 40);
      const name = el.closest('.cell_output') ? 'text output' : 'code block';
      return `${name} (longest line ${longest} characters: "${first}…")`;
    }
    const img = inside('img');
    if (img) return 'image ' + (img.getAttribute('src') || '').split('/').pop();
    if (inside('mjx-container')) return equation(inside('mjx-container'));
    const cls = typeof el.className === 'string' && el.className.trim()
      ? '.' + el.className.trim().split(/\\s+/).join('.') : '';
    return `<${el.tagName.toLowerCase()}${cls}> "${clean(textOf(el)).slice(0, 50)}"`;
  };
  const designed = (el) => !!el.closest(DESIGNED);
  const visible = (el) => {
    const r = el.getBoundingClientRect();
    return r.width > 0 && r.height > 0 && getComputedStyle(el).visibility !== 'hidden';
  };
  // An inline formula is an inline-flex box that clips its glyphs' overhang: it is cut
  // only when it has reached the width of its line.
  const lineWidth = (el) => {
    let block = el.parentElement;
    while (getComputedStyle(block).display.startsWith('inline')) {
      block = block.parentElement;
    }
    const b = contentBox(block);
    return b.right - b.left;
  };
  const cut = (el) => !el.matches('span.math') || el.clientWidth + 1 >= lineWidth(el);
  const findings = [];
  const walk = (el) => {
    for (const child of el.children) {
      // MathJax's copy for screen readers is clipped on purpose
      if (child.matches('mjx-assistive-mml, script, style')) continue;
      if (!visible(child)) continue;
      const r = child.getBoundingClientRect();
      const limit = child.closest(WIDE) ? wide : column;
      const over = Math.max(r.right - limit.right, limit.left - r.left);
      if (over > 1 && !designed(child)) {
        findings.push({kind: 'wider than the text column', where: where(child),
          what: `${what(child)}: ${Math.round(r.width)} px, `
            + `${Math.round(over)} px beyond the column`});
        continue;
      }
      const overflow = getComputedStyle(child).overflowX;
      if (overflow !== 'visible' && child.scrollWidth > child.clientWidth + 1
          && cut(child)) {
        if (!designed(child)) {
          const clipped = overflow === 'hidden' || overflow === 'clip';
          findings.push({kind: clipped ? 'clipped' : 'scrolls sideways',
            where: where(child),
            what: `${what(child)}: ${child.scrollWidth} px of content in `
              + `${child.clientWidth} px`});
        }
        continue;
      }
      walk(child);
    }
  };
  walk(root);
  const page = document.documentElement;
  if (page.scrollWidth > window.innerWidth + 1) {
    findings.push({kind: 'page scrolls sideways', where: 'the whole page',
      what: `${page.scrollWidth} px of page in a ${window.innerWidth} px window`});
  }
  const blocks = 'p, li, td, th, dd, dt, figcaption, h1, h2, h3, h4, h5, caption, '
    + '.admonition-title';
  const texts = [...root.querySelectorAll(blocks)]
    .filter(el => !el.querySelector(blocks) && !el.closest(skip))
    .map(el => ({text: textOf(el), where: where(el)}));
  const maths = [...tex.entries()].map(([node, source]) => ({tex: source,
    where: where(node)}));
  const images = [...root.querySelectorAll('img')].map(img => ({
    alt: img.getAttribute('alt'), where: where(img)}));
  const width = Math.round(column.right - column.left);
  return {column: width, findings, texts, maths, images};
}"""


def _layout(page, width: int) -> tuple[int, list[Finding], dict]:
    page.set_viewport_size({"width": width, "height": 900})
    page.evaluate(
        "() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))"
    )
    phone = width < PHONE_WIDTH
    designed = DESIGNED + (", " + DESIGNED_ON_PHONES if phone else "")
    facts = page.evaluate(_MEASURE, [phone, WIDE, WIDE_SHARE, designed])
    findings = [
        Finding(width, f["kind"], f["where"], f["what"]) for f in facts["findings"]
    ]
    return facts["column"], findings, facts


def _text_findings(facts: dict) -> list[Finding]:
    """Findings every width shows: raw TeX, one bar, alt text (each once)."""
    found: list[Finding] = []
    for block in facts["texts"]:
        found += [
            Finding(None, "raw TeX", block["where"], repr(snippet))
            for snippet in raw_tex_fragments(block["text"])
        ]
    for formula in facts["maths"]:
        found += [
            Finding(
                None,
                "one bar",
                formula["where"],
                f"{group} (one bar where \\| was meant?)",
            )
            for group in one_bar_divergences(formula["tex"])
        ]
    for image in facts["images"]:
        if (why := alt_text_problem(image["alt"])) is not None:
            alt = image["alt"] if image["alt"] is not None else "(none)"
            found.append(
                Finding(None, "alt text", image["where"], f"{why}: {alt[:60]!r}")
            )
    return list(
        dict.fromkeys(found)
    )  # the same slip in two rows of a table is one finding


def html_root(page: Path) -> Path:
    """The folder of the HTML build that holds ``page`` (the nearest with ``_static``).

    Parameters
    ----------
    page : pathlib.Path
        A built page or a folder of the build.

    Returns
    -------
    pathlib.Path
        The build's root folder.

    Raises
    ------
    ValueError
        If no folder above ``page`` holds ``_static``.

    Examples
    --------
    >>> html_root(Path("/nowhere/page.html"))
    Traceback (most recent call last):
    ...
    ValueError: /nowhere/page.html is not inside an HTML build (no _static above it)
    """
    page = Path(page).resolve()
    for folder in [page, *page.parents]:
        if (folder / "_static").is_dir():
            return folder
    raise ValueError(f"{page} is not inside an HTML build (no _static above it)")


def book_pages(root: Path) -> list[Path]:
    """Every page of the book under ``root``: no assets, no generated index or search.

    Parameters
    ----------
    root : pathlib.Path
        The HTML build's root folder.

    Returns
    -------
    list of pathlib.Path
        The pages, sorted.

    Raises
    ------
    ValueError
        If ``root`` is not a folder.
    """
    if not Path(root).is_dir():
        raise ValueError(f"root must be a folder of the HTML build, got {root}")
    return sorted(
        p
        for p in Path(root).rglob("*.html")
        if not ASSET_FOLDERS & set(p.relative_to(root).parts)
        and p.name not in GENERATED_PAGES
        and not _is_redirect(p)
    )


def _is_redirect(page: Path) -> bool:
    text = page.read_text(encoding="utf-8", errors="replace")
    return bool(re.match(r'\s*<meta http-equiv="Refresh"', text, re.IGNORECASE))


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):
        pass


@contextmanager
def serve(root: Path) -> Iterator[str]:
    """Serve ``root`` on http://127.0.0.1:<free port>/ from a thread, for the duration.

    Parameters
    ----------
    root : pathlib.Path
        The folder to serve.

    Yields
    ------
    str
        The base URL, ending in ``/``.
    """
    handler = functools.partial(_QuietHandler, directory=str(root))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    finally:
        httpd.shutdown()
        httpd.server_close()


def chromium_path(debian_path: Path = Path("/usr/bin/chromium")) -> str | None:
    """Debian's chromium, or None if it is not installed.

    Returns
    -------
    str or None
        The executable.
    """
    return shutil.which("chromium") or (
        str(debian_path) if debian_path.is_file() else None
    )


@contextmanager
def launch(executable: str) -> Iterator[object]:
    """A headless Chromium on loopback, driven by Playwright (never one it downloads).

    Parameters
    ----------
    executable : str
        The chromium binary.

    Yields
    ------
    playwright.sync_api.Browser
    """
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=executable, args=CHROMIUM_FLAGS
        )
        try:
            yield browser
        finally:
            browser.close()


def check_page(
    browser, url: str, widths: Iterable[int] = WIDTHS
) -> tuple[dict[int, int], list[Finding]]:
    """Open ``url`` once and measure it at each width.

    Parameters
    ----------
    browser : playwright.sync_api.Browser
        From :func:`launch`.
    url : str
        The page, served on loopback.
    widths : iterable of int, default (1280, 400)
        Viewport widths in px.

    Returns
    -------
    columns : dict
        Width -> the text column's width in px.
    findings : list of Finding
        Every layout problem found.
    """
    widths = list(widths)
    page = browser.new_page(viewport={"width": widths[0], "height": 900})
    try:
        page.goto(url, wait_until="load", timeout=60_000)
        page.evaluate(_PREPARE)
        columns, findings = {}, []
        for width in widths:
            columns[width], found, facts = _layout(page, width)
            findings += found
        findings += _text_findings(facts)
    finally:
        page.close()
    return columns, findings


def format_report(page: str, columns: dict[int, int], findings: list[Finding]) -> str:
    """A page's findings as a readable list: per width, then those every width shows.

    Parameters
    ----------
    page : str
        The page's path, as shown.
    columns : dict
        Width (px) -> the text column's width (px) at that width.
    findings : list of Finding
        From :func:`check_page`.

    Returns
    -------
    str
        One line for the page, then one per finding.

    Raises
    ------
    ValueError
        If a finding's width is not one of ``columns``.

    Examples
    --------
    >>> found = [Finding(400, "clipped", "§ A", "table"),
    ...          Finding(None, "raw TeX", "§ B", "'$x'")]
    >>> print(format_report("x.html", {1280: 688, 400: 368}, found))
    x.html: 2 findings
      at 400 px (text column 368 px):
        clipped: table  [§ A]
      at every width:
        raw TeX: '$x'  [§ B]
    """
    stray = {f.width for f in findings} - set(columns) - {None}
    if stray:
        raise ValueError(f"findings at widths not measured: {sorted(stray)}")
    count = len(findings)
    lines = [
        f"{page}: " + ("OK" if not count else f"{count} finding{'s' * (count != 1)}")
    ]
    groups = [(f"at {w} px (text column {c} px)", w) for w, c in columns.items()]
    for title, width in [*groups, ("at every width", None)]:
        here = [f for f in findings if f.width == width]
        if here:
            lines.append(f"  {title}:")
            lines += [f"    {f}" for f in here]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "pages",
        nargs="+",
        type=Path,
        help="built pages (.html) or a folder of the build",
    )
    parser.add_argument(
        "--width",
        type=int,
        action="append",
        help="viewport width in px (repeatable; default 1280 and 400)",
    )
    args = parser.parse_args(argv)
    widths = args.width or list(WIDTHS)
    if any(w < 200 for w in widths):
        parser.error("--width must be at least 200 px")
    pages = []
    for path in args.pages:
        if path.is_dir():
            pages += book_pages(path)
        elif path.is_file() and path.suffix == ".html":
            pages.append(path)
        else:
            parser.error(
                f"{path} is neither a built .html page nor a folder (run `make book`)"
            )
    roots = {html_root(p) for p in pages}
    if len(roots) != 1:
        parser.error("all pages must come from one HTML build")
    root = roots.pop()
    executable = chromium_path()
    if executable is None:
        print("check_layout: Debian's chromium is missing: apt-get install -y chromium")
        return 2
    total = 0
    with serve(root) as base, launch(executable) as browser:
        for path in pages:
            relative = path.resolve().relative_to(root).as_posix()
            columns, findings = check_page(browser, urljoin(base, relative), widths)
            print(format_report(relative, columns, findings), flush=True)
            total += len(findings)
    print(f"check_layout: {len(pages)} page(s), {total} finding(s)")
    return 1 if total else 0


if __name__ == "__main__":
    sys.exit(main())
