"""Number tables and figures across the site and check every cross-reference to a label.

Library module (not a hook), shared by the `cross_references` hook and `make check`.
Labels: a caption `Table: ... {#tbl:x}` / `Figure: ... {#fig:x}`, or a heading `## T {#x}`
(label `sec:x`). Tables and figures are numbered in reading order across the whole site.
"""

from __future__ import annotations

import re

from author_errors import Problem, did_you_mean
from markdown_source import find_labels
from site_registry import SourcePage, Target

KINDS = {"tbl": "Table", "fig": "Figure"}


def index_labels(pages: list[SourcePage]) -> tuple[dict[str, Target], list[Problem]]:
    """Every label with what it renders as, and the problems: repeated labels, unknown references."""
    targets: dict[str, Target] = {}
    defined: dict[str, str] = {}
    counts = dict.fromkeys(KINDS, 0)
    problems = []
    for page in pages:
        for label in find_labels(page.text, page.masked):
            if label.label in defined:
                problems.append(Problem(page.path, label.line, 1, f"label '{label.label}' is already defined at "
                                                                  f"{defined[label.label]}; labels must be unique: "
                                                                  "rename one"))
                continue
            defined[label.label] = f"{page.path}:{label.line}"
            kind = label.label.split(":", 1)[0]
            if kind in KINDS and not _caption_precedes_its_object(page.text, label.end, kind):
                problems.append(Problem(page.path, label.line, 1, _misplaced_caption(page.text, label.start, kind)))
            if kind in KINDS:
                counts[kind] += 1
                text = f"{KINDS[kind]} {counts[kind]}"
            else:
                text = plain_title(label.title)
            targets[label.label] = Target(page.src_uri, label.anchor, text)
    for page in pages:
        for citation in page.citations:
            if citation.is_cross_reference and not citation.error and citation.keys[0] not in targets:
                problems.append(Problem(page.path, citation.line, citation.col,
                                        unknown_label(citation.keys[0], targets)))
    return targets, problems


def unknown_label(label: str, targets) -> str:
    """What is wrong with a cross-reference to a label nobody defines, and how to define it."""
    kind, name = label.split(":", 1)
    same_kind = [known for known in targets if known.startswith(f"{kind}:")]
    wrong = f"unknown cross-reference '{label}'{did_you_mean(label, same_kind)}"
    if kind in KINDS:
        where = "table" if kind == "tbl" else "image"
        return (f"{wrong}: no caption has {{#{label}}}; to define it, write '{KINDS[kind]}: Caption. {{#{label}}}' "
                f"on the line above the {where}")
    return f"{wrong}: no heading has {{#{name}}}; to define it, give the heading that id: '## Title {{#{name}}}'"


# What a caption line must look like from its end: a blank line, then the table or the image.
_CAPTION_PLACEMENT = {
    "tbl": "a table caption must be followed by a blank line and then the table (lines starting with |)",
    "fig": "a figure caption must be followed by a blank line and then the image: ![alt text](figures/file.svg)",
}
_OBJECT = {"tbl": ("|", "table"), "fig": ("![", "image")}


def _caption_precedes_its_object(text: str, caption_end: int, kind: str) -> bool:
    after = text[caption_end:].split("\n", 3)  # the rest of the caption's line, a blank line, the object
    if len(after) < 3 or after[0].strip() or after[1].strip():
        return False
    return after[2].lstrip().startswith(_OBJECT[kind][0])


def _misplaced_caption(text: str, caption_start: int, kind: str) -> str:
    """Says to move a caption found right below its table or image; else how a caption must stand."""
    before = [line for line in text[:caption_start].split("\n")[-3:-1] if line.strip()]
    start, name = _OBJECT[kind]
    if before and before[-1].lstrip().startswith(start):
        return f"this caption is below its {name}; move the caption above the {name}, with a blank line between them"
    return _CAPTION_PLACEMENT[kind]


def plain_title(title: str) -> str:
    """A heading's text without citations or Markdown emphasis, for use as link text."""
    title = re.sub(r"\s*\[@[^\]]*\]", "", title)
    return re.sub(r"[*_`]", "", title).strip()
