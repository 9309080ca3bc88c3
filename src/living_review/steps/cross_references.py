"""Step: number tables and figures across the site and resolve `[@tbl:x]`, `[@fig:x]`, `[@sec:x]`.

Syntax (as pandoc-crossref, so the Markdown stays portable):
    Table: Caption text. {#tbl:dosing}        <- a caption line directly above the table
    Figure: Caption text. {#fig:timeline}     <- a caption line directly above the image
    ## Heading {#some-id}                      <- any heading with an explicit id
    ... as shown in [@tbl:dosing] ...          -> "Table 2", a link to the table, on any page
Markdown's parse finds the references (`citation_markdown`, through the `citations` step) and asks `refer`.
Tables and figures are numbered in reading order (nav order) across the whole site.
"""

from __future__ import annotations

import posixpath

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from ..core.build_model import Build, Target
from ..core.label_index import KINDS, index_labels
from ..core.markdown_source import find_labels

# The class of a cross-reference's link, which previews.js shows a preview for. Markdown writes it
# with the build's key (html_policy.ContentRules): no page can make another link pass for one.
LINK_CLASS = "cross-reference"

# Steps


def number_labels(build: Build, nav: Navigation, files: Files, config: MkDocsConfig) -> None:
    """Collect every label in reading order, then check every reference against them."""
    build.targets, problems = index_labels(build.source_pages(nav, files, config))
    build.report_all(problems)


def number_captions(build: Build, markdown: str, page: Page) -> str:
    """Captions numbered (their own citations are then read by Markdown with the page's)."""
    edits = []
    source = build.page_by_uri.get(page.file.src_uri)
    # The source's labels, found before rendering, unless an earlier step changed the Markdown.
    for label in source.labels if source is not None and source.text == markdown else find_labels(markdown):
        kind = label.label.split(":", 1)[0]
        if kind in KINDS and label.label in build.targets:
            text = build.targets[label.label].text
            # attr_list reads attributes for a paragraph only from a line of their own.
            edits.append((label.start, label.end, f"**{text}.** {label.title}\n{{: #{label.anchor} .caption }}"))
    for start, end, replacement in sorted(edits, reverse=True):
        markdown = markdown[:start] + replacement + markdown[end:]
    return markdown


def refer(build: Build, page: Page, label: str) -> tuple[str, str] | None:
    """What `[@tbl:x]` reads as on `page` ("Table 2") and where it leads; None for an unknown label
    (reported with its line in on_nav), which stays as written."""
    target = build.targets.get(label)
    return None if target is None else (target.text, _href(page, target))


# Helper functions


def _href(page: Page, target: Target) -> str:
    if target.src_uri == page.file.src_uri:
        return f"#{target.anchor}"
    path = posixpath.relpath(target.src_uri, posixpath.dirname(page.file.src_uri) or ".")
    return f"{path}#{target.anchor}"
