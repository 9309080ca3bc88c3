"""What changed between two editions, written as readers read the pages: Markdown fragments.

Core module (imports nothing from MkDocs). `edition_changes` finds the changed lines (one sentence
per line); this module turns each into the inline Markdown its page would render, with the changed
words inside `<ins>` and `<del>`. The changelog page's own Markdown then renders the fragments, so
citations become numbers with their previews, links stay links, and emphasis and abbreviations show
as on the page (`make changes` renders the same fragments for a pull request's summary).

A line's Markdown constructs (a link, a citation group, a code span, an emphasised phrase, a tag)
are compared whole: the diff never cuts one in two, so every fragment is well-formed Markdown.
What each construct becomes on the changelog page depends on the edition its words come from (the
links of a removed sentence lead to the previous edition); a `Writer` decides.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from typing import Protocol

from .edition_changes import SentenceChange, token_diff
from .markdown_source import read_citation

# A line's constructs, each compared whole; then words, spaces and single characters.
_ATOM = re.compile(r"""
    (?P<code>(?P<ticks>`+).+?(?<!`)(?P=ticks)(?!`))
  | (?P<image>!\[[^\]\n]*\]\([^)\n]*\)(?:\{[^}\n]*\})?)
  | (?P<link>\[(?P<text>(?:[^\[\]\n]|\[[^\[\]\n]*\])*)\]\(\s*<?(?P<href>[^)\s>]*)>?(?:\s+(?:"[^"]*"|'[^']*'))?\s*\))
  | (?P<group>\[(?P<inner>[^\[\]\n]*)\](?![(\[]))
  | (?P<tag></?[A-Za-z][^<>\n]*>)
  | (?P<strong>\*\*(?!\s).+?\*\*|__(?!\s).+?__)
  | (?P<em>\*(?![\s*])[^*\n]+?\*|(?<!\w)_(?![\s_])[^_\n]+?_(?!\w))
  | \w+ | \s+ | .
""", re.VERBOSE)

# What a line is, by its start: the part readers read is what is left after the prefix.
_HEADING = re.compile(r"#{1,6}[ \t]+(.*?)(?:[ \t]*\{[^}\n]*\})?[ \t]*#*[ \t]*$")
_CAPTION = re.compile(r"(Table|Figure):[ \t]+(.*?)[ \t]*\{#[^}\n]*\}[ \t]*$")
_BOX = re.compile(r"(?:!!!|\?\?\?\+?)[ \t]+[\w-]+(?:[ \t]+[\w-]+)*(?:[ \t]+\"(.*)\")?[ \t]*$")
_FOOTNOTE = re.compile(r"\[\^[^\]\n]+\]:[ \t]*(.*)$")
_ABBREVIATION = re.compile(r"\*\[([^\]\n]+)\]:[ \t]*(.*)$")
_PREFIX = re.compile(r"(?:(?:[*+-]|\d+[.)])[ \t]+|>[ \t]?)+")
_NO_TEXT = re.compile(r"""
    \\\w+$                              # a directive such as \full_bibliography
  | \|                                  # a table row: tables are compared as tables
  | <(?!(?:abbr|b|cite|code|em|i|kbd|mark|q|s|small|span|strong|sub|sup|u)\b)[A-Za-z/!]  # a block of HTML
  | !\[                                 # a figure's image: figures are listed with their captions
  | \[[^\]\n]+\]:                       # a link's definition
  | (?:`{3,}|~{3,}|-{3,}|\*{3,}|_{3,}|:{3,}|\*\[)  # fences, rules, abbreviations' definitions
""", re.VERBOSE)
_BLOCK_START = re.compile(r"(?:[#>|*+-]|\d+[.)])(?=\s|$)")


class Writer(Protocol):
    """How one edition's constructs read on the page that shows the changes. `now` says which
    edition the words come from: the one shown (True) or the previous one (False)."""

    def citation(self, keys: list[str], written: str, now: bool) -> str:
        """A citation group `[@a; @b]` (or a cross-reference `[@tbl:x]`) as Markdown."""

    def link(self, text: str, href: str, now: bool) -> str:
        """A link, its text already rewritten, as Markdown or inline HTML."""

    def bracket(self, written: str, now: bool) -> str:
        """Any other text in brackets, such as a mark the build turns into markup (`[uncited]`)."""


@dataclass(frozen=True)
class ShownLine:
    """A changed line as readers read it: what it is (`sentence`, `heading`, `caption`, `box` for an
    editor's note's title, `footnote`, `abbreviation`) and its Markdown, changed words marked."""
    role: str
    markdown: str


def reader_text(line: str) -> tuple[str, str] | None:
    """A source line's role and the inline Markdown readers read in it, or None for a line that holds
    no text of its own (a table row, a directive, a block of HTML, an image, a definition)."""
    for role, pattern in (("heading", _HEADING), ("caption", _CAPTION), ("box", _BOX), ("footnote", _FOOTNOTE)):
        match = pattern.match(line)
        if match:
            text = match.group(match.lastindex or 0) if role != "box" else (match.group(1) or "")
            return (role, text) if text.strip() else None
    abbreviation = _ABBREVIATION.match(line)
    if abbreviation:
        return "abbreviation", f"{abbreviation.group(1)}: {abbreviation.group(2)}"
    if _NO_TEXT.match(line):
        return None
    text = line[_PREFIX.match(line).end():] if _PREFIX.match(line) else line
    return ("sentence", text) if text.strip() else None


def shown_change(change: SentenceChange, writer: Writer) -> ShownLine | None:
    """One changed line with its words marked: a whole added or removed line, or a reworded line's
    changed constructs. None when neither edition's line holds text for readers."""
    old = reader_text(change.old.text) if change.old else None
    new = reader_text(change.new.text) if change.new else None
    if old is None and new is None:
        return None
    if old is None or new is None or old[0] != new[0]:
        parts = []
        if old:
            parts.append(_marked("del", rewrite(old[1], writer, now=False)))
        if new:
            parts.append(_marked("ins", rewrite(new[1], writer, now=True)))
        return ShownLine((new or old)[0], " ".join(parts))
    return ShownLine(new[0], _diffed(old[1], new[1], writer))


def rewrite(text: str, writer: Writer, *, now: bool) -> str:
    """Inline Markdown of one edition, as it reads on the changelog page: citations and links through
    the writer, images as their text, footnote markers left out (their notes are not on that page)."""

    def one(match: re.Match) -> str:
        if match.group("link") is not None:
            return writer.link(rewrite(match.group("text"), writer, now=now), match.group("href"), now)
        if match.group("image") is not None:
            return re.match(r"!\[([^\]\n]*)\]", match.group("image")).group(1)
        if match.group("group") is not None:
            inner = match.group("inner")
            if inner.startswith("^"):
                return ""
            read = read_citation(inner)
            if read is not None and read[1] is None:
                return writer.citation(read[0], match.group("group"), now)
            if read is None:
                return writer.bracket(match.group("group"), now)
        if match.group("strong") is not None or match.group("em") is not None:
            whole = match.group(0)
            mark = 2 if match.group("strong") is not None else 1
            return whole[:mark] + rewrite(whole[mark:-mark], writer, now=now) + whole[-mark:]
        return match.group(0)

    return _ATOM.sub(one, text)


def safe_start(markdown: str) -> str:
    """A fragment that starts like a block (`# `, `> `, `- `, `1. `) would be read as one inside a list
    item: the first character is escaped."""
    match = _BLOCK_START.match(markdown)
    if match is None:
        return markdown
    at = match.end() - 1 if match.group(0)[0].isdigit() else 0  # `1\.`: a digit cannot be escaped
    return markdown[:at] + "\\" + markdown[at:]


# Tables


@dataclass(frozen=True)
class ShownRow:
    """A table's row as readers read it: `same`, `changed`, `added` or `removed`, and each cell's
    Markdown (a changed cell shows its removed words and its new ones)."""
    kind: str
    cells: list[str]


@dataclass(frozen=True)
class ShownTable:
    header: list[str]
    rows: list[ShownRow]
    columns_changed: bool

    @property
    def changed_rows(self) -> list[ShownRow]:
        return [row for row in self.rows if row.kind != "same"]


def table_rows(body: str) -> list[list[str]]:
    """The cells of a pipe table's rows (the Markdown under its caption), its separator row left out."""
    rows = []
    for line in body.splitlines():
        if not line.lstrip().startswith("|"):
            break
        cells = _cells(line)
        if not all(re.fullmatch(r":?-+:?", cell) for cell in cells):
            rows.append(cells)
    return rows


def shown_table(old: list[list[str]], new: list[list[str]], writer: Writer) -> ShownTable:
    """The new table with the rows and cells that changed marked; rows no longer in it shown where
    they were, struck through. With no old table, every row is added."""
    shown = new or old
    same_columns = bool(old) and bool(new) and len(old[0]) == len(new[0])
    header = [rewrite(cell, writer, now=bool(new)) for cell in shown[0]] if shown else []
    old_body, new_body = old[1:], new[1:]
    matcher = difflib.SequenceMatcher(None, [_row_key(r) for r in old_body], [_row_key(r) for r in new_body],
                                      autojunk=False)
    rows: list[ShownRow] = []
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            rows.extend(ShownRow("same", [rewrite(cell, writer, now=True) for cell in row]) for row in new_body[j1:j2])
            continue
        removed, added = old_body[i1:i2], new_body[j1:j2]
        for index in range(max(len(removed), len(added))):
            before = removed[index] if index < len(removed) else None
            after = added[index] if index < len(added) else None
            if before and after and same_columns and _alike(before, after):
                rows.append(ShownRow("changed", [_diffed(a, b, writer) for a, b in zip(before, after, strict=True)]))
                continue
            if before:
                rows.append(ShownRow("removed", [_marked("del", rewrite(c, writer, now=False)) for c in before]))
            if after:
                rows.append(ShownRow("added", [_marked("ins", rewrite(c, writer, now=True)) for c in after]))
    return ShownTable(header, rows, bool(old) and bool(new) and not same_columns)


# Helper functions


def _atoms(text: str) -> list[str]:
    return [match.group(0) for match in _ATOM.finditer(text)]


def _marked(tag: str, markdown: str) -> str:
    """Changed words inside `<ins>` or `<del>`; the spaces around them stay outside."""
    stripped = markdown.strip()
    if not stripped:
        return markdown
    head = markdown[: len(markdown) - len(markdown.lstrip())]
    tail = markdown[len(markdown.rstrip()):]
    return f"{head}<{tag}>{stripped}</{tag}>{tail}"


def _cells(line: str) -> list[str]:
    inner = line.strip()
    inner = inner[1:] if inner.startswith("|") else inner
    inner = inner[:-1] if inner.endswith("|") and not inner.endswith("\\|") else inner
    return [cell.strip() for cell in re.split(r"(?<!\\)\|", inner)]


def _row_key(row: list[str]) -> str:
    return "\x1f".join(row)


def _alike(a: list[str], b: list[str]) -> bool:
    """Two rows are one row changed when at least half of their cells are the same."""
    return sum(x == y for x, y in zip(a, b, strict=False)) * 2 >= len(a)


def _diffed(old: str, new: str, writer: Writer) -> str:
    """A reworded text: what stayed as it reads now, removed constructs struck, new ones marked."""
    written, last = [], "same"
    for kind, text in token_diff(_atoms(old), _atoms(new)):
        if kind == "same":
            written.append(rewrite(text, writer, now=True))
        else:
            if kind == "added" and last == "removed" and not text[:1].isspace():
                written.append(" ")  # "Not reported" -> "Reported" reads as two phrases, not one word
            written.append(_marked("del" if kind == "removed" else "ins", rewrite(text, writer, now=kind == "added")))
        last = kind
    return "".join(written)
