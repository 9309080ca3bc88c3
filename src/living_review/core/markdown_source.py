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

from markdown.util import BLOCK_LEVEL_ELEMENTS

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
BRACKET = re.compile(r"\[(?<!\\\[)(?<!!\[)([^\[\]\n]*)\](?![(\[])")
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
        for key in self.keys:  # a loop, not any() over a generator: read thousands of times per build
            if key.startswith(CROSS_REFERENCE_PREFIXES):
                return True
        return False


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
    """The same text with front matter, code and HTML comments blanked (newlines kept). Code is
    what the site's Markdown renders as code: fenced blocks, inline spans and indented blocks."""
    text = FRONT_MATTER.sub(_blank, text, count=1)
    masked = _HTML_COMMENT.sub(_blank, text)
    if "`" not in masked and "~" not in masked and not _INDENTED.search(masked):
        return masked  # most pages: no code to mask
    return _mask_blocks(text, masked)


def _blank(match: re.Match) -> str:
    return re.sub(r"[^\n]", " ", match.group(0))


def _mask_blocks(text: str, masked: str) -> str:
    """`mask_code` the long way: each line read as Markdown's blocks read it. `text`: the page
    with its front matter blanked; `masked`: with its comments blanked too."""
    lines = masked.split("\n")
    in_code = _code_lines(*_without_comments(text))
    return "\n".join(" " * len(line) if code else _INLINE_CODE.sub(_blank, line)
                     for line, code in zip(lines, in_code, strict=True))


def _without_comments(text: str) -> tuple[list[str], set[int]]:
    """The lines as Markdown's blocks see them, and the lines where a comment starts that is a
    block of its own, as raw HTML is (at the start of a line; blank here). Any other is text."""
    blocks, lines = set(), Lines(text)

    def replaced(comment: re.Match) -> str:
        before = text[lines.starts[lines.line(comment.start()) - 1]:comment.start()]
        if before.strip() or len(before.expandtabs(4)) > 3:
            return re.sub(r"\S", "c", comment.group(0))
        blocks.add(lines.line(comment.start()) - 1)
        return "\n" * comment.group(0).count("\n")

    return _HTML_COMMENT.sub(replaced, text).split("\n"), blocks


# Python-Markdown's block syntax (tab length 4), as far as it decides which lines are code.
# Without such a line, no indented code. A line of spaces and tabs only is blank, never code: the
# front matter, blanked, is such lines, and must not send every page the long way.
_INDENTED = re.compile(r"^(?: {4}| {0,3}\t)[ \t]*[^ \t\n]", re.MULTILINE)
# What superfences accepts after a fence: a language, then attributes `{...}` or options `key="v"`.
_FENCE_INFO = re.compile(r"""(?:[ \t]*\.?[\w#.+-]+(?=[ \t]|$))?"""
                         r"""(?:[ \t]*\{.*\}|(?:[ \t]*[a-zA-Z]\w*(?:=(["']).*?\1)?(?=[ \t]|$))+)?[ \t]*$""")
_BOX_HEADER = re.compile(  # admonition (`!!! kind "Title"`) or details (`??? kind "Title"`), as they match
    r'(?:!!! ?[\w-]+(?: +[\w-]+)*(?: +".*?")?'
    r'|\?{3}\+? ?(?:(?:[\w-]+(?: +[\w-]+)*?)?(?: +".*?")|[\w-]+(?: +[\w-]+)*?)) *$')
_HR = re.compile(r"[ ]{0,3}(?:(?:-[ ]{0,2}){3,}|(?:_[ ]{0,2}){3,}|(?:\*[ ]{0,2}){3,})[ ]*$")
_SETEXT_UNDERLINE = re.compile(r"[=-]+[ ]*$")
_FOOTNOTE_DEFINITION = re.compile(r"[ ]{0,3}\[\^[^\]]*\]:[ ]*(.*)$")
_REFERENCE_DEFINITION = re.compile(r"""[ ]{0,3}\[[^\[\]]*\]:[ ]*\S+[ ]*(?:(["'])(.*)\1[ ]*|\((.*)\)[ ]*)?$""")
_LIST_ITEM = re.compile(r"[ ]{0,3}(?:[*+-]|\d+\.)[ ]+")
_HTML_START = re.compile(r"[ ]{0,3}<([A-Za-z][A-Za-z0-9-]*)(?=[\s/>]|$)([^>]*)")
_MARKDOWN_ATTRIBUTE = re.compile(r"""(?:^|\s)markdown(?:\s*=\s*(["']?)([^"'\s>]*)\1)?(?=[\s/>]|$)""")
# md_in_html: tags whose content is never Markdown, or only inline Markdown.
_RAW_TAGS = {"canvas", "math", "option", "pre", "script", "style", "textarea"}
_SPAN_TAGS = {"address", "dd", "dt", "h1", "h2", "h3", "h4", "h5", "h6", "legend", "li", "p", "summary", "td", "th"}


@dataclass(slots=True, eq=False)  # each one is itself: found in the stack by identity
class _Container:
    """A block whose content is indented under it: the page, a list item, a box, a footnote,
    or a `<div markdown>` (whose content starts at the margin again)."""

    col: int  # the column its content starts at (tabs expanded)
    kind: str  # "page", "item", "box", "footnote" or "html"
    tag: str = ""  # for "html": the tag that closes it


def raw_html_lines(text: str) -> set[int]:
    """The lines (from 0) inside a block of raw HTML, whose text Markdown never reads as Markdown:
    a citation there would show as written."""
    if not _HTML_START.search(text) and "\n<" not in text:
        return set()
    return _block_reader(*_without_comments(text)).raw_lines


def _code_lines(lines: list[str], comments: set[int]) -> list[bool]:
    """Which lines are code, as Python-Markdown 3.11 reads them with the site's extensions
    (superfences, admonition, details, footnotes, md_in_html): lines of a fenced block, and
    indented blocks. An indented block starts only where a block does (after a blank line, a
    heading, a box's title line...), indented four columns beyond the content of the container
    that reads it: a list item's continuation or a box's body is indented too, and is not code.
    Blockquotes are not followed: their lines count as plain text. `comments`: the lines where
    a comment starts that is a block of its own (see `_without_comments`)."""
    return _block_reader(lines, comments).code


def _block_reader(lines: list[str], comments: set[int]) -> _BlockReader:
    reader = _BlockReader(lines)
    for number, line in enumerate(lines):
        reader.read(number, "<hr>" if number in comments else line)  # a block of raw HTML, as that is
    return reader


class _BlockReader:
    """Python-Markdown's block parser, line by line, as far as it decides which lines are code."""

    def __init__(self, lines: list[str]) -> None:
        self.code = [False] * len(lines)
        self.fences, self.fence_end = _fences(lines), -1  # fence_end: the last line of the open fenced block
        self.stack = [_Container(0, "page")]  # the containers open, innermost last
        self.block = self.stack[0]  # the container that reads the current block
        self.raw: tuple[str, int] | None = None  # (tag, depth) of the open raw HTML block: never code
        self.raw_lines: set[int] = set()  # the lines of raw HTML blocks
        self.indented: _Container | None = None  # the container of the open indented code block
        # Whether the line starts a block; if it is the rest of a block, the container whose blocks
        # it is among (a block after a blank line is placed by its indentation from the page).
        self.start, self.rest_of = True, None
        self.into_items = True  # whether that block may go into the list items open there
        self.in_list, self.block_line, self.blanks = False, 0, 0
        # While a footnote is open: the containers to go back to when it ends (it leaves nothing in
        # the page), the container it is in, and whether it takes the indented blocks after it.
        self.footnote: tuple[list[_Container], _Container, bool] | None = None

    def read(self, number: int, line: str) -> None:
        expanded = line.rstrip("\r").expandtabs(4)
        if number <= self.fence_end:
            self.code[number] = True
        elif self.raw is not None:
            self.raw_lines.add(number)
            if number in self.fences:  # superfences reads fences before md_in_html reads HTML
                self.code[number], self.fence_end = True, self.fences[number]
            else:
                tag, self.raw = self.raw[0], _raw_depth(*self.raw, line)
                self.start, self.rest_of = self.raw is None and not _tail(tag, line), None
        elif not expanded.strip(" "):
            self.start, self.rest_of, self.into_items, self.in_list = True, None, True, False
            self.blanks += 1
        else:
            indent = len(expanded) - len(expanded.lstrip(" "))
            if not self._html(number, expanded, line, indent):
                self._text(number, expanded, indent)
            self.blanks = 0

    def _html(self, number: int, expanded: str, line: str, indent: int) -> bool:
        """Read a line that opens or closes a block of HTML; whether it did."""
        start = _HTML_START.match(expanded) if indent <= 3 else None
        inside = next((c for c in reversed(self.stack) if c.kind == "html"), None)
        tail = False
        if start and start.group(1).lower() in BLOCK_LEVEL_ELEMENTS:
            self._end_footnote()
            self.raw, markdown = _html_block(self.stack, start, line)
            if not markdown:
                self.raw_lines.add(number)
            tail = self.raw is None and not markdown and _tail(start.group(1), line)
        elif inside and expanded.lstrip(" ").lower().startswith(f"</{inside.tag}"):
            self._end_footnote()
            if inside.tag == "details":  # then a box, as `???` writes: indented blocks go on in it
                for container in self.stack[self.stack.index(inside):]:
                    container.col += 4
                inside.kind = "box"
            else:
                del self.stack[self.stack.index(inside):]
        else:
            return False
        self.block = next(c for c in reversed(self.stack) if c.kind in ("page", "html"))
        # Text after a block of HTML on its last line starts the next block; else the next line does.
        self.indented, self.start, self.rest_of, self.in_list, self.block_line = None, not tail, None, False, 0
        return True

    def _text(self, number: int, expanded: str, indent: int) -> None:
        """Read a line of Markdown: find the container that reads it, then what it is there."""
        if self.indented is not None and self.start:  # after a blank line: placed by its indentation
            if indent >= self.indented.col + 4:
                self.code[number], self.start = True, False
                return
            self.indented = None
        elif self.indented is not None:
            reader, column, cut = _read(self.stack, self.indented, indent)
            if not cut and column >= 4:
                self.code[number] = True
                return
            self.indented, self.start, self.rest_of = None, True, reader  # the rest is read where it lands
        elif not self.start:
            reader, column, cut = _read(self.stack, self.block, indent)
            if cut:
                self.start, self.rest_of = True, reader
        if self.start and self.rest_of is None and self.footnote and \
                (self.blanks > 1 or not self.footnote[2] or indent < self.footnote[1].col + 4):
            self._end_footnote()  # it takes only the blocks indented under it, one blank line apart
        if self.start:
            floor = max(n for n, container in enumerate(self.stack) if container.kind in ("page", "html"))
            self.block, column = _land(self.stack, self.rest_of or self.stack[floor], indent, self.into_items)
            self.into_items = True
        text = expanded[indent - column:]  # the line as `self.block` reads it
        if self.start:
            if not (_REFERENCE_DEFINITION.match(text) or _FOOTNOTE_DEFINITION.match(text)):
                _close_inside(self.stack, self.block)  # what this block makes comes after them all
            if column >= 4:
                self.code[number], self.indented, self.start = True, self.block, False
                return
            self.in_list, self.block_line = False, 0
        else:
            self.block_line += 1
        self.start, self.rest_of = False, None
        self._kind(number, text, column)

    def _kind(self, number: int, text: str, column: int) -> None:
        """Read what a line is in its container: what it opens and ends, where the next block starts."""
        block, stack = self.block, self.stack
        if number in self.fences:
            self.code[number], self.fence_end = True, self.fences[number]
        elif column == 0 and _BOX_HEADER.match(text):
            _close_inside(stack, block)
            stack.append(_Container(block.col + 4, "box"))
            self.start, self.rest_of = True, stack[-1]  # its body starts a block, even on the next line
        elif (column == 0 and text.startswith("#")) or _HR.match(text) or \
                (self.block_line == 1 and column == 0 and _SETEXT_UNDERLINE.match(text)):
            _close_inside(stack, block)
            self.start, self.rest_of = True, block
        elif footnote := _FOOTNOTE_DEFINITION.match(text):
            self._end_footnote()
            reader = stack[-1] if self.in_list else self.block  # in a list, inside the item
            self.footnote = (stack[:], reader, reader.kind in ("page", "html") and not self.in_list)
            del stack[stack.index(reader) + 1:]
            self.block = _Container(reader.col + 4, "footnote")  # the rest of the block is its text
            stack.append(self.block)
            if not footnote.group(1).strip():
                self.start, self.rest_of = True, self.block
        elif _REFERENCE_DEFINITION.match(text):
            # It leaves nothing in the page: a list or box before it goes on, except that a block
            # that went into a list item by its indentation goes into no other (Python-Markdown's
            # `detabbed` state; a box reads the items in it itself).
            self.start, self.rest_of = True, stack[-1] if self.in_list else block
            self.into_items = self.in_list or all(group[0].kind != "item"
                                                  for group in _groups(_chain(stack, self.rest_of)))
        elif (self.block_line == 0 or self.in_list) and _LIST_ITEM.match(text, column // 4 * 4) and \
                column // 4 <= len(stack) - 1 - stack.index(block):
            # A list's items nest by four columns within the block that holds the list.
            del stack[stack.index(block) + 1 + column // 4:]
            stack.append(_Container(block.col + 4 * (column // 4 + 1), "item"))
            self.in_list = True

    def _end_footnote(self) -> None:
        if self.footnote is not None:
            inside = self.block in self.stack[self.stack.index(self.footnote[1]) + 1:]
            self.stack, reader = self.footnote[0], self.footnote[1]
            self.block = reader if inside else self.block
            self.footnote, self.indented = None, None


def _read(stack: list[_Container], container: _Container, indent: int) -> tuple[_Container, int, bool]:
    """Where a line indented `indent` lands when `container` reads it: the container that reads
    it, its indentation there, and whether a box cut it off. Each container on the way strips its
    indentation: a run of nested list items all of it or nothing (Python-Markdown's looseDetab),
    a footnote four columns where a line has them; a box, with the list items in it on the way,
    all of theirs, or the line ends the box's body and the box's container reads it."""
    column = indent
    for group in _groups(_chain(stack, container)):
        if column >= 4 * len(group):
            column -= 4 * len(group)
        elif group[0].kind == "box":
            return stack[stack.index(group[0]) - 1], column, True
    return container, column, False


def _groups(chain: list[_Container]) -> list[list[_Container]]:
    """The containers of a chain as Python-Markdown strips their indentation, each group at once:
    a run of list items, a box with the run of list items right in it, or a footnote."""
    groups: list[list[_Container]] = []
    for container in chain:
        if groups and container.kind == "item" and groups[-1][0].kind in ("item", "box"):
            groups[-1].append(container)
        else:
            groups.append([container])
    return groups


def _land(stack: list[_Container], reader: _Container, indent: int, into_items: bool = True) -> tuple[_Container, int]:
    """The container that reads a block whose first line is indented `indent`, when it is one of
    `reader`'s blocks, and the line's indentation there: it goes into the containers open in
    `reader` as deep as its indentation takes it (a list item's or a box's continuation)."""
    while indent < reader.col:
        container, column, cut = _read(stack, reader, indent)
        if not cut:
            return container, column
        reader = container
    block = reader
    for container in stack[stack.index(reader) + 1:]:
        if container.col > indent or (container.kind == "item" and not into_items):
            break
        block = container
    return block, indent - block.col


def _chain(stack: list[_Container], container: _Container) -> list[_Container]:
    """The containers that `container`'s lines pass through, from the page or the innermost
    `<div markdown>` (where lines start at the margin again)."""
    top = stack.index(container)
    base = max(n for n in range(top + 1) if stack[n].kind in ("page", "html"))
    return stack[base + 1:top + 1]


def _fences(lines: list[str]) -> dict[int, int]:
    """Fenced blocks as superfences finds them, before Markdown reads anything else: the first
    line of each, and its last. Its lines are indented at least as its opening fence (else it is
    abandoned there), and it ends at the same fence, indented the same: an unclosed one is text."""
    fences, opened = {}, None
    for number, line in enumerate(lines):
        expanded = line.rstrip("\r").expandtabs(4)
        if opened is None:
            if (fence := _FENCE.match(expanded)) and _FENCE_INFO.match(expanded, fence.end()):
                opened = (number, fence.start(1), fence.group(1))
            continue
        first, indent, fence = opened
        if not expanded.strip(" "):
            continue
        if len(expanded) - len(expanded.lstrip(" ")) < indent:
            opened = None
        elif re.fullmatch(rf"{re.escape(fence)}[ \t]*", expanded[indent:]):
            fences[first], opened = number, None
    return fences


def _close_inside(stack: list[_Container], container: _Container) -> None:
    """Close every container inside `container` (a block of its own ends them)."""
    while stack[-1] is not container:
        stack.pop()


def _html_block(stack: list[_Container], start: re.Match, line: str) -> tuple[tuple[str, int] | None, bool]:
    """A block-level tag at the start of a line begins a block of HTML (md_in_html reads it before
    any other block, wherever it stands): the raw block it opens, if its content is not Markdown,
    and whether it is a `<div markdown>` whose content is, read from the margin."""
    tag, attributes = start.group(1).lower(), start.group(2)
    while stack[-1].kind not in ("page", "html"):
        stack.pop()
    if tag == "hr":
        return None, False
    markdown = _MARKDOWN_ATTRIBUTE.search(attributes)
    value = (markdown.group(2) or "markdown") if markdown else "0"
    if (value in ("1", "markdown") and tag not in _RAW_TAGS | _SPAN_TAGS) or \
            (value == "block" and tag not in _RAW_TAGS):
        stack.append(_Container(0, "html", tag))
        return None, True
    return _raw_depth(tag, 0, line), False


def _tail(tag: str, line: str) -> bool:
    """Whether text follows, on its last line, the end of a raw block: it starts the next block."""
    return bool(re.split(rf"</{tag}\s*>", line, flags=re.IGNORECASE)[-1].strip()) and \
        bool(re.search(rf"</{tag}\s*>", line, re.IGNORECASE))


def _raw_depth(tag: str, depth: int, line: str) -> tuple[str, int] | None:
    """The raw block after `line`, or None once its tag is closed."""
    depth += len(re.findall(rf"<{tag}(?=[\s/>]|$)", line, re.IGNORECASE))
    depth -= len(re.findall(rf"</{tag}\s*>", line, re.IGNORECASE))
    return (tag, depth) if depth > 0 else None


def find_citations(text: str, masked: str | None = None) -> list[Citation]:
    """Every `[@...]` group outside code, in order, with its keys or what is wrong with it."""
    masked = mask_code(text) if masked is None else masked
    found, lines = [], Lines(text)
    for match in BRACKET.finditer(masked):
        read = read_citation(match.group(1))
        if read is None:
            continue
        if masked.startswith(":", match.end()) and \
                re.match(r"[ ]{0,3}\[", masked[masked.rfind("\n", 0, match.start()) + 1:match.end()]):
            continue  # a reference-style link definition `[@x]: url`
        keys, error = read
        found.append(Citation(match.start(), match.end(), lines.line(match.start()), lines.col(match.start()),
                              keys, error))
    raw = raw_html_lines(masked) if found else set()
    for citation in found:
        if citation.error is None and citation.line - 1 in raw:
            citation.error = (f"'{text[citation.start:citation.end]}' is inside a block of HTML, which Markdown "
                              "does not read, so readers would see it as written; write it in the text outside "
                              "the block (or, with md_in_html, open the block as <div markdown>)")
    return found


def read_citation(inner: str) -> tuple[list[str], str | None] | None:
    """The keys of a bracket group's text (`@a; @b`) and what is wrong with it, or None for
    brackets that cite nothing. One grammar for the scan and for Markdown's parse (citation_markdown)."""
    if "@" not in inner or not _AT_WORD.search(inner):
        return None  # ordinary brackets, or an e-mail address in brackets
    items = [item.strip() for item in inner.split(";")]
    keys = [m.group(1) for m in map(_CITATION_ITEM.match, items) if m]
    if len(keys) != len(items):
        return keys, (f"cannot read citation '[{inner}]': write each source as @key, separated by"
                      " semicolons, e.g. [@smith1987; @bell2009], with any other words outside the brackets")
    if any(key.startswith(CROSS_REFERENCE_PREFIXES) for key in keys) and len(keys) > 1:
        return keys, f"write one cross-reference per bracket, not '[{inner}]'"
    return keys, None


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
