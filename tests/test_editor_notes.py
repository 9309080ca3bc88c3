"""Editor's notes (`!!! editor-note "Title"`): each one labelled and anchored in its page and in
the print view, and the About page's list matching the notes in the pages.

Expectations come from the pages' Markdown, read here with a plain pattern, in nav order.
The fixture sites `editor_notes_malformed` (and its clean twin) cover the author's mistakes.
"""

from __future__ import annotations

import posixpath
import re

import pytest
from bs4 import BeautifulSoup

from conftest import ROOT
from living_review.core.editor_note_index import (
    EditorNote,
    anchored_boxes,
    find_note_headers,
    list_markdown,
    replace_placeholder,
)
from test_site import NAV_ORDER, SOURCES

ABOUT = "91-about.md"
PRINT = "92-print/index.html"
_NOTE_LINE = re.compile(r'^[ \t]*!!![ \t]+editor-note[ \t]+"([^"]+)"', re.MULTILINE)
# Every note in the pages, in reading order: (page source, title).
NOTES = [(src, title.strip()) for src in SOURCES
         for title in _NOTE_LINE.findall((ROOT / "docs" / src).read_text(encoding="utf-8"))]


def _html(built_site, src: str) -> BeautifulSoup:
    path = "index.html" if src == "index.md" else src.removesuffix(".md") + "/index.html"
    return BeautifulSoup((built_site / path).read_text(encoding="utf-8"), "html.parser")


def _boxes(page: BeautifulSoup) -> list:
    return page.select("article .admonition.editor-note")


def _title(box) -> str:
    return box.select_one(".admonition-title").get_text()


def _text(box) -> str:
    return " ".join(p.get_text(" ", strip=True) for p in box.find_all("p", recursive=False)
                    if "admonition-title" not in p.get("class", []))


def _about_section(page: BeautifulSoup) -> list:
    """The elements of the About page's "Corrections and notes on the original" section."""
    heading = page.find(id=re.compile(r"(^|--)about-corrections$"))
    assert heading is not None, "the About page has no 'Corrections and notes on the original' section"
    section = []
    for element in heading.find_next_siblings():
        if element.name in ("h1", "h2"):
            break
        section.append(element)
    return section


def _about_links(page: BeautifulSoup) -> list:
    return [link for element in _about_section(page) if element.name == "ul" for link in element.select("li > a")]


def test_each_note_is_labelled_as_the_editions_own_and_has_text(built_site):
    for src in {src for src, _ in NOTES}:
        boxes = _boxes(_html(built_site, src))
        assert [_title(box) for box in boxes] == [f"Editor's note: {title}" for s, title in NOTES if s == src]
        for box in boxes:
            assert box.get("id", "").startswith("editor-note-"), box
            assert _text(box), f"{src}: the note '{_title(box)}' shows no text"


def test_about_page_lists_every_note_in_reading_order_each_leading_to_it(built_site):
    about = _html(built_site, ABOUT)
    links = _about_links(about)
    if not NOTES:
        assert links == [] and "no editor's notes" in " ".join(e.get_text() for e in _about_section(about))
        return
    assert [link.get_text() for link in links] == [title for _, title in NOTES]
    for link, (src, title) in zip(links, NOTES, strict=True):
        path, _, anchor = link["href"].partition("#")
        target = posixpath.normpath(posixpath.join(ABOUT.removesuffix(".md"), path))
        assert f"{target}.md" == src or (target == "." and src == "index.md"), link["href"]
        box = _html(built_site, src).find(id=anchor)
        assert box is not None and "editor-note" in box.get("class", []), f"{link['href']} leads to no note"
        assert _title(box) == f"Editor's note: {title}"


def test_each_note_renders_in_the_print_view_and_the_list_leads_to_it_there(built_site):
    printed = BeautifulSoup((built_site / PRINT).read_text(encoding="utf-8"), "html.parser")
    for src, title in NOTES:
        on_page = next(box for box in _boxes(_html(built_site, src)) if _title(box) == f"Editor's note: {title}")
        section = NAV_ORDER[SOURCES.index(src)].removesuffix("/index.html").removesuffix("index.html") or "index"
        in_print = printed.find(id=f"{section}--{on_page['id']}")
        assert in_print is not None, f"the print view lacks the note '{title}' of {src}"
        assert _title(in_print) == _title(on_page)
        assert _text(in_print) == _text(on_page)
    links = _about_links(printed)
    assert [link.get_text() for link in links] == [title for _, title in NOTES]
    for link in links:
        assert link["href"].startswith("#") and printed.find(id=link["href"][1:]) is not None, link["href"]


# The library's rules, called directly.


@pytest.mark.parametrize(("markdown", "title", "folded", "has_text"), [
    ('!!! editor-note "Dose"\n\n    Text.\n', "Dose", False, True),
    ('!!! editor-note "Dose"\n    Text right under the title.\n', "Dose", False, True),
    ('- Item\n\n    !!! editor-note "In a list"\n\n        Text.\n', "In a list", False, True),
    ('!!! editor-note "Dose"\n\nNot indented: the review again.\n', "Dose", False, False),
    ('!!! editor-note ""\n\n    Text.\n', None, False, True),
    ('??? editor-note "Dose"\n    Text.\n', "Dose", True, True),
    ('!!! editor-note "Dose"', "Dose", False, False),
])
def test_a_note_header_is_read_with_its_title_fold_and_text(markdown, title, folded, has_text):
    [header] = find_note_headers(markdown)
    assert (markdown[slice(*header.title_span)] if header.title_span else None) == title
    assert (header.folded, header.has_text) == (folded, has_text)


def test_notes_in_code_are_examples_not_notes():
    assert find_note_headers('```markdown\n!!! editor-note "Example"\n    Text.\n```\n') == []
    assert find_note_headers('Write `!!! editor-note "Example"` to add one.\n') == []
    assert find_note_headers('!!! note "Not ours"\n    Text.\n') == []


def test_the_list_links_relative_to_the_page_that_holds_it():
    from living_review.core.editor_note_index import EditorNote

    note = EditorNote("topic/page.md", "docs/topic/page.md", "Page", "A [note]", 3, "editor-note-a-note")
    assert list_markdown([note], "about.md") == "- [A \\[note\\]](topic/page.md#editor-note-a-note), in *Page*"
    assert list_markdown([note], "back/about.md").startswith("- [A \\[note\\]](../topic/page.md#")
    assert replace_placeholder("Intro.\n\n\\editor_notes\n", "LIST") == "Intro.\n\nLIST\n"
    assert replace_placeholder("`\\editor_notes`\n", "LIST") == "`\\editor_notes`\n"  # code stays text


def test_a_box_gets_the_id_of_the_note_with_its_title_not_of_the_note_in_its_place():
    """A note the source holds but Markdown does not render as a box (here, the first one) must not
    shift every later note's id onto the wrong box; two notes with one title keep their order."""
    notes = [EditorNote("p.md", "docs/p.md", "P", title, line, anchor) for title, line, anchor in
             [("Not rendered", 1, "editor-note-not-rendered"),
              ("Dose of *S*-ketamine", 5, "editor-note-dose-of-s-ketamine"),
              ("Same", 9, "editor-note-same"), ("Same", 13, "editor-note-same-2")]]
    box = '<div class="admonition editor-note">\n<p class="admonition-title">Editor&#x27;s note: {}</p>'
    content = "".join(box.format(title) for title in ["Dose of <em>S</em>-ketamine", "Same", "Same", "Forged"])
    anchored, given = anchored_boxes(content, notes)
    assert given == ["editor-note-dose-of-s-ketamine", "editor-note-same", "editor-note-same-2"]
    assert re.findall(r'<div class="admonition editor-note"(?: id="([^"]*)")?>', anchored) == [
        "editor-note-dose-of-s-ketamine", "editor-note-same", "editor-note-same-2", ""]
