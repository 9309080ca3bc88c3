"""The guard (tests/site_guard.py) on the site readers get, and proof that it fails on a build
made without our plugin, as an engine that ignores it makes it (alone, or with mkdocs-bibtex's
per-page pass in its place)."""

from __future__ import annotations

import re

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config

import site_guard
from conftest import ROOT
from living_review.core.citation_index import FULL_BIBLIOGRAPHY, citation_groups
from living_review.core.markdown_source import find_citations
from test_site import CONFIG

PAGE = "dosing/index.html"
PLACEHOLDER_LINE = re.compile(r"^(\\[a-z_]+)[ \t]*$", re.M)  # `\full_bibliography`, `\print_review`


def test_the_hosted_site_shows_no_leftover(built_site):
    site_guard.assert_no_leftover(built_site)


def test_the_offline_bundle_shows_no_leftover(offline_bundle):
    site_guard.assert_no_leftover(offline_bundle)


@pytest.mark.parametrize("without_bibtex", [False, True],
                         ids=["mkdocs-bibtex instead of the plugin", "without the plugin"])
def test_the_guard_fails_on_the_site_built_without_our_plugin(without_bibtex, tmp_path, monkeypatch):
    plugins = {name: options for name, options in CONFIG["plugins"].items() if name != "living-review"}
    if not without_bibtex:  # its per-page pass, without the bibliography on every page
        plugins["bibtex"] = {"bib_dir": str(ROOT / "bib"), "bib_by_default": False}
    overrides = {"hooks": [], "plugins": plugins}  # without the plugin: what Zensical 0.0.57 does
    monkeypatch.chdir(ROOT)  # pymdownx.snippets reads includes/ from the working directory
    build(load_config(str(ROOT / "mkdocs.yml"), site_dir=str(tmp_path), **overrides))
    shown: dict[str, str] = {}
    for leftover in site_guard.leftovers(tmp_path):
        shown[leftover.page] = shown.get(leftover.page, "") + leftover.text
    missed = []
    for source in sorted((ROOT / "docs").glob("*.md")):
        text = source.read_text(encoding="utf-8")
        page = "index.html" if source.name == "index.md" else f"{source.stem}/index.html"
        citations = find_citations(text)
        # mkdocs-bibtex alone turns a work's `[@key]` into `[^key]`, and drops a cross-reference.
        cites = (without_bibtex and citations) or any(group for _, group in citation_groups(citations))
        if cites and page not in shown:
            missed.append(f"{page}: its citations")
        for placeholder in PLACEHOLDER_LINE.findall(text):  # mkdocs-bibtex fills its own
            if (without_bibtex or placeholder != FULL_BIBLIOGRAPHY) and placeholder not in shown.get(page, ""):
                missed.append(f"{page}: {placeholder}")
    assert shown, "the guard found nothing on a site built without the plugin"
    assert missed == []


@pytest.mark.parametrize(("html", "what", "text"), [
    ("<p>Relief lasted weeks [@smith1987].</p>", "raw citation or cross-reference", "weeks [@smith1987]."),
    ("<li>Doses are in [@tbl:dose].</li>", "raw citation or cross-reference", "[@tbl:dose]"),
    ("<td>Relief [^smith1987]</td>", "footnote syntax", "Relief [^smith1987]"),
    ("<p>\\full_bibliography</p>", "hook placeholder", "\\full_bibliography"),
    ("<p>\\print_review</p>", "hook placeholder", "\\print_review"),
    ("<p>\\page_references</p>", "hook placeholder", "\\page_references"),
    ("<p>Table: Doses by route. {#tbl:dose}</p>", "caption left as text", "Table: Doses by route."),
    ("<p>Table: Doses by route. {#tbl:dose}</p>", "label left as text", "{#tbl:dose}"),
    ("<p>Relief<!--deferred 3-->.</p>", "deferred HTML never filled", "<!--deferred 3-->"),
    ("<p>Relief\ue000\ue013\ue001.</p>", "placeholder character", "Relief\ue000\ue013\ue001."),
    ('<p><abbr title="see [@smith1987]">IV</abbr></p>', "raw citation or cross-reference", "see [@smith1987]"),
], ids=["citation", "cross-reference", "footnote", "full-bibliography", "print-review", "page-references", "caption",
        "label", "deferred-comment", "private-use-placeholder", "in-an-attribute"])
def test_the_guard_names_the_page_and_the_text(html, what, text):
    found = site_guard.page_leftovers(PAGE, f"<html><body><article>{html}</article></body></html>")
    assert (PAGE, what) in [(leftover.page, leftover.what) for leftover in found]
    assert any(text in leftover.text for leftover in found if leftover.what == what)
    assert str(found[0]).startswith(f"{PAGE}: {found[0].what}: ")


def test_the_guard_stays_quiet_on_code_and_ordinary_text():
    html = ("<p>Write <code>[@smith1987]</code> or <code>\\full_bibliography</code>; mail editor@example.org"
            " [1]; see Table 2 and the figure: its doses.</p>"
            "<pre><code>[@tbl:dose] [^note] {#fig:timeline}\nTable: Doses. {#tbl:dose}\n\\print_review</code></pre>"
            '<script type="application/json">{"x": "[@smith1987]"}</script>')
    assert site_guard.page_leftovers(PAGE, f"<html><body>{html}</body></html>") == []
