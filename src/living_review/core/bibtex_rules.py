"""Check BibTeX files the way an author needs: every problem, with the file and the entry's line.

Core module (imports nothing from MkDocs), shared by the `bibliography` step and `make check`.
pybtex stops at the first syntax error and reports the line where it gave up (often lines after
the real fault) without the file; a repeated key aborts it. Here the file is split into entries
first, so a syntax error is pinned to the entry that holds it, and all entries are checked.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field

from pybtex.database import BibliographyData, Entry
from pybtex.database.input.bibtex import Parser
from pybtex.scanner import PybtexSyntaxError

from . import bibtex_reader
from .author_errors import Problem
from .reference_style import DOI_PATTERN, PMID_PATTERN

# Fields an entry of each type must have; any type not listed needs the `default` ones.
REQUIRED_FIELDS = {
    "article": ("author", "title", "journal", "year"),
    "book": ("title", "publisher", "year"),
    "incollection": ("author", "title", "booktitle", "publisher", "year"),
    "inproceedings": ("author", "title", "booktitle", "year"),
    "default": ("title", "year"),
}
_ENTRY_START = re.compile(r"^[ \t]*@[ \t]*(\w+)[ \t]*[{(][ \t]*([^,\s{}()]*)", re.MULTILINE)
_NOT_ENTRIES = {"comment", "preamble", "string"}


@dataclass
class BibFile:
    """What one `.bib` file holds: its entries, where each key stands, and what is wrong."""

    path: str
    entries: dict[str, Entry] = field(default_factory=dict)
    key_lines: dict[str, int] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    def error(self, line: int, message: str) -> None:
        """A problem that stops pybtex (and so mkdocs-bibtex) from reading the file."""
        self.problems.append(Problem(self.path, line, 1, message, "fatal"))


def read_bib(path: str, raw: bytes) -> BibFile:
    """Parse one file; syntax errors, bad text and repeated keys become problems at their entry."""
    bib = BibFile(path)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        bib.error(raw.count(b"\n", 0, error.start) + 1,
                  "this file is not UTF-8 text; save it as UTF-8 (accents may also be written as LaTeX, e.g. {\\'e})")
        return bib
    entries = _locate_entries(bib, text)
    whole = None
    if not bib.problems:
        whole = bibtex_reader.read_entries(text)  # plain entries (most files): as pybtex reads them, faster
    if not bib.problems and whole is None:
        try:  # one parse of the whole file (also resolves @string macros)
            whole = Parser().parse_string(text).entries
        except Exception:
            whole = None  # some entry is broken: find which, entry by entry
    for key, line, chunk in entries:
        parsed = {key: whole[key]} if whole is not None and key in whole else _parse_entry(bib, key, line, chunk)
        bib.key_lines[key] = line
        for parsed_key, entry in parsed.items():
            bib.entries[parsed_key] = entry
            bib.problems.extend(check_entry(path, line, chunk, parsed_key, entry))
    return bib


def _locate_entries(bib: BibFile, text: str) -> list[tuple[str, int, str]]:
    """Each entry's key, line and text; entries without a key or with a repeated key are problems."""
    starts = [m for m in _ENTRY_START.finditer(text) if m.group(1).lower() not in _NOT_ENTRIES]
    found, first_line = [], {}  # lower-case key -> (key as written, line): BibTeX keys ignore case
    line, counted = 1, 0  # lines are counted on from the previous entry, not from the top each time
    for index, match in enumerate(starts):
        end = starts[index + 1].start() if index + 1 < len(starts) else len(text)
        line, counted = line + text.count("\n", counted, match.start()), match.start()
        key = match.group(2)
        if not key:
            bib.error(line, f"@{match.group(1)} entry has no key: write @{match.group(1)}{{key, ...}}")
        elif key.lower() in first_line:
            first, first_at = first_line[key.lower()]
            bib.error(line, f"duplicate key '{key}': '{first}' is already defined at line {first_at} (keys ignore "
                            f"case); delete this entry if it is the same work, or give it another key, "
                            f"such as '{first.lower()}b'")
        else:
            first_line[key.lower()] = (key, line)
            found.append((key, line, text[match.start():end]))
    return found


def _parse_entry(bib: BibFile, key: str, line: int, chunk: str) -> dict[str, Entry]:
    try:
        return dict(Parser().parse_string(chunk).entries)
    except PybtexSyntaxError as error:
        reason = re.sub(r"^syntax error in line \d+: ", "", str(error))
        bib.error(line, f"entry '{key}' is not valid BibTeX ({reason}); "
                        "check its braces, quotes and the commas between fields")
    except Exception as error:  # pybtex raises various errors for broken names and fields
        bib.error(line, f"entry '{key}' cannot be read ({error}); check its fields against bib/README.md")
    return {}


def check_entry(path: str, line: int, chunk: str, key: str, entry: Entry) -> list[Problem]:
    """Required fields, DOI, PMID and year of one parsed entry."""
    problems = []

    def at(name: str) -> int:
        found = re.search(rf"^[ \t]*{name}[ \t]*=", chunk, re.MULTILINE | re.IGNORECASE)
        return line + (chunk.count("\n", 0, found.start()) if found else 0)

    required = REQUIRED_FIELDS.get(entry.type.lower(), REQUIRED_FIELDS["default"])
    for name in required:
        present = entry.persons.get(name) if name in ("author", "editor") else entry.fields.get(name, "").strip()
        if not present:
            problems.append(Problem(path, line, 1, f"entry '{key}' (@{entry.type}) lacks the required field '{name}'; "
                                                   f"add {name} = {{...}} (required fields: bib/README.md)"))
    doi = entry.fields.get("doi", "").strip()
    if doi and not DOI_PATTERN.match(doi):
        problems.append(Problem(path, at("doi"), 1, f"entry '{key}' has a malformed DOI '{doi}': write it bare, "
                                                    "like 10.1016/j.pain.2009.06.023 (no https://doi.org/ prefix)"))
    pmid = entry.fields.get("pmid", "").strip()
    if pmid and not PMID_PATTERN.match(pmid):
        problems.append(Problem(path, at("pmid"), 1, f"entry '{key}' has a malformed PMID '{pmid}': write the "
                                                     "digits only, like pmid = {21083382}, or leave it out"))
    year = entry.fields.get("year", "").strip()
    if year and not (re.fullmatch(r"\d{4}", year) and 1450 <= int(year) <= datetime.date.today().year + 1):
        problems.append(Problem(path, at("year"), 1, f"entry '{key}' has an implausible year '{year}': write the year "
                                                     "of publication as four digits, like year = {2009}"))
    return problems


def read_bibliography(
    files: list[tuple[str, bytes]],
) -> tuple[BibliographyData, dict[str, tuple[str, int]], list[Problem]]:
    """All files together: entries, where each key is defined (unreadable entries too), and every problem
    (also keys repeated across files)."""
    entries: dict[str, Entry] = {}
    where: dict[str, tuple[str, int]] = {}
    problems: list[Problem] = []
    folded: dict[str, str] = {}  # lower-case key -> key as first defined
    for path, raw in files:
        bib = read_bib(path, raw)
        problems.extend(bib.problems)
        for key, line in bib.key_lines.items():
            if key not in bib.entries:  # unreadable: where it is, so that citations of it can say so
                where.setdefault(key, (path, line))
        for key, entry in bib.entries.items():
            earlier = folded.get(key.lower())
            if earlier is not None:
                first_path, first_line = where[earlier]
                problems.append(Problem(path, bib.key_lines.get(key, 1), 1,
                                        f"duplicate key '{key}': already defined in {first_path}:{first_line}; "
                                        "keep one entry"))
                continue
            entries[key] = entry
            where[key] = (path, bib.key_lines.get(key, 1))
            folded[key.lower()] = key
    return BibliographyData(entries=entries), where, sorted(problems)
