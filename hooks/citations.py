"""Hook: cite works with `[@key]`, one number per work across the whole site.

Numbers follow the order of first citation in reading order (nav order), as in Vancouver style.
Each `[@a; @b]` becomes bracketed numbers linking to the page's own reference list; Material's
footnote tooltips (`content.footnote.tooltips`) show the full reference on hover and focus,
because each link carries the `footnote-ref` class and points at the list item's id.
This replaces mkdocs-bibtex's per-page footnotes, which restart numbering on every page and
format with pybtex's `plain` style on every page.
"""

from __future__ import annotations

import difflib
import html
import re

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

import author_errors
import site_registry
from markdown_source import KEY, find_citations, mask_code
from site_registry import CitationSite

# Hooks


# Number every work in reading order, before any page is rendered; report bad citations.
def on_nav(nav: Navigation, *, config: MkDocsConfig, files: Files) -> Navigation:
    registry = site_registry.current()
    titles = {page.file.src_uri: page.title for page in nav.pages}
    docs = author_errors.project_path(config.docs_dir, config.config_file_path)
    mentioned: set[str] = set()  # keys inside unreadable citations: reported there, not as uncited
    for file in site_registry.pages_in_reading_order(nav, files):
        source = file.content_string
        title = site_registry.page_title(file, source, titles.get(file.src_uri))
        registry.page_titles[file.src_uri] = title
        for citation, key, anchor in _citations_with_anchors(source):
            path = f"{docs}/{file.src_uri}"
            if citation.error:
                author_errors.report(path, citation.line, citation.error, col=citation.col)
                mentioned.update(re.findall(rf"@({KEY})", source[citation.start:citation.end]))
            elif key not in registry.entries:
                author_errors.report(path, citation.line, _unknown_key_message(key, registry.entries), col=citation.col)
            else:
                registry.numbers.setdefault(key, len(registry.numbers) + 1)
                registry.sites.setdefault(key, []).append(CitationSite(file.src_uri, title, anchor, citation.line))
    for key, (bib_path, line) in registry.defined_at.items():
        if key not in registry.numbers and key not in mentioned:
            author_errors.report(bib_path, line, f"reference '{key}' is never cited; cite it in a page with "
                                                 f"[@{key}] or remove the entry")
    return nav


# Replace citations with numbered markers and end the page with the list of what it cites.
# Runs before mkdocs-bibtex (priority 0), which then finds nothing left to do on the page.
@event_priority(50)
def on_page_markdown(markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    registry = site_registry.current()
    cited: dict[str, list[str]] = {}
    pieces, last = [], 0
    for citation, group in _groups(markdown):
        links = []
        for key, anchor in group:
            if key in registry.numbers:
                cited.setdefault(key, []).append(anchor)
                links.append(f'<a class="footnote-ref" id="{html.escape(anchor)}" href="#ref-{html.escape(key)}">'
                             f'{registry.numbers[key]}</a>')
            else:  # reported in on_nav; keep it visible rather than let it vanish
                links.append(f'<span class="citation-unknown">?{html.escape(key)}</span>')
        pieces += [markdown[last:citation.start], f'<span class="citation">&#91;{", ".join(links)}&#93;</span>']
        last = citation.end
    if not cited:
        return markdown
    pieces.append(markdown[last:])
    return "".join(pieces) + _page_references(cited)


# Helper functions


def _citations_with_anchors(source: str):
    """Each cited key with the id its marker gets: `cite-<key>-<n>` for the n-th on the page."""
    for citation, group in _groups(source):
        if citation.error:
            yield citation, None, None
        for key, anchor in group:
            yield citation, key, anchor


def _groups(text: str):
    counts: dict[str, int] = {}
    for citation in find_citations(text, mask_code(text)):
        if citation.is_cross_reference and not citation.error:
            continue  # the cross_references hook owns these
        group = []
        for key in citation.keys if not citation.error else []:
            counts[key] = counts.get(key, 0) + 1
            group.append((key, f"cite-{key}-{counts[key]}"))
        yield citation, group


def _unknown_key_message(key: str, entries: dict) -> str:
    by_case = {k.lower(): k for k in entries}
    if key.lower() in by_case:
        return f"citation key '{key}' differs in capitalisation from '{by_case[key.lower()]}'; write [@{by_case[key.lower()]}]"
    close = difflib.get_close_matches(key, list(entries), n=3, cutoff=0.6)
    hint = f" (did you mean {', '.join(repr(k) for k in close)}?)" if close else ""
    return f"unknown citation key '{key}'{hint}; add the work to a .bib file under bib/ or fix the key"


def _page_references(cited: dict[str, list[str]]) -> str:
    registry = site_registry.current()
    items = []
    for key in sorted(cited, key=registry.numbers.__getitem__):
        backs = _back_links(cited[key])
        # Material's tooltip shows the item's child elements, so the text sits in a <p>.
        items.append(f'<li id="ref-{html.escape(key)}" value="{registry.numbers[key]}">'
                     f'<p>{registry.formatted[key]} {backs}</p></li>')
    # data-search-exclude: search finds a work on the References page, not on every citing page.
    return ('\n\n## References {#references data-search-exclude}\n\n<ol class="references" data-search-exclude>\n'
            + "\n".join(items) + "\n</ol>\n")


def _back_links(anchors: list[str]) -> str:
    """`↩` back to the one citation, or `↩ 1 2 3` when the page cites the work several times."""
    if len(anchors) == 1:
        return f'<a class="citation-backref" href="#{html.escape(anchors[0])}" aria-label="Back to the citation">↩</a>'
    links = " ".join(f'<a class="citation-backref" href="#{html.escape(anchor)}" aria-label="Back to citation {n}">{n}</a>'
                     for n, anchor in enumerate(anchors, start=1))
    return f'<span class="citation-backrefs">↩ {links}</span>'

