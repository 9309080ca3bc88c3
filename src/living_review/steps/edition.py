"""Step: which edition this build is, what changed since the previous one, how to cite it, the feed.

Editions are annotated git tags `vX.Y` (read by `edition_history`); `make editions` publishes each
into its own folder with mike. A build of a tagged commit is that edition; any other build is a
draft, compared with the latest edition. The step fills:
- `\\edition_changes` on the changelog page: the generated "what changed" section (held back from
  search: it repeats sentences of every page);
- `<div class="edition-status"></div>` (home page) and `<div class="edition-citation"></div>`
  (the cite box): edition, date, date assessed as up to date, permanent address, feed, PDF;
- every page's note on the edition that last changed it (`edition_note`, shown by the site's main.html);
- `feed.xml`: an Atom feed of the editions (feedgen; mkdocs-rss-plugin lists pages, not editions).
"""

from __future__ import annotations

import datetime
import hashlib
import html
import os
import posixpath
import subprocess
from pathlib import Path
from typing import NamedTuple

from feedgen.feed import FeedGenerator
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url

from ..core import page_directives
from ..core.bibtex_rules import read_bibliography
from ..core.build_model import Build
from ..core.edition_changes import compare_objects, compare_pages, compare_references, word_diff
from ..core.edition_history import (
    Edition,
    EditionError,
    at_head,
    editions,
    last_change,
    long_date,
    page_blobs,
    read_at,
    tracked_files,
)
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
    current = at_head(root, every)
    published = every[: every.index(current) + 1] if current else every
    folder = os.environ.get("MIKE_DOCS_VERSION", "")  # set by mike while it builds an edition
    site_root = (config.site_url or "").rstrip("/") + "/"
    if folder:  # the edition's pages live in its folder: canonical URLs and the sitemap say so
        site_root = site_root.removesuffix(f"{folder}/")  # in case mike's own plugin added it already
        config.site_url = f"{site_root}{folder}/"
        # Material's version selector, fed by mike's versions.json next to the editions' folders.
        # Only here: a draft build has no versions.json, and the selector's request for it would fail.
        config.extra["version"] = {"provider": "mike"}
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


def hold_changes(build: Build, markdown: str, page: Page, files: Files) -> str:
    if CHANGES_MARKER not in markdown.splitlines():
        return markdown
    section = build.defer(page.file.src_uri, _changes_html(build.edition, build.targets, page, files))
    return "\n".join(section if line == CHANGES_MARKER else line for line in markdown.splitlines())


def fill_boxes(build: Build, content: str, page: Page) -> str:
    """Before other steps copy page HTML (the print page), so they see the filled boxes."""
    if STATUS_PLACEHOLDER in content:
        content = content.replace(STATUS_PLACEHOLDER, _status_html(build.edition, page))
    if CITATION_PLACEHOLDER in content:
        content = content.replace(CITATION_PLACEHOLDER, _citation_html(build.edition))
    return content


def last_changed_note(build: Build, context: dict, page: Page) -> None:
    context["edition_note"] = _last_changed_note(build.edition, page)


def write_feed(build: Build, config: MkDocsConfig) -> None:
    _state = build.edition
    feed = FeedGenerator()
    feed.id(_state["site_root"])
    feed.title(f"{config.site_name}: editions")
    feed.subtitle("Each new edition of the review: its summary, whether the conclusions changed, and what changed.")
    feed.link(href=_state["site_root"] + f"{LATEST}/{FEED}", rel="self")
    feed.link(href=_state["site_root"], rel="alternate")
    feed.author(name=config.site_author or config.site_name)
    feed.language("en")
    published = _state["published"]
    feed.updated(_moment(published[-1].date) if published else _moment("1970-01-01"))
    changelog = _state["changelog"].url + "#edition-changes" if _state["changelog"] else ""
    for edition in published:
        entry = feed.add_entry(order="prepend")  # newest first
        entry.id(_permanent(_state, edition))
        entry.title(f"Edition {edition.number}" + (f": {edition.summary.splitlines()[0]}" if edition.summary else ""))
        entry.link(href=_permanent(_state, edition) + changelog, rel="alternate")
        entry.updated(_moment(edition.date))
        entry.published(_moment(edition.date))
        entry.summary(f"{edition.summary}\n\nConclusions changed: {'yes' if edition.conclusions_changed else 'no'}. "
                      f"Evidence assessed as up to date: {long_date(edition.assessed)}.")
    feed.atom_file(str(Path(config.site_dir) / FEED), pretty=True)


# Helper functions: what readers see


def _file(files: Files, src_uri: str | None) -> File | None:
    return files.get_file_from_path(src_uri) if src_uri else None


def _template_values(_state: dict, config: MkDocsConfig) -> dict:
    """What overrides/main.html needs: the feed, and the edition's Scholar tags."""
    current: Edition | None = _state["current"]
    # Relative: Material fetches sitemap.xml from the folder of every `rel=alternate` link, so the
    # link must stay on this site. Inside an edition's folder it leads to the newest edition's feed.
    # The offline bundle has none: from file:// that request fails (the home page still links the feed).
    feed_path = f"../{LATEST}/{FEED}" if _state["folder"] else FEED
    values = {"feed_path": None if offline_enabled(config) else feed_path}
    if current:
        values.update(number=current.number, date=current.date.replace("-", "/"), url=_permanent(_state, current),
                      pdf_url=_pdf_url(_state, current))
    return values


def _status_html(_state: dict, page: Page) -> str:
    current, previous = _state["current"], _state["previous"]
    changes = _changelog_href(_state, page)
    if current:
        lead = f"<strong>Edition {current.number}</strong>, {long_date(current.date)}"
        conclusions = "yes" if current.conclusions_changed else "no"
        facts = [f"Conclusions changed since the previous edition: {conclusions}" if previous
                 else "The first edition", f'<a href="{changes}">What changed</a>']
        assessed = current.assessed
    else:
        lead = (f"<strong>Draft</strong>, not yet an edition (the latest is edition {previous.number})"
                if previous else "<strong>Draft</strong>: no edition has been published yet")
        facts = [f'<a href="{changes}">Changes since the latest edition</a>' if previous else ""]
        assessed = previous.assessed if previous else (_state["original"].publication_date or "").replace("/", "-")
    facts.append(f"Evidence assessed as up to date: {long_date(assessed)}")
    facts.append(f'<a href="{html.escape(_state["site_root"])}{LATEST}/{FEED}">Feed of new editions</a>')
    if current:
        facts.append(f'<a href="{html.escape(_pdf_url(_state, current))}">PDF of this edition</a>')
    items = "".join(f"<li>{fact}</li>" for fact in filter(None, facts))
    return f'<div class="edition-status"><p>{lead}</p><ul>{items}</ul></div>'


def _citation_html(_state: dict) -> str:
    current, previous = _state["current"], _state["previous"]
    edition = current or previous
    if edition is None:
        return ('<div class="edition-citation"><p>No edition of this web edition has been published yet: '
                "cite the original article.</p></div>")
    url = html.escape(_permanent(_state, edition))
    title = _state["config"].site_name  # escaped once (theme_values)
    credit = _credit(_state["original"])
    text = (f"{title} — web edition, edition {edition.number}, {long_date(edition.date)}. "
            f"Adapted from {credit.html}. "
            f'Available from: <a href="{url}">{url}</a>')
    bibtex = (f"@misc{{{_state['citation_key']}_web_v{edition.number.replace('.', '_')},\n"
              f"  title        = {{{title} --- web edition}},\n"
              f"  edition      = {{{edition.number}}},\n"
              f"  year         = {edition.date[:4]},\n"
              f"  date         = {{{edition.date}}},\n"
              f"  howpublished = {{\\url{{{url}}}}},\n"
              f"  note         = {{Adapted from {html.escape(credit.bibtex, quote=False)}}}\n}}")
    lead = ("To cite this edition of the web edition (it rewrites the article's text; the facts and sources "
            "are the original's):") if current else (
            f"This page is a draft that is not in an edition yet; cite the latest edition, {edition.number}:")
    return (f'<div class="edition-citation"><p>{lead}</p><blockquote><p>{text}</p></blockquote>'
            f"<p>BibTeX for this edition:</p><pre><code>{bibtex}</code></pre></div>")


class _Credit(NamedTuple):
    html: str  # "Faísco A, Dinis R, … <em>Cureus</em> 2024;16(2):e53365 (CC BY 4.0)"
    bibtex: str  # "Faísco et al., Cureus 2024;16(2):e53365, doi:… (CC BY 4.0)"


def _credit(original) -> _Credit:
    """How the cite box credits the original article, from its metadata in the plugin's settings."""
    families = [author.split(",")[0].strip() for author in original.authors]
    initials = ["".join(part[0] for part in author.split(",", 1)[-1].split()) for author in original.authors]
    names = ", ".join(f"{family} {initial}".strip() for family, initial in zip(families, initials, strict=True))
    year = (original.publication_date or "")[:4]
    where = f"{year};{original.volume}({original.issue}):{original.firstpage}"
    licence = f" ({original.licence})" if original.licence else ""
    shown = f"{html.escape(names)}, <em>{html.escape(original.journal or '')}</em> {html.escape(where)}{licence}"
    short = f"{families[0]} et al." if len(families) > 1 else (families[0] if families else "")
    note = original.bibtex_note or f"{short}, {original.journal} {where}, doi:{original.doi}{licence}"
    return _Credit(shown, note)


def _last_changed_note(_state: dict, page: Page) -> str:
    """Which edition last changed what the page shows: its source; for the References page, also the
    bibliography; for the whole-review page, everything."""
    if page.file.abs_src_path is None or not os.path.isfile(page.file.abs_src_path):
        return ""
    text = page.file.content_string
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


def _changes_html(_state: dict, targets: dict, page: Page, files: Files) -> str:
    current, previous = _state["current"], _state["previous"]
    if previous is None:
        text = (f"Edition {current.number} is the first edition: there is no earlier edition to compare it with."
                if current else "No edition has been published yet: there is nothing to compare this draft with.")
        return f'<div class="edition-changes"><p>{text}</p></div>'
    old_pages, new_pages = _sources_at(_state, previous.name), _sources_now(files)
    root, config = _state["root"], _state["config"]
    old_bib, _, _ = read_bibliography([(f"bib/{path}", read_at(root, previous.name, f"bib/{path}"))
                                       for path in page_blobs(root, previous.name, "bib") if path.endswith(".bib")])
    new_bib, _, _ = read_bibliography(_state["bib_files"])
    docs = Path(config.docs_dir)
    old_file = lambda path: read_at(root, previous.name, f"docs/{path}")  # noqa: E731
    new_file = lambda path: (docs / path).read_bytes() if (docs / path).is_file() else None  # noqa: E731
    links = _Links(_state, page, files, previous)
    intro = (f"Edition {current.number} ({long_date(current.date)}) compared with edition {previous.number} "
             f"({long_date(previous.date)}). Conclusions changed: {'yes' if current.conclusions_changed else 'no'}."
             if current else f"This draft compared with the latest edition, {previous.number} "
                             f"({long_date(previous.date)}); these changes are not in an edition yet.")
    parts = [f'<div class="edition-changes"><p>{intro}</p>']
    if current and current.summary:
        parts.append(f"<blockquote><p>{html.escape(current.summary)}</p></blockquote>")
    parts.append(_pages_html(compare_pages(old_pages, new_pages), links))
    parts.append(_references_html(compare_references(old_bib, new_bib), links))
    parts.append(_objects_html(compare_objects(old_pages, new_pages, old_file, new_file), targets, links))
    parts.append("</div>")
    return "\n".join(parts)


def _pages_html(pages, links) -> str:
    if not pages:
        return "<h3>Pages</h3><p>No page changed.</p>"
    out = ["<h3>Pages</h3>"]
    for page in pages:
        out.append(f'<h4>{html.escape(page.title)} <span class="edition-change__status">({page.status})</span></h4>')
        items = []
        for change in page.sentences:
            if change.kind == "changed":
                text = "".join(_run(kind, run) for kind, run in word_diff(change.old.text, change.new.text))
            elif change.kind == "added":
                text = f"<ins>{html.escape(change.new.text)}</ins>"
            else:
                text = f"<del>{html.escape(change.old.text)}</del>"
            where = [links.here(page.src_uri, change.new.anchor) if change.new else "",
                     links.before(page.src_uri, change.old.anchor) if change.old else ""]
            items.append(f'<li class="edition-change edition-change--{change.kind}">'
                         f'<span class="edition-change__kind">{change.kind.capitalize()}:</span> '
                         f'<span class="edition-change__text">{text}</span> {links.pair(*where)}</li>')
        if items:
            out.append(f'<ul class="edition-change-list">{"".join(items)}</ul>')
        else:
            out.append(f"<p>{links.pair(links.here(page.src_uri, ''), links.before(page.src_uri, ''))}</p>")
    return "\n".join(out)


def _references_html(changes, links) -> str:
    if not changes:
        return "<h3>References</h3><p>No reference changed.</p>"
    items = []
    for change in changes:
        detail = "".join(f"<li><code>{html.escape(name)}</code>: <del>{html.escape(before) or '(none)'}</del> → "
                         f"<ins>{html.escape(after) or '(none)'}</ins></li>" for name, before, after in change.fields)
        where = links.pair(links.reference(change.key, now=True) if change.kind != "removed" else "",
                           links.reference(change.key, now=False) if change.kind != "added" else "")
        items.append(f'<li class="edition-change edition-change--{change.kind}">'
                     f'<span class="edition-change__kind">{change.kind.capitalize()}:</span> '
                     f"<code>{html.escape(change.key)}</code> {where}"
                     f"{f'<ul>{detail}</ul>' if detail else ''}</li>")
    return f'<h3>References</h3><ul class="edition-change-list">{"".join(items)}</ul>'


def _objects_html(changes, targets: dict, links) -> str:
    if not changes:
        return "<h3>Tables and figures</h3><p>No table or figure changed.</p>"
    items = []
    for change in changes:
        name = targets.get(change.label)
        title = f"{name.text}: " if name and change.kind != "removed" else ""
        where = links.pair(links.here(change.new_page, change.label) if change.new_page else "",
                           links.before(change.old_page, change.label) if change.old_page else "")
        items.append(f'<li class="edition-change edition-change--{change.kind}">'
                     f'<span class="edition-change__kind">{change.kind.capitalize()}:</span> '
                     f"{html.escape(title)}{html.escape(change.caption)} (<code>{html.escape(change.label)}</code>) "
                     f"{where}</li>")
    return f'<h3>Tables and figures</h3><ul class="edition-change-list">{"".join(items)}</ul>'


def _run(kind: str, text: str) -> str:
    escaped = html.escape(text)
    return {"same": escaped, "removed": f"<del>{escaped}</del>", "added": f"<ins>{escaped}</ins>"}[kind]


class _Links:
    """Links from the changelog page to a place in this edition and in the previous one."""

    def __init__(self, _state: dict, page: Page, files: Files, previous: Edition) -> None:
        self.page, self.files, self.previous = page, files, previous
        self.config = _state["config"]
        if _state["folder"]:  # inside an edition's folder: the previous edition is a sibling folder
            self.previous_root = "../" * (page.url.count("/") + 1) + f"{previous.name}/"
        else:
            self.previous_root = _permanent(_state, previous)
        self.references = _state["references"].src_uri if _state["references"] else None

    def here(self, src_uri: str, anchor: str) -> str:
        file = self.files.get_file_from_path(src_uri)
        if file is None:
            return ""
        href = get_relative_url(file.url, self.page.url) + (f"#{anchor}" if anchor else "")
        return f'<a href="{html.escape(href)}">this edition</a>'

    def before(self, src_uri: str, anchor: str) -> str:
        url = File(src_uri, "", "", self.config.use_directory_urls).url
        href = posixpath.join(self.previous_root, url) + (f"#{anchor}" if anchor else "")
        return f'<a href="{html.escape(href)}">edition {self.previous.number}</a>'

    def reference(self, key: str, *, now: bool) -> str:
        if self.references is None:
            return ""
        return (self.here if now else self.before)(self.references, f"ref-{key}")

    @staticmethod
    def pair(here: str, before: str) -> str:
        links = " · ".join(filter(None, [here, before]))
        return f'<span class="edition-change__links">({links})</span>' if links else ""


# Helper functions: sources and addresses


def _sources_now(files: Files) -> dict[str, str]:
    return {file.src_uri: file.content_string for file in files.documentation_pages()
            if file.abs_src_path and os.path.isfile(file.abs_src_path)}


def _sources_at(_state: dict, revision: str) -> dict[str, str]:
    root = _state["root"]
    return {path: (read_at(root, revision, f"docs/{path}") or b"").decode("utf-8")
            for path in page_blobs(root, revision, "docs") if path.endswith(".md")}


def _changelog_href(_state: dict, page: Page) -> str:
    changelog = _state["changelog"]
    return get_relative_url(changelog.url, page.url) + "#edition-changes" if changelog else "#"


def _permanent(_state: dict, edition: Edition) -> str:
    return f"{_state['site_root']}{edition.name}/"


def _pdf_url(_state: dict, edition: Edition) -> str:
    name = _state["pdf_name"].format(edition=edition.name)
    return f"{_state['config'].repo_url.rstrip('/')}/releases/download/{edition.name}/{name}"


def _files_now(root: str) -> list[str]:
    """The files under docs/ and bib/ that git would track, as paths like `docs/index.md`."""
    listed = subprocess.run(["git", "-C", root, "ls-files", "-z", "--cached", "--others", "--exclude-standard",
                             "--", "docs", "bib"], capture_output=True).stdout.decode("utf-8").split("\0")
    return [path for path in listed if path and (Path(root) / path).is_file()]


def _blob_id(content: bytes) -> str:
    return hashlib.sha1(b"blob %d\0" % len(content) + content, usedforsecurity=False).hexdigest()


def _moment(iso: str) -> datetime.datetime:
    return datetime.datetime.fromisoformat(iso).replace(tzinfo=datetime.UTC)
