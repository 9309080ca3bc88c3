"""Shared test set-up: the real site, built once per session, and a builder for fixture sites."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
BUNDLE = "ketamine-chronic-pain-review"  # the offline bundle's folder and zip name (Makefile)

os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")


def _last_commit_time() -> str:
    try:
        result = subprocess.run(["git", "log", "-1", "--format=%ct"], cwd=ROOT, capture_output=True, text=True)
        return result.stdout.strip()
    except OSError:  # no git at all
        return ""


# As `make` does: dates in the output come from the last commit, so every build of a session
# (MkDocs' and ProperDocs', hosted and offline) writes the same dates, even across midnight.
if last_commit := _last_commit_time():
    os.environ.setdefault("SOURCE_DATE_EPOCH", last_commit)

@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    """The real site, built once with `mkdocs build --strict`, as a reader gets it."""
    site = tmp_path_factory.mktemp("site")
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site)],
        cwd=ROOT, capture_output=True, text=True,
    )
    assert result.returncode == 0, f"strict build failed:\n{result.stderr}"
    warnings = [line for line in result.stderr.splitlines() if line.startswith("WARNING")]
    assert warnings == [], "\n".join(warnings)
    return site


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium, one for the whole session (Playwright's sync API runs one at a time)."""
    from playwright.sync_api import sync_playwright

    from browser import CHROMIUM, FLAGS, require_chromium

    require_chromium()
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="session")
def pages(built_site) -> dict[str, BeautifulSoup]:
    """Every HTML page of the built site, parsed, keyed by its path in the site (shared: copy before changing)."""
    return {path.relative_to(built_site).as_posix(): BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
            for path in built_site.rglob("*.html")}


@pytest.fixture(scope="session")
def bibliography():
    """Every entry of bib/*.bib, parsed (pybtex entries by key)."""
    from living_review.core.bibtex_rules import read_bibliography

    files = [(p.relative_to(ROOT).as_posix(), p.read_bytes()) for p in sorted((ROOT / "bib").glob("*.bib"))]
    entries, _, problems = read_bibliography(files)
    assert problems == []
    return entries.entries


@pytest.fixture(scope="session")
def offline_zip(tmp_path_factory) -> Path:
    """The zip `make offline` writes, as readers download it."""
    dist = tmp_path_factory.mktemp("dist")
    # Built with the packages that run the tests (`make upgrade-check` runs them in a scratch venv).
    venv = [f"VENV={sys.prefix}"] if sys.prefix != sys.base_prefix else []
    result = subprocess.run(["make", "--no-print-directory", "offline", f"DIST={dist}", *venv], cwd=ROOT,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    archive = dist / f"{BUNDLE}-offline.zip"
    assert f"{archive}: " in result.stdout and " MB" in result.stdout  # it prints its size
    assert archive.stat().st_size <= 5_000_000
    return archive


@pytest.fixture(scope="session")
def offline_bundle(offline_zip, tmp_path_factory) -> Path:
    """The zip `make offline` writes, unzipped into an empty folder: the site a reader opens from disk."""
    unpacked = tmp_path_factory.mktemp("unzipped")
    with zipfile.ZipFile(offline_zip) as bundle:
        assert {name.split("/")[0] for name in bundle.namelist()} == {BUNDLE}
        bundle.extractall(unpacked)
    return unpacked / BUNDLE


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def build_fixture(name: str, site_dir: Path) -> tuple[list[str], Exception | None]:
    """Build `tests/fixtures/<name>` strictly, in-process; return its warnings and any abort."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    handler = _Collect()
    logger = logging.getLogger("mkdocs")
    logger.addHandler(handler)
    error = None
    try:
        config = load_config(str(FIXTURES / name / "mkdocs.yml"), site_dir=str(site_dir), strict=True)
        build(config)
    except MkDocsException as exc:  # PluginError, or Abort for warnings in strict mode
        error = exc
    finally:
        logger.removeHandler(handler)
    return handler.messages, error


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    """Keep each phase's report on the test item, so fixtures can tell a failed test (screenshots)."""
    report = yield
    setattr(item, f"rep_{report.when}", report)
    return report
