"""Hook: check the BibTeX files before mkdocs-bibtex reads them, then format every entry once.

mkdocs-bibtex stays the site's citation plugin: its options say where the bibliography is
(`plugins: bibtex: bib_dir: bib`) and how citations are written. Its loader crashes with a
traceback on a syntax error or a repeated key, and silently lets a later file overwrite a key;
this hook reads the files instead, reports every problem as `bib/file.bib:LINE: message` and
stops the build cleanly when the files cannot be read.

This is also the one place that bypasses mkdocs-bibtex's internals: its own parse and its
per-page pass are switched off. The file is parsed once, here, with located errors; the
`citations` and `references_page` hooks do the per-page work (site-wide numbers, Vancouver style),
which mkdocs-bibtex cannot, and its pass rewrites `[@key]` even inside code blocks.
tests/test_mkdocs_bibtex_contract.py pins what is relied on here.
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority

import author_errors
import bibliography_cache
import site_registry

# Hooks


# Runs before mkdocs-bibtex's own on_config (priority 0), which would crash on a broken file.
@event_priority(100)
def on_config(config: MkDocsConfig) -> MkDocsConfig:
    author_errors.reset()
    site_registry.reset()
    registry = site_registry.current()
    _bibtex_plugin(config)  # says so if the plugin is missing from mkdocs.yml
    files = bibliography_cache.configured_files(config)
    bibliography = bibliography_cache.read(files, Path(config.config_file_path).parent / ".cache")
    for problem in bibliography.problems:
        author_errors.report_problem(problem)
    if any(problem.severity == "fatal" for problem in bibliography.problems):
        raise PluginError("The BibTeX files above cannot be read; fix the errors listed and build again.")
    # Our own parse, not mkdocs-bibtex's: it is already checked and located, and the plugin
    # keeps a parse from an earlier build when the files' times look unchanged to it.
    registry.formatted, registry.scholar = bibliography.formatted, bibliography.scholar
    registry.defined_at = bibliography.defined_at
    _switch_off_engine(config)
    return config


# Helper functions


def _bibtex_plugin(config: MkDocsConfig):
    try:
        return config.plugins["bibtex"]
    except KeyError:
        raise PluginError("mkdocs.yml: the 'bibtex' plugin (mkdocs-bibtex) must be listed under plugins") from None


def _switch_off_engine(config: MkDocsConfig) -> None:
    """Unregister mkdocs-bibtex's own parse (on_config) and per-page pass (on_page_markdown).

    Its options stay the site's declaration of where the bibliography is; the work is done once
    here and in the citation hooks. Removing a later entry of the list being run is safe: MkDocs
    iterates it by index, and the plugin's on_config (priority 0) comes after this one (100).
    """
    plugin = _bibtex_plugin(config)
    for event in ("config", "page_markdown"):
        methods = config.plugins.events[event]
        methods[:] = [method for method in methods if getattr(method, "__self__", None) is not plugin]
