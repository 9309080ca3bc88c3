"""Step: the HTML readers receive holds only what the allowlist permits, and nothing is lost silently.

Every page's HTML, as Markdown rendered it (the page, its snippets and the glossary appended to
every page), passes through the sanitizer in `html_policy`. Whatever it would remove is reported at
its place in the source, with what to write instead, and fails the build; the sanitized HTML is
what the page gets either way. Each finished page (theme, hooks and content) is then checked once
more for markup no page of this site needs: a tripwire for bugs in templates and steps. A page
judged clean in the last build, unchanged since (and the checking code too), is not judged again
(core/clean_pages.py says why that is safe).
"""

from __future__ import annotations

import functools
import json
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from ..core import author_errors, build_caches, finished_page, html_policy, media_rules
from ..core.build_model import Build
from ..core.clean_pages import CleanPages
from . import offline_assets

# Steps


def key_markdown_names(build: Build, config: MkDocsConfig) -> None:
    """Markdown's footnotes carry the build's key in their ids until the sanitizer has run (see
    html_policy.ContentRules)."""
    config.mdx_configs = html_policy.keyed_markdown_configs(config.markdown_extensions, config.mdx_configs, build.key)


def sanitize(build: Build, html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    """After Markdown and the steps that fill in boxes and placeholders; the build's own markup
    that goes in later (markers, lists, notes' ids) is checked in `check_finished`."""
    rules = _content_rules(build, page.file.src_uri)
    build.page_paths[page.url] = path = _path(page, config)
    clean, refusals = html_policy.sanitize(html, rules)
    root, text = Path(config.config_file_path).parent, build.source_text(page.file)
    sources = functools.cache(lambda: html_policy.page_sources(path, text, config, root))
    build.report_all(html_policy.locate(refusals, sources()) if refusals else [])
    # Images only from files of the site, judged in what readers receive (media_rules).
    if build.media_files is None:
        docs = author_errors.project_path(config.docs_dir, config.config_file_path)
        build.media_files = media_rules.site_files(files, config.docs_dir, docs)
    build.report_all(media_rules.media_problems(clean, path, text, page.file.src_uri, page.url, build.media_files,
                                                sources))
    _unkey_anchors(page, rules)
    return html_policy.unkey(clean, rules)


def check_finished_page(build: Build, output: str, page: Page, config: MkDocsConfig) -> None:
    """After every other step has changed the page, before the policy goes in."""
    _check_finished(build, output, _path(page, config), config, page.url)


def check_error_page(build: Build, output: str, config: MkDocsConfig) -> None:
    """The error page is a theme template, rendered without a page."""
    _check_finished(build, output, "404.html", config, None)


def keep_clean_pages(build: Build) -> None:
    """The pages this build judged clean, for the next build."""
    if build.clean_pages is not None:
        build.clean_pages.store()


def judge_search_index(build: Build, config: MkDocsConfig) -> None:
    """The search index is what readers see of a page in the search box, as HTML: once the search
    plugin has written it, the References page has added its works and the offline plugin has
    copied it into a script, each title, text and tag is judged as page HTML is."""
    folder = Path(config.site_dir) / "search"
    index_file = folder / "search_index.json"
    if not index_file.is_file():
        return
    index = json.loads(index_file.read_text(encoding="utf-8"))
    changed = False
    for entry in index.get("docs", []):
        path = build.page_paths.get(entry.get("location", "").split("#")[0], index_file.as_posix())
        for field in ("title", "text", "tags"):
            if field not in entry:
                continue
            value = str(entry[field] if field != "tags" else " ".join(map(str, entry[field])))
            if html_policy.is_plain_text(value):
                continue  # nearly every value: nothing in it for the sanitizer to refuse
            clean, refusals = html_policy.sanitize(value)
            for refusal in refusals:
                build.report(path, 1, f"the search index's entry '{entry.get('location')}' would show "
                                      f"readers markup in its {field}: {refusal.message}")
            if refusals:
                entry[field] = clean if field != "tags" else []
                changed = True
    if changed:  # what readers then get is the sanitized index, in both copies
        data = json.dumps(index, separators=(",", ":"))
        index_file.write_text(data, encoding="utf-8")
        if (folder / "search_index.js").is_file():
            (folder / "search_index.js").write_text(f"var __index = {data}", encoding="utf-8")


# Helper functions


def _content_rules(build: Build, src_uri: str) -> html_policy.ContentRules:
    """The names a page's own HTML may not take in this build (see html_policy.ContentRules)."""
    return html_policy.ContentRules.for_page(build.key, src_uri in build.pages_with_own_list)


def _unkey_anchors(page: Page, rules: html_policy.ContentRules) -> None:
    """MkDocs' own anchor check compares the ids and the links Markdown wrote: as readers get them."""
    if page.present_anchor_ids is not None:
        page.present_anchor_ids = {html_policy.unkey(anchor, rules) for anchor in page.present_anchor_ids}
    if page.links_to_anchors is not None:
        page.links_to_anchors = {file: {html_policy.unkey(anchor, rules): link for anchor, link in anchors.items()}
                                 for file, anchors in page.links_to_anchors.items()}


def _check_finished(build: Build, output: str, path: str, config: MkDocsConfig, url: str | None) -> None:
    scripts = build.theme_scripts(config, offline_assets.base_url(config, url))
    if build.clean_pages is None:
        build.clean_pages = CleanPages(build_caches.folder(config.config_file_path)
                                       if config.config_file_path else None)
    digest = build.clean_pages.digest(output, scripts)
    if build.clean_pages.is_known_clean(digest):
        return
    problems = finished_page.document_problems(output, scripts)
    if not problems:
        build.clean_pages.judged_clean(digest)
    for problem in problems:
        build.report(path, 1,
                     f"the built page holds {problem}, which no page of this site needs; unless an error "
                     "above explains it, a template (overrides/), the plugin (src/living_review/), a hook (hooks/) "
                     "or mkdocs.yml put it there")


def _path(page: Page, config: MkDocsConfig) -> str:
    """The page's source as authors see it (`docs/page.md`)."""
    if page.file.abs_src_path is None:  # a page a plugin generates
        return page.file.src_uri
    return author_errors.project_path(page.file.abs_src_path, config.config_file_path)
