"""The real site, built once (strict) by the `built_site` fixture, checked as a reader gets it."""

from __future__ import annotations

import copy
import html
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import unquote, urlsplit

from bs4 import BeautifulSoup
from mkdocs.utils.yaml import yaml_load

from conftest import ROOT
from living_review.core.citation_index import citation_groups
from living_review.core.label_index import KINDS
from living_review.core.markdown_source import find_citations, find_labels

CONFIG = yaml_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))  # MkDocs' loader: it knows !ENV
PRINT_PAGE = "92-print.md"  # the whole review on one page: checked on its own


def _flatten(items) -> list[str]:
    found = []
    for item in items:
        value = next(iter(item.values())) if isinstance(item, dict) else item
        found += _flatten(value) if isinstance(value, list) else [value]
    return found


SOURCES = [src for src in _flatten(CONFIG["nav"]) if src != PRINT_PAGE]  # reading order
NAV_ORDER = ["index.html" if src == "index.md" else src.removesuffix(".md") + "/index.html" for src in SOURCES]
REFERENCES = "90-references/index.html"
SITE_PATH = urlsplit(CONFIG["site_url"]).path


def _source(src: str) -> str:
    return (ROOT / "docs" / src).read_text(encoding="utf-8")


def _cited_keys_in_sources() -> int:
    """How many `@key`s the pages' Markdown cites (a key cited twice counts twice)."""
    return sum(len(group) for src in SOURCES for _, group in citation_groups(find_citations(_source(src))))


def _captions_in_sources() -> list[tuple[str, str]]:
    """Each caption's label and the number it must show ("Table 2"), counted in reading order."""
    counts, expected = dict.fromkeys(KINDS, 0), []
    for src in SOURCES:
        for label in find_labels(_source(src)):
            kind = label.label.split(":")[0]
            if kind in KINDS:
                counts[kind] += 1
                expected.append((label.label, f"{KINDS[kind]} {counts[kind]}"))
    return expected


def _table_and_figure_references_in_sources() -> int:
    return sum(c.is_cross_reference and c.keys[0].split(":")[0] in KINDS for src in SOURCES
               for c in find_citations(_source(src)))


def _content(page: BeautifulSoup):
    """The page's own text, without the copies its previews show (`div.previews`, hidden)."""
    article = copy.copy(page.select_one("article.md-content__inner"))
    for previews in article.select("div.previews[hidden]"):
        previews.decompose()
    return article


def _markers(page: BeautifulSoup):
    return _content(page).select(".citation a.footnote-ref")


def _reference_numbers(pages) -> dict[str, int]:
    items = _content(pages[REFERENCES]).select("ol.references-full > li")
    return {li["id"].removeprefix("ref-"): int(li["value"]) for li in items}


def test_every_section_page_is_built(pages):
    assert [path for path in NAV_ORDER if path not in pages] == []


def test_search_finds_each_work_at_its_entry_and_reads_prose_without_markers(built_site, pages):
    index = json.loads((built_site / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"]
    numbers = _reference_numbers(pages)
    works = {entry["location"]: entry for entry in index if "#ref-" in entry["location"]}
    assert sorted(works) == sorted(f"{REFERENCES.removesuffix('index.html')}#ref-{key}" for key in numbers)
    for item in _content(pages[REFERENCES]).select("ol.references-full > li"):
        entry = works[f"{REFERENCES.removesuffix('index.html')}#{item['id']}"]
        assert entry["title"] == f"Reference {item['value']}"
        reference = copy.copy(item)  # the parsed pages are shared between tests
        reference.select_one(".cited-in").decompose()
        assert html.unescape(entry["text"]) == reference.get_text().strip()
    references_page = next(entry for entry in index if entry["location"] == REFERENCES.removesuffix("index.html"))
    assert "Azevedo" not in references_page["text"]  # the list is indexed work by work, not as one page
    prose = [entry for entry in index if "#ref-" not in entry["location"]]
    # No citation number, and no space left where a marker was ("ended ." for "ended [7].").
    assert [entry["location"] for entry in prose if re.search(r"\[\d|\s[.,;:]", entry["text"])] == []
    assert any("treatment ended. " in entry["text"] for entry in prose)


def test_every_bibtex_entry_is_cited_and_listed(pages, bibliography):
    numbers = _reference_numbers(pages)
    assert sorted(numbers, key=str.lower) == sorted(bibliography, key=str.lower)
    uncited = [key for key in numbers
               if not _content(pages[REFERENCES]).select(f'li[id="ref-{key}"] .cited-in a')]
    assert uncited == []


# The works the original review cites (bib/references.bib's header), by key: the site may add works,
# never lose one of these.
ORIGINAL_WORKS = (
    "azevedo2012", "michelet2018", "finnerup2015", "okie2010", "leonard1990", "pai2007", "domino2010",
    "pelissier2003", "eide2000", "smith1987", "nishimura1998", "koizuka2005", "ossipov2010", "dayton1983",
    "geisslinger1993", "yanagihara2003", "kurdi2014", "denicola1994", "himmelseher2005", "barjoseph2009",
    "zeiler2014", "fang2015", "hirota2011", "zarate2006", "sadove1971", "foster1987", "israel2021", "kehlet2006",
    "schmid1999", "mao2002", "bell2009", "sigtermans2009", "schwartzman2009", "culp2020", "bowdle1998",
    "cvrcek2008", "bergman1999", "peltoniemi2016", "bell2018", "winstock2012", "blunnie1981",
)


def test_every_work_of_the_original_review_is_still_cited(pages):
    assert len(set(ORIGINAL_WORKS)) == 41  # the source review's reference list
    numbers = _reference_numbers(pages)
    assert [key for key in ORIGINAL_WORKS if key not in numbers] == []


def test_numbers_follow_the_order_of_first_citation_in_reading_order(pages):
    first_seen = []
    for path in NAV_ORDER:
        for marker in _markers(pages[path]):
            key = marker["href"].removeprefix("#ref-")
            if key not in first_seen:
                first_seen.append(key)
    numbers = _reference_numbers(pages)
    assert [numbers[key] for key in first_seen] == list(range(1, len(first_seen) + 1))


def test_each_marker_shows_the_site_wide_number_and_its_hover_target_holds_the_reference(pages, bibliography):
    numbers = _reference_numbers(pages)
    checked = 0
    for path in NAV_ORDER:
        page = pages[path]
        for marker in _markers(page):
            key = marker["href"].removeprefix("#ref-")
            assert marker.get_text() == str(numbers[key]), f"{path}: {key}"
            target = page.find(id=f"ref-{key}")
            assert target is not None and int(target["value"]) == numbers[key]
            described = page.find(id=marker["aria-describedby"])  # what the preview shows, and screen readers read
            assert described is not None and described.find_parent("li") is target, f"{path}: {key}"
            target = described
            doi = bibliography[key].fields.get("doi")
            if doi:
                assert target.select_one(f'a[href="https://doi.org/{doi}"]') is not None, f"{path}: {key}"
            family = bibliography[key].persons["author"][0].last_names[0]
            assert family.split("-")[0] in target.get_text(), f"{path}: {key}"
            checked += 1
    assert checked == _cited_keys_in_sources()  # every citation of the Markdown, no more, no less


def test_each_citing_page_ends_with_its_references(pages):
    for path in NAV_ORDER:
        page = pages[path]
        keys = {m["href"].removeprefix("#ref-") for m in _markers(page)}
        if not keys:
            continue
        listed = {li["id"].removeprefix("ref-") for li in _content(page).select("ol.references > li")}
        assert listed == keys, path
        assert _content(page).select_one("h2#references") is not None, path


def test_references_page_back_links_reach_the_citing_markers(pages):
    back_links = _content(pages[REFERENCES]).select(".cited-in a")
    assert len(back_links) == _cited_keys_in_sources()  # one per citation
    for link in back_links:
        key = link.find_parent("li")["id"].removeprefix("ref-")
        url = urlsplit(link["href"])
        target_path = (Path(REFERENCES).parent / unquote(url.path) / "index.html").as_posix()
        target_path = re.sub(r"[^/]+/\.\./", "", target_path)
        marker = pages[target_path].find(id=url.fragment)
        assert marker is not None, link["href"]
        assert marker["href"] == f"#ref-{key}"
        assert marker.find_parent(["p", "li", "td"]) is not None  # the citing sentence


def test_every_internal_link_and_anchor_resolves(built_site, pages):
    broken = []
    for path, page in pages.items():
        for tag, attribute in (("a", "href"), ("link", "href"), ("img", "src"), ("script", "src")):
            for element in page.find_all(tag):
                value = element.get(attribute)
                if not value or urlsplit(value).scheme or value.startswith("//"):
                    continue
                url = urlsplit(value)
                if url.path.startswith("/"):  # the 404 page links from the site's root URL
                    target = built_site / unquote(url.path).removeprefix(SITE_PATH)
                elif url.path:
                    target = (built_site / path).parent / unquote(url.path)
                else:
                    target = built_site / path
                if target.is_dir():
                    target = target / "index.html"
                if not target.exists():
                    broken.append(f"{path}: {value}")
                elif url.fragment and target.suffix == ".html":
                    target_page = pages[target.resolve().relative_to(built_site.resolve()).as_posix()]
                    if target_page.find(id=unquote(url.fragment)) is None:
                        broken.append(f"{path}: {value}")
    assert broken == []


def test_tables_and_figure_are_numbered_and_cross_references_resolve(pages):
    captions = {}
    for path in NAV_ORDER:
        for caption in _content(pages[path]).select("p.caption"):
            captions[caption["id"]] = (path, caption.get_text())
    assert [(label, text.split(".")[0]) for label, (_, text) in captions.items()] == _captions_in_sources()
    references = 0
    for path in NAV_ORDER:
        for link in _content(pages[path]).find_all("a", string=re.compile(r"^(Table|Figure) \d+$")):
            label = unquote(urlsplit(link["href"]).fragment)
            assert captions[label][1].startswith(link.get_text() + "."), (path, link)
            references += 1
    assert references == _table_and_figure_references_in_sources()
    table_caption = pages["04-pharmacokinetics/index.html"].find(id="tbl:pharmacokinetics")
    assert table_caption.find_next_sibling().name == "table"
    figure = pages["02-history-and-structure/index.html"].find(id="fig:timeline").find_next("img")
    assert figure["src"].endswith("ketamine-timeline.svg") and len(figure["alt"]) > 40


def test_glossary_abbreviations_have_hover_definitions_wherever_they_appear(pages):
    glossary = dict(re.findall(r"^\*\[([^\]]+)\]: (.+)$", (ROOT / "includes/abbreviations.md").read_text(), re.M))
    assert glossary["NMDA"] == "N-methyl-D-aspartate"
    found = 0
    for path in NAV_ORDER:
        content = copy.copy(_content(pages[path]))  # the parsed pages are shared between tests
        for element in content.select("code, pre, .references, .citation"):
            element.decompose()
        for abbreviation, definition in glossary.items():
            words = len(re.findall(rf"(?<![\w-]){re.escape(abbreviation)}(?![\w-])", content.get_text()))
            hovers = [abbr for abbr in content.find_all("abbr") if abbr.get_text() == abbreviation]
            assert len(hovers) == words and all(abbr["title"] == definition for abbr in hovers), (path, abbreviation)
            found += words
    assert found, "no abbreviation found on any page: the check checked nothing"


def test_credit_to_the_original_article(pages):
    for path in ("index.html", "91-about/index.html"):
        assert _content(pages[path]).select_one('a[href="https://doi.org/10.7759/cureus.53365"]') is not None
    footer = pages["index.html"].select_one("footer").get_text()
    assert "CC BY 4.0" in footer and "10.7759/cureus.53365" in footer


def test_print_page_holds_every_page_once_in_reading_order(pages):
    content = _content(pages["92-print/index.html"])
    sections = content.select("section.print-section")
    titles = [section.find("h1").get_text().removesuffix("¶") for section in sections]
    expected = [_content(pages[path]).find("h1").get_text().removesuffix("¶") for path in NAV_ORDER]
    assert titles == expected
    assert len(content.select("ol.references-full")) == 1
    assert content.select("ol.references:not(.references-full)") == []
    ids = [element["id"] for element in content.find_all(id=True)]
    assert len(ids) == len(set(ids))


def test_every_page_offers_edit_link_last_update_and_the_build_version(pages):
    commit = subprocess.run(["git", "rev-parse", "--short=10", "HEAD"], cwd=ROOT, capture_output=True, text=True)
    for path in NAV_ORDER:
        page = pages[path]
        source = "index.md" if path == "index.html" else path.removesuffix("/index.html") + ".md"
        edit = page.select_one('a[rel="edit"]')
        assert edit["href"].endswith(f"/edit/main/docs/{source}"), path
        assert page.select_one(".git-revision-date-localized-plugin").get_text().strip(), path
        version = page.select_one(".md-copyright__version").get_text()
        assert re.search(rf"Version {commit.stdout.strip()} of \d{{4}}-\d\d-\d\d", version), version


def test_repository_link_asks_nothing_of_the_github_api(pages):
    for page in pages.values():
        assert page.select('[data-md-component="source"]') == []


def test_builds_without_git_history(tmp_path):
    """A source tarball has no .git: the build must still pass strictly, with dates from the build."""
    ignore = shutil.ignore_patterns(".git", ".venv", "node_modules", "site", "dist", "test-artifacts", "__pycache__")
    shutil.copytree(ROOT, tmp_path / "src", ignore=ignore)
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(tmp_path / "site")],
                            cwd=tmp_path / "src", capture_output=True, text=True,
                            env={**os.environ, "GIT_DIR": str(tmp_path / "no-git"), "SOURCE_DATE_EPOCH": "1764028800"})
    assert result.returncode == 0, result.stderr
    assert [line for line in result.stderr.splitlines() if line.startswith("WARNING")] == []
    footer = BeautifulSoup((tmp_path / "site/index.html").read_text(encoding="utf-8"), "html.parser")
    assert "Version unknown of 2025-11-25" in footer.select_one(".md-copyright__version").get_text()
