"""Clinical claims the review states without a source, and doses: where they are, what is written wrong.

Core module (imports nothing from MkDocs), shared by the `clinical_claims` step and `make check`; it sits beside
`editor_note_index.py` because it is the same kind of rule: the edition telling readers how far
to trust a sentence.

A clinical claim (a dose, a route, a time course, an effect, a safety statement) that the review
gives without a citation carries the mark `[uncited]` where a citation would stand, before the
full stop:

    Plasma concentration peaks one minute after an intravenous dose [uncited].

The build turns each mark into a small link to the About page's explanation, and the page that
says `\\uncited_claims` (the About page) lists every marked claim, read from the pages. Background
sentences need no mark. A dose with neither a citation nor the mark is an error, so no dose can
appear on the site without its source or the warning that it has none.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass

from .author_errors import Problem
from .editor_note_index import find_note_headers
from .html_policy import keyed
from .markdown_source import find_labels, mask_code

MARK = "[uncited]"
LIST_PLACEHOLDER = "\\uncited_claims"  # where the list of every marked claim goes (the About page)
ANCHOR_PREFIX = "uncited-claim-"  # each mark's HTML id: uncited-claim-1, -2 … on each page
MARK_CLASS = "uncited-claim"  # the CSS class of the generated mark (docs/stylesheets/review.css)
MARK_TEXT = "no source"
MARK_TITLE = "The review gives no source for this statement; see About this edition"

# A dose: a number, a unit of mass, optionally per kg and per unit of time (`0.5 mg/kg`, `20–30 mg/h`).
DOSE = re.compile(r"(?<![\w.,])\d+(?:[.,]\d+)?[ \u00a0]?(?:mg|µg|μg|mcg|g)(?:/kg)?(?:/(?:h|min|day))?(?![\w/])")
# A mark written almost right: other capitals, spaces, a full stop inside, or a synonym.
_NEAR_MARK = re.compile(r"\[[ \t]*(?:uncited|un-cited|no[ -]source|unsourced|no[ -]citation)[ \t]*\.?[ \t]*\]"
                        r"(?![(\[:])", re.IGNORECASE)
_PLACEHOLDER_LINE = re.compile(rf"^[ \t]*{re.escape(LIST_PLACEHOLDER)}[ \t]*$", re.MULTILINE)
_HEADING = re.compile(r"^#{2,6}[ \t]+(.*?)[ \t]*(?:\{[^}\n]*\})?[ \t]*$")
_PAGE_LINK = re.compile(r"\]\((?![a-z]+:)(?:[^)\s]*\.md(?:#[^)\s]*)?|#[^)\s]+)\)")  # a page or a section
_MARKDOWN_LINK = re.compile(r"\[([^\[\]\n]*)\]\([^)\n]*\)")
_AFTER_MARK = re.compile(r"[ \t]*(?:[.;,:)|]|$)")


@dataclass(frozen=True)
class UncitedClaim:
    """One marked claim: its page, the section it is in, its line, its text, the id of its mark."""

    src_uri: str
    path: str
    page_title: str
    section: str
    line: int
    text: str
    anchor: str
    ordinal: int  # which mark of its page it is (0 for the first), counting marks written wrong too


@dataclass(frozen=True)
class Index:
    claims: list[UncitedClaim]
    problems: list[Problem]
    list_page: str | None  # src_uri of the page that lists the claims
    list_anchor: str | None  # id of the heading the list stands under


def find_marks(masked: str) -> list[int]:
    """Offsets of every `[uncited]` outside code, in order."""
    return [match.start() for match in re.finditer(re.escape(MARK), masked)]


def index_claims(pages) -> Index:
    """Every marked claim of every page in reading order; every mark or dose written wrong."""
    claims, problems = [], []
    list_page = list_anchor = None
    for page in pages:
        masked = page.masked
        placeholder = _PLACEHOLDER_LINE.search(masked)
        if placeholder and list_page is None:
            list_page = page.src_uri
            headings = [label for label in find_labels(page.text, masked)
                        if label.label.startswith("sec:") and label.start < placeholder.start()]
            list_anchor = headings[-1].anchor if headings else None
        notes = _note_bodies(masked)
        citations = page.citations
        lines = page.text.split("\n")
        masked_lines = masked.split("\n")
        for match in _NEAR_MARK.finditer(masked):
            if match.group(0) != MARK:
                line, col = _position(masked, match.start())
                problems.append(Problem(page.path, line, col, f"write the mark for a claim without a source exactly "
                                        f"as {MARK} (lowercase, no spaces), not '{match.group(0)}'"))
        number = 0
        for ordinal, offset in enumerate(find_marks(masked)):
            line, col = _position(masked, offset)
            if line in notes:
                problems.append(Problem(page.path, line, col, f"an editor's note is this edition speaking, so it "
                                        f"takes no {MARK} mark: mark the review's sentence above the note instead"))
                continue
            if _next_to_citation(masked, offset, citations):
                problems.append(Problem(page.path, line, col, f"this claim cites a source, so it takes no {MARK} "
                                        f"mark: remove the mark, or split the sentence so the mark follows the "
                                        f"claim that has none"))
                continue
            if not _AFTER_MARK.match(masked, offset + len(MARK)):
                problems.append(Problem(page.path, line, col, f"put {MARK} at the end of the claim, where a "
                                        f"citation would stand: right before the full stop (or the end of the "
                                        f"table cell)"))
                continue
            number += 1
            claims.append(UncitedClaim(page.src_uri, page.path, page.title, _section(masked_lines, line),
                                       line, _claim_text(lines[line - 1], col), f"{ANCHOR_PREFIX}{number}",
                                       ordinal))
        problems += _uncited_doses(page, masked_lines, notes)
    if claims and list_page is None:
        first = claims[0]
        problems.append(Problem(first.path, first.line, 1, f"no page lists the claims marked {MARK}: put "
                                f"{LIST_PLACEHOLDER} on a line of its own in the About page"))
    return Index(claims, problems, list_page, list_anchor)


def gives_doses(text: str) -> bool:
    """Whether a text (a page's words, without markup) states a dose."""
    return DOSE.search(text) is not None


def mark_markdown(claim: UncitedClaim, index: Index, key: str) -> str:
    """The Markdown a mark becomes: a small link to the explanation on the About page, with an id.
    Its class and id carry the build's key (html_policy.ContentRules), so no page can write one."""
    return mark_link_markdown(index, claim.src_uri, key, claim.anchor)


def mark_link_markdown(index: Index, src_uri: str, key: str, anchor: str | None = None) -> str:
    """A mark's link on the page `src_uri`; with `anchor`, the id the mark's own page gives it (the
    changes between editions show a mark again, without it)."""
    attributes = f"{{: .{keyed(MARK_CLASS, key)}" + (f" #{keyed(anchor, key)}" if anchor else "") + " }"
    if index.list_page is None:
        return f"[{MARK_TEXT}](#{anchor or ''}){attributes}"
    target = posixpath.relpath(index.list_page, posixpath.dirname(src_uri) or ".")
    if index.list_anchor:
        target += f"#{index.list_anchor}"
    return f'[{MARK_TEXT}]({target} "{MARK_TITLE}"){attributes}'


def render_marks(markdown: str, src_uri: str, index: Index, key: str) -> str:
    """The page's Markdown (as authors wrote it, without front matter) with each mark outside code
    turned into its link; a mark reported as written wrong stays as it is (the build fails)."""
    claims = {claim.ordinal: claim for claim in index.claims if claim.src_uri == src_uri}
    if not claims:
        return markdown
    out, last = [], 0
    for ordinal, offset in enumerate(find_marks(mask_code(markdown))):
        claim = claims.get(ordinal)
        if claim is not None:
            out += [markdown[last:offset], mark_markdown(claim, index, key)]
            last = offset + len(MARK)
    return "".join(out) + markdown[last:]


def list_markdown(index: Index, from_src_uri: str) -> str:
    """The list of marked claims as Markdown, each linking to its mark, for the page `from_src_uri`."""
    if not index.claims:
        return "No sentence of this edition carries the mark."
    here = posixpath.dirname(from_src_uri) or "."
    items = []
    for claim in index.claims:
        target = posixpath.relpath(claim.src_uri, here)
        where = f"*{claim.page_title}*" + (f", {claim.section}" if claim.section else "")
        items.append(f"- {where}: [{claim.text}]({target}#{claim.anchor})")
    return "\n".join(items)


def replace_placeholder(markdown: str, replacement: str) -> str:
    """The page with its `\\uncited_claims` line (outside code) replaced."""
    match = _PLACEHOLDER_LINE.search(mask_code(markdown))
    return markdown if match is None else markdown[:match.start()] + replacement + markdown[match.end():]


# Helper functions


def _position(masked: str, offset: int) -> tuple[int, int]:
    line_start = masked.rfind("\n", 0, offset) + 1
    return masked.count("\n", 0, offset) + 1, offset - line_start + 1


def _note_bodies(masked: str) -> set[int]:
    """Line numbers (1-based) of every editor's note, header and indented body."""
    lines = masked.split("\n")
    inside = set()
    for header in find_note_headers(masked, masked):
        first = masked.count("\n", 0, header.start)  # 0-based line of the header
        indent = len(lines[first]) - len(lines[first].lstrip())
        inside.add(first + 1)
        for number in range(first + 1, len(lines)):
            text = lines[number]
            if text.strip() and len(text.expandtabs(4)) - len(text.expandtabs(4).lstrip()) < indent + 4:
                break
            inside.add(number + 1)
    return inside


def _next_to_citation(masked: str, offset: int, citations) -> bool:
    """Whether a citation stands right before or right after the mark (only spaces between)."""
    for citation in citations:
        if citation.is_cross_reference:
            continue
        if citation.end <= offset and not masked[citation.end:offset].strip():
            return True
        if citation.start >= offset + len(MARK) and not masked[offset + len(MARK):citation.start].strip():
            return True
    return False


def _section(masked_lines: list[str], line: int) -> str:
    """The title of the nearest heading above a line."""
    for text in reversed(masked_lines[:line - 1]):
        heading = _HEADING.match(text)
        if heading:
            return heading.group(1).strip()
    return ""


def _claim_text(source_line: str, col: int) -> str:
    """The marked claim as plain words: its sentence, or for a table row, the row's first cell and the marked cell."""
    if source_line.lstrip().startswith("|"):
        cells = [cell.strip() for cell in source_line.strip().strip("|").split("|")]
        before = source_line[:col - 1]
        marked = before.count("|") - (1 if source_line.lstrip().startswith("|") else 0)
        marked = min(max(marked, 0), len(cells) - 1)
        text = f"{cells[0]}: {cells[marked]}" if marked else cells[0]
    else:
        text = source_line.strip()
    text = text.replace(MARK, "")
    text = re.sub(r"\[@[^\]\n]*\]", "", text)  # citations and cross-references: the claim's own page has them
    text = _MARKDOWN_LINK.sub(r"\1", text)  # links: the list item is itself a link
    text = re.sub(r"[ \t]+([.,;:)])", r"\1", text)
    return re.sub(r"[ \t]{2,}", " ", text).strip()


def _uncited_doses(page, masked_lines: list[str], notes: set[int]) -> list[Problem]:
    """Each dose that has in its sentence (or table cell) neither a citation, nor the mark, nor a
    link to the section that gives it with its source (as a summary does)."""
    problems = []
    for number, text in enumerate(masked_lines, start=1):
        if number in notes or text.lstrip().startswith("#") or not DOSE.search(text):
            continue
        for start, unit in _units(text):
            for dose in DOSE.finditer(unit):
                rest = unit[dose.end():]
                if "[@" in rest or MARK in rest or _PAGE_LINK.search(rest):
                    continue
                problems.append(Problem(page.path, number, start + dose.start() + 1,
                                        f"the dose '{dose.group(0)}' has no citation: cite the source the review "
                                        f"gives for it ([@key]) before the full stop, or, if the review gives "
                                        f"none, mark the claim {MARK}"))
                break  # one message per sentence or cell
    return problems


def _units(text: str) -> list[tuple[int, str]]:
    """A line's claims: the whole line, or each cell of a table row, with its offset."""
    if not text.lstrip().startswith("|"):
        return [(0, text)]
    units, offset = [], 0
    for cell in text.split("|"):
        units.append((offset, cell))
        offset += len(cell) + 1
    return units

