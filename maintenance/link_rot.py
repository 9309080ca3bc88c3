"""`make link-rot`: is every link that leaves the built site still alive (DOIs, PubMed, licences)?

LinkChecker (pinned in requirements.txt) crawls the built site, served on 127.0.0.1 as GitHub
Pages serves it, and checks each link that leaves the site once, without crawling further.
A link that fails (404, a dead host, a timeout) is an error and fails the run. A redirect is
followed and listed, not failed: a DOI always redirects to its publisher, but another address
that moved is worth updating. Links to the site's own hosted address (`site_url`) are skipped:
they are not rot. Needs internet; the weekly workflow runs it.

Usage: python maintenance/link_rot.py SITE_DIR [more LinkChecker options, e.g. --ignore-url REGEX]
"""

from __future__ import annotations

import contextlib
import csv
import functools
import http.server
import re
import subprocess
import sys
import threading
from pathlib import Path

from mkdocs.utils.yaml import yaml_load

ROOT = Path(__file__).resolve().parent.parent
LINKCHECKER = Path(sys.executable).parent / "linkchecker"


def main(argv: list[str]) -> int:
    site, options = Path(argv[1]), argv[2:]
    site_url = yaml_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))["site_url"]
    with _served(site) as base:
        result = subprocess.run([str(LINKCHECKER), "--check-extern", "--no-status", "--output", "csv",
                                 "--ignore-url", f"^{re.escape(site_url)}", *options, base],
                                capture_output=True, text=True)
    if result.returncode not in (0, 1):  # 2: LinkChecker itself failed
        print(result.stdout + result.stderr, file=sys.stderr)
        return result.returncode
    errors, moved = [], []
    lines = [line for line in result.stdout.splitlines() if not line.startswith("#")]
    for row in csv.DictReader(lines, delimiter=";"):
        where = f"{row['parentname'].removeprefix(base) or 'index.html'}:{row['line']}: {row['urlname']}"
        if row["valid"] != "True":
            errors.append(f"{where}: error: {row['result']}")
        elif row["warningstring"]:
            moved.append(f"{where}: warning: {' '.join(row['warningstring'].split())}")
    print("\n".join(errors + moved))
    print(f"link rot: {len(errors)} dead link(s), {len(moved)} warning(s) (redirects: update a link that moved)")
    return 1 if errors else 0


@contextlib.contextmanager
def _served(folder: Path):
    """The folder served over HTTP on 127.0.0.1 (a free port), for as long as the block runs."""
    handler = functools.partial(_QuietHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/"
    finally:
        server.shutdown()
        server.server_close()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - the standard library's signature
        pass


if __name__ == "__main__":
    sys.exit(main(sys.argv))
