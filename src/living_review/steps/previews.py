"""Step: previews of what a marker leads to, shown in place (assets/living-review/previews.js).

A citation marker is described by its reference's text (`aria-describedby`, written by the
`citations` step), and the script shows that text beside the marker on hover, keyboard focus and
tap; Markdown's own footnotes get the same. The script and its stylesheet ship with the plugin
and are served from the site itself, so they work offline and under the Content-Security-Policy
(`script-src 'self'`).
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files

ASSETS = Path(__file__).resolve().parent.parent / "assets"
SCRIPT = "assets/living-review/previews.js"
STYLESHEET = "assets/living-review/previews.css"

# Steps


def add_assets(config: MkDocsConfig) -> None:
    """Before the site's own stylesheets, which may then restyle the previews."""
    if STYLESHEET not in config.extra_css:
        config.extra_css.insert(0, STYLESHEET)
    if SCRIPT not in [str(script) for script in config.extra_javascript]:
        config.extra_javascript.append(SCRIPT)


def add_files(files: Files, config: MkDocsConfig) -> None:
    for path in (SCRIPT, STYLESHEET):
        files.append(File.generated(config, path, abs_src_path=str(ASSETS / path.removeprefix("assets/"))))
