"""Format a BibTeX entry as a reference in a medical (Vancouver/NLM-like) style, as safe HTML.

Core module (imports nothing from MkDocs). One direct formatter instead of pybtex's template engine: the
site needs one style, and formatting each entry once per build keeps citations cheap.
Every field passes through `html.escape`, and links are built only from checked values, so a
field can never become live markup.
"""

from __future__ import annotations

import functools
import html
import re
from urllib.parse import quote

from pybtex.backends.plaintext import Backend as PlainTextBackend
from pybtex.database import Entry, Person
from pybtex.richtext import Text

MAX_AUTHORS = 6  # Vancouver/NLM: list six authors, then "et al."
# Crossref's recommended DOI pattern, plus the `<>[]` that old Wiley DOIs contain.
DOI_PATTERN = re.compile(r"^10\.\d{4,9}/[-._;()/:A-Za-z0-9<>\[\]]+$")
PMID_PATTERN = re.compile(r"^\d{1,9}$")
# One backend instance: `render_as("text")` looks the backend up among installed packages'
# entry points on every call, which cost about 18 ms per field.
_TEXT = PlainTextBackend()
_LATEX_COMMAND = re.compile(r"[\\~$]|``|''")


@functools.lru_cache(maxsize=65536)  # journal names and years repeat across entries
def plain(latex: str) -> str:
    """BibTeX field text as plain Unicode: accents decoded, braces dropped, `--` as an en dash."""
    if not _LATEX_COMMAND.search(latex):  # most fields: skip the LaTeX parser (the slow part)
        text = latex.replace("{", "").replace("}", "").replace("---", "—").replace("--", "–")
        return text.strip()
    try:
        return Text.from_latex(latex).render(_TEXT).strip()
    except Exception:  # malformed LaTeX: show the raw text rather than lose the field
        return latex.replace("{", "").replace("}", "").strip()


def author_name(person: Person) -> str:
    """`van Hilten JJ`, `Zarate CA Jr`: family name, then initials without dots."""
    family = " ".join(plain(part) for part in person.prelast_names + person.last_names)
    given = " ".join(plain(part) for part in person.first_names + person.middle_names)
    initials = "".join(word[0] for word in re.split(r"[\s\-.]+", given) if word)
    parts = [family, initials] + [plain(part).rstrip(".") for part in person.lineage_names]
    return " ".join(part for part in parts if part)


def author_list(persons: list[Person]) -> str:
    names = [author_name(person) for person in persons[:MAX_AUTHORS]]
    if len(persons) > MAX_AUTHORS:
        names.append("et al")
    return ", ".join(names)


def short_name(entry: Entry) -> str:
    """`Tester 2025`, `Cohen et al. 2018`: how a work is named where it has no number."""
    persons = entry.persons.get("author") or entry.persons.get("editor") or []
    family = " ".join(plain(part) for part in persons[0].prelast_names + persons[0].last_names) if persons else ""
    name = f"{family} et al." if len(persons) > 1 else family
    return " ".join(part for part in (name or plain(entry.fields.get("title", ""))[:40],
                                      plain(entry.fields.get("year", ""))) if part)


def _sentence(text: str) -> str:
    """End a piece with a full stop unless it already ends with punctuation."""
    return text if text.endswith((".", "?", "!")) else text + "."


def format_reference(entry: Entry) -> str:
    """The reference as an HTML fragment: authors, title, source, year;volume(issue):pages, links."""
    fields = entry.fields
    field = lambda name: plain(fields.get(name, ""))  # noqa: E731
    esc = html.escape
    pieces = []
    persons = entry.persons.get("author") or entry.persons.get("editor") or []
    if persons:
        suffix = ", editors" if "author" not in entry.persons else ""
        pieces.append(esc(_sentence(author_list(persons) + suffix)))
    if field("title"):
        pieces.append(esc(_sentence(field("title"))))
    source = field("journal") or field("booktitle") or field("publisher") or field("howpublished")
    if source:
        pieces.append(f"<i>{esc(source)}</i>.")
    issue = field("year")
    if field("volume"):
        issue += f";{field('volume')}"
        if field("number"):
            issue += f"({field('number')})"
    if field("pages"):
        issue += f":{field('pages')}"
    if issue:
        pieces.append(esc(_sentence(issue)))
    if field("note"):
        pieces.append(esc(_sentence(field("note"))))
    doi = fields.get("doi", "").strip()
    if DOI_PATTERN.match(doi):
        url = "https://doi.org/" + quote(doi, safe="/:;()._-<>[]")
        pieces.append(f'doi:<a href="{esc(url)}">{esc(doi)}</a>.')
    pmid = fields.get("pmid", "").strip()
    if PMID_PATTERN.match(pmid):
        pieces.append(f'PMID: <a href="https://pubmed.ncbi.nlm.nih.gov/{pmid}/">{pmid}</a>.')
    return " ".join(pieces)


def highwire_reference(entry: Entry) -> str:
    """The `key=value; ...` form of Google Scholar's `citation_reference` meta tag."""
    fields = entry.fields
    parts = [f"citation_author={plain(str(person))}" for person in entry.persons.get("author", [])]
    for name, field in (("title", "title"), ("journal_title", "journal"), ("publication_date", "year"),
                        ("volume", "volume"), ("issue", "number"), ("doi", "doi"), ("pmid", "pmid")):
        if fields.get(field):
            parts.append(f"citation_{name}={plain(fields[field])}")
    pages = plain(fields.get("pages", "")).split("–")
    if pages[0]:
        parts.append(f"citation_firstpage={pages[0]}")
    if len(pages) > 1:
        parts.append(f"citation_lastpage={pages[1]}")
    return "; ".join(part.replace(";", ",") for part in parts)
