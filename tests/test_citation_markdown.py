"""Unit tests: citation groups as Python-Markdown's own parse reads them (core/citation_markdown.py)."""

from __future__ import annotations

import re

import markdown

from living_review.core.citation_markdown import PageCitations, ReviewMarkdown, unread_citations
from living_review.core.markdown_source import find_citations

PAGE = """Before a list [@first].

- An item [@second]

    indented code in the item's continuation? No: its text [@third].

A paragraph after the list [@fourth] and a [Table](#tbl:x) reference [@tbl:x].

    indented code [@code]

`inline [@span]` and \\[@escaped] stay text.

<div>
raw HTML [@raw]
</div>

[defined]: https://example.org "title [@defined]"
"""


def _parse(text: str) -> tuple[str, PageCitations, list[list[str]]]:
    extension, cited, placed = ReviewMarkdown(), [], []

    def cite(keys: list[str], space: str) -> str:
        cited.append(keys)
        return f"{space}\ue000{len(cited) - 1}\ue001"

    extension.page = page = PageCitations(cite, lambda label: ("Table 1", f"#{label}"), placed.append,
                                          re.compile("\ue000([0-9]+)\ue001"))
    html = markdown.Markdown(extensions=["attr_list", "md_in_html", extension]).convert(text)
    order = [cited[int(token[1:-1])] for token in placed[0]]
    return html, page, order


def test_groups_are_placed_in_reading_order_and_code_and_raw_html_are_left_alone():
    html, page, order = _parse(PAGE)
    # Markdown reads the list's items after the paragraphs around it: the order is the page's all the same.
    assert order == [["first"], ["second"], ["third"], ["fourth"]]
    assert '<a href="#tbl:x">Table 1</a>' in html
    for written in ("[@code]", "[@span]", "[@escaped]", "[@raw]"):
        assert written in html
    assert sorted(page.written) == sorted(["first", "second", "third", "fourth", "tbl:x"])


def test_a_citation_the_scan_finds_but_markdown_never_reads_is_reported_where_it_is():
    _, page, _ = _parse(PAGE)
    problems = unread_citations("docs/p.md", find_citations(PAGE), page.written)
    # Raw HTML is the scan's own error (markdown_source.raw_html_lines); the definition's title only the parse knows.
    assert [(problem.line, "defined" in problem.message) for problem in problems] == [(17, True)]


def test_unreadable_groups_and_ordinary_brackets_stay_as_written():
    html, page, order = _parse("See [see @a, p. 3], [an aside] and [@a @b].\n")
    assert order == [] and page.written == []
    assert "[see @a, p. 3]" in html and "[an aside]" in html and "[@a @b]" in html
