"""Hook: source files hold no invisible control characters, pages' front matter is plain text,
and files under docs/ are ones a browser only displays.

The rules are in `source_rules` (shared with `make check`); this hook reports them at their line
in the build. Every page, every snippet it includes (the glossary too), every .bib file and every
text file under docs/ is read.
"""

from __future__ import annotations

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation

import author_errors
import site_registry
import source_rules

# Hooks


# A script or style from elsewhere is reported and left out of every page.
def on_config(config: MkDocsConfig) -> MkDocsConfig:
    for option, item, problem in source_rules.foreign_assets(config):
        author_errors.report_problem(problem)
        config[option].remove(item)
    return config


def on_files(files: Files, *, config: MkDocsConfig) -> Files:
    for problems in source_rules.refused_files(config, files).values():
        for problem in problems:
            author_errors.report_problem(problem)
    return files


def on_nav(nav: Navigation, *, config: MkDocsConfig, files: Files) -> Navigation:
    for problem in source_rules.text_problems(config, files, site_registry.source_pages(nav, files, config)):
        author_errors.report_problem(problem)
    return nav
