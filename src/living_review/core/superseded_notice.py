"""The notice on every page of a superseded edition: an empty slot each edition's build writes, and
how `make editions` fills it once a newer edition is published.

Core module (imports nothing from MkDocs): the `superseded_notice` step writes the slot and
`release/publish_editions.py` fills it. An edition on the hosted branch is never rebuilt, so the
notice cannot come from its own build: the slot is a pair of HTML comments, which nothing an author
writes can produce (the sanitizer removes every comment from pages), filled in place and refilled
when the edition is superseded again. Everything outside the slot stays byte for byte as built.
"""

from __future__ import annotations

import posixpath
import re

START = "<!-- living-review:superseded-notice -->"
END = "<!-- /living-review:superseded-notice -->"
SLOT = START + END
_FILLED = re.compile(re.escape(START) + ".*?" + re.escape(END), re.DOTALL)


def fill(html: str, notice: str) -> str | None:
    """The page with `notice` in its slot (replacing what a previous fill wrote); None if the page
    has no slot (a file that is not a page, or an edition built before slots existed)."""
    if START not in html:
        return None
    return _FILLED.sub(lambda _: START + notice + END, html, count=1)


def same_page_href(page: str, latest: str, latest_files: set[str]) -> tuple[str, bool]:
    """The relative link from `page` (a path on the branch, `v1.0/a/index.html`) to the same page in
    the folder `latest`, and whether that page exists there; if not, to the latest edition's home page.
    `latest_files`: every path under `latest/` on the branch."""
    edition, _, inside = page.partition("/")
    same = posixpath.join(latest, inside)
    target, exists = (same, True) if same in latest_files else (posixpath.join(latest, "index.html"), False)
    href = posixpath.relpath(target, posixpath.dirname(page))
    # Directory URLs, as the site links its pages (`../latest/a/`, not `…/a/index.html`).
    if posixpath.basename(href) == "index.html":
        href = posixpath.dirname(href) + "/" if posixpath.dirname(href) else "./"
    return href, exists
