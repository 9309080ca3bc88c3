"""Step: every value the theme writes into a page is escaped text.

Material's templates write page titles, front matter fields (description, subtitle, status,
author) and some config values into `<title>`, `<meta>` attributes and the navigation as they
are: MkDocs' Jinja environment does not escape. A front matter title such as
`title: Doses "><script>...` would become live markup in every page's navigation. Here each such
value is escaped once, before any template renders, and marked as markup-safe so that a
template's own `| e` does not escape it twice. Templates we own
(`overrides/`) escape what they write themselves; the plugin's own (`templates/living-review/`) are
rendered with autoescape (`plugin_templates`).
"""

from __future__ import annotations

import html

from markupsafe import Markup
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation, Section

from ..core import finished_page, source_rules
from ..core.build_model import Build

# Steps


def escape_site_values(build: Build, config: MkDocsConfig) -> None:
    """The values as written stay on the build (`site_text`), for what is not HTML."""
    for name in ("site_name", "site_description", "site_author", "repo_name"):
        value = config[name]
        build.site_text[name] = value.unescape() if isinstance(value, Markup) else value
        if value is not None:
            config[name] = escaped(value)


def escape_sections(nav: Navigation) -> None:
    """Sections take their titles from mkdocs.yml (plain text); pages get theirs once rendered."""
    _escape_sections(nav.items)


def escape_page_values(files: Files) -> None:
    """Once every page is rendered (titles known), before any template has run and before the
    search plugin reads the titles (it indexes each page just before its template renders)."""
    for file in files.documentation_pages():
        page = file.page
        if page is None:
            continue
        for key in source_rules.THEME_FIELDS:
            if isinstance(page.meta.get(key), str | int | float):
                page.meta[key] = escaped(page.meta[key])
        _titles_from_headings(page)


# Helper functions


def escaped(value) -> Markup:
    """The value as HTML text (`&`, `<`, `>` and quotes escaped); escaping it again leaves it as it is."""
    return value if isinstance(value, Markup) else Markup(html.escape(str(value)))


def _titles_from_headings(page) -> None:
    """The table of contents, and a title taken from the page's first heading, as the text of the
    headings in the sanitized page, escaped. Markdown's toc extension and MkDocs write them from the
    heading's raw HTML with its tags cut out by a pattern, which a comment inside an attribute
    (`<span title="<!--" ...>`) turns into live markup; the theme writes them unescaped."""
    texts = finished_page.heading_texts(page.content or "")
    from_heading = "title" not in page.meta and page.title is not None and \
        page.title == getattr(page, "_title_from_render", None)
    if from_heading:
        page.title = escaped(texts.first_h1 if texts.first_h1 is not None else page.title)
    elif page.title is not None:
        page.title = escaped(page.title)  # from mkdocs.yml's nav or the front matter: plain text
    _retitle(page.toc.items if page.toc else [], texts.by_id)


def _retitle(items, by_id: dict[str, str]) -> None:
    for item in items:
        # An item whose heading is not in the page's HTML is the build's own (its reference list) or
        # one whose id was refused: its title, escaped, is text either way.
        item.title = escaped(by_id.get(item.id, item.title))
        _retitle(item.children, by_id)


def _escape_sections(items) -> None:
    for item in items:
        if isinstance(item, Section):
            item.title = escaped(item.title)
            _escape_sections(item.children)
