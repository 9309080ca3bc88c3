"""Unit tests: a BibTeX entry formatted as a medical (Vancouver-like) reference, safely."""

from pybtex.database import parse_string

from living_review.core.reference_style import author_name, format_reference, plain


def _entry(fields: str):
    return parse_string("@article{k, " + fields + "}", "bibtex").entries["k"]


def test_authors_as_family_name_and_initials():
    entry = _entry(r"author = {van Hilten, J. J. and Zarate, Jr., Carlos A. and Costa-Pereira, Altamiro"
                   r" and Fa{\'\i}sco, Ana and M{\"u}ller, Jean-Pierre}")
    names = [author_name(person) for person in entry.persons["author"]]
    assert names == ["van Hilten JJ", "Zarate CA Jr", "Costa-Pereira A", "Faísco A", "Müller JP"]


def test_more_than_six_authors_end_with_et_al():
    authors = " and ".join(f"Author{i}, A." for i in range(8))
    html = format_reference(_entry(f"author = {{{authors}}}, title = {{T}}, journal = {{J}}, year = 2000"))
    assert html.startswith("Author0 A, Author1 A, Author2 A, Author3 A, Author4 A, Author5 A, et al. T.")


def test_full_reference_layout():
    html = format_reference(_entry(
        "author = {Bell, Rae F. and Kalso, Eija A.}, title = {Ketamine for pain management},"
        " journal = {Pain Reports}, year = 2018, volume = 3, number = 5, pages = {e674},"
        " doi = {10.1097/PR9.0000000000000674}, pmid = {30534625}"))
    assert html == (
        "Bell RF, Kalso EA. Ketamine for pain management. <i>Pain Reports</i>. 2018;3(5):e674. "
        'doi:<a href="https://doi.org/10.1097/PR9.0000000000000674">10.1097/PR9.0000000000000674</a>. '
        'PMID: <a href="https://pubmed.ncbi.nlm.nih.gov/30534625/">30534625</a>.')


def test_latex_and_page_ranges():
    assert plain(r"{NMDA} receptors \& {\%} of {Portugal}") == "NMDA receptors & % of Portugal"
    assert plain("773--783") == "773–783"


def test_fields_never_become_markup():
    html = format_reference(_entry(
        'author = {<img src=x onerror=alert(1)>, A.}, title = {<script>alert(1)</script>},'
        ' journal = {J}, year = 2000, doi = {10.1000/x"onmouseover="alert(1)}'))
    assert "<script" not in html and "<img" not in html and "onmouseover" not in html
