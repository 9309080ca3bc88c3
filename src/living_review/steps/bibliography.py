"""Step: check the BibTeX files and format every entry once, before any page is read.

Every problem is reported as `bib/file.bib:LINE: message`; the build stops cleanly when the files
cannot be read (pybtex's own loader, which mkdocs-bibtex uses, crashes with a traceback on a syntax
error or a repeated key, and lets a later file overwrite a key silently).
"""

from __future__ import annotations

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError

from ..core import bibliography_cache, build_caches
from ..core.build_model import Build


def read(build: Build, config: MkDocsConfig) -> None:
    build.bib_files = bibliography_cache.read_files(build.settings.bibliography, config.config_file_path)
    bibliography = bibliography_cache.read(build.bib_files, build_caches.folder(config.config_file_path))
    build.report_all(bibliography.problems)
    if any(problem.severity == "fatal" for problem in bibliography.problems):
        raise PluginError("The BibTeX files above cannot be read; fix the errors listed and build again.")
    build.formatted, build.scholar = bibliography.formatted, bibliography.scholar
    build.defined_at = bibliography.defined_at
