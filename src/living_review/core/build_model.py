"""Build-wide facts that several hooks share: the bibliography, citation numbers, labels.

Library module (not a hook). MkDocs loads each hook as its own module, so the hooks exchange
data through this one. `mkdocs serve` keeps the process between rebuilds: `reset()` runs at the
start of every build (from the `bibliography` hook's `on_config`).
"""

from __future__ import annotations

import os
import re
import secrets
from dataclasses import dataclass, field
from functools import cached_property

import author_errors
import finished_page
from markdown_source import Citation, find_citations, mask_code


@dataclass
class SourcePage:
    """A Markdown page as authors wrote it: where it is, its title, its whole text."""

    src_uri: str  # path inside docs/, e.g. `04-pharmacokinetics.md`
    path: str  # path as authors see it, e.g. `docs/04-pharmacokinetics.md`
    title: str
    text: str

    # Several hooks scan every page before rendering; each page is masked and scanned once.
    @cached_property
    def masked(self) -> str:
        return mask_code(self.text)

    @cached_property
    def citations(self) -> list[Citation]:
        return find_citations(self.text, self.masked)


@dataclass(slots=True)  # thousands of them on a large site
class CitationSite:
    """One place a work is cited: the page, the marker's HTML id, the source line."""

    src_uri: str
    page_title: str
    anchor: str
    line: int


@dataclass(slots=True)  # thousands of them on a large site
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
    deferred: dict[str, list[str]] = field(default_factory=dict)  # page -> HTML held back, see defer()
    reported_links: set[tuple[str, str]] = field(default_factory=set)  # (page, link as written) reported
    # This build's secret: placeholders and the names Markdown writes for the build carry it, so that
    # no page can forge them (html_policy.ContentRules). Never written into the site.
    key: str = field(default_factory=lambda: "k" + secrets.token_hex(8))  # a word: Markdown takes it in names
    pages_with_own_list: set[str] = field(default_factory=set)  # pages that get a list of the works they cite
    media_files: object = None  # media_rules.SiteFiles: the files under docs/, once per build
    page_paths: dict[str, str] = field(default_factory=dict)  # page URL -> its source as authors see it
    theme_env: object = None  # the theme's Jinja environment, once MkDocs has made it
    theme_scripts: dict[str, frozenset[str]] = field(default_factory=dict)  # base URL -> the theme's inline scripts


registry = Registry()


def reset() -> None:
    global registry
    registry = Registry()


def current() -> Registry:
    return registry


# Deferred HTML: markup that goes into a page only after the search plugin has indexed it.
# Search needs a page's words, not its citation markers or a list of thousands of references:
# parsing those tags cost the build more than everything else the citations do. Markdown and
# the search parser see a placeholder instead: a private-use character sequence in Markdown (which
# Markdown leaves alone), then, once the sanitizer has run, an HTML comment (which search skips);
# `fill()` puts the markup in. The placeholder carries the build's key and its number, both in
# private-use characters: no page can write one (not even as character references), and Markdown
# drops them from a heading's id, which then does not depend on how many citations come before it.
# Comments are refused in pages, so after the sanitizer every comment is one of these.
_DIGITS = "".join(chr(0xE010 + digit) for digit in range(10))
_KEY_DIGITS = "".join(chr(0xE020 + digit) for digit in range(16))
_TO_PRIVATE, _FROM_PRIVATE = str.maketrans("0123456789", _DIGITS), str.maketrans(_DIGITS, "0123456789")
_KEY_TO_PRIVATE = str.maketrans("k0123456789abcdef", "\ue01f" + _KEY_DIGITS)
_COMMENT = re.compile("<!--deferred (\\d+)-->")


def defer(src_uri: str, html: str) -> str:
    """Hold `html` back for the page; put the returned placeholder where it belongs."""
    held = registry.deferred.setdefault(src_uri, [])
    held.append(html)
    return f"\ue000{registry.key.translate(_KEY_TO_PRIVATE)}{str(len(held) - 1).translate(_TO_PRIVATE)}\ue001"


def hide(text: str) -> str:
    """Placeholders in sanitized HTML become comments, which the search index skips."""
    return _placeholder().sub(lambda match: f"<!--deferred {match.group(1).translate(_FROM_PRIVATE)}-->", text)


def _placeholder() -> re.Pattern:
    return re.compile(f"\ue000{registry.key.translate(_KEY_TO_PRIVATE)}([{_DIGITS}]+)\ue001")


def fill(content: str, src_uri: str) -> str:
    """The page's HTML with everything held back put in place."""
    held = registry.deferred.get(src_uri)
    return _COMMENT.sub(lambda match: held[int(match.group(1))], content) if held else content


def source_pages(nav, files, config) -> list[SourcePage]:
    """Every page's source in reading order, read once per build (several hooks need them)."""
    if not registry.pages:
        docs = author_errors.project_path(config.docs_dir, config.config_file_path)
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


# The theme's inline scripts: what the finished-page check and the Content-Security-Policy allow.


def theme_scripts(config, base_url: str) -> frozenset[str]:
    """The theme's inline scripts for pages at `base_url`, rendered once per base URL and build."""
    if base_url not in registry.theme_scripts:
        env = registry.theme_env or config.theme.get_env()
        registry.theme_scripts[base_url] = finished_page.shipped_inline_scripts(env, config, base_url)
    return registry.theme_scripts[base_url]

