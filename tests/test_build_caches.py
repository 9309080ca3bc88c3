"""A repository that holds a file of the build's cache (`.cache/`) builds nothing, and `make check`
reports it, before any cache is read: a committed pickle or compiled template would run code, and a
committed list of clean pages would pass a page unjudged (core/build_caches.py). Its clean twin, the
same file written by a build and not committed, builds."""

from __future__ import annotations

import shutil
import subprocess

from conftest import FIXTURES
from living_review import check
from test_clean_pages import build_fixture_at

SITE = "review_without_settings_clean"


def _repository(tmp_path, *, commit_cache: bool):
    folder = tmp_path / "site-source"
    shutil.copytree(FIXTURES / SITE, folder, ignore=shutil.ignore_patterns(".cache"))
    (folder / ".cache").mkdir()
    (folder / ".cache" / "bibliography-0123.pickle").write_bytes(b"not a pickle the build wrote")
    git = ["git", "-C", str(folder), "-c", "user.name=T", "-c", "user.email=t@example.org"]
    subprocess.run([*git, "init", "--quiet"], check=True)
    subprocess.run([*git, "add", "docs", "bib", "mkdocs.yml"], check=True)
    if commit_cache:
        subprocess.run([*git, "add", "--force", ".cache"], check=True)
    subprocess.run([*git, "commit", "--quiet", "-m", "site"], check=True)
    return folder


def test_a_committed_cache_file_stops_the_build_and_make_check(tmp_path):
    folder = _repository(tmp_path, commit_cache=True)
    messages, error = build_fixture_at(folder, tmp_path / "site")
    assert error is not None
    [message] = messages
    assert message.startswith(".cache/bibliography-0123.pickle: the repository holds a file of the build's cache")
    assert "git rm -r --cached .cache" in message
    assert not (tmp_path / "site" / "index.html").exists()
    [problem] = check.check(str(folder / "mkdocs.yml"))
    assert (problem.path, problem.line) == (".cache/bibliography-0123.pickle", 1)


def test_a_cache_file_git_does_not_track_is_the_build_s_own(tmp_path):
    folder = _repository(tmp_path, commit_cache=False)
    assert build_fixture_at(folder, tmp_path / "site") == ([], None)
    assert check.check(str(folder / "mkdocs.yml")) == []
