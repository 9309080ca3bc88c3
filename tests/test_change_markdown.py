"""The changes between editions as Markdown fragments (core/change_markdown.py): what readers read in
a changed line, its constructs never cut by the diff, tables cell by cell."""

from __future__ import annotations

import markdown
import pytest

from living_review.core.change_markdown import reader_text, rewrite, safe_start, shown_change, shown_table, table_rows
from living_review.core.edition_changes import Line, SentenceChange


class Plain:
    """A writer that keeps citations as written and marks which edition each link came from."""

    def citation(self, keys, written, now):
        return written

    def link(self, text, href, now):
        return f"[{text}]({'new' if now else 'old'}/{href})"

    def bracket(self, written, now):
        return "NO SOURCE" if written == "[uncited]" else written


def _changed(old: str, new: str) -> str:
    return shown_change(SentenceChange("changed", Line(old, ""), Line(new, "")), Plain()).markdown


@pytest.mark.parametrize(("line", "expected"), [
    ("## Dosing {#dosing}", ("heading", "Dosing")),
    ("Table: Doses by route [@a] {#tbl:doses}", ("caption", "Doses by route [@a]")),
    ('!!! warning "Editor\'s note: the dose"', ("box", "Editor's note: the dose")),
    ("[^1]: A footnote's text.", ("footnote", "A footnote's text.")),
    ("*[IV]: intravenous", ("abbreviation", "IV: intravenous")),
    ("- An item [@a].", ("sentence", "An item [@a].")),
    ("1. A numbered item.", ("sentence", "A numbered item.")),
    ("> A quotation.", ("sentence", "A quotation.")),
    ("| a | b |", None), ("|---|---|", None), ("\\full_bibliography", None), ('<div class="x">', None),
    ("![Timeline](timeline.svg){#fig:x}", None), ("[site]: https://example.org", None), ("```", None),
])
def test_a_line_reads_as_what_readers_read_in_it(line, expected):
    assert reader_text(line) == expected


def test_only_the_new_word_is_marked():
    assert _changed("Ketamine is absorbed [@a].", "Ketamine is quickly absorbed [@a].") == \
        "Ketamine is <ins>quickly</ins> absorbed [@a]."


def test_a_link_whose_target_changed_is_marked_whole_and_never_cut():
    shown = _changed("See [the dosing page](05.md#a) now.", "See [the dosing page](06.md#b) now.")
    assert shown == "See <del>[the dosing page](old/05.md#a)</del> <ins>[the dosing page](new/06.md#b)</ins> now."


def test_a_citation_group_and_an_emphasised_phrase_are_compared_whole():
    assert _changed("Shown [@a; @b] here.", "Shown [@a] here.") == "Shown <del>[@a; @b]</del> <ins>[@a]</ins> here."
    assert _changed("It is *very rare* now.", "It is *rare* now.") == \
        "It is <del>*very rare*</del> <ins>*rare*</ins> now."


def test_a_removed_line_s_links_lead_to_the_previous_edition_and_marks_go_through_the_writer():
    change = SentenceChange("removed", Line("A claim [uncited], see [here](x.md).", ""), None)
    assert shown_change(change, Plain()).markdown == "<del>A claim NO SOURCE, see [here](old/x.md).</del>"


def test_images_read_as_their_text_and_footnote_markers_are_left_out():
    assert rewrite("An ![icon](i.svg) here[^1].", Plain(), now=True) == "An icon here."


def test_every_fragment_renders_as_inline_markup_with_its_marks():
    fragment = _changed("It is *very rare* in `code` and <abbr>IV</abbr>.",
                        "It is *rare* in `code` and <abbr>IV</abbr>.")
    html = markdown.markdown(f"- {safe_start(fragment)}")
    assert html == ("<ul>\n<li>It is <del><em>very rare</em></del> <ins><em>rare</em></ins> in <code>code</code> "
                    "and <abbr>IV</abbr>.</li>\n</ul>")


def test_a_fragment_that_starts_like_a_block_stays_text():
    assert markdown.markdown(f"- {safe_start('# not a heading')}") == "<ul>\n<li># not a heading</li>\n</ul>"
    assert markdown.markdown(f"- {safe_start('1. not a list')}") == "<ul>\n<li>1. not a list</li>\n</ul>"
    assert markdown.markdown(f"- {safe_start('* not a list')}") == "<ul>\n<li>* not a list</li>\n</ul>"


def test_a_table_is_compared_row_by_row_and_cell_by_cell():
    old = table_rows("| Drug | Dose |\n|---|---|\n| A | 1 mg |\n| B | 2 mg |\n| C | 3 mg |")
    new = table_rows("| Drug | Dose |\n|:--|--:|\n| A | 1 mg |\n| B | 5 mg |\n| D | 4 mg |")
    shown = shown_table(old, new, Plain())
    assert shown.header == ["Drug", "Dose"] and not shown.columns_changed
    assert [(row.kind, row.cells) for row in shown.rows] == [
        ("same", ["A", "1 mg"]),
        ("changed", ["B", "<del>2</del> <ins>5</ins> mg"]),
        ("removed", ["<del>C</del>", "<del>3 mg</del>"]),
        ("added", ["<ins>D</ins>", "<ins>4 mg</ins>"]),
    ]
    assert [row.kind for row in shown.changed_rows] == ["changed", "removed", "added"]
