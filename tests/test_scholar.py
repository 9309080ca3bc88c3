"""Google Scholar meta tags on the home page: the original article, and one tag per reference."""

from bs4 import BeautifulSoup


def test_home_page_carries_the_original_article_and_every_reference(built_site):
    home = BeautifulSoup((built_site / "index.html").read_text(encoding="utf-8"), "html.parser")
    meta = {}
    for tag in home.find_all("meta", attrs={"name": lambda name: name and name.startswith("citation_")}):
        meta.setdefault(tag["name"], []).append(tag["content"])
    assert meta["citation_title"] == ["Ketamine in Chronic Pain: A Review"]
    assert meta["citation_author"] == ["Faísco, Ana", "Dinis, Rita", "Seixas, Tânia", "Lopes, Luís"]
    assert meta["citation_doi"] == ["10.7759/cureus.53365"]
    assert meta["citation_publication_date"] == ["2024/02/01"]
    references = meta["citation_reference"]
    assert len(references) == 41
    assert references[0].startswith("citation_author=Azevedo, Luís Filipe;")  # number 1, first cited
    assert "citation_doi=10.1016/j.jpain.2012.05.012" in references[0]
    sub_page = BeautifulSoup((built_site / "04-pharmacokinetics/index.html").read_text(encoding="utf-8"), "html.parser")
    assert sub_page.find("meta", attrs={"name": "citation_reference"}) is None
