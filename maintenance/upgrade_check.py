"""`make upgrade-check`: an early warning for upgrades, before a pin is changed.

In a scratch virtual environment it installs the newest versions that each pin's major version
allows (`mkdocs==1.6.1` becomes `mkdocs>=1.6.1,<2`), from requirements.txt and
requirements-properdocs.txt, then:
  1. lists what would change (pinned -> newest);
  2. builds the site strictly with the pins and with the newest versions, and reports every
     difference in the output, page by page and element by element (tests/site_diff.py);
  3. runs the linter and every test with the newest versions (ProperDocs' comparison too).
It fails if the install, the build, the lint or the tests fail. Differences in the output are
reported for a person to judge. The repository is left as it was: to take an upgrade, copy the
new versions into the requirements files (MAINTAINING.md says how).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from site_diff import differences, summary  # noqa: E402

REQUIREMENTS = [ROOT / "requirements.txt", ROOT / "requirements-properdocs.txt"]
_PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([0-9][^\s;#]*)")


def main() -> int:
    scratch = Path(tempfile.mkdtemp(prefix="upgrade-check-"))
    try:
        return _check(scratch)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def _check(scratch: Path) -> int:
    pins = {}
    for path in REQUIREMENTS:
        pins.update(pinned(path.read_text(encoding="utf-8")))
    venv, ranges = scratch / "venv", scratch / "newest-within-major.txt"
    ranges.write_text("".join(f"{name}{within_major(version)}\n" for name, version in pins.items()), encoding="utf-8")
    _step(f"installing the newest versions within each pin's major into {venv}")
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    pip = [str(venv / "bin" / "python"), "-m", "pip", "--disable-pip-version-check"]
    if subprocess.run([*pip, "install", "--quiet", "--upgrade", "-r", str(ranges)]).returncode:
        print("upgrade-check: the newest versions cannot be installed together (pip's message above)")
        return 1
    # The plugin itself, from this checkout (pinned nowhere: it is the code under test).
    subprocess.run([*pip, "install", "--quiet", "--no-deps", "-e", str(ROOT)], check=True)
    (venv / ".installed").touch()  # `make offline VENV=…` (run by the tests) must not install the pins over them
    freeze = subprocess.run([*pip, "freeze"], capture_output=True, text=True, check=True).stdout
    print("\n" + version_changes(pins, pinned(freeze)))

    failures = []
    sites = {}
    for label, python in (("pinned", sys.executable), ("newest", str(venv / "bin" / "python"))):
        _step(f"strict build with the {label} versions")
        sites[label] = scratch / f"site-{label}"
        result = subprocess.run([python, "-m", "mkdocs", "build", "--strict", "--site-dir", str(sites[label])],
                                cwd=ROOT, capture_output=True, text=True)
        if result.returncode:
            print(result.stderr)
            failures.append(f"the strict build with the {label} versions")
    if not failures:
        found = differences(sites["pinned"], sites["newest"])
        print(f"\nthe site: {len(found)} difference(s) between the pinned and the newest versions' build")
        print(summary(found))

    env = {**os.environ, "PROPERDOCS": str(venv / "bin" / "properdocs")}
    lint = [str(venv / "bin" / "ruff"), "check", "src", "hooks", "tests", "bench", "maintenance"]
    for label, command in (("lint", lint),
                           ("tests", [str(venv / "bin" / "python"), "-m", "pytest"])):
        _step(f"{label} with the newest versions")
        if subprocess.run(command, cwd=ROOT, env=env).returncode:
            failures.append(f"the {label} with the newest versions")
    print("\nupgrade-check: " + ("failed: " + "; ".join(failures) if failures else
                                 "the newest versions within each major build the site and pass every test"))
    return 1 if failures else 0


def pinned(text: str) -> dict[str, str]:
    """`name==version` lines (requirements or `pip freeze`), keyed by the normalised name."""
    return {_normal(match.group(1)): match.group(2) for match in map(_PIN.match, text.splitlines()) if match}


def within_major(version: str) -> str:
    """`1.6.1` -> `>=1.6.1,<2`: the pin or anything newer with the same major version."""
    return f">={version},<{int(version.split('.')[0]) + 1}"


def version_changes(pins: dict[str, str], installed: dict[str, str]) -> str:
    lines = [f"  {name}: {pins[name]} -> {installed[name]}"
             for name in sorted(pins) if name in installed and installed[name] != pins[name]]
    lines += [f"  {name}: new, {installed[name]} (pin it)" for name in sorted(installed) if name not in pins]
    lines += [f"  {name}: {pins[name]} -> no longer needed" for name in sorted(pins) if name not in installed]
    return f"versions: {len(lines)} change(s) within the pins' majors\n" + "\n".join(lines)


def _normal(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _step(message: str) -> None:
    print(f"upgrade-check: {message}", file=sys.stderr, flush=True)


if __name__ == "__main__":
    sys.exit(main())
