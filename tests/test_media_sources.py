"""media_rules reads an image's URL as a browser does: whatever it accepts as a file of the site,
Chromium's own URL parser resolves inside the site, hosted (https) and offline (file://), and
whatever it says loads from another host, Chromium never resolves inside the site."""

from __future__ import annotations

import html

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from living_review.core import media_rules

# A page `docs/sub/page.md`, whose URL is `sub/page/`; the site's one image is docs/figures/chart.png.
FILES = media_rules.SiteFiles("docs", frozenset({"figures/chart.png", "sub/page.md"}),
                              {"figures/chart.png": "figures/chart.png", "sub/page": "sub/page.md"})
HOSTED, OFFLINE = "https://site.example/root/sub/page/", "file:///bundle/sub/page.html"
# Pieces an attacker combines: separators a browser treats alike, controls it strips or drops,
# schemes in any case, encoded dots, and the names of the site's real file.
PIECES = ["/", "\\", "..", ".", "%2e", "%2E%2e", "figures", "chart.png", "sub", "example.org", "https:", "HTTP:",
          "ht\ttps:", "data:", "javascript:", "file:", " ", "\t", "\n", "\x01", "\x1f", "#x", "?q"]
URLS = st.lists(st.sampled_from(PIECES), min_size=1, max_size=8).map("".join)


def verdict(url: str, markdown: str = "", page_url: str = "sub/page/") -> str | None:
    """media_rules' message about `<img src=url>` on that page, or None if it accepts it: in the
    hosted layout (`sub/page/`) or the offline one (`sub/page.html`)."""
    page = f'<img src="{html.escape(url)}">'
    problems = media_rules.media_problems(page, "docs/sub/page.md", markdown + page, "sub/page.md", page_url,
                                          FILES, lambda: [("docs/sub/page.md", markdown + page)])
    return problems[0].message if problems else None


@pytest.fixture(scope="module")
def chromium_page(browser):
    page = browser.new_page()
    yield page
    page.close()


def resolve(page, url: str, base: str) -> dict:
    """Chromium's reading of `url` against `base`; an invalid URL loads nothing (no host)."""
    return page.evaluate("([url, base]) => { try { const u = new URL(url, base); "
                         "return {protocol: u.protocol, host: u.host, path: u.pathname}; } "
                         "catch { return {protocol: null, host: null, path: null}; } }", [url, base])


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(url=URLS)
# Accepted spellings of the real file, which random pieces rarely hit; the property must hold for them too.
@example("../figures/chart.png")
@example(" ..\\figures\\chart.png\t")
@example("%2e%2e/figures/ch\nart.png#x")
@example("\x01..\\%2E%2e/figures/chart.png?q")  # MkDocs' rewrite of the Markdown image below, disguised
def test_what_media_rules_accepts_chromium_resolves_inside_the_site(chromium_page, url):
    markdown = "![A chart](../figures/chart.png)\n\n"
    for page_url, base, site in (("sub/page/", HOSTED, ("https:", "site.example", "/root/")),
                                 ("sub/page.html", OFFLINE, ("file:", "", "/bundle/"))):
        message = verdict(url, markdown, page_url)
        read = resolve(chromium_page, url, base)
        inside = (read["protocol"], read["host"]) == site[:2] and read["path"].startswith(site[2])
        if message is None:
            assert inside, (page_url, read)
        elif "another host" in message:  # or nowhere (`//` alone is no valid https URL), but never the site
            assert not inside, (page_url, read)


def test_the_site_image_is_accepted_and_foreign_ones_are_not():
    """The property above holds trivially if everything is refused: the real file passes."""
    assert verdict("../figures/chart.png") is None
    # As MkDocs rewrites a Markdown image, relative to the page's URL; raw HTML may not count on that.
    assert verdict("../../figures/chart.png", "![A chart](../figures/chart.png)\n\n") is None
    assert "outside docs/" in verdict("../../figures/chart.png")
    assert "another host" in verdict(" /\\example.org/x.png")
    assert "another site" in verdict("ht\ttps://example.org/x.png")
