"""The weekly link-rot step (`make link-rot`, maintenance/link_rot.py) against a server on
127.0.0.1 that stands in for the sites we link to: a good page, a missing one and a redirect.
No test here reaches the internet."""

from __future__ import annotations

import http.server
import subprocess
import sys
import threading

import pytest

from conftest import ROOT


class _StandIn(http.server.BaseHTTPRequestHandler):
    """`/article` is a page, `/moved` redirects to it (as a DOI does), anything else is missing."""

    def do_HEAD(self):  # noqa: N802 - the standard library's name
        if self.path == "/article":
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
        elif self.path == "/moved":
            self.send_response(301)
            self.send_header("Location", "/article")
        else:
            self.send_response(404)
        self.end_headers()

    def do_GET(self):  # noqa: N802 - the standard library's name
        self.do_HEAD()
        if self.path == "/article":
            self.wfile.write(b"<!doctype html><title>Article</title><p>The article.</p>")

    def log_message(self, format, *args):  # noqa: A002 - the standard library's signature
        pass


@pytest.fixture(scope="module")
def elsewhere():
    """The stand-in for other sites: its base URL."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _StandIn)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    server.server_close()


def _check_links(tmp_path, pages: dict[str, str]) -> subprocess.CompletedProcess:
    for name, body in pages.items():
        (tmp_path / name).write_text(f"<!doctype html><title>{name}</title>\n<p>{body}</p>\n", encoding="utf-8")
    return subprocess.run([sys.executable, str(ROOT / "maintenance" / "link_rot.py"), str(tmp_path)],
                          capture_output=True, text=True, timeout=300)


def test_a_dead_link_fails_the_run_naming_page_line_and_address(tmp_path, elsewhere):
    result = _check_links(tmp_path, {
        "index.html": f'<a href="{elsewhere}/article">a</a> <a href="page.html">next</a>',
        "page.html": f'Cited: <a href="{elsewhere}/retracted">gone</a>',
    })
    assert result.returncode == 1, result.stdout + result.stderr
    assert f"page.html:2: {elsewhere}/retracted: error: 404 Not Found" in result.stdout.splitlines()
    assert f"{elsewhere}/article:" not in result.stdout
    assert "link rot: 1 dead link(s), 0 warning(s)" in result.stdout


def test_a_redirect_is_followed_and_listed_without_failing(tmp_path, elsewhere):
    links = f'<a href="{elsewhere}/article">a</a> <a href="{elsewhere}/moved">b</a>'
    result = _check_links(tmp_path, {"index.html": links})
    assert result.returncode == 0, result.stdout + result.stderr
    [warning] = [line for line in result.stdout.splitlines() if ": warning: " in line]
    assert warning.startswith(f"index.html:2: {elsewhere}/moved: warning: Redirected to `{elsewhere}/article'")
    assert "link rot: 0 dead link(s), 1 warning(s)" in result.stdout
