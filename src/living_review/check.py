"""`make check`: every author mistake in one run, in about a second, without building the site.

Usage: python -m living_review.check [-f mkdocs.yml]
Prints `path:line:col: error|warning: message`, sorted by file and line, then a summary with the
time taken; exits 1 if there is any error. Under GitHub Actions (GITHUB_ACTIONS=true) it also
prints `::error file=...,line=...,col=...::message` annotations, shown on the pull request's diff.
It applies the same rules as the build's steps, from the same engine-free core (a thin adapter,
as the MkDocs plugin is: it needs MkDocs only to read mkdocs.yml, the files and the nav).
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

import markdown
from mkdocs.config import load_config
from mkdocs.exceptions import ConfigurationError
from mkdocs.structure.files import get_files
from mkdocs.structure.nav import get_navigation
from mkdocs.utils.meta import get_data

from .core import author_errors, bibliography_cache, build_caches, html_policy, media_rules, source_rules
from .core.author_errors import Problem
from .core.build_model import Build, SourcePage
from .core.citation_index import citation_anchors, index_citations, pages_with_own_list
from .core.citation_markdown import PageCitations, ReviewMarkdown, unread_citations
from .core.clinical_claim_index import index_claims
from .core.editor_note_index import index_editor_notes
from .core.editor_note_index import keyed as editor_note_keyed
from .core.label_index import index_labels
from .core.link_rules import ID_ATTRIBUTE, check_anchors, check_links, pages_missing_from_nav
from .steps.site_defaults import add_required_extensions

PLUGIN = "living-review"


def check(config_file: str) -> list[Problem]:
    # Without `hooks:`: loading a hook runs its code, and a pull request may have changed it.
    config = load_config(config_file, hooks=[])
    if PLUGIN not in config.plugins:
        raise ConfigurationError(f"{config_file}: the '{PLUGIN}' plugin is not listed under plugins")
    settings = config.plugins[PLUGIN].config
    committed = build_caches.committed(config.config_file_path)
    if committed:  # before the bibliography's cache is read
        return [Problem(path, 1, 1, build_caches.refusal([path])) for path in committed]
    add_required_extensions(config)  # as the plugin does
    docs = author_errors.project_path(config.docs_dir, config.config_file_path)
    build = Build(settings=settings)
    files = get_files(config)
    colliding = source_rules.colliding_files(config, files)
    for file in colliding:
        files.remove(file)  # as the build leaves it out
    nav = get_navigation(files, config)
    pages = build.source_pages(nav, files, config)
    bib_files = bibliography_cache.read_files(settings.bibliography, config.config_file_path)
    bibliography = bibliography_cache.read(bib_files, build_caches.folder(config.config_file_path))
    problems = list(bibliography.problems) + [problem for found in colliding.values() for problem in found]
    citations = index_citations(pages, bibliography.formatted, bibliography.defined_at)
    problems += citations.problems
    problems += index_labels(pages)[1]
    problems += [problem for found in source_rules.refused_files(config, files).values() for problem in found]
    problems += source_rules.text_problems(config, files, pages, bib_files, settings.pages.print)
    problems += [problem for _, _, problem in source_rules.foreign_assets(config)]
    notes, note_problems = index_editor_notes(pages)
    problems += note_problems
    problems += index_claims(pages).problems
    key = build.key
    citing = pages_with_own_list(citations.sites, pages)
    rendered, read = _rendered(config, pages, key)
    problems += [problem for page in pages
                 for problem in unread_citations(page.path, page.citations, read[page.src_uri])]
    root = Path(config.config_file_path).parent
    anchored = []
    file_uris = {file.src_uri for file in files}
    media_files = media_rules.site_files(files, config.docs_dir, docs)
    for page in pages:
        rules = html_policy.ContentRules.for_page(key, page.src_uri in citing)
        clean, refusals = html_policy.sanitize(rendered[page.src_uri], rules)
        rendered[page.src_uri] = html_policy.unkey(clean, rules)  # its ids as readers get them
        sources = html_policy.page_sources(page.path, page.text, config, root)
        problems += html_policy.locate(refusals, sources)
        page_url = files.get_file_from_path(page.src_uri).url
        problems += media_rules.media_problems(clean, page.path, page.text, page.src_uri, page_url, media_files,
                                               lambda found=sources: found)
        link_problems, page_anchored = check_links(page, file_uris, docs)
        problems += link_problems
        anchored += page_anchored
    step_ids = citation_anchors(citations.sites, pages, bibliography.formatted)
    for note in notes:  # each note's box gets its id from the build
        step_ids.setdefault(note.src_uri, set()).add(note.anchor)
    problems += check_anchors(anchored, _page_ids(rendered, pages, step_ids), docs)
    problems += pages_missing_from_nav(pages, nav, files, config)
    return author_errors.causes_first(problems)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-f", "--config-file", default="mkdocs.yml")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    problems = check(args.config_file)
    for problem in problems:
        severity = "warning" if problem.severity == "warning" else "error"
        print(f"{problem.path}:{problem.line}:{problem.col}: {severity}: {problem.message}")
    if os.environ.get("GITHUB_ACTIONS") == "true":
        for problem in problems:
            kind = "warning" if problem.severity == "warning" else "error"
            print(f"::{kind} file={problem.path},line={problem.line},col={problem.col}::{_escape(problem.message)}")
    errors = sum(problem.severity != "warning" for problem in problems)
    print(f"check: {errors} error(s), {len(problems) - errors} warning(s) in {time.perf_counter() - started:.2f} s",
          file=sys.stderr)
    return 1 if errors else 0


# Helper functions


def _rendered(config, pages: list[SourcePage], key: str) -> tuple[dict[str, str], dict[str, list[str]]]:
    """Each page's HTML as Markdown renders it in a build with `key`, without front matter, as
    MkDocs reads it (editor's notes and footnotes keyed, as the build's steps make them), and the
    citation groups Markdown read in it. Each group is a placeholder, as in the build, where the
    markers go in after the sanitizer (so a citation inside an HTML tag's attribute is refused here too)."""
    configs = html_policy.keyed_markdown_configs(config.markdown_extensions, config.mdx_configs, key)
    citations = ReviewMarkdown()
    renderer = markdown.Markdown(extensions=[*config.markdown_extensions, citations], extension_configs=configs)
    rendered, read = {}, {}
    for page in pages:
        citations.page = PageCitations(cite=lambda keys, space: "\ue000\ue001", refer=lambda label: None)
        rendered[page.src_uri] = renderer.reset().convert(editor_note_keyed(get_data(page.text)[0], key))
        read[page.src_uri] = citations.page.written
    return rendered, read


def _page_ids(rendered: dict[str, str], pages: list[SourcePage],
              step_ids: dict[str, set[str]]) -> dict[str, set[str]]:
    """The ids each page will have: those the Markdown renders, plus those the build's steps add."""
    ids = {}
    for page in pages:
        labels = {label.anchor for label in page.labels}
        rendered_ids = set(ID_ATTRIBUTE.findall(rendered[page.src_uri]))
        ids[page.src_uri] = rendered_ids | labels | step_ids.get(page.src_uri, set())
    return ids


def _escape(message: str) -> str:
    """GitHub's workflow-command escaping for a message."""
    return message.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


if __name__ == "__main__":
    sys.exit(main())
