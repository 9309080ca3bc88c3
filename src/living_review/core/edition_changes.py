"""What changed between two editions: sentences per page, references by field, tables and figures.

Core module (imports nothing from MkDocs): the `edition` step renders it on the changelog page; tests call it.
Pages keep one sentence per line, so a changed line is a changed sentence; blank lines and front
matter are left out. Each change knows the heading id above it in both editions, for links.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field

from pybtex.database import BibliographyData, Entry

from .markdown_source import find_labels

_FRONT_MATTER = re.compile(r"\A---\n.*?\n---\n", re.DOTALL)
_HEADING = re.compile(r"^(#{1,6}) (.*?)\s*\{#([\w:.-]+)\}\s*$", re.MULTILINE)
_TITLE = re.compile(r"^# (.+?)\s*(\{[^}]*\})?\s*$", re.MULTILINE)
_IMAGE = re.compile(r"!\[[^\]]*\]\(([^)\s]+)")
SIMILAR = 0.5  # two lines at least this alike (difflib ratio) are one changed sentence


@dataclass(frozen=True)
class Line:
    text: str
    anchor: str  # id of the heading above it ("" before the first one)


@dataclass
class SentenceChange:
    kind: str  # added, removed, changed
    old: Line | None
    new: Line | None


@dataclass
class PageChanges:
    src_uri: str
    title: str
    status: str  # changed, added, removed
    sentences: list[SentenceChange] = field(default_factory=list)


@dataclass
class ReferenceChange:
    key: str
    kind: str  # added, removed, corrected
    fields: list[tuple[str, str, str]] = field(default_factory=list)  # (field, before, after)


@dataclass
class ObjectChange:
    label: str  # tbl:name or fig:name
    kind: str  # added, removed, changed
    old_page: str | None
    new_page: str | None
    caption: str
    old_body: str = ""  # the Markdown under its caption (a table's rows, a figure's image)
    new_body: str = ""


# Pages


def compare_pages(old: dict[str, str], new: dict[str, str]) -> list[PageChanges]:
    """Every page (src_uri -> Markdown) that differs, in the order of `new`, then removed pages."""
    result = []
    for src_uri in [*new, *(src for src in old if src not in new)]:
        before, after = old.get(src_uri), new.get(src_uri)
        if before == after:
            continue
        status = "added" if before is None else "removed" if after is None else "changed"
        old_lines, new_lines = _lines(before or ""), _lines(after or "")
        page = PageChanges(src_uri, _title(after or before or "", src_uri), status)
        page.sentences = _sentence_changes(old_lines, new_lines)
        if page.sentences or status != "changed":
            result.append(page)
    return result


def token_diff(a: list[str], b: list[str]) -> list[tuple[str, str]]:
    """(kind, text) runs of two token lists: kind is `same`, `removed` or `added`."""
    opcodes = difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes()
    # A lone space between two edits belongs to both: "Not reported" -> "Reported in one study"
    # reads as one replacement, not as two.
    merged: list[list] = []
    for op, i1, i2, j1, j2 in opcodes:
        lone_space = op == "equal" and not "".join(a[i1:i2]).strip() and merged and merged[-1][0] != "equal"
        if merged and merged[-1][0] != "equal" and (op != "equal" or lone_space):
            merged[-1][0], merged[-1][2], merged[-1][4] = "replace", i2, j2
        else:
            merged.append([op, i1, i2, j1, j2])
    runs = []
    for op, i1, i2, j1, j2 in merged:
        if op == "equal":
            runs.append(("same", "".join(a[i1:i2])))
            continue
        if i2 > i1:
            runs.append(("removed", "".join(a[i1:i2])))
        if j2 > j1:
            runs.append(("added", "".join(b[j1:j2])))
    return runs


def headings(text: str) -> list[tuple[int, str, str]]:
    """(level, title, id) of every heading with an explicit id, in order: the sections of a page."""
    return [(len(match.group(1)), match.group(2), match.group(3)) for match in _HEADING.finditer(text)]


def _lines(text: str) -> list[Line]:
    match = _FRONT_MATTER.match(text)
    body = text[match.end():] if match else text
    lines, anchor = [], ""
    for raw in body.splitlines():
        heading = _HEADING.match(raw)
        if heading:
            anchor = heading.group(3)
        if raw.strip():
            lines.append(Line(raw.strip(), anchor))
    return lines


def _title(text: str, src_uri: str) -> str:
    match = _TITLE.search(_FRONT_MATTER.sub("", text))
    return match.group(1) if match else src_uri


def _sentence_changes(old: list[Line], new: list[Line]) -> list[SentenceChange]:
    changes = []
    matcher = difflib.SequenceMatcher(None, [line.text for line in old], [line.text for line in new], autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            continue
        removed, added = old[i1:i2], new[j1:j2]
        # Pair each removed line with the next added line like it: that is one sentence reworded.
        start = 0
        for line in removed:
            partner = next((k for k in range(start, len(added))
                            if difflib.SequenceMatcher(None, line.text, added[k].text).ratio() >= SIMILAR), None)
            if partner is None:
                changes.append(SentenceChange("removed", line, None))
                continue
            changes.extend(SentenceChange("added", None, extra) for extra in added[start:partner])
            changes.append(SentenceChange("changed", line, added[partner]))
            start = partner + 1
        changes.extend(SentenceChange("added", None, extra) for extra in added[start:])
    return changes


# References


def compare_references(old: BibliographyData, new: BibliographyData) -> list[ReferenceChange]:
    """References added, removed, or corrected (with each field's value before and after)."""
    changes = []
    for key, entry in new.entries.items():
        if key not in old.entries:
            changes.append(ReferenceChange(key, "added"))
            continue
        before, after = _fields(old.entries[key]), _fields(entry)
        fields = [(name, before.get(name, ""), after.get(name, ""))
                  for name in sorted(before.keys() | after.keys()) if before.get(name) != after.get(name)]
        if fields:
            changes.append(ReferenceChange(key, "corrected", fields))
    changes.extend(ReferenceChange(key, "removed") for key in old.entries if key not in new.entries)
    return changes


def _fields(entry: Entry) -> dict[str, str]:
    values = {"type": entry.type}
    values.update({name.lower(): str(value) for name, value in entry.fields.items()})
    for role, persons in entry.persons.items():
        values[role.lower()] = " and ".join(str(person) for person in persons)
    return values


# Tables and figures


def compare_objects(old: dict[str, str], new: dict[str, str], old_file, new_file) -> list[ObjectChange]:
    """Tables and figures (by label) added, removed or changed: caption, table rows, image or its file.
    `old_file`/`new_file`: path inside docs/ -> bytes (or None), to compare a figure's image."""
    before, after = _objects(old, old_file), _objects(new, new_file)
    changes = []
    for label, (page, caption, content) in after.items():
        if label not in before:
            changes.append(ObjectChange(label, "added", None, page, caption, "", content[1]))
        elif before[label][2] != content:
            changes.append(ObjectChange(label, "changed", before[label][0], page, caption, before[label][2][1],
                                        content[1]))
    changes.extend(ObjectChange(label, "removed", page, None, caption, content[1], "")
                   for label, (page, caption, content) in before.items() if label not in after)
    return changes


def _objects(pages: dict[str, str], read_file) -> dict[str, tuple[str, str, tuple]]:
    found = {}
    for src_uri, text in pages.items():
        for label in find_labels(text):
            if label.label.split(":", 1)[0] not in ("tbl", "fig"):
                continue
            block = text[label.start:].split("\n\n", 2)  # caption, blank line, the table or image
            body = block[1] if len(block) > 1 else ""
            images = tuple(read_file(_join(src_uri, path)) for path in _IMAGE.findall(body))
            found[label.label] = (src_uri, label.title, (block[0], body, images))
    return found


def _join(src_uri: str, path: str) -> str:
    folder = src_uri.rsplit("/", 1)[0] + "/" if "/" in src_uri else ""
    return folder + path
