"""Step: the offline bundle carries the search shim itself instead of loading it from a CDN.

Material's offline plugin makes search work from file:// with the `iframe-worker` shim, and
adds the shim's CDN URL unless a polyfill naming iframe-worker is configured. This hook ships
the shim from the pinned npm package (package.json, package-lock.json) inside the site and
configures it first, so the bundle makes no request outside file://. It does nothing when the
offline plugin is not enabled (the hosted build needs no shim).
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files
from mkdocs.utils import get_relative_url, normalize_url

SHIM_SOURCE = "node_modules/iframe-worker/shim/index.js"
SHIM_URL = "assets/javascripts/iframe-worker-shim.js"

# Steps


def configure_shim(config: MkDocsConfig) -> None:
    """Before the offline plugin's on_config, which would otherwise add the CDN URL."""
    if offline_enabled(config):
        config.extra["polyfills"] = [SHIM_URL]


def add_shim(files: Files, config: MkDocsConfig) -> None:
    if not offline_enabled(config):
        return
    source = Path(config.config_file_path).parent / SHIM_SOURCE
    if not source.is_file():
        raise PluginError(f"{SHIM_SOURCE} is missing: run `npm ci` (make offline does) to install the pinned shim")
    files.append(File.generated(config, SHIM_URL, abs_src_path=str(source)))


def relative_error_page(context: dict, template_name: str, config: MkDocsConfig) -> None:
    """The error page, served from any depth, gets absolute URLs; the bundle is opened from file://,
    where such URLs lead nowhere: there it is written with URLs relative to the bundle's root."""
    if template_name == "404.html" and offline_enabled(config):
        base = error_page_base_url(config)
        context["base_url"] = base
        context["extra_css"] = [normalize_url(str(path), None, base) for path in config.extra_css]
        context["extra_javascript"] = [normalize_url(str(script), None, base) for script in config.extra_javascript]


# Helper functions


def base_url(config: MkDocsConfig, page_url: str | None) -> str:
    """The base URL MkDocs gives the templates of the page at `page_url` (None: the error page)."""
    return error_page_base_url(config) if page_url is None else get_relative_url(".", page_url)


def error_page_base_url(config: MkDocsConfig) -> str:
    """The base URL of the error page (404.html, at the site's root): absolute for a server, which
    shows it at any address; relative in the offline bundle."""
    return "." if offline_enabled(config) else urlsplit(config.site_url or "/").path


def search_worker(config: MkDocsConfig) -> str | None:
    """The search worker the theme ships (its path in the site), as the theme's config names it."""
    for folder in config.theme.dirs:
        found = sorted(Path(folder).glob("assets/javascripts/workers/search.*.min.js"))
        if found:
            return found[0].relative_to(folder).as_posix()
    return None


def offline_enabled(config: MkDocsConfig) -> bool:
    plugin = config.plugins.get("material/offline")
    return plugin is not None and plugin.config.enabled


def shim_inline_script(shim_source: str, worker_url: str) -> str:
    """The inline script the shim writes into its frame for a worker at `worker_url`, so the
    Content-Security-Policy can allow it by hash. The shim builds it from a template literal that
    interpolates two of its own functions (their source text, as `String(function)` gives it) and
    the worker's URL; this rebuilds the same text from the pinned shim's source."""
    template = re.search(r"<script>(.*?)<\\/script>", shim_source)
    if template is None:
        raise PluginError(f"{SHIM_SOURCE}: its inline script was not found; the Content-Security-Policy "
                          "cannot allow it (has the pinned iframe-worker changed?)")

    def value(match: re.Match) -> str:
        definition = re.search(rf"function {re.escape(match.group(1))}\(", shim_source)
        return _function_source(shim_source, definition.start()) if definition else worker_url

    return re.sub(r"\$\{(\w+)\}", value, template.group(1))


def _function_source(source: str, start: int) -> str:
    depth = 0
    for end in range(source.index("{", start), len(source)):
        depth += {"{": 1, "}": -1}.get(source[end], 0)
        if depth == 0:
            return source[start:end + 1]
    return source[start:]
