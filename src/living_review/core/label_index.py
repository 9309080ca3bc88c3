"""Number tables and figures across the site and check every cross-reference to a label.

Core module (imports nothing from MkDocs), shared by the `cross_references` step and `make check`.
Labels: a caption `Table: ... {#tbl:x}` / `Figure: ... {#fig:x}`, or a heading `## T {#x}`
(label `sec:x`). Tables and figures are numbered in reading order across the whole site.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .author_errors import Problem, did_you_mean
from .build_model import SourcePage, Target

KINDS = {"tbl": "Table", "fig": "Figure"}


def index_labels(pages: list[SourcePage]) -> tuple[dict[str, Target], list[Problem]]:
    """Every label with what it renders as, and the problems: repeated labels, unknown references."""
    targets: dict[str, Target] = {}
    defined: dict[str, str] = {}
    counts = dict.fromkeys(KINDS, 0)
    problems = []
    for page in pages:
        for label in page.labels:
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
    unknown = [(page, citation) for page in pages for citation in page.citations
               if citation.is_cross_reference and not citation.error and citation.keys[0] not in targets]
    captions = _captions_without_label(pages, {citation.keys[0].split(":", 1)[0] for _, citation in unknown})
    problems += captions.problems
    for page, citation in unknown:
        kind = citation.keys[0].split(":", 1)[0]
        problems.append(Problem(page.path, citation.line, citation.col, unknown_label(citation.keys[0], targets),
                                follows=captions.first.get(kind)))
    return targets, problems


@dataclass
class _UnlabeledCaptions:
    problems: list[Problem]
    first: dict[str, str]  # kind -> where its first caption without a label is


def _captions_without_label(pages: list[SourcePage], kinds: set[str]) -> _UnlabeledCaptions:
    """Captions of a kind some cross-reference cannot find, written without their label: the likely
    cause, reported at the caption with the references that need a label."""
    found = _UnlabeledCaptions([], {})
    wanted: dict[str, list[tuple[str, str]]] = {kind: [] for kind in kinds & set(KINDS)}  # (label, where)
    for page in pages:
        for citation in page.citations:
            kind = citation.keys[0].split(":", 1)[0] if citation.is_cross_reference and citation.keys else ""
            if kind in wanted and citation.keys[0] not in (label for label, _ in wanted[kind]):
                wanted[kind].append((citation.keys[0], f"[@{citation.keys[0]}] ({page.path}:{citation.line})"))
    for page in pages:
        for match in _UNLABELED_CAPTION.finditer(page.masked):
            kind = {name: kind for kind, name in KINDS.items()}[match.group(1)]
            if kind not in wanted:
                continue
            line = page.masked.count("\n", 0, match.start()) + 1
            found.first.setdefault(kind, f"{page.path}:{line}")
            labels = [label for label, _ in wanted[kind]]
            example = labels[0] if len(labels) == 1 else f"{kind}:name"
            found.problems.append(Problem(page.path, line, 1, f"this caption has no label, so no cross-reference can "
                                          f"refer to it; end it with one, e.g. '{match.group(0).rstrip()} "
                                          f"{{#{example}}}' (references that need one: "
                                          f"{', '.join(where for _, where in wanted[kind])})"))
    return found


_UNLABELED_CAPTION = re.compile(r"^(Table|Figure):[ \t]+(?![^\n]*\{#(?:tbl|fig):)[^\n]*\S[^\n]*$", re.MULTILINE)


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
