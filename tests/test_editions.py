"""Editions, end to end, in a temporary copy of the repository: publish edition v1.0; reword one
cited sentence, remove another, add a reference (cited on another page), correct a field of an
existing one, change one table cell and add a page with a table; publish v1.1, and check what
`make editions`, `make pdf` and `make changes` give readers. The edits are chosen from the pages
themselves, so new content never needs a change here."""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

import feedparser
import pytest
import yaml
from axe_playwright_python.sync_playwright import Axe
from bs4 import BeautifulSoup
from playwright.sync_api import expect
from pybtex.richtext import Text

from browser import ARTIFACTS, PREVIEW, csp_violations, open_visit, require_chromium, require_command
from conftest import ROOT
from living_review.core import superseded_notice
from living_review.core.bibtex_rules import read_bibliography
from living_review.core.clinical_claim_index import MARK, MARK_TEXT
from living_review.core.edition_history import at_head, editions, long_date
from test_browser import WCAG_22_AA, _serve

SITE_PATH = urlsplit(yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
                     ["site_url"]).path  # /ketamine-chronic-pain/
NEW_KEY = "editiontest2099"
NEW_WORD = "notably"
NEW_CELL = "editioncell2099"  # one word no cell holds: the diff must mark the whole old cell and this one
BODY = "A new page summarizes\nthe guidelines."  # the tag's body, apart from its summary line
NEW_PAGE = "12-edition-test.md"
SHOTS = ARTIFACTS / "editions"  # screenshots of what readers see, kept after every run


@dataclass
class Published:
    repo: Path
    site: Path  # site-editions/
    v10_before: dict[str, str]  # v1.0's files (path -> sha256) right after it was published
    sentence: tuple[str, str, str]  # page, line before, line after
    citing: tuple[str, str]  # page, the added line
    table: tuple[str, str, str, str]  # page, label, row before, row after
    removed: tuple[str, str]  # page, the removed line
    new_page: tuple[str, str, str]  # file, title, its section's title
    corrected: tuple[str, str, str, str]  # key, field, before, after
    editions_output: str = ""  # what `make editions` printed when it published v1.1


@pytest.fixture(scope="module")
def published(tmp_path_factory) -> Published:
    repo = tmp_path_factory.mktemp("editions") / "repo"
    _copy_project(repo)
    _git(repo, "init", "--quiet", "--initial-branch=main")
    _git(repo, "add", "--all")
    _git(repo, "commit", "--quiet", "-m", "The review")
    _git(repo, "tag", "-a", "v1.0", "-m", "First edition.\n\nConclusions-changed: no")
    _make(repo, "editions")
    v10_before = _hashes(repo / "site-editions" / "v1.0")
    sentence, citing, table, removed, new_page, corrected = _edit(repo)
    _git(repo, "add", "--all")
    _git(repo, "commit", "--quiet", "-m", "Edits for edition 1.1")
    _git(repo, "tag", "-a", "v1.1", "-m", "Added a trial; corrected a table.\n\n"
         f"{BODY}\n\nConclusions-changed: yes\nAssessed-up-to-date: 2026-11-20")
    editions_output = _make(repo, "editions")
    return Published(repo, repo / "site-editions", v10_before, sentence, citing, table, removed, new_page, corrected,
                     editions_output)


@pytest.fixture(scope="module")
def pdf(published) -> Path:
    """v1.1 as `make pdf` prints it (with Chromium), for the PDF test alone: without Chromium or
    poppler-utils the other tests of editions still run."""
    require_chromium()
    for command in ("pdftotext", "pdftoppm"):
        require_command(command, "poppler-utils")
    _make(published.repo, "pdf")
    return published.repo / "dist" / "ketamine-chronic-pain-review-v1.1.pdf"


@pytest.fixture(scope="module")
def hosted(published):
    """The published editions served over http as GitHub Pages serves them, under SITE_PATH: the root URL."""
    serve_root = published.repo.parent / "serve"
    (serve_root / SITE_PATH.strip("/")).parent.mkdir(parents=True, exist_ok=True)
    if not (serve_root / SITE_PATH.strip("/")).exists():
        (serve_root / SITE_PATH.strip("/")).symlink_to(published.site, target_is_directory=True)
    base, stop = _serve(serve_root)
    yield base
    stop()


def test_versions_json_lists_both_editions_and_the_root_goes_to_latest(published):
    versions = json.loads((published.site / "versions.json").read_text(encoding="utf-8"))
    assert [item["version"] for item in versions] == ["v1.1", "v1.0"]
    assert versions[0]["aliases"] == ["latest"] and versions[1]["aliases"] == []
    assert {path.name for path in published.site.iterdir()} == {"index.html", "versions.json", ".nojekyll",
                                                                  "v1.0", "v1.1", "latest"}
    redirect = BeautifulSoup((published.site / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert redirect.find("meta", attrs={"http-equiv": "refresh"})["content"] == "0; url=latest/"
    assert redirect.find("script") is None
    assert _hashes(published.site / "latest") == _hashes(published.site / "v1.1")


def test_older_edition_is_frozen_and_each_holds_its_own_text(published):
    # Never rebuilt: byte for byte as published, but for the notice in its pages' slots.
    assert _hashes(published.site / "v1.0", without_notice=True) == published.v10_before
    page, before, after = published.sentence
    assert _line_in(published.site / "v1.0", page, before) and not _line_in(published.site / "v1.0", page, after)
    assert _line_in(published.site / "v1.1", page, after) and not _line_in(published.site / "v1.1", page, before)


def test_changes_section_lists_exactly_the_changes(published):
    changes = _changes(published.site / "v1.1")
    sentence_page, before, after = published.sentence
    citing_page, added = published.citing
    table_page, label, row_before, row_after = published.table
    removed_page, removed = published.removed
    new_file, new_title, new_section = published.new_page
    changed = {_title(published.repo, page) for page in (sentence_page, citing_page, table_page, removed_page)}
    pages = {page.h4.get_text(" ", strip=True).removesuffix(" ¶"): page
             for page in changes.select(".edition-change-page")}
    assert set(pages) == changed | {f"New page: {new_title}"}
    items = {title: [(li["class"][1], li) for li in page.select("li.edition-change")] for title, page in pages.items()}
    # The reworded sentence: only the new word is marked, and its citation reads as a number.
    [(kind, item)] = items[_title(published.repo, sentence_page)]
    assert kind == "edition-change--changed"
    assert [ins.get_text().strip() for ins in item.find_all("ins")] == [NEW_WORD] and item.find("del") is None
    assert item.select("a.footnote-ref[aria-describedby]") and "[@" not in item.get_text()
    # The new sentence citing the new reference, and the removed sentence, whole.
    [(kind, item)] = items[_title(published.repo, citing_page)]
    number = _page(published.site / "v1.1", "90-references.md").find(id=f"ref-{NEW_KEY}")["value"]
    [table_name] = [link.get_text() for link in item.select("a.cross-reference")]  # "Table N", with its preview
    assert kind == "edition-change--added" and item.find("ins").get_text() == \
        added.replace(f"[@{NEW_KEY}]", f"[{number}]").replace(f"[@{label}]", table_name)
    [(kind, item)] = items[_title(published.repo, removed_page)]
    assert kind == "edition-change--removed" and _words(item.find("del").get_text()) == _words(removed)
    # The table, as a table: the old cell struck through and the new one marked, in the same row.
    [table] = pages[_title(published.repo, table_page)].select(".edition-change-object table")
    [row] = table.select("tr.edition-change-row--changed")
    assert [ins.get_text() for ins in row.find_all("ins")] == [NEW_CELL]
    assert [d.get_text() for d in row.find_all("del")] == [_last_cell(row_before).replace(MARK, MARK_TEXT)]
    assert not items[_title(published.repo, table_page)]  # its row is not listed again as a sentence
    # The new page, by its title, with its sections linked.
    new_page = pages[f"New page: {new_title}"]
    assert [a.get_text() for a in new_page.select("ul a")] == [new_section]
    # References: the new one formatted with its number; the corrected one names its field.
    references = {li["class"][1]: li for li in changes.select("#edition-changes-references + ul > li")}
    assert set(references) == {"edition-change--added", "edition-change--corrected"}
    assert f"{number}. Tester A. An edition test." in references["edition-change--added"].get_text(" ", strip=True)
    key, field, old_value, new_value = published.corrected
    [correction] = references["edition-change--corrected"].select("ul > li")
    assert correction.get_text(" ", strip=True) == f"{field.capitalize()}: {old_value} → {new_value}"
    assert "Conclusions changed: yes" in changes.get_text()


def test_changes_section_shows_no_markdown_or_bibtex_and_cites_as_the_pages_do(published):
    changelog = _page(published.site / "v1.1", "93-changelog.md")
    changes = changelog.select_one(".edition-changes")
    text = changes.get_text(" ")
    for syntax in ("[@", "{#", "|---", "](", "# ", "@article", "\\", "**"):
        assert syntax not in text, syntax
    # Summary and body of the tag, apart; the curated changelog is not listed again.
    summary = changes.select_one(".edition-summary")
    assert [p.get_text() for p in summary.find_all("p")] == ["Added a trial; corrected a table.",
                                                             " ".join(BODY.split())]
    assert _title(published.repo, "93-changelog.md") not in {h.get_text() for h in changes.find_all("h4")}
    # Search leaves the section out: it repeats sentences of other pages.
    index = json.loads((published.site / "v1.1" / "search" / "search_index.json").read_text(encoding="utf-8"))
    changelog_entries = [doc for doc in index["docs"] if doc["location"].startswith("93-changelog/")]
    assert changelog_entries and not [doc["location"] for doc in changelog_entries
                                      if NEW_WORD in doc["text"] or "Reworded" in doc["text"] or not doc["title"]]
    # Every marker leads to the page's own list and is described by its reference (the previews).
    markers = changes.select("a.footnote-ref")
    assert markers
    for marker in markers:
        assert changelog.find(id=marker["href"][1:]) is not None
        assert changelog.find(id=marker["aria-describedby"]) is not None


def test_make_changes_prints_the_working_tree_s_changes_as_markdown(published):
    sentence_page, _, after = published.sentence
    page = published.repo / "docs" / sentence_page
    original = _text(page)
    try:
        _replace(page, after, after.replace(NEW_WORD, f"{NEW_WORD} *clearly*", 1))
        printed = _make(published.repo, "changes")
    finally:
        page.write_text(original, encoding="utf-8")
    assert "## Changes since the latest edition" in printed
    assert "Compared with edition 1.1" in printed
    assert f"### {_title(published.repo, sentence_page)}" in printed
    assert "<ins>*clearly*</ins>" in printed and "[@" not in printed
    assert "No reference changed." in printed


def test_every_link_in_the_changes_section_resolves(published):
    changelog = published.site / "v1.1" / "93-changelog" / "index.html"
    links = _changes(published.site / "v1.1").find_all("a")
    assert links
    for link in links:
        url = urlsplit(link["href"])
        if url.scheme:  # a reference's DOI or PubMed link; no link within the site is absolute
            assert url.netloc != urlsplit(SITE_PATH).netloc and "doi.org" in url.netloc or "pubmed" in url.netloc, url
            continue
        target = (changelog.parent / unquote(url.path)).resolve() / "index.html"
        assert target.is_file(), link["href"]
        # "edition 1.0" leads to it; so may a link in removed words; every other link stays in this edition.
        edition = target.relative_to(published.site.resolve()).parts[0]
        if link.get_text() == "edition 1.0":
            assert edition == "v1.0", link["href"]
        elif link.find_parent("del") is None:
            assert edition == "v1.1", link["href"]
        if url.fragment:
            page = BeautifulSoup(target.read_text(encoding="utf-8"), "html.parser")
            assert page.find(id=unquote(url.fragment)) is not None, link["href"]


def test_first_edition_says_it_is_the_first(published):
    assert "Edition 1.0 is the first edition" in _changes(published.site / "v1.0").get_text()


def test_every_page_says_which_edition_last_changed_it(published):
    edited = {published.sentence[0], published.citing[0], published.table[0], published.removed[0],
              published.new_page[0]}
    for source in sorted((published.repo / "docs").glob("*.md")):
        page = _page(published.site / "v1.1", source.name)
        note = page.select_one(".edition-note").get_text()
        # The References page shows the bibliography, the whole-review page every page: both changed.
        shows_changes = source.name in edited or any(marker in _text(source) for marker in (
            "\\full_bibliography", "\\print_review"))
        expected = "1.1" if shows_changes else "1.0"
        assert note == f"This page last changed in edition {expected}.", source.name


def test_cite_box_home_page_and_scholar_tags_name_the_edition(published):
    url = f"https://ketamine-review.github.io{SITE_PATH}v1.1/"
    for source in ("index.md", "91-about.md"):
        box = _page(published.site / "v1.1", source).select_one(".edition-citation").get_text(" ")
        assert "edition 1.1" in box and url in box and "edition      = {1.1}" in box
    home = _page(published.site / "v1.1", "index.md")
    status = home.select_one(".edition-status").get_text(" ", strip=True)
    assert "Edition 1.1" in status and "Conclusions changed since the previous edition: yes" in status
    assert "Evidence assessed as up to date: 20 November 2026" in status
    old_status = _page(published.site / "v1.0", "index.md").select_one(".edition-status").get_text(" ", strip=True)
    assert "Evidence assessed as up to date: 1 February 2024" in old_status and "The first edition" in old_status
    meta = {tag["name"]: tag["content"] for tag in home.find_all("meta", attrs={"name": re.compile("^citation_")})}
    assert meta["citation_version"] == "1.1" and meta["citation_fulltext_html_url"] == url
    assert meta["citation_pdf_url"].endswith("/releases/download/v1.1/ketamine-chronic-pain-review-v1.1.pdf")


def test_feed_lists_each_edition_and_every_page_links_to_it(published):
    feed = feedparser.parse((published.site / "latest" / "feed.xml").read_bytes())
    assert not feed.bozo, feed.bozo_exception
    assert [entry.title.split(":")[0] for entry in feed.entries] == ["Edition 1.1", "Edition 1.0"]
    newest = feed.entries[0]
    assert newest.link.endswith(f"{SITE_PATH}v1.1/93-changelog/#edition-changes")
    assert "Conclusions changed: yes" in newest.summary and "Added a trial" in newest.summary
    assert newest.updated.startswith(_git(published.repo, "log", "-1", "--format=%cs", "v1.1").strip())
    for edition in ("v1.0", "v1.1"):
        for path in (published.site / edition).rglob("*.html"):
            if path.name == "404.html":  # served at any depth: it links from the site's root URL
                continue
            links = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser").find_all(
                "link", rel="alternate", type="application/atom+xml")
            assert [(path.parent / link["href"]).resolve() for link in links] == [
                (published.site / "latest" / "feed.xml").resolve()], path


def test_pdf_holds_every_heading_and_reference_and_no_placeholder(published, pdf):
    assert pdf.is_file()
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout
    squeezed = re.sub(r"\s+", "", text)
    for source in sorted((published.repo / "docs").glob("*.md")):
        if source.name == "92-print.md":
            continue
        for heading in re.findall(r"^#{1,3} (.+?)(?:\s*\{#[^}]*\})?\s*$", _body(source), re.MULTILINE):
            assert re.sub(r"\s+", "", heading.replace("*", "")) in squeezed, f"{source.name}: {heading}"
    bib = [(p.name, p.read_bytes()) for p in sorted((published.repo / "bib").glob("*.bib"))]
    for key, entry in read_bibliography(bib)[0].entries.items():
        title = Text.from_latex(entry.fields["title"]).render_as("text")
        assert re.sub(r"\s+", "", title)[:40] in squeezed, key
    for leftover in ("\\print_review", "\\edition_changes", "\\full_bibliography", "\\page_references",
                     "edition-status", "edition-citation"):
        assert leftover not in text
    assert not re.search("[\ue000-\ue01f]", text)
    assert "Edition 1.1" in text and "Page 1 of" in text and "up to date: 20 November 2026" in text
    SHOTS.mkdir(parents=True, exist_ok=True)
    subprocess.run(["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", "-singlefile", str(pdf),
                    str(SHOTS / "pdf-first-page")], check=True)


def test_version_selector_keeps_the_reader_on_the_same_page(published, hosted, browser):
    base = hosted
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        page = published.sentence[0].removesuffix(".md")
        visit = open_visit(context, f"{base}{SITE_PATH.lstrip('/')}v1.1/{page}/")
        selector = visit.page.locator(".md-version")
        expect(selector.locator(".md-version__current")).to_have_text(re.compile("Edition 1.1"), timeout=10_000)
        selector.hover()
        expect(selector.locator(".md-version__link", has_text="Edition 1.0")).to_be_visible()
        SHOTS.mkdir(parents=True, exist_ok=True)
        visit.page.wait_for_timeout(400)  # the list fades in
        visit.page.screenshot(path=str(SHOTS / "version-selector.png"))
        selector.locator(".md-version__link", has_text="Edition 1.0").click()
        visit.page.wait_for_url(f"**/v1.0/{page}/", timeout=10_000)
        expect(visit.page.locator(".md-version__current")).to_have_text(re.compile("Edition 1.0"))
        assert visit.errors == [], (visit.errors, visit.foreign_requests(base))
        changes = open_visit(context, f"{base}{SITE_PATH.lstrip('/')}v1.1/93-changelog/")
        changes.page.locator(".edition-changes").screenshot(path=str(SHOTS / "changes-section.png"))
        about = open_visit(context, f"{base}{SITE_PATH.lstrip('/')}latest/91-about/")
        about.page.locator(".edition-citation").screenshot(path=str(SHOTS / "cite-box.png"))
        assert changes.errors == [] and about.errors == []
    finally:
        context.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_changes_section_previews_its_citations_and_meets_wcag_22_aa(published, hosted, browser, scheme):
    """In the changes section, a marker's preview shows its reference, as on any page; axe-core's
    WCAG 2.2 A and AA rules find nothing in the section with that preview open."""
    base = hosted
    context = browser.new_context(viewport={"width": 1280, "height": 900}, color_scheme=scheme)
    try:
        visit = open_visit(context, f"{base}{SITE_PATH.lstrip('/')}v1.1/93-changelog/")
        marker = visit.page.locator(".edition-changes ins a.footnote-ref").first
        key = marker.get_attribute("href").removeprefix("#ref-")
        marker.scroll_into_view_if_needed()
        marker.hover()
        preview = visit.page.locator(PREVIEW)
        expect(preview).to_be_visible()
        expected = visit.page.locator(f"#ref-{key}-text").text_content()
        assert " ".join(expected.split())[:40] in " ".join(preview.text_content().split())
        visit.page.screenshot(path=str(SHOTS / f"changes-preview-{scheme}.png"))
        result = Axe().run(visit.page, context={"include": [[".edition-changes"]]},
                           options={"runOnly": {"type": "tag", "values": WCAG_22_AA}})
        assert [f"{v['id']}: {[n['target'] for n in v['nodes']][:3]}" for v in result.response["violations"]] == []
        assert visit.errors == []
    finally:
        context.close()


def test_a_draft_build_links_its_feed_and_compares_with_the_latest_edition(built_site):
    published = editions(str(ROOT), "2024-02-01")
    feed = feedparser.parse((built_site / "feed.xml").read_bytes())
    assert not feed.bozo and len(feed.entries) == len(published)
    for path in built_site.rglob("*.html"):
        if path.name == "404.html" or path.parent.name == "search":
            continue
        links = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser").find_all(
            "link", rel="alternate", type="application/atom+xml")
        assert [(path.parent / link["href"]).resolve() for link in links] == [(built_site / "feed.xml").resolve()]
    changes = _changes(built_site).get_text()
    if at_head(str(ROOT), published, ["docs", "mkdocs.yml", ":(glob)bib/**/*.bib"]) is None:
        expected = (f"compared with the latest edition, {published[-1].number}" if published
                    else "No edition has been published yet")
        assert expected in changes


# A superseded edition, the version selector and `make editions` itself (issue 20): each page of v1.0
# says that 1.1 exists and links to it; the branch is editions-preview; make editions says little.


def test_every_page_of_the_older_edition_says_a_newer_one_exists_and_links_to_the_same_page(published):
    site = published.site
    newer = long_date(_git(published.repo, "for-each-ref", "--format=%(taggerdate:short)", "refs/tags/v1.1").strip())
    pages = sorted((site / "v1.0").rglob("index.html"))
    sources = [name for name in _git(published.repo, "ls-tree", "-r", "--name-only", "v1.0", "docs").split()
               if name.endswith(".md")]
    assert len(pages) == len(sources)  # every page of v1.0, the 404 page aside
    for path in pages:
        html = path.read_text(encoding="utf-8")
        assert html.count(superseded_notice.START) == 1 and html.count(superseded_notice.END) == 1, path
        [notice] = BeautifulSoup(html, "html.parser").select("article .superseded-notice")
        assert notice["role"] == "note"
        assert notice.select_one(".admonition-title").get_text() == f"A newer edition (1.1, {newer}) exists"
        assert not notice.find_all(["script", "style"])  # static: it shows without script, under the policy
        assert not [name for tag in notice.find_all(True) for name in tag.attrs if name.startswith(("on", "style"))]
        [link] = notice.find_all("a")
        assert not urlsplit(link["href"]).scheme and not link["href"].startswith("/"), link["href"]
        same = site / "latest" / path.relative_to(site / "v1.0")
        expected = same if same.is_file() else site / "latest" / "index.html"  # a page the latest edition lacks
        assert (path.parent / unquote(link["href"])).resolve() / "index.html" == expected.resolve(), path
        assert link.get_text() == ("Read this page in the latest edition" if same.is_file()
                                   else "go to the latest edition")


def test_the_newest_edition_has_an_empty_slot_and_the_selector_marks_it_latest(published):
    for edition in ("v1.1", "latest"):
        for path in (published.site / edition).rglob("index.html"):
            html = path.read_text(encoding="utf-8")
            assert html.count(superseded_notice.SLOT) == 1 and "superseded-notice\"" not in html, path
    config = json.loads(_page(published.site / "v1.0", "index.md").find("script", id="__config").string)
    assert config["version"] == {"provider": "mike", "alias": True, "default": "latest"}


def test_make_editions_says_what_it_did_in_a_few_lines_on_a_branch_of_its_own(published):
    assert published.editions_output.splitlines() == [
        "editions: already published, left as they are: v1.0",
        "editions: building v1.1 from its tag",
        "editions: marked as superseded by v1.1: v1.0",
        f"editions: {published.site}: v1.0, v1.1 (latest: v1.1)"]
    assert _git(published.repo, "branch", "--list", "site-editions") == ""  # the folder's name is the folder's only
    # The notice's commit, after the new edition's: the older edition's pages and nothing else.
    [notice_commit, deployed] = _git(published.repo, "log", "-2", "--format=%s", "editions-preview").splitlines()
    assert notice_commit == "Mark the editions before v1.1 as superseded by it" and deployed.startswith("Deployed")
    changed = _git(published.repo, "show", "--name-only", "--format=", "editions-preview").split()
    assert changed and all(path.startswith("v1.0/") and path.endswith(".html") for path in changed)


def test_the_older_edition_s_notice_reads_in_both_schemes_and_leads_to_the_latest_edition(published, hosted,
                                                                                            browser):
    base = hosted
    page = published.sentence[0].removesuffix(".md")
    old, new = f"{base}{SITE_PATH.lstrip('/')}v1.0/{page}/", f"{base}{SITE_PATH.lstrip('/')}latest/{page}/"
    SHOTS.mkdir(parents=True, exist_ok=True)
    for scheme in ("light", "dark"):
        context = browser.new_context(viewport={"width": 1280, "height": 900}, color_scheme=scheme)
        try:
            visit = open_visit(context, old)
            notice = visit.page.locator(".superseded-notice")
            expect(notice).to_be_visible()
            for part in (".admonition-title", "p:not(.admonition-title)", "a"):
                ratio = notice.locator(part).first.evaluate(_CONTRAST)
                assert ratio >= 4.5, (scheme, part, ratio)  # WCAG AA, normal text
            notice.screenshot(path=str(SHOTS / f"superseded-notice-{scheme}.png"))
            if scheme == "light":
                visit.page.screenshot(path=str(SHOTS / "superseded-page.png"))
                # The measure itself: a pale grey link on white is refused.
                notice.locator("a").evaluate("a => { a.style.cssText = 'color: #bbb; transition: none'; }")
                assert notice.locator("a").evaluate(_CONTRAST) < 4.5
                notice.locator("a").evaluate("a => { a.style.cssText = ''; }")
            assert visit.errors == [] and csp_violations(visit.page) == []
            notice.locator("a").click()
            visit.page.wait_for_url(new, timeout=10_000)
            current = visit.page.locator(".md-version__current")
            expect(current).to_have_text(re.compile(r"^Edition 1\.1 \(.*\)\s*latest\s*$"), timeout=10_000)
        finally:
            context.close()
    # Without JavaScript: the notice is in the page as built, and its link works.
    context = browser.new_context(java_script_enabled=False)
    try:
        visit = open_visit(context, old)
        expect(visit.page.locator(".superseded-notice")).to_be_visible()
        visit.page.locator(".superseded-notice a").click()
        visit.page.wait_for_url(new, timeout=10_000)
    finally:
        context.close()


# Contrast of an element's text with what is behind it: its ancestors' backgrounds, composed.
_CONTRAST = """element => {
  const rgba = value => {
    const srgb = value.match(/color\\(srgb ([^)]+)\\)/);
    const list = srgb ? srgb[1] : value.match(/rgba?\\(([^)]+)\\)/)[1];
    const parts = list.split(/[\\s,\\/]+/).filter(Boolean).map(Number);
    const rgb = srgb ? parts.slice(0, 3).map(v => v * 255) : parts.slice(0, 3);
    return [...rgb, parts.length > 3 ? parts[3] : 1];
  };
  const over = (top, bottom) => bottom.map((v, i) => top[i] * top[3] + v * (1 - top[3]));
  const layers = [];
  for (let node = element; node; node = node.parentElement) {
    const color = rgba(getComputedStyle(node).backgroundColor);
    if (color[3] > 0) layers.push(color);
    if (color[3] >= 1) break;
  }
  const behind = layers.reverse().reduce((bottom, top) => over(top, bottom), [255, 255, 255]);
  const text = over(rgba(getComputedStyle(element).color), behind);
  const luminance = rgb => rgb.map(v => v / 255).map(v => v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4)
    .reduce((sum, v, i) => sum + v * [0.2126, 0.7152, 0.0722][i], 0);
  const [light, dark] = [luminance(text), luminance(behind)].sort((a, b) => b - a);
  return (light + 0.05) / (dark + 0.05);
}"""


# Helper functions


def _copy_project(repo: Path) -> None:
    """The working tree's files as git sees them (tracked and new, without ignored ones)."""
    listed = subprocess.run(["git", "-C", str(ROOT), "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
                            capture_output=True, check=True).stdout.decode().split("\0")
    for name in filter(None, listed):
        source = ROOT / name
        if source.is_file():
            (repo / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, repo / name)  # keeps times: make sees the requirements as installed


def _edit(repo: Path) -> tuple[tuple, ...]:
    """One reworded sentence, one new cited reference, one changed table cell, on three pages; one
    removed sentence; a new page with a table; one corrected field of a reference."""
    docs = repo / "docs"
    content = [p.name for p in sorted(docs.glob("[0-8]*.md"))]
    table_page = next(name for name in content if re.search(r"^Table: .*\{#(tbl:[^}]+)\}", _text(docs / name), re.M))
    sentence_page, citing_page, removed_page = [name for name in content if name != table_page][:3]
    prose = lambda name, n=0: [line for line in _body(docs / name).splitlines()  # noqa: E731
                               if re.match(r"[A-Z]", line) and line.endswith(".") and len(line.split()) > 8][n]
    before = next(line for line in (prose(sentence_page, n) for n in range(5)) if "[@" in line)
    words = before.split(" ")
    after = " ".join([*words[:3], NEW_WORD, *words[3:]])
    _replace(docs / sentence_page, before, after)
    label = re.search(r"^Table: .*\{#(tbl:[^}]+)\}", _text(docs / table_page), re.M).group(1)
    anchor = prose(citing_page)
    added = f"A later study examined the same question [@{NEW_KEY}], as in [@{label}]."
    _replace(docs / citing_page, anchor, f"{anchor}\n{added}")
    removed = next(line for line in (prose(removed_page, n) for n in range(1, 8)) if "[" not in line)
    _replace(docs / removed_page, f"{removed}\n", "")
    bib_path = repo / "bib" / "references.bib"
    bib = _text(bib_path)
    year = re.search(r"^@\w+\{(\w+),(?:(?!\n@).)*?\n\s*year\s*=\s*\{(\d{4})\}", bib, re.M | re.S)
    corrected = (year.group(1), "year", year.group(2), str(int(year.group(2)) + 1))
    bib = bib[:year.start(2)] + corrected[3] + bib[year.end(2):]
    bib_path.write_text(bib + f"\n@article{{{NEW_KEY},\n  author  = {{Tester, Ada}},\n"
                        "  title   = {An edition test},\n  journal = {Journal of Tests},\n  year    = {2025},\n"
                        "  volume  = {1},\n  pages   = {1--2}\n}\n", encoding="utf-8")
    text = _text(docs / table_page)
    rows = [line for line in text[text.index(label):].splitlines() if line.startswith("|")]
    row_before = rows[2]  # after the header and the separator
    row_after = row_before[: row_before.rstrip(" |").rindex("|") + 1] + f" {NEW_CELL} |"
    _replace(docs / table_page, row_before, row_after)
    (docs / NEW_PAGE).write_text(
        "# Edition test page\n\nA new page cites a new work [@" + NEW_KEY + "].\n\n"
        "## Evidence grades {#edition-test-grades}\n\nThe grades are in [@tbl:edition-test].\n\n"
        "Table: Grades of the edition test {#tbl:edition-test}\n\n| Indication | Grade |\n|---|---|\n"
        "| Pain | *weak* |\n", encoding="utf-8")
    nav = _text(repo / "mkdocs.yml")
    last = re.search(r"^  - [^\n]*: 1\d-[^\n]*\.md\n(?!  - [^\n]*: 1\d-)", nav, re.M)
    (repo / "mkdocs.yml").write_text(nav[:last.end()] + f"  - Edition test: {NEW_PAGE}\n" + nav[last.end():],
                                     encoding="utf-8")
    return ((sentence_page, before, after), (citing_page, added), (table_page, label, row_before, row_after),
            (removed_page, removed), (NEW_PAGE, "Edition test page", "Evidence grades"), corrected)


def _words(text: str) -> list[str]:
    return re.sub(r"[*`]", "", text).split()


def _last_cell(row: str) -> str:
    return row.rstrip(" |").rsplit("|", 1)[1].strip()


def _replace(path: Path, old: str, new: str) -> None:
    text = _text(path)
    assert text.count(old) == 1, (path, old)
    path.write_text(text.replace(old, new), encoding="utf-8")


def _text(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def _body(path: Path) -> str:
    return re.sub(r"\A---\n.*?\n---\n", "", _text(path), flags=re.DOTALL)


def _title(repo: Path, page: str) -> str:
    return re.search(r"^# (.+?)\s*$", _body(repo / "docs" / page), re.M).group(1)


def _page(edition: Path, source: str) -> BeautifulSoup:
    folder = edition if source == "index.md" else edition / source.removesuffix(".md")
    return BeautifulSoup((folder / "index.html").read_text(encoding="utf-8"), "html.parser")


def _changes(edition: Path):
    return _page(edition, "93-changelog.md").select_one(".edition-changes")


def _line_in(edition: Path, page: str, line: str) -> bool:
    """Whether the page shows the source line's words (its citations and markup aside)."""
    words = re.sub(r"\s*\[@[^\]]*\]|[*|]", "", line).split()
    shown = " ".join(_page(edition, page).select_one("article").get_text(" ").split())
    return " ".join(words[:-1]) in shown


def _hashes(folder: Path, *, without_notice: bool = False) -> dict[str, str]:
    """Each file's hash; `without_notice`: with the superseded notice's slot emptied, as built."""
    def content(path: Path) -> bytes:
        data = path.read_bytes()
        if without_notice and path.suffix == ".html":
            filled = f"{re.escape(superseded_notice.START)}.*?{re.escape(superseded_notice.END)}"
            data = re.sub(filled, superseded_notice.SLOT, data.decode("utf-8"), flags=re.DOTALL).encode("utf-8")
        return data
    return {str(path.relative_to(folder)): hashlib.sha256(content(path)).hexdigest()
            for path in sorted(folder.rglob("*")) if path.is_file()}


def _make(repo: Path, target: str) -> str:
    """Run `make target` in the copy with the project's .venv; what it printed (stdout, then stderr)."""
    venv = Path(sys.executable).parent.parent  # the project's .venv, already installed
    result = subprocess.run(["make", "--no-print-directory", target, f"VENV={venv}"], cwd=repo,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout + result.stderr


def _git(repo: Path, *args: str) -> str:
    identity = ["-c", "user.name=Edition Test", "-c", "user.email=editions@example.org"]
    return subprocess.run(["git", "-C", str(repo), *identity, *args], capture_output=True, text=True,
                          check=True).stdout
