"""Read and format the bibliography once, and again only when a .bib file or this code changes.

Core module (imports nothing from MkDocs), used by the `bibliography` step. Parsing BibTeX costs about half
a millisecond per entry (pybtex), which a large bibliography pays on every build and every
`mkdocs serve` rebuild. The result is kept in `.cache/` beside mkdocs.yml
(git-ignored), under a key made of the files' bytes, pybtex's version and this code's source,
so a stale result is never used. A cache that cannot be read or written is simply skipped.
"""

from __future__ import annotations

import hashlib
import pickle
from dataclasses import dataclass
from pathlib import Path

import pybtex  # for its version: pybtex/__init__.py loads none of its parser

from .author_errors import Problem, project_path

# The code that shapes the result, by file: its modules (and pybtex's parser with them) are
# imported only when the cache misses.
_CODE = [Path(__file__).with_name(name) for name in ("bibtex_rules.py", "bibtex_reader.py", "reference_style.py")] + [
    Path(__file__)]


@dataclass
class Bibliography:
    """What the build needs of the bibliography: each entry already formatted, in file order.
    pybtex's objects are not kept: they would double a large site's memory for nothing."""

    formatted: dict[str, str]  # key -> reference HTML
    scholar: dict[str, str]  # key -> Google Scholar `citation_reference`
    defined_at: dict[str, tuple[str, int]]  # key -> (file, line)
    problems: list[Problem]


def read_files(patterns: list[str], config_file_path: str) -> list[tuple[str, bytes]]:
    """The .bib files the glob `patterns` (relative to the folder holding mkdocs.yml) name, in a
    stable order, as (path relative to that folder, content)."""
    root = Path(config_file_path).parent
    paths = sorted({path for pattern in patterns for path in root.glob(pattern) if path.is_file()})
    return [(project_path(str(path), config_file_path), path.read_bytes()) for path in paths]


def read(files: list[tuple[str, bytes]], cache_dir: Path) -> Bibliography:
    key = _key(files)
    path = cache_dir / f"bibliography-{key[:32]}.pickle"
    bibliography = _load(path)
    if bibliography is None:
        from .reference_style import format_reference, highwire_reference

        data, defined_at, problems = read_bibliography(files)
        entries = data.entries
        bibliography = Bibliography({key: format_reference(entry) for key, entry in entries.items()},
                                    {key: highwire_reference(entry) for key, entry in entries.items()},
                                    defined_at, problems)
        _store(path, bibliography)
    return bibliography


def read_bibliography(files: list[tuple[str, bytes]]):
    """bibtex_rules.read_bibliography, which brings pybtex's parser in: imported on a cache miss."""
    from .bibtex_rules import read_bibliography

    return read_bibliography(files)


def _key(files: list[tuple[str, bytes]]) -> str:
    digest = hashlib.sha256(pybtex.__version__.encode())
    for source in _CODE:
        digest.update(source.read_bytes())
    for name, raw in files:
        digest.update(name.encode() + b"\0" + hashlib.sha256(raw).digest())
    return digest.hexdigest()


def _load(path: Path) -> Bibliography | None:
    try:
        with path.open("rb") as stream:
            return pickle.load(stream)
    except Exception:  # missing, partial or from another version: parse again
        return None


def _store(path: Path, bibliography: Bibliography) -> None:
    try:
        path.parent.mkdir(exist_ok=True)
        for old in path.parent.glob("bibliography-*.pickle"):
            old.unlink()
        temporary = path.with_suffix(".tmp")
        temporary.write_bytes(pickle.dumps(bibliography, protocol=pickle.HIGHEST_PROTOCOL))
        temporary.replace(path)  # never a half-written cache
    except OSError:
        pass
