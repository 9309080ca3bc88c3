"""Editor's notes in the pages: where each one is, its title and its anchor; notes written wrong.

Core module (imports nothing from MkDocs), shared by the `editor_notes` step and `make check`.
An editor's note is this edition speaking, not the review: it flags an error in the original
or a citation that does not seem to support its claim, and keeps the original's wording.
Authors write it as an admonition of its own type, so it renders everywhere Markdown does:

    !!! editor-note "Short title"

        The note, one sentence per line, indented by four spaces [@key].

The About page lists every note where it says `\\editor_notes`, so the list cannot drift.
"""

from __future__ import annotations

import html
import posixpath
import re
import unicodedata
from dataclasses import dataclass

from .author_errors import Problem
from .html_policy import keyed as keyed_name
from .markdown_source import mask_code

LIST_PLACEHOLDER = "\\editor_notes"  # where the list of every note goes (the About page)
LABEL = "Editor's note"  # what readers see before each note's title
KIND = "editor-note"  # the admonition kind, and the class of the note's box
_HEADER = re.compile(
    r"^(?P<indent>[ \t]*)(?P<marker>!!!|\?\?\?\+?)[ \t]+(?P<kind>editor-note)(?![\w-])(?P<rest>[^\n]*)$", re.MULTILINE)
_TITLE = re.compile(r'"(?P<title>[^"\n]*)"')
# A note's box as the sanitized page holds it, with its title (see `keyed`).
_BOX = re.compile(rf'<div class="admonition {KIND}">\s*<p class="admonition-title">(?P<title>.*?)</p>', re.DOTALL)
_PLACEHOLDER_LINE = re.compile(rf"^[ \t]*{re.escape(LIST_PLACEHOLDER)}[ \t]*$", re.MULTILINE)


@dataclass(frozen=True)
class EditorNote:
    """One note: the page it is on, its title, its source line, and the HTML id of its box."""

    src_uri: str
    path: str
    page_title: str
    title: str
    line: int
    anchor: str


@dataclass(frozen=True)
class NoteHeader:
    """The `!!! editor-note "Title"` line of a note, as found in a page's Markdown."""

    start: int  # offset of the line
    kind_end: int  # offset just after `editor-note`
    title_span: tuple[int, int] | None  # offsets of the title's text, inside the quotes
    folded: bool  # written `???` (pymdownx.details): folded away, and closed in print
    has_text: bool


def find_note_headers(text: str, masked: str | None = None) -> list[NoteHeader]:
    """Every editor's note header outside code, in order."""
    masked = mask_code(text) if masked is None else masked
    headers = []
    for match in _HEADER.finditer(masked):
        title = _TITLE.search(match.group("rest"))
        span = (match.start("rest") + title.start("title"), match.start("rest") + title.end("title")) \
            if title and title.group("title").strip() else None
        headers.append(NoteHeader(match.start(), match.end("kind"), span, match.group("marker") != "!!!",
                                  _has_text(masked, match.end(), len(match.group("indent").expandtabs(4)))))
    return headers


def keyed(markdown: str, key: str) -> str:
    """The page with each note's kind carrying the build's key (`KEY-editor-note`, see
    html_policy.ContentRules) and its title labelled as the edition's own. The sanitizer refuses a
    plain `editor-note` class, so no raw HTML can pass for a note (and take its anchor); once
    sanitized, the box has its real class, and gets its id (`editor_notes`)."""
    for header in reversed(find_note_headers(markdown)):
        if header.title_span is not None:
            start, end = header.title_span
            markdown = f"{markdown[:start]}{LABEL}: {markdown[start:end].strip()}{markdown[end:]}"
        markdown = f"{markdown[:header.kind_end - len(KIND)]}{keyed_name(KIND, key)}{markdown[header.kind_end:]}"
    return markdown


def index_editor_notes(pages) -> tuple[list[EditorNote], list[Problem]]:
    """Every note of every page in reading order, and every note written wrong."""
    notes, problems = [], []
    for page in pages:
        anchors: set[str] = set()
        for header in find_note_headers(page.text, page.masked):
            line = page.text.count("\n", 0, header.start) + 1
            if header.folded:
                problems.append(Problem(page.path, line, 1, "an editor's note stays open: write '!!! editor-note', "
                                        "not '???' (a folded note hides the correction and prints closed)"))
            if header.title_span is None:
                problems.append(Problem(page.path, line, 1, "an editor's note needs a short title in quotes, e.g. "
                                        "!!! editor-note \"Doses in the cited study\"; the About page lists notes "
                                        "by title"))
                continue
            if not header.has_text:
                problems.append(Problem(page.path, line, 1, "this editor's note has no text: write it on the lines "
                                        "below the title, indented by four spaces"))
            title = page.text[slice(*header.title_span)].strip()
            anchor = _unique(f"editor-note-{_slug(title)}", anchors)
            notes.append(EditorNote(page.src_uri, page.path, page.title, title, line, anchor))
    if notes and not any(_PLACEHOLDER_LINE.search(page.masked) for page in pages):
        first = notes[0]
        problems.append(Problem(first.path, first.line, 1, f"no page lists the editor's notes: put "
                                f"{LIST_PLACEHOLDER} on a line of its own in the About page"))
    return notes, problems


def list_markdown(notes: list[EditorNote], from_src_uri: str) -> str:
    """The list of notes as Markdown, each linking to its place, for the page `from_src_uri`."""
    if not notes:
        return "This edition has no editor's notes yet."
    here = posixpath.dirname(from_src_uri) or "."
    items = []
    for note in notes:
        target = posixpath.relpath(note.src_uri, here)
        items.append(f"- [{_escape(note.title)}]({target}#{note.anchor}), in *{_escape(note.page_title)}*")
    return "\n".join(items)


def replace_placeholder(markdown: str, replacement: str) -> str:
    """The page with its `\\editor_notes` line (outside code) replaced."""
    masked = mask_code(markdown)
    match = _PLACEHOLDER_LINE.search(masked)
    return markdown if match is None else markdown[:match.start()] + replacement + markdown[match.end():]


def anchored_boxes(content: str, notes: list[EditorNote]) -> tuple[str, list[str]]:
    """The page's HTML with each note's box given its note's id, and the ids given. A box is matched to a note by its
    title, not by its place among the boxes: a box that is no note of the source (say, one the
    sanitizer refused) cannot take another note's id. Two notes with one title keep their order."""
    remaining, given = list(notes), []

    def anchored(match: re.Match) -> str:
        title = html.unescape(re.sub(r"<[^>]*>", "", match.group("title"))).removeprefix(f"{LABEL}: ")
        note = next((note for note in remaining if _slug(note.title) == _slug(title)), None)
        if note is None:
            return match.group(0)
        remaining.remove(note)
        given.append(note.anchor)
        box_start = match.group(0).index(">")
        return f'{match.group(0)[:box_start]} id="{html.escape(note.anchor)}"{match.group(0)[box_start:]}'

    return _BOX.sub(anchored, content), given


# Helper functions


def _has_text(masked: str, header_end: int, indent: int) -> bool:
    """Whether the lines after a header hold text indented under it (the admonition's body)."""
    for line in masked[header_end + 1:].split("\n"):
        if not line.strip():
            continue
        return len(line.expandtabs(4)) - len(line.expandtabs(4).lstrip()) >= indent + 4
    return False


def _slug(title: str) -> str:
    ascii_title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_title.lower()).strip("-") or "note"


def _unique(anchor: str, taken: set[str]) -> str:
    candidate, number = anchor, 2
    while candidate in taken:
        candidate, number = f"{anchor}-{number}", number + 1
    taken.add(candidate)
    return candidate


def _escape(text: str) -> str:
    return re.sub(r"([\\\[\]*_`])", r"\\\1", text)
