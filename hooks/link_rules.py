"""Check links and images between pages: the target file exists, and so does the anchor.

Library module (not a hook), shared by the `link_check` hook and `make check`. Anchors are
checked against the ids each page really has, which the caller supplies (the build takes them
from the rendered HTML; `make check` renders the Markdown itself).
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

from author_errors import Problem
from markdown_source import find_links
from site_registry import SourcePage

ID_ATTRIBUTE = re.compile(r"""\sid=["']([^"']+)["']""")  # the ids a page's HTML defines


@dataclass(slots=True)  # thousands of them on a large site
class AnchorLink:
    """A link to `page.md#anchor` (or `#anchor` on the same page), to check once ids are known."""

    page: SourcePage
    line: int
    col: int
    target_uri: str
    anchor: str


def check_links(page: SourcePage, exists: Callable[[str], bool], docs: str) -> tuple[list[Problem], list[AnchorLink]]:
    """Problems with missing files, and the links whose anchors remain to be checked."""
    problems, anchored = [], []
    for link in find_links(page.text, page.masked):
        parts = urlsplit(link.target)
        if parts.scheme or parts.netloc:
            continue  # external: not ours to resolve
        if link.target.startswith("/"):
            problems.append(Problem(page.path, link.line, link.col,
                                    f"link to '{link.target}' is absolute: it breaks the offline copy and any "
                                    "other address; link to the .md file relative to this page"))
            continue
        target_uri = page.src_uri
        if parts.path:
            target_uri = posixpath.normpath(posixpath.join(posixpath.dirname(page.src_uri), unquote(parts.path)))
            if not exists(target_uri):
                problems.append(Problem(page.path, link.line, link.col,
                                        f"link to '{link.target}': there is no file {docs}/{target_uri}; "
                                        "check the file name (links are relative to this page)"))
                continue
        if parts.fragment and target_uri.endswith(".md"):
            anchored.append(AnchorLink(page, link.line, link.col, target_uri, unquote(parts.fragment)))
    return problems, anchored


def check_anchors(links: list[AnchorLink], ids: dict[str, set[str]], docs: str) -> list[Problem]:
    problems = []
    for link in links:
        if link.anchor not in ids.get(link.target_uri, set()):
            where = "this page" if link.target_uri == link.page.src_uri else f"{docs}/{link.target_uri}"
            problems.append(Problem(link.page.path, link.line, link.col,
                                    f"link to '#{link.anchor}': {where} has no heading or anchor with that id; "
                                    "use an id that exists (see the page's table of contents)"))
    return problems
