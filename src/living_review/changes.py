"""`make changes`: what the working tree changes in the review since its latest edition, as Markdown.

Usage: python -m living_review.changes [-f mkdocs.yml]
Prints the changes section of the changelog for the working tree (pages by section, the changed words
in <ins> and <del>, tables cell by cell, references formatted with their numbers) as GitHub Markdown,
for a pull request's job summary. The same engine-free core renders the changelog page
(core/changes_shown.py); this adapter only reads the sources and git, and needs MkDocs to read
mkdocs.yml, the files and the nav. Citations read as the numbers the draft gives them; links lead
to the latest edition on the hosted site.
"""

from __future__ import annotations

import argparse
import posixpath
import sys
from pathlib import Path

import jinja2
from mkdocs.config import load_config
from mkdocs.structure.files import File, get_files
from mkdocs.structure.nav import get_navigation

from .core import bibliography_cache, build_caches
from .core.bibtex_rules import read_bibliography
from .core.build_model import Build
from .core.changes_shown import Works, shown_changes
from .core.citation_index import index_citations
from .core.clinical_claim_index import MARK_TEXT
from .core.edition_history import EditionError, editions, files_at, long_date, pages_at, read_at
from .core.label_index import index_labels
from .steps import page_roles

PLUGIN = "living-review"
TEMPLATES = Path(__file__).with_name("templates")


def changes(config_file: str) -> str:
    config = load_config(config_file, hooks=[])  # hooks run code, which a pull request may have changed
    settings = config.plugins[PLUGIN].config
    committed = build_caches.committed(config.config_file_path)
    if committed:  # before the bibliography's cache is read
        raise EditionError(build_caches.refusal(committed))
    root = str(Path(config.config_file_path).parent)
    start = (settings.original_article.publication_date or "1970/01/01").replace("/", "-")
    published = editions(root, start)
    latest = published[-1] if published else None
    template = _environment().get_template("living-review/changes-summary.md")
    if latest is None:
        return template.render(latest=None)
    files = get_files(config)
    build = Build(settings=settings)
    pages = build.source_pages(get_navigation(files, config), files, config)
    page_roles.find(build, files)  # the References page, as the build finds it
    bib_files = bibliography_cache.read_files(settings.bibliography, config.config_file_path)
    bibliography = bibliography_cache.read(bib_files, build_caches.folder(config.config_file_path))
    numbers = index_citations(pages, bibliography.formatted, bibliography.defined_at).numbers
    targets = index_labels(pages)[0]
    old_pages, new_pages = pages_at(root, latest.name), {page.src_uri: page.text for page in pages}
    old_bib, _, _ = read_bibliography(files_at(root, latest.name, settings.bibliography))
    new_bib, _, _ = read_bibliography(bib_files)
    docs = Path(config.docs_dir)
    works = Works(numbers, bibliography.formatted, {label: target.text for label, target in targets.items()},
                  old_bib, f"({MARK_TEXT})")
    links = _Links(config, latest.name, latest.number, build.roles["references"])
    found_pages, references = shown_changes(
        old_pages, new_pages, old_bib, new_bib, lambda path: read_at(root, latest.name, f"docs/{path}"),
        lambda path: (docs / path).read_bytes() if (docs / path).is_file() else None, works, links, for_page=False)
    return template.render(latest=dict(number=latest.number, date=long_date(latest.date)), pages=found_pages,
                           references=references, previous=dict(number=latest.number))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-f", "--config-file", default="mkdocs.yml")
    args = parser.parse_args(argv)
    try:
        print(changes(args.config_file))
    except EditionError as error:
        print(f"changes: error: {error}", file=sys.stderr)
        return 1
    return 0


# Helper types


class _Links:
    """Addresses on the hosted site: the draft has none of its own, so a place leads to the latest edition."""

    def __init__(self, config, edition: str, number: str, references: str | None) -> None:
        self.root = f"{(config.site_url or '').rstrip('/')}/{edition}/"
        self.use_directory_urls, self.previous_number, self.references = config.use_directory_urls, number, references

    def here(self, src_uri: str, anchor: str) -> str | None:
        return None

    def before(self, src_uri: str, anchor: str) -> str | None:
        url = posixpath.join(self.root, File(src_uri, "", "", self.use_directory_urls).url)
        return url + (f"#{anchor}" if anchor else "")

    def reference(self, key: str, *, now: bool) -> str | None:
        return None if now or self.references is None else self.before(self.references, f"ref-{key}")


def _environment() -> jinja2.Environment:
    """Markdown out, HTML escaped: GitHub reads HTML in Markdown, so every value is escaped."""
    return jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True,
                              undefined=jinja2.StrictUndefined, keep_trailing_newline=True)


if __name__ == "__main__":
    sys.exit(main())
