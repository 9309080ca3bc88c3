"""`make check` (hooks/author_check.py): every planted error with its exact location, fast.

Each fixture site's `expected-check.txt` holds the exact report; a clean twin's is empty.
The messages are the build's own (tests/fixtures/*/expected.txt): one implementation of each rule.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest

import author_check
from conftest import FIXTURES, ROOT
from test_fixture_sites import SITES, fixture_plugins

# hooks/author_check.py reads the site's settings of mkdocs-bibtex and the hooks; a site that only
# names the living-review plugin is that plugin's to check (its expected-check.txt is written ahead).
CHECKED = [name if "bibtex" in fixture_plugins(name) else pytest.param(name, marks=pytest.mark.xfail(
    reason="no check yet for a site without mkdocs-bibtex's settings (the living-review plugin's)", strict=True))
    for name in SITES]


@pytest.mark.parametrize("name", CHECKED)
def test_check_reports_every_planted_error_at_its_location(name, capsys):
    expected = (FIXTURES / name / "expected-check.txt").read_text(encoding="utf-8").splitlines()
    status = author_check.main(["-f", str(FIXTURES / name / "mkdocs.yml")])
    report = capsys.readouterr().out.splitlines()
    assert report == expected
    assert status == (1 if expected else 0)


# The build stops at unreadable BibTeX before reading pages.
@pytest.mark.parametrize("name", [name for name in SITES if not name.startswith("bibtex_")])
def test_check_and_build_report_the_same_messages(name):
    """Where the build gets past the BibTeX files, it reports what the check reports. The check of
    finished pages is the build's alone: it judges what templates and hooks write, which only a
    build renders (tests/fixtures/safety_theme_script)."""
    build = [line for line in (FIXTURES / name / "expected.txt").read_text().splitlines()
             if ":" in line.split(" ")[0] and ": the built page holds " not in line]
    check = [line.split(": ", 1)[0].rsplit(":", 1)[0] + ": " + line.split(": ", 2)[2]
             for line in (FIXTURES / name / "expected-check.txt").read_text().splitlines()]
    assert sorted(check) == sorted(build)


def test_check_of_the_review_is_clean_and_prints_its_time():
    result = subprocess.run([sys.executable, "hooks/author_check.py"], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout
    assert result.stdout == ""
    assert re.fullmatch(r"check: 0 error\(s\), 0 warning\(s\) in \d+\.\d\d s\n", result.stderr)


def test_github_actions_annotations(tmp_path):
    env = dict(os.environ, GITHUB_ACTIONS="true")
    result = subprocess.run([sys.executable, str(ROOT / "hooks/author_check.py"), "-f", "mkdocs.yml"],
                            cwd=FIXTURES / "citations_unknown_key", capture_output=True, text=True, env=env)
    assert result.returncode == 1
    assert ("::error file=docs/index.md,line=4,col=46::unknown citation key 'smith1978' (did you mean "
            "'smith1987'?); add the work to a .bib file under bib/ or fix the key") in result.stdout.splitlines()


def test_message_reference_shows_each_message_in_the_form_make_check_prints_it():
    """The message reference's table (contributing/messages.md) is copied from the fixtures' reports, so it
    cannot drift from them (a row may shorten a message with `…`)."""
    printed = [line for path in FIXTURES.glob("*/expected-check.txt")
               for line in path.read_text(encoding="utf-8").splitlines()]
    reference = (ROOT / "contributing" / "messages.md").read_text(encoding="utf-8")
    cells = [match.group(2) for match in re.finditer(r"^\| (`+) ?(.+?) ?\1 \|", reference, re.MULTILINE)]
    rows = [cell.replace("\\|", "|") for cell in cells if ": error: " in cell]  # `\|`: a | inside a table
    assert rows, "contributing/messages.md has no table of messages"
    patterns = {row: re.compile(".*".join(map(re.escape, row.split("…")))) for row in rows}
    assert [row for row, pattern in patterns.items() if not any(map(pattern.fullmatch, printed))] == []
