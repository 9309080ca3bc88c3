"""`make check`: every author mistake in one run, in about a second, without building the site.

Usage: python hooks/author_check.py [-f mkdocs.yml]
Prints `path:line:col: error|warning: message`, sorted by file and line, then a summary with the
time taken; exits 1 if there is any error. Under GitHub Actions (GITHUB_ACTIONS=true) it also
prints `::error file=...,line=...,col=...::message` annotations, shown on the pull request's diff.
It applies the same rules as the build's hooks, from the same library modules.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import markdown  # noqa: E402
from mkdocs.config import load_config  # noqa: E402
from mkdocs.structure.files import get_files  # noqa: E402
from mkdocs.structure.nav import get_navigation  # noqa: E402
from mkdocs.utils.meta import get_data  # noqa: E402

import author_errors  # noqa: E402
import bibliography_cache  # noqa: E402
import html_policy  # noqa: E402
import media_rules  # noqa: E402
import site_registry  # noqa: E402
import source_rules  # noqa: E402
from author_errors import Problem  # noqa: E402
from citation_index import citation_anchors, citation_groups, index_citations, pages_with_own_list  # noqa: E402
from clinical_claim_index import index_claims  # noqa: E402
from editor_note_index import index_editor_notes  # noqa: E402
from editor_note_index import keyed as editor_note_keyed  # noqa: E402
from label_index import index_labels  # noqa: E402
from link_rules import ID_ATTRIBUTE, check_anchors, check_links, pages_missing_from_nav  # noqa: E402
from markdown_source import find_labels  # noqa: E402


def check(config_file: str) -> list[Problem]:
    # Without `hooks:`: loading a hook runs its code, and a pull request may have changed it.
    config = load_config(config_file, hooks=[])
    docs = author_errors.project_path(config.docs_dir, config.config_file_path)
    site_registry.reset()
    files = get_files(config)
    colliding = source_rules.colliding_files(config, files)
    for file in colliding:
        files.remove(file)  # as the build leaves it out
    nav = get_navigation(files, config)
    pages = site_registry.source_pages(nav, files, config)

    bibliography = bibliography_cache.read(bibliography_cache.configured_files(config),
                                           Path(config.config_file_path).parent / ".cache")
    problems = list(bibliography.problems) + [problem for found in colliding.values() for problem in found]
    citations = index_citations(pages, bibliography.formatted, bibliography.defined_at)
    problems += citations.problems
    problems += index_labels(pages)[1]
    problems += [problem for found in source_rules.refused_files(config, files).values() for problem in found]
    problems += source_rules.text_problems(config, files, pages)
    problems += [problem for _, _, problem in source_rules.foreign_assets(config)]
    notes, note_problems = index_editor_notes(pages)
    problems += note_problems
    problems += index_claims(pages).problems
    key = site_registry.current().key
    citing = pages_with_own_list(citations.sites, pages)
    rendered = _rendered(config, pages, key)
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
    hook_ids = citation_anchors(citations.sites, pages, bibliography.formatted)
    for note in notes:  # each note's box gets its id from the build
        hook_ids.setdefault(note.src_uri, set()).add(note.anchor)
    problems += check_anchors(anchored, _page_ids(rendered, pages, hook_ids), docs)
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


def _rendered(config, pages: list[site_registry.SourcePage], key: str) -> dict[str, str]:
    """Each page's HTML as Markdown renders it in a build with `key`, without front matter, as
    MkDocs reads it (editor's notes and footnotes keyed, as the build's hooks make them)."""
    configs = html_policy.keyed_markdown_configs(config.markdown_extensions, config.mdx_configs, key)
    renderer = markdown.Markdown(extensions=config.markdown_extensions, extension_configs=configs)
    return {page.src_uri: renderer.reset().convert(editor_note_keyed(get_data(_markers_held_back(page))[0], key))
            for page in pages}


def _markers_held_back(page: site_registry.SourcePage) -> str:
    """The page with a placeholder where the build puts each citation's marker after the sanitizer
    (so that a citation inside an HTML tag's attribute is refused here too)."""
    text = page.text
    for citation, group in reversed(list(citation_groups(page.citations))):
        if group:
            text = f"{text[:citation.start]}\ue000\ue001{text[citation.end:]}"
    return text


def _page_ids(rendered: dict[str, str], pages: list[site_registry.SourcePage],
              hook_ids: dict[str, set[str]]) -> dict[str, set[str]]:
    """The ids each page will have: those the Markdown renders, plus those our hooks add."""
    ids = {}
    for page in pages:
        labels = {label.anchor for label in find_labels(page.text, page.masked)}
        rendered_ids = set(ID_ATTRIBUTE.findall(rendered[page.src_uri]))
        ids[page.src_uri] = rendered_ids | labels | hook_ids.get(page.src_uri, set())
    return ids


def _escape(message: str) -> str:
    """GitHub's workflow-command escaping for a message."""
    return message.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


if __name__ == "__main__":
    sys.exit(main())
