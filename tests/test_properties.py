"""Property-based tests (hypothesis): for any Markdown and any BibTeX, no traceback, every problem
located, and no valid citation lost."""

from __future__ import annotations

import re
import string
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import author_errors
from bibtex_rules import read_bib
from conftest import CITATION_HOOKS
from markdown_source import find_citations, find_labels, find_links, find_unsafe_html, mask_code

MARKDOWN_ALPHABET = string.ascii_letters + string.digits + " \n\t[]()@;:.,-_*#`~!{}|<>/\\'\"éø"
KEYS = ["smith1987", "bell2009", "van-hilten_2009", "lee:2001"]
BIB = "".join(f"@article{{{key},\n  author = {{Author, A.}},\n  title = {{T}},\n  journal = {{J}},\n"
              f"  year = {{2000}}\n}}\n" for key in KEYS)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=MARKDOWN_ALPHABET, max_size=400))
def test_scanning_any_text_never_fails_and_keeps_offsets(text):
    masked = mask_code(text)
    assert len(masked) == len(text) and masked.count("\n") == text.count("\n")
    for citation in find_citations(text, masked):
        assert 0 <= citation.start < citation.end <= len(text)
        assert citation.line == text.count("\n", 0, citation.start) + 1
        assert citation.keys or citation.error
    find_links(text, masked)
    find_labels(text, masked)
    find_unsafe_html(text, masked)


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
    st.text(alphabet=MARKDOWN_ALPHABET, max_size=60),
)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(FRAGMENTS, min_size=1, max_size=10))
def test_any_page_builds_or_reports_located_errors_and_loses_no_valid_citation(tmp_path, fragments):
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    site = Path(tempfile.mkdtemp(dir=tmp_path))  # hypothesis may replay an example in one tmp_path
    (site / "docs").mkdir()
    (site / "bib").mkdir()
    page = "# Page\n\n" + "\n\n".join(fragments) + "\n"
    (site / "docs" / "index.md").write_text(page, encoding="utf-8")
    (site / "bib" / "refs.bib").write_text(BIB, encoding="utf-8")
    hooks = "".join(f"  - {path}\n" for path in CITATION_HOOKS)
    (site / "mkdocs.yml").write_text(
        "site_name: Property\ntheme:\n  name: mkdocs\nmarkdown_extensions: [attr_list, footnotes, tables, toc]\n"
        "plugins:\n  bibtex:\n    bib_dir: bib\n    bib_by_default: false\n    enable_inline_citations: false\n"
        f"hooks:\n{hooks}", encoding="utf-8")
    try:  # not strict: even with other errors on the page, valid citations must survive
        build(load_config(str(site / "mkdocs.yml"), site_dir=str(site / "out")))
    except MkDocsException:
        assert author_errors.problems, "the build stopped without saying where"
    assert all(re.fullmatch(r"(docs|bib)/\S+", p.path) and p.line >= 1 for p in author_errors.problems)
    valid = sum(len(c.keys) for c in find_citations(page) if not c.error and not c.is_cross_reference
                and all(key in KEYS for key in c.keys))
    html = (site / "out" / "index.html").read_text(encoding="utf-8")
    assert len(re.findall(r'<a class="footnote-ref" id="cite-[^"]+" href="#ref-', html)) >= valid
