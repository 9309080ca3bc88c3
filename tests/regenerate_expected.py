"""Rewrite a fixture site's expected messages from what the build and `make check` say now.

Usage: .venv/bin/python tests/regenerate_expected.py NAME [NAME ...]   (names under tests/fixtures/)
Then read `git diff tests/fixtures/`: every changed line is a message authors will see.
"""

from __future__ import annotations

import contextlib
import io
import sys
import tempfile
from pathlib import Path

from conftest import FIXTURES, build_fixture


def regenerate(name: str) -> None:
    from living_review import check as author_check

    with tempfile.TemporaryDirectory() as site:
        messages, _ = build_fixture(name, Path(site))
    lines = [line for message in messages for line in message.splitlines()]
    (FIXTURES / name / "expected.txt").write_text("".join(f"{line}\n" for line in lines), encoding="utf-8")
    report = io.StringIO()
    with contextlib.redirect_stdout(report), contextlib.redirect_stderr(io.StringIO()):
        author_check.main(["-f", str(FIXTURES / name / "mkdocs.yml")])
    (FIXTURES / name / "expected-check.txt").write_text(report.getvalue(), encoding="utf-8")


if __name__ == "__main__":
    for fixture in sys.argv[1:]:
        regenerate(fixture)
