"""The content stays portable to stock mkdocs-bibtex 4.4.0 (archived upstream, not in our build).

The site's pages cite with pandoc's `[@key]` and list every work with `\\full_bibliography`, which
is mkdocs-bibtex's own syntax. Built with stock mkdocs-bibtex alone (no living-review plugin, no
hooks), every citation of every page must resolve to a footnote of its work: a site that leaves
the plugin keeps its citations (MAINTAINING.md, "Exit routes").
"""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from mkdocs.commands.build import build
from mkdocs.config import load_config

from conftest import ROOT
from living_review.core.citation_index import citation_groups
from living_review.core.markdown_source import find_citations
from test_site import CONFIG, SOURCES


@pytest.fixture(scope="module")
def stock_site(tmp_path_factory, monkeypatch_module):
    site = tmp_path_factory.mktemp("stock-bibtex")
    plugins = {name: options for name, options in CONFIG["plugins"].items() if name != "living-review"}
    plugins["bibtex"] = {"bib_dir": str(ROOT / "bib"), "bib_by_default": True}
    monkeypatch_module.chdir(ROOT)  # pymdownx.snippets reads includes/ from the working directory
    build(load_config(str(ROOT / "mkdocs.yml"), site_dir=str(site), hooks=[], plugins=plugins))
    return site


@pytest.fixture(scope="module")
def monkeypatch_module():
    with pytest.MonkeyPatch.context() as patch:
        yield patch


@pytest.mark.parametrize("source", SOURCES)
def test_stock_mkdocs_bibtex_resolves_every_citation_of_the_page(source, stock_site):
    text = (ROOT / "docs" / source).read_text(encoding="utf-8")
    cited = {key for _, group in citation_groups(find_citations(text)) for key, _ in group}
    page = "index.html" if source == "index.md" else f"{source.removesuffix('.md')}/index.html"
    html = BeautifulSoup((stock_site / page).read_text(encoding="utf-8"), "html.parser")
    article = html.select_one("article")
    footnotes = {item["id"].removeprefix("fn:") for item in article.select("li[id^='fn:']")}
    markers = {link["href"].removeprefix("#fn:") for link in article.select("sup a.footnote-ref")}
    assert cited <= footnotes and cited <= markers, f"not resolved: {sorted(cited - (footnotes & markers))}"
    for code in article.select("code"):
        code.decompose()  # a citation shown as code stays literal, as it should
    assert "[^" not in article.get_text(), "a footnote left unresolved"
