"""Hook: claims without a source marked and listed; the not-clinical-guidance notice on dose pages.

A clinical claim the review gives without a citation carries `[uncited]` in the page
(`clinical_claim_index.py`); each becomes a small link ("no source", class `uncited-claim`, an id
of its own) to the About page's explanation, and the page that says `\\uncited_claims` gets the
list of every marked claim. Every page whose text gives a dose gets the notice that the site is
not clinical guidance: the template `overrides/partials/dose-notice.html`, shown when this hook
sets `dose_notice` (pages themselves never carry a copy of it).
"""

from __future__ import annotations

import re

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

import author_errors
import clinical_claim_index as claims_source
import site_registry

_TAG = re.compile(r"<[^>]*>")
_index: list[claims_source.Index] = []

# Hooks


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    _index.clear()  # `mkdocs serve` reuses this module between builds
    return config


# Find every mark before any page is rendered: the About page may come first.
def on_nav(nav: Navigation, *, config: MkDocsConfig, files: Files) -> Navigation:
    index = claims_source.index_claims(site_registry.source_pages(nav, files, config))
    _index[:] = [index]
    for problem in index.problems:
        author_errors.report_problem(problem)
    return nav


# First of the page hooks: the marks are counted in the Markdown as authors wrote it.
@event_priority(100)
def on_page_markdown(markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    if not _index:
        return markdown
    if claims_source.MARK in markdown:
        markdown = claims_source.render_marks(markdown, page.file.src_uri, _index[0], site_registry.current().key)
    if claims_source.LIST_PLACEHOLDER in markdown:
        markdown = claims_source.replace_placeholder(markdown, claims_source.list_markdown(_index[0],
                                                                                         page.file.src_uri))
    return markdown


# The rule reads the page's words as readers get them, so the print page (which holds every
# page) has the notice too.
def on_page_context(context: dict, *, page: Page, config: MkDocsConfig, nav: Navigation) -> dict:
    context["dose_notice"] = claims_source.gives_doses(_TAG.sub(" ", page.content or ""))
    return context
