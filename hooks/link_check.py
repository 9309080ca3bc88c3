"""Hook: every link and image between pages resolves, each problem reported at its source line.

MkDocs' own `validation:` also warns about these, but names no line; authors need the line.
Anchors can only be checked once every page is rendered (ids come from the HTML), so links are
collected before rendering and checked in `on_env`, which MkDocs calls after all pages are rendered.
"""

from __future__ import annotations

from jinja2 import Environment
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

import author_errors
import site_registry
from citation_index import citation_anchors
from link_rules import ID_ATTRIBUTE, AnchorLink, check_anchors, check_links

_anchored: list[AnchorLink] = []
_ids: dict[str, set[str]] = {}

# Hooks


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    _anchored.clear()  # `mkdocs serve` reuses this module between builds
    _ids.clear()
    return config


def on_nav(nav: Navigation, *, config: MkDocsConfig, files: Files) -> Navigation:
    docs = _docs(config)
    for page in site_registry.source_pages(nav, files, config):
        problems, anchored = check_links(page, lambda uri: files.get_file_from_path(uri) is not None, docs)
        for problem in problems:
            author_errors.report_problem(problem)
        _anchored.extend(anchored)
    return nav


def on_page_content(html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    _ids[page.file.src_uri] = set(ID_ATTRIBUTE.findall(html))
    return html


# Every page's HTML exists now, but for the markup citations add later: check the anchors.
def on_env(env: Environment, *, config: MkDocsConfig, files: Files) -> Environment:
    registry = site_registry.current()
    for src_uri, ids in citation_anchors(registry.sites, registry.pages, registry.formatted).items():
        _ids.setdefault(src_uri, set()).update(ids)
        page = files.get_file_from_path(src_uri).page
        if page is not None and page.present_anchor_ids is not None:  # MkDocs' own check agrees
            page.present_anchor_ids.update(ids)
    for problem in check_anchors(_anchored, _ids, _docs(config)):
        author_errors.report_problem(problem)
    return env


# Helper functions


def _docs(config: MkDocsConfig) -> str:
    return author_errors.project_path(config.docs_dir, config.config_file_path)
