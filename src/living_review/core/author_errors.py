"""An author's mistake, `path:line: message`, and the logger every report goes through.

Every step and `make check` report through `Build.report` (build_model), which logs here, so a
message reads the same wherever it comes from, and `mkdocs build --strict` counts it (a logger
under `mkdocs.` is what strict mode counts; a module's own `__name__` logger is not).
"""

from __future__ import annotations

import difflib
import logging
import os
from collections.abc import Iterable
from dataclasses import dataclass, field

log = logging.getLogger("mkdocs.plugins.living_review")


@dataclass(frozen=True, order=True)
class Problem:
    path: str
    line: int
    col: int
    message: str
    severity: str = "error"
    link: str | None = field(default=None, compare=False)  # for a problem with a link: the link as written
    # Where the problem that causes this one is (`path:line`): listed after it, which names this one.
    follows: str | None = field(default=None, compare=False)

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


def causes_first(problems: Iterable[Problem]) -> list[Problem]:
    """Problems by place, those that follow from another one after all the rest."""
    return sorted(set(problems), key=lambda problem: (problem.follows is not None, problem))


def project_path(abs_path: str, config_file_path: str | None) -> str:
    """A path as authors see it: relative to the folder holding mkdocs.yml, with `/`."""
    root = os.path.dirname(os.path.abspath(config_file_path)) if config_file_path else os.getcwd()
    return os.path.relpath(abs_path, root).replace(os.sep, "/")


def did_you_mean(written: str, candidates: Iterable[str], *, prefix: str = "") -> str:
    """` (did you mean 'a', 'b'?)` with the up to three closest candidates, or "" if none is close."""
    close = difflib.get_close_matches(written, list(candidates), n=3, cutoff=0.6)
    return f" (did you mean {', '.join(repr(prefix + match) for match in close)}?)" if close else ""
