"""The build model: what one build knows (the bibliography, citation numbers, labels, problems).

Engine-free: the MkDocs plugin and `make check` each make one `Build` per build and pass it to
every step; nothing is kept between builds (`mkdocs serve` makes a new one each time).
"""

from __future__ import annotations

import os
import re
import secrets
from dataclasses import dataclass, field
from functools import cached_property

from . import finished_page
from .author_errors import Problem, log, project_path
from .markdown_source import Citation, Label, Link, find_citations, find_labels, find_links, mask_code


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

    @cached_property
    def links(self) -> list[Link]:
        return find_links(self.text, self.masked)

    @cached_property
    def labels(self) -> list[Label]:
        return find_labels(self.text, self.masked)


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
class Build:
    """Everything one build knows, made anew for every build (so `mkdocs serve` needs no reset).

    The plugin makes one at the start of each build and passes it to every step; `make check`
    makes one too. The fields are grouped by the step that fills them."""

    settings: object = None  # the plugin's typed config (living_review.config.ReviewConfig)
    problems: list[Problem] = field(default_factory=list)  # every author mistake reported, in order
    # The bibliography and what is cited where.
    bib_files: list[tuple[str, bytes]] = field(default_factory=list)  # (path as authors see it, bytes), read once
    formatted: dict[str, str] = field(default_factory=dict)  # key -> reference HTML; its keys: the works
    scholar: dict[str, str] = field(default_factory=dict)  # key -> Google Scholar citation_reference
    defined_at: dict[str, tuple[str, int]] = field(default_factory=dict)  # key -> (bib path, line)
    numbers: dict[str, int] = field(default_factory=dict)  # key -> site-wide number
    sites: dict[str, list[CitationSite]] = field(default_factory=dict)  # key -> where cited
    cited: dict[str, dict[str, list[str]]] = field(default_factory=dict)  # page -> cited key -> its markers' ids
    pages_with_own_list: set[str] = field(default_factory=set)  # pages that get a list of the works they cite
    list_urls: list[str] = field(default_factory=list)  # pages that hold the full list, for their search entries
    citation_markdown: object = None  # citation_markdown.ReviewMarkdown: Markdown's parse of the groups
    targets: dict[str, Target] = field(default_factory=dict)  # label -> target
    pages: list[SourcePage] = field(default_factory=list)  # in reading order, read once per build
    texts: dict[str, str] = field(default_factory=dict)  # path inside docs/ -> its source, see source_text()
    page_by_uri: dict[str, SourcePage] = field(default_factory=dict)  # the same pages, by path inside docs/
    reading_order: list[str] = field(default_factory=list)  # every page with a source, as readers go through them
    rendered: dict[str, object] = field(default_factory=dict)  # page -> its Page once rendered (for the print page)
    deferred: dict[str, list[str]] = field(default_factory=dict)  # page -> HTML held back, see defer()
    # Pages with a part to play (print, references, changelog, about) -> their path inside docs/.
    roles: dict[str, str | None] = field(default_factory=dict)
    # Editor's notes and claims without a source, found before any page is rendered.
    notes: list = field(default_factory=list)  # editor_note_index.EditorNote, in reading order
    claims: object = None  # clinical_claim_index.Index
    # Links: those reported (MkDocs' unlocated duplicate is dropped), those to check once ids are known.
    reported_links: set[tuple[str, str]] = field(default_factory=set)  # (page, link as written) reported
    anchored: list = field(default_factory=list)  # link_rules.AnchorLink
    ids: dict[str, set[str]] = field(default_factory=dict)  # page -> the ids readers get
    # This build's secret: placeholders and the names Markdown writes for the build carry it, so that
    # no page can forge them (html_policy.ContentRules). Never written into the site.
    key: str = field(default_factory=lambda: "k" + secrets.token_hex(8))  # a word: Markdown takes it in names
    refused_files: list[str] = field(default_factory=list)  # files under docs/ refused, by their place in the site
    media_files: object = None  # media_rules.SiteFiles: the files under docs/, once per build
    page_paths: dict[str, str] = field(default_factory=dict)  # page URL -> its source as authors see it
    theme_env: object = None  # the theme's Jinja environment, once MkDocs has made it
    theme_scripts_by_base: dict[str, frozenset[str]] = field(default_factory=dict)  # base URL -> inline scripts
    clean_pages: object = None  # clean_pages.CleanPages: pages judged clean before, unchanged since
    policies: dict[tuple, str] = field(default_factory=dict)  # (base URL, shim's worker) -> the CSP <meta>
    shim: dict[str, str] = field(default_factory=dict)  # the offline search shim (`source`) and its worker
    edition: dict = field(default_factory=dict)  # which edition this is, its history (steps/edition.py)
    # The site's name and author as mkdocs.yml gives them, before theme_values escapes them for the
    # theme: text for what is not HTML (the feed, whose library escapes what it writes).
    site_text: dict[str, str | None] = field(default_factory=dict)

    # Reporting: every step reports through here, so the verdict counts them all.

    def report(self, path: str, line: int, message: str, *, col: int = 1, severity: str = "error") -> Problem:
        """Log one located problem (a warning for MkDocs, which `--strict` turns into a failure)."""
        problem = Problem(path, line, col, message, severity)
        self.problems.append(problem)
        log.warning(str(problem))
        return problem

    def report_problem(self, problem: Problem) -> Problem:
        return self.report(problem.path, problem.line, problem.message, col=problem.col, severity=problem.severity)

    def report_all(self, problems) -> None:
        for problem in problems:
            self.report_problem(problem)

    @property
    def errors(self) -> int:
        return sum(problem.severity == "error" for problem in self.problems)

    # Deferred HTML (see below).

    def defer(self, src_uri: str, html: str) -> str:
        """Hold `html` back for the page; put the returned placeholder where it belongs."""
        held = self.deferred.setdefault(src_uri, [])
        held.append(html)
        return f"\ue000{self.key.translate(_KEY_TO_PRIVATE)}{str(len(held) - 1).translate(_TO_PRIVATE)}\ue001"

    def put(self, src_uri: str, placeholder: str, html: str) -> None:
        """What a placeholder `defer` gave stands for, once it is known (a marker's id comes from
        where the parse puts it)."""
        number = self.placeholders.fullmatch(placeholder).group(1)
        self.deferred[src_uri][int(number.translate(_FROM_PRIVATE))] = html

    @cached_property
    def placeholders(self) -> re.Pattern:
        """What `defer` returns: the build's key and a number, in private-use characters."""
        return re.compile(f"\ue000{self.key.translate(_KEY_TO_PRIVATE)}([{_DIGITS}]+)\ue001")

    def hide(self, text: str) -> str:
        """Placeholders in sanitized HTML become comments, which the search index skips."""
        return self.placeholders.sub(lambda match: f"<!--deferred {match.group(1).translate(_FROM_PRIVATE)}-->", text)

    def fill(self, content: str, src_uri: str) -> str:
        """The page's HTML with everything held back put in place."""
        held = self.deferred.get(src_uri)
        return _COMMENT.sub(lambda match: held[int(match.group(1))], content) if held else content

    def source_pages(self, nav, files, config) -> list[SourcePage]:
        """Every page's source in reading order, read once per build (several steps need them)."""
        if not self.pages:
            docs = project_path(config.docs_dir, config.config_file_path)
            titles = {page.file.src_uri: page.title for page in nav.pages}
            for file in pages_in_reading_order(nav, files):
                text = self.source_text(file)
                self.pages.append(SourcePage(file.src_uri, f"{docs}/{file.src_uri}",
                                             page_title(file, text, titles.get(file.src_uri)), text))
                self.page_by_uri.setdefault(file.src_uri, self.pages[-1])
        return self.pages

    def source_text(self, file) -> str:
        """A documentation file's text, read from disk once per build: MkDocs' `content_string`
        reads the file again at every call, and several steps read every page."""
        if file.src_uri not in self.texts:
            self.texts[file.src_uri] = file.content_string
        return self.texts[file.src_uri]

    def theme_scripts(self, config, base_url: str) -> frozenset[str]:
        """The theme's inline scripts for pages at `base_url`, rendered once per base URL and build:
        what the finished-page check and the Content-Security-Policy allow."""
        if base_url not in self.theme_scripts_by_base:
            env = self.theme_env or config.theme.get_env()
            self.theme_scripts_by_base[base_url] = finished_page.shipped_inline_scripts(env, config, base_url)
        return self.theme_scripts_by_base[base_url]


# Deferred HTML (Build.defer, hide, fill): markup that goes into a page only after the search plugin has indexed it.
# Search needs a page's words, not its citation markers or a list of thousands of references:
# parsing those tags cost the build more than everything else the citations do. Markdown and
# the search parser see a placeholder instead: a private-use character sequence in Markdown (which
# Markdown leaves alone), then, once the sanitizer has run, an HTML comment (which search skips);
# `Build.fill()` puts the markup in. The placeholder carries the build's key and its number, both in
# private-use characters: no page can write one (not even as character references), and Markdown
# drops them from a heading's id, which then does not depend on how many citations come before it.
# Comments are refused in pages, so after the sanitizer every comment is one of these.
_DIGITS = "".join(chr(0xE010 + digit) for digit in range(10))
_KEY_DIGITS = "".join(chr(0xE020 + digit) for digit in range(16))
_TO_PRIVATE, _FROM_PRIVATE = str.maketrans("0123456789", _DIGITS), str.maketrans(_DIGITS, "0123456789")
_KEY_TO_PRIVATE = str.maketrans("k0123456789abcdef", "\ue01f" + _KEY_DIGITS)
_COMMENT = re.compile("<!--deferred (\\d+)-->")


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


