"""Every page of the built book, opened in a real browser (issue 9, §6).

The test serves ``_build/html`` on 127.0.0.1 (a free port, from a thread) and opens every page in headless
Chromium -- Debian's ``chromium`` package, driven by Python Playwright, never a browser that Playwright downloads.
Chromium is confined to loopback: its host resolver maps every name except 127.0.0.1 to "not found", and every
request the pages make is recorded. For each page it asserts:

* every formula is typeset: MathJax has finished, every ``math`` element holds MathJax output, no MathJax error
  is shown, and no raw ``\\(`` or ``\\[`` is left in the text or in the title;
* every image has loaded (``naturalWidth > 0``);
* every download link (the figure files) answers 200;
* no request leaves 127.0.0.1, and no request fails;
* the console shows no error and the page raises no exception.

A screenshot of every page goes to ``_build/screenshots/`` with ``report.json`` listing what was found.

If ``_build/html`` is older than any source of the book, the book is built first with
``jupyter-book build -W -n --keep-going .``. Without chromium (or playwright) the test is skipped, and says how
to install it.
"""

from __future__ import annotations

import functools
import http.server
import json
import re
import shutil
import subprocess
import sys
import threading
import urllib.request
import warnings
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest

ROOT = Path(__file__).resolve().parent.parent
HTML = ROOT / "_build" / "html"
SCREENSHOTS = ROOT / "_build" / "screenshots"
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
]
# What a built page depends on: a change to any of these makes the build stale.
SOURCES = ("_config.yml", "_toc.yml", "book", "notebooks", "mdm_lib", "figures", "benchmarks/results")
SKIPPED_FOLDERS = {"_static", "_sources", "_downloads", "_images", "_sphinx_design_static"}


def _skip(reason: str) -> None:
    warnings.warn(reason, stacklevel=2)  # shown in the warnings summary, so a skip is never silent
    pytest.skip(reason)


def _chromium(debian_path: Path = Path("/usr/bin/chromium")) -> str:
    path = shutil.which("chromium") or (str(debian_path) if debian_path.is_file() else None)
    if path is None:
        _skip(
            "browser test skipped: Debian's chromium is not installed; install it with "
            "`sudo apt-get install -y chromium` (.ci/run does this) and re-run"
        )
    return path


def _newest_source() -> float:
    newest = 0.0
    for name in SOURCES:
        path = ROOT / name
        files = (
            [path] if path.is_file() else [p for p in path.rglob("*") if p.is_file()] if path.is_dir() else []
        )
        newest = max(
            [newest]
            + [
                p.stat().st_mtime
                for p in files
                if "__pycache__" not in p.parts and ".ipynb_checkpoints" not in p.parts
            ]
        )
    return newest


def _build_is_current() -> bool:
    stamp = HTML / "index.html"
    pages = list(HTML.rglob("*.html")) if HTML.is_dir() else []
    return stamp.is_file() and max(p.stat().st_mtime for p in pages) >= _newest_source()


def _build_book() -> None:
    jupyter_book = Path(sys.executable).parent / "jupyter-book"
    command = [
        str(jupyter_book) if jupyter_book.exists() else "jupyter-book",
        "build",
        "-W",
        "-n",
        "--keep-going",
        ".",
    ]
    result = subprocess.run(command, check=False, cwd=ROOT, capture_output=True, text=True, timeout=3600)
    if result.returncode != 0:
        pytest.fail("the book does not build:\n" + (result.stdout + result.stderr)[-4000:])


def _pages() -> list[Path]:
    return sorted(p for p in HTML.rglob("*.html") if not SKIPPED_FOLDERS & set(p.relative_to(HTML).parts))


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):
        pass


@pytest.fixture(scope="module")
def server():
    """The built book on http://127.0.0.1:<free port>/, served from a thread."""
    if not _build_is_current():
        _build_book()
    handler = functools.partial(_QuietHandler, directory=str(HTML))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture(scope="module")
def browser():
    executable = _chromium()
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _skip(
            "browser test skipped: the Python package playwright is missing; `pip install playwright` "
            "(it drives Debian's chromium; never run `playwright install`)"
        )
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_FLAGS)
        yield chromium
        chromium.close()


_TYPESET = """async () => {
  if (window.MathJax && MathJax.startup && MathJax.startup.promise) { await MathJax.startup.promise; }
  const maths = [...document.querySelectorAll('span.math, div.math')];
  const untypeset = maths.filter(m => !m.querySelector('mjx-container')).map(m => m.textContent.slice(0, 80));
  const errors = [...document.querySelectorAll('mjx-merror')].map(m => m.textContent.slice(0, 80));
  const body = document.body.cloneNode(true);
  body.querySelectorAll('pre, code, script, style, textarea, mjx-container').forEach(e => e.remove());
  const text = body.textContent;
  const raw = [];
  for (const delim of ['\\\\(', '\\\\[']) {
    let at = text.indexOf(delim);
    while (at >= 0 && raw.length < 5) { raw.push(text.slice(Math.max(0, at - 30), at + 50)); at = text.indexOf(delim, at + 1); }
  }
  return {maths: maths.length, mathjax: !!window.MathJax, untypeset, errors, raw, title: document.title};
}"""

_IMAGES = """async () => {
  const images = [...document.images];
  images.forEach(i => { i.loading = 'eager'; });
  await Promise.all(images.map(i => i.complete ? null : new Promise(r => { i.onload = i.onerror = r; })));
  return images.filter(i => !(i.complete && i.naturalWidth > 0)).map(i => i.getAttribute('src'));
}"""

_DOWNLOADS = """() => [...document.querySelectorAll('a.download, a[href*="_downloads/"]')].map(a => a.href)"""


def _status(url: str) -> int:
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # straight to 127.0.0.1
    try:
        with opener.open(urllib.request.Request(url, method="GET"), timeout=30) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def _redirect(page_path: Path) -> str | None:
    """The target of a page that is only a ``<meta http-equiv="Refresh">`` redirect (the book's index.html)."""
    match = re.match(
        r'\s*<meta http-equiv="Refresh" content="0; url=([^"]+)"\s*/?>\s*$',
        page_path.read_text(encoding="utf-8"),
        re.IGNORECASE,
    )
    return match.group(1) if match else None


def _visit(browser, base: str, page_path: Path) -> dict:
    relative = page_path.relative_to(HTML).as_posix()
    url = urljoin(base, relative)
    if (target := _redirect(page_path)) is not None:
        ok = (page_path.parent / target).is_file()
        return {
            "page": relative,
            "redirect": target,
            "problems": [] if ok else [f"redirects to missing {target}"],
        }
    problems: list[str] = []
    requests: list[str] = []
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.on("request", lambda r: requests.append(r.url))
    page.on("websocket", lambda w: requests.append(w.url))
    page.on("requestfailed", lambda r: problems.append(f"request failed: {r.url} ({r.failure})"))
    page.on("response", lambda r: problems.append(f"HTTP {r.status}: {r.url}") if r.status >= 400 else None)
    page.on(
        "console", lambda m: problems.append(f"console {m.type}: {m.text}") if m.type == "error" else None
    )
    page.on("pageerror", lambda e: problems.append(f"page error: {e}"))
    try:
        page.goto(url, wait_until="load", timeout=60_000)
        math = page.evaluate(_TYPESET)
        problems += [f"formula not typeset: {t!r}" for t in math["untypeset"]]
        problems += [f"MathJax error: {t!r}" for t in math["errors"]]
        problems += [f"raw TeX in the text: {t!r}" for t in math["raw"]]
        if "\\(" in math["title"] or "\\[" in math["title"]:
            problems.append(f"raw TeX in the title: {math['title']!r}")
        problems += [f"image did not load: {src}" for src in page.evaluate(_IMAGES)]
        downloads = sorted(set(page.evaluate(_DOWNLOADS)))
        for link in downloads:
            if urlsplit(link).hostname == "127.0.0.1" and (status := _status(link)) != 200:
                problems.append(f"download link answers {status}: {link}")
        page.wait_for_timeout(200)  # late console messages
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(
            path=str(SCREENSHOTS / (relative.replace("/", "__").removesuffix(".html") + ".png")),
            full_page=True,
        )
    finally:
        page.close()
    outside = sorted(
        {
            r
            for r in requests
            if urlsplit(r).scheme in ("http", "https", "ws", "wss") and urlsplit(r).hostname != "127.0.0.1"
        }
    )
    problems += [f"request leaves loopback: {r}" for r in outside]
    return {
        "page": relative,
        "requests": len(requests),
        "maths": math["maths"],
        "downloads": len(downloads),
        "problems": problems,
    }


@pytest.mark.browser
def test_every_page_in_a_browser(server, browser):
    pages = _pages()
    assert len(pages) > 1, f"no pages under {HTML}"
    report = [_visit(browser, server, page) for page in pages]
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    (SCREENSHOTS / "report.json").write_text(json.dumps(report, indent=1), encoding="utf-8")
    failures = [f"{r['page']}: {p}" for r in report for p in r["problems"]]
    committed = sum(1 for p in (ROOT / "figures").glob("fig*") if p.is_file())
    checked = sum(r.get("downloads", 0) for r in report)
    if checked < committed:
        failures.append(
            f"only {checked} download links found on the pages for {committed} committed figure files"
        )
    assert not failures, (
        f"{len(failures)} problems on {len(pages)} pages (see _build/screenshots/):\n" + "\n".join(failures)
    )


def test_without_chromium_the_test_is_skipped_and_says_how_to_install_it(monkeypatch, tmp_path):
    monkeypatch.setattr(shutil, "which", lambda name: None)
    with (
        pytest.warns(UserWarning, match="apt-get install -y chromium"),
        pytest.raises(pytest.skip.Exception, match="apt-get install -y chromium"),
    ):
        _chromium(tmp_path / "no-chromium-here")
