"""Step: every link and image between pages resolves, and every page is in the nav; each problem
reported at its source line, once.

MkDocs' own `validation:` also warns about links, but names no line: where this step has reported
a link, MkDocs' warning about it is dropped (it still warns about any link this hook cannot see,
such as one in an included file). Pages missing from the nav are this step's alone (mkdocs.yml
sets MkDocs' `omitted_files` to `ignore`).
Anchors can only be checked once every page is rendered (ids come from the HTML), so links are
collected before rendering and checked once MkDocs has rendered every page (`on_env`).
"""

from __future__ import annotations

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from ..core import author_errors, media_rules
from ..core.author_errors import Problem
from ..core.build_model import Build
from ..core.citation_index import citation_anchors
from ..core.link_rules import ID_ATTRIBUTE, check_anchors, check_links, pages_missing_from_nav

# Steps


def collect_links(build: Build, nav: Navigation, files: Files, config: MkDocsConfig) -> None:
    """Links to files are checked now; links to anchors are kept until every page's ids are known."""
    docs = _docs(config)
    pages = build.source_pages(nav, files, config)
    file_uris = {file.src_uri for file in files}
    for page in pages:
        problems, anchored = check_links(page, file_uris, docs)
        for problem in problems:
            _report(build, problem, page.src_uri)
        build.anchored.extend(anchored)
        # Images from elsewhere are reported by media_rules, in the page's HTML: not twice by MkDocs.
        build.reported_links.update((page.src_uri, target) for target in media_rules.judged_in_html(page.links))
    build.report_all(pages_missing_from_nav(pages, nav, files, config))


def collect_ids(build: Build, html: str, page: Page) -> None:
    """The page's ids as readers get them: once the build's own ids (editor's notes) are in."""
    build.ids[page.file.src_uri] = set(ID_ATTRIBUTE.findall(html))


def check_anchors_of_links(build: Build, files: Files, config: MkDocsConfig) -> None:
    """Every page's HTML exists now, but for the markup citations add later: check the anchors."""
    for src_uri, ids in citation_anchors(build.sites, build.pages, build.formatted).items():
        build.ids.setdefault(src_uri, set()).update(ids)
        page = files.get_file_from_path(src_uri).page
        if page is not None and page.present_anchor_ids is not None:  # MkDocs' own check agrees
            page.present_anchor_ids.update(ids)
    docs = _docs(config)
    for problem in check_anchors(build.anchored, build.ids, docs):
        _report(build, problem, problem.path.removeprefix(f"{docs}/"))


# Helper functions


def _report(build: Build, problem: Problem, src_uri: str) -> None:
    """Report a problem with a link, and remember it, so MkDocs' own warning about it is dropped."""
    build.report_problem(problem)
    build.reported_links.add((src_uri, problem.link))


def _docs(config: MkDocsConfig) -> str:
    return author_errors.project_path(config.docs_dir, config.config_file_path)
