"""The fast reader of plain BibTeX (core/bibtex_reader.py) against pybtex's own parser: for any
file, it gives exactly what pybtex gives, or leaves the file to pybtex (None); it never reads a
file pybtex refuses. And it does read the plain files this project has."""

from __future__ import annotations

import sys

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pybtex.database.input.bibtex import Parser

from conftest import ROOT
from living_review.core.bibtex_reader import read_entries

NAME_PARTS = ("first_names", "middle_names", "prelast_names", "last_names", "lineage_names")


def _pybtex(text: str):
    try:
        return Parser().parse_string(text).entries
    except Exception as error:  # pybtex refuses the file: the reader must too
        return error


def _as_read(entries) -> list:
    """Everything of pybtex's result the build uses, and more: keys, types, fields and every name part, in order."""
    return [(key, entry.key, entry.type, entry.original_type, list(entry.fields.items()),
             [(role, [tuple(tuple(getattr(person, part)) for part in NAME_PARTS) for person in persons])
              for role, persons in entry.persons.items()])
            for key, entry in entries.items()]


def _assert_read_as_pybtex_reads(text: str) -> bool:
    """Whether the reader read the file (rather than leaving it to pybtex)."""
    expected, read = _pybtex(text), read_entries(text)
    if isinstance(expected, Exception):
        assert read is None, f"pybtex refuses this file ({expected!r}), the reader read it"
    elif read is not None:
        assert _as_read(read) == _as_read(expected)
    return read is not None


def _project_files() -> list:
    return sorted([*(ROOT / "bib").glob("*.bib"), *(ROOT / "tests" / "fixtures").rglob("*.bib")])


@pytest.mark.parametrize("path", _project_files(), ids=lambda path: str(path.relative_to(ROOT)))
def test_every_bib_file_of_the_project_is_read_as_pybtex_reads_it(path):
    _assert_read_as_pybtex_reads(path.read_text(encoding="utf-8", errors="replace"))


def test_the_review_s_bibliography_and_the_bench_corpus_take_the_fast_way(tmp_path):
    sys.path.insert(0, str(ROOT / "bench"))
    from generate_corpus import generate

    generate(tmp_path, 20, 20, 400)
    for path in [*(ROOT / "bib").glob("*.bib"), tmp_path / "bib" / "refs.bib"]:
        assert _assert_read_as_pybtex_reads(path.read_text(encoding="utf-8")), f"{path} left to pybtex"


# Random files: plain entries and everything the reader leaves to pybtex, mixed.

_SPACE = st.sampled_from(["", " ", "  ", "\n", "\n  ", "\t", "\r\n", "\xa0", "\u2003"])
_WORD = st.sampled_from(["Smith", "smith", "van", "de", "la", "Jr", "Jr.", "III", "J.", "A.-M.", "Élodie", "élan",
                         "ßmith", "1st", "O'Neil", "Müller-Lüdenscheidt", "{Van} Gogh", "{\\'E}mile", "Qui\\~{n}onero",
                         "M~L", "and", "AND", "{and}", "", "x"])
_NAME_SEPARATOR = st.sampled_from([" ", ", ", ",", "  ", " , ", "~", "\n"])
_NAME = st.lists(st.tuples(_WORD, _NAME_SEPARATOR), min_size=1, max_size=5).map(
    lambda parts: "".join(word + separator for word, separator in parts).rstrip(", ~"))
_NAMES = st.lists(_NAME, min_size=1, max_size=4).flatmap(
    lambda names: st.sampled_from([" and ", " AND ", " And ", "  and  ", " and\n", "and"]).map(
        lambda joint: joint.join(names)))
_TEXT = st.sampled_from(["Plain words", "In {NMDA} studies", "Nested {a {b} c}", "a \"quoted\" word", "--", "1985",
                         "", "  spaced   out  ", "{\\'e}t{\\'e}", "100\\%", "@ inside", "a}b", "{open", "#", "x, y"])
_VALUE = st.one_of(
    _TEXT.map(lambda text: "{" + text + "}"),
    _TEXT.map(lambda text: '"' + text + '"'),
    st.sampled_from(["1985", "42", "jan", "Feb", "DEC", "xyz", "{a} # {b}", '"a" # jan', "{a} #", "007", "12a"]),
)
_FIELD_NAME = st.sampled_from(["title", "Title", "YEAR", "journal", "note", "x-y", "a_b", "url", "doi", "1bad",
                               "na.me", "author", "Author", "editor", "EDITOR"])
_FIELD = st.one_of(
    st.tuples(_FIELD_NAME, _SPACE, _VALUE).map(lambda field: f"{field[0]}{field[1]}={field[1]}{field[2]}"),
    _NAMES.map(lambda names: "author = {" + names + "}"),
    _NAMES.map(lambda names: 'editor = "' + names + '"'),
)
_KEY = st.sampled_from(["smith2009", "Smith2009", "smith:2009/a.b-c", "k(1)", "k{1}", "k\"1", "", "a b", "naïve"])
_TYPE = st.sampled_from(["article", "Article", "BOOK", " misc", "in-proceedings", "string", "comment", "preamble",
                         "art1cle", "@article"])
_ENTRY = st.builds(
    lambda kind, opening, key, fields, separator, ending, closing: (
        f"@{kind}{opening}{key}{separator}{(',' + separator).join(fields)}{ending}{closing}"),
    _TYPE, st.sampled_from(["{", "{", "{", "(", " {"]), _KEY, st.lists(_FIELD, max_size=5),
    st.sampled_from([",\n  ", ", ", ",", " ,\n", "\n  "]), st.sampled_from(["", ",", "\n", ",\n"]),
    st.sampled_from(["}", "}", "}", ")", "", "}}"]))
_BETWEEN = st.sampled_from(["\n\n", "\n", "", "% a comment\n", "junk text\n", "% mail me@example.org\n", "}\n"])
_FILE = st.lists(st.tuples(_ENTRY, _BETWEEN), max_size=4).map(
    lambda entries: "".join(entry + between for entry, between in entries))


@settings(max_examples=3000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_FILE)
def test_any_file_is_read_as_pybtex_reads_it_or_left_to_pybtex(text):
    _assert_read_as_pybtex_reads(text)


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=st.sampled_from("@{}\"#=, \n\tabAB1%~\\"), max_size=60))
def test_any_text_at_all_is_read_as_pybtex_reads_it_or_left_to_pybtex(text):
    _assert_read_as_pybtex_reads(text)


# Files pybtex reads (nearly always): what a review's bibliography holds, with names of every shape.
_PLAIN_TEXT = st.sampled_from(["Plain words", "In {NMDA} studies", "Nested {a {b} c}", "a \"quoted\" word",
                               "Pain--relief", "  spaced \n  out  ", "{\\'e}t{\\'e}", "100\\%", "x, y", "Ünïcödé"])
_PLAIN_FIELD = st.one_of(
    st.tuples(st.sampled_from(["title", "Title", "journal", "NOTE", "x-y"]), _SPACE, _PLAIN_TEXT).map(
        lambda field: f"{field[0]}{field[1]}={field[1]}{{{field[2]}}}"),
    st.tuples(st.sampled_from(["year", "volume"]), st.sampled_from(["1985", "{1985}", '"12"', "jan", "Sep"])).map(
        lambda field: f"{field[0]} = {field[1]}"),
    _NAMES.map(lambda names: "author = {" + names + "}"),
    _NAMES.map(lambda names: "Editor = {" + names + "}"),
)
_PLAIN_ENTRY = st.builds(
    lambda kind, key, fields, separator: f"@{kind}{{{key},{separator}{(',' + separator).join(fields)}\n}}",
    st.sampled_from(["article", "Book", "misc"]), st.sampled_from(["a1", "b2", "c3", "d:4/x"]),
    st.lists(_PLAIN_FIELD, min_size=1, max_size=6, unique_by=lambda field: field.split("=")[0].strip().lower()),
    st.sampled_from([",\n  ", ", ", "\n  "]))
_PLAIN_FILE = st.lists(_PLAIN_ENTRY, min_size=1, max_size=4, unique_by=lambda entry: entry.split(",")[0]).map(
    "\n\n".join)


@settings(max_examples=3000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_PLAIN_FILE)
def test_a_file_pybtex_reads_is_read_as_pybtex_reads_it(text):
    _assert_read_as_pybtex_reads(text)
