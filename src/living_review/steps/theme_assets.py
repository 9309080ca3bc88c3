"""Step: the site ships only the theme's files a reader's browser can load.

Material copies into every site the source maps of its minified files and lunr's stemmers for
some thirty languages (about 65% of the offline zip); an English review's readers load none of
them. They are left out of the build's files before anything is copied, in the hosted site and
the offline bundle alike: a map is fetched only by developer tools (Material's own are in its
package), and the search worker loads only the languages its index names (`core.theme_assets`).
"""

from __future__ import annotations

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files

from ..core import theme_assets

# Steps


def leave_out_unused(files: Files, config: MkDocsConfig) -> None:
    """After the search plugin's on_config has settled its languages (from `theme.language` unless
    the plugin sets `lang`): they are what its index tells the search worker to load."""
    languages = search_languages(config)
    theme_folders = set(config.theme.dirs)
    for file in list(files):
        if file.src_dir in theme_folders and theme_assets.unused(file.src_uri, languages):
            files.remove(file)


# Helper functions


def search_languages(config: MkDocsConfig) -> list[str] | None:
    search = config.plugins.get("material/search")
    if search is None or not search.config.enabled:
        return None
    return list(search.config.lang or [])
