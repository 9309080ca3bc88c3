"""Number cited works across the site and find every citation problem, page by page.

Core module (imports nothing from MkDocs), shared by the `citations` step and `make check`: one
implementation of the citation rules. Numbers follow the first citation in reading order.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from .author_errors import Problem, did_you_mean
from .build_model import CitationSite, SourcePage
from .html_policy import PAGE_LIST_ID
from .markdown_source import KEY, Citation

FULL_BIBLIOGRAPHY = "\\full_bibliography"  # mkdocs-bibtex's placeholder for the list of every work


@dataclass
class CitationIndex:
    numbers: dict[str, int] = field(default_factory=dict)  # key -> site-wide number
    sites: dict[str, list[CitationSite]] = field(default_factory=dict)  # key -> where it is cited
    problems: list[Problem] = field(default_factory=list)


def citation_groups(citations: list[Citation]) -> Iterator[tuple[Citation, list[tuple[str, str]]]]:
    """Each citation of a page (not cross-reference) with its keys and their marker ids:
    `cite-<key>-<n>` for the n-th citation of that key on the page."""
    counts: dict[str, int] = {}
    for citation in citations:
        if citation.is_cross_reference and not citation.error:
            continue  # cross-references are the label index's
        group = []
        for key in citation.keys if not citation.error else []:
            counts[key] = counts.get(key, 0) + 1
            group.append((key, f"cite-{key}-{counts[key]}"))
        yield citation, group


def index_citations(pages: list[SourcePage], entries, defined_at: dict[str, tuple[str, int]]) -> CitationIndex:
    """Number every cited work; report unreadable citations, unknown keys and uncited entries."""
    index = CitationIndex()
    mentioned: set[str] = set()  # keys inside unreadable citations: reported there, not as uncited
    misspelled: dict[str, tuple[str, str]] = {}  # an entry's key -> (an unknown key close to it, where)
    for page in pages:
        for citation, group in citation_groups(page.citations):
            if citation.error:
                index.problems.append(Problem(page.path, citation.line, citation.col, citation.error))
                mentioned.update(re.findall(rf"@({KEY})", page.text[citation.start:citation.end]))
            for key, anchor in group:
                if key not in entries:
                    message = unreadable_entry(key, defined_at[key]) if key in defined_at else unknown_key(key, entries)
                    index.problems.append(Problem(page.path, citation.line, citation.col, message))
                    for close in difflib.get_close_matches(key, list(entries), n=3, cutoff=0.6):
                        misspelled.setdefault(close, (key, f"{page.path}:{citation.line}"))
                    continue
                index.numbers.setdefault(key, len(index.numbers) + 1)
                index.sites.setdefault(key, []).append(CitationSite(page.src_uri, page.title, anchor, citation.line))
    for key, (bib_path, line) in defined_at.items():
        if key in entries and key not in index.numbers and key not in mentioned:
            index.problems.append(_never_cited(key, bib_path, line, misspelled.get(key)))
    return index


def pages_with_own_list(sites: dict[str, list[CitationSite]], pages: list[SourcePage]) -> set[str]:
    """The pages that get a list of the works they cite: those that cite one, unless they hold the
    list of every work (`\\full_bibliography`), which their markers then lead to."""
    full = {page.src_uri for page in pages if FULL_BIBLIOGRAPHY in page.masked}
    return {site.src_uri for key_sites in sites.values() for site in key_sites} - full


def citation_anchors(sites: dict[str, list[CitationSite]], pages: list[SourcePage], works) -> dict[str, set[str]]:
    """The ids that citations add to each page, which links may point at: each marker, the page's
    own list (`references`, `ref-<key>`), and `ref-<key>` of every work where the full list is."""
    ids: dict[str, set[str]] = {}
    own_list = pages_with_own_list(sites, pages)
    for key, key_sites in sites.items():
        for site in key_sites:
            ids.setdefault(site.src_uri, set()).update((site.anchor, f"ref-{key}"))
    for src_uri in own_list:
        ids[src_uri].add(PAGE_LIST_ID)
    for page in pages:
        if FULL_BIBLIOGRAPHY in page.masked:
            ids.setdefault(page.src_uri, set()).update(f"ref-{key}" for key in works)
    return ids


def _never_cited(key: str, bib_path: str, line: int, misspelling: tuple[str, str] | None) -> Problem:
    if misspelling is None:
        return Problem(bib_path, line, 1, f"reference '{key}' is never cited; cite it in a page with [@{key}] or "
                                          "remove the entry")
    written, where = misspelling
    return Problem(bib_path, line, 1, f"reference '{key}' is never cited, perhaps because it is misspelled "
                                      f"'{written}' at {where} (see that error); cite it with [@{key}] or remove "
                                      "the entry", follows=where)


def unreadable_entry(key: str, where: tuple[str, int]) -> str:
    return f"'{key}' is in {where[0]}:{where[1]} but that entry could not be read; see the error above"


def unknown_key(key: str, entries) -> str:
    by_case = {k.lower(): k for k in entries}
    if key.lower() in by_case:
        return (f"citation key '{key}' differs in capitalisation from '{by_case[key.lower()]}'; "
                f"write [@{by_case[key.lower()]}]")
    return (f"unknown citation key '{key}'{did_you_mean(key, entries)}; "
            "add the work to a .bib file under bib/ or fix the key")
