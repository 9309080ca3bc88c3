"""Hook: Google Scholar's `citation_reference` data for the home page's meta tags.

The article's own tags (title, authors, date, DOI) come from `extra.original_article` in
mkdocs.yml; the markup lives in overrides/main.html. This hook adds one entry per reference,
in site-wide number order, in the `key=value; ...` form Scholar reads.
"""

from __future__ import annotations

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

import site_registry
from reference_style import plain

# Hooks


def on_page_context(context: dict, *, page: Page, config: MkDocsConfig, nav: Navigation) -> dict:
    if page.is_homepage:
        registry = site_registry.current()
        keys = sorted(registry.numbers, key=registry.numbers.__getitem__)
        context["scholar_references"] = [_reference(registry.entries[key]) for key in keys]
    return context


# Helper functions


def _reference(entry) -> str:
    fields = entry.fields
    parts = [f"citation_author={plain(str(person))}" for person in entry.persons.get("author", [])]
    for name, field in (("title", "title"), ("journal_title", "journal"), ("publication_date", "year"),
                        ("volume", "volume"), ("issue", "number"), ("doi", "doi"), ("pmid", "pmid")):
        if fields.get(field):
            parts.append(f"citation_{name}={plain(fields[field])}")
    pages = plain(fields.get("pages", "")).split("–")
    if pages[0]:
        parts.append(f"citation_firstpage={pages[0]}")
    if len(pages) > 1:
        parts.append(f"citation_lastpage={pages[1]}")
    return "; ".join(part.replace(";", ",") for part in parts)
