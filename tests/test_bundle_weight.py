"""What readers download: a lean offline bundle, and a hosted page that fetches the search index
only when search opens and no sitemap at all. In real headless Chromium (Debian's), hosted
(served on 127.0.0.1) and offline (unzipped, opened from file:// with the network off)."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from playwright.sync_api import expect

from browser import csp_violations, open_visit
from conftest import BUNDLE, FIXTURES
from living_review.core.theme_assets import LUNR_FOLDER, lunr_files
from test_browser import _serve

MAX_ZIP_BYTES = 450_000  # 0.45 MB, as `make offline` prints it (bytes / 1e6)
INDEX_JSON = "search/search_index.json"
DESKTOP = {"width": 1280, "height": 900}


@pytest.fixture
def context(browser):
    contexts = []

    def new(**options):
        contexts.append(browser.new_context(viewport=DESKTOP, **options))
        return contexts[-1]

    yield new
    for opened in contexts:
        opened.close()


@pytest.fixture(scope="session")
def served_site(built_site):
    base, stop = _serve(built_site)
    yield base
    stop()


def _search_languages(site: Path) -> list[str]:
    """The languages the site's search index tells the search worker to load (the site's settings)."""
    return json.loads((site / INDEX_JSON).read_text(encoding="utf-8"))["config"]["lang"]


def _open_search(visit) -> None:
    visit.page.locator("input.md-search__input").click()
    expect(visit.page.locator(".md-search-result__meta")).to_have_text("Type to start searching", timeout=20_000)


def _results_for(visit, term: str) -> int:
    visit.page.keyboard.type(term)
    visit.page.locator(".md-search-result__item").first.wait_for(timeout=10_000)
    return visit.page.locator(".md-search-result__item").count()


def _failed(browser_context) -> list[str]:
    """Every request of the context that fails (a missing file, a request refused offline), from now on."""
    failures = []
    browser_context.on("requestfailed", lambda request: failures.append(f"{request.url}: {request.failure}"))
    return failures


# The offline bundle


def test_the_offline_zip_is_small_and_ships_no_source_map_nor_an_unused_language(offline_zip, offline_bundle):
    size = offline_zip.stat().st_size
    assert size <= MAX_ZIP_BYTES, f"{size / 1e6:.2f} MB"
    with zipfile.ZipFile(offline_zip) as bundle:
        names = [name.removeprefix(f"{BUNDLE}/") for name in bundle.namelist() if not name.endswith("/")]
    assert [name for name in names if name.endswith(".map")] == []
    shipped = {name.removeprefix(LUNR_FOLDER) for name in names if name.startswith(LUNR_FOLDER)}
    assert shipped == lunr_files(_search_languages(offline_bundle))


def test_offline_search_works_from_file_with_the_network_off(offline_bundle, context):
    root = offline_bundle.as_uri() + "/"
    browser_context = context(offline=True)
    failures = _failed(browser_context)
    visit = open_visit(browser_context, root + "03-mechanism-of-action.html")
    _open_search(visit)
    assert _results_for(visit, "ketamine") > 0
    assert visit.foreign_requests(root) == [] and failures == []
    assert visit.errors == [] and csp_violations(visit.page) == []


def test_the_offline_error_page_loads_only_the_bundle_s_files_and_is_styled(offline_bundle, context):
    root = offline_bundle.as_uri() + "/"
    browser_context = context(offline=True)
    failures = _failed(browser_context)
    visit = open_visit(browser_context, root + "404.html")
    visit.page.wait_for_load_state("networkidle")
    expect(visit.page.locator("h1")).to_have_text("Page not found")
    assert visit.requests and visit.foreign_requests(root) == [] and failures == []
    style = "header => { const s = getComputedStyle(header); return [s.position, s.backgroundColor, s.height] }"
    header = visit.page.locator("header.md-header")
    styled = header.evaluate(style)
    visit.page.evaluate("for (const sheet of document.styleSheets) sheet.disabled = true")
    assert styled != header.evaluate(style), "the header looks the same without the theme's stylesheets"
    assert styled[0] == "sticky"
    assert visit.errors == [] and csp_violations(visit.page) == []


# The hosted site


def test_a_hosted_page_fetches_the_search_index_when_search_opens_and_never_the_sitemap(served_site, context):
    visit = open_visit(context(), served_site + "03-mechanism-of-action/")
    visit.page.wait_for_load_state("networkidle")
    visit.page.wait_for_timeout(500)
    assert [url for url in visit.requests if url.endswith((INDEX_JSON, "sitemap.xml"))] == []
    _open_search(visit)
    assert [url for url in visit.requests if url.endswith(INDEX_JSON)] == [served_site + INDEX_JSON]
    assert _results_for(visit, "norketamine") > 0
    assert [url for url in visit.requests if url.endswith("sitemap.xml")] == []
    assert visit.foreign_requests(served_site) == [] and visit.errors == [] and csp_violations(visit.page) == []


def test_a_page_opened_from_a_search_result_highlights_the_words_at_once(served_site, context):
    """A search result's link carries `?h=`: the page needs the index to highlight, search closed."""
    visit = open_visit(context(), served_site + "03-mechanism-of-action/?h=ketamine")
    expect(visit.page.locator("article mark").first).to_be_visible(timeout=10_000)
    assert [url for url in visit.requests if url.endswith(INDEX_JSON)] == [served_site + INDEX_JSON]
    assert visit.errors == [] and csp_violations(visit.page) == []


def test_the_search_worker_loads_exactly_the_lunr_files_a_site_of_other_languages_ships(tmp_path, context):
    """The rule that leaves lunr files out, checked against Material's own worker: a site whose
    search has three languages ships the files its worker then loads, and no other."""
    source = tmp_path / "source"
    shutil.copytree(FIXTURES / "review_without_settings_clean", source, ignore=shutil.ignore_patterns(".cache"))
    settings = (source / "mkdocs.yml").read_text(encoding="utf-8")
    settings = settings.replace("theme: {name: material}", "theme: {name: material, font: false}")  # no CDN fonts
    settings = settings.replace("plugins: [search, living-review]",
                                "plugins: {search: {lang: [en, de, ja]}, living-review: {}}")
    (source / "mkdocs.yml").write_text(settings, encoding="utf-8")
    site = tmp_path / "site"
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site)],
                            cwd=source, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    shipped = {path.relative_to(site / LUNR_FOLDER).as_posix() for path in (site / LUNR_FOLDER).rglob("*.js")}
    assert shipped == lunr_files(["en", "de", "ja"]) != set()
    base, stop = _serve(site)
    try:
        browser_context = context()
        failures = _failed(browser_context)
        visit = open_visit(browser_context, base)
        _open_search(visit)
        assert _results_for(visit, "caffeine") > 0
        loaded = {url.removeprefix(base + LUNR_FOLDER) for url in visit.requests if url.startswith(base + LUNR_FOLDER)}
        assert loaded == shipped and failures == [] and visit.errors == []
    finally:
        stop()


def test_the_feed_stays_discoverable(built_site):
    """Feed readers look for a <link> whose `rel` holds the token `alternate`, with the feed's type."""
    from bs4 import BeautifulSoup

    head = BeautifulSoup((built_site / "index.html").read_text(encoding="utf-8"), "html.parser").head
    feeds = head.select('link[rel~="alternate"][type="application/atom+xml"]')
    assert [link["href"] for link in feeds] == ["./feed.xml"] and (built_site / "feed.xml").is_file()
    assert head.select("link[rel=alternate]") == [], "Material would fetch a sitemap.xml for it"
