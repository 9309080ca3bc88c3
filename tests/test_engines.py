"""A second engine: ProperDocs (a fork of MkDocs 1.6) builds the same mkdocs.yml, and its site
is MkDocs' site, page by page and element by element, hosted and offline. The one difference
allowed is the generator's name and version in each page's `<meta name="generator">`.

ProperDocs lives in its own virtual environment (`make test` and `make properdocs` install it);
`PROPERDOCS` names another executable (`make upgrade-check` does). Without it the tests skip,
except in CI (`CI=true`), where a missing engine is a failure.
"""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

import pytest

import site_guard
from conftest import ROOT
from site_diff import Difference, differences, summary

PROPERDOCS = Path(os.environ.get("PROPERDOCS", ROOT / ".venv-properdocs" / "bin" / "properdocs"))
# Material writes `<meta name="generator" content="mkdocs-{engine version}, mkdocs-material-…">`.
GENERATOR = re.compile(r'<meta name="generator" content="mkdocs-([^,"]+)(, [^"]*)">')


def require_properdocs() -> None:
    if PROPERDOCS.exists():
        return
    message = f"{PROPERDOCS} not found: `make properdocs` installs ProperDocs, the second engine"
    if os.environ.get("CI") == "true":
        pytest.fail(message)
    pytest.skip(message)


def build_with_properdocs(config: str, site: Path) -> Path:
    require_properdocs()
    result = subprocess.run([str(PROPERDOCS), "build", "--strict", "-f", config, "--site-dir", str(site)],
                            cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, f"properdocs build --strict -f {config} failed:\n{result.stderr}"
    assert [line for line in result.stderr.splitlines() if line.startswith("WARNING")] == []
    return site


@pytest.fixture(scope="module")
def properdocs_site(tmp_path_factory) -> Path:
    return build_with_properdocs("mkdocs.yml", tmp_path_factory.mktemp("properdocs-site"))


@pytest.fixture(scope="module")
def properdocs_bundle(tmp_path_factory) -> Path:
    return build_with_properdocs("mkdocs-offline.yml", tmp_path_factory.mktemp("properdocs-offline"))


def _only_the_engine_differs(difference: Difference) -> bool:
    one, two = GENERATOR.fullmatch(difference.first), GENERATOR.fullmatch(difference.second)
    return bool(one and two) and one.group(2) == two.group(2) and two.group(1).startswith("ProperDocs ")


def _assert_same_site(mkdocs: Path, properdocs: Path) -> None:
    found = differences(mkdocs, properdocs)
    unexpected = [difference for difference in found if not _only_the_engine_differs(difference)]
    assert unexpected == [], "ProperDocs' site differs from MkDocs' (first -> second):\n" + summary(unexpected)
    named = {difference.page for difference in found}
    pages = {path.relative_to(mkdocs).as_posix() for path in mkdocs.rglob("*.html")}
    assert named == pages, "every page names its engine: ProperDocs' build must say ProperDocs"


def test_properdocs_builds_the_hosted_site_as_mkdocs_does(built_site, properdocs_site):
    _assert_same_site(built_site, properdocs_site)


def test_properdocs_builds_the_offline_bundle_as_mkdocs_does(offline_bundle, properdocs_bundle):
    _assert_same_site(offline_bundle, properdocs_bundle)


def test_properdocs_sites_show_no_leftover(properdocs_site, properdocs_bundle):
    site_guard.assert_no_leftover(properdocs_site)
    site_guard.assert_no_leftover(properdocs_bundle)
