"""Property-based tests (hypothesis): for any Markdown and any BibTeX, no traceback, every problem
located, and no valid citation lost."""

from __future__ import annotations

import re
import string
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from html_judge import live_markup
from living_review.core import html_policy
from living_review.core.bibtex_rules import read_bib
from living_review.core.markdown_source import Lines, find_citations, find_labels, find_links, mask_code

MARKDOWN_ALPHABET = string.ascii_letters + string.digits + " \n\t[]()@;:.,-_*#`~!{}|<>/\\'\"éø"
KEYS = ["smith1987", "bell2009", "van-hilten_2009", "lee:2001"]
BIB = "".join(f"@article{{{key},\n  author = {{Author, A.}},\n  title = {{T}},\n  journal = {{J}},\n"
              f"  year = {{2000}}\n}}\n" for key in KEYS)


# Pieces that scanning finds (or must not find, in code), among any other text.
_SCANNED = ["[a page](02-x.md#y)", "![an image](figures/f.svg \"A title\")", "\n[ref]: other.md\n", "[@a; @b]",
            "\n## A heading {#an-id}\n", "\n### Another {: #x .class}\n", "\nTable: Doses [@c]. {#tbl:doses}\n",
            "\nFigure: A `code` caption. {#fig:f}\n", "`[no](code.md)`", "\n```\n[in](fence.md)\n```\n",
            "\n\n    [indented](code.md)\n", "<!-- [a](comment.md) -->"]


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=MARKDOWN_ALPHABET, max_size=400) | st.lists(
    st.text(alphabet=MARKDOWN_ALPHABET, max_size=40) | st.sampled_from(_SCANNED), max_size=12).map("".join))
def test_scanning_any_text_never_fails_and_keeps_offsets(text):
    masked = mask_code(text)
    assert len(masked) == len(text) and masked.count("\n") == text.count("\n")
    for citation in find_citations(text, masked):
        assert 0 <= citation.start < citation.end <= len(text)
        assert citation.line == text.count("\n", 0, citation.start) + 1
        assert citation.keys or citation.error
    lines = Lines(text)
    links = find_links(text, masked)
    assert links == sorted(links, key=lambda link: (link.line, link.col))
    for link in links:  # its line and column point at the target as written, outside code
        assert link.target and 1 <= link.line <= len(lines.starts) and link.col >= 1
        offset = lines.starts[link.line - 1] + link.col - 1
        assert text[offset:offset + len(link.target)] == masked[offset:offset + len(link.target)] == link.target
    labels = find_labels(text, masked)
    assert [label.start for label in labels] == sorted(label.start for label in labels)
    for label in labels:  # a whole line, outside code, that holds the label's id (callers replace it)
        written = text[label.start:label.end]
        assert 0 <= label.start < label.end <= len(text) and "\n" not in written
        assert label.line == text.count("\n", 0, label.start) + 1 and label.start == lines.starts[label.line - 1]
        assert label.end == len(text) or text[label.end] == "\n"
        assert f"#{label.anchor}" in written and f"#{label.anchor}" in masked[label.start:label.end]
        assert label.label in (label.anchor, f"sec:{label.anchor}") and label.title in masked[label.start:label.end]


# Text a search index value may hold: what HTML reads specially (the characters the judging looks
# for among them), and any other character.
_INDEX_TEXT = st.lists(st.sampled_from([">", '"', "'", "=", "/", "!--", "-->", "]]>", "#x41;", "amp;", "\xa0", "\x0c",
                                        "\t", "\n", "\x01", "\x7f", "\x85", "\u2028", "\ue000", "\ufffd", "\ufdd0",
                                        "script", "footnote-ref", "<", "&", "\r", "\x00", "\ufeff", "\ud800",
                                        "<p>", "</p>", "<li>", "</ul>", "<pre>", "</code>", "<b>", "p>", "</",
                                        "<table>", "<script>", "<p", "<em>", "</mark>", "<sub>", "</li>", "<code>",
                                        "</pre>", "</b>", "</em>", "<mark>", "</sub>", "</table>"])
                       | st.text(st.characters(exclude_categories=["Cs"]), max_size=8), max_size=12).map("".join)


@settings(max_examples=1000, deadline=None)
@given(_INDEX_TEXT)
def test_an_index_value_skipped_as_plain_text_would_pass_the_full_judgement(value):
    """The search index's judging skips plain text (html_policy.is_plain_text): it is right to."""
    if html_policy.is_plain_text(value):
        assert html_policy.sanitize(value)[1] == []


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=600) | st.text(alphabet=string.printable + "é{}@", max_size=600).map(str.encode))
def test_reading_any_bibtex_never_raises_and_locates_every_problem(raw):
    bib = read_bib("bib/x.bib", raw)
    lines = raw.count(b"\n") + 1
    assert all(1 <= problem.line <= lines and problem.path == "bib/x.bib" for problem in bib.problems)


FRAGMENTS = st.one_of(
    st.sampled_from(KEYS).map(lambda key: f"A claim [@{key}]."),
    st.lists(st.sampled_from(KEYS), min_size=2, max_size=3).map(lambda keys: "Claims [" + "; ".join(
        "@" + key for key in keys) + "]."),
    st.sampled_from(KEYS).map(lambda key: f"Code `[@{key}]` and a mail a@b.org [in brackets]."),
    st.sampled_from(KEYS).map(lambda key: f"```\n[@{key}]\n```"),
    st.sampled_from(KEYS).map(lambda key: f"| a | b |\n|---|---|\n| [@{key}] | x |"),
    st.sampled_from(KEYS).map(lambda key: f"- item [@{key}]\n- other"),
    st.sampled_from(KEYS).map(lambda key: f"## Heading [@{key}]"),
    st.just("An unknown key [@nobody2000] and a bad one [see @smith1987, p. 3]."),
    st.sampled_from(KEYS).map(lambda key: f"A known work beside an unknown one [@{key}; @nobody2000]."),
    st.text(alphabet=MARKDOWN_ALPHABET, max_size=60),
)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(FRAGMENTS, min_size=1, max_size=10))
def test_any_page_builds_or_reports_located_errors_and_loses_no_valid_citation(tmp_path, fragments):
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    page = "# Page\n\n" + "\n\n".join(fragments) + "\n"
    site = _site(tmp_path, page)
    config = load_config(str(site / "mkdocs.yml"), site_dir=str(site / "out"))
    reported = config.plugins["living-review"]  # its build's problems, once the build has run
    try:  # not strict: even with other errors on the page, valid citations must survive
        build(config)
    except MkDocsException:
        assert reported.build.problems, "the build stopped without saying where"
    assert all(re.fullmatch(r"(docs|bib)/\S+", p.path) and p.line >= 1 for p in reported.build.problems)
    # One marker for each known key of a well-formed group, even beside an unknown key (reported);
    # nowhere else: not in code, and the reference list links back with a class of its own.
    valid = sum(key in KEYS for c in find_citations(page) if not c.error and not c.is_cross_reference for key in c.keys)
    html = (site / "out" / "index.html").read_text(encoding="utf-8")
    assert len(re.findall(r'<a class="footnote-ref" id="cite-[^"]+" href="#ref-', html)) == valid


def _site(tmp_path: Path, page: str) -> Path:
    """A one-page site with the plugin (no settings) and the site's Markdown extensions."""
    site = Path(tempfile.mkdtemp(dir=tmp_path))  # hypothesis may replay an example in one tmp_path
    (site / "docs").mkdir()
    (site / "bib").mkdir()
    (site / "docs" / "index.md").write_text(page, encoding="utf-8")
    (site / "bib" / "refs.bib").write_text(BIB, encoding="utf-8")
    (site / "mkdocs.yml").write_text(
        "site_name: Property\ntheme:\n  name: material\n  font: false\n"
        "markdown_extensions: [abbr, admonition, attr_list, footnotes, md_in_html, tables, toc]\n"
        "plugins:\n  search: {}\n  living-review: {}\n", encoding="utf-8")
    return site


# Hostile HTML: pieces an attacker would combine, as raw HTML, attr_list attributes and Markdown links.
_SCHEMES = ["javascript:", "JaVaScRiPt:", "java\tscript:", "javascript&colon;", "&#106;avascript:",
            "&#x6A;avascript:", "vbscript:", "data:text/html,", " javascript:"]
_PAYLOAD = st.sampled_from(_SCHEMES).map(lambda scheme: scheme + "alert(1)")
_EVENT = st.sampled_from(["onload", "onerror", "onclick", "ONMOUSEOVER", "onfocus", "onbegin", "onanimationstart"])
_TAG = st.sampled_from(["img", "svg", "a", "p", "div", "span", "details", "video", "iframe", "object", "embed",
                        "math", "base", "meta", "form", "input", "style", "script", "set", "animate", "use"])
_HOSTILE = st.one_of(
    st.builds(lambda tag, event: f'<{tag} src="x" {event}="alert(1)">text</{tag}>', _TAG, _EVENT),
    st.builds(lambda tag, event: f"<{tag}/{event}=alert(1)>", _TAG, _EVENT),
    st.builds(lambda tag, url: f'<{tag} href="{url}" src="{url}" action="{url}" data="{url}">x</{tag}>',
              _TAG, _PAYLOAD),
    st.builds(lambda event: f'<img src="x" title=">" {event}="alert(1)">', _EVENT),
    st.builds(lambda event: f'A paragraph.\n{{ {event}="alert(1)" }}', _EVENT),
    st.builds(lambda event: f'![image](x.png){{ {event}="alert(1)" }}', _EVENT),
    st.builds(lambda url: f"[link]({url})", _PAYLOAD),
    st.builds(lambda url: f"> [ref]: {url}\n>\n> [a link][ref]", _PAYLOAD),
    st.builds(lambda url: f"- [ref2]: {url}\n- [another][ref2]", _PAYLOAD),
    st.builds(lambda url: f'<svg><a><set attributeName="href" to="{url}"/><text y="9">x</text></a></svg>', _PAYLOAD),
    st.sampled_from(["<!--> <img src=x onerror=alert(1)> -->", "<!-- --!> <img src=x onerror=alert(1)> -->",
                     "<div>`<img src=x onerror=alert(1)>`</div>", '<base href="https://example.org/">',
                     '<meta http-equiv="refresh" content="0; url=https://example.org/">',
                     "<style>body { display: none }</style>", '<form action="https://example.org/"><input></form>',
                     "<plaintext>", "</article></main><script>alert(1)</script>",
                     '<noscript><p title="</noscript><img src=x onerror=alert(1)>"></noscript>',
                     '<math><mi xlink:href="javascript:alert(1)">x</mi></math>']),
    st.text(alphabet=MARKDOWN_ALPHABET, max_size=40),
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(_HOSTILE, min_size=1, max_size=6))
def test_hostile_html_never_reaches_the_page_live(tmp_path, pieces):
    """Judged as a browser parses the page (html5lib, another spec-compliant parser than the build's)."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    site = _site(tmp_path, "# Page\n\n" + "\n\n".join(pieces) + "\n")
    try:
        build(load_config(str(site / "mkdocs.yml"), site_dir=str(site / "out")))
    except MkDocsException:
        pass
    output = site / "out" / "index.html"
    assert output.exists(), "the page was not written"
    assert live_markup(output.read_text(encoding="utf-8")) == []
    assert "Content-Security-Policy" in output.read_text(encoding="utf-8")



# Content that would take the build's or the theme's names, hide text, or set what the theme acts on.
_NAMES = ["ref-smith1987", "cite-bell2009-1", "editor-note-x", "fn:1", "fnref:1", "__config", "references",
          "md-consent__overlay", "editor-note", "footnote-ref", "citation", "md-typeset", "note"]
_CLASS_NAMES = [name for name in _NAMES if ":" not in name]
_DATA = ["data-clipboard-text", "data-md-component", "data-md-color-scheme", "data-toc-label", "data-search-exclude"]
_FRONT_MATTER_KEYS = ["template", "tags", "git_creation_date_localized", "git_revision_date_localized", "hide",
                      "subtitle", "status", "icon", "title", "description"]
_FRONT_MATTER_VALUES = ["<script>alert(1)</script>", '<meta http-equiv="refresh" content="0;url=https://e.org/">',
                        "404.html", "Plain words", "'\"><img src=x onerror=alert(1)>"]
_TRUST = st.one_of(
    st.sampled_from(KEYS).map(lambda key: f"A claim [@{key}]."),
    st.builds(lambda tag, script: f"## Heading <{tag} title=\"<!--\" lang='-->\" >{script}<i '>notes</{tag}>",
              st.sampled_from(["span", "abbr", "em", "a"]),
              st.sampled_from(["<script a=b=c>alert(1)</script a=b=c>", "<img src=x onerror=alert(1)>"])),
    st.builds(lambda name: f'<span id="{name}">fake [@smith1987]</span>', st.sampled_from(_NAMES)),
    st.builds(lambda name: f'<div class="admonition {name}" markdown>\nA fake box.\n</div>', st.sampled_from(_NAMES)),
    st.builds(lambda name: f"A paragraph.\n{{: .{name} }}", st.sampled_from(_CLASS_NAMES)),
    st.builds(lambda name: f"## A heading {{#{name}}}", st.sampled_from(_CLASS_NAMES + ["ref-x", "cite-a-1"])),
    st.builds(lambda name: f"!!! {name} \"A box\"\n\n    Text.", st.sampled_from(_CLASS_NAMES)),
    st.builds(lambda attribute: f'<span {attribute}="100 mg">10 mg</span>', st.sampled_from(_DATA)),
    st.builds(lambda key: f'<a class="footnote-ref" href="#ref-{key}">9</a>', st.sampled_from(KEYS)),
    st.builds(lambda key: f'<abbr title="[@{key}]">NMDA</abbr>', st.sampled_from(KEYS)),
    st.sampled_from(["<!-- note [@smith1987]", "-->", "<!-- a comment -->", "&#xe000;&#xe010;&#xe001;",
                     "\\print_review", "\\full_bibliography", "A footnote[^1].\n\n[^1]: Its text."]),
)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.dictionaries(st.sampled_from(_FRONT_MATTER_KEYS), st.sampled_from(_FRONT_MATTER_VALUES), max_size=3),
       st.lists(_TRUST, min_size=1, max_size=8))
def test_no_page_can_take_the_build_s_names_or_the_theme_s(tmp_path, front_matter, pieces):
    """Whatever a page holds, the finished page and the search index carry nothing live (html5lib),
    the page keeps its template, and every id, class and data attribute the build or the theme
    acts on is on the build's own markup."""
    import json

    import yaml
    from bs4 import BeautifulSoup
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    head = f"---\n{yaml.safe_dump(front_matter)}---\n\n" if front_matter else ""
    site = _site(tmp_path, head + "# Page\n\n" + "\n\n".join(pieces) + "\n")
    try:
        build(load_config(str(site / "mkdocs.yml"), site_dir=str(site / "out")))
    except MkDocsException:
        pass
    html = (site / "out" / "index.html").read_text(encoding="utf-8")
    assert live_markup(html) == []
    page = BeautifulSoup(html, "html.parser")
    assert page.h1 is not None and "Page not found" not in page.h1.get_text()
    article = page.select_one("article")
    for element in article.find_all(id=True):
        assert _is_the_build_s(element), element
    theme_classes = {"md-content__inner", "md-typeset", "md-content__button", "md-icon", "md-source-file",
                     "md-source-file__fact"}
    classes = {name for element in article.find_all(class_=True) for name in element["class"]}
    assert {name for name in classes if name.startswith("md-")} <= theme_classes
    for element in article.find_all(class_="editor-note"):  # only the build's boxes, each with its anchor
        assert element.name == "div" and "admonition" in element["class"] and \
            element.get("id", "").startswith("editor-note-"), element
    for element in article.find_all("a", class_="footnote-ref"):
        assert element.find_parent(class_="citation") or element["href"].startswith("#fn:"), element
    assert {name for element in article.find_all(True) for name in element.attrs if name.startswith("data-")} \
        <= {"data-search-exclude"}
    for entry in json.loads((site / "out" / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"]:
        assert "tags" not in entry and live_markup(entry["title"]) == [] and live_markup(entry["text"]) == []
        assert "http-equiv" not in entry["text"]


def _is_the_build_s(element) -> bool:
    """Whether an element with an id the build or the theme gives is the one they make."""
    identifier = element["id"]
    if identifier.startswith("ref-") and element.name == "span":  # a reference's text, which markers are described by
        return identifier.endswith("-text") and element.parent.find_parent("li", id=identifier[:-5]) is not None
    if identifier.startswith("ref-"):
        return element.name == "li" and element.find_parent("ol", class_="references") is not None
    if re.match(r"cite-.*-[0-9]+$", identifier):
        return element.name == "a" and element.find_parent(class_="citation") is not None
    if identifier.startswith(("fn:", "fnref:")):
        return element.find_parent(class_="footnote") is not None or element.name == "sup"
    if identifier.startswith("editor-note-"):  # a note's box, written `!!! editor-note "Title"`
        return element.name == "div" and {"admonition", "editor-note"} <= set(element.get("class", []))
    if identifier.startswith("__"):
        return False
    if identifier == "references":  # on a page that gets its own list, it is that list's heading
        has_own_list = element.find_parent("article").select_one("ol.references:not(.references-full)") is not None
        return not has_own_list or element.find_next_sibling("ol", class_="references") is not None
    return True


_PERMALINK_PIECES = st.sampled_from([
    '<h2 id="x">Title<a class="headerlink" href="#x" title="Permanent link">&para;</a></h2>', "&para;", ">&para;</a>",
    "<a>&para;</a>", "<!-- >&para;</a> -->", "<script>x>&para;</a></script>", "<style>p>&para;</a>{}</style>",
    "<textarea>>&para;</a></textarea>", '<p title=">&para;</a>">', "<p>", "</p>", "text ¶ ", "&amp;para;</a>",
])


@settings(max_examples=300, deadline=None)
@given(st.lists(_PERMALINK_PIECES, max_size=8))
def test_writing_the_permalink_sign_as_a_character_first_changes_nothing_readers_get(pieces):
    """html_policy.sanitize writes Markdown's `&para;` permalink sign as the character before
    cleaning (for its fast path): what readers get is what the sanitizer makes of the page as written."""
    page = "".join(pieces)
    rules = html_policy.ContentRules("k0123456789abcdef0")
    assert html_policy.sanitize(page, rules)[0] == rules.cleaner.clean(page)


_YAML_PIECES = st.sampled_from(["title: ", "description: ", "search:", "  exclude: true", "tags: [a, b]", "\n", "\t",
                                "- ", ": ", '"', "'", "#", "{", "}", "[", "]", "&a ", "*a", "!!python/object ", "é",
                                "\ufeff", "\x85", "\u2028", "yes", "1e3", "2026-12-02", "|", ">", "---", "..."])


@settings(max_examples=500, deadline=None)
@given(st.lists(_YAML_PIECES | st.text(max_size=6), max_size=12).map("".join))
def test_front_matter_is_read_as_mkdocs_reads_it(text):
    """source_rules checks front matter as MkDocs reads it (libyaml where PyYAML has it): the same
    data, and an error exactly where MkDocs finds one."""
    import yaml
    from mkdocs.utils.meta import SafeLoader

    from living_review.core import source_rules

    def read(function):
        try:
            return function(text)
        except yaml.YAMLError:
            return "error"

    expected, read_here = read(lambda text: yaml.load(text, SafeLoader)), read(source_rules._front_matter_data)  # noqa: S506
    assert read_here == expected or expected != expected  # NaN (`.nan`) is the same value, unequal to itself
