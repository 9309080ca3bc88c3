"""Step: Google Scholar's `citation_reference` data for the home page's meta tags.

The article's own tags (title, authors, date, DOI) come from the plugin's `original_article`
setting; the markup lives in the site's `main.html`. This step adds one entry per reference, in
site-wide number order (formatted by reference_style.highwire_reference).
"""

from __future__ import annotations

from mkdocs.structure.pages import Page

from ..core.build_model import Build


def references(build: Build, context: dict, page: Page) -> None:
    if page.is_homepage:
        keys = sorted(build.numbers, key=build.numbers.__getitem__)
        context["scholar_references"] = [build.scholar[key] for key in keys]
