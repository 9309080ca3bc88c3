"""Hook: every value the theme writes into a page is escaped text.

Material's templates write page titles, front matter fields (description, subtitle, status,
author) and some config values into `<title>`, `<meta>` attributes and the navigation as they
are: MkDocs' Jinja environment does not escape. A front matter title such as
`title: Doses "><script>...` would become live markup in every page's navigation. Here each such
value is escaped once, before any template renders, and marked as markup-safe so that a
template's own `| e` does not escape it twice. Templates we own
(`overrides/`) escape what they write themselves.
"""

from __future__ import annotations

import html

from jinja2 import Environment
from markupsafe import Markup
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation, Section

import source_rules

# Hooks


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    for name in ("site_name", "site_description", "site_author", "repo_name"):
        if config[name] is not None:
            config[name] = escaped(config[name])
    return config


# Sections take their titles from mkdocs.yml (plain text); pages get theirs once rendered (on_env).
def on_nav(nav: Navigation, *, config: MkDocsConfig, files: Files) -> Navigation:
    _escape_sections(nav.items)
    return nav


# Every page is rendered (titles known), no template has run, and the search plugin has not yet
# read the titles (it indexes each page just before its template renders).
def on_env(env: Environment, *, config: MkDocsConfig, files: Files) -> Environment:
    for file in files.documentation_pages():
        page = file.page
        if page is None:
            continue
        for key in source_rules.THEME_FIELDS:
            if isinstance(page.meta.get(key), str | int | float):
                page.meta[key] = escaped(page.meta[key])
        if page.title is None:
            continue
        # A title taken from the page's first heading is already HTML (Markdown escaped its text and
        # MkDocs stripped its tags); a title from mkdocs.yml's nav or the front matter is plain text.
        from_heading = "title" not in page.meta and page.title == getattr(page, "_title_from_render", None)
        page.title = Markup(page.title) if from_heading else escaped(page.title)
    return env


# Helper functions


def escaped(value) -> Markup:
    """The value as HTML text; escaping it again leaves it as it is."""
    return value if isinstance(value, Markup) else Markup(html.escape(str(value)))


def _escape_sections(items) -> None:
    for item in items:
        if isinstance(item, Section):
            item.title = escaped(item.title)
            _escape_sections(item.children)
