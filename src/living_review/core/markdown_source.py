"""Find citations, cross-references, captions, headings and links in a page's Markdown source.

Core module (imports nothing from MkDocs), shared by the plugin's steps and `make check`, so that both apply one
set of rules. Everything works on the raw source with code masked out: a `[@key]` inside a code
block, an inline code span, an HTML comment or the front matter is text, never a citation.
Offsets index the original text, so callers can splice replacements in and report lines.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

# Pandoc's citation key: starts with a letter, digit or `_`, may contain `:.-/` inside.
KEY = r"[A-Za-z0-9_](?:[\w:./-]*\w)?"
CROSS_REFERENCE_PREFIXES = ("tbl:", "fig:", "sec:")

_FENCE = re.compile(r"^[ \t]*(`{3,}|~{3,})")
_INLINE_CODE = re.compile(r"(?<!`)(`+)(?!`).+?(?<!`)\1(?!`)")
_HTML_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
# Front matter: the opening line, then the YAML block (groups for callers that report lines in it).
FRONT_MATTER = re.compile(r"\A(---[ \t]*\n)(.*?\n)(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.DOTALL)
# Patterns start with a literal where they can: the regex engine then jumps from one `[` to the
# next instead of trying every position of the page (eight times faster on a typical page).
# A bracket group not after `\` or `!`, and not followed by `(` or `[` (that would be a link,
# e.g. `[@user](url)`).
_BRACKET = re.compile(r"\[(?<!\\\[)(?<!!\[)([^\[\]\n]*)\](?![(\[])")
_CITATION_ITEM = re.compile(rf"^@({KEY})$")
_AT_WORD = re.compile(r"(?:^|[\s;])-?@\w")
_LINK = re.compile(r"\[(?:[^\[\]\n]|\[[^\[\]\n]*\])*\]\(\s*<?([^)\s>]+)>?(?:\s+(?:\"[^\"]*\"|'[^']*'))?\s*\)")
_LINK_DEFINITION = re.compile(r"^[ ]{0,3}\[(?!\^)[^\]\n]+\]:[ \t]*<?([^\s>]+)>?", re.MULTILINE)
_HEADING = re.compile(r"^(#{1,6})[ \t]+(.*?)[ \t]*\{[ \t]*:?[ \t]*#([^\s}]+)[^}\n]*\}[ \t]*$", re.MULTILINE)
_CAPTION = re.compile(r"^(Table|Figure):[ \t]+(.*?)[ \t]*\{#((?:tbl|fig):[^\s}]+)\}[ \t]*$", re.MULTILINE)


@dataclass(slots=True)  # thousands of them on a large site
class Citation:
    """One bracketed citation group such as `[@a; @b]` (or a cross-reference `[@tbl:x]`)."""

    start: int
    end: int
    line: int
    col: int
    keys: list[str] = field(default_factory=list)
    error: str | None = None

    @property
    def is_cross_reference(self) -> bool:
        return any(key.startswith(CROSS_REFERENCE_PREFIXES) for key in self.keys)


@dataclass(slots=True)  # thousands of them on a large site
class Link:
    target: str
    line: int
    col: int
    is_image: bool


@dataclass(slots=True)  # thousands of them on a large site
class Label:
    """An explicit id that cross-references may point at: a caption or a heading."""

    label: str  # `tbl:x`, `fig:x`, or `sec:<heading id>`
    anchor: str  # the HTML id
    title: str
    line: int
    start: int
    end: int


def mask_code(text: str) -> str:
    """The same text with front matter, code and HTML comments blanked (newlines kept)."""
    blank = lambda m: re.sub(r"[^\n]", " ", m.group(0))  # noqa: E731
    text = FRONT_MATTER.sub(blank, text, count=1)
    text = _HTML_COMMENT.sub(blank, text)
    if "`" not in text and "~" not in text:
        return text  # most pages: no code to mask
    out, fence = [], None
    for line in text.splitlines(keepends=True):
        opener = _FENCE.match(line)
        if fence is None and opener:
            fence = opener.group(1)
            out.append(blank(re.match(r"(?s).*", line)))
        elif fence is not None:
            closes = opener and opener.group(1)[0] == fence[0] and len(opener.group(1)) >= len(fence)
            if closes and not line.strip().strip(fence[0]):
                fence = None
            out.append(re.sub(r"[^\n]", " ", line))
        else:
            out.append(_INLINE_CODE.sub(blank, line))
    return "".join(out)


def find_citations(text: str, masked: str | None = None) -> list[Citation]:
    """Every `[@...]` group outside code, in order, with its keys or what is wrong with it."""
    masked = mask_code(text) if masked is None else masked
    found, lines = [], Lines(text)
    for match in _BRACKET.finditer(masked):
        inner = match.group(1)
        if "@" not in inner or not _AT_WORD.search(inner):
            continue  # ordinary brackets, or an e-mail address in brackets
        if re.match(r"[ ]{0,3}\[", masked[masked.rfind("\n", 0, match.start()) + 1:match.end()]) and \
                masked.startswith(":", match.end()):
            continue  # a reference-style link definition `[@x]: url`
        line, col = lines.line(match.start()), lines.col(match.start())
        items = [item.strip() for item in inner.split(";")]
        keys = [m.group(1) for m in map(_CITATION_ITEM.match, items) if m]
        citation = Citation(match.start(), match.end(), line, col, keys)
        if len(keys) != len(items):
            citation.error = (
                f"cannot read citation '[{inner}]': write each source as @key, separated by"
                " semicolons, e.g. [@smith1987; @bell2009], with any other words outside the brackets"
            )
        elif citation.is_cross_reference and len(keys) > 1:
            citation.error = f"write one cross-reference per bracket, not '[{inner}]'"
        found.append(citation)
    return found


def find_links(text: str, masked: str | None = None) -> list[Link]:
    """Inline links, images and reference definitions outside code, with their targets."""
    masked = mask_code(text) if masked is None else masked
    links, lines = [], Lines(text)
    for match in _LINK.finditer(masked):
        start = match.start(1)
        is_image = masked[match.start() - 1:match.start()] == "!"
        links.append(Link(match.group(1), lines.line(start), lines.col(start), is_image))
    for match in _LINK_DEFINITION.finditer(masked):
        start = match.start(1)
        links.append(Link(match.group(1), lines.line(start), lines.col(start), False))
    return sorted(links, key=lambda link: (link.line, link.col))


def find_labels(text: str, masked: str | None = None) -> list[Label]:
    """Captions (`Table: ... {#tbl:x}`) and headings with an explicit id (`## T {#x}`)."""
    masked = mask_code(text) if masked is None else masked
    labels, lines = [], Lines(text)
    for match in _CAPTION.finditer(masked):
        label = match.group(3)
        labels.append(Label(label, label, match.group(2), lines.line(match.start()), match.start(), match.end()))
    for match in _HEADING.finditer(masked):
        anchor = match.group(3)
        labels.append(Label(f"sec:{anchor}", anchor, match.group(2), lines.line(match.start()),
                            match.start(), match.end()))
    return sorted(labels, key=lambda label: label.start)


class Lines:
    """Line and column of any offset, in logarithmic time (pages may hold thousands of citations)."""

    def __init__(self, text: str) -> None:
        self.starts = [0] + [match.end() for match in re.finditer("\n", text)]

    def line(self, offset: int) -> int:
        return bisect.bisect_right(self.starts, offset)

    def col(self, offset: int) -> int:
        return offset - self.starts[self.line(offset) - 1] + 1
