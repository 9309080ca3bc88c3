"""Hook: the References page lists every work once, by its site-wide number, with back-links.

Authors write mkdocs-bibtex's own placeholder, `\\full_bibliography`, where the list belongs.
Each item links to every place the work is cited, page by page, so a reader can go from a
reference to the sentences that rely on it.
"""

from __future__ import annotations

import html

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url

import site_registry

PLACEHOLDER = "\\full_bibliography"

# Hooks


# After Markdown: thousands of entries as raw HTML would cost Markdown's HTML parser seconds.
def on_page_content(content: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    if f"<p>{PLACEHOLDER}</p>" not in content:
        return content
    registry = site_registry.current()
    order = sorted(registry.formatted, key=lambda key: registry.numbers.get(key, len(registry.numbers) + 1))
    items = "\n".join(_item(key, page, files) for key in order)
    return content.replace(f"<p>{PLACEHOLDER}</p>", f'<ol class="references references-full">\n{items}\n</ol>', 1)


# Helper functions


def _item(key: str, page: Page, files: Files) -> str:
    registry = site_registry.current()
    number = registry.numbers.get(key)
    value = f' value="{number}"' if number else ""
    return (f'<li id="ref-{html.escape(key)}"{value}><p>{registry.formatted[key]}'
            f'{_cited_in(registry.sites.get(key, []), page, files)}</p></li>')


def _cited_in(sites: list[site_registry.CitationSite], page: Page, files: Files) -> str:
    """`Cited in: Pharmacokinetics (1, 2); Conclusions (1)`, each number a link to one citation."""
    if not sites:
        return ""
    by_page: dict[str, list[site_registry.CitationSite]] = {}
    for site in sites:
        by_page.setdefault(site.src_uri, []).append(site)
    parts = []
    for src_uri, page_sites in by_page.items():
        url = html.escape(get_relative_url(files.get_file_from_path(src_uri).url, page.file.url))
        title = html.escape(page_sites[0].page_title)
        if len(page_sites) == 1:
            parts.append(f'<a href="{url}#{html.escape(page_sites[0].anchor)}">{title}</a>')
            continue
        numbers = ", ".join(f'<a href="{url}#{html.escape(site.anchor)}" aria-label="{title}, citation {n}">{n}</a>'
                            for n, site in enumerate(page_sites, start=1))
        parts.append(f"{title} ({numbers})")
    return f' <span class="cited-in">Cited in: {"; ".join(parts)}.</span>'
