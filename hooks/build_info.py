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

# Hooks


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    root = os.path.dirname(os.path.abspath(config.config_file_path))
    # One git process for both (`%h` with --abbrev=10 is `rev-parse --short=10 HEAD`): each costs milliseconds.
    commit, _, epoch = _git(root, "log", "-1", "--no-show-signature", "--abbrev=10", "--format=%h %ct").partition(" ")
    epoch = epoch or os.environ.get("SOURCE_DATE_EPOCH", "")
    moment = int(epoch) if epoch.isdigit() else None
    date = "unknown" if moment is None else datetime.datetime.fromtimestamp(moment, datetime.UTC).date().isoformat()
    # `epoch`: the last commit's time, for pages without a commit (below); the footer shows the rest.
    config.extra["build"] = {"commit": commit or "unknown", "date": date, "epoch": moment}
    return config


# A page without a commit (new, not yet committed; or no git at all) gets the build's date as its
# "last updated", where the git-revision-date plugin (priority 0, before this) reads the clock.
@event_priority(-10)
def on_page_markdown(markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    plugin = config.plugins.get(GIT_DATES)
    epoch = config.extra["build"]["epoch"]
    if plugin is None or epoch is None or page.meta.get("git_revision_date_localized_hash") != "":
        return markdown  # dates switched off (`make serve`), or the page has a commit
    dates = plugin.util.get_date_formats_for_timestamp(epoch, locale=plugin.config["locale"])
    page.meta["git_revision_date_localized"] = dates[plugin.config["type"]]
    return markdown


# Helper functions


def _git(root: str, *args: str) -> str:
    try:
        result = subprocess.run(["git", "-C", root, *args], capture_output=True, text=True, timeout=10)
    except (OSError, subprocess.TimeoutExpired):
        return ""
    return result.stdout.strip() if result.returncode == 0 else ""
