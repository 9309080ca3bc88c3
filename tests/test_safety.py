"""Hostile input that is refused with a located error is pinned by the fixture sites' expected
messages (test_fixture_sites, test_author_check). Here: what the reader then receives. Values that
are allowed but hostile (a quote in a BibTeX title, markup in a front matter title) arrive as text,
and no page, with or without errors, carries live markup."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from bs4 import BeautifulSoup

from conftest import FIXTURES, build_fixture
from html_judge import live_markup
from test_fixture_sites import SITES

# Content-only attacks; a fixture with templates of its own (overrides/) changes code, which the
# finished-page check refuses (see test_a_template_s_script_is_refused_and_not_allowed_by_the_policy).
SAFETY = [name for name in SITES if name.startswith(("safety_", "html_unsafe"))
          and not (FIXTURES / name / "overrides").exists()]


@pytest.mark.parametrize("name", SAFETY)
def test_no_page_of_a_hostile_or_clean_fixture_carries_live_markup(name, tmp_path):
    build_fixture(name, tmp_path)  # refused or not, every page the build wrote is judged
    copied = FIXTURES / name / "docs"  # a refused .html file is copied as it is; the failed build stops it
    pages = [page for page in sorted(tmp_path.rglob("*.html")) if not (copied / page.relative_to(tmp_path)).exists()]
    assert pages, "the build wrote no page"
    live = {page.relative_to(tmp_path).as_posix(): live_markup(page.read_text(encoding="utf-8")) for page in pages}
    assert {page: found for page, found in live.items() if found} == {}


def test_bibtex_fields_reach_the_scholar_tags_as_text(tmp_path):
    assert build_fixture("safety_scholar_tags", tmp_path) == ([], None)
    home = BeautifulSoup((tmp_path / "index.html").read_text(encoding="utf-8"), "html.parser")
    meta = {}
    for tag in home.select('head meta[name^="citation_"]'):
        meta.setdefault(tag["name"], []).append(tag["content"])
    assert meta["citation_title"] == ['The "original" <article>']
    assert meta["citation_author"] == ['A "quoted" <author>']
    assert meta["citation_doi"] == ['10.1000/x"><script>alert(5)</script>']
    references = meta["citation_reference"]
    bib = (FIXTURES / "safety_scholar_tags" / "bib" / "refs.bib").read_text(encoding="utf-8")
    assert len(references) == bib.count("@article{")  # every work is cited once on the page
    title = 'citation_title=Quotes " close "><script>alert("title")</script> attributes'
    assert any(title in reference for reference in references)
    assert any('citation_journal_title=Pain"><script>alert(2)</script>' in reference for reference in references)


def test_front_matter_and_titles_reach_title_head_and_nav_as_text(tmp_path):
    build_fixture("safety_front_matter", tmp_path)  # two pages are refused; these two are written
    home = BeautifulSoup((tmp_path / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert home.title.get_text() == 'Doses "><script>alert(1)</script> - Fixture'
    assert home.select_one('meta[name="description"]')["content"] == 'A "quoted" <b>description</b>'
    nav = home.select_one("nav.md-nav--primary").get_text()
    assert 'Doses "><script>alert(1)</script>' in nav
    # Keys pages may not set (subtitle, status) are refused and never reach the theme, not even as text.
    assert "alert(2)" not in str(home) and "alert(3)" not in str(home)
    entity = BeautifulSoup((tmp_path / "entity" / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert entity.title.get_text() == "Title </title><script>alert(4)</script> - Fixture"
    assert entity.select_one("h1").get_text().startswith("Title </title><script>alert(4)</script>")


def test_escaped_titles_are_not_escaped_twice(tmp_path):
    """An ampersand in a title reads as one, in the title, the navigation and the footer's labels."""
    assert build_fixture("safety_front_matter_clean", tmp_path) == ([], None)
    html = (tmp_path / "index.html").read_text(encoding="utf-8")
    assert "&amp;amp;" not in html
    page = BeautifulSoup(html, "html.parser")
    assert page.title.get_text() == "Doses & routes - Fixture"
    assert "Ketamine & its <targets>" in page.select_one("nav.md-nav--primary").get_text()


def test_content_cannot_take_the_build_s_names_or_hide_text(tmp_path):
    """What readers get of the attacks in tests/fixtures/safety_trust (each refused, see expected.txt):
    no script in the table of contents, no theme value from the front matter, no fake reference
    under a real number, no fake editor's note at the real one's anchor, no text hidden by a comment."""
    messages, error = build_fixture("safety_trust", tmp_path)
    assert error is not None and messages
    home_html = (tmp_path / "index.html").read_text(encoding="utf-8")
    home = BeautifulSoup(home_html, "html.parser")
    toc = home.select_one(".md-sidebar--secondary").decode_contents()
    assert "<script" not in toc and "<i " not in toc and "Summary" in toc
    assert "alert(2)" not in home_html  # git_creation_date_localized never reached the theme
    # The hover of a citation clones the first element with the marker's target id: the real item.
    target = home.select_one(".citation a.footnote-ref")["href"].lstrip("#")
    assert [element.name for element in home.find_all(id=target)] == ["li"]
    assert home.select("[data-clipboard-text], .md-consent__overlay") == []
    forged_markers = home.select('article a.footnote-ref[href^="#ref-"]')
    assert [a for a in forged_markers if not a.find_parent(class_="citation")] == []
    assert "A section that a comment would hide." in home.get_text()
    forged = home.find(string=lambda text: "A forged placeholder" in text).parent
    assert forged.find_all(True) == []  # a placeholder written as character references stays text
    notes = BeautifulSoup((tmp_path / "notes" / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert notes.h1.get_text().startswith("Notes")  # `template: 404.html` was left out
    boxes = notes.select(".editor-note")
    assert [box.get("id") for box in boxes] == ["editor-note-the-real-note"]
    assert "The original misstates the dose" in boxes[0].get_text()
    printed = BeautifulSoup((tmp_path / "92-print" / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert [section["id"] for section in printed.select("section.print-section")] == ["index", "notes", "about",
                                                                                      "metadata"]
    metadata = BeautifulSoup((tmp_path / "metadata" / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert metadata.h1.get_text().startswith("Metadata")  # `template:` as MultiMarkdown metadata: left out too
    assert "A section that a comment would hide." in printed.get_text()
    entries = json.loads((tmp_path / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"]
    assert [entry for entry in entries if "tags" in entry or "http-equiv" in json.dumps(entry)] == []


def test_names_pages_may_use_work_as_written(tmp_path):
    """The clean twin: classes, ids, footnotes, code languages and a link to an editor's note's
    anchor all build, and keep their meaning."""
    assert build_fixture("safety_trust_clean", tmp_path) == ([], None)
    home = BeautifulSoup((tmp_path / "index.html").read_text(encoding="utf-8"), "html.parser")
    marker = home.select_one("sup a.footnote-ref")
    assert marker["href"] == "#fn:1" and home.find(id="fn:1") is not None  # the build's key is gone
    assert home.select_one("p.note") is not None
    assert "[@smith1987] in code stays code" in home.select_one("div.highlight").get_text()  # Pygments classes kept
    assert [h2["id"] for h2 in home.select("h2")] == ["summary", "sources", "references"]
    assert home.select_one('.md-sidebar--secondary a[href="#references"]').get_text(strip=True) == "References"
    notes = BeautifulSoup((tmp_path / "notes" / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert [box["id"] for box in notes.select("div.admonition.editor-note")] == ["editor-note-the-real-note"]
    assert notes.select_one("div.admonition.note") is not None


def test_a_template_s_script_is_refused_and_not_allowed_by_the_policy(tmp_path):
    """An inline script that starts as the theme's does fails the build (expected.txt), and the
    Content-Security-Policy, made from the theme's own templates, does not allow it."""
    from living_review.core.finished_page import script_hash

    messages, error = build_fixture("safety_theme_script", tmp_path)
    assert error is not None
    for page in ("index.html", "404.html"):
        html = BeautifulSoup((tmp_path / page).read_text(encoding="utf-8"), "html.parser")
        policy = html.select_one('meta[http-equiv="Content-Security-Policy"]')["content"]
        scripts = [script.string for script in html.find_all("script") if not script.get("src")
                   and script.get("type") != "application/json"]
        injected = [body for body in scripts if "document.title" in body]
        assert injected and script_hash(injected[0]) not in policy
        assert all(script_hash(body) in policy for body in scripts if body not in injected)


@pytest.mark.parametrize("flags", [["--strict"], ["--strict", "-q"], ["--strict", "-v"], [], ["-q"]],
                         ids=["strict", "strict-quiet", "strict-verbose", "not-strict", "quiet"])
def test_a_refusal_fails_the_build_however_mkdocs_is_run(flags, tmp_path):
    """MkDocs' `-q` keeps strict mode from counting warnings (mkdocs/mkdocs#4126), and a build
    without --strict counts none: the build counts its own errors and aborts with their number."""
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", *flags, "--site-dir", str(tmp_path / "site")],
                            cwd=FIXTURES / "safety_active_files", capture_output=True, text=True)
    assert result.returncode == 1, result.stderr
    expected = (FIXTURES / "safety_active_files" / "expected.txt").read_text(encoding="utf-8").splitlines()
    assert f"Aborted: {len(expected)} errors in the pages and files above (make check lists them all)" in result.stdout
    refused = [path for path in (FIXTURES / "safety_active_files" / "docs").rglob("*") if path.suffix != ".md"
               and path.is_file() and any(path.relative_to(FIXTURES / "safety_active_files").as_posix() in line
                                          for line in expected)]
    assert refused, "the fixture has no refused file"
    for path in refused:  # never published, whatever the outcome
        assert not (tmp_path / "site" / path.relative_to(FIXTURES / "safety_active_files" / "docs")).exists(), path
