"""Check links and images between pages (the target file exists, and so does the anchor), and
that every page is in the nav.

Core module (imports nothing from MkDocs), shared by the `link_check` step and `make check`. Anchors are
checked against the ids each page really has, which the caller supplies (the build takes them
from the rendered HTML; `make check` renders the Markdown itself).
"""

from __future__ import annotations

import difflib
import logging
import posixpath
import re
from collections.abc import Collection
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

from .author_errors import Problem, did_you_mean
from .build_model import SourcePage
from .html_policy import RESERVED_IDS
from .media_rules import is_plain_relative

ID_ATTRIBUTE = re.compile(r"""\sid=["']([^"']+)["']""")  # the ids a page's HTML defines


@dataclass(slots=True)  # thousands of them on a large site
class AnchorLink:
    """A link to `page.md#anchor` (or `#anchor` on the same page), to check once ids are known."""

    page: SourcePage
    line: int
    col: int
    written: str  # the link as the author wrote it, e.g. `dosing.md#regimen`
    target_uri: str
    anchor: str


def check_links(page: SourcePage, file_uris: Collection[str], docs: str) -> tuple[list[Problem], list[AnchorLink]]:
    """Problems with missing files, and the links whose anchors remain to be checked.
    `file_uris`: every file of the site, as a path inside docs/ (`figures/x.svg`)."""
    problems, anchored = [], []
    for link in page.links:
        if link.is_image and not is_plain_relative(link.target):
            continue  # from elsewhere, as a browser reads it: media_rules judges it in the HTML
        parts = urlsplit(link.target)
        if parts.scheme or parts.netloc:
            continue  # external: not ours to resolve
        if link.target.startswith("/"):
            problems.append(Problem(page.path, link.line, link.col,
                                    f"link to '{link.target}' is absolute: it breaks the offline copy and any "
                                    "other address; link to the .md file relative to this page", link=link.target))
            continue
        target_uri = page.src_uri
        if parts.path:
            folder = posixpath.dirname(page.src_uri)
            target_uri = posixpath.normpath(posixpath.join(folder, unquote(parts.path)))
            if target_uri not in file_uris:
                relative = (posixpath.relpath(uri, folder or ".") for uri in file_uris)
                problems.append(Problem(page.path, link.line, link.col,
                                        f"link to '{link.target}': there is no file {docs}/{target_uri}"
                                        f"{did_you_mean(unquote(parts.path), relative)}; "
                                        "check the file name (links are relative to this page)", link=link.target))
                continue
        if parts.fragment and target_uri.endswith(".md"):
            anchored.append(AnchorLink(page, link.line, link.col, link.target, target_uri, unquote(parts.fragment)))
    return problems, anchored


def check_anchors(links: list[AnchorLink], ids: dict[str, set[str]], docs: str) -> list[Problem]:
    """Links to an id their target page does not have. The message lists the page's closest ids:
    authors cannot look them up, as the table of contents shows titles."""
    problems = []
    for link in links:
        target_ids = ids.get(link.target_uri, set())
        if link.anchor in target_ids:
            continue
        where = "this page" if link.target_uri == link.page.src_uri else f"{docs}/{link.target_uri}"
        hint = did_you_mean(link.anchor, target_ids, prefix="#")
        if not hint and target_ids:
            closest = difflib.get_close_matches(link.anchor, sorted(target_ids), n=3, cutoff=0)
            hint = f" (its closest ids: {', '.join(repr('#' + id_) for id_ in closest)})"
        # The build gives reserved ids itself (an editor's note's comes from its title): no author can add one.
        fix = (("use an id it has; the build gives ids like this one itself "
                "(an editor's note's from its title, a reference's from its key)") if RESERVED_IDS.match(link.anchor)
               else f"use an id it has, or add {{#{link.anchor}}} to the heading you mean")
        problems.append(Problem(link.page.path, link.line, link.col,
                                f"link to '#{link.anchor}': {where} has no heading or anchor with that id{hint}; {fix}",
                                link=link.written))
    return problems


def pages_missing_from_nav(pages: list[SourcePage], nav, files, config) -> list[Problem]:
    """Pages that readers cannot reach from the nav (as MkDocs' `omitted_files`, but located)."""
    if not config.nav:
        return []  # MkDocs builds the nav from every page
    in_nav = {page.file.src_uri for page in nav.pages}
    return [Problem(page.path, 1, 1, f"this page is not in the nav; add it under nav: in mkdocs.yml, "
                                     f"e.g. '- {page.title}: {page.src_uri}'")
            for page in pages
            if page.src_uri not in in_nav and files.get_file_from_path(page.src_uri).inclusion.is_in_nav()]


# MkDocs' own warning about a link names the page but not the line. Where our check has already
# reported that link at its line, the author gets ours only; MkDocs' stays for what ours misses.
_MKDOCS_LINK_WARNING = re.compile(r"Doc file '(.*?)' contains (?:a|an absolute|an unrecognized relative) link '(.*?)'")


class DropReportedLinks(logging.Filter):
    """A filter for the `mkdocs.structure.pages` logger, for one build: it drops MkDocs' warning about
    a link in `reported` ((page, link as written) pairs our check reported) and keeps the rest."""

    def __init__(self, reported: Collection[tuple[str, str]]) -> None:
        super().__init__()
        self.reported = reported

    def filter(self, record: logging.LogRecord) -> bool:
        match = _MKDOCS_LINK_WARNING.match(record.getMessage())
        return not (match and match.groups() in self.reported)
