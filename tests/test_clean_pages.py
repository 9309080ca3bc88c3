"""Finished pages judged clean are not judged again while nothing that decides the verdict has
changed (core/clean_pages.py); a page with a problem is judged, and reported, at every build."""

from __future__ import annotations

import shutil

from conftest import FIXTURES, ROOT
from living_review.core import finished_page
from living_review.core.clean_pages import CleanPages

SCRIPTS = frozenset({"var theme = 1"})
_CACHE = shutil.ignore_patterns(".cache")  # a fixture built in place (test_fixture_sites) has its own


def test_a_page_counts_as_judged_only_with_the_same_html_scripts_and_code(tmp_path):
    pages = CleanPages(tmp_path)
    digest = pages.digest("<p>Hi</p>", SCRIPTS)
    assert digest == CleanPages(tmp_path).digest("<p>Hi</p>", SCRIPTS)
    assert digest != pages.digest("<p>Hi!</p>", SCRIPTS)
    assert digest != pages.digest("<p>Hi</p>", SCRIPTS | {"var other = 2"})
    assert digest != pages.digest("<p>Hi</p>", frozenset())
    other_code = CleanPages(tmp_path)
    other_code.code = b"another version of the checking code"
    assert digest != other_code.digest("<p>Hi</p>", SCRIPTS)


def test_only_this_build_s_clean_pages_are_kept(tmp_path):
    first = CleanPages(tmp_path)
    kept, dropped = first.digest("<p>kept</p>", SCRIPTS), first.digest("<p>gone</p>", SCRIPTS)
    first.judged_clean(kept)
    first.judged_clean(dropped)
    first.store()
    second = CleanPages(tmp_path)
    assert second.is_known_clean(kept) and second.is_known_clean(dropped)
    second.store()  # this build saw only these two, both clean: kept
    third = CleanPages(tmp_path)
    assert third.is_known_clean(kept)
    third.store()  # it saw only `kept`
    assert not CleanPages(tmp_path).is_known_clean(dropped)


def test_a_page_with_a_problem_is_reported_at_every_build(tmp_path):
    site = tmp_path / "site"
    shutil.copytree(FIXTURES / "safety_theme_script", tmp_path / "fixture", ignore=_CACHE)
    shutil.copy(FIXTURES / "base.yml", tmp_path / "base.yml")
    first, _ = build_fixture_at(tmp_path / "fixture", site)
    second, _ = build_fixture_at(tmp_path / "fixture", site)
    planted = [message for message in first if "not one of the theme's" in message]
    assert len(planted) == 2 and [m for m in second if "not one of the theme's" in m] == planted


def test_an_unchanged_clean_page_is_not_judged_again(tmp_path, monkeypatch):
    judged = []
    original = finished_page.document_problems
    monkeypatch.setattr(finished_page, "document_problems", lambda *args: judged.append(1) or original(*args))
    shutil.copytree(FIXTURES / "review_without_settings_clean", tmp_path / "fixture", ignore=_CACHE)
    assert build_fixture_at(tmp_path / "fixture", tmp_path / "site") == ([], None)
    assert judged, "the first build judges every page"
    judged.clear()
    assert build_fixture_at(tmp_path / "fixture", tmp_path / "site") == ([], None)
    assert judged == [], "the second build finds every page judged clean"
    page = tmp_path / "fixture" / "docs" / "index.md"
    page.write_text(page.read_text(encoding="utf-8") + "\nOne more sentence.\n", encoding="utf-8")
    assert build_fixture_at(tmp_path / "fixture", tmp_path / "site") == ([], None)
    assert judged, "an edited page is judged afresh"


def test_a_clean_drawing_is_not_judged_again_and_a_hostile_one_at_every_build(tmp_path, monkeypatch):
    """source_rules.refused_files keeps the SVG files judged clean (CleanPages.for_drawings)."""
    from living_review.core import source_rules

    judged = []
    original = source_rules.docs_file_problems
    monkeypatch.setattr(source_rules, "docs_file_problems", lambda *args: judged.append(args[1]) or original(*args))
    fixtures = tmp_path / "tests" / "fixtures"  # where base.yml finds the site's overrides/
    for name in ("safety_svg_allowlist_clean", "safety_svg_allowlist"):
        shutil.copytree(FIXTURES / name, fixtures / name, ignore=_CACHE)
    shutil.copy(FIXTURES / "base.yml", fixtures / "base.yml")
    (tmp_path / "overrides").symlink_to(ROOT / "overrides")
    clean, hostile = fixtures / "safety_svg_allowlist_clean", fixtures / "safety_svg_allowlist"
    drawings = sorted(path.name for path in (clean / "docs").rglob("*.svg"))
    assert build_fixture_at(clean, tmp_path / "site")[0] == []
    assert sorted(uri.rsplit("/", 1)[-1] for uri in judged) == drawings, "the first build judges every drawing"
    judged.clear()
    assert build_fixture_at(clean, tmp_path / "site")[0] == [] and judged == [], "then none is judged again"
    first = [message for message in build_fixture_at(hostile, tmp_path / "site2")[0] if ".svg" in message]
    judged.clear()
    second = [message for message in build_fixture_at(hostile, tmp_path / "site2")[0] if ".svg" in message]
    assert first and second == first and judged, "a drawing with a problem is judged, and reported, every time"


def build_fixture_at(folder, site):
    """build_fixture for a copy of a fixture: its .cache/ then belongs to this test alone."""
    import logging

    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    from conftest import _Collect

    handler, error = _Collect(), None
    logging.getLogger("mkdocs").addHandler(handler)
    try:
        build(load_config(str(folder / "mkdocs.yml"), site_dir=str(site), strict=True))
    except MkDocsException as exc:
        error = exc
    finally:
        logging.getLogger("mkdocs").removeHandler(handler)
    return handler.messages, error
