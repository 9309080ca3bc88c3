"""Hook: pages carry no contributed script.

Raw HTML is allowed in Markdown, so a page could run script in every reader's browser (and in
the offline bundle). Tags and URLs that would (`<script>`, `on...=` attributes, `javascript:`
links, embedded pages) are reported at their line and fail the build. Code blocks are text.
"""

from __future__ import annotations

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation

import author_errors
import site_registry
from markdown_source import find_unsafe_html

# Hooks


def on_nav(nav: Navigation, *, config: MkDocsConfig, files: Files) -> Navigation:
    for page in site_registry.source_pages(nav, files, config):
        for line, col, message in find_unsafe_html(page.text, page.masked):
            author_errors.report(page.path, line, message, col=col)
    return nav
