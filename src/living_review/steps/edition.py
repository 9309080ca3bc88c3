"""Step: which edition this build is, what changed since the previous one, how to cite it, the feed.

Editions are annotated git tags `vX.Y` (read by `edition_history`); `make editions` publishes each
into its own folder with mike. A build of a tagged commit is that edition; any other build is a
draft, compared with the latest edition. The step fills:
- `\\edition_changes` on the changelog page: the generated "what changed" section (held back from
  search: it repeats sentences of every page);
- `<div class="edition-status"></div>` (home page) and `<div class="edition-citation"></div>`
  (the cite box): edition, date, date assessed as up to date, permanent address, feed, PDF;
- every page's note on the edition that last changed it (`edition_note`, shown by the site's main.html);
- `feed.xml`: an Atom feed of the editions (core/edition_feed.py; mkdocs-rss-plugin lists pages, not editions).
The boxes' and the section's markup is in the plugin's templates (`templates/living-review/`, which a
site can override): this step gives them their values.
"""

from __future__ import annotations

import datetime
import hashlib
import os
import posixpath
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url

from ..core import clinical_claim_index as claims_source
from ..core import page_directives
from ..core.build_model import Build
from ..core.edition_feed import Feed, FeedEntry, atom
from ..core.edition_history import (
    Edition,
    EditionError,
    at_head,
    editions,
    files_at,
    last_change,
    long_date,
    pages_at,
    read_at,
    tracked_files,
)
from ..core.html_policy import keyed
from . import plugin_templates
from .offline_assets import offline_enabled

CHANGES_MARKER = page_directives.EDITION_CHANGES
STATUS_PLACEHOLDER = '<div class="edition-status"></div>'
CITATION_PLACEHOLDER = '<div class="edition-citation"></div>'
FEED = "feed.xml"
LATEST = "latest"  # the alias `make editions` gives the newest edition

# Steps


def read_history(build: Build, config: MkDocsConfig) -> None:
    root = os.path.dirname(os.path.abspath(config.config_file_path))
    original = build.settings.original_article
    start = (original.publication_date or "1970/01/01").replace("/", "-")
    try:
        every = editions(root, start)
    except EditionError as error:
        raise PluginError(str(error)) from None
    current = at_head(root, every, _sources(root, config, build.settings.bibliography))
    published = every[: every.index(current) + 1] if current else every
    folder = os.environ.get("MIKE_DOCS_VERSION", "")  # set by mike while it builds an edition
    site_root = (config.site_url or "").rstrip("/") + "/"
    if folder:  # the edition's pages live in its folder: canonical URLs and the sitemap say so
        site_root = site_root.removesuffix(f"{folder}/")  # in case mike's own plugin added it already
        config.site_url = f"{site_root}{folder}/"
        # Material's version selector, fed by mike's versions.json next to the editions' folders.
        # Only here: a draft build has no versions.json, and the selector's request for it would fail.
        # `alias`: the selector shows an edition's alias next to its title, so the newest reads
        # "Edition 1.1 latest"; `default`: the alias that marks it (Material's default too).
        config.extra["version"] = {"provider": "mike", "alias": True, "default": LATEST}
    if current:
        previous = published[-2] if len(published) > 1 else None
    else:  # a draft is compared with the latest edition
        previous = published[-1] if published else None
    history = [tracked_files(root, edition.name) for edition in published]
    if not current and published:  # the draft's own files, as a last step of the history
        history.append({path: _blob_id((Path(root) / path).read_bytes()) for path in _files_now(root)})
    build.edition = dict(root=root, config=config, current=current, published=published, previous=previous,
                         folder=folder, site_root=site_root, history=history, original=original,
                         pdf_name=build.settings.pdf_name, citation_key=build.settings.citation_key,
                         bib_files=build.bib_files)
    config.extra["edition"] = _template_values(build.edition, config)


def find_pages(build: Build, files: Files) -> None:
    """The changelog and the References page, for links to them."""
    build.edition["changelog"] = _file(files, build.roles.get("changelog"))
    build.edition["references"] = _file(files, build.roles.get("references"))


def write_changes(build: Build, markdown: str, page: Page, files: Files) -> str:
    if CHANGES_MARKER not in markdown.splitlines():
        return markdown
    section = _changes_markdown(build, page, files)
    return "\n".join(f"\n{section}\n" if line == CHANGES_MARKER else line for line in markdown.splitlines())


def fill_boxes(build: Build, content: str, page: Page) -> str:
    """Before other steps copy page HTML (the print page), so they see the filled boxes."""
    if STATUS_PLACEHOLDER in content:
        content = content.replace(STATUS_PLACEHOLDER, _status_html(build.edition, page))
    if CITATION_PLACEHOLDER in content:
        content = content.replace(CITATION_PLACEHOLDER, _citation_html(build.edition))
    return content


def last_changed_note(build: Build, context: dict, page: Page) -> None:
    context["edition_note"] = _last_changed_note(build, page)


def write_feed(build: Build, config: MkDocsConfig) -> None:
    _state = build.edition
    # The site's name as written: the feed escapes what it writes, so the escaped value would show its entities.
    site_name, site_author = build.site_text.get("site_name"), build.site_text.get("site_author")
    published = _state["published"]
    changelog = _state["changelog"].url + "#edition-changes" if _state["changelog"] else ""
    entries = [FeedEntry(
        id=_permanent(_state, edition),
        title=f"Edition {edition.number}" + (f": {edition.summary.splitlines()[0]}" if edition.summary else ""),
        link=_permanent(_state, edition) + changelog, date=_moment(edition.date),
        summary=f"{edition.summary}\n\nConclusions changed: {'yes' if edition.conclusions_changed else 'no'}. "
                f"Evidence assessed as up to date: {long_date(edition.assessed)}.",
    ) for edition in reversed(published)]  # newest first
    feed = Feed(id=_state["site_root"], title=f"{site_name}: editions",
                subtitle="Each new edition of the review: its summary, whether the conclusions changed, "
                         "and what changed.",
                self_link=_state["site_root"] + f"{LATEST}/{FEED}", site_link=_state["site_root"],
                author=site_author or site_name, updated=_moment(published[-1].date if published else "1970-01-01"),
                entries=entries)
    (Path(config.site_dir) / FEED).write_bytes(atom(feed))


# Helper functions: what readers see (the markup is in templates/living-review/, see plugin_templates)


def _file(files: Files, src_uri: str | None) -> File | None:
    return files.get_file_from_path(src_uri) if src_uri else None


def _template_values(_state: dict, config: MkDocsConfig) -> dict:
    """What overrides/main.html needs: the feed, and the edition's Scholar tags."""
    current: Edition | None = _state["current"]
    # Relative, so the link stays on this site; inside an edition's folder it leads to the newest
    # edition's feed. (Its `rel` keeps Material from fetching a sitemap for it: edition-head.html.)
    # The offline bundle has none: a feed is no use from file:// (the home page still links the feed).
    feed_path = f"../{LATEST}/{FEED}" if _state["folder"] else FEED
    values = {"feed_path": None if offline_enabled(config) else feed_path}
    if current:
        values.update(number=current.number, date=current.date.replace("-", "/"), url=_permanent(_state, current),
                      pdf_url=_pdf_url(_state, current))
    return values


def _status_html(_state: dict, page: Page) -> str:
    current, previous = _state["current"], _state["previous"]
    if current or previous:
        assessed = (current or previous).assessed
    else:
        assessed = (_state["original"].publication_date or "").replace("/", "-")
    return plugin_templates.render(
        _state["config"], "edition-status.html", current=_shown(current), previous=_shown(previous),
        changes_url=_changelog_href(_state, page), assessed=long_date(assessed) if assessed else None,
        feed_url=f"{_state['site_root']}{LATEST}/{FEED}", pdf_url=_pdf_url(_state, current) if current else None)


def _citation_html(_state: dict) -> str:
    current, previous = _state["current"], _state["previous"]
    edition = current or previous
    config = _state["config"]
    if edition is None:
        return plugin_templates.render(config, "edition-citation.html", edition=None)
    return plugin_templates.render(
        config, "edition-citation.html", edition=_shown(edition), draft=current is None,
        url=_permanent(_state, edition), credit=_credit(_state["original"]),
        title=config.site_name,  # escaped once (theme_values): markup, which autoescape leaves as it is
        entry_key=f"{_state['citation_key']}_web_v{edition.number.replace('.', '_')}")


@dataclass(frozen=True)
class _ShownEdition:
    """An edition as the templates show it."""
    number: str
    date: str  # in words: "26 November 2026"
    iso_date: str
    conclusions_changed: bool
    title: str  # the first paragraph of the tag's message: its summary
    body: list[str]  # its other paragraphs


def _shown(edition: Edition | None) -> _ShownEdition | None:
    if edition is None:
        return None
    paragraphs = [" ".join(part.split()) for part in re.split(r"\n\s*\n", edition.summary) if part.strip()]
    return _ShownEdition(edition.number, long_date(edition.date), edition.date, edition.conclusions_changed,
                         paragraphs[0] if paragraphs else "", paragraphs[1:])


@dataclass(frozen=True)
class _Credit:
    """How the cite box credits the original article: names "Faísco A, Dinis R, …", journal "Cureus",
    where "2024;16(2):e53365", licence "CC BY 4.0"; and in BibTeX (bibtex_note)
    "Faísco et al., Cureus 2024;16(2):e53365, doi:… (CC BY 4.0)"."""
    names: str
    journal: str
    where: str
    licence: str
    bibtex_note: str


def _credit(original) -> _Credit:
    """From the original article's metadata in the plugin's settings."""
    families = [author.split(",")[0].strip() for author in original.authors]
    initials = ["".join(part[0] for part in author.split(",", 1)[-1].split()) for author in original.authors]
    names = ", ".join(f"{family} {initial}".strip() for family, initial in zip(families, initials, strict=True))
    year = (original.publication_date or "")[:4]
    where = f"{year};{original.volume}({original.issue}):{original.firstpage}"
    licence = f" ({original.licence})" if original.licence else ""
    short = f"{families[0]} et al." if len(families) > 1 else (families[0] if families else "")
    note = original.bibtex_note or f"{short}, {original.journal} {where}, doi:{original.doi}{licence}"
    return _Credit(names, original.journal or "", where, original.licence or "", note)


def _last_changed_note(build: Build, page: Page) -> str:
    """Which edition last changed what the page shows: its source; for the References page, also the
    bibliography; for the whole-review page, everything."""
    _state = build.edition
    if page.file.abs_src_path is None or not os.path.isfile(page.file.abs_src_path):
        return ""
    text = build.source_text(page.file)
    inputs = ["docs/", "bib/"] if "\\print_review" in text else [f"docs/{page.file.src_uri}"]
    if "\\full_bibliography" in text:
        inputs.append("bib/")
    index = last_change(_state["history"], inputs)
    if index is None:
        return ""
    if index == len(_state["published"]):  # the draft's own step
        return (f"This page has changed since edition {_state['published'][-1].number}; "
                "the changes are not in an edition yet.")
    return f"This page last changed in edition {_state['published'][index].number}."


def _changes_markdown(build: Build, page: Page, files: Files) -> str:
    """The section, as Markdown inside HTML (md_in_html) that the changelog page's Markdown renders."""
    _state = build.edition
    current, previous = _state["current"], _state["previous"]
    root, config = _state["root"], _state["config"]
    # The section's own classes carry the build's key: it goes through the page's sanitizer, which
    # lets through only the classes the build writes (html_policy.ContentRules).
    shown = dict(current=_shown(current), previous=_shown(previous),
                 own=lambda *names: " ".join(keyed(name, build.key) for name in names))
    if previous is None:
        return plugin_templates.render(config, "edition-changes.html", **shown)
    # Only a build with an earlier edition compares: pybtex's parser and the diff load only then.
    from ..core.bibtex_rules import read_bibliography
    from ..core.changes_shown import Works, shown_changes

    old_pages, new_pages = pages_at(root, previous.name), _sources_now(build, files)
    old_bib, _, _ = read_bibliography(files_at(root, previous.name, build.settings.bibliography))
    new_bib, _, _ = read_bibliography(_state["bib_files"])
    docs = Path(config.docs_dir)
    old_file = lambda path: read_at(root, previous.name, f"docs/{path}")  # noqa: E731
    new_file = lambda path: (docs / path).read_bytes() if (docs / path).is_file() else None  # noqa: E731
    links = _Links(_state, page, files, previous)
    mark = (claims_source.mark_link_markdown(build.claims, page.file.src_uri, build.key) if build.claims
            else claims_source.MARK_TEXT)
    works = Works(build.numbers, build.formatted, {label: target.text for label, target in build.targets.items()},
                  old_bib, mark)
    pages, references = shown_changes(old_pages, new_pages, old_bib, new_bib, old_file, new_file, works, links,
                                      for_page=True)
    # A citation in the section leads to the page's own list of the works it cites, as on any page.
    build.pages_with_own_list.add(page.file.src_uri)
    return plugin_templates.render(config, "edition-changes.html", **shown, pages=pages, references=references)


class _Links:
    """Addresses, from the changelog page, of a place in this edition and in the previous one."""

    def __init__(self, _state: dict, page: Page, files: Files, previous: Edition) -> None:
        self.page, self.files, self.previous_number = page, files, previous.number
        self.config = _state["config"]
        if _state["folder"]:  # inside an edition's folder: the previous edition is a sibling folder
            self.previous_root = "../" * (page.url.count("/") + 1) + f"{previous.name}/"
        else:
            self.previous_root = _permanent(_state, previous)
        self.references = _state["references"].src_uri if _state["references"] else None

    def here(self, src_uri: str, anchor: str) -> str | None:
        file = self.files.get_file_from_path(src_uri)
        if file is None:
            return None
        return get_relative_url(file.url, self.page.url) + (f"#{anchor}" if anchor else "")

    def before(self, src_uri: str, anchor: str) -> str:
        url = File(src_uri, "", "", self.config.use_directory_urls).url
        return posixpath.join(self.previous_root, url) + (f"#{anchor}" if anchor else "")

    def reference(self, key: str, *, now: bool) -> str | None:
        if self.references is None:
            return None
        return (self.here if now else self.before)(self.references, f"ref-{key}")


# Helper functions: sources and addresses


def _sources_now(build: Build, files: Files) -> dict[str, str]:
    return {file.src_uri: build.source_text(file) for file in files.documentation_pages()
            if file.abs_src_path and os.path.isfile(file.abs_src_path)}


def _changelog_href(_state: dict, page: Page) -> str:
    changelog = _state["changelog"]
    return get_relative_url(changelog.url, page.url) + "#edition-changes" if changelog else "#"


def _permanent(_state: dict, edition: Edition) -> str:
    return f"{_state['site_root']}{edition.name}/"


def _pdf_url(_state: dict, edition: Edition) -> str:
    name = _state["pdf_name"].format(edition=edition.name)
    return f"{_state['config'].repo_url.rstrip('/')}/releases/download/{edition.name}/{name}"


def _sources(root: str, config: MkDocsConfig, bibliography: list[str]) -> list[str]:
    """What an edition is built from, as git pathspecs from the repository's root: uncommitted edits
    there make a build of a tagged commit a draft. The pages' folder, mkdocs.yml, and the
    bibliography's globs as git globs, so a new .bib file they would read counts too."""
    repository = Path(root).resolve()
    config_folder = Path(config.config_file_path).resolve().parent
    paths = []
    for path in (Path(config.docs_dir).resolve(), Path(config.config_file_path).resolve()):
        if path.is_relative_to(repository):  # outside the repository, git knows nothing of it
            paths.append(path.relative_to(repository).as_posix() or ".")
    if config_folder.is_relative_to(repository):
        prefix = config_folder.relative_to(repository).as_posix()
        paths += [":(glob)" + posixpath.join("" if prefix == "." else prefix, pattern) for pattern in bibliography]
    return paths


def _files_now(root: str) -> list[str]:
    """The files under docs/ and bib/ that git would track, as paths like `docs/index.md`."""
    listed = subprocess.run(["git", "-C", root, "ls-files", "-z", "--cached", "--others", "--exclude-standard",
                             "--", "docs", "bib"], capture_output=True).stdout.decode("utf-8").split("\0")
    return [path for path in listed if path and (Path(root) / path).is_file()]


def _blob_id(content: bytes) -> str:
    return hashlib.sha1(b"blob %d\0" % len(content) + content, usedforsecurity=False).hexdigest()


def _moment(iso: str) -> datetime.datetime:
    return datetime.datetime.fromisoformat(iso).replace(tzinfo=datetime.UTC)
