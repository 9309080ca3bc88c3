"""The caches a build keeps beside mkdocs.yml, in `.cache/` (git-ignored), and the rule that keeps
a repository from holding one.

Core module (imports nothing from MkDocs). What the caches hold is trusted as the build's own work:
the parsed bibliography (a pickle, which runs code when read), the compiled templates (Python
bytecode), the digests of pages judged clean. A file there that git tracks came with a commit, not
from a build: a pull request could have written it to run code in CI or to pass a page unjudged.
So a build refuses to start, before any cache is read, while the repository holds one.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

FOLDER = ".cache"


def folder(config_file_path: str) -> Path:
    return Path(config_file_path).parent / FOLDER


def committed(config_file_path: str) -> list[str]:
    """The files under `.cache/` that git tracks (none outside a git checkout), as paths from the
    folder holding mkdocs.yml."""
    root = Path(config_file_path).parent
    listed = subprocess.run(["git", "-C", str(root), "ls-files", "-z", "--", FOLDER], capture_output=True)
    if listed.returncode != 0:
        return []
    return sorted(filter(None, listed.stdout.decode("utf-8", "replace").split("\0")))


def refusal(paths: list[str]) -> str:
    return (f"{', '.join(paths)}: the repository holds a file of the build's cache ({FOLDER}/), which only a "
            f"build may write: a committed one could run code or pass a page unchecked. Remove it from git "
            f"(git rm -r --cached {FOLDER}) and commit; the build then starts")
