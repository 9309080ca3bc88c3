"""What a cross-reference's preview shows: the table, figure, section or editor's note it leads
to, cut from the rendered page that holds it.

Core module (imports nothing from MkDocs). The build writes each preview into the pages that
link to it (`steps/previews.py`), so previews need no fetch: they work from file:// and under
the Content-Security-Policy. A preview is a copy: it carries no ids (they stay unique on the
page) and no descriptions pointing at ids of its own page.
"""

from __future__ import annotations

from collections.abc import Callable

from selectolax.lexbor import LexborHTMLParser, LexborNode

HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}


def target_html(document: LexborHTMLParser, anchor: str, rebase: Callable[[str], str]) -> str | None:
    """The HTML a preview of `#anchor` shows: a caption with its table or figure, a heading with
    the paragraph after it, an editor's note whole; None where the page has no such element.
    `document`: the rendered page that holds it, parsed once for all its previews (each copy is
    made from a clone, so the document stays as the page is). `rebase` turns each link of the copy
    into one that works from the page the preview is on."""
    target = document.css_first(f'[id="{_quoted(anchor)}"]')
    if target is None:
        return None
    parts = [target]
    if target.tag == "p" and "caption" in (target.attributes.get("class") or "").split():
        parts.append(_next_element(target))  # the table or the figure's paragraph, below its caption
    elif target.tag in HEADINGS:
        parts.append(_next_element(target))  # the section's first paragraph
    parts = [part.clone() for part in parts if part is not None]
    for part in parts:
        _as_copy(part, rebase)
    # A section's title as the preview's first line, not a heading of the page it is shown on.
    return "".join(f'<p><strong>{part.inner_html}</strong></p>' if part.tag in HEADINGS else part.html
                   for part in parts)


# Helper functions


def _next_element(node: LexborNode) -> LexborNode | None:
    sibling = node.next
    while sibling is not None and sibling.tag in ("-text", "-comment"):
        sibling = sibling.next
    return sibling if sibling is not None and sibling.tag not in HEADINGS else None


def _as_copy(root: LexborNode, rebase: Callable[[str], str]) -> None:
    for node in list(root.traverse()):  # the root first, then every element inside it
        attributes = node.attributes  # a new dict at each call: read once
        if not attributes:
            continue
        if node.tag == "a" and "headerlink" in (attributes.get("class") or "").split():
            node.decompose()
            continue
        for name in ("id", "aria-describedby"):
            if name in attributes:
                del node.attrs[name]
        for name in ("href", "src"):
            if attributes.get(name) is not None:
                node.attrs[name] = rebase(attributes[name])


def _quoted(value: str) -> str:
    return value.replace("\\", "\\\\").replace('"', '\\"')
