"""Editions in small pieces: reading tags, comparing two editions, and the citation metadata files."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import feedparser
import pytest
import yaml
from mkdocs.config.defaults import MkDocsConfig
from pybtex.database import parse_string

from conftest import ROOT
from living_review.core import superseded_notice
from living_review.core.build_model import Build
from living_review.core.edition_changes import compare_objects, compare_pages, compare_references, token_diff
from living_review.core.edition_history import (
    Edition,
    EditionError,
    at_head,
    editions,
    last_change,
    read_all,
    tracked_files,
)
from living_review.steps import edition, theme_values

# Reading editions from tags


def _repo(tmp_path, *tags: tuple[str, str]):
    git = ["git", "-C", str(tmp_path), "-c", "user.name=T", "-c", "user.email=t@example.org"]
    subprocess.run([*git, "init", "--quiet"], check=True)
    (tmp_path / "docs").mkdir()
    for number, (tag, message) in enumerate(tags):
        (tmp_path / "docs" / "page.md").write_text(f"Text {number}.\n", encoding="utf-8")
        (tmp_path / "docs" / "same.md").write_text("Never changes.\n", encoding="utf-8")
        subprocess.run([*git, "add", "--all"], check=True)
        subprocess.run([*git, "commit", "--quiet", "-m", tag], check=True)
        args = ["tag", tag] if message is None else ["tag", "-a", tag, "-m", message]
        subprocess.run([*git, *args], check=True)
    return str(tmp_path)


def test_editions_come_from_annotated_tags_in_version_order(tmp_path):
    root = _repo(tmp_path, ("v1.9", "Nine.\n\nConclusions-changed: no"),
                 ("v1.10", "Ten.\n\nMore words.\n\nConclusions-changed: yes\nAssessed-up-to-date: 2026-01-31"),
                 ("v2.0-rc", "Not an edition.\n\nConclusions-changed: no"), ("v3.0", None))
    found = editions(root, "2024-02-01")
    assert [(e.name, e.summary, e.conclusions_changed, e.assessed) for e in found] == [
        ("v1.9", "Nine.", False, "2024-02-01"), ("v1.10", "Ten.\n\nMore words.", True, "2026-01-31")]
    assert at_head(root, found) is None  # HEAD carries only a lightweight tag: a draft
    history = [tracked_files(root, edition.name) for edition in found]
    assert last_change(history, ["docs/page.md"]) == 1 and last_change(history, ["docs/same.md"]) == 0
    assert last_change(history, ["docs/"]) == 1 and last_change(history, ["docs/none.md"]) is None


SOURCES = ["docs", "mkdocs.yml", ":(glob)bib/**/*.bib"]  # as the edition step passes them for this site


@pytest.mark.parametrize("edit", ["a changed page", "a new page", "a new bibliography file", "a changed mkdocs.yml"])
def test_a_tagged_commit_with_uncommitted_edits_is_a_draft(tmp_path, edit):
    root = _repo(tmp_path, ("v1.0", "One.\n\nConclusions-changed: no"))
    (tmp_path / "mkdocs.yml").write_text("site_name: T\n", encoding="utf-8")
    (tmp_path / ".gitignore").write_text("site/\n", encoding="utf-8")
    (tmp_path / "bib").mkdir()
    git = ["git", "-C", root, "-c", "user.name=T", "-c", "user.email=t@example.org"]
    subprocess.run([*git, "add", "--all"], check=True)
    subprocess.run([*git, "commit", "--quiet", "--amend", "--no-edit"], check=True)
    subprocess.run([*git, "tag", "--force", "-a", "v1.0", "-m", "One.\n\nConclusions-changed: no"],
                   check=True, capture_output=True)
    found = editions(root, "2024-02-01")
    # Clean, or with edits only where no edition's text comes from: the edition itself.
    (tmp_path / "README.md").write_text("Not the review.\n", encoding="utf-8")
    (tmp_path / "site").mkdir()
    (tmp_path / "site" / "index.html").write_text("built\n", encoding="utf-8")
    (tmp_path / "bib" / "notes.txt").write_text("not read\n", encoding="utf-8")
    assert at_head(root, found, SOURCES) == found[0]
    path, text = {"a changed page": ("docs/page.md", "Edited.\n"), "a new page": ("docs/new.md", "New.\n"),
                  "a new bibliography file": ("bib/more.bib", "@misc{k, title={T}}\n"),
                  "a changed mkdocs.yml": ("mkdocs.yml", "site_name: U\n")}[edit]
    (tmp_path / path).write_text(text, encoding="utf-8")
    assert at_head(root, found, SOURCES) is None


def test_a_tag_without_the_conclusions_line_is_reported_with_the_fix(tmp_path):
    root = _repo(tmp_path, ("v1.0", "Forgot the trailer."))
    with pytest.raises(EditionError, match=r"^tag v1.0: its message must end with a line 'Conclusions-changed: yes'"):
        editions(root, "2024-02-01")


def test_a_bad_assessed_date_is_reported(tmp_path):
    root = _repo(tmp_path, ("v1.0", "Summary.\n\nConclusions-changed: no\nAssessed-up-to-date: last week"))
    with pytest.raises(EditionError, match="'Assessed-up-to-date: last week' is not a date; write it as YYYY-MM-DD"):
        editions(root, "2024-02-01")


# Comparing two editions


def word_diff(old: str, new: str) -> list[tuple[str, str]]:
    """token_diff over words, spaces and single characters."""
    words = re.compile(r"\s+|\w+|[^\w\s]")
    return token_diff(words.findall(old), words.findall(new))


def test_token_diff_marks_only_the_changed_words():
    assert word_diff("A dose of 5 mg was given.", "A dose of 7 mg was given.") == [
        ("same", "A dose of "), ("removed", "5"), ("added", "7"), ("same", " mg was given.")]
    assert word_diff("same", "same") == [("same", "same")]


def test_pages_pair_a_reworded_sentence_and_list_added_and_removed_ones():
    old = {"a.md": "---\ndescription: x\n---\n\n# A\n\n## One {#one}\n\nFirst line stays.\nSecond line is here.\n"
                   "Third line goes away entirely now.\n", "gone.md": "# Gone\n\nText.\n"}
    new = {"a.md": "---\ndescription: y\n---\n\n# A\n\n## One {#one}\n\nFirst line stays.\nSecond line is there.\n"
                   "A completely unrelated addition appears.\n", "new.md": "# New\n\nText.\n"}
    pages = compare_pages(old, new)
    assert [(p.src_uri, p.title, p.status) for p in pages] == [
        ("a.md", "A", "changed"), ("new.md", "New", "added"), ("gone.md", "Gone", "removed")]
    changes = [(c.kind, c.old and c.old.text, c.new and c.new.text, (c.old or c.new).anchor)
               for c in pages[0].sentences]
    assert changes == [("changed", "Second line is here.", "Second line is there.", "one"),
                       ("removed", "Third line goes away entirely now.", None, "one"),
                       ("added", None, "A completely unrelated addition appears.", "one")]
    assert compare_pages({"a.md": "Same.\n"}, {"a.md": "Same.\n\n"}) == []  # blank lines are not sentences


def test_references_are_compared_by_key_and_field():
    old = parse_string("@article{a, author={Smith, J.}, title={T}, year={1897}}\n@book{b, title={B}, year={2000}}",
                       "bibtex")
    new = parse_string("@article{a, author={Smith, John}, title={T}, year={1987}}\n@misc{c, title={C}, year={2001}}",
                       "bibtex")
    assert [(c.key, c.kind, c.fields) for c in compare_references(old, new)] == [
        ("a", "corrected", [("author", "Smith, J.", "Smith, John"), ("year", "1897", "1987")]),
        ("c", "added", []), ("b", "removed", [])]


def test_tables_and_figures_change_with_their_rows_or_image_file():
    page = ("Table: Doses. {{#tbl:doses}}\n\n| a |\n|---|\n| {cell} |\n\n"
            "Figure: Time. {{#fig:time}}\n\n![t](figures/t.svg)\n")
    old, new = {"p.md": page.format(cell="1")}, {"p.md": page.format(cell="2")}
    images = {"figures/t.svg": b"<svg/>"}
    assert [(c.label, c.kind) for c in compare_objects(old, new, images.get, images.get)] == [("tbl:doses", "changed")]
    redrawn = {"figures/t.svg": b"<svg></svg>"}
    assert [(c.label, c.kind) for c in compare_objects(old, old, images.get, redrawn.get)] == [("fig:time", "changed")]


# Citation metadata


def test_citation_cff_is_valid_and_a_broken_one_is_not(tmp_path):
    cffconvert = [str(Path(sys.executable).parent / "cffconvert"), "--validate", "-i"]
    valid = subprocess.run([*cffconvert, str(ROOT / "CITATION.cff")], capture_output=True, text=True)
    assert valid.returncode == 0 and "valid according to schema version 1.2.0" in valid.stdout, valid.stderr
    broken = tmp_path / "CITATION.cff"
    broken.write_text((ROOT / "CITATION.cff").read_text(encoding="utf-8").replace("title:", "titel:", 1),
                      encoding="utf-8")
    assert subprocess.run([*cffconvert, str(broken)], capture_output=True).returncode != 0


def test_citation_files_agree_with_the_site():
    site = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
    cff = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    zenodo = json.loads((ROOT / ".zenodo.json").read_text(encoding="utf-8"))
    assert cff["url"] == site["site_url"] and cff["repository-code"] == site["repo_url"]
    assert cff["title"] == zenodo["title"]
    original = site["plugins"]["living-review"]["original_article"]["doi"]
    assert cff["references"][0]["doi"] == original
    assert {"identifier": original, "relation": "isDerivedFrom", "scheme": "doi",
            "resource_type": "publication-article"} in zenodo["related_identifiers"]
    assert cff["license"] == "CC-BY-4.0" and zenodo["license"] == "cc-by-4.0"


# The notice on a superseded edition's pages, and the feed


def test_the_notice_fills_only_the_slot_and_a_second_fill_replaces_the_first():
    page = f"<article>{superseded_notice.SLOT}<h1>Doses</h1></article>"
    once = superseded_notice.fill(page, "<p>newer: 1.1</p>")
    assert once == f"<article>{superseded_notice.START}<p>newer: 1.1</p>{superseded_notice.END}<h1>Doses</h1></article>"
    twice = superseded_notice.fill(once, "<p>newer: 1.2</p>")
    assert twice == once.replace("1.1", "1.2")  # superseded again: one notice, the newest
    assert superseded_notice.fill("<article><h1>Doses</h1></article>", "<p>x</p>") is None  # no slot: left alone


def test_the_notice_links_the_same_page_in_latest_or_its_home_page():
    latest = {"latest/index.html", "latest/04-doses/index.html"}
    assert superseded_notice.same_page_href("v1.0/04-doses/index.html", "latest", latest) == ("../../latest/04-doses/",
                                                                                            True)
    assert superseded_notice.same_page_href("v1.0/index.html", "latest", latest) == ("../latest/", True)
    assert superseded_notice.same_page_href("v1.0/05-gone/index.html", "latest", latest) == ("../../latest/", False)


def test_the_feed_shows_the_site_name_and_author_as_written(tmp_path):
    """theme_values escapes them for the theme; the feed, which escapes what it writes, gets them as written."""
    config = MkDocsConfig()
    config.load_dict({"site_name": "Tom & Jerry's <review>", "site_author": "O'Brien & co", "site_dir": str(tmp_path)})
    build = Build()
    theme_values.escape_site_values(build, config)
    assert config.site_name == "Tom &amp; Jerry&#x27;s &lt;review&gt;"  # what the theme writes
    summary = "Fixed a dose; R&D's \"notes\" <added>."
    build.edition = dict(site_root="https://example.org/review/", changelog=None,
                         published=[Edition("v1.0", "2026-12-02", summary, False, "2026-11-20")])
    edition.write_feed(build, config)
    feed = feedparser.parse((tmp_path / "feed.xml").read_bytes())
    assert not feed.bozo, feed.bozo_exception
    assert feed.feed.title == "Tom & Jerry's <review>: editions" and feed.feed.author == "O'Brien & co"
    assert feed.entries[0].summary.startswith(summary)


def test_the_feed_lists_editions_newest_first_and_holds_only_what_xml_can(tmp_path):
    """A control character in a tag's message would make feed readers refuse the whole file: it is dropped."""
    config = MkDocsConfig()
    config.load_dict({"site_name": "Review", "site_dir": str(tmp_path)})
    build = Build()
    theme_values.escape_site_values(build, config)
    build.edition = dict(site_root="https://example.org/review/", changelog=None,
                         published=[Edition("v1.0", "2026-01-02", "First\x07 edition", False, "2026-01-01"),
                                    Edition("v1.1", "2026-03-04", "Second edition", True, "2026-03-01")])
    edition.write_feed(build, config)
    feed = feedparser.parse((tmp_path / "feed.xml").read_bytes())
    assert not feed.bozo, feed.bozo_exception
    assert [entry.title for entry in feed.entries] == ["Edition 1.1: Second edition", "Edition 1.0: First edition"]
    assert feed.feed.updated.startswith("2026-03-04") and feed.entries[1].published.startswith("2026-01-02")
    assert [link.href for link in feed.feed.links] == ["https://example.org/review/latest/feed.xml",
                                                        "https://example.org/review/"]


def test_read_all_reads_many_files_of_a_revision_and_none_for_a_missing_one(tmp_path):
    git = ["git", "-C", str(tmp_path), "-c", "user.name=T", "-c", "user.email=t@example.org"]
    subprocess.run([*git, "init", "--quiet"], check=True)
    (tmp_path / "a.md").write_bytes(b"first\n")
    (tmp_path / "b.md").write_bytes(b"")  # an empty file is not a missing one
    subprocess.run([*git, "add", "."], check=True)
    subprocess.run([*git, "commit", "--quiet", "-m", "x"], check=True)
    assert read_all(str(tmp_path), ["HEAD:a.md", "HEAD:gone.md", "HEAD:b.md"]) == [b"first\n", None, b""]
    assert read_all(str(tmp_path), []) == []
