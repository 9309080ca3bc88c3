"""Hook: every link and image between pages resolves, and every page is in the nav; each problem
reported at its source line, once.

MkDocs' own `validation:` also warns about links, but names no line: where this hook has reported
a link, MkDocs' warning about it is dropped (it still warns about any link this hook cannot see,
such as one in an included file). Pages missing from the nav are this hook's alone (mkdocs.yml
sets MkDocs' `omitted_files` to `ignore`).
Anchors can only be checked once every page is rendered (ids come from the HTML), so links are
collected before rendering and checked in `on_env`, which MkDocs calls after all pages are rendered.
"""

from __future__ import annotations

import logging

from jinja2 import Environment
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

import author_errors
import media_rules
import site_registry
from author_errors import Problem
from citation_index import citation_anchors
from link_rules import (
    ID_ATTRIBUTE,
    AnchorLink,
    check_anchors,
    check_links,
    drop_mkdocs_duplicate,
    pages_missing_from_nav,
)

_anchored: list[AnchorLink] = []
_ids: dict[str, set[str]] = {}

# Hooks


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    _anchored.clear()  # `mkdocs serve` reuses this module between builds
    _ids.clear()
    logging.getLogger("mkdocs.structure.pages").addFilter(drop_mkdocs_duplicate)  # once: same function each time
    return config


def on_nav(nav: Navigation, *, config: MkDocsConfig, files: Files) -> Navigation:
    docs = _docs(config)
    pages = site_registry.source_pages(nav, files, config)
    file_uris = {file.src_uri for file in files}
    for page in pages:
        problems, anchored = check_links(page, file_uris, docs)
        for problem in problems:
            _report(problem, page.src_uri)
        _anchored.extend(anchored)
        # Images from elsewhere are reported by media_rules, in the page's HTML: not twice by MkDocs.
        site_registry.current().reported_links.update((page.src_uri, target)
                                                      for target in media_rules.judged_in_html(page.text))
    for problem in pages_missing_from_nav(pages, nav, files, config):
        author_errors.report_problem(problem)
    return nav


# The page's ids as readers get them: after the sanitizer (-100) and the editor's notes' ids (-105).
@event_priority(-120)
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
    docs = _docs(config)
    for problem in check_anchors(_anchored, _ids, docs):
        _report(problem, problem.path.removeprefix(f"{docs}/"))
    return env


# Helper functions


def _report(problem: Problem, src_uri: str) -> None:
    """Report a problem with a link, and remember it, so MkDocs' own warning about it is dropped."""
    author_errors.report_problem(problem)
    site_registry.current().reported_links.add((src_uri, problem.link))


def _docs(config: MkDocsConfig) -> str:
    return author_errors.project_path(config.docs_dir, config.config_file_path)
