"""What a source file may hold beyond its Markdown: characters, front matter, files under docs/.

Core module (imports nothing from MkDocs), shared by the build (`source_checks`) and `make check`. Each rule
returns `(line, col, message)` for one file's text, or Problems for the whole site.
"""

from __future__ import annotations

import functools
import os
import posixpath
import re
import unicodedata
from pathlib import Path
from urllib.parse import urlsplit

import yaml

from . import html_policy, page_directives
from .author_errors import Problem, project_path
from .markdown_source import FRONT_MATTER, Lines

# Data

# Invisible characters that change what text shows or means (Trojan Source: bidi overrides), that
# terminals and parsers treat as commands (C0/C1 controls), or that the build uses internally as
# placeholders (private use). Tab, line feed and carriage return are ordinary whitespace.
_FORBIDDEN_CHARACTERS = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ue000-\uf8ff]")
# Front matter: the keys pages may set, each plain text. The theme and its plugins act on many
# more (`template` replaces the page's layout, `tags` reach the search index as HTML, `git_*`
# dates and `hide`, `icon`, `status`, `subtitle` are written into the page by templates); a
# page has no need of them, so any other key is refused, and left out of the build.
# title: the page's title (navigation, <title>); description: its <meta name="description">.
TEXT_FIELDS = ("title", "description")
# search: `exclude: true` keeps a page out of the search index (the print page repeats every page).
SEARCH_FIELD = "search"
FRONT_MATTER_KEYS = (*TEXT_FIELDS, SEARCH_FIELD)
THEME_FIELDS = TEXT_FIELDS  # what the theme writes of the front matter (steps/theme_values.py escapes it)

# Files under docs/ that a browser only displays: copied to the site as they are.
INERT_TYPES = {".md", ".png", ".jpg", ".jpeg", ".gif", ".webp", ".avif", ".ico", ".txt", ".csv", ".bib"}
# Files that a browser would run or render as a page from the site's own address (an .html page,
# an SVG's script) are refused, unless a maintainer reviewed and listed them here.
REVIEWED_FILES: set[str] = set()


# The whole site: the build reports these (steps/source_checks.py), and so does `make check`


def refused_files(config, files, drawings=None) -> dict:
    """Each file under docs/ that a browser could run, with its problems. `drawings`
    (clean_pages.CleanPages.for_drawings): SVG files judged clean before, not judged again."""
    assets = listed_assets(config)
    refused = {}
    for path, file in _authors_files(config, files):
        content = Path(file.abs_src_path).read_bytes()
        # Only a drawing that svg_policy judges (not one listed in mkdocs.yml, which may be unlisted).
        judged = drawings is not None and file.src_uri.lower().endswith(".svg") and file.src_uri not in assets
        digest = drawings.digest(content.decode("utf-8", "surrogateescape")) if judged else None
        if digest is not None and drawings.is_known_clean(digest):
            continue
        problems = docs_file_problems(path, file.src_uri, content, assets)
        if problems:
            refused[file] = problems
        elif digest is not None:
            drawings.judged_clean(digest)
    if drawings is not None:
        drawings.store()
    return refused


def colliding_files(config, files) -> dict:
    """Each file under docs/ that the build would write where another file goes (`92-print/index.md`
    where `92-print.md` goes, an image where the theme's is): it would replace that page or file.
    The one that stays is the theme's, or the page in the nav, or the first by path."""
    docs = project_path(config.docs_dir, config.config_file_path)
    in_nav = set(_nav_paths(config.nav or []))
    by_dest: dict[str, list] = {}
    for file in files:
        by_dest.setdefault(file.dest_uri, []).append(file)
    refused = {}
    is_authors = _authors_test(config)
    for dest_uri, sharing in by_dest.items():
        if len(sharing) < 2:
            continue
        ranked = sorted(sharing, key=lambda file: (is_authors(file), file.src_uri not in in_nav, file.src_uri))
        for file in ranked[1:]:
            if is_authors(file):
                refused[file] = [Problem(f"{docs}/{file.src_uri}", 1, 1, f"this file would be written to {dest_uri}, "
                                         f"where {_shown_path(ranked[0], docs)} goes, and replace it; rename it")]
    return refused


def _nav_paths(items):
    for item in items:
        value = next(iter(item.values())) if isinstance(item, dict) else item
        if isinstance(value, list):
            yield from _nav_paths(value)
        elif isinstance(value, str):
            yield value


def _authors_test(config):
    """Whether a file is under docs/ (the theme's own files are in MkDocs' files too), for one pass
    over the files: each folder is resolved once, as the theme's hundred files share a few."""
    docs = Path(config.docs_dir).resolve()
    real_folder = functools.cache(os.path.realpath)

    def is_authors(file) -> bool:
        return bool(file.abs_src_path) and _resolved(file.abs_src_path, real_folder).is_relative_to(docs)

    return is_authors


def _resolved(path: str, real_folder) -> Path:
    """Path(path).resolve(), with the folder resolved by `real_folder`: the same unless the file
    itself is a link (or the path is relative, or ends in `.`, `..` or `/`), resolved in full."""
    folder, name = os.path.split(path)
    if not os.path.isabs(path) or name in ("", ".", "..") or os.path.islink(path):
        return Path(path).resolve()
    return Path(real_folder(folder), name)


def _shown_path(file, docs: str) -> str:
    return f"{docs}/{file.src_uri}" if file.abs_src_path else f"the theme's {file.src_uri}"


def text_problems(config, files, pages, bib_files: list[tuple[str, bytes]], print_page: str) -> list[Problem]:
    """Front matter, the characters of every source text (pages, snippets, `bib_files`, files under
    docs/), and directives out of place (`print_page`: the print page's path inside docs/)."""
    root = Path(config.config_file_path).parent
    problems = []
    texts = {}  # path as authors see it -> text, each file once
    for page in pages:
        problems += [Problem(page.path, line, col, message) for line, col, message in front_matter_problems(page.text)]
        texts.update(html_policy.page_sources(page.path, page.text, config, root))
    for path, content in bib_files:
        texts.setdefault(path, content.decode("utf-8", errors="replace"))
    for path, file in _authors_files(config, files):
        if Path(file.src_uri).suffix.lower() in (".svg", ".css", ".js", ".txt", ".csv"):
            texts.setdefault(path, Path(file.abs_src_path).read_text("utf-8", errors="replace"))
    for path, text in texts.items():
        problems += [Problem(path, line, col, message) for line, col, message in forbidden_characters(text)]
    return problems + page_directives.directive_problems(pages, print_page)


def _authors_files(config, files):
    """(path as authors see it, file) for each file under docs/ that is not a page: the theme's own
    files are in `files` too, and only docs/ is the authors'."""
    docs = project_path(config.docs_dir, config.config_file_path)
    is_authors = _authors_test(config)
    for file in files:
        if not file.is_documentation_page() and is_authors(file):
            yield f"{docs}/{file.src_uri}", file


# Characters


def forbidden_characters(text: str) -> list[tuple[int, int, str]]:
    """Every invisible control, bidi or private-use character, with how to fix it."""
    found, lines = [], None
    for match in _FORBIDDEN_CHARACTERS.finditer(text):
        lines = lines or Lines(text)
        char = match.group(0)
        name = unicodedata.name(char, "a control character")
        if "\ue000" <= char <= "\uf8ff":
            advice = "the build uses private-use characters as placeholders; delete it"
        elif char in "\u061c\u200e\u200f" or "\u202a" <= char <= "\u2069":
            advice = ("it silently reorders the text around it, so what readers see differs from what reviewers "
                      "read; delete it")
        else:
            advice = "it is invisible and no page needs it; delete it (your editor may show it as a box or ^ letter)"
        found.append((lines.line(match.start()), lines.col(match.start()),
                      f"invisible character U+{ord(char):04X} ({name}): {advice}"))
    return found


# Front matter


def front_matter_problems(text: str) -> list[tuple[int, int, str]]:
    """The front matter, if any, is a mapping of the keys pages may set, each plain text; a page
    without one does not start with lines MkDocs would take for metadata."""
    match = FRONT_MATTER.match(text)
    if not match:
        return _metadata_lines(text)
    first = match.group(1).count("\n") + 1  # the line after `---`
    try:
        data = _front_matter_data(match.group(2))
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = first + mark.line if mark else first
        return [(line, 1, f"the front matter is not valid YAML ({getattr(error, 'problem', error)}); "
                          "write `key: value` lines between the two `---` lines")]
    if data is None:
        return []
    if not isinstance(data, dict):
        return [(first, 1, "the front matter must be `key: value` lines (a mapping), "
                           f"not a {type(data).__name__}; e.g. `description: One sentence about the page.`")]
    problems = []
    for key, value in data.items():
        line = first + _line_of_key(match.group(2), str(key))
        if message := front_matter_key_problem(key, value):
            problems.append((line, 1, message))
    return problems


def _front_matter_data(text: str):
    """The front matter as MkDocs reads it (mkdocs.utils.meta): by libyaml where PyYAML has it, ten
    times faster than PyYAML's own parser, and more lenient in places (`title: <tab>`). Where libyaml
    refuses it, PyYAML's parser words the error, if it refuses it too (a problem and its place)."""
    loader = getattr(yaml, "CSafeLoader", None) or yaml.SafeLoader
    try:
        return yaml.load(text, Loader=loader)  # noqa: S506 (a safe loader)
    except yaml.YAMLError:
        try:
            yaml.safe_load(text)
        except yaml.YAMLError as worded:
            raise worded from None
        raise


def front_matter_key_problem(key, value) -> str | None:
    """Why a front matter key may not stand, or None."""
    if key not in FRONT_MATTER_KEYS:
        return (f"the front matter key '{key}' is not one pages may set (the theme acts on it); pages set only "
                f"{', '.join(FRONT_MATTER_KEYS)}: delete the line")
    if key == SEARCH_FIELD:
        if not (isinstance(value, dict) and set(value) == {"exclude"} and isinstance(value["exclude"], bool)):
            return "the front matter's 'search' may only be `exclude: true` on the next line, indented"
        return None
    if not isinstance(value, str | int | float) or isinstance(value, bool):
        return (f"the front matter's '{key}' must be plain text, not a {type(value).__name__}; "
                f"write `{key}: Some words.`")
    return None


def allowed_front_matter(meta: dict) -> dict:
    """The front matter the build passes on to the theme and plugins: the keys pages may set, only."""
    return {key: value for key, value in meta.items() if front_matter_key_problem(key, value) is None}


def _metadata_lines(text: str) -> list[tuple[int, int, str]]:
    """MkDocs reads a page's first lines as metadata when they look like `key: value` (MultiMarkdown
    style, up to the first blank line), and does not show them: each such line is an error."""
    problems = []
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip() or not (_METADATA_LINE.match(line) or (problems and _METADATA_MORE.match(line))):
            break
        problems.append((number, 1, "this line is read as page metadata (`key: value` at the top of a page) and "
                                    "is not shown; start the page with its `# Title`, and put front matter "
                                    "between two `---` lines"))
    return problems


_METADATA_LINE = re.compile(r"[ ]{0,3}[A-Za-z0-9_-]+:")
_METADATA_MORE = re.compile(r"([ ]{4}|\t)")


def _line_of_key(block: str, key: str) -> int:
    for number, line in enumerate(block.splitlines()):
        if line.startswith(f"{key}:"):
            return number
    return 0


# Files under docs/


def docs_file_problems(path: str, src_uri: str, content: bytes, listed_assets: set[str]) -> list[Problem]:
    """A file under docs/ is inert, a checked SVG, one of the site's own listed assets, or reviewed."""
    extension = posixpath.splitext(src_uri)[1].lower()
    if extension in INERT_TYPES or src_uri in REVIEWED_FILES or src_uri in listed_assets:
        return []
    if extension == ".svg":
        from . import svg_policy  # expat and tinycss2: imported only by a site with drawings

        return [Problem(path, line, col, message) for line, col, message in svg_policy.svg_problems(content)]
    return [Problem(path, 1, 1, f"a {extension or 'extension-less'} file under docs/ would be served from the "
                                "site's own address, where a browser may run it; use Markdown pages and images "
                                "(.png, .jpg, .svg), or ask a maintainer to review it and list it in "
                                "REVIEWED_FILES in src/living_review/core/source_rules.py")]


def foreign_assets(config) -> list[tuple[str, str, Problem]]:
    """`extra_javascript` and `extra_css` entries that are not the site's own files under docs/:
    (option, entry, problem located in mkdocs.yml)."""
    text = Path(config.config_file_path).read_text(encoding="utf-8")
    path = project_path(config.config_file_path, config.config_file_path)
    found = []
    for option in ("extra_javascript", "extra_css"):
        for item in config[option]:
            value = str(getattr(item, "path", item))
            if urlsplit(value).scheme or value.startswith(("//", "/")):
                line = next((number for number, line in enumerate(text.splitlines(), start=1) if value in line), 1)
                found.append((option, item, Problem(path, line, 1, f"{option} entry '{value}' is not a file of this "
                                                                   "site; put the file under docs/ and list its path")))
    return found


def listed_assets(config) -> set[str]:
    return {str(getattr(item, "path", item)) for option in ("extra_javascript", "extra_css") for item in config[option]}
