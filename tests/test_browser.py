"""The site as readers get it, in real headless Chromium: hosted (served on 127.0.0.1) and the
offline bundle (unzipped, opened from file://). Hovers, keyboard focus, taps on a phone, search,
accessibility, requests and script errors, on every page."""

from __future__ import annotations

import functools
import http.server
import re
import threading
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml
from axe_playwright_python.sync_playwright import Axe
from bs4 import BeautifulSoup
from playwright.sync_api import expect

from browser import ARTIFACTS, PREVIEW, csp_violations, open_visit, screenshot_name
from conftest import ROOT, build_fixture
from living_review.core.bibtex_rules import read_bibliography
from living_review.core.citation_index import citation_groups
from living_review.core.editor_note_index import find_note_headers
from living_review.core.markdown_source import find_citations, mask_code
from living_review.core.reference_style import author_name, plain
from test_site import REFERENCES, SOURCES, _content

PAGES = [src.removesuffix(".md") for src in SOURCES] + ["92-print"]
# Pages whose source cites a work, and the print page, which holds them all.
CITING = [src.removesuffix(".md") for src in SOURCES if any(
    group for _, group in citation_groups(find_citations((ROOT / "docs" / src).read_text(encoding="utf-8"))))]
CITING.append("92-print")
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}


@pytest.fixture(scope="session")
def hosted(built_site):
    """The hosted build served over HTTP on 127.0.0.1 (a free port)."""
    base, stop = _serve(built_site)
    yield base, lambda page: "" if page == "index" else f"{page}/"
    stop()


@pytest.fixture(scope="session")
def offline(offline_bundle):
    """The offline bundle, unzipped, opened from file://."""
    return offline_bundle.as_uri() + "/", lambda page: f"{page}.html"


@pytest.fixture(params=["hosted", "offline"])
def site(request):
    """(base URL, page name -> URL path) for each way readers get the site."""
    return request.getfixturevalue(request.param)


@pytest.fixture
def context(browser, request):
    contexts = []

    def new(**options):
        options.setdefault("viewport", DESKTOP)
        contexts.append(browser.new_context(**options))
        return contexts[-1]

    yield new
    failed = getattr(request.node, "rep_call", None) is not None and request.node.rep_call.failed
    for ctx in contexts:
        if failed:
            ARTIFACTS.mkdir(exist_ok=True)
            for number, page in enumerate(ctx.pages):
                page.screenshot(path=str(ARTIFACTS / f"{number}-{screenshot_name(request.node.nodeid)}"))
        ctx.close()


@pytest.fixture(scope="session")
def first_citations(built_site):
    """For each page: the first cited work's expected author (first author, as listed) and year."""
    files = [(p.name, p.read_bytes()) for p in sorted((ROOT / "bib").glob("*.bib"))]
    entries = read_bibliography(files)[0].entries
    expected = {}
    for page in CITING:
        html = BeautifulSoup((built_site / page / "index.html").read_text(encoding="utf-8"), "html.parser")
        href = html.select_one("article .citation a.footnote-ref")["href"]
        key = re.fullmatch(r"#(?:[\w-]+--)?ref-(.+)", href).group(1)  # the print page prefixes ids
        entry = entries[key]
        expected[page] = (author_name(entry.persons["author"][0]), entry.fields["year"], entry.fields.get("doi"))
    return expected


def _assert_tooltip_shows_reference(visit, expected):
    author, year, doi = expected
    text = visit.tooltip_text()
    assert author in text and year in text, text
    if doi:
        assert any(doi in link for link in visit.tooltip_links()), visit.tooltip_links()


def _search(visit, term: str) -> None:
    visit.page.locator("input.md-search__input").click()
    # Type only once the index is loaded ("Initializing search" until then), as a reader would.
    expect(visit.page.locator(".md-search-result__meta")).to_have_text("Type to start searching", timeout=20_000)
    visit.page.keyboard.type(term)


def _assert_clean(visit, base):
    assert visit.foreign_requests(base) == []
    assert visit.errors == []
    assert csp_violations(visit.page) == []


@pytest.mark.parametrize("page", CITING)
def test_hovering_the_first_citation_shows_its_reference(site, page, context, first_citations):
    base, path = site
    visit = open_visit(context(), base + path(page))
    visit.page.locator("article .citation a.footnote-ref").first.hover()
    _assert_tooltip_shows_reference(visit, first_citations[page])
    _assert_clean(visit, base)


@pytest.mark.parametrize("page", CITING)
def test_focusing_the_first_citation_with_the_keyboard_shows_its_reference(site, page, context, first_citations):
    base, path = site
    visit = open_visit(context(), base + path(page))
    for _ in range(300):  # Tab through the page as a keyboard user does
        visit.page.keyboard.press("Tab")
        if visit.page.evaluate("document.activeElement.matches('article .citation a.footnote-ref')"):
            break
    first = visit.page.locator("article .citation a.footnote-ref").first
    assert first.evaluate("element => element === document.activeElement")
    _assert_tooltip_shows_reference(visit, first_citations[page])
    _assert_clean(visit, base)


@pytest.mark.parametrize("page", CITING)
def test_tapping_the_first_citation_on_a_phone_shows_its_reference_in_place(site, page, context, first_citations):
    base, path = site
    visit = open_visit(context(**PHONE), base + path(page))
    visit.page.locator("article .citation a.footnote-ref").first.tap()
    _assert_tooltip_shows_reference(visit, first_citations[page])
    assert "#ref-" not in visit.page.url  # no jump to the list at the end of the page
    tooltip = visit.page.locator(PREVIEW).bounding_box()
    assert tooltip and 0 <= tooltip["y"] and tooltip["y"] + tooltip["height"] <= 844  # on screen
    _assert_clean(visit, base)


@pytest.mark.parametrize("term, page_title", [("norketamine", "Pharmacokinetics"),
                                              ("sialogogue", "Side effects and limitations"),
                                              ("Sigtermans", "References")])
def test_search_finds_the_right_page(site, term, page_title, context):
    base, path = site
    visit = open_visit(context(), base + path("index"))
    _search(visit, term)
    results = visit.page.locator(".md-search-result__item")
    results.first.wait_for(timeout=10_000)
    titles = visit.page.locator(".md-search-result__article h1").all_inner_texts()
    assert page_title in titles
    _assert_clean(visit, base)


@pytest.fixture(scope="session")
def searched_work(pages, bibliography):
    """A query from the data: the family name of the first work (by number) whose first author no other
    reference names, with that work's key, number and the start of its title."""
    items = _content(pages[REFERENCES]).select("ol.references-full > li")
    texts = [item.p.get_text().split("Cited in:")[0] for item in items]  # the reference, not its back-links
    for item in items:
        key = item["id"].removeprefix("ref-")
        family = plain(bibliography[key].persons["author"][0].last_names[0])
        named = [text for text in texts if re.search(rf"\b{re.escape(family)}\b", text, re.IGNORECASE)]
        if family.isascii() and family.isalpha() and len(named) == 1:
            title = " ".join(plain(bibliography[key].fields["title"]).split()[:4])
            return family, key, item["value"], title
    pytest.fail("every first author is named by another reference too: no query finds one work alone")


def test_search_leads_to_the_work_itself_on_the_references_page(site, context, searched_work):
    family, key, number, title = searched_work
    base, path = site
    visit = open_visit(context(), base + path("index"))
    _search(visit, family)
    heading = visit.page.locator("h2", has_text=re.compile(rf"^\s*Reference {number}\s*$"))
    work = visit.page.locator(".md-search-result__article", has=heading)
    expect(work).to_contain_text(title, timeout=10_000)
    work.click()
    visit.page.wait_for_url(lambda url: path("90-references") in url and url.endswith(f"#ref-{key}"))
    expect(visit.page.locator(f"#ref-{key}")).to_be_in_viewport()
    _assert_clean(visit, base)


@pytest.mark.parametrize("page", PAGES)
def test_every_page_loads_with_only_local_requests_no_script_errors_and_no_csp_violation(site, page, context):
    base, path = site
    visit = open_visit(context(), base + path(page))
    visit.page.wait_for_load_state("networkidle")
    assert visit.requests, "the page made no request at all: the recorder is not working"
    policy = visit.page.locator('meta[http-equiv="Content-Security-Policy"]').get_attribute("content")
    assert "script-src 'self' 'sha256-" in policy and "base-uri 'none'" in policy
    _assert_clean(visit, base)


def test_search_and_the_palette_toggle_work_under_the_policy(site, context):
    base, path = site
    visit = open_visit(context(), base + path("04-pharmacokinetics"))
    scheme = visit.page.evaluate("document.body.getAttribute('data-md-color-scheme')")
    visit.page.locator("form[data-md-component=palette] label:visible").first.click()
    expect(visit.page.locator("body")).not_to_have_attribute("data-md-color-scheme", scheme)
    _search(visit, "norketamine")
    visit.page.locator(".md-search-result__item").first.wait_for(timeout=10_000)
    _assert_clean(visit, base)


def test_the_policy_blocks_script_injected_into_the_page(site, context):
    """Markup that got past every check still cannot run: handlers, javascript: links, inline script."""
    base, path = site
    visit = open_visit(context(), base + path("04-pharmacokinetics"))
    visit.page.wait_for_load_state("networkidle")
    visit.page.evaluate("""() => {
        const article = document.querySelector("article");
        article.insertAdjacentHTML("beforeend",
          '<img id="planted-img" src="missing.png" onerror="window.__ran = (window.__ran || 0) + 1">' +
          '<a id="planted-link" href="javascript:window.__ran = (window.__ran || 0) + 1">x</a>' +
          '<button id="planted-button" onclick="window.__ran = (window.__ran || 0) + 1">y</button>');
        const script = document.createElement("script");
        script.textContent = "window.__ran = (window.__ran || 0) + 1";
        document.body.appendChild(script);
    }""")
    visit.page.locator("#planted-button").click()
    visit.page.locator("#planted-link").click()
    visit.page.wait_for_timeout(500)
    assert visit.page.evaluate("window.__ran") is None
    blocked = csp_violations(visit.page)
    assert len([v for v in blocked if v.startswith("script-src")]) >= 4, blocked


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("page", PAGES)
def test_every_page_has_no_serious_accessibility_violations(hosted, page, scheme, context):

    base, path = hosted
    visit = open_visit(context(color_scheme=scheme), base + path(page))
    violations = [f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes']][:3]}"
                  for v in Axe().run(visit.page).response["violations"] if v["impact"] in ("serious", "critical")]
    assert violations == []


def test_references_page_back_links_lead_to_the_citing_sentence(site, context):
    base, path = site
    visit = open_visit(context(), base + path("90-references"))
    visit.page.locator("#ref-dayton1983 .cited-in a").first.click()
    visit.page.wait_for_load_state()
    assert visit.page.url.endswith("#cite-dayton1983-1")
    target = visit.page.locator(":target")
    assert target.get_attribute("href") == "#ref-dayton1983"
    assert target.is_visible()
    _assert_clean(visit, base)


def test_print_view_prints_the_whole_review_to_pdf(hosted, context):
    base, path = hosted
    visit = open_visit(context(), base + path("92-print"))
    pdf = visit.page.pdf(format="A4", print_background=True)
    pages = len(re.findall(rb"/Type\s*/Page\b", pdf))
    sections = visit.page.locator("section.print-section").count()
    characters = len(visit.page.locator("article").inner_text())
    # Every section starts a page; an A4 page holds about 3,000 characters (measured: 23 pages for
    # 15 sections and 37,000 characters), so twice that many pages means the print layout broke.
    assert sections <= pages <= sections + characters // 1500, (pages, sections, characters)
    _assert_clean(visit, base)


@pytest.fixture(scope="session")
def first_cited_note(built_site):
    """The first editor's note, in reading order, whose text cites a work, as the sources say:
    (page, marker's id, expected reference). The built page must hold that marker in the note's box."""
    found = _first_citation_in_a_note()
    assert found is not None, "no editor's note in docs/*.md cites a work: this test needs a note with a [@key]"
    page, marker_id, key = found
    html = BeautifulSoup((built_site / page / "index.html").read_text(encoding="utf-8"), "html.parser")
    marker = html.select_one(f'article .admonition.editor-note .citation a.footnote-ref[id="{marker_id}"]')
    assert marker is not None, f"docs/{page}.md cites {key} in an editor's note: no #{marker_id} in its box"
    assert marker["href"] == f"#ref-{key}"
    files = [(p.name, p.read_bytes()) for p in sorted((ROOT / "bib").glob("*.bib"))]
    entry = read_bibliography(files)[0].entries[key]
    return page, marker_id, (author_name(entry.persons["author"][0]), entry.fields["year"], entry.fields.get("doi"))


def _first_citation_in_a_note() -> tuple[str, str, str] | None:
    """(page, marker id, key) of the first work cited in an editor's note's text, from the sources."""
    for src in SOURCES:
        text = (ROOT / "docs" / src).read_text(encoding="utf-8")
        masked = mask_code(text)
        bodies = [_note_text(masked, header.start) for header in find_note_headers(text, masked)]
        for citation, group in citation_groups(find_citations(text, masked)):
            if group and any(start <= citation.start < end for start, end in bodies):
                key, marker_id = group[0]
                return src.removesuffix(".md"), marker_id, key
    return None


def _note_text(masked: str, header: int) -> tuple[int, int]:
    """Offsets of a note's text: the lines after its title line, up to the first one not indented under it."""
    def indent(line: str) -> int:
        return len(line.expandtabs(4)) - len(line.expandtabs(4).lstrip())

    title, *rest = masked[header:].split("\n")
    start = end = header + len(title) + 1
    for line in rest:
        if line.strip() and indent(line) <= indent(title):
            break
        end += len(line) + 1
    return start, end


def test_a_citation_inside_an_editors_note_shows_its_reference_on_hover(site, context, first_cited_note):
    base, path = site
    page, marker, expected = first_cited_note
    visit = open_visit(context(), base + path(page))
    visit.page.locator(f"#{marker}").hover()
    _assert_tooltip_shows_reference(visit, expected)
    _assert_clean(visit, base)


def test_the_about_pages_list_leads_to_each_editors_note(site, context):
    base, path = site
    visit = open_visit(context(), base + path("91-about"))
    links = visit.page.locator("#about-corrections ~ ul a")
    hrefs = [links.nth(n).get_attribute("href") for n in range(links.count())]
    for href in hrefs:
        visit.page.goto(base + path("91-about"))
        visit.page.locator(f'#about-corrections ~ ul a[href="{href}"]').click()
        visit.page.wait_for_load_state()
        note = visit.page.locator(":target")
        expect(note).to_have_class(re.compile(r"\beditor-note\b"))
        expect(note).to_be_in_viewport()
        expect(note.locator(".admonition-title")).to_contain_text("Editor's note: ")
    _assert_clean(visit, base)


def test_hostile_bibtex_never_runs_in_page_hover_or_search(browser, tmp_path):
    """BibTeX fields holding <script>, <img onerror>, javascript: URLs: shown as text, never run."""
    site = tmp_path / "site"
    assert build_fixture("bibtex_hostile_clean", site) == ([], None)
    base, stop = _serve(site)
    context = browser.new_context(viewport=DESKTOP)
    try:
        visit = open_visit(context, base)
        dialogs = []
        visit.page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
        visit.page.locator("article .citation a.footnote-ref").first.hover()
        assert '<script>alert("title")</script>' in visit.tooltip_text()
        _search(visit, "ketamine")
        visit.page.locator(".md-search-result__item").first.wait_for(timeout=10_000)
        assert "<img src=x onerror=alert(1)>" in visit.page.locator(".md-search-result").inner_text()
        visit.page.wait_for_timeout(500)
        assert dialogs == [] and visit.errors == []
        assert visit.page.locator("article script, article img, .md-search-result img").count() == 0
    finally:
        context.close()
        stop()


def _serve(folder: Path, prefix: str = "/", missing: str | None = None):
    """`folder` over HTTP on 127.0.0.1 (a free port), at `prefix`; a missing file gets `missing`
    with status 404, as GitHub Pages answers with the site's 404.html."""
    handler = functools.partial(_QuietHandler, directory=str(folder), prefix=prefix, missing=missing)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_port}/", server.shutdown


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def __init__(self, *args, prefix: str = "/", missing: str | None = None, **kwargs):
        self.prefix, self.missing = prefix, missing
        super().__init__(*args, **kwargs)

    def translate_path(self, path: str) -> str:
        return super().translate_path("/" + path.removeprefix(self.prefix) if path.startswith(self.prefix) else path)

    def send_error(self, code, message=None, explain=None):
        page = Path(self.directory) / self.missing if self.missing else None
        if code != 404 or page is None:
            return super().send_error(code, message, explain)
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format, *args):  # noqa: A002 - the standard library's signature
        pass


def test_the_error_page_is_styled_and_clean_hosted_and_offline(built_site, offline_bundle, context):
    """404.html, as GitHub Pages serves it for a missing address (under the site's path), and as a
    reader opens it from the unzipped bundle: styled, policy on, nothing else missing, no violation."""
    prefix = urlsplit(_site_url()).path
    base, stop = _serve(built_site, prefix=prefix, missing="404.html")
    try:
        for url, root in ((f"{base.rstrip('/')}{prefix}no/such/page/", base),
                          ((offline_bundle / "404.html").as_uri(), offline_bundle.as_uri() + "/")):
            browser_context, statuses = context(), []
            browser_context.on("response", lambda response, seen=statuses: seen.append((response.url, response.status)))
            visit = open_visit(browser_context, url)
            visit.page.wait_for_load_state("networkidle")
            expect(visit.page.locator("h1")).to_have_text("Page not found")
            assert visit.page.locator('meta[http-equiv="Content-Security-Policy"]').count() == 1
            position = visit.page.locator("header.md-header").evaluate("header => getComputedStyle(header).position")
            assert position == "sticky", url  # the theme's stylesheet loaded
            assert [(address, status) for address, status in statuses if status >= 400 and address != url] == []
            assert visit.foreign_requests(root) == [] and csp_violations(visit.page) == []
            assert [error for error in visit.errors if "status of 404" not in error] == []
    finally:
        stop()


def _site_url() -> str:
    return yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8").split("\n# Theme")[0])["site_url"]

# Previews of citations (the plugin's previews.js) as every reader meets them: hover, keyboard,
# screen reader (the accessibility tree), phone, print and no script.
MARKER = "article .citation a.footnote-ref"
WCAG_22_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
PAGE = "04-pharmacokinetics"  # a page with an editor's note, a table and many citations


def _first_marker_with_a_link(visit):
    """The first marker whose reference holds a link (its DOI or PubMed record)."""
    return visit.page.locator(MARKER).nth(
        visit.page.evaluate(f"""Array.from(document.querySelectorAll('{MARKER}')).findIndex(
            m => document.getElementById(m.getAttribute('aria-describedby')).querySelector('a'))"""))


def _tab_to(visit, marker) -> None:
    marker.evaluate("m => { m.scrollIntoView(); m.previousElementSibling?.focus(); }")
    for _ in range(400):
        if marker.evaluate("m => m === document.activeElement"):
            return
        visit.page.keyboard.press("Tab")
    raise AssertionError("Tab never reached the marker")


def test_escape_closes_the_preview_and_focus_stays_on_the_marker(site, context):
    base, path = site
    visit = open_visit(context(), base + path(PAGE))
    marker = visit.page.locator(MARKER).first
    visit.page.keyboard.press("Tab")
    _tab_to(visit, marker)
    visit.page.wait_for_selector(PREVIEW)
    visit.page.keyboard.press("Escape")
    assert visit.page.locator(PREVIEW).count() == 0
    assert marker.evaluate("m => m === document.activeElement")
    _assert_clean(visit, base)


def test_the_preview_stays_open_while_hovered_and_closes_when_the_pointer_leaves(site, context):
    base, path = site
    visit = open_visit(context(), base + path(PAGE))
    visit.page.locator(MARKER).first.hover()
    preview = visit.page.locator(PREVIEW)
    box = preview.bounding_box()
    visit.page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2, steps=5)
    visit.page.wait_for_timeout(1_000)
    assert preview.count() == 1, "the preview must stay open while the pointer is on it (WCAG 1.4.13)"
    visit.page.mouse.move(1, 1)
    visit.page.wait_for_timeout(1_000)
    assert preview.count() == 0


def test_a_screen_reader_hears_the_reference_with_the_number(hosted, context, first_citations):
    """The accessibility tree, as Chromium gives it to screen readers: the marker's description
    is its reference; the open preview is a named dialog."""
    base, path = hosted
    visit = open_visit(context(), base + path(PAGE))
    cdp = visit.page.context.new_cdp_session(visit.page)
    document = cdp.send("DOM.getDocument", {"depth": 0})
    node = cdp.send("DOM.querySelector", {"nodeId": document["root"]["nodeId"], "selector": MARKER})
    ax = cdp.send("Accessibility.getPartialAXTree", {"nodeId": node["nodeId"], "fetchRelatives": False})["nodes"][0]
    author, year, _ = first_citations[PAGE]
    assert ax["role"]["value"] == "link"
    assert ax["name"]["value"].isdigit()
    assert author in ax["description"]["value"] and year in ax["description"]["value"], ax["description"]
    visit.page.locator(MARKER).first.hover()
    preview = visit.page.locator(PREVIEW)
    assert preview.get_attribute("role") == "dialog"
    assert preview.get_attribute("aria-label") == f"Reference {ax['name']['value']}"


def test_the_previews_links_are_reached_with_the_keyboard(site, context):
    base, path = site
    visit = open_visit(context(), base + path(PAGE))
    marker = _first_marker_with_a_link(visit)
    visit.page.keyboard.press("Tab")
    _tab_to(visit, marker)
    visit.page.keyboard.press("Tab")
    assert visit.page.evaluate(f"document.activeElement.closest('{PREVIEW}') !== null")
    assert visit.page.evaluate("document.activeElement.tagName") == "A"
    outline = visit.page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none", "focus must be visible"


@pytest.mark.parametrize("page", CITING)
def test_on_a_phone_markers_and_back_links_are_targets_of_24_px_and_previews_read_at_body_size(hosted, page,
                                                                                                context):
    base, path = hosted
    visit = open_visit(context(**{**PHONE, "viewport": {"width": 375, "height": 812}}), base + path(page))
    sizes = visit.page.evaluate("""Array.from(document.querySelectorAll(
        'article .citation a, article a.citation-backref, article .citation-backrefs a'))
        .map(a => a.getBoundingClientRect()).filter(r => r.width > 0).map(r => [r.width, r.height])""")
    assert sizes and all(width >= 24 and height >= 24 for width, height in sizes), sizes[:5]
    marker = visit.page.locator(MARKER).first
    marker.tap()
    preview = visit.page.locator(PREVIEW)
    body = visit.page.evaluate("parseFloat(getComputedStyle(document.querySelector('article p')).fontSize)")
    assert float(preview.evaluate("p => parseFloat(getComputedStyle(p).fontSize)")) >= body


@pytest.mark.parametrize("device", ["desktop", "phone"])
def test_a_preview_never_covers_its_sentence(hosted, device, context):
    """Below its sentence, or above it when there is no room: checked for every marker of a page,
    the sentence measured here on its own (from the last '. ' before the marker to the next '.').
    A desktop shows the preview on hover, a phone on a tap (a click where there is no hover)."""
    base, path = hosted
    visit = open_visit(context(**({**PHONE, "viewport": {"width": 375, "height": 812}} if device == "phone" else {})),
                       base + path(PAGE))
    opening = "click" if device == "phone" else "mouseover"
    overlaps = visit.page.evaluate(f"""async () => {{
        const covered = [];
        for (const marker of document.querySelectorAll('{MARKER}')) {{
            marker.scrollIntoView({{block: 'center'}});
            const block = marker.closest('p, li, td, th');
            const range = document.createRange();
            range.selectNodeContents(block);
            const text = range.toString();
            const before = document.createRange();
            before.setStart(block, 0); before.setEndBefore(marker);
            const at = before.toString().length;
            const ends = [...text.slice(0, at).matchAll(/[.!?]\\s/g)];
            const start = ends.length ? ends[ends.length - 1].index + 2 : 0;
            const found = text.slice(at).search(/[.!?](\\s|$)/);
            const end = found < 0 ? text.length : at + found + 1;
            const walker = document.createTreeWalker(block, NodeFilter.SHOW_TEXT);
            let seen = 0, node;
            const sentence = document.createRange();
            while ((node = walker.nextNode())) {{
                const next = seen + node.data.length;
                if (seen <= start && start <= next) sentence.setStart(node, start - seen);
                if (seen <= end && end <= next) {{ sentence.setEnd(node, end - seen); break; }}
                seen = next;
            }}
            const lines = Array.from(sentence.getClientRects());  // before the preview is in the range
            marker.dispatchEvent(new MouseEvent('{opening}', {{bubbles: true, cancelable: true}}));
            const p = document.querySelector('{PREVIEW}').getBoundingClientRect();
            for (const line of lines) {{
                if (line.width && p.left < line.right && line.left < p.right && p.top < line.bottom - 1
                    && line.top + 1 < p.bottom) {{ covered.push(marker.id); break; }}
            }}
            document.dispatchEvent(new KeyboardEvent('keydown', {{key: 'Escape'}}));
        }}
        return covered;
    }}""")
    assert overlaps == []


def test_previews_are_hidden_in_print_and_markers_lead_to_the_list_without_script(hosted, context):
    base, path = hosted
    visit = open_visit(context(), base + path(PAGE))
    visit.page.locator(MARKER).first.hover()
    visit.page.emulate_media(media="print")
    assert not visit.page.locator(PREVIEW).is_visible()
    no_script = open_visit(context(java_script_enabled=False), base + path(PAGE))
    marker = no_script.page.locator(MARKER).first
    href = marker.get_attribute("href")
    marker.click()
    assert no_script.page.url.endswith(href) and no_script.page.locator(PREVIEW).count() == 0


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_wcag_22_aa_holds_with_a_preview_open(hosted, scheme, context):
    """axe-core with the WCAG 2.2 A and AA rules, on the open preview and its marker (focused)."""
    base, path = hosted
    visit = open_visit(context(color_scheme=scheme), base + path(PAGE))
    marker = _first_marker_with_a_link(visit)
    visit.page.keyboard.press("Tab")
    _tab_to(visit, marker)
    visit.page.wait_for_selector(PREVIEW)
    result = Axe().run(visit.page, context={"include": [[".md-content"]]},
                       options={"runOnly": {"type": "tag", "values": WCAG_22_AA}})
    violations = [f"{v['id']}: {[n['target'] for n in v['nodes']][:3]}" for v in result.response["violations"]]
    assert violations == []
    assert visit.page.locator(PREVIEW).count() == 1


PREVIEWED = "article a.cross-reference, article a[href*='#editor-note-']"


@pytest.fixture(scope="session")
def cross_references(built_site):
    """(page, the link's place among those previewed, what its target's first line reads) for a
    cross-reference to its own page, one to another page, and a link to an editor's note: found in
    the built pages, not written here."""
    found = {}
    for src in SOURCES:
        page = src.removesuffix(".md")
        folder = built_site / ("" if page == "index" else page)
        html = BeautifulSoup((folder / "index.html").read_text(encoding="utf-8"), "html.parser")
        for index, link in enumerate(html.select(PREVIEWED)):
            path, _, anchor = link["href"].partition("#")
            kind = "note" if anchor.startswith("editor-note-") else "elsewhere" if path else "here"
            target_page = BeautifulSoup(((folder / path).resolve() / "index.html").read_text(encoding="utf-8"),
                                        "html.parser") if path else html
            target = target_page.find(id=anchor)
            first_line = target.find(class_="admonition-title") if kind == "note" else target
            found.setdefault(kind, (page, index, " ".join(first_line.get_text(" ").split()).rstrip("¶ ")))
    assert set(found) == {"here", "elsewhere", "note"}, found
    return found


@pytest.mark.parametrize("kind", ["here", "elsewhere", "note"])
def test_a_cross_reference_previews_its_table_figure_section_or_note_even_on_another_page(site, kind, context,
                                                                                            cross_references):
    base, path = site
    page, index, first_line = cross_references[kind]
    visit = open_visit(context(), base + path(page))
    link = visit.page.locator(PREVIEWED).nth(index)
    link.hover()
    preview = visit.page.locator(PREVIEW)
    expect(preview).to_have_count(1)
    assert " ".join(preview.inner_text().split()).startswith(first_line[:40]), (preview.inner_text(), first_line)
    assert preview.get_attribute("aria-label") == " ".join(link.inner_text().split())
    _assert_clean(visit, base)


@pytest.fixture(scope="session")
def cited_cells(built_site):
    """For each page with a table: the id of the first citation marker inside a table cell, or None."""
    cells = {}
    for src in SOURCES:
        page = src.removesuffix(".md")
        html = BeautifulSoup((built_site / ("" if page == "index" else page) / "index.html").read_text(
            encoding="utf-8"), "html.parser")
        if html.select("article table"):
            marker = html.select_one("article td .citation a.footnote-ref")
            cells[page] = marker["id"] if marker else None
    assert cells, "no page has a table"
    return cells


def test_tables_on_a_phone_show_a_cue_where_columns_are_cut_keep_their_header_and_show_the_cited_cell(
        hosted, context, cited_cells):
    base, path = hosted
    phone = {**PHONE, "viewport": {"width": 375, "height": 812}}
    for page, marker_id in cited_cells.items():
        visit = open_visit(context(**phone), base + path(page))
        for scroller in visit.page.locator("article .md-typeset__scrollwrap").all():
            cut = scroller.evaluate("s => s.scrollWidth > s.clientWidth + 1")
            cue = scroller.evaluate("s => getComputedStyle(s).backgroundImage")
            assert not cut or "radial-gradient" in cue, f"{page}: a table is cut off with no cue"
            if scroller.evaluate("s => s.scrollHeight > s.clientHeight + 1"):  # a long table scrolls in place
                scroller.evaluate("s => { s.scrollTop = 200; }")
                header = scroller.locator("thead th").first.bounding_box()
                assert abs(header["y"] - scroller.bounding_box()["y"]) <= 1, f"{page}: the header scrolled away"
        if marker_id:
            visit.page.goto(base + path(page) + f"#{marker_id}")
            cell = visit.page.locator(f'td:has([id="{marker_id}"])')
            marker = visit.page.locator(f'[id="{marker_id}"]').bounding_box()
            assert 0 <= marker["x"] and marker["x"] + marker["width"] <= 375, f"{page}: the cited cell is off screen"
            assert cell.evaluate("c => getComputedStyle(c).backgroundColor") not in ("rgba(0, 0, 0, 0)", "transparent")
            table = visit.page.locator(f'.md-typeset__scrollwrap:has([id="{marker_id}"])')
            header = table.locator("thead th").first.bounding_box()
            bar = visit.page.locator(".md-header").bounding_box()
            assert header["y"] >= bar["y"] + bar["height"] - 1, f"{page}: the header is hidden where the cell is shown"
            assert visit.page.locator(PREVIEW).count() == 0, f"{page}: a preview covers the row one arrives at"
            ARTIFACTS.mkdir(exist_ok=True)
            visit.page.screenshot(path=str(ARTIFACTS / f"table-{page}-375.png"))
