"""Hook: the build's version (git commit) and date, shown in every page's footer.

The date is the commit's date, not the clock's, so two builds of one commit are identical.
Without git history (a source tarball) it falls back to SOURCE_DATE_EPOCH, else "unknown".
"""

from __future__ import annotations

import datetime
import os
import subprocess

from mkdocs.config.defaults import MkDocsConfig

# Hooks


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    root = os.path.dirname(os.path.abspath(config.config_file_path))
    commit = _git(root, "rev-parse", "--short=10", "HEAD")
    date = _git(root, "log", "-1", "--format=%cs")
    if not date and os.environ.get("SOURCE_DATE_EPOCH", "").isdigit():
        epoch = int(os.environ["SOURCE_DATE_EPOCH"])
        date = datetime.datetime.fromtimestamp(epoch, datetime.UTC).date().isoformat()
    config.extra["build"] = {"commit": commit or "unknown", "date": date or "unknown"}
    return config


# Helper functions


def _git(root: str, *args: str) -> str:
    try:
        result = subprocess.run(["git", "-C", root, *args], capture_output=True, text=True, timeout=10)
    except (OSError, subprocess.TimeoutExpired):
        return ""
    return result.stdout.strip() if result.returncode == 0 else ""
