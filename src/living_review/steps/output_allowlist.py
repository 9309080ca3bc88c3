"""Hook: the HTML readers receive holds only what the allowlist permits, and nothing is lost silently.

Every page's HTML, as Markdown rendered it (the page, its snippets and the glossary appended to
every page), passes through the sanitizer in `html_policy`. Whatever it would remove is reported at
its place in the source, with what to write instead, and fails the build; the sanitized HTML is
what the page gets either way. Each finished page (theme, hooks and content) is then checked once
more for markup no page of this site needs: a tripwire for bugs in templates and hooks.
"""

from __future__ import annotations

import functools
import json
from pathlib import Path

from jinja2 import Environment
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

import author_errors
import finished_page
import html_policy
import media_rules
import offline_assets
import site_registry

# Hooks


# Markdown's footnotes carry the build's key in their ids until the sanitizer has run (see
# html_policy.ContentRules); the registry, with its key, is new at every build (priority 100).
def on_config(config: MkDocsConfig) -> MkDocsConfig:
    config.mdx_configs = html_policy.keyed_markdown_configs(config.markdown_extensions, config.mdx_configs,
                                                            site_registry.current().key)
    return config


# After Markdown and the content hooks that fill in boxes and placeholders (0 and above); the
# build's own markup that goes in later (markers, lists, notes' ids) is checked in on_post_page.
@event_priority(-100)
def on_page_content(html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    rules = _content_rules(page.file.src_uri)
    registry = site_registry.current()
    registry.page_paths[page.url] = _path(page, config)
    clean, refusals = html_policy.sanitize(html, rules)
    root = Path(config.config_file_path).parent
    sources = functools.cache(lambda: html_policy.page_sources(_path(page, config), page.file.content_string,
                                                               config, root))
    for problem in html_policy.locate(refusals, sources()) if refusals else []:
        author_errors.report_problem(problem)
    # Images only from files of the site, judged in what readers receive (media_rules).
    if registry.media_files is None:
        docs = author_errors.project_path(config.docs_dir, config.config_file_path)
        registry.media_files = media_rules.site_files(files, config.docs_dir, docs)
    for problem in media_rules.media_problems(clean, _path(page, config), page.file.content_string, page.file.src_uri,
                                              page.url, registry.media_files, sources):
        author_errors.report_problem(problem)
    _unkey_anchors(page, rules)
    return html_policy.unkey(clean, rules)


# The theme's inline scripts, as the theme ships them: the finished-page check and the
# Content-Security-Policy allow exactly these, whatever a page holds.
def on_env(env: Environment, *, config: MkDocsConfig, files: Files) -> Environment:
    site_registry.current().theme_env = env
    return env


# After every other hook has changed the page (the CSP goes in after this, at -100).
@event_priority(-90)
def on_post_page(output: str, *, page: Page, config: MkDocsConfig) -> str:
    _check_finished(output, _path(page, config), config, page.url)
    return output


# The error page is a theme template, rendered without a page.
def on_post_template(output: str, *, template_name: str, config: MkDocsConfig) -> str:
    if template_name == "404.html":
        _check_finished(output, "404.html", config, None)
    return output


# The search index is what readers see of a page in the search box, as HTML: after the search
# plugin (0) has written it, the References page has added its works (-50) and the offline plugin
# (-100) has copied it into a script, each title, text and tag is judged as page HTML is.
@event_priority(-100)
def on_post_build(*, config: MkDocsConfig) -> None:
    folder = Path(config.site_dir) / "search"
    index_file = folder / "search_index.json"
    if not index_file.is_file():
        return
    index = json.loads(index_file.read_text(encoding="utf-8"))
    paths = site_registry.current().page_paths
    changed = False
    for entry in index.get("docs", []):
        path = paths.get(entry.get("location", "").split("#")[0], index_file.as_posix())
        for field in ("title", "text", "tags"):
            if field not in entry:
                continue
            value = entry[field] if field != "tags" else " ".join(map(str, entry[field]))
            clean, refusals = html_policy.sanitize(str(value))
            for refusal in refusals:
                author_errors.report(path, 1, f"the search index's entry '{entry.get('location')}' would show "
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


def _content_rules(src_uri: str) -> html_policy.ContentRules:
    """The names a page's own HTML may not take in this build (see html_policy.ContentRules)."""
    registry = site_registry.current()
    return html_policy.ContentRules.for_page(registry.key, src_uri in registry.pages_with_own_list)


def _unkey_anchors(page: Page, rules: html_policy.ContentRules) -> None:
    """MkDocs' own anchor check compares the ids and the links Markdown wrote: as readers get them."""
    if page.present_anchor_ids is not None:
        page.present_anchor_ids = {html_policy.unkey(anchor, rules) for anchor in page.present_anchor_ids}
    if page.links_to_anchors is not None:
        page.links_to_anchors = {file: {html_policy.unkey(anchor, rules): link for anchor, link in anchors.items()}
                                 for file, anchors in page.links_to_anchors.items()}


def _check_finished(output: str, path: str, config: MkDocsConfig, url: str | None) -> None:
    scripts = site_registry.theme_scripts(config, offline_assets.base_url(config, url))
    for problem in finished_page.document_problems(output, scripts):
        author_errors.report(path, 1,
                             f"the built page holds {problem}, which no page of this site needs; unless an error "
                             "above explains it, a template (overrides/), a hook (hooks/) or mkdocs.yml put it there")


def _path(page: Page, config: MkDocsConfig) -> str:
    """The page's source as authors see it (`docs/page.md`)."""
    if page.file.abs_src_path is None:  # a page a plugin generates
        return page.file.src_uri
    return author_errors.project_path(page.file.abs_src_path, config.config_file_path)
