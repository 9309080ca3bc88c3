"""Every failure mode has a tiny site under tests/fixtures/ and a clean twin.

Each fixture holds `expected.txt`: the exact warnings its strict build must log, in order.
A clean twin's file is empty: its build must log nothing at all and succeed.
"""

from __future__ import annotations

import logging
import re

import pytest

from conftest import FIXTURES, build_fixture
from living_review.core.link_rules import DropReportedLinks

SITES = sorted(path.name for path in FIXTURES.iterdir() if (path / "expected.txt").exists())


@pytest.mark.parametrize("name", SITES)
def test_fixture_reports_exactly_the_expected_warnings(name, tmp_path):
    expected = (FIXTURES / name / "expected.txt").read_text(encoding="utf-8").splitlines()
    messages, error = build_fixture(name, tmp_path)
    assert [line for message in messages for line in message.splitlines()] == expected
    if expected:
        assert error is not None, "a site with author errors must fail the strict build"
    else:
        assert error is None, f"the clean twin must build: {error}"


def test_every_failing_fixture_has_a_clean_twin():
    failing = [name for name in SITES if not name.endswith("_clean")]
    assert failing, "no fixture sites found"
    missing = [name for name in failing if f"{name}_clean" not in SITES]
    assert missing == []


def test_mkdocs_own_link_warning_is_dropped_only_where_ours_named_that_link():
    """MkDocs' unlocated duplicate goes; its warning about a link our check cannot see (say, in an
    included file) stays, so no broken link passes silently."""

    def record(message: str) -> logging.LogRecord:
        return logging.LogRecord("mkdocs.structure.pages", logging.WARNING, __file__, 1, message, None, None)

    drop_mkdocs_duplicate = DropReportedLinks({("index.md", "dosing.md#regimen")}).filter
    ours = "Doc file 'index.md' contains a link 'dosing.md#regimen', but the doc 'dosing.md' does not contain an anchor"
    unseen = "Doc file 'index.md' contains a link 'other.md', but the target is not found among documentation files."
    assert drop_mkdocs_duplicate(record(ours)) is False
    assert drop_mkdocs_duplicate(record(unseen)) is True
    assert drop_mkdocs_duplicate(record("Some other warning")) is True


def test_indented_code_shows_citations_as_written_and_a_box_s_body_cites(tmp_path):
    """tests/fixtures/citations_in_indented_code_clean: what its build must not report is on the page as code."""
    from bs4 import BeautifulSoup

    assert build_fixture("citations_in_indented_code_clean", tmp_path) == ([], None)
    article = BeautifulSoup((tmp_path / "index.html").read_text(encoding="utf-8"), "html.parser").article
    code = [pre.get_text() for pre in article.find_all("pre")]
    assert len(code) == 3 and "Ketamine helps chronic pain [@bell2009]." in code[0]
    assert all("[@nobody2020]" in block for block in code)
    assert article.select("pre a.footnote-ref") == []
    # The list item's continuation and the editor's note's body are text: their citations are live.
    assert [a["href"] for a in article.select("li > p a.footnote-ref")] == ["#ref-bell2009", "#ref-smith1987"]
    assert [a["href"] for a in article.select(".editor-note > p a.footnote-ref")] == ["#ref-smith1987"]


def test_a_review_with_no_settings_gets_numbers_previews_lists_and_cross_references(tmp_path):
    """tests/fixtures/review_without_settings_clean names only `plugins: [search, living-review]`.
    Its expectations come from its own bib/ and pages: each work numbered in order of first citation,
    the plugin's previews, a list under each page (by number), every work on the page that asks for them all."""
    from bs4 import BeautifulSoup

    from living_review.core.markdown_source import find_citations

    site = FIXTURES / "review_without_settings_clean"
    assert build_fixture("review_without_settings_clean", tmp_path) == ([], None)
    pages = ["index.md", "01-caffeine.md", "90-references.md"]  # its nav
    order = list(dict.fromkeys(key for src in pages for citation in find_citations((site / "docs" / src).read_text())
                               if not citation.is_cross_reference for key in citation.keys))
    assert len(order) == (site / "bib" / "refs.bib").read_text().count("\n@") + 1
    for src in pages:
        html = BeautifulSoup((tmp_path / src.replace("index.md", "").replace(".md", "/") / "index.html").read_text(),
                             "html.parser")
        assert html.find("script", src=re.compile(r"assets/living-review/previews\.js$")) is not None
        article = html.article
        markers = [(a.get_text(), a["href"].removeprefix("#ref-")) for a in article.select("a.footnote-ref")]
        assert all(number == str(order.index(key) + 1) for number, key in markers)
        listed = [li["id"].removeprefix("ref-") for li in article.select("ol.references > li")]
        if src == "90-references.md":
            assert listed == order and markers == []
        else:
            assert listed == sorted({key for _, key in markers}, key=order.index) != []  # by number
    # The edition's status box, with no edition and no original article to date the evidence by.
    assert '<div class="edition-status"><p><strong>Draft</strong>' in (tmp_path / "index.html").read_text()
    caffeine = (tmp_path / "01-caffeine" / "index.html").read_text()
    assert '<a class="cross-reference" href="#tbl:caffeine-trials">Table 1</a>' in caffeine
    assert '<p class="caption" id="tbl:caffeine-trials"><strong>Table 1.</strong>' in caffeine


def test_a_site_s_custom_dir_overrides_the_plugin_s_templates(tmp_path):
    """tests/fixtures/templates_overridden_clean has, in its custom_dir, its own
    `living-review/edition-status.html` (which the plugin renders) and `living-review/dose-notice.html`
    (which its main.html includes): each of them is on the page and the plugin's own is not. The cite
    box, which it does not override, is the plugin's."""
    from bs4 import BeautifulSoup

    assert build_fixture("templates_overridden_clean", tmp_path) == ([], None)
    article = BeautifulSoup((tmp_path / "index.html").read_text(encoding="utf-8"), "html.parser").article
    [status] = article.select(".edition-status")
    assert status.get_text() == "This review's own status box: new editions."
    assert status.a["href"].endswith("/latest/feed.xml"), "the override gets the plugin's values"
    assert "Draft" not in article.get_text() and "Evidence assessed" not in article.get_text()
    [notice] = article.select(".dose-notice")
    assert notice.get_text(" ") == "Doses as reported This review's own notice."
    assert "Not clinical guidance" not in article.get_text()
    [citation] = article.select(".edition-citation")
    assert citation.get_text() == "No edition of this web edition has been published yet: cite the original article."
