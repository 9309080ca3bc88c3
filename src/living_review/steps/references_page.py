"""Step: the References page lists every work once, by its site-wide number, with back-links.

Authors write mkdocs-bibtex's own placeholder, `\\full_bibliography`, where the list belongs.
Each item links to every place the work is cited, page by page, so a reader can go from a
reference to the sentences that rely on it.
Search finds each work on its own: the search index gets one entry per work, leading to its
item. The list itself goes in after the search plugin has read the page (`Build.defer`).
"""

from __future__ import annotations

import functools
import html
import json
import re
from collections.abc import Callable
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url

from ..core.build_model import Build, CitationSite
from ..core.citation_index import FULL_BIBLIOGRAPHY
from . import citations

PLACEHOLDER = f"<p>{FULL_BIBLIOGRAPHY}</p>"
_TAG = re.compile(r"<[^>]*>")

# Steps


def hold_full_list(build: Build, content: str, page: Page, files: Files) -> str:
    """After Markdown: thousands of entries as raw HTML would cost Markdown's HTML parser seconds."""
    if PLACEHOLDER not in content:
        return content
    # Each citing page's URL relative to this one, escaped: once per page, not once per work it cites.
    url_of = functools.cache(lambda src_uri: html.escape(get_relative_url(files.get_file_from_path(src_uri).url,
                                                                          page.file.url)))
    items = "\n".join(_item(build, key, url_of) for key in _in_number_order(build))
    build.list_urls.append(page.url)
    held = build.defer(page.file.src_uri, f'<ol class="references references-full">\n{items}\n</ol>')
    return content.replace(PLACEHOLDER, held, 1)


def index_each_work(build: Build, config: MkDocsConfig) -> None:
    """One search entry per work, once the search plugin has written its index and before the
    offline plugin copies it. Both MkDocs' and Material's index are {"docs": [entries]}."""
    index_path = Path(config.site_dir) / "search" / "search_index.json"
    if not build.list_urls or not index_path.is_file():
        return
    index = json.loads(index_path.read_text(encoding="utf-8"))
    for url in build.list_urls:
        for key in _in_number_order(build):
            number = build.numbers.get(key)
            # The formatter escapes every field, so without its tags the reference is escaped text.
            index["docs"].append({"location": f"{url}#ref-{key}", "title": f"Reference {number or ''}".strip(),
                                  "text": _TAG.sub("", build.formatted[key])})
    index_path.write_text(json.dumps(index, separators=(",", ":")), encoding="utf-8")


# Helper functions


def _in_number_order(build: Build) -> list[str]:
    return sorted(build.formatted, key=lambda key: build.numbers.get(key, len(build.numbers) + 1))


def _item(build: Build, key: str, url_of: Callable[[str], str]) -> str:
    number = build.numbers.get(key)
    value = f' value="{number}"' if number else ""
    return (f'<li id="ref-{html.escape(key)}"{value}><p>{citations.reference_text(key, build.formatted[key])}'
            f'{_cited_in(build.sites.get(key, []), url_of)}</p></li>')


def _cited_in(sites: list[CitationSite], url_of: Callable[[str], str]) -> str:
    """`Cited in: Pharmacokinetics (1, 2); Conclusions (1)`, each number a link to one citation;
    `url_of` gives a citing page's URL as the link writes it."""
    if not sites:
        return ""
    by_page: dict[str, list[CitationSite]] = {}
    for site in sites:
        by_page.setdefault(site.src_uri, []).append(site)
    parts = []
    for src_uri, page_sites in by_page.items():
        url = url_of(src_uri)
        title = html.escape(page_sites[0].page_title)
        if len(page_sites) == 1:
            parts.append(f'<a href="{url}#{html.escape(page_sites[0].anchor)}">{title}</a>')
            continue
        numbers = ", ".join(f'<a href="{url}#{html.escape(site.anchor)}" aria-label="{title}, citation {n}">{n}</a>'
                            for n, site in enumerate(page_sites, start=1))
        parts.append(f"{title} ({numbers})")
    return f' <span class="cited-in">Cited in: {"; ".join(parts)}.</span>'
