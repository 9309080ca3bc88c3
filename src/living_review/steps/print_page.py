"""Step: the whole review on one page, to print or save as PDF.

The page (the `pages: print` setting, found by its path: no other page can take its place)
holds the placeholder `\\print_review`; once every page is rendered, it is replaced by each page's
HTML in reading order. Ids are prefixed with the page's name so they stay unique, and links are
rewritten to point inside the print page: a citation leads to the References section (so its
hover works here too), a back-link to the citing sentence. Pages' own reference lists are not in
their HTML yet (`citations` adds them as each page is written): the References section lists
every work once.
"""

from __future__ import annotations

import posixpath
import re
from urllib.parse import urlsplit

from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url

from ..core import page_directives
from ..core.build_model import Build, pages_in_reading_order
from ..core.site_urls import page_key, resolve

PLACEHOLDER = f"<p>{page_directives.PRINT_REVIEW}</p>"
_ATTRIBUTE = re.compile(r'\b(id|href|src|aria-describedby|data-href)="([^"]*)"')

# Steps


def note_reading_order(build: Build, nav: Navigation, files) -> None:
    build.reading_order[:] = [file.src_uri for file in pages_in_reading_order(nav, files)]


def keep_rendered(build: Build, page: Page) -> None:
    build.rendered[page.file.src_uri] = page


def fill(build: Build) -> None:
    """Every page is rendered by now; templates are not (they read page.content afterwards)."""
    rendered = build.rendered
    print_page = rendered.get(build.settings.pages.print)  # by its path: no other page can take its place
    if print_page is None or PLACEHOLDER not in (print_page.content or ""):
        return
    pages = [rendered[src] for src in build.reading_order if src in rendered and rendered[src] is not print_page]
    by_url = {page_key(page.url): page for page in pages}
    sections = [_section(build, page, print_page, by_url) for page in pages]
    print_page.content = print_page.content.replace(PLACEHOLDER, "\n".join(sections))


# Helper functions


def _slug(page: Page) -> str:
    return posixpath.splitext(page.file.src_uri)[0].replace("/", "-")


def _section(build: Build, page: Page, print_page: Page, by_url: dict[str, Page]) -> str:
    # Markers and the full list, held back from search. Each page's own list is not in its content
    # (it goes in as the page is written): the References section lists every work once.
    html = build.fill(page.content, page.file.src_uri)
    references = next((p for p in by_url.values() if p.file.src_uri == build.roles.get("references")), None)

    def rewrite(match: re.Match) -> str:
        name, value = match.groups()
        if name == "id":
            return f'id="{_slug(page)}--{value}"'
        if name == "aria-describedby":  # a reference's text: in the References section here
            owner = references if value.startswith("ref-") and references else page
            return f'{name}="{_slug(owner)}--{value}"'
        url = urlsplit(value)
        if url.scheme or value.startswith(("//", "/", "mailto:")):
            return match.group(0)
        if url.fragment.startswith("ref-") and references:  # a work, wherever cited: the References section
            return f'{name}="#{_slug(references)}--{url.fragment}"'
        if not url.path:  # a link within the page
            return f'{name}="#{_slug(page)}--{url.fragment}"'
        target = resolve(page.url, url.path)
        linked = by_url.get(page_key(target))
        if name in ("href", "data-href") and linked is not None:
            return f'{name}="#{_slug(linked)}--{url.fragment}"' if url.fragment else f'{name}="#{_slug(linked)}"'
        rebased = get_relative_url(target, print_page.url)
        return f'{name}="{rebased}{"#" + url.fragment if url.fragment else ""}"'

    return f'<section class="print-section" id="{_slug(page)}">\n{_ATTRIBUTE.sub(rewrite, html)}\n</section>'
