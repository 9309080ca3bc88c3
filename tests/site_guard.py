"""The guard against silent loss: Markdown our hooks should have turned into HTML, left as text.

An engine that skips `hooks:` or mkdocs-bibtex (Zensical does both), a pin upgrade or a config
change can build "successfully" while every citation stays `[@key]`. `leftovers(site)` reads
every HTML page of a built site (hosted, offline bundle, any engine) as a reader sees it, code
excluded, and names each page and the text it shows. Used by the tests of every build, and by
hand on any engine's output: `python tests/site_guard.py SITE_DIR` (exits 1 if it finds any).
"""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import NamedTuple

from bs4 import BeautifulSoup

# What a reader sees as text: not code (where `[@key]` is an example), not script or style.
_NOT_PROSE = "code, pre, kbd, samp, script, style, template, textarea"
# Attributes a reader also reads (hover text, image descriptions, the page's title in a tab).
_READ_ATTRIBUTES = ("title", "alt", "aria-label")

# In text: (what it is, pattern). Each names a hook that did not run.
_IN_TEXT = [
    ("raw citation or cross-reference", re.compile(r"\[-?@[^\]\n]{0,80}\]?")),  # citations, cross_references
    ("footnote syntax", re.compile(r"\[\^[^\]\n]{0,80}\]")),  # mkdocs-bibtex's output without `footnotes`
    # \full_bibliography, \page_references, \print_review and any other `\word_word` placeholder.
    ("hook placeholder", re.compile(r"\\(?:bibliography|[a-z]+(?:_[a-z]+)+)\b")),
    ("label left as text", re.compile(r"\{#(?:tbl|fig|sec):[^}\n]{0,80}\}?")),  # cross_references
    ("caption left as text", re.compile(r"(?m)^(?:Table|Figure): .{0,60}")),  # cross_references
]
# In the HTML itself, code included: markup held back from search that was never put in
# (living_review/core/build_model.py: private-use characters in Markdown, then `<!--deferred N-->` comments).
_IN_HTML = [
    ("deferred HTML never filled", re.compile(r"<!--deferred[^>]{0,20}-->")),
    ("placeholder character", re.compile("[\ue000-\uf8ff]+")),
]
_CONTEXT = 40  # characters of text shown on each side of a find


class Leftover(NamedTuple):
    page: str  # path in the built site, e.g. `01-introduction/index.html`
    what: str
    text: str  # the find with the text around it, as the reader sees it

    def __str__(self) -> str:
        return f"{self.page}: {self.what}: {self.text!r}"


def leftovers(site: Path) -> list[Leftover]:
    """Every leftover on every HTML page of the built site in `site`, page by page."""
    found = []
    for path in sorted(site.rglob("*.html")):
        found += page_leftovers(path.relative_to(site).as_posix(), path.read_text(encoding="utf-8"))
    return found


def page_leftovers(page: str, html: str) -> list[Leftover]:
    found = [Leftover(page, what, _around(html, match))
             for what, pattern in _IN_HTML for match in pattern.finditer(html)]
    document = BeautifulSoup(html, "html.parser")
    for element in document.select(_NOT_PROSE):
        element.decompose()
    texts = [document.get_text("\n")]
    texts += [element[name] for name in _READ_ATTRIBUTES for element in document.find_all(attrs={name: True})]
    for text in texts:
        found += [Leftover(page, what, _around(text, match)) for what, pattern in _IN_TEXT
                  for match in pattern.finditer(text)]
    return found


def assert_no_leftover(site: Path) -> None:
    """Fail, naming every page and text, if the built site in `site` shows any leftover."""
    found = leftovers(site)
    assert not found, f"{site} shows text that a hook should have replaced:\n" + "\n".join(map(str, found))


def _around(text: str, match: re.Match) -> str:
    before = text[max(0, match.start() - _CONTEXT):match.start()]
    after = text[match.end():match.end() + _CONTEXT]
    return " ".join(f"{before}{match.group()}{after}".split())


if __name__ == "__main__":
    found = leftovers(Path(sys.argv[1]))
    print("\n".join(map(str, found)) or "no leftover")
    sys.exit(1 if found else 0)
