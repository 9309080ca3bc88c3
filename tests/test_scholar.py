"""Google Scholar meta tags on the home page: the original article, and one tag per reference."""

from bs4 import BeautifulSoup

from living_review.core.reference_style import highwire_reference
from test_site import REFERENCES, _reference_numbers


def test_home_page_carries_the_original_article_and_every_reference(built_site, pages, bibliography):
    home = BeautifulSoup((built_site / "index.html").read_text(encoding="utf-8"), "html.parser")
    meta = {}
    for tag in home.find_all("meta", attrs={"name": lambda name: name and name.startswith("citation_")}):
        meta.setdefault(tag["name"], []).append(tag["content"])
    assert meta["citation_title"] == ["Ketamine in Chronic Pain: A Review"]
    assert meta["citation_author"] == ["Faísco, Ana", "Dinis, Rita", "Seixas, Tânia", "Lopes, Luís"]
    assert meta["citation_doi"] == ["10.7759/cureus.53365"]
    assert meta["citation_publication_date"] == ["2024/02/01"]
    # One tag per work of bib/, in the order of the site's numbers (the References page's).
    numbers = _reference_numbers(pages)
    assert sorted(numbers, key=str.lower) == sorted(bibliography, key=str.lower), REFERENCES
    in_order = sorted(numbers, key=numbers.get)
    assert meta["citation_reference"] == [highwire_reference(bibliography[key]) for key in in_order]
    sub_page = BeautifulSoup((built_site / "04-pharmacokinetics/index.html").read_text(encoding="utf-8"), "html.parser")
    assert sub_page.find("meta", attrs={"name": "citation_reference"}) is None
