"""Hook: the HTML readers receive holds only what the allowlist permits, and nothing is lost silently.

Every page's HTML, as Markdown rendered it (the page, its snippets and the glossary appended to
every page), passes through the sanitizer in `html_policy`. Whatever it would remove is reported at
its place in the source, with what to write instead, and fails the build; the sanitized HTML is
what the page gets either way. Each finished page (theme, hooks and content) is then checked once
more for markup no page of this site needs: a tripwire for bugs in templates and hooks.
"""

from __future__ import annotations

from pathlib import Path

from jinja2 import Environment

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url

import author_errors
import html_policy
import offline_assets
import site_registry
from citation_index import PAGE_LIST_ID

# Hooks


# After Markdown and the content hooks that fill in boxes and placeholders (0 and above); the
# build's own markup that goes in later (markers, lists, notes' ids) is checked in on_post_page.
@event_priority(-100)
def on_page_content(html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    rules = content_rules(page.file.src_uri)
    clean, refusals = html_policy.sanitize(html, rules)
    if refusals:
        root = Path(config.config_file_path).parent
        sources = html_policy.page_sources(_path(page, config), page.file.content_string, config, root)
        for problem in html_policy.locate(refusals, sources):
            author_errors.report_problem(problem)
    return html_policy.unkey(clean, rules)


# The theme's inline scripts, as the theme ships them: the finished-page check and the
# Content-Security-Policy allow exactly these, whatever a page holds.
def on_env(env: Environment, *, config: MkDocsConfig, files: Files) -> Environment:
    site_registry.current().theme_env = env
    return env


# After every other hook has changed the page (the CSP goes in after this, at -100).
@event_priority(-90)
def on_post_page(output: str, *, page: Page, config: MkDocsConfig) -> str:
    _check_finished(output, _path(page, config), site_registry.theme_scripts(config, get_relative_url(".", page.url)))
    return output


# The error page is a theme template, rendered without a page.
def on_post_template(output: str, *, template_name: str, config: MkDocsConfig) -> str:
    if template_name == "404.html":
        _check_finished(output, "404.html", site_registry.theme_scripts(config, offline_assets.error_page_base_url(config)))
    return output


# Helper functions


def content_rules(src_uri: str) -> html_policy.ContentRules:
    """The names a page's own HTML may not take in this build (see html_policy.ContentRules)."""
    registry = site_registry.current()
    reserved = frozenset({PAGE_LIST_ID}) if src_uri in registry.citing_pages else frozenset()
    return html_policy.ContentRules(key=registry.key, reserved_ids=reserved)


def _check_finished(output: str, path: str, scripts: frozenset[str]) -> None:
    for problem in html_policy.document_problems(output, scripts):
        author_errors.report(path, 1,
                             f"the built page holds {problem}, which no page of this site needs; unless an error "
                             "above explains it, a template (overrides/), a hook (hooks/) or mkdocs.yml put it there")


def _path(page: Page, config: MkDocsConfig) -> str:
    """The page's source as authors see it (`docs/page.md`)."""
    if page.file.abs_src_path is None:  # a page a plugin generates
        return page.file.src_uri
    return author_errors.project_path(page.file.abs_src_path, config.config_file_path)
