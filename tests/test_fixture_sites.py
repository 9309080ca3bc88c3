"""Every failure mode has a tiny site under tests/fixtures/ and a clean twin.

Each fixture holds `expected.txt`: the exact warnings its strict build must log, in order.
A clean twin's file is empty: its build must log nothing at all and succeed.
"""

from __future__ import annotations

import pytest

from conftest import FIXTURES, build_fixture

SITES = sorted(path.name for path in FIXTURES.iterdir() if (path / "expected.txt").exists())


@pytest.mark.parametrize("name", SITES)
def test_fixture_reports_exactly_the_expected_warnings(name, tmp_path):
    expected = (FIXTURES / name / "expected.txt").read_text(encoding="utf-8").splitlines()
    messages, error = build_fixture(name, tmp_path)
    assert [line for message in messages for line in message.splitlines()] == expected
    if expected:
        assert error is not None, "a site with author errors must fail the strict build"
    else:
        assert error is None, f"the clean twin must build: {error}"


def test_every_failing_fixture_has_a_clean_twin():
    failing = [name for name in SITES if not name.endswith("_clean")]
    assert failing, "no fixture sites found"
    missing = [name for name in failing if f"{name}_clean" not in SITES]
    assert missing == []
