"""Step: a refusal fails every build, however MkDocs is run.

`mkdocs build --strict` counts warnings through MkDocs' logger, but `-q` raises that logger's level
so that strict mode counts nothing (mkdocs/mkdocs#4126), and a build without `--strict` counts
nothing at all. So the build counts our own errors (`Build.problems`) and, once everything is
written, aborts with their number: `make build`, `make offline`, `make pdf` and the editions then
publish nothing. `mkdocs serve` keeps serving, so that an author sees the page while fixing it: it
says how many errors there are, and the refused files and markup are left out of what it serves.
"""

from __future__ import annotations

import logging

from mkdocs.exceptions import Abort

from ..core.author_errors import log
from ..core.build_model import Build


def verdict(build: Build, command: str | None) -> None:
    """Last of all: every page, the search index and the feed are written and checked."""
    errors = build.errors
    if not errors:
        return
    summary = f"{errors} error{'s' if errors != 1 else ''} in the pages and files above (make check lists them all)"
    if command == "serve":
        log.error(f"{summary}: the preview leaves out what was refused; the build fails until they are fixed")
        return
    if not log.isEnabledFor(logging.WARNING):  # `-q`: the messages above were not shown, so show them here
        summary += ":\n" + "\n".join(str(problem) for problem in build.problems)
    raise Abort(f"Aborted: {summary}")
