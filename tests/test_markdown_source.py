"""Unit tests: finding citations, links and labels in Markdown source, with their lines."""

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
