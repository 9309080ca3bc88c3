"""Directives: placeholders a page writes on a line of its own, which the build fills in.

Core module (imports nothing from MkDocs), shared by the build and `make check`. Each directive is filled on
one page only, so no page can take another's place: the print page is the page at its path, and
the other lists are filled where they stand, once in the whole site.
"""

from __future__ import annotations

import re

from .author_errors import Problem
from .citation_index import FULL_BIBLIOGRAPHY
from .clinical_claim_index import LIST_PLACEHOLDER as UNCITED_CLAIMS
from .editor_note_index import LIST_PLACEHOLDER as EDITOR_NOTES

PRINT_REVIEW = "\\print_review"  # the whole review, on the print page
EDITION_CHANGES = "\\edition_changes"  # what changed since the last edition, on the changelog
ONCE_IN_THE_SITE = (FULL_BIBLIOGRAPHY, EDITOR_NOTES, UNCITED_CLAIMS, EDITION_CHANGES)


def directive_problems(pages, print_page: str) -> list[Problem]:
    """A `\\print_review` anywhere but on the print page (`print_page`, its path inside docs/: the
    site's config names it, the PDF is printed from it), and a second page holding another directive."""
    problems: list[Problem] = []
    first: dict[str, str] = {}  # directive -> where it first stands
    for page in pages:
        for line, directive in _directives(page.masked):
            if directive == PRINT_REVIEW and page.src_uri != print_page:
                problems.append(Problem(page.path, line, 1, f"{PRINT_REVIEW} is filled on the print page only "
                                        f"(docs/{print_page}), which copies every page; delete it here"))
            elif directive in ONCE_IN_THE_SITE and directive in first:
                problems.append(Problem(page.path, line, 1, f"{directive} is already on {first[directive]}; the "
                                        "build fills it on one page only: delete one of the two"))
            else:
                first.setdefault(directive, f"{page.path}:{line}")
    return problems


def _directives(masked: str):
    """(line, directive) for each directive on a line of its own, outside code."""
    for match in _DIRECTIVE_LINE.finditer(masked):
        yield masked.count("\n", 0, match.start()) + 1, match.group(1)


_DIRECTIVE_LINE = re.compile(
    r"^[ \t]*(" + "|".join(re.escape(d) for d in (PRINT_REVIEW, *ONCE_IN_THE_SITE)) + r")[ \t]*$", re.MULTILINE)
