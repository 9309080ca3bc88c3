"""Step: cite works with `[@key]`, one number per work across the whole site.

Numbers follow the order of first citation in reading order (nav order), as in Vancouver style.
Each `[@a; @b]` becomes bracketed numbers linking to the page's own reference list; Material's
footnote tooltips (`content.footnote.tooltips`) show the full reference on hover and focus,
because each link carries the `footnote-ref` class and points at the list item's id.
This replaces mkdocs-bibtex's per-page footnotes, which restart numbering on every page and
format with pybtex's `plain` style on every page.
"""

from __future__ import annotations

import functools
import html

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import AnchorLink

from ..core.build_model import Build
from ..core.citation_index import index_citations, pages_with_own_list
from ..core.citation_markdown import PageCitations, ReviewMarkdown, unread_citations
from ..core.html_policy import PAGE_LIST_ID, keyed
from . import cross_references

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


def parse_groups(build: Build, config: MkDocsConfig) -> None:
    """Markdown itself finds the citation groups (core/citation_markdown.py): one extension for the build."""
    build.citation_markdown = ReviewMarkdown()
    # A config built once and used twice (tests build in-process) keeps only this build's.
    config.markdown_extensions[:] = [ext for ext in config.markdown_extensions if not isinstance(ext, ReviewMarkdown)]
    config.markdown_extensions.append(build.citation_markdown)


def read_groups(build: Build, page: Page) -> None:
    """As Markdown parses the page, each group becomes a placeholder (the markup goes in after the
    sanitizer and search); once it is parsed, each marker gets its id in the order readers meet it."""
    src_uri, groups = page.file.src_uri, {}

    def cite(keys: list[str], space: str) -> str:
        placeholder = build.defer(src_uri, "")
        groups[placeholder] = (keys, space)
        return placeholder

    def placed(placeholders: list[str]) -> None:
        cited: dict[str, list[str]] = {}
        for placeholder in placeholders:
            if placeholder in groups:  # not another step's held HTML
                keys, space = groups.pop(placeholder)
                build.put(src_uri, placeholder, space + _marker(build, keys, cited))
        if cited and src_uri in build.pages_with_own_list:
            build.cited[src_uri] = cited

    build.citation_markdown.page = PageCitations(cite, functools.partial(cross_references.refer, build, page),
                                                 placed, build.placeholders,
                                                 keyed(cross_references.LINK_CLASS, build.key))


def check_groups_read(build: Build, page: Page) -> None:
    """Every citation the sources hold was read by Markdown as text, or is reported where it is."""
    parsed, build.citation_markdown.page = build.citation_markdown.page, None
    source = build.page_by_uri.get(page.file.src_uri)
    if parsed is not None and source is not None:
        build.report_all(unread_citations(source.path, source.citations, parsed.written))


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


def reference_text(key: str, formatted: str) -> str:
    """A work's formatted reference in a list, with the id its markers are described by."""
    return f'<span id="{reference_text_id(key)}">{formatted}</span>'


def reference_text_id(key: str) -> str:
    return f"ref-{html.escape(key)}-text"


def _marker(build: Build, keys: list[str], cited: dict[str, list[str]]) -> str:
    """A group's numbers, each linking to the work in the page's list; `cited` counts the ids."""
    links = []
    for key in keys:
        if key in build.numbers:
            anchors = cited.setdefault(key, [])
            anchors.append(f"cite-{key}-{len(anchors) + 1}")
            # Described by the reference's text, which screen readers then read with the number.
            links.append(f'<a class="footnote-ref" id="{html.escape(anchors[-1])}" href="#ref-{html.escape(key)}" '
                         f'aria-describedby="{reference_text_id(key)}">{build.numbers[key]}</a>')
        else:  # reported in on_nav; keep it visible rather than let it vanish
            links.append(f'<span class="citation-unknown">?{html.escape(key)}</span>')
    return f'<span class="citation">&#91;{", ".join(links)}&#93;</span>'


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
        items.append(f'<li id="ref-{html.escape(key)}" value="{build.numbers[key]}">'
                     f'<p>{reference_text(key, build.formatted[key])} {backs}</p></li>')
    return '<ol class="references" data-search-exclude>\n' + "\n".join(items) + "\n</ol>"


def _back_links(anchors: list[str]) -> str:
    """`↩` back to the one citation, or `↩ 1 2 3` when the page cites the work several times."""
    if len(anchors) == 1:
        return f'<a class="citation-backref" href="#{html.escape(anchors[0])}" aria-label="Back to the citation">↩</a>'
    links = " ".join(
        f'<a class="citation-backref" href="#{html.escape(anchor)}" aria-label="Back to citation {n}">{n}</a>'
        for n, anchor in enumerate(anchors, start=1))
    return f'<span class="citation-backrefs">↩ {links}</span>'

