"""The `living-review` MkDocs plugin: the whole pipeline, event by event, in the order it runs.

Each event's method lists its steps in order; a step is a function in `steps/` that takes the
build (`Build`, made anew at every build in `on_config`) and what MkDocs passes. The rules
themselves are in `core/`, which imports nothing from MkDocs (`make check` runs them too).
Priorities place our steps among other plugins' handlers: the search plugin indexes pages at
`on_page_context` (0) and writes its index at `on_post_build` (0); the offline plugin copies the
index at `on_post_build` (-100).
"""

from __future__ import annotations

import logging

from mkdocs.config import base
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from .config import ReviewConfig
from .core.build_model import Build
from .core.link_rules import DropReportedLinks
from .steps import (
    bibliography,
    build_verdict,
    citations,
    clinical_claims,
    content_security_policy,
    cross_references,
    edition,
    editor_notes,
    garbage_collection,
    link_check,
    offline_assets,
    output_allowlist,
    page_roles,
    plugin_templates,
    previews,
    print_page,
    references_page,
    scholar_metadata,
    search_index_on_open,
    site_defaults,
    source_checks,
    superseded_notice,
    theme_assets,
    theme_values,
)

_MKDOCS_LINK_LOGGER = "mkdocs.structure.pages"


class LivingReviewPlugin(BasePlugin[ReviewConfig]):
    supports_multiple_instances = False

    def __init__(self) -> None:
        super().__init__()
        self.build = Build()
        self.command: str | None = None
        self.link_filter: DropReportedLinks | None = None
        self.paused_collection: garbage_collection.PausedCollection | None = None

    def load_config(self, options: dict, config_file_path: str | None = None):
        """An unknown setting is an error, not a warning: a misspelt name would silently do nothing."""
        errors, warnings = super().load_config(options, config_file_path)
        unknown = [(name, warning) for name, warning in warnings if "Unrecognised configuration name" in warning]
        for name, _ in unknown:
            accepted = ", ".join(self.config_scheme_names())
            errors.append((name, base.ValidationError(f"unknown setting; the plugin accepts: {accepted}")))
        return errors, [item for item in warnings if item not in unknown]

    def config_scheme_names(self) -> list[str]:
        return [name for name, _ in self.config_class._schema]

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.command = command

    # Before every other plugin's on_config: the offline plugin would add the shim's CDN URL.
    @event_priority(100)
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        self.build = build = Build(settings=self.config)
        self._pause_collection()
        source_checks.refuse_committed_caches(config)
        self._filter_mkdocs_link_warnings(build)
        site_defaults.add_required_extensions(config)
        site_defaults.turn_off_material_tooltips(config)
        previews.add_assets(config)
        citations.parse_groups(build, config)
        plugin_templates.add_to_theme(config)
        offline_assets.configure_shim(config)
        search_index_on_open.configure(config)
        bibliography.read(build, config)
        source_checks.leave_out_foreign_assets(build, config)
        edition.read_history(build, config)
        theme_values.escape_site_values(build, config)
        output_allowlist.key_markdown_names(build, config)
        content_security_policy.read_shim(build, config)
        return config

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        build = self.build
        source_checks.refuse_files(build, files, config)
        offline_assets.add_shim(files, config)
        previews.add_files(files, config)
        search_index_on_open.add_script(files, config)
        theme_assets.leave_out_unused(files, config)
        page_roles.find(build, files)
        edition.find_pages(build, files)
        return files

    # Every page's source is read once, before any is rendered: numbers, labels, notes, marks.
    def on_nav(self, nav: Navigation, *, config: MkDocsConfig, files: Files) -> Navigation:
        build = self.build
        citations.number_works(build, nav, files, config)
        cross_references.number_labels(build, nav, files, config)
        link_check.collect_links(build, nav, files, config)
        editor_notes.find_notes(build, nav, files, config)
        print_page.note_reading_order(build, nav, files)
        clinical_claims.find_marks(build, nav, files, config)
        source_checks.check_texts(build, nav, files, config)
        theme_values.escape_sections(nav)
        return nav

    # Before other plugins read the page's front matter (the git dates plugin, at 0).
    @event_priority(100)
    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        build = self.build
        source_checks.keep_front_matter_from_theme(page)
        markdown = clinical_claims.render_marks(build, markdown, page)
        markdown = cross_references.number_captions(build, markdown, page)
        citations.read_groups(build, page)
        markdown = editor_notes.key_and_list(build, markdown, page)
        return edition.write_changes(build, markdown, page, files)

    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        build = self.build
        citations.check_groups_read(build, page)
        html = edition.fill_boxes(build, html, page)
        html = references_page.hold_full_list(build, html, page, files)
        print_page.keep_rendered(build, page)
        html = output_allowlist.sanitize(build, html, page, config, files)
        html = editor_notes.anchor_boxes(build, html, page)
        citations.list_in_contents(build, page)
        html = build.hide(html)
        link_check.collect_ids(build, html, page)
        return html

    # Every page is rendered; no template has run yet.
    def on_env(self, env, *, config: MkDocsConfig, files: Files):
        build = self.build
        link_check.check_anchors_of_links(build, files, config)
        previews.embed_targets(build)
        print_page.fill(build)
        theme_values.escape_page_values(files)
        build.theme_env = env
        return env

    # After the search plugin (0) has read the page: the held-back markup goes in now.
    @event_priority(-50)
    def on_page_context(self, context: dict, *, page: Page, config: MkDocsConfig, nav: Navigation) -> dict:
        build = self.build
        clinical_claims.dose_notice(context, page)
        scholar_metadata.references(build, context, page)
        edition.last_changed_note(build, context, page)
        context["review"] = self._template_values()
        page.content = build.fill(page.content, page.file.src_uri)
        superseded_notice.add_slot(build, page)
        citations.append_list(build, page, config)
        return context

    def on_template_context(self, context: dict, *, template_name: str, config: MkDocsConfig) -> dict:
        offline_assets.relative_error_page(context, template_name, config)
        context["review"] = self._template_values()
        return context

    # Last of the page's handlers: nothing changes the page after its check and its policy.
    @event_priority(-90)
    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        build = self.build
        output_allowlist.check_finished_page(build, output, page, config)
        return content_security_policy.with_policy(build, output, config, page.url)

    @event_priority(-90)
    def on_post_template(self, output: str, *, template_name: str, config: MkDocsConfig) -> str:
        if template_name != "404.html":
            return output
        build = self.build
        output_allowlist.check_error_page(build, output, config)
        return content_security_policy.with_policy(build, output, config, None)

    # After the search plugin (0) has written its index, before the offline plugin (-100) copies it.
    @event_priority(-50)
    def _post_build_with_index(self, *, config: MkDocsConfig) -> None:
        build = self.build
        output_allowlist.keep_clean_pages(build)
        references_page.index_each_work(build, config)
        edition.write_feed(build, config)
        source_checks.delete_refused_files(build, config)

    # After the offline plugin (-100) has copied the index; last of all, the verdict.
    @event_priority(-1000)
    def _post_build_verdict(self, *, config: MkDocsConfig) -> None:
        build = self.build
        output_allowlist.judge_search_index(build, config)
        self._stop_filtering()
        self._resume_collection()
        build_verdict.verdict(build, self.command)

    on_post_build = CombinedEvent(_post_build_with_index, _post_build_verdict)

    def on_build_error(self, *, error: Exception) -> None:
        self._stop_filtering()
        self._resume_collection()

    # Helpers

    def _template_values(self) -> dict:
        """`review` in templates: `review.pages.about` is the About page's path inside docs/ (or None);
        `review.original_article` the article the site restates (`original_article` setting)."""
        return {"pages": self.build.roles, "original_article": self.config.original_article}

    def _filter_mkdocs_link_warnings(self, build: Build) -> None:
        """MkDocs' own warning about a link our check reported at its line is dropped (link_rules)."""
        self._stop_filtering()
        self.link_filter = DropReportedLinks(build.reported_links)
        logging.getLogger(_MKDOCS_LINK_LOGGER).addFilter(self.link_filter)

    def _pause_collection(self) -> None:
        """Once per build, even when an earlier one stopped before it could resume it."""
        if self.paused_collection is None:
            self.paused_collection = garbage_collection.pause()

    def _resume_collection(self) -> None:
        if self.paused_collection is not None:
            self.paused_collection.resume()
            self.paused_collection = None

    def _stop_filtering(self) -> None:
        if self.link_filter is not None:
            logging.getLogger(_MKDOCS_LINK_LOGGER).removeFilter(self.link_filter)
            self.link_filter = None
