"""`make serve`: it serves the site, and stopping make stops the server (no orphaned mkdocs); a
preview of a page with errors says so and serves nothing refused."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

from conftest import FIXTURES, ROOT


def test_stopping_make_serve_leaves_no_server_running(tmp_path):
    port = _free_port()
    log = (tmp_path / "serve.log").open("w")
    make = subprocess.Popen(["make", "--no-print-directory", "serve", f"SERVE_ADDRESS=127.0.0.1:{port}"], cwd=ROOT,
                            stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        _wait_until(lambda: _serves(port), timeout=120, what=f"the site on port {port}:\n{_read(tmp_path)}")
        servers = _children(make.pid)
        assert servers, "make serve started no process"
        make.send_signal(signal.SIGTERM)  # as a CI timeout, an editor's stop button or `kill` stops make
        make.wait(timeout=30)
        _wait_until(lambda: not any(map(_running, servers)) and not _serves(port), timeout=15,
                    what=f"the server to stop once make stopped:\n{_read(tmp_path)}")
    finally:
        try:
            os.killpg(make.pid, signal.SIGKILL)  # the group this test started: nothing stays behind, even on failure
        except ProcessLookupError:
            pass  # everything has already stopped
        log.close()


# Helper functions


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _serves(port: int) -> bool:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/ketamine-chronic-pain/", timeout=2) as response:
            return response.status == 200
    except OSError:
        return False


def _children(pid: int) -> list[int]:
    found = subprocess.run(["pgrep", "-P", str(pid)], capture_output=True, text=True).stdout.split()
    return [int(child) for child in found]


def _running(pid: int) -> bool:
    """Alive and not a zombie (a zombie has exited; only its exit status is left to collect)."""
    state = subprocess.run(["ps", "-o", "stat=", "-p", str(pid)], capture_output=True, text=True).stdout.strip()
    return bool(state) and not state.startswith("Z")


def _wait_until(condition, *, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.2)


def _read(tmp_path) -> str:
    return (tmp_path / "serve.log").read_text(encoding="utf-8", errors="replace")[-2000:]


def test_a_preview_reports_the_errors_and_serves_no_refused_file(tmp_path):
    """`mkdocs serve` keeps serving while an author fixes a page, says how many errors there are,
    and leaves out what was refused: a file under docs/ that a browser would run is not served."""
    site = FIXTURES / "safety_active_files"
    refused = [line.split(":")[0].removeprefix("docs/")
               for line in (site / "expected.txt").read_text(encoding="utf-8").splitlines()]
    port = _free_port()
    log = (tmp_path / "serve.log").open("w")
    server = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "--no-livereload", "--dev-addr",
                               f"127.0.0.1:{port}"], cwd=site, stdout=log, stderr=subprocess.STDOUT,
                              start_new_session=True)
    try:
        _wait_until(lambda: _status(f"http://127.0.0.1:{port}/") == 200, timeout=60, what=_read(tmp_path))
        assert f"{len(refused)} errors in the pages and files above" in _read(tmp_path)
        assert {path: _status(f"http://127.0.0.1:{port}/{path}") for path in set(refused)} == \
            dict.fromkeys(set(refused), 404)
    finally:
        os.killpg(server.pid, signal.SIGKILL)
        log.close()


def _status(url: str) -> int | None:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code
    except OSError:
        return None


def test_a_bare_make_lists_every_target_and_starts_nothing():
    result = subprocess.run(["make", "--no-print-directory"], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    described = [line.split(":")[0] for line in makefile.splitlines() if " ## " in line and not line.startswith("\t")]
    assert described and [line.split()[1] for line in result.stdout.splitlines()] == described
    assert "$(" not in result.stdout  # the addresses and names as make sets them


def test_make_serve_on_a_busy_port_says_so_in_one_line(tmp_path):
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        address = f"127.0.0.1:{busy.getsockname()[1]}"
        result = subprocess.run(["make", "--no-print-directory", "serve", f"SERVE_ADDRESS={address}"], cwd=ROOT,
                                capture_output=True, text=True, timeout=120)
    assert result.returncode != 0
    ours = [line for line in result.stderr.splitlines() if line.startswith("make serve:")]
    assert ours == [f"make serve: {address} is in use (another make serve?); stop it, or choose another address: "
                    f"make serve SERVE_ADDRESS=127.0.0.1:{int(address.rsplit(':', 1)[1]) + 1}"]
    assert "Traceback" not in result.stderr
