"""Hook: Google Scholar's `citation_reference` data for the home page's meta tags.

The article's own tags (title, authors, date, DOI) come from `extra.original_article` in
mkdocs.yml; the markup lives in overrides/main.html. This hook adds one entry per reference,
in site-wide number order (formatted by reference_style.highwire_reference).
"""

from __future__ import annotations

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

import site_registry

# Hooks


def on_page_context(context: dict, *, page: Page, config: MkDocsConfig, nav: Navigation) -> dict:
    if page.is_homepage:
        registry = site_registry.current()
        keys = sorted(registry.numbers, key=registry.numbers.__getitem__)
        context["scholar_references"] = [registry.scholar[key] for key in keys]
    return context
