"""Hostile input that is refused with a located error is pinned by the fixture sites' expected
messages (test_fixture_sites, test_author_check). Here: what the reader then receives. Values that
are allowed but hostile (a quote in a BibTeX title, markup in a front matter title) arrive as text,
and no page, with or without errors, carries live markup."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

from conftest import FIXTURES, build_fixture
from html_judge import live_markup
from test_fixture_sites import SITES

SAFETY = [name for name in SITES if name.startswith(("safety_", "html_unsafe"))]


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
