"""Hook: every link and image between pages resolves, each problem reported at its source line.

MkDocs' own `validation:` also warns about these, but names no line; authors need the line.
Anchors can only be checked once every page is rendered (ids come from the HTML), so links are
collected per page and checked in `on_env`, which MkDocs calls after all pages are rendered.
"""

from __future__ import annotations

import posixpath
import re
from urllib.parse import unquote, urlsplit

from jinja2 import Environment
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

import author_errors
from markdown_source import find_links, line_offset

_ID = re.compile(r"""\sid=["']([^"']+)["']""")
_pending: list[tuple[str, int, int, str, str]] = []  # (page path, line, col, target page, anchor)
_ids: dict[str, set[str]] = {}

# Hooks


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    _pending.clear()  # `mkdocs serve` reuses this module between builds
    _ids.clear()
    return config


# First of the page hooks, so that it sees the author's text before any hook rewrites it.
@event_priority(70)
def on_page_markdown(markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    docs = author_errors.project_path(config.docs_dir, config.config_file_path)
    path = f"{docs}/{page.file.src_uri}"
    offset = line_offset(page.file.content_string, markdown)
    for link in find_links(markdown):
        parts = urlsplit(link.target)
        if parts.scheme or parts.netloc or link.target.startswith("/"):
            continue  # external or absolute: not ours to resolve (MkDocs warns about absolute links)
        line = link.line + offset
        target_uri = page.file.src_uri
        if parts.path:
            target_uri = posixpath.normpath(posixpath.join(posixpath.dirname(page.file.src_uri), unquote(parts.path)))
            if files.get_file_from_path(target_uri) is None:
                author_errors.report(path, line, f"link to '{link.target}': there is no file {docs}/{target_uri}; "
                                                 "check the file name (links are relative to this page)", col=link.col)
                continue
        if parts.fragment and target_uri.endswith(".md"):
            _pending.append((path, line, link.col, target_uri, unquote(parts.fragment)))
    return markdown


def on_page_content(html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    _ids[page.file.src_uri] = set(_ID.findall(html))
    return html


# Every page's HTML exists now: check the anchors.
def on_env(env: Environment, *, config: MkDocsConfig, files: Files) -> Environment:
    docs = author_errors.project_path(config.docs_dir, config.config_file_path)
    for path, line, col, target_uri, anchor in _pending:
        if anchor not in _ids.get(target_uri, set()):
            where = "this page" if path == f"{docs}/{target_uri}" else f"{docs}/{target_uri}"
            author_errors.report(path, line, f"link to '#{anchor}': {where} has no heading or anchor with that id; "
                                             "use an id that exists (see the page's table of contents)", col=col)
    return env
