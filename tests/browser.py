"""Real headless Chromium (Debian's, driven by Playwright) for the browser tests.

Never downloads a browser: it uses /usr/bin/chromium. Without it (or another Debian tool a test
runs, such as pdftotext), tests skip with the reason, except in CI (`CI=true`), where a missing
tool is a failure, not a skip.
"""

from __future__ import annotations

import os
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import pytest

CHROMIUM = "/usr/bin/chromium"
# Keep Chromium off the network: no background requests of its own to count as the site's.
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]
PREVIEW = ".review-preview"  # the open preview of a marker (src/living_review/assets/living-review/previews.js)
ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"


def require_chromium() -> None:
    _require(Path(CHROMIUM).exists(), f"{CHROMIUM} not found: install Debian's chromium (apt-get install chromium)")


def require_command(command: str, package: str) -> None:
    """A Debian tool a test runs (`.ci/run` installs it), missing: a skip with how to install it, or in CI a failure."""
    _require(shutil.which(command) is not None, f"{command} not found: install Debian's {package} "
                                                f"(apt-get install {package})")


def _require(present: bool, message: str) -> None:
    if present:
        return
    if os.environ.get("CI") == "true":
        pytest.fail(message)
    pytest.skip(message)


@dataclass
class Visit:
    """A page in a fresh browser context, with every request and script error it produced."""

    page: object
    requests: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def foreign_requests(self, allowed_prefix: str) -> list[str]:
        return [url for url in self.requests if not url.startswith(allowed_prefix) and not url.startswith("data:")]

    def tooltip_text(self) -> str:
        """The text of the open preview (the plugin's previews.js; waits up to 5 s for it to open)."""
        self.page.wait_for_selector(PREVIEW, timeout=5_000)
        return self.page.locator(PREVIEW).inner_text()

    def tooltip_links(self) -> list[str]:
        return self.page.evaluate(f"Array.from(document.querySelectorAll('{PREVIEW} a')).map(a => a.href)")


# Every Content-Security-Policy violation, as the page's own event reports it (directive and what was blocked).
RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", event => window.__cspViolations.push(
  `${event.violatedDirective} blocked ${event.blockedURI || "inline"} at ${event.sourceFile}:${event.lineNumber}`));
"""


def csp_violations(page) -> list[str]:
    return page.evaluate("window.__cspViolations || []")


def open_visit(context, url: str) -> Visit:
    visit = Visit(context.new_page())
    visit.page.add_init_script(RECORD_VIOLATIONS)
    visit.page.on("request", lambda request: visit.requests.append(request.url))
    visit.page.on("pageerror", lambda error: visit.errors.append(str(error)))
    visit.page.on("console", lambda message: message.type == "error" and visit.errors.append(message.text))
    visit.page.goto(url)
    return visit


def screenshot_name(nodeid: str) -> str:
    return re.sub(r"[^\w.-]+", "_", nodeid) + ".png"
