"""Step: editor's notes, each labelled and anchored, and listed on the About page.

An editor's note (`!!! editor-note "Title"`, see `editor_note_index.py`) flags an error in the
original article beside the text that repeats it. Readers see "Editor's note: Title" in a box
styled apart from the review (`docs/stylesheets/review.css`). Each box gets an id from its
title, and the page that says `\\editor_notes` (the About page) gets the list of every note,
read from the pages themselves, each linking to its place: the list cannot drift from them.
"""

from __future__ import annotations

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from ..core import editor_note_index as notes_source
from ..core.build_model import Build

# Steps


def find_notes(build: Build, nav: Navigation, files: Files, config: MkDocsConfig) -> None:
    """Find every note before any page is rendered: the About page may come first."""
    build.notes, problems = notes_source.index_editor_notes(build.source_pages(nav, files, config))
    build.report_all(problems)


def key_and_list(build: Build, markdown: str, page: Page) -> str:
    """Key each note's kind (see editor_note_index.keyed); put the list where a page asks for it."""
    if notes_source.KIND in markdown:  # most pages have none: skip masking their code
        markdown = notes_source.keyed(markdown, build.key)
    if notes_source.LIST_PLACEHOLDER in markdown:
        markdown = notes_source.replace_placeholder(markdown, notes_source.list_markdown(build.notes,
                                                                                         page.file.src_uri))
    return markdown


def anchor_boxes(build: Build, content: str, page: Page) -> str:
    """Once the sanitizer has refused every box a page wrote itself and given the keyed ones their
    class: give each note's box its id (see editor_note_index.anchored_boxes)."""
    notes = [note for note in build.notes if note.src_uri == page.file.src_uri]
    if not notes:
        return content
    content, given = notes_source.anchored_boxes(content, notes)
    if page.present_anchor_ids is not None:  # MkDocs' own anchor check: the About page links here
        page.present_anchor_ids.update(given)
    return content
