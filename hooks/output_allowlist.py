"""Hook: the HTML readers receive holds only what the allowlist permits, and nothing is lost silently.

Every page's HTML, as Markdown rendered it (the page, its snippets and the glossary appended to
every page), passes through the sanitizer in `html_policy`. Whatever it would remove is reported at
its place in the source, with what to write instead, and fails the build; the sanitized HTML is
what the page gets either way. Each finished page (theme, hooks and content) is then checked once
more for markup no page of this site needs: a tripwire for bugs in templates and hooks.
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

import author_errors
import html_policy
import media_rules

# Hooks


# Last of the content hooks: after `deferred_html` (-50) has turned placeholders into comments,
# which the sanitizer keeps; the markup they stand for is our own and is checked in on_post_page.
@event_priority(-100)
def on_page_content(html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    clean, refusals = html_policy.sanitize(html)
    root = Path(config.config_file_path).parent
    sources = html_policy.page_sources(_path(page, config), page.file.content_string, config, root)
    for problem in html_policy.locate(refusals, sources) if refusals else []:
        author_errors.report_problem(problem)
    # Images only from files of the site, judged in what readers receive (media_rules).
    docs = author_errors.project_path(config.docs_dir, config.config_file_path)
    for problem in media_rules.media_problems(clean, _path(page, config), page.file.content_string, page.file.src_uri,
                                              page.url, media_rules.site_files(files, config.docs_dir, docs), sources):
        author_errors.report_problem(problem)
    return clean


# After every other hook has changed the page (the CSP goes in after this, at -100).
@event_priority(-90)
def on_post_page(output: str, *, page: Page, config: MkDocsConfig) -> str:
    for problem in html_policy.document_problems(output):
        author_errors.report(_path(page, config), 1,
                             f"the built page holds {problem}, which no page of this site needs; unless an error "
                             "above explains it, a template (overrides/), a hook (hooks/) or mkdocs.yml put it there")
    return output


# Helper functions


def _path(page: Page, config: MkDocsConfig) -> str:
    """The page's source as authors see it (`docs/page.md`)."""
    if page.file.abs_src_path is None:  # a page a plugin generates
        return page.file.src_uri
    return author_errors.project_path(page.file.abs_src_path, config.config_file_path)
