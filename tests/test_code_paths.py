"""What runs code is reviewed by maintainers, and the workflows pass `zizmor`.

A pull request that changes a hook, a template, a workflow, the configuration or a dependency
runs code in CI and at build time, before any check of the output. CODEOWNERS puts every such
file under maintainers' review; only content (pages, figures, BibTeX, the glossary) goes to editors.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pathspec

from conftest import ROOT

CONTENT = pathspec.PathSpec.from_lines("gitignore", ["/docs/**/*.md", "/docs/figures/", "/bib/*.bib",
                                                        "/includes/*.md"])


def _owners() -> list[tuple[pathspec.PathSpec, list[str]]]:
    rules = []
    for line in (ROOT / ".github" / "CODEOWNERS").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            pattern, *owners = line.split()
            rules.append((pathspec.PathSpec.from_lines("gitignore", [pattern]), owners))
    return rules


def _owner(path: str, rules) -> list[str]:
    owners = []
    for spec, rule_owners in rules:  # the last matching rule wins, as on GitHub
        if spec.match_file(path):
            owners = rule_owners
    return owners


def test_every_file_that_is_not_content_needs_a_maintainer():
    tracked = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True).stdout.split()
    rules = _owners()
    wrong = [f"{path}: {_owner(path, rules)}" for path in tracked
             if (_owner(path, rules) == ["@ketamine-review/maintainers"]) == CONTENT.match_file(path)]
    assert wrong == []
    assert _owner("src/living_review/steps/output_allowlist.py", rules) == ["@ketamine-review/maintainers"]
    assert _owner("docs/stylesheets/review.css", rules) == ["@ketamine-review/maintainers"]


def test_workflows_pass_zizmor():
    """Actions pinned to commit SHAs, no persisted credentials, no cache restored into a deploy."""
    zizmor = Path(sys.executable).parent / "zizmor"
    result = subprocess.run([str(zizmor), "--offline", ".github/workflows/"], cwd=ROOT, capture_output=True,
                            text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No findings to report" in result.stdout + result.stderr
