"""Read a .bib file of plain entries as pybtex's Parser reads it, about ten times faster.

Core module (imports nothing from MkDocs), used by `bibtex_rules.read_bib` before pybtex's own
parser. pybtex's parser spends about 0.4 ms on each entry, most of it in its scanner's calls and in
splitting every name (`Person`): a cold build of 2,000 entries paid most of a second for it.
This reader follows pybtex's grammar (pybtex/database/input/bibtex.py, LowLevelParser and
Parser.process_entry) with pybtex's own token patterns, and builds pybtex's own objects. It reads
only what is plain: `@type{key, name = {value} or "value" or 123 or a month, ...}`, names without
braces, backslashes or ties. For anything else (`@string`, `@comment`, `@preamble`, parentheses,
other macros, any syntax error, a repeated field or key) it returns None and pybtex reads the file,
with its own errors. `tests/test_bibtex_reader.py` holds the two to the same result.
"""

from __future__ import annotations

import re

import pybtex.errors
from pybtex.bibtex.utils import split_name_list
from pybtex.database import BibliographyData, Entry, Person
from pybtex.database.input.bibtex import LowLevelParser, month_names
from pybtex.exceptions import PybtexError

_WHITESPACE = re.compile(r"\s+")  # pybtex's Scanner.WHITESPACE
_NAME, _KEY, _NUMBER = LowLevelParser.NAME.match, LowLevelParser.KEY_BRACE.match, LowLevelParser.NUMBER.match
_BRACES = re.compile(r"[{}]")
_QUOTE_OR_BRACES = re.compile(r'["{}]')
_MAX_LEVEL = 100  # pybtex: "too many nested braces"
_MONTHS = {name.lower(): value for name, value in month_names.items()}  # pybtex's macros, read case-insensitively
_PERSON_FIELDS = {role.lower() for role in Person.valid_roles}
_NOT_PLAIN_NAMES = re.compile(r"[{}\\~]")  # what pybtex's name splitting reads specially
_AND = re.compile(" [Aa][Nn][Dd] ")  # pybtex's split_name_list, for names without braces
# Most fields at once: a name of letters, `=`, then a value in braces without braces inside, or a
# number, then the comma or brace after it (anything else is read token by token below).
_PLAIN_FIELD = re.compile(r"\s*([A-Za-z][A-Za-z0-9_-]*)\s*=\s*(?:\{([^{}]*)\}|([0-9]+))\s*(?=[,}])")


class _NotPlain(Exception):
    """Something this reader leaves to pybtex."""


def read_entries(text: str):
    """The entries of a whole file, as `pybtex.database.input.bibtex.Parser().parse_string(text).entries`
    gives them; None where pybtex must read the file itself (see the module's docstring)."""
    if not pybtex.errors.strict or pybtex.errors.captured_errors is not None:
        return None  # pybtex then goes on past errors, in ways this reader does not follow
    data = BibliographyData()
    try:
        position = text.find("@")
        while position != -1:
            entry_type, key, fields, position = _command(text, position + 1)
            data.add_entry(key, _entry(entry_type, fields))
            position = text.find("@", position)
    except (_NotPlain, PybtexError):  # PybtexError: a repeated key, or a name pybtex refuses
        return None
    return data.entries


def _command(text: str, position: int) -> tuple[str, str, list[tuple[str, list[str]]], int]:
    """One `@type{...}` from just after its `@`: type, key, fields (name, parts of its value), end."""
    position = _skip_space(text, position)
    name = _NAME(text, position)
    if name is None or name.group().lower() in ("string", "preamble", "comment"):
        raise _NotPlain
    position = _skip_space(text, name.end())
    if not text.startswith("{", position):
        raise _NotPlain  # `@type(...)`, or not an entry at all
    key = _KEY(text, _skip_space(text, position + 1))
    if key is None:
        raise _NotPlain
    fields, position = [], key.end()
    while True:  # pybtex's parse_entry_fields: fields, each followed by a comma or the end
        if plain := _PLAIN_FIELD.match(text, position):
            value = plain.group(2)
            fields.append((plain.group(1), [plain.group(3) if value is None else value]))
            position = plain.end()
            field = None
        else:
            position = _skip_space(text, position)
            field = _NAME(text, position)
        if field is not None:
            position = _skip_space(text, field.end())
            if not text.startswith("=", position):
                raise _NotPlain
            value, position = _value(text, position + 1)
            fields.append((field.group(), value))
            position = _skip_space(text, position)
        if not text.startswith(",", position):
            break
        position += 1
    if not text.startswith("}", position):
        raise _NotPlain
    return name.group(), key.group(), fields, position + 1


def _value(text: str, position: int) -> tuple[list[str], int]:
    """A field's value, its parts joined by `#`, and where it ends."""
    parts = []
    while True:
        position = _skip_space(text, position)
        if text.startswith("{", position):
            part, position = _delimited(text, position + 1, _BRACES)
        elif text.startswith('"', position):
            part, position = _delimited(text, position + 1, _QUOTE_OR_BRACES)
        elif number := _NUMBER(text, position):
            part, position = number.group(), number.end()
        elif (macro := _NAME(text, position)) and macro.group().lower() in _MONTHS:
            part, position = _MONTHS[macro.group().lower()], macro.end()
        else:
            raise _NotPlain  # another macro (@string), or no value
        parts.append(part)
        after = _skip_space(text, position)
        if not text.startswith("#", after):
            return parts, position
        position = after + 1


def _delimited(text: str, start: int, delimiters: re.Pattern) -> tuple[str, int]:
    """The text up to the brace or quote that closes a value begun just before `start`; braces
    inside it balance (a quote inside braces ends nothing), as pybtex's parse_string reads it."""
    level = 0
    for match in delimiters.finditer(text, start):
        char = match.group()
        if char == "{":
            level += 1
            if level > _MAX_LEVEL:
                raise _NotPlain
        elif level:
            if char == "}":
                level -= 1
        elif char == "}" and delimiters is _QUOTE_OR_BRACES:
            raise _NotPlain  # pybtex: unbalanced braces
        else:
            return text[start:match.start()], match.end()
    raise _NotPlain  # the file ends inside the value


def _skip_space(text: str, position: int) -> int:
    space = _WHITESPACE.match(text, position)
    return space.end() if space else position


def _entry(entry_type: str, fields: list[tuple[str, list[str]]]) -> Entry:
    """pybtex's Parser.process_entry."""
    entry, seen = Entry(entry_type), set()
    for name, parts in fields:
        if name.lower() in seen:
            raise _NotPlain  # pybtex: a duplicate field
        value = " ".join("".join(parts).split())  # pybtex's normalize_whitespace: \s is what str.split() splits at
        if name.lower() in _PERSON_FIELDS and _NOT_PLAIN_NAMES.search(value):
            for person in split_name_list(value):
                entry.add_person(Person(person), name)
        elif name.lower() in _PERSON_FIELDS:
            for person in _AND.split(value) if value else []:  # as split_name_list: no name in an empty field
                entry.add_person(_person(person), name)
        else:
            entry.fields[name] = value
        seen.add(name.lower())
    return entry


def _person(name: str) -> Person:
    """`Person(name)` for a name without braces, backslashes or ties, by pybtex's rules for one."""
    person = Person.__new__(Person)
    person.first_names, person.middle_names, person.lineage_names = [], [], []
    person.prelast_names, person.last_names = [], []
    name = name.strip()
    if not name:
        return person
    parts = [part.strip() for part in name.split(",")]
    if len(parts) > 3:
        raise _NotPlain  # pybtex: an invalid name
    if len(parts) == 3:  # von Last, Jr, First
        _von_last(person, _words(parts[0]))
        person.lineage_names.extend(_words(parts[1]))
        _first_middle(person, _words(parts[2]))
    elif len(parts) == 2:  # von Last, First
        _von_last(person, _words(parts[0]))
        _first_middle(person, _words(parts[1]))
    else:  # First von Last
        words = _words(name)
        von = next((index for index, word in enumerate(words) if _is_von(word)), len(words))
        first_middle, von_last = words[:von], words[von:]
        if not von_last and first_middle:
            von_last.append(first_middle.pop())
        _first_middle(person, first_middle)
        _von_last(person, von_last)
    return person


def _words(text: str) -> list[str]:
    """pybtex's split_tex_string with its default separator, for text without braces or ties: the
    words between runs of \\s (which str.split() splits at too)."""
    return text.split()


def _first_middle(person: Person, words: list[str]) -> None:
    if words:
        person.first_names.append(words[0])
        person.middle_names.extend(words[1:])


def _von_last(person: Person, words: list[str]) -> None:
    """The last word is the last name; before it, the `von` part ends at the last lower-case word."""
    von_last = words[:-1]
    if von_last:
        last_von = next((index for index in range(len(von_last) - 1, -1, -1) if _is_von(von_last[index])), -1)
        person.prelast_names.extend(von_last[:last_von + 1])
        person.last_names.extend(von_last[last_von + 1:])
    person.last_names.extend(words[-1:])


def _is_von(word: str) -> bool:
    """pybtex's is_von_name, for a word without braces: its first letter is lower case."""
    if word[0].isupper():
        return False
    if word[0].islower():
        return True
    return next((char.islower() for char in word if char.isalpha()), False)
