"""Build-wide facts that several hooks share: the bibliography, citation numbers, labels.

Library module (not a hook). MkDocs loads each hook as its own module, so the hooks exchange
data through this one. `mkdocs serve` keeps the process between rebuilds: `reset()` runs at the
start of every build (from the `bibliography` hook's `on_config`).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field


@dataclass
class SourcePage:
    """A Markdown page as authors wrote it: where it is, its title, its whole text."""

    src_uri: str  # path inside docs/, e.g. `04-pharmacokinetics.md`
    path: str  # path as authors see it, e.g. `docs/04-pharmacokinetics.md`
    title: str
    text: str


@dataclass
class CitationSite:
    """One place a work is cited: the page, the marker's HTML id, the source line."""

    src_uri: str
    page_title: str
    anchor: str
    line: int


@dataclass
class Target:
    """What a cross-reference label points at."""

    src_uri: str
    anchor: str
    text: str  # "Table 1", "Figure 1", or a heading's title


@dataclass
class Registry:
    formatted: dict[str, str] = field(default_factory=dict)  # key -> reference HTML; its keys: the works
    scholar: dict[str, str] = field(default_factory=dict)  # key -> Google Scholar citation_reference
    defined_at: dict[str, tuple[str, int]] = field(default_factory=dict)  # key -> (bib path, line)
    numbers: dict[str, int] = field(default_factory=dict)  # key -> site-wide number
    sites: dict[str, list[CitationSite]] = field(default_factory=dict)  # key -> where cited
    targets: dict[str, Target] = field(default_factory=dict)  # label -> target
    pages: list[SourcePage] = field(default_factory=list)  # in reading order, read once per build


registry = Registry()


def reset() -> None:
    global registry
    registry = Registry()


def current() -> Registry:
    return registry


def source_pages(nav, files, docs: str) -> list[SourcePage]:
    """Every page's source in reading order, read once per build (several hooks need them)."""
    if not registry.pages:
        titles = {page.file.src_uri: page.title for page in nav.pages}
        for file in pages_in_reading_order(nav, files):
            text = file.content_string
            registry.pages.append(SourcePage(file.src_uri, f"{docs}/{file.src_uri}",
                                             page_title(file, text, titles.get(file.src_uri)), text))
    return registry.pages


def pages_in_reading_order(nav, files) -> list:
    """Documentation files in nav order, then any page missing from the nav, by path.
    Pages that plugins generate without a Markdown source (the print page) are left out."""
    in_nav = [page.file for page in nav.pages if _has_source(page.file)]
    seen = {file.src_uri for file in in_nav}
    rest = sorted((f for f in files.documentation_pages() if f.src_uri not in seen), key=lambda f: f.src_uri)
    return in_nav + rest


def _has_source(file) -> bool:
    return file.abs_src_path is None or os.path.isfile(file.abs_src_path)


def page_title(file, source: str, nav_title: str | None) -> str:
    """The title a reader sees for a page: the nav's, else the page's first `# ` heading."""
    if nav_title:
        return nav_title
    for line in source.splitlines():
        if line.startswith("# "):
            return line[2:].split("{")[0].strip()
    return file.name.replace("-", " ").capitalize()
