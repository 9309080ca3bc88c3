"""Citations and cross-references as Python-Markdown reads a page: an inline pattern.

Core module (imports Python-Markdown, nothing of MkDocs), used by the `citations` step and `make check`.
Markdown's own parse decides where a `[@...]` group is text, so code of every kind (spans,
indented and fenced blocks), raw HTML blocks and link definitions are left alone by construction.
The rules, the numbers and the lines authors are told stay with the scan of the sources
(`markdown_source.find_citations`), which needs no build; `unread_citations` compares the two, so
a citation the scan counts but Markdown never reads as text is reported where it is written.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from markdown import Markdown
from markdown.extensions import Extension
from markdown.inlinepatterns import InlineProcessor
from markdown.treeprocessors import Treeprocessor

from .author_errors import Problem
from .markdown_source import BRACKET, CROSS_REFERENCE_PREFIXES, Citation, read_citation

# After code spans (190) and backslash escapes (180), which win over a citation; before links
# (160), so that `[@x]` inside a link's text is a citation, as the scan reads it.
PATTERN_PRIORITY = 172
ORDER_PRIORITY = 19  # right after the inline patterns (20): every group is in the tree, in place


@dataclass
class PageCitations:
    """What the page being converted does with each group; what its parse met, in document order.

    `cite(keys, space)` returns what replaces a citation group (a placeholder, or None to leave it
    as written); `refer(label)` the text and link of a cross-reference (None: leave it as written);
    `placed(tokens)` receives the groups' tokens in the order readers meet them, once the page is parsed."""

    cite: Callable[[list[str], str], str | None]
    refer: Callable[[str], tuple[str, str] | None]
    placed: Callable[[list[str]], None] = lambda tokens: None
    token: re.Pattern | None = None  # what `cite` returns, to find the groups again in document order
    link_class: str = ""  # the class of a cross-reference's link (keyed: html_policy.ContentRules)
    written: list[str] = field(default_factory=list)  # each group's keys as read, in the order met


class ReviewMarkdown(Extension):
    """Registered once per build; `page` is set for the page being converted (MkDocs makes one
    Markdown instance per page, with the same extension objects)."""

    def __init__(self) -> None:
        super().__init__()
        self.page: PageCitations | None = None

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 (Python-Markdown's name)
        md.inlinePatterns.register(_GroupPattern(self), "living_review_citations", PATTERN_PRIORITY)
        md.treeprocessors.register(_DocumentOrder(md, self), "living_review_citation_order", ORDER_PRIORITY)


def unread_citations(page_path: str, scanned: list[Citation], read: list[str]) -> list[Problem]:
    """Citations the scan found in the source that Markdown's parse never met as text (inside a
    block of raw HTML or a link's definition), where readers would see `[@key]` as written.
    The parse does not know lines: where a group is written several times, the last ones are named."""
    unmet = Counter(" ".join(citation.keys) for citation in scanned if not citation.error)
    unmet.subtract(read)
    problems = []
    for citation in reversed(scanned):
        written = " ".join(citation.keys)
        if not citation.error and unmet[written] > 0:
            unmet[written] -= 1
            problems.append(Problem(page_path, citation.line, citation.col, _unread(citation)))
    return problems[::-1]


# Helper types


class _GroupPattern(InlineProcessor):
    def __init__(self, extension: ReviewMarkdown) -> None:
        super().__init__(BRACKET.pattern)
        self.extension = extension

    def handleMatch(self, match: re.Match, data: str):  # noqa: N802 (Python-Markdown's name)
        page, read = self.extension.page, read_citation(match.group(1))
        if page is None or read is None or read[1] is not None:
            return None, None, None  # no page to cite for, ordinary brackets, or an unreadable group
        keys = read[0]
        page.written.append(" ".join(keys))
        if keys[0].startswith(CROSS_REFERENCE_PREFIXES):
            target = page.refer(keys[0]) if len(keys) == 1 else None
            if target is None:
                return None, None, None
            attributes = {"href": target[1], "class": page.link_class} if page.link_class else {"href": target[1]}
            link = etree.Element("a", attributes)
            link.text = target[0]  # read as Markdown, as a link's text: abbreviations, emphasis
            return link, match.start(), match.end()
        # The space before the marker goes with it: search then reads "ended." and not "ended .".
        space = " " if data[match.start() - 1:match.start()] == " " else ""
        replacement = page.cite(keys, space)
        if replacement is None:
            return None, None, None
        return replacement, match.start() - len(space), match.end()


class _DocumentOrder(Treeprocessor):
    """The groups in the order readers meet them: Markdown parses nested blocks after their
    parent's text, so the order of `handleMatch` calls is not the page's."""

    def __init__(self, md: Markdown, extension: ReviewMarkdown) -> None:
        super().__init__(md)
        self.extension = extension

    def run(self, root: etree.Element) -> None:
        page = self.extension.page
        if page is not None and page.token is not None:
            page.placed([token.group(0) for text in _in_order(root) for token in page.token.finditer(text)])


def _in_order(parent: etree.Element):
    """Every text inside `parent` in document order: each child's text, its children, its tail."""
    if parent.text:
        yield parent.text
    for element in parent:
        yield from _in_order(element)
        if element.tail:
            yield element.tail


def _unread(citation: Citation) -> str:
    written = "; ".join(f"@{key}" for key in citation.keys)
    return (f"Markdown does not read '[{written}]' here as text (in a link's definition, say), so readers "
            "would not see it as a citation; move it into the text")
