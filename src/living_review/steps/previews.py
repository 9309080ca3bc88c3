"""Step: previews of what a marker or a cross-reference leads to, shown in place
(assets/living-review/previews.js).

A citation marker is described by its reference's text (`aria-describedby`, written by the
`citations` step), and the script shows that text beside the marker on hover, keyboard focus and
tap; Markdown's own footnotes get the same. A cross-reference ("Table 2") and a link to an
editor's note show what they lead to, even on another page: the build writes a copy of it into
each page that links to it (`core/preview_content.py`), as a `<template>` the script finds by the
link's href. The script and its stylesheet ship with the plugin and are served from the site
itself, so they work offline and under the Content-Security-Policy (`script-src 'self'`).
"""

from __future__ import annotations

import collections
import html
import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url
from selectolax.lexbor import LexborHTMLParser

from ..core.build_model import Build
from ..core.preview_content import target_html
from ..core.site_urls import page_key, resolve
from .cross_references import LINK_CLASS

ASSETS = Path(__file__).resolve().parent.parent / "assets"
SCRIPT = "assets/living-review/previews.js"
# The plugin's stylesheets: previews, tables that fit a phone, the editions' boxes and changes.
STYLESHEETS = ["assets/living-review/previews.css", "assets/living-review/tables.css",
               "assets/living-review/editions.css"]
# The links that get a preview of their target: cross-references, and links to an editor's note.
_PREVIEWED = re.compile(rf'<a class="{LINK_CLASS}" href="([^"]+)"|<a href="([^"#]*#editor-note-[^"]+)"')

# Steps


def add_assets(config: MkDocsConfig) -> None:
    """Before the site's own stylesheets, which may then restyle the previews."""
    config.extra_css[:0] = [sheet for sheet in STYLESHEETS if sheet not in config.extra_css]
    if SCRIPT not in [str(script) for script in config.extra_javascript]:
        config.extra_javascript.append(SCRIPT)


def add_files(files: Files, config: MkDocsConfig) -> None:
    for path in (SCRIPT, *STYLESHEETS):
        files.append(File.generated(config, path, abs_src_path=str(ASSETS / path.removeprefix("assets/"))))


def embed_targets(build: Build) -> None:
    """Once every page is rendered (and before the print page is put together from them): each
    page gets a copy of what its cross-references lead to, held back from search like its markers."""
    by_url = {page_key(page.url): page for page in build.rendered.values()}
    links = {page.file.src_uri: [(href, _target(page, html.unescape(href), by_url)) for href in
                                 dict.fromkeys(a or b for a, b in _PREVIEWED.findall(page.content or ""))]
             for page in build.rendered.values()}
    # Each target page is parsed once, as it is before any preview goes in (a preview never shows
    # another page's previews), and kept only until its last preview is cut (memory).
    uses = collections.Counter(target.file.src_uri for found in links.values() for _, target in found if target)
    parsed: dict[str, LexborHTMLParser] = {}
    held: dict[str, str] = {}
    for page in build.rendered.values():
        templates = []
        for href, target in links[page.file.src_uri]:
            if target is None:
                continue
            if target.file.src_uri not in parsed:
                parsed[target.file.src_uri] = LexborHTMLParser(build.fill(target.content, target.file.src_uri))
            content = _target_content(page, target, unquote(urlsplit(html.unescape(href)).fragment),
                                      parsed[target.file.src_uri])
            uses[target.file.src_uri] -= 1
            if not uses[target.file.src_uri]:
                parsed.pop(target.file.src_uri)
            if content is not None:
                templates.append(f'<template data-href="{href}">{content}</template>')
        if templates:
            held[page.file.src_uri] = f'<div class="previews" hidden>{"".join(templates)}</div>'
    for page in build.rendered.values():  # once every preview is cut from the pages as they were
        if page.file.src_uri in held:
            page.content += build.hide(build.defer(page.file.src_uri, held[page.file.src_uri]))


# Helper functions


def _target(page: Page, href: str, by_url: dict[str, Page]) -> Page | None:
    """The page a link with an anchor leads to (`page` itself for `#anchor`); None for any other link."""
    parts = urlsplit(href)
    target = page if not parts.path else by_url.get(page_key(resolve(page.url, parts.path)))
    return target if parts.fragment else None


def _target_content(page: Page, target: Page, anchor: str, document: LexborHTMLParser) -> str | None:
    def rebase(link: str) -> str:  # a link of the target page, as it reads from `page`
        link_parts = urlsplit(link)
        if link_parts.scheme or link.startswith(("//", "/", "mailto:")):
            return link
        path = resolve(target.url, link_parts.path) if link_parts.path else target.url
        relative = get_relative_url(path or ".", page.url) if path != page.url else ""
        return relative + (f"#{link_parts.fragment}" if link_parts.fragment else "")

    return target_html(document, anchor, rebase)
