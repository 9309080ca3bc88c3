"""Step: cite works with `[@key]`, one number per work across the whole site.

Numbers follow the order of first citation in reading order (nav order), as in Vancouver style.
Each `[@a; @b]` becomes bracketed numbers linking to the page's own reference list; Material's
footnote tooltips (`content.footnote.tooltips`) show the full reference on hover and focus,
because each link carries the `footnote-ref` class and points at the list item's id.
This replaces mkdocs-bibtex's per-page footnotes, which restart numbering on every page and
format with pybtex's `plain` style on every page.
"""

from __future__ import annotations

import html

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import AnchorLink

from ..core.build_model import Build
from ..core.citation_index import citation_groups, index_citations, pages_with_own_list
from ..core.html_policy import PAGE_LIST_ID
from ..core.markdown_source import find_citations

# Markdown and search see only placeholders; the markup goes in after them. As raw HTML, markers
# and lists cost Markdown's HTML parser (and the search plugin's) more than the page's own text.
# The heading of each page's own list: its id is reserved on the page (html_policy.ContentRules).
REFERENCES_ID = PAGE_LIST_ID
REFERENCES_TITLE = "References"

# Steps


def number_works(build: Build, nav: Navigation, files: Files, config: MkDocsConfig) -> None:
    """Number every work in reading order, before any page is rendered; report bad citations."""
    index = index_citations(build.source_pages(nav, files, config), build.formatted, build.defined_at)
    build.numbers, build.sites = index.numbers, index.sites
    build.pages_with_own_list = pages_with_own_list(index.sites, build.pages)
    build.report_all(index.problems)


def hold_markers(build: Build, markdown: str, page: Page) -> str:
    """Replace citations with placeholders; remember which works the page cites, for its list."""
    cited: dict[str, list[str]] = {}
    pieces, last = [], 0
    for citation, group in citation_groups(find_citations(markdown)):
        links = []
        for key, anchor in group:
            if key in build.numbers:
                cited.setdefault(key, []).append(anchor)
                links.append(f'<a class="footnote-ref" id="{html.escape(anchor)}" href="#ref-{html.escape(key)}">'
                             f'{build.numbers[key]}</a>')
            else:  # reported in on_nav; keep it visible rather than let it vanish
                links.append(f'<span class="citation-unknown">?{html.escape(key)}</span>')
        if links:
            marker = f'<span class="citation">&#91;{", ".join(links)}&#93;</span>'
            # The space before the marker goes with it: search then reads "ended." and not "ended .".
            start = citation.start - (markdown[citation.start - 1:citation.start] == " ")
            placeholder = build.defer(page.file.src_uri, markdown[start:citation.start] + marker)
            pieces += [markdown[last:start], placeholder]
            last = citation.end
    if not pieces:
        return markdown
    pieces.append(markdown[last:])
    if cited and page.file.src_uri in build.pages_with_own_list:
        build.cited[page.file.src_uri] = cited
    return "".join(pieces)


def list_in_contents(build: Build, page: Page) -> None:
    """The table of contents lists the reference list, which goes in after search has read the page."""
    if page.file.src_uri in build.cited:
        parent = page.toc.items[-1].children if page.toc.items and page.toc.items[-1].level < 2 else page.toc.items
        parent.append(AnchorLink(REFERENCES_TITLE, REFERENCES_ID, 2))


def append_list(build: Build, page: Page, config: MkDocsConfig) -> None:
    """The page's own list, last, after search has read the page: only readers (and the hovers)
    need it. The print page never sees it: it lists every work once."""
    cited = build.cited.pop(page.file.src_uri, None)
    if cited:
        page.content = f"{page.content}\n{_references_heading(config)}\n{_page_references(build, cited)}"


# Helper functions


def _references_heading(config: MkDocsConfig) -> str:
    """The list's heading as Markdown's toc extension writes a page's own (with its permalink)."""
    toc = config.mdx_configs.get("toc", {})
    permalink = toc.get("permalink", False)
    symbol = "¶" if permalink is True else str(permalink) if permalink else ""
    title = html.escape(toc.get("permalink_title", "Permanent link"))
    link = f'<a class="headerlink" href="#{REFERENCES_ID}" title="{title}">{html.escape(symbol)}</a>' if symbol else ""
    return f'<h2 data-search-exclude="" id="{REFERENCES_ID}">{REFERENCES_TITLE}{link}</h2>'


def _page_references(build: Build, cited: dict[str, list[str]]) -> str:
    items = []
    for key in sorted(cited, key=build.numbers.__getitem__):
        backs = _back_links(cited[key])
        # Material's tooltip shows the item's child elements, so the text sits in a <p>.
        items.append(f'<li id="ref-{html.escape(key)}" value="{build.numbers[key]}">'
                     f'<p>{build.formatted[key]} {backs}</p></li>')
    return '<ol class="references" data-search-exclude>\n' + "\n".join(items) + "\n</ol>"


def _back_links(anchors: list[str]) -> str:
    """`↩` back to the one citation, or `↩ 1 2 3` when the page cites the work several times."""
    if len(anchors) == 1:
        return f'<a class="citation-backref" href="#{html.escape(anchors[0])}" aria-label="Back to the citation">↩</a>'
    links = " ".join(
        f'<a class="citation-backref" href="#{html.escape(anchor)}" aria-label="Back to citation {n}">{n}</a>'
        for n, anchor in enumerate(anchors, start=1))
    return f'<span class="citation-backrefs">↩ {links}</span>'

