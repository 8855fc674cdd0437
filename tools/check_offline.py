"""Fail if a built page would load anything from outside the machine.

Scans every HTML file under the given folder (default ``_build/html``) for
``src``/``href`` attributes of resources a browser fetches on load (scripts,
stylesheets, images, fonts, frames) and for CDN host names anywhere in the page.
Plain links (``<a href>``) to other sites are allowed: they load nothing.
"""

from __future__ import annotations

import re
import sys
from html.parser import HTMLParser
from pathlib import Path

CDN = re.compile(r"cdn\.jsdelivr|unpkg\.com|cdnjs|googleapis|gstatic|mathjax\.org|polyfill\.io")
FETCHED = {"script": "src", "img": "src", "iframe": "src", "source": "src", "link": "href", "embed": "src"}


class _Resources(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.remote: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        key = FETCHED.get(tag)
        values = dict(attrs)
        url = values.get(key or "", None) or ""
        if tag == "link" and values.get("rel") in {"canonical", "alternate"}:
            return
        if key and re.match(r"^(https?:)?//", url):
            self.remote.append(f"<{tag} {key}={url}>")


def main(folder: str = "_build/html") -> int:
    pages = sorted(Path(folder).rglob("*.html"))
    if not pages:
        print(f"check_offline: no HTML pages under {folder}")
        return 1
    problems = []
    for page in pages:
        text = page.read_text(encoding="utf-8", errors="replace")
        parser = _Resources()
        parser.feed(text)
        problems += [f"{page}: {r}" for r in parser.remote]
        problems += [f"{page}: mentions {m.group(0)}" for m in CDN.finditer(text)]
    for line in problems:
        print(line)
    print(f"check_offline: {len(pages)} pages, {len(problems)} remote resources")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
