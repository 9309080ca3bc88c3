"""Hook: the build's version (git commit) and date, in every page's footer and for pages not yet committed.

The date is the last commit's, not the clock's, so two builds of one working tree are identical,
committed or not. Without git history (a source tarball) it falls back to SOURCE_DATE_EPOCH,
else "unknown".
"""

from __future__ import annotations

import datetime
import os
import subprocess

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

GIT_DATES = "git-revision-date-localized"
_epoch: int | None = None  # the last commit's time, set at every build

# Hooks


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    global _epoch
    root = os.path.dirname(os.path.abspath(config.config_file_path))
    commit = _git(root, "rev-parse", "--short=10", "HEAD")
    epoch = _git(root, "log", "-1", "--format=%ct") or os.environ.get("SOURCE_DATE_EPOCH", "")
    _epoch = int(epoch) if epoch.isdigit() else None
    date = "unknown" if _epoch is None else datetime.datetime.fromtimestamp(_epoch, datetime.UTC).date().isoformat()
    config.extra["build"] = {"commit": commit or "unknown", "date": date}
    return config


# A page without a commit (new, not yet committed; or no git at all) gets the build's date as its
# "last updated", where the git-revision-date plugin (priority 0, before this) reads the clock.
@event_priority(-10)
def on_page_markdown(markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    plugin = config.plugins.get(GIT_DATES)
    if plugin is None or _epoch is None or page.meta.get("git_revision_date_localized_hash") != "":
        return markdown  # dates switched off (`make serve`), or the page has a commit
    dates = plugin.util.get_date_formats_for_timestamp(_epoch, locale=plugin.config["locale"])
    page.meta["git_revision_date_localized"] = dates[plugin.config["type"]]
    return markdown


# Helper functions


def _git(root: str, *args: str) -> str:
    try:
        result = subprocess.run(["git", "-C", root, *args], capture_output=True, text=True, timeout=10)
    except (OSError, subprocess.TimeoutExpired):
        return ""
    return result.stdout.strip() if result.returncode == 0 else ""
