"""Report an author's mistake as `path:line: message` through MkDocs' logger.

Library module (not a hook): every hook and `make check` report through here, so a message
reads the same wherever it comes from, and `mkdocs build --strict` counts it (a logger under
`mkdocs.` is what strict mode counts; a hook's own `__name__` logger is not).
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass

log = logging.getLogger("mkdocs.hooks.review")


@dataclass(frozen=True, order=True)
class Problem:
    path: str
    line: int
    col: int
    message: str
    severity: str = "error"

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


# Collected problems of the current build, so tests and `make check` can read them back.
problems: list[Problem] = []


def reset() -> None:
    problems.clear()


def report(path: str, line: int, message: str, *, col: int = 1, severity: str = "error") -> Problem:
    """Log one located problem (a warning for MkDocs, which `--strict` turns into a failure)."""
    problem = Problem(path, line, col, message, severity)
    problems.append(problem)
    log.warning(str(problem))
    return problem


def report_problem(problem: Problem) -> Problem:
    return report(problem.path, problem.line, problem.message, col=problem.col, severity=problem.severity)


def project_path(abs_path: str, config_file_path: str | None) -> str:
    """A path as authors see it: relative to the folder holding mkdocs.yml, with `/`."""
    root = os.path.dirname(os.path.abspath(config_file_path)) if config_file_path else os.getcwd()
    return os.path.relpath(abs_path, root).replace(os.sep, "/")
