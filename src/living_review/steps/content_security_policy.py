"""Step: every page carries a Content-Security-Policy, so that markup which slipped past every
check still cannot run script, load from elsewhere, submit a form or rebase links.

GitHub Pages sets no headers, so the policy is a `<meta http-equiv>` at the top of `<head>`
(browsers honour it over http and from file://; `frame-ancestors` and `report-uri` would be
ignored there). Scripts run only from the site's own files and, inline, only the theme's own
scripts, by their hashes: inline event handlers and `javascript:` URLs are refused. The offline
bundle's search shim writes one inline script into a frame of its own; its hash is added there.
"""

from __future__ import annotations

import posixpath
import re
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.utils import get_relative_url

from ..core import finished_page
from ..core.build_model import Build
from . import offline_assets

POLICY = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],  # and the hashes of the page's inline scripts
    "style-src": ["'self'", "'unsafe-inline'"],  # the theme sets style attributes from its script
    "img-src": ["'self'", "data:"],  # the theme's icons are data: URLs in its stylesheet
    "worker-src": ["'self'", "blob:"],  # the search worker
    "base-uri": ["'none'"],
    "object-src": ["'none'"],
    "form-action": ["'none'"],  # the search box is a form that never submits
}
# Right after the charset, before the first script: a policy covers only what follows it.
_TOP_OF_HEAD = re.compile(r'<meta charset="[^"]*">|<head>')

# Steps


def read_shim(build: Build, config: MkDocsConfig) -> None:
    """The offline bundle's search shim (`source`) and the worker it runs (`worker`), once per build."""
    source = Path(config.config_file_path).parent / offline_assets.SHIM_SOURCE
    worker = offline_assets.search_worker(config)
    if offline_assets.offline_enabled(config) and source.is_file() and worker:  # offline_assets reports a missing shim
        build.shim.update(source=source.read_text(encoding="utf-8"), worker=worker)


def with_policy(build: Build, output: str, config: MkDocsConfig, url: str | None) -> str:
    """The page at `url` (None: the error page) with its policy: the hashes of what the theme (and
    the offline shim) ship, never of what the page holds."""
    base = offline_assets.base_url(config, url)
    worker = _shim_worker(build.shim, base, url)
    meta = build.policies.get((base, worker))
    if meta is None:  # once per base URL (and name of the shim's worker): the same for every page there
        scripts = build.theme_scripts(config, base)
        hashes = sorted({finished_page.script_hash(body) for body in scripts}) + _shim_hashes(build.shim, worker)
        policy = {**POLICY, "script-src": POLICY["script-src"] + hashes}
        value = "; ".join(" ".join([name, *sources]) for name, sources in policy.items())
        meta = build.policies[(base, worker)] = f'<meta http-equiv="Content-Security-Policy" content="{value}">'
    return _TOP_OF_HEAD.sub(lambda match: match.group(0) + "\n    " + meta, output, count=1)


# Helper functions


def _shim_worker(shim: dict[str, str], base: str, url: str | None) -> str | None:
    """The search worker the theme ships, as the page at `url` names it (as the theme's `url` filter
    writes it: relative to the page, or joined to the error page's base); None without the shim."""
    if not shim:
        return None
    return posixpath.join(base, shim["worker"]) if url is None else get_relative_url(shim["worker"], url)


def _shim_hashes(shim: dict[str, str], worker: str | None) -> list[str]:
    """The hash of the script the search shim writes for that worker."""
    if not shim:
        return []
    return [finished_page.script_hash(offline_assets.shim_inline_script(shim["source"], worker))]
