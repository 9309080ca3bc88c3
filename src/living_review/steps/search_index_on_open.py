"""Step: the search index (about 50 KB) is fetched when a reader opens search, not with every page.

Material fetches it on every page load over http, and no setting of the theme defers it; its
`extra.polyfills` are the scripts it writes into <head>, before its own, as Material's offline
plugin does for its search shim. The script shipped here (`assets/search-index-on-open.js`) holds
that one request back until search opens. From file:// the theme loads the index with a <script>
element instead, which the script leaves alone. A file of the site, not an inline script: the
Content-Security-Policy's `script-src 'self'` allows it, with no hash.
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files

SCRIPT_SOURCE = Path(__file__).resolve().parent.parent / "assets" / "search-index-on-open.js"
SCRIPT_URL = "assets/javascripts/search-index-on-open.js"

# Steps


def configure(config: MkDocsConfig) -> None:
    """After `offline_assets.configure_shim`, which sets the polyfills of the offline bundle."""
    if search_enabled(config):
        polyfills = list(config.extra.get("polyfills") or [])
        config.extra["polyfills"] = polyfills if SCRIPT_URL in polyfills else [*polyfills, SCRIPT_URL]


def add_script(files: Files, config: MkDocsConfig) -> None:
    if search_enabled(config):
        files.append(File.generated(config, SCRIPT_URL, abs_src_path=str(SCRIPT_SOURCE)))


# Helper functions


def search_enabled(config: MkDocsConfig) -> bool:
    search = config.plugins.get("material/search")
    return search is not None and search.config.enabled
