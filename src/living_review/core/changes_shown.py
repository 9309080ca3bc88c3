"""What the changes between two editions show: every change as readers read it, for the templates.

Core module (imports nothing from MkDocs): the `edition` step renders it on the changelog page (the
page's Markdown then renders each fragment), and `make changes` renders it for a pull request's
summary (`living_review.changes`). Each change carries links to where it is in the edition shown
(`here`) and in the previous one (`before`), None where it is not; a `Links` gives them.
"""

from __future__ import annotations

import html
import posixpath
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from pybtex.database import BibliographyData

from .change_markdown import ShownTable, rewrite, safe_start, shown_change, shown_table, table_rows
from .clinical_claim_index import MARK
from .edition_changes import (
    ObjectChange,
    PageChanges,
    ReferenceChange,
    compare_objects,
    compare_pages,
    compare_references,
    headings,
)
from .markdown_source import CROSS_REFERENCE_PREFIXES
from .page_directives import EDITION_CHANGES
from .reference_style import format_reference, plain, short_name


class Links(Protocol):
    previous_number: str  # "1.0"

    def here(self, src_uri: str, anchor: str) -> str | None:
        """A place in the edition shown (a page inside docs/, an id on it)."""

    def before(self, src_uri: str, anchor: str) -> str | None:
        """The same place in the previous edition."""

    def reference(self, key: str, *, now: bool) -> str | None:
        """A work's entry on the References page, in the edition shown or in the previous one."""


@dataclass(frozen=True)
class Works:
    """What the edition shown knows of the works and labels its words cite."""
    numbers: dict[str, int]  # key -> number
    formatted: dict[str, str]  # key -> reference HTML
    names: dict[str, str]  # label -> how this edition names it ("Table 2")
    old_bib: BibliographyData  # the previous edition's works
    mark: str  # what the mark of a claim without a source (`[uncited]`) reads as


@dataclass(frozen=True)
class ChangedLine:
    kind: str  # added, removed, changed
    role: str  # sentence, heading, caption, box, footnote, abbreviation
    markdown: str
    here: str | None
    before: str | None


@dataclass(frozen=True)
class ChangedSection:
    title: str  # Markdown of its heading ("" before the page's first heading)
    here: str | None
    before: str | None
    lines: list[ChangedLine]


@dataclass(frozen=True)
class ChangedObject:
    kind: str  # added, removed, changed
    name: str  # "Table 2", as this edition numbers it; "Table" or "Figure" for a removed one
    caption: str  # Markdown
    here: str | None
    before: str | None
    table: ShownTable | None  # a table's rows, with the changed cells marked


@dataclass(frozen=True)
class ChangedPage:
    title: str  # Markdown
    status: str  # changed, added, removed
    here: str | None
    before: str | None
    sections: list[ChangedSection]  # a changed page's changes; a new page's sections (with no lines)
    objects: list[ChangedObject]


@dataclass(frozen=True)
class ChangedReference:
    key: str
    kind: str  # added, removed, corrected
    number: int | None  # in this edition
    formatted: str  # the reference as the References page gives it (HTML); a removed one as it was
    here: str | None
    before: str | None
    fields: list[tuple[str, str, str]]  # (field, before, after), as text


def shown_changes(old_pages: dict[str, str], new_pages: dict[str, str], old_bib: BibliographyData,
                  new_bib: BibliographyData, old_file: Callable, new_file: Callable, works: Works, links: Links,
                  *, for_page: bool) -> tuple[list[ChangedPage], list[ChangedReference]]:
    """The changed pages and references. `for_page`: the fragments go into a page's Markdown, which
    numbers citations itself; otherwise they are finished text (numbers written out). The page that
    holds the changes section is left out: its own curated list of changes is on it already."""
    old_pages, new_pages = _without_changelog(old_pages), _without_changelog(new_pages)
    objects = compare_objects(old_pages, new_pages, old_file, new_file)
    pages = [_changed_page(changes, old_pages, new_pages, objects, works, links, for_page)
             for changes in compare_pages(old_pages, new_pages)]
    references = [_changed_reference(change, works, links) for change in compare_references(old_bib, new_bib)]
    return pages, references


class ChangeWriter:
    """How a changed line's citations, links and marks read (change_markdown.Writer). Works and
    labels of the edition shown are cited as the pages cite them (for a page) or by their numbers;
    a removed work or label, and every link of the previous edition's words, lead to that edition."""

    def __init__(self, works: Works, links: Links, src_uri: str, *, for_page: bool) -> None:
        self.works, self.links, self.src_uri, self.for_page = works, links, src_uri, for_page

    def citation(self, keys: list[str], written: str, now: bool) -> str:
        known = [key for key in keys if key in self.works.numbers or key in self.works.names]
        gone = [self._gone(key) for key in keys if key not in known]
        if self.for_page:
            cited = f"[{'; '.join('@' + key for key in known)}]" if known else ""
            if not gone:
                return written
        elif known and known[0] in self.works.names:
            cited = self.works.names[known[0]]
        else:
            cited = f"&#91;{', '.join(str(self.works.numbers[key]) for key in known)}&#93;" if known else ""
        return " ".join(part for part in (cited, f"&#91;{', '.join(gone)}&#93;" if gone else "") if part)

    def link(self, text: str, href: str, now: bool) -> str:
        if not href or re.match(r"[a-z][a-z0-9+.-]*:", href, re.IGNORECASE):
            return f"[{text}]({href})" if href else text
        path, _, anchor = href.partition("#")
        target = posixpath.normpath(posixpath.join(posixpath.dirname(self.src_uri), path)) if path else self.src_uri
        url = (self.links.here(target, anchor) if now else None) or self.links.before(target, anchor)
        return f'<a href="{html.escape(url)}">{text}</a>' if url else text

    def bracket(self, written: str, now: bool) -> str:
        return self.works.mark if written == MARK else written

    def _gone(self, key: str) -> str:
        """A work or label the previous edition had and this one has not: a link to it there."""
        if key.startswith(CROSS_REFERENCE_PREFIXES):
            kind = {"tbl": "table", "fig": "figure", "sec": "section"}[key.split(":", 1)[0]]
            name = f"a {kind} of edition {self.links.previous_number}"
            url = self.links.before(self.src_uri, key)
        else:
            entry = self.works.old_bib.entries.get(key)
            name = short_name(entry) if entry is not None else key
            url = self.links.reference(key, now=False)
        return f'<a href="{html.escape(url)}">{html.escape(name)}</a>' if url else html.escape(name)


# Helper functions


def _without_changelog(pages: dict[str, str]) -> dict[str, str]:
    return {src_uri: text for src_uri, text in pages.items() if EDITION_CHANGES not in text.splitlines()}


def _changed_page(changes: PageChanges, old_pages: dict[str, str], new_pages: dict[str, str],
                  objects: list[ObjectChange], works: Works, links: Links, for_page: bool) -> ChangedPage:
    src_uri = changes.src_uri
    writer = ChangeWriter(works, links, src_uri, for_page=for_page)
    old_titles = {anchor: title for _, title, anchor in headings(old_pages.get(src_uri, ""))}
    new_titles = {anchor: title for _, title, anchor in headings(new_pages.get(src_uri, ""))}
    sections: list[ChangedSection] = []
    if changes.status == "added":
        sections = [ChangedSection(rewrite(title, writer, now=True), links.here(src_uri, anchor), None, [])
                    for level, title, anchor in headings(new_pages[src_uri]) if level == 2]
    elif changes.status == "changed":
        for change in changes.sentences:
            shown = shown_change(change, writer)
            if shown is None:
                continue
            anchor = (change.new or change.old).anchor
            if not sections or sections[-1].title != (new_titles.get(anchor) or old_titles.get(anchor, "")):
                title = new_titles.get(anchor) or old_titles.get(anchor, "")
                sections.append(ChangedSection(
                    rewrite(title, writer, now=anchor in new_titles),
                    links.here(src_uri, anchor) if anchor in new_titles else None,
                    links.before(src_uri, anchor) if anchor in old_titles else None, []))
            sections[-1].lines.append(ChangedLine(
                change.kind, shown.role, safe_start(shown.markdown),
                links.here(src_uri, change.new.anchor) if change.new else None,
                links.before(src_uri, change.old.anchor) if change.old else None))
    title = rewrite(changes.title, writer, now=changes.status != "removed")
    shown_objects = [_changed_object(change, works, links, writer) for change in objects
                     if (change.new_page or change.old_page) == src_uri and changes.status == "changed"]
    return ChangedPage(title, changes.status, links.here(src_uri, "") if changes.status != "removed" else None,
                       links.before(src_uri, "") if changes.status != "added" else None, sections, shown_objects)


def _changed_object(change: ObjectChange, works: Works, links: Links, writer: ChangeWriter) -> ChangedObject:
    kind = "Table" if change.label.startswith("tbl:") else "Figure"
    name = works.names.get(change.label, kind) if change.kind != "removed" else kind
    table = None
    if kind == "Table":
        table = shown_table(table_rows(change.old_body), table_rows(change.new_body), writer)
    return ChangedObject(change.kind, name, rewrite(change.caption, writer, now=change.kind != "removed"),
                         links.here(change.new_page, change.label) if change.new_page else None,
                         links.before(change.old_page, change.label) if change.old_page else None, table)


def _changed_reference(change: ReferenceChange, works: Works, links: Links) -> ChangedReference:
    removed = change.kind == "removed"
    formatted = format_reference(works.old_bib.entries[change.key]) if removed else works.formatted.get(change.key, "")
    return ChangedReference(change.key, change.kind, None if removed else works.numbers.get(change.key), formatted,
                            links.reference(change.key, now=True) if not removed else None,
                            links.reference(change.key, now=False) if change.kind != "added" else None,
                            [(name, plain(before), plain(after)) for name, before, after in change.fields])
