"""Images and media come only from files of this site: a source is a relative path to a file under
docs/, judged in the page's HTML as a browser reads the URL.

Core module (imports nothing from MkDocs), used by the build (`output_allowlist`, on each page's sanitized HTML)
and by `make check` (on the HTML it renders), so both judge the same markup the same way. An image
from elsewhere tracks readers, can change after review, and breaks the offline copy, where
`//host/x` becomes `file://host/x` (a file share on Windows) and `'self'` in the CSP allows it.

How a browser reads a URL (WHATWG URL standard): leading and trailing C0 controls and spaces are
stripped, tabs and newlines anywhere are dropped, and against an http(s) or file base `\\` is read
as `/`; so `\\\\host\\x`, `/\\host/x` and ` //host` all load from `host`.

Which rule reports what: Markdown images whose target is a plain relative path are checked at the
source by `link_rules.check_links` (a missing file, with the closest names); everything else, and
every image written as raw HTML, here.
"""

from __future__ import annotations

import html
import os
import posixpath
import re
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import unquote

from selectolax.lexbor import LexborHTMLParser

from . import html_policy
from .author_errors import Problem
from .markdown_source import Lines, Link, find_links, mask_code

# Data

# (element, attribute) pairs a browser loads media from. The HTML allowlist admits only <img src>
# today; the others are judged too, so that admitting one later cannot let a foreign source in.
MEDIA_SOURCES = frozenset({
    ("img", "src"), ("img", "srcset"), ("source", "src"), ("source", "srcset"), ("video", "src"),
    ("video", "poster"), ("audio", "src"), ("track", "src"), ("input", "src"), ("embed", "src"),
    ("object", "data"), ("image", "href"), ("image", "xlink:href"),
})
ADVICE = ("images come only from files of this site: download the file into docs/figures/ and write its path "
          "relative to this page, e.g. ![description](figures/name.png)")

_C0_AND_SPACE = "".join(map(chr, range(0x21)))
_SCHEME = re.compile(r"([a-zA-Z][a-zA-Z0-9+.-]*):")
_MARKDOWN_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()>#+\-.!])")  # Python-Markdown's escapable characters
_RAW_TAG = re.compile(r"<(img|source|video|audio|track|input|embed|object|image)\b[^>]*>", re.IGNORECASE)
_DESCRIPTOR = re.compile(r"\d+(\.\d+)?[wxh]")  # `2x`, `640w` in a srcset
# The start tag of an element of MEDIA_SOURCES as an HTML parser reads one: `<`, the name in any
# case (`<image>` is read as <img>), then whitespace, `/` or `>` (a CR is read as a newline).
# HTML without one holds no element a browser loads media from: most pages.
_MEDIA_START_TAG = re.compile(rf"<(?:{'|'.join(sorted({tag for tag, _ in MEDIA_SOURCES}))})[\t\n\f\r />]",
                              re.IGNORECASE)


@dataclass(frozen=True)
class SiteFiles:
    """The authors' files under docs/, by path inside docs/ and by the URL the site gives them."""

    docs: str  # docs/ as authors see it
    uris: frozenset[str]
    by_url: dict[str, str]  # URL in the site (unquoted, no trailing /) -> path inside docs/


# The rule


def site_files(files, docs_dir: str, docs: str) -> SiteFiles:
    """From MkDocs' files: those under docs/ (the theme's own are not the authors')."""
    root = os.path.join(os.path.abspath(docs_dir), "")  # MkDocs joins docs_dir and the file's path: no resolving
    ours = [file for file in files if file.abs_src_path and os.path.abspath(file.abs_src_path).startswith(root)]
    return SiteFiles(docs, frozenset(file.src_uri for file in ours),
                     {unquote(file.url).rstrip("/"): file.src_uri for file in ours})


def media_problems(page_html: str, path: str, text: str, src_uri: str, page_url: str, files: SiteFiles,
                   sources: Callable[[], list[tuple[str, str]]]) -> list[Problem]:
    """Every media source in a page's HTML that is not a file of the site, located in the sources.
    `path`, `text`: the page as authors see it; `page_url`: its URL in the site (MkDocs rewrites a
    Markdown image's path relative to it); `sources`: gives the page and its includes
    (html_policy.page_sources), read only when a problem is found."""
    if not _MEDIA_START_TAG.search(page_html):
        return []
    images = [link for link in find_links(text) if link.is_image]
    checked_at_source = {_as_rendered(link.target) for link in images if is_plain_relative(link.target)}
    shown = {_in_docs(posixpath.dirname(src_uri), target) for target in checked_at_source} & files.uris
    refused = [(tag, attribute, value, message)
               for tag, attribute, value, message in _refused_sources(page_html, src_uri, page_url, files, shown)
               if value not in checked_at_source]
    if not refused:
        return []
    problems, unplaced, used = [], [], set()
    raw = [written for source, source_text in sources() for written in _raw_attributes(source, source_text)]
    for tag, attribute, value, message in refused:
        link = next((link for link in images if (path, link.line, link.col) not in used
                     and _browser_url(_as_rendered(link.target)) == _browser_url(value)), None)
        place = (path, link.line, link.col) if link else next(
            (place for written in raw if (place := written[3]) not in used and written[:3] == (tag, attribute, value)),
            None)
        if place is None:  # written some other way (attr_list's { src=... }): as the sanitizer's refusals are found
            unplaced.append(html_policy.Refusal(tag, attribute, value, message))
        else:
            used.add(place)
            problems.append(Problem(*place, message))
    return problems + html_policy.locate(unplaced, sources())


def judged_in_html(links: list[Link]) -> set[str]:
    """The targets of a page's Markdown images (`links`: its links, `find_links`) that this rule
    reports (as written, and as rendered): MkDocs' own unlocated warning about them can be dropped
    (link_rules.drop_mkdocs_duplicate)."""
    targets = [link.target for link in links if link.is_image and not is_plain_relative(link.target)]
    return set(targets) | {_as_rendered(target) for target in targets}


def is_plain_relative(target: str) -> bool:
    """A Markdown target that a browser reads as a path relative to the page: no scheme, host or
    leading slash (escapes and entities decoded, as Markdown does)."""
    url = _browser_url(_as_rendered(target))
    return bool(url) and not _SCHEME.match(url) and not url.startswith("/")


def refused_source_message(tag: str, attribute: str, value: str) -> str:
    """Why a source that is not a relative path is refused, with what to write instead."""
    url = _browser_url(value)
    shown = _shown(tag, attribute, value)
    backslash = " (a browser reads '\\' as '/')" if "\\" in value else ""
    if scheme := _SCHEME.match(url):
        name = scheme.group(1).lower()
        if name in ("http", "https"):
            return f"{shown} loads from another site, which can track readers or change after review; {ADVICE}"
        if name == "data":
            return f"{shown} embeds data that reviewers cannot read as text; {ADVICE}"
        return f"{shown} loads from a '{name}:' address; {ADVICE}"
    if url.startswith("//"):
        return (f"{shown} loads from another host{backslash}, and in the offline copy from a file share "
                f"(file://); {ADVICE}")
    if url.startswith("/"):
        return f"{shown} is an absolute path{backslash}, which breaks the offline copy and any other address; {ADVICE}"
    return f"{shown} names no file; {ADVICE}"


# Helper functions


def _refused_sources(page_html: str, src_uri: str, page_url: str, files: SiteFiles, shown: set[str]):
    """(tag, attribute, value, message) for each media source that is not a file of the site, in document order."""
    folders = posixpath.dirname(src_uri), posixpath.dirname(page_url)
    for node in LexborHTMLParser(page_html).root.traverse():
        for attribute, value in node.attributes.items():
            if (node.tag, attribute) not in MEDIA_SOURCES:
                continue
            urls = _srcset_urls(value or "") if attribute == "srcset" else [value or ""]
            for url in urls:
                message = _judge(node.tag, attribute, url, folders, files, shown)
                if message:
                    yield node.tag, attribute, url, message


def _judge(tag: str, attribute: str, value: str, folders: tuple[str, str], files: SiteFiles,
           shown: set[str]) -> str | None:
    url = _browser_url(value)
    if not url or _SCHEME.match(url) or url.startswith("/"):
        return refused_source_message(tag, attribute, value)
    # A path as written is relative to the page's file (what `make check` renders, and raw HTML in
    # the build). MkDocs rewrites a Markdown image's path relative to the page's URL, which differs
    # between the hosted and the offline build: accepted that way only for a file that one of the
    # page's Markdown images shows, so raw HTML cannot lean on the hosted layout.
    in_docs = _in_docs(folders[0], url)
    if in_docs in files.uris or files.by_url.get(_in_docs(folders[1], url)) in shown:
        return None
    shown = _shown(tag, attribute, value)
    if in_docs == ".." or in_docs.startswith("../"):
        return f"{shown} is outside {files.docs}/; {ADVICE}"
    return f"{shown}: there is no file {files.docs}/{in_docs}; check the file name (paths are relative to this page)"


def _raw_attributes(path: str, text: str):
    """(tag, attribute, decoded value, (path, line, col)) for each attribute of a media tag written
    as raw HTML outside code: decoded by the same HTML parser as the page, so entities compare equal."""
    masked, lines = mask_code(text), Lines(text)
    # Outside code first, where Markdown leaves raw HTML live; then the rest (the page's own raw
    # HTML blocks can hold backticks that are not code, and mask_code cannot tell).
    matches = sorted(_RAW_TAG.finditer(text), key=lambda match: masked[match.start()] != "<")
    for match in matches:
        element = LexborHTMLParser(match.group(0)).css_first(match.group(1).lower())
        if element is None:
            continue
        for attribute, value in element.attributes.items():
            written = re.search(rf"(?<![\w:-]){re.escape(attribute)}\s*=", match.group(0), re.IGNORECASE)
            offset = match.start() + (written.start() if written else 0)
            yield element.tag, attribute, value or "", (path, lines.line(offset), lines.col(offset))


def _as_rendered(target: str) -> str:
    """A Markdown link target as it reaches the HTML: backslash escapes and entities decoded."""
    return html.unescape(_MARKDOWN_ESCAPE.sub(r"\1", target))


def _shown(tag: str, attribute: str, value: str) -> str:
    """The element as a message shows it: control characters (tab, newline) written as escapes."""
    visible = re.sub(r"[\x00-\x1f\x7f]", lambda match: f"\\x{ord(match.group()):02x}", value.strip(" "))
    return f"<{tag} {attribute}=\"{visible[:60]}\">"


def _in_docs(folder: str, url: str) -> str:
    """A relative URL's file, as a path inside docs/ (`..` first if it leaves docs/)."""
    return posixpath.normpath(posixpath.join(folder, unquote(re.split(r"[?#]", url, maxsplit=1)[0])))


def _browser_url(value: str) -> str:
    return re.sub(r"[\t\n\r]", "", value.strip(_C0_AND_SPACE)).replace("\\", "/")


def _srcset_urls(value: str) -> list[str]:
    """The URLs of a srcset (`a.png 1x, b.png 2x`): every word that is not a width or density."""
    words = (word.strip(",") for word in value.split())
    return [word for word in words if word and not _DESCRIPTOR.fullmatch(word)]
