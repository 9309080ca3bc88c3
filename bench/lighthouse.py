"""What readers' phones spend on the review pages: Lighthouse on the real site against stock
Material builds of the same pages, measured in one run: the same text with its citations as stock
mkdocs-bibtex renders them (Material's footnotes: what a review author gets from the stock tools),
and the text alone (every citation removed, no plugin: the floor).

For the review pages that cite most, each site is audited alternately, on a phone (Lighthouse's
mobile default, five times) and on a desktop (its desktop preset, three times); the figures are
medians: main-thread time, total blocking time, largest contentful paint and the performance
score, and the ratio of main-thread time (the budget on phones: at most 1.1x).
Lighthouse 12.2.3 comes from bench/lighthouse/package.json (`make bench` installs it) and runs
Debian's Chromium; nothing is downloaded.

Usage: python bench/lighthouse.py [--runs 5] [--desktop-runs 3] [--pages 3]
"""

from __future__ import annotations

import argparse
import functools
import http.server
import json
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))

from run import ENV, MKDOCS, _copy_of_real_site, _plain_real_site  # noqa: E402

LIGHTHOUSE = ROOT / "bench" / "lighthouse" / "node_modules" / ".bin" / "lighthouse"
CHROMIUM = "/usr/bin/chromium"
CITATION = re.compile(r"\[@(?!tbl:|fig:|sec:)[^\]]+\]")
METRICS = {"main-thread ms": "mainthread-work-breakdown", "blocking ms": "total-blocking-time",
           "LCP ms": "largest-contentful-paint"}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="audits of each page on a phone")
    parser.add_argument("--desktop-runs", type=int, default=3, help="audits of each page on a desktop")
    parser.add_argument("--pages", type=int, default=3)
    args = parser.parse_args()
    if not LIGHTHOUSE.exists():
        sys.exit(f"{LIGHTHOUSE} is missing: run `npm ci --prefix bench/lighthouse` (make bench does)")
    work = Path(tempfile.mkdtemp(prefix="lighthouse-"))
    try:
        sites = {"ours": (ROOT, ROOT / "mkdocs.yml"), "stock mkdocs-bibtex": _stock_bibtex_site(work),
                 "no citations": _plain_real_site(work)}
        servers = {name: _serve(_built(folder, config, work / name)) for name, (folder, config) in sites.items()}
        results = {}
        for device, runs in ((device, runs) for device, runs in (("phone", args.runs), ("desktop", args.desktop_runs))
                             if runs):  # 0: not on that device
            for page in _most_citing(args.pages):
                audits = {name: [] for name in sites}
                for _ in range(runs):
                    for name, (base, _) in servers.items():  # alternately: the machine's noise hits both alike
                        audits[name].append(_audit(f"{base}{page}/", device))
                results[f"{page}, {device}"] = {name: _medians(found) for name, found in audits.items()}
        for _, stop in servers.values():
            stop()
    finally:
        shutil.rmtree(work, ignore_errors=True)
    _report(results)


def _stock_bibtex_site(work: Path) -> tuple[Path, Path]:
    """The real pages, citations and all, with stock mkdocs-bibtex instead of the plugin."""
    copy = _copy_of_real_site(work / "real-bibtex")
    config = (copy / "mkdocs.yml").read_text(encoding="utf-8")
    bibtex = "\n  bibtex:\n    bib_dir: bib\n    bib_by_default: true\n"
    # hooks/ stays: the site's own customisations, as in bench/run.py's variants.
    config = re.sub(r"\n  living-review:\n(    .*\n)+", bibtex, config)
    (copy / "mkdocs-bibtex.yml").write_text(config, encoding="utf-8")
    return copy, copy / "mkdocs-bibtex.yml"


def _most_citing(count: int) -> list[str]:
    pages = sorted((path for path in (ROOT / "docs").glob("*.md")),
                   key=lambda path: -len(CITATION.findall(path.read_text(encoding="utf-8"))))
    return [path.stem for path in pages[:count]]


def _built(folder: Path, config: Path, site: Path) -> Path:
    subprocess.run([*MKDOCS, "build", "-q", "-f", str(config), "-d", str(site)], cwd=folder, env=ENV, check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return site


def _serve(site: Path):
    handler = functools.partial(_QuietHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_address[1]}/", server.shutdown


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


def _audit(url: str, device: str) -> dict:
    """One Lighthouse run: a phone is its default (mobile, simulated throttling), a desktop its preset."""
    preset = ["--preset=desktop"] if device == "desktop" else []
    result = subprocess.run(
        [str(LIGHTHOUSE), url, *preset, "--output=json", "--output-path=stdout", "--only-categories=performance",
         "--quiet", "--chrome-flags=--headless=new --no-sandbox --disable-gpu"],
        env={**ENV, "CHROME_PATH": CHROMIUM}, capture_output=True, text=True, check=True)
    report = json.loads(result.stdout)
    figures = {name: report["audits"][audit]["numericValue"] for name, audit in METRICS.items()}
    figures["score"] = report["categories"]["performance"]["score"] * 100
    return figures


def _medians(runs: list[dict]) -> dict:
    return {name: statistics.median(run[name] for run in runs) for name in runs[0]}


def _report(results: dict) -> None:
    for page, sites in results.items():
        ours = sites["ours"]
        for stock in ("stock mkdocs-bibtex", "no citations"):
            figures = "   ".join(f"{name} {ours[name]:.0f} vs {sites[stock][name]:.0f}" for name in ours)
            ratio = ours["main-thread ms"] / sites[stock]["main-thread ms"]
            print(f"{page:<36} main-thread ours / {stock:<19} {ratio:4.2f}x   ({figures})")


if __name__ == "__main__":
    main()
