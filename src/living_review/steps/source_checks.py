"""Step: source files hold no invisible control characters, pages' front matter holds only the
keys pages may set, as plain text, directives stand where they belong, and files under docs/
are ones a browser only displays.

The rules are in `source_rules` (shared with `make check`); this step reports them at their line
in the build. Every page, every snippet it includes (the glossary too), every .bib file and every
text file under docs/ is read.
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from ..core import build_caches, source_rules
from ..core.build_model import Build
from ..core.clean_pages import CleanPages

# Steps


def refuse_committed_caches(config: MkDocsConfig) -> None:
    """First of all, before any cache is read (core/build_caches.py)."""
    committed = build_caches.committed(config.config_file_path)
    if committed:
        raise PluginError(build_caches.refusal(committed))


def leave_out_foreign_assets(build: Build, config: MkDocsConfig) -> None:
    """A script or style from elsewhere is reported and left out of every page."""
    for option, item, problem in source_rules.foreign_assets(config):
        build.report_problem(problem)
        config[option].remove(item)


def refuse_files(build: Build, files: Files, config: MkDocsConfig) -> None:
    """Files that would replace another are never built; active files are reported (and deleted
    once the site is written: `delete_refused_files`)."""
    for file, problems in source_rules.colliding_files(config, files).items():
        build.report_all(problems)
        files.remove(file)  # never built: it would replace another page or file
    cache_dir = build_caches.folder(config.config_file_path) if config.config_file_path else None
    refused = source_rules.refused_files(config, files, CleanPages.for_drawings(cache_dir))
    build.refused_files[:] = [file.dest_uri for file in refused]
    for problems in refused.values():
        build.report_all(problems)


def delete_refused_files(build: Build, config: MkDocsConfig) -> None:
    """A refused file is never published, whether the build fails or not (a preview, a build without --strict)."""
    for dest_uri in build.refused_files:
        (Path(config.site_dir) / dest_uri).unlink(missing_ok=True)


def keep_front_matter_from_theme(page: Page) -> None:
    """Before every plugin and template reads it: keys pages may not set never reach the theme
    (`template`, `tags`, `git_*` dates, ...); they are reported at their line (`check_texts`)."""
    page.meta = source_rules.allowed_front_matter(page.meta)


def check_texts(build: Build, nav: Navigation, files: Files, config: MkDocsConfig) -> None:
    build.report_all(source_rules.text_problems(config, files, build.source_pages(nav, files, config),
                                                build.bib_files, build.settings.pages.print))
