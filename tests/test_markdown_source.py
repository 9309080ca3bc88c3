"""Unit tests: finding citations, links and labels in Markdown source, with their lines."""

import functools
import itertools
import re

from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import ROOT
from living_review.core.markdown_source import find_citations, find_labels, find_links, mask_code

PAGE = """---
description: an [@inmeta] here
---

# Title {#title}

Cited [@a; @b] and `[@incode]` and [@user](https://example.org) and [me@example.org].
```
[@infence]
```
<!-- [@incomment] -->
Table: Doses [@c]. {#tbl:doses}
See [@tbl:doses] and [words @d, p. 3] and \\[@escaped].
"""


def test_citations_outside_code_with_lines_and_columns():
    found = [(c.line, c.col, c.keys, c.error is None) for c in find_citations(PAGE)]
    assert found == [
        (7, 7, ["a", "b"], True),
        (12, 14, ["c"], True),
        (13, 5, ["tbl:doses"], True),
        (13, 22, [], False),
    ]


def test_masking_keeps_offsets_and_lines():
    masked = mask_code(PAGE)
    assert len(masked) == len(PAGE) and masked.count("\n") == PAGE.count("\n")
    assert "infence" not in masked and "incode" not in masked and "inmeta" not in masked


def test_cross_reference_is_recognised_and_one_per_bracket():
    (citation,) = find_citations("[@tbl:x; @fig:y]")
    assert citation.is_cross_reference and "one cross-reference per bracket" in citation.error


def test_keys_may_contain_colons_dots_and_hyphens_inside():
    (citation,) = find_citations("Text [@van-hilten.2009:a; @x_y].")
    assert citation.keys == ["van-hilten.2009:a", "x_y"]


def test_links_and_images_with_lines():
    links = find_links("A [page](02-x.md#y).\n\n![alt](figures/f.svg \"t\")\n\n[ref]: other.md\n`[no](code.md)`\n")
    assert [(link.target, link.line, link.is_image) for link in links] == [
        ("02-x.md#y", 1, False), ("figures/f.svg", 3, True), ("other.md", 5, False)]


def test_labels_from_captions_and_headings():
    labels = find_labels(PAGE)
    assert [(label.label, label.anchor, label.line) for label in labels] == [
        ("sec:title", "title", 5), ("tbl:doses", "tbl:doses", 12)]


# Indented code blocks: code where Python-Markdown reads code, text where it reads a list item's or
# a box's continuation (tests/fixtures/citations_in_indented_code* build them).

def _keys(text: str) -> list[str]:
    return [key for citation in find_citations(text) for key in citation.keys]


def test_an_indented_block_after_a_blank_line_is_code():
    page = "Cited [@a].\n\n    [@incode] shown as code\n    more code [@incode2]\n\nCited again [@b].\n"
    assert _keys(page) == ["a", "b"]
    assert _keys("Text.\n\n\t[@tabbed]\n") == []
    assert _keys("# Title\n    [@after_heading]\n") == []  # a heading ends its block


def test_an_indented_line_in_a_paragraph_is_text():
    assert _keys("A sentence\n    continued [@lazy].\n") == ["lazy"]


def test_inside_a_list_item_four_spaces_continue_it_and_eight_are_code():
    page = "- An item [@a].\n\n    Its second paragraph [@b].\n\n        [@incode]\n\n- Another [@c].\n"
    assert _keys(page) == ["a", "b", "c"]


def test_an_admonition_body_is_text_and_code_in_it_is_indented_further():
    page = ('!!! editor-note "The dose in the cited study"\n\n    The study gave 1.5 mg/kg [@a].\n\n'
            '        [@incode]\n\n??? note "Folded"\n    Folded text [@b].\n')
    assert _keys(page) == ["a", "b"]


def test_a_footnote_s_indented_paragraphs_are_its_text():
    page = "Claim.[^1]\n\n[^1]: A note [@a].\n\n    Its second paragraph [@b].\n\n        [@incode]\n"
    assert _keys(page) == ["a", "b"]


def test_html_blocks_markdown_in_them_and_raw():
    assert _keys("<div markdown>\n\n    [@incode]\n\nText [@a].\n\n</div>\n") == ["a"]
    assert _keys("<div>\n\n    [@raw]\n\n</div>\n") == ["raw"]  # raw HTML: not code, and not ours to mask


def test_an_unclosed_fence_is_text():
    # superfences leaves a fence nobody closes as text: the page after it is not masked.
    assert _keys("```\n[@a]\n\nLater [@b].\n") == ["a", "b"]


def test_masking_indented_code_keeps_offsets_and_lines():
    page = "Para [@a].\n\n    code [@x]\n\t\ttabbed [@y]\r\n\n- item\n\n        [@z]\n"
    masked = mask_code(page)
    assert len(masked) == len(page) and masked.count("\n") == page.count("\n")
    assert "[@a]" in masked and not any(key in masked for key in ("[@x]", "[@y]", "[@z]"))


# The property: whatever small page the site's authors write, `mask_code` hides a `[@k]` exactly
# when the site's Markdown renders it inside <code>. Python-Markdown is the judge.

@functools.cache
def _site_markdown():
    import markdown
    from mkdocs.config import load_config

    config = load_config(str(ROOT / "mkdocs.yml"), hooks=[])
    # Snippets only pulls in files (the abbreviations): no code of its own to judge.
    names = [name for name in config.markdown_extensions if name != "pymdownx.snippets"]
    assert {"admonition", "footnotes", "md_in_html", "pymdownx.details", "pymdownx.superfences"} <= set(names)
    return markdown.Markdown(extensions=names, extension_configs=config.mdx_configs)


_TOKEN = "[@K]"  # numbered once the page is written: [@k1], [@k2], ...
_WORDS = st.sampled_from(["Text", "A claim", "Doses vary"])
_LINE = st.builds(lambda words, cited: f"{words} {_TOKEN}" if cited else words, _WORDS, st.booleans())
_PARAGRAPH = st.builds(lambda first, lazy: [first, *(indent + line for indent, line in lazy)], _LINE,
                       st.lists(st.tuples(st.sampled_from(["", "  ", "    ", "        ", "\t"]), _LINE), max_size=2))
_CODE = st.builds(
    lambda indent, body, gap, after: [indent + line for line in body] + (["", indent + _TOKEN] if gap else []) + after,
    st.sampled_from(["    ", "\t", "     ", "        "]),
    st.lists(st.sampled_from([f"code {_TOKEN}", "- not a list", "!!! note", "# not a heading",
                              f"```\n{_TOKEN}\n```"]), min_size=1, max_size=3).map(lambda b: "\n".join(b).split("\n")),
    st.booleans(), st.sampled_from([[], [f"after {_TOKEN}"]]))
_SPLIT = st.builds(lambda first, then: [first, *then], st.sampled_from([f"# Title {_TOKEN}", "***", "Title\n====="]),
                   st.sampled_from([[], [f"    {_TOKEN}"], [f"Text {_TOKEN}"]])).map(lambda b: "\n".join(b).split("\n"))
_LEAF = st.one_of(
    _PARAGRAPH, _CODE, _SPLIT,
    st.sampled_from(["```", "~~~", "```text"]).map(
        lambda fence: [fence, _TOKEN, f"    {_TOKEN}", fence.removesuffix("text")]),
    st.just(["| Route | Dose |", "|---|---|", f"| {_TOKEN} | x |"]),
    st.just([f"Inline `{_TOKEN}` and {_TOKEN}"]),
    st.sampled_from([["<!-- a comment -->", f"    {_TOKEN}"], [f"Text <!-- a comment --> {_TOKEN}"]]),
)


def _indented(lines: list[str]) -> list[str]:
    return [f"    {line}" if line.strip() else line for line in lines]


def _blocks(blocks: list[list[str]]) -> list[str]:
    return [line for n, block in enumerate(blocks) for line in ([""] if n else []) + block]


def _nested(children):
    kids = st.lists(children, max_size=3).map(_blocks)
    items = st.lists(st.tuples(st.sampled_from(["-", "*", "  -", "1.", "10."]), _LINE, st.booleans(), kids),
                     min_size=1, max_size=3)
    listed = items.map(lambda items: _blocks([[f"{marker} {line}", *([f"    - nested {_TOKEN}"] if nested else []),
                                               *([""] + _indented(kid) if kid else [])]
                                              for marker, line, nested, kid in items]))
    box = st.builds(lambda header, blank, body: [header, *([""] if blank else []), *_indented(body or ["Text."])],
                    st.sampled_from(["!!! note", '!!! editor-note "Title"', f'!!! warning "A {_TOKEN}"', "??? note",
                                     '???+ note "Open"']), st.booleans(), kids)
    return st.one_of(listed, box)


_BLOCK = st.recursive(_LEAF, _nested, max_leaves=8)
_TOP = st.one_of(
    _BLOCK,
    st.builds(lambda lazy, kids: [f"[^N]: A note {_TOKEN}", *([f"    more {_TOKEN}"] if lazy else []),
                                  *([""] + _indented(_blocks(kids)) if kids else [])],
              st.booleans(), st.lists(_BLOCK, max_size=2)),
    st.builds(lambda tag, kids: [tag, "", *_blocks(kids), "", f"</{tag[1:].split()[0].rstrip('>')}>"],
              st.sampled_from(["<div markdown>", '<section markdown="1">', "<details markdown>"]),
              st.lists(_BLOCK, min_size=1, max_size=2)),
    st.sampled_from([["<div>", "", f"    {_TOKEN}", "", "</div>"], ["<div>x</div> tail", f"    {_TOKEN}"],
                     ["[ref]: https://example.org", f"    {_TOKEN}"]]),
)


def _numbered(lines: list[str]) -> str:
    tokens, notes = itertools.count(1), itertools.count(1)
    page = re.sub(re.escape(_TOKEN), lambda _: f"[@k{next(tokens)}]", "\n".join(lines) + "\n")
    return re.sub(r"\[\^N\]", lambda _: f"[^{next(notes)}]", page)


_PAGE = st.builds(lambda blocks, blank: _numbered(["Text", "", *_blocks(blocks)]).replace("\n\n", blank),
                  st.lists(_TOP, min_size=1, max_size=4), st.sampled_from(["\n\n", "\n   \n", "\n\n\n"]))


@settings(max_examples=400, deadline=None)
@given(_PAGE)
def test_masked_exactly_where_markdown_renders_code(page):
    from bs4 import BeautifulSoup

    html = BeautifulSoup(_site_markdown().reset().convert(page), "html.parser")
    rendered = {token: text.find_parent("code") is not None
                for text in html.find_all(string=re.compile(r"\[@k\d+\]"))
                for token in re.findall(r"\[@k\d+\]", text)}
    masked = mask_code(page)
    hidden = {match.group(0): not masked[match.start():match.end()].strip()
              for match in re.finditer(r"\[@k\d+\]", page)}
    assert rendered.keys() == hidden.keys(), "every token is on the rendered page, once"
    assert {token for token, code in hidden.items() if code != rendered[token]} == set(), html


# The short way round `mask_code` takes (no backtick, tilde or indented line: nothing to read as
# blocks) gives what the long way gives, also for pages with front matter and lines of spaces.

_SHORT_WAY_LINE = st.sampled_from(["Text [@k]", "", "    ", "\t", "  \t  ", "   x", "    x", "\tx", "a `b` c", "~~~",
                                   "<!-- c -->", "<!--\n    x\n-->", "- item", "    \r", "    \xa0", "    \x0c"])
_FRONT_MATTER = st.sampled_from(["", "---\ndescription: a page\n---\n", "---\ntitle: x\ntags:\n    - a\n---\n"])


@settings(max_examples=500, deadline=None)
@given(_FRONT_MATTER, st.lists(_SHORT_WAY_LINE, max_size=8))
def test_the_short_way_masks_as_the_long_way(front_matter, lines):
    from living_review.core import markdown_source

    page = front_matter + "\n".join(lines) + "\n"
    text = markdown_source.FRONT_MATTER.sub(markdown_source._blank, page, count=1)
    assert mask_code(page) == markdown_source._mask_blocks(text, markdown_source._HTML_COMMENT.sub(
        markdown_source._blank, text))
