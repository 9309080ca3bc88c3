"""Hook: every page carries a Content-Security-Policy, so that markup which slipped past every
check still cannot run script, load from elsewhere, submit a form or rebase links.

GitHub Pages sets no headers, so the policy is a `<meta http-equiv>` at the top of `<head>`
(browsers honour it over http and from file://; `frame-ancestors` and `report-uri` would be
ignored there). Scripts run only from the site's own files and, inline, only the theme's own
scripts, by their hashes: inline event handlers and `javascript:` URLs are refused. The offline
bundle's search shim writes one inline script into a frame of its own; its hash is added there.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority
from mkdocs.structure.pages import Page

import html_policy
import offline_assets

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
_THEME_CONFIG = re.compile(r'<script id="__config" type="application/json">(.*?)</script>', re.DOTALL)
_shim_source: list[str] = []  # the offline bundle's search shim, when the offline plugin is on

# Hooks


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    _shim_source[:] = []
    source = Path(config.config_file_path).parent / offline_assets.SHIM_SOURCE
    if offline_assets.offline_enabled(config) and source.is_file():  # offline_assets reports a missing shim
        _shim_source.append(source.read_text(encoding="utf-8"))
    return config


# Last: after every hook that changes the page, and after the output check (-90).
@event_priority(-100)
def on_post_page(output: str, *, page: Page, config: MkDocsConfig) -> str:
    hashes = html_policy.inline_script_hashes(output) + _shim_hashes(output)
    policy = {**POLICY, "script-src": POLICY["script-src"] + hashes}
    value = "; ".join(" ".join([name, *sources]) for name, sources in policy.items())
    meta = f'<meta http-equiv="Content-Security-Policy" content="{value}">'
    return _TOP_OF_HEAD.sub(lambda match: match.group(0) + "\n    " + meta, output, count=1)


# Helper functions


def _shim_hashes(output: str) -> list[str]:
    """The hash of the script the search shim writes, for the worker this page's theme config names."""
    theme_config = _THEME_CONFIG.search(output)
    if not _shim_source or theme_config is None:
        return []
    worker = json.loads(theme_config.group(1)).get("search")
    return [html_policy.script_hash(offline_assets.shim_inline_script(_shim_source[0], worker))] if worker else []
