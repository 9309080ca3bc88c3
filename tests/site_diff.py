"""Two builds of the site compared file by file, and each HTML page element by element.

Used to prove that a second engine (ProperDocs) writes the same site as MkDocs, and by
`make upgrade-check` to show what newer dependencies change. Each difference names the file,
the element (its tag, from the nearest ancestor with an id) and both versions.
By hand: `python tests/site_diff.py FIRST_SITE SECOND_SITE`.
"""

from __future__ import annotations

import difflib
import gzip
import sys
from pathlib import Path
from typing import NamedTuple

from bs4 import BeautifulSoup

_SHOWN = 160  # characters of each version shown in a difference


class Difference(NamedTuple):
    page: str  # path in the built site
    element: str  # e.g. `head > meta[name=generator]`, or `(file)` for a whole file
    first: str  # as in the first build ("" if absent)
    second: str

    def __str__(self) -> str:
        return f"{self.page}: {self.element}: {self.first!r} -> {self.second!r}"


def differences(first: Path, second: Path) -> list[Difference]:
    """Every difference between the built sites in `first` and `second`, file by file."""
    found = []
    paths = {path.relative_to(site).as_posix()
             for site in (first, second) for path in site.rglob("*") if path.is_file()}
    for path in sorted(paths):
        one, two = first / path, second / path
        if not (one.exists() and two.exists()):
            found.append(Difference(path, "(file)", _presence(one), _presence(two)))
        elif path.endswith(".html"):
            found += _page_differences(path, one.read_text(encoding="utf-8"), two.read_text(encoding="utf-8"))
        elif _contents(one) != _contents(two):
            one_text, two_text = (_contents(file).decode("utf-8", "replace") for file in (one, two))
            found.append(Difference(path, "(file)", *_first_change(one_text, two_text)))
    return found


def summary(found: list[Difference]) -> str:
    """The differences, one line each, with a change seen on many pages given once, with its pages."""
    pages: dict[tuple[str, str, str], list[str]] = {}
    for difference in found:
        where = pages.setdefault((difference.element, difference.first, difference.second), [])
        if difference.page not in where:
            where.append(difference.page)
    lines = []
    for (element, one, two), where in pages.items():
        shown = ", ".join(where[:3]) + (f" and {len(where) - 3} more" if len(where) > 3 else "")
        lines.append(f"{shown}: {element}: {one!r} -> {two!r}")
    return "\n".join(lines)


def _page_differences(page: str, one: str, two: str) -> list[Difference]:
    first, second = _elements(one), _elements(two)
    found = []
    matcher = difflib.SequenceMatcher(None, [text for _, text in first], [text for _, text in second], autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        for offset in range(max(i2 - i1, j2 - j1)):
            a = first[i1 + offset] if i1 + offset < i2 else None
            b = second[j1 + offset] if j1 + offset < j2 else None
            if a and b:
                found.append(Difference(page, a[0], *_first_change(a[1], b[1])))
            else:
                found.append(Difference(page, (a or b)[0], a[1][:_SHOWN] if a else "", b[1][:_SHOWN] if b else ""))
    return found


def _elements(html: str) -> list[tuple[str, str]]:
    """Each element in document order: (where it is, its tag and attributes and its own text)."""
    elements = []
    for element in BeautifulSoup(html, "html.parser").find_all(True):
        attributes = "".join(f' {name}="{" ".join(value) if isinstance(value, list) else value}"'
                             for name, value in element.attrs.items())
        text = " ".join("".join(element.find_all(string=True, recursive=False)).split())
        elements.append((_where(element), f"<{element.name}{attributes}>{text}"))
    return elements


def _where(element) -> str:
    """`li#ref-smith1987 > p`, `article.md-content__inner > p > span.citation`: the element's
    tags (with an id, a name or a first class) up to the nearest id, at most four steps."""
    steps = []
    while element is not None and element.name != "[document]" and len(steps) < 4:
        if element.get("id"):
            steps.append(f"{element.name}#{element['id']}")
            break
        if element.get("name"):
            steps.append(f"{element.name}[name={element['name']}]")
        else:
            steps.append(element.name + "".join(f".{name}" for name in element.get("class", [])[:1]))
        element = element.parent
    return " > ".join(reversed(steps))


def _contents(path: Path) -> bytes:
    data = path.read_bytes()
    return gzip.decompress(data) if path.suffix == ".gz" else data  # a gzip header holds a date


def _first_change(one: str, two: str) -> tuple[str, str]:
    """Both texts from a little before the first character where they differ."""
    start = next((i for i, (a, b) in enumerate(zip(one, two, strict=False)) if a != b), min(len(one), len(two)))
    start = max(0, start - 40)
    return one[start:start + _SHOWN], two[start:start + _SHOWN]


def _presence(path: Path) -> str:
    return "present" if path.exists() else "missing"


if __name__ == "__main__":
    print(summary(differences(Path(sys.argv[1]), Path(sys.argv[2]))) or "no difference")
