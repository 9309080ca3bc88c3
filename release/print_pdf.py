"""`make pdf`: the whole review (the print page) as a PDF, printed by headless Chromium.

Builds the site strictly into a temporary folder, opens its print page from disk in Debian's
Chromium (Playwright, /usr/bin/chromium; no browser is downloaded) and prints it to
DIST/ketamine-chronic-pain-review-<edition>.pdf, with a running title, the edition and page
numbers on every page. The edition is the tag at HEAD (`v1.2`), else `draft-<commit>`.

Usage: python release/print_pdf.py   (environment: DIST, default dist)
"""

from __future__ import annotations

import html
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

from mkdocs.structure.files import File  # noqa: E402
from playwright.sync_api import sync_playwright  # noqa: E402

from living_review.config import site_settings  # noqa: E402
from living_review.core.edition_history import EditionError, at_head, editions, long_date  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def main() -> int:
    config, settings = site_settings(str(ROOT / "mkdocs.yml"))
    start = settings.original_article.publication_date or "1970/01/01"
    try:
        edition = at_head(str(ROOT), editions(str(ROOT), start.replace("/", "-")))
    except EditionError as error:
        print(f"pdf: error: {error}", file=sys.stderr)
        return 1
    if not Path(CHROMIUM).exists():
        print(f"pdf: error: {CHROMIUM} not found: install Debian's chromium (apt-get install chromium)",
              file=sys.stderr)
        return 1
    if edition:
        name, label = edition.name, f"Edition {edition.number}, {long_date(edition.date)}"
    else:
        commit = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short=10", "HEAD"],
                                capture_output=True, text=True).stdout.strip() or "unknown"
        name, label = f"draft-{commit}", f"Draft {commit}, not an edition"
    dist = Path(os.environ.get("DIST", ROOT / "dist"))
    dist.mkdir(parents=True, exist_ok=True)
    site = Path(tempfile.mkdtemp(prefix="pdf-site-"))
    try:
        # --quiet: MkDocs' own chatter; our errors still fail the build, which then prints them itself.
        command = [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "--site-dir", str(site)]
        build = subprocess.run(command, cwd=ROOT)
        if build.returncode:
            return build.returncode
        target = dist / settings.pdf_name.format(edition=name)
        print_page = File(settings.pages.print, "", "", config.use_directory_urls).dest_uri
        _print(site / print_page, target, config.site_name, label)
    finally:
        shutil.rmtree(site, ignore_errors=True)
    print(f"{target}: {target.stat().st_size / 1e6:.2f} MB")
    return 0


def _print(page: Path, target: Path, title: str, label: str) -> None:
    small = "font-size:8px;width:100%;margin:0 12mm;color:#555;display:flex;justify-content:space-between"
    header = f'<div style="{small}"><span>{html.escape(title)}</span><span>{html.escape(label)}</span></div>'
    footer = (f'<div style="{small}"><span>{html.escape(label)}</span>'
              '<span>Page <span class="pageNumber"></span> of <span class="totalPages"></span></span></div>')
    partial = target.with_suffix(".pdf.part")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        try:
            tab = browser.new_page()
            tab.goto(page.as_uri(), wait_until="load")
            tab.pdf(path=str(partial), format="A4", print_background=True, display_header_footer=True,
                    header_template=header, footer_template=footer,
                    margin={"top": "18mm", "bottom": "18mm", "left": "12mm", "right": "12mm"})
        finally:
            browser.close()
    partial.replace(target)  # never a half-written PDF under the final name


if __name__ == "__main__":
    sys.exit(main())
