"""Step: claims without a source marked and listed; the not-clinical-guidance notice on dose pages.

A clinical claim the review gives without a citation carries `[uncited]` in the page
(`clinical_claim_index.py`); each becomes a small link ("no source", class `uncited-claim`, an id
of its own) to the About page's explanation, and the page that says `\\uncited_claims` gets the
list of every marked claim. Every page whose text gives a dose gets the notice that the site is
not clinical guidance: the plugin's template `living-review/dose-notice.html` (a site may override
it), which the site's main.html includes when this step sets `dose_notice` (pages themselves never
carry a copy of it).
"""

from __future__ import annotations

import re

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from ..core import clinical_claim_index as claims_source
from ..core.build_model import Build

_TAG = re.compile(r"<[^>]*>")

# Steps


def find_marks(build: Build, nav: Navigation, files: Files, config: MkDocsConfig) -> None:
    """Find every mark before any page is rendered: the About page may come first."""
    build.claims = claims_source.index_claims(build.source_pages(nav, files, config))
    build.report_all(build.claims.problems)


def render_marks(build: Build, markdown: str, page: Page) -> str:
    """First of the page's steps: the marks are counted in the Markdown as authors wrote it."""
    if build.claims is None:
        return markdown
    if claims_source.MARK in markdown:
        markdown = claims_source.render_marks(markdown, page.file.src_uri, build.claims, build.key)
    if claims_source.LIST_PLACEHOLDER in markdown:
        markdown = claims_source.replace_placeholder(markdown, claims_source.list_markdown(build.claims,
                                                                                         page.file.src_uri))
    return markdown


def dose_notice(context: dict, page: Page) -> None:
    """The rule reads the page's words as readers get them, so the print page (which holds every
    page) has the notice too."""
    context["dose_notice"] = claims_source.gives_doses(_TAG.sub(" ", page.content or ""))
