"""Unit tests: BibTeX problems are pinned to the file and the faulty entry's line."""

from living_review.core.bibtex_rules import read_bibliography

GOOD = "@article{good2000,\n  author = {A, B},\n  title = {T},\n  journal = {J},\n  year = {2000}\n}\n"


def test_syntax_error_is_reported_at_the_faulty_entry_and_later_entries_still_load():
    broken = "@article{broken2001,\n  author = {A, B},\n  title = {Unclosed,\n  journal = {J},\n  year = 2001\n}\n\n"
    text = GOOD + "\n" + broken + GOOD.replace("good", "late")
    entries, where, problems = read_bibliography([("bib/a.bib", text.encode())])
    assert [(p.path, p.line, p.severity) for p in problems] == [("bib/a.bib", 8, "fatal")]
    assert list(entries.entries) == ["good2000", "late2000"]
    assert where["late2000"] == ("bib/a.bib", 15)


def test_duplicate_keys_across_files_name_both_places():
    _, _, problems = read_bibliography([("bib/a.bib", GOOD.encode()), ("bib/b.bib", GOOD.encode())])
    assert [str(p) for p in problems] == [
        "bib/b.bib:1: duplicate key 'good2000': already defined in bib/a.bib:1; keep one entry"]


def test_field_rules_point_at_the_field_line():
    entry = GOOD.replace("year = {2000}", "year = {2000},\n  doi = {doi:10.1/x},\n  pmid = {PMC123}")
    _, _, problems = read_bibliography([("bib/a.bib", entry.encode())])
    assert [(p.line, p.message.split(":")[0]) for p in problems] == [
        (6, "entry 'good2000' has a malformed DOI 'doi"), (7, "entry 'good2000' has a malformed PMID 'PMC123'")]


def test_non_utf8_file_is_reported_with_its_line():
    _, _, problems = read_bibliography([("bib/a.bib", GOOD.encode() + "% caf\xe9\n".encode("latin-1"))])
    assert [(p.line, p.severity) for p in problems] == [(7, "fatal")]
