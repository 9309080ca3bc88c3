"""`make upgrade-check` (maintenance/upgrade_check.py): which versions it asks for, and how it
reports what would change. Its full run needs the registry and takes minutes: the weekly
workflow runs it."""

from __future__ import annotations

import sys

from conftest import ROOT

sys.path.insert(0, str(ROOT / "maintenance"))

from upgrade_check import REQUIREMENTS, pinned, version_changes, within_major  # noqa: E402


def test_each_pin_may_rise_within_its_major_version():
    assert within_major("1.6.1") == ">=1.6.1,<2"
    assert within_major("0.17.5") == ">=0.17.5,<1"
    assert within_major("2026.10.19.post1") == ">=2026.10.19.post1,<2027"


def test_every_pin_of_the_requirements_files_is_read():
    for path in REQUIREMENTS:
        text = path.read_text(encoding="utf-8")
        pins = [line for line in text.splitlines() if "==" in line and not line.startswith("#")]
        assert len(pinned(text)) == len(pins), path.name
    assert pinned("# comment\n-r requirements.txt\nPyYAML==6.0.4\nmkdocs_get_deps==0.2.2\n") == {
        "pyyaml": "6.0.4", "mkdocs-get-deps": "0.2.2"}


def test_the_report_names_each_change():
    report = version_changes({"mkdocs": "1.6.1", "ruff": "0.17.5", "gone": "1.0"},
                             {"mkdocs": "1.6.1", "ruff": "0.17.6", "newdep": "2.0"})
    assert report.splitlines() == ["versions: 3 change(s) within the pins' majors", "  ruff: 0.17.5 -> 0.17.6",
                                   "  newdep: new, 2.0 (pin it)", "  gone: 1.0 -> no longer needed"]
