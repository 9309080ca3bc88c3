"""Clinical reading: claims without a source are marked and listed, dose pages carry the
not-clinical-guidance notice, and the home page has a plain-language summary patients can read.

Expectations come from the pages themselves (marks and doses in the sources, the nav, the
summary's own words), never from a hard-coded list.
"""

from __future__ import annotations

import posixpath
import re

import pytest
from bs4 import BeautifulSoup

from conftest import ROOT
from living_review.core import clinical_claim_index as claims
from living_review.core.markdown_source import mask_code
from test_site import NAV_ORDER, SOURCES

PRINT = "92-print/index.html"
MAX_GRADE = 8.5  # US school grade, Flesch–Kincaid
WORDS = (150, 450)


def _source(src: str) -> str:
    return (ROOT / "docs" / src).read_text(encoding="utf-8")


def _built(src: str) -> str:
    return "index.html" if src == "index.md" else src.removesuffix(".md") + "/index.html"


def _html(built_site, path: str) -> BeautifulSoup:
    return BeautifulSoup((built_site / path).read_text(encoding="utf-8"), "html.parser")


def _resolve(from_path: str, href: str) -> tuple[str, str]:
    """A relative link of a built page as (built page path, anchor)."""
    path, _, anchor = href.partition("#")
    if not path:
        return from_path, anchor
    target = posixpath.normpath(posixpath.join(posixpath.dirname(from_path), path))
    return (f"{target}/index.html" if not target.endswith(".html") else target).removeprefix("./"), anchor


MARKS = {src: len(claims.find_marks(mask_code(_source(src)))) for src in SOURCES}
LIST_PAGE = next((src for src in SOURCES if claims.LIST_PLACEHOLDER in mask_code(_source(src))), None)


def test_every_mark_becomes_a_link_to_the_explanation_with_an_id_of_its_own(built_site):
    assert sum(MARKS.values()) > 0, "no page marks a claim: the convention is unused"
    for src, count in MARKS.items():
        page = _html(built_site, _built(src))
        marks = page.select(f"article a.{claims.MARK_CLASS}")
        assert [mark["id"] for mark in marks] == [f"{claims.ANCHOR_PREFIX}{n}" for n in range(1, count + 1)], src
        for mark in marks:
            assert mark.get_text() == claims.MARK_TEXT and mark.get("title") == claims.MARK_TITLE
            target, anchor = _resolve(_built(src), mark["href"])
            assert target == _built(LIST_PAGE), mark["href"]
            assert _html(built_site, target).find(id=anchor) is not None, f"{src}: {mark['href']} leads nowhere"
        assert claims.MARK not in page.select_one("article").get_text(), f"{src}: a mark was left as text"


def test_the_list_page_lists_every_marked_claim_in_reading_order_each_leading_to_it(built_site):
    about = _built(LIST_PAGE)
    links = [a for a in _html(built_site, about).select("article li > a")
             if claims.ANCHOR_PREFIX in a.get("href", "")]
    expected = [(_built(src), f"{claims.ANCHOR_PREFIX}{n}") for src in SOURCES for n in range(1, MARKS[src] + 1)]
    assert [_resolve(about, link["href"]) for link in links] == expected
    for link, (target, anchor) in zip(links, expected, strict=True):
        mark = _html(built_site, target).find(id=anchor)
        assert mark is not None and claims.MARK_CLASS in mark.get("class", [])
        assert link.get_text(strip=True), "a listed claim shows no text"


def test_the_print_view_keeps_every_mark(built_site):
    printed = _html(built_site, PRINT)
    assert len(printed.select(f"article a.{claims.MARK_CLASS}")) == sum(MARKS.values())


def _words(page: BeautifulSoup) -> str:
    article = page.select_one("article")
    for notice in article.select(".dose-notice"):
        notice.decompose()
    return article.get_text(" ")


def test_every_page_that_gives_doses_says_it_is_not_clinical_guidance_and_no_other(built_site):
    with_doses = 0
    for path in [*NAV_ORDER, PRINT]:
        page = _html(built_site, path)
        notices = [notice.get_text(" ") for notice in page.select("article .dose-notice")]
        gives_doses = claims.gives_doses(_words(page))
        with_doses += gives_doses
        assert len(notices) == (1 if gives_doses else 0), path
        if notices:
            assert "not clinical guidance" in notices[0].lower()
            assert not claims.gives_doses(notices[0]), "the notice itself must give no dose"
    doses_in_sources = sum(claims.gives_doses(mask_code(_source(src))) for src in SOURCES)
    assert with_doses >= doses_in_sources > 0


def _summary(built_site) -> list:
    home = _html(built_site, NAV_ORDER[0])
    heading = next((h for h in home.select("article h2") if "plain-language summary" in h.get_text().lower()), None)
    assert heading is not None, "the home page has no heading naming a plain-language summary"
    paragraphs = []
    for element in heading.find_next_siblings():
        if element.name in ("h1", "h2"):
            break
        if element.name == "p":
            paragraphs.append(element)
    return paragraphs


def test_the_plain_language_summary_is_short_plain_and_gives_no_dose(built_site):
    textstat = pytest.importorskip("textstat")
    text = " ".join(p.get_text(" ", strip=True) for p in _summary(built_site))
    words = textstat.lexicon_count(text)
    assert WORDS[0] <= words <= WORDS[1], f"{words} words"
    grade = textstat.flesch_kincaid_grade(text)
    assert grade <= MAX_GRADE, f"Flesch–Kincaid grade {grade}"
    assert not claims.gives_doses(text)


def test_each_paragraph_of_the_summary_links_to_the_section_it_summarises(built_site):
    pages = set(NAV_ORDER)
    for paragraph in _summary(built_site):
        targets = [_resolve(NAV_ORDER[0], a["href"]) for a in paragraph.find_all("a", href=True)
                   if not re.match(r"[a-z]+:", a["href"])]
        assert targets, f"this paragraph links to no section: {paragraph.get_text()[:60]}"
        for target, anchor in targets:
            assert target in pages, target
            if anchor:
                assert _html(built_site, target).find(id=anchor) is not None, f"{target}#{anchor}"


@pytest.mark.parametrize(("line", "problem"), [
    ("Peak levels come after one minute [uncited].", None),
    ("A bolus of 0.5 mg/kg relieved pain [@smith1987].", None),
    ("A bolus of 0.5 mg/kg relieved pain [uncited].", None),
    ("A bolus of 0.5 mg/kg (see [Doses](dosing.md#doses)).", None),
    ("A bolus of 0.5 mg/kg relieved pain.", "the dose '0.5 mg/kg' has no citation"),
    ("Ketamine binds opioid sites [@smith1987] [uncited].", "this claim cites a source"),
    ("Peak levels come [uncited] after one minute.", "put [uncited] at the end of the claim"),
    ("It wears off quickly [no source].", "write the mark for a claim without a source exactly"),
    ("An example in code: `0.5 mg/kg [Uncited]`.", None),
])
def test_a_line_is_read_as_the_rules_say(line, problem):
    from living_review.core.build_model import SourcePage

    page = SourcePage("index.md", "docs/index.md", "Home", f"# Home\n\n{line}\n\n\\uncited_claims\n")
    found = [p.message for p in claims.index_claims([page]).problems]
    if problem is None:
        assert found == []
    else:
        assert len(found) == 1 and found[0].startswith(problem), found
