"""Bad, unusual and hostile input: clear errors, nothing lost, nothing live; builds reproducible.

Fixture sites live under tests/fixtures/ (their warnings are pinned by test_fixture_sites.py);
here the HTML they produce is checked, and the real site is built twice and compared.
"""

from __future__ import annotations

import filecmp
import json
import os
import shutil
import subprocess
import sys

import pytest
from bs4 import BeautifulSoup

from conftest import FIXTURES, ROOT, build_fixture
from living_review.core.markdown_source import find_citations, mask_code


def _built(name: str, tmp_path):
    messages, error = build_fixture(name, tmp_path)
    assert (messages, error) == ([], None)
    return lambda path: BeautifulSoup((tmp_path / path).read_text(encoding="utf-8"), "html.parser")


def _source_citations(name: str, page: str) -> int:
    text = (FIXTURES / name / "docs" / page).read_text(encoding="utf-8")
    return sum(len(c.keys) for c in find_citations(text, mask_code(text)) if not c.error)


def test_unusual_markdown_keeps_every_citation_and_every_bracket(tmp_path):
    html = _built("markdown_unusual_clean", tmp_path)
    home = html("index.html")
    markers = home.select('.citation a[href^="#ref-"]')
    assert len(markers) == _source_citations("markdown_unusual_clean", "index.md") == 10
    numbers = {marker["href"]: marker.get_text() for marker in markers}
    assert numbers == {"#ref-van-hilten_2009": "1", "#ref-smith.1987": "2", "#ref-lee:2001": "3"}
    for place in ("h2#relief", "li", "td", ".admonition", ".footnote"):  # heading, list, table, ...
        assert home.select(f"{place} .citation"), place
    text = home.get_text()
    assert "[like these]" in text and "[these; too]" in text and "editor@example.org" in text
    assert home.find("a", href="https://example.org/").get_text() == "@someone"
    codes = [code.get_text() for code in home.find_all("code")][:2]
    assert codes == ["[@smith.1987]", "[@lee:2001] and user@example.org\n"]
    toc = home.select('.md-sidebar--secondary a[href="#relief"]')
    assert [a.get_text().strip() for a in toc] == ["Relief in complex cases"]
    assert html("plain/index.html").select(".citation, ol.references") == []
    later = html("later/index.html")
    assert [a.get_text() for a in later.select(".citation a")] == ["4", "4"]
    # A heading's id is its words only, whatever the citation's place on the page.
    assert [h2["id"] for h2 in later.select("h2")] == ["dosing-in-later-work", "references"]
    assert [li["id"] for li in later.select("ol.references > li")] == ["ref-bell2009"]


def test_latex_and_utf8_names_render_the_same_everywhere(tmp_path):
    html = _built("bibtex_latex_clean", tmp_path)
    home = html("index.html")
    first = home.select_one("ol.references-full > #ref-faisco2024").get_text()
    assert first.startswith("Faísco A, Seixas T, Müller J, Jørgensen J. Ketamine & NMDA receptors in Portugal: "
                            "50% of adults. Cureus. 2024;16:773–783.")
    second = home.select_one("ol.references-full > #ref-muller2020").get_text()
    assert second.startswith("Müller J, Jørgensen J, Faísco A. Written in UTF-8 – with an en dash. Pain. 2020:1–9.")
    # The page holds the list of every work, so its markers lead there (it gets no list of its own).
    target = home.select_one('.citation a[href="#ref-faisco2024"]')["href"]
    assert [item.find_parent("ol")["class"] for item in home.select(target)] == [["references", "references-full"]]
    index = json.loads((tmp_path / "search/search_index.json").read_text(encoding="utf-8"))
    assert "Faísco A, Seixas T, Müller J, Jørgensen J" in json.dumps(index, ensure_ascii=False)


def test_hostile_bibtex_fields_stay_text_in_page_hover_references_and_search(tmp_path):
    html = _built("bibtex_hostile_clean", tmp_path)
    article = html("index.html").select_one("article")
    assert article.find_all(["script", "img", "iframe", "b", "object", "embed"]) == []
    assert [attr for tag in article.find_all(True) for attr in tag.attrs if attr.startswith("on")] == []
    assert [a["href"] for a in article.find_all("a") if a["href"].startswith(("javascript:", "data:"))] == []
    assert '<script>alert("title")</script>' in article.select_one("#ref-evil2020").get_text()  # shown as text
    index = (tmp_path / "search/search_index.json").read_text(encoding="utf-8")
    assert "&lt;script&gt;" in index and "<script" not in index and "<img" not in index


def test_a_failed_build_leaves_the_previous_site_untouched(tmp_path):
    copy = tmp_path / "src"
    shutil.copytree(ROOT, copy, ignore=shutil.ignore_patterns(".git", ".venv", "node_modules", "site", "dist",
                                                              ".cache", "test-artifacts", "bench-results"))
    (copy / "site").mkdir()
    (copy / "site" / "index.html").write_text("the previous site", encoding="utf-8")
    page = copy / "docs" / "04-pharmacokinetics.md"
    page.write_text(page.read_text(encoding="utf-8") + "\nA planted error [@nosuchkey].\n", encoding="utf-8")
    result = subprocess.run(["make", "--no-print-directory", "build", f"VENV={ROOT / '.venv'}"], cwd=copy,
                            capture_output=True, text=True)
    assert result.returncode != 0
    assert "docs/04-pharmacokinetics.md:" in result.stderr and "unknown citation key 'nosuchkey'" in result.stderr
    assert (copy / "site" / "index.html").read_text(encoding="utf-8") == "the previous site"


@pytest.mark.parametrize("target, written", [("offline", "*.zip"), ("pdf", "*.pdf")])
def test_make_offline_and_pdf_publish_nothing_when_a_file_is_refused(tmp_path, target, written):
    """`make offline` and `make pdf` build with --quiet, which keeps strict mode from counting
    warnings: the build still fails on its own errors, says which, and nothing is written."""
    copy = tmp_path / "src"
    shutil.copytree(ROOT, copy, ignore=shutil.ignore_patterns(".git", ".venv", "node_modules", "site", "dist",
                                                              ".cache", "test-artifacts", "bench-results"))
    (copy / "node_modules").symlink_to(ROOT / "node_modules")
    (copy / "docs" / "figures" / "planted.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>\n', encoding="utf-8")
    result = subprocess.run(["make", "--no-print-directory", target, f"VENV={ROOT / '.venv'}", "DIST=dist"],
                            cwd=copy, capture_output=True, text=True)
    assert result.returncode != 0
    assert "Aborted: 1 error in" in result.stdout and "\ndocs/figures/planted.svg:1: <script>" in result.stdout
    assert "Traceback" not in result.stderr
    assert not list((copy / "dist").glob(written))


def test_two_builds_of_one_working_tree_are_byte_identical(tmp_path):
    """Committed or not: tests/test_contributor.py runs this on a copy with a new, uncommitted page."""
    epoch = subprocess.run(["git", "log", "-1", "--format=%ct"], cwd=ROOT, capture_output=True, text=True).stdout
    env = {**os.environ, "SOURCE_DATE_EPOCH": epoch.strip() or "1764028800"}
    for name in ("one", "two"):
        shutil.rmtree(ROOT / ".cache", ignore_errors=True) if name == "one" else None  # cold, then warm cache
        subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "--site-dir", str(tmp_path / name)],
                       cwd=ROOT, env=env, check=True)
    comparison = filecmp.dircmp(tmp_path / "one", tmp_path / "two")
    assert _differences(comparison) == []
    assert (tmp_path / "one" / "sitemap.xml").exists() and (tmp_path / "one" / "search/search_index.json").exists()


def _differences(comparison: filecmp.dircmp, folder: str = "") -> list[str]:
    """Paths (from the site's root) that differ or exist on one side only."""
    _, mismatch, errors = filecmp.cmpfiles(comparison.left, comparison.right, comparison.common_files, shallow=False)
    found = [folder + name for name in mismatch + errors + comparison.left_only + comparison.right_only]
    for name, sub in comparison.subdirs.items():
        found += _differences(sub, f"{folder}{name}/")
    return found


@pytest.mark.slow
def test_a_5000_entry_bibliography_and_a_1_mb_page_build(tmp_path):
    sys.path.insert(0, str(ROOT / "bench"))
    from generate_corpus import generate

    generate(tmp_path, pages=3, citations=20, entries=5000)
    page = tmp_path / "docs" / "001-page.md"
    text = page.read_text(encoding="utf-8")
    keys = [f"author{i:05d}" for i in range(5000)]
    paragraphs = [f"Sentence {i} about ketamine and pain relief in a long page [@{keys[i % 5000]}]."
                  for i in range(20000)]
    page.write_text(text + "\n" + "\n".join(paragraphs) + "\n", encoding="utf-8")
    assert page.stat().st_size > 1_000_000
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    build(load_config(str(tmp_path / "mkdocs.yml"), site_dir=str(tmp_path / "site")))
    html = (tmp_path / "site" / "001-page" / "index.html").read_text(encoding="utf-8")
    assert html.count('class="footnote-ref"') >= 20000
    references = (tmp_path / "site" / "999-references" / "index.html").read_text(encoding="utf-8")
    assert references.count("<li id=\"ref-") == 5000
