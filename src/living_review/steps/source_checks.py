"""Hook: source files hold no invisible control characters, pages' front matter holds only the
keys pages may set, as plain text, directives stand where they belong, and files under docs/
are ones a browser only displays.

The rules are in `source_rules` (shared with `make check`); this hook reports them at their line
in the build. Every page, every snippet it includes (the glossary too), every .bib file and every
text file under docs/ is read.
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

import author_errors
import site_registry
import source_rules

_refused: list[str] = []  # files under docs/ refused in this build, by their place in the site

# Hooks


# A script or style from elsewhere is reported and left out of every page.
def on_config(config: MkDocsConfig) -> MkDocsConfig:
    for option, item, problem in source_rules.foreign_assets(config):
        author_errors.report_problem(problem)
        config[option].remove(item)
    return config


def on_files(files: Files, *, config: MkDocsConfig) -> Files:
    for file, problems in source_rules.colliding_files(config, files).items():
        for problem in problems:
            author_errors.report_problem(problem)
        files.remove(file)  # never built: it would replace another page or file
    refused = source_rules.refused_files(config, files)
    _refused[:] = [file.dest_uri for file in refused]
    for problems in refused.values():
        for problem in problems:
            author_errors.report_problem(problem)
    return files


# A refused file is never published, whether the build fails or not (a preview, a build without --strict).
def on_post_build(*, config: MkDocsConfig) -> None:
    for dest_uri in _refused:
        (Path(config.site_dir) / dest_uri).unlink(missing_ok=True)


# Before every plugin and template reads it: keys pages may not set never reach the theme
# (`template`, `tags`, `git_*` dates, ...); they are reported at their line in on_nav.
@event_priority(100)
def on_page_markdown(markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    page.meta = source_rules.allowed_front_matter(page.meta)
    return markdown


def on_nav(nav: Navigation, *, config: MkDocsConfig, files: Files) -> Navigation:
    for problem in source_rules.text_problems(config, files, site_registry.source_pages(nav, files, config)):
        author_errors.report_problem(problem)
    return nav
