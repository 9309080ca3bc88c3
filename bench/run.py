"""`make bench`: what the citation machinery costs, measured side by side in one run.

Every case is a full `mkdocs build` in a fresh process. Cases of one comparison alternate,
after one warm-up round, and each is timed over several rounds: medians and min-max. Ratios
are the figures that count; absolute seconds are noise on a shared machine.

  (a) the real site, with the project's config
  (b) the same pages with every citation removed, built without the plugin (citations and the output
      checks); this site's own hooks (hooks/) stay, as in every variant;
      and the real site without the output checks alone (what sanitizing and the CSP cost)
  (c) a synthetic corpus (N pages x K citations, M entries): our machinery, stock mkdocs-bibtex,
      and no citations
  (d) the synthetic corpus at 10, 100 and 500 pages, with and without the machinery
  (e) one new edition (`make editions` after tagging vX.Y, in a copy of the repository: mike builds
      only the new edition and exports every edition) against `make build` of the same commit
  (f) the real site built by ProperDocs, the second engine, when `make properdocs` installed it
Also: peak memory of each build, `mkdocs serve`'s rebuild after touching one page, the offline
zip's size, and the average page's transfer size (HTML + CSS + JS, gzip).
Writes the table as JSON under bench-results/ (git-ignored).

Usage: python bench/run.py [--rounds 3] [--quick | --real-site-only | --synthetic-only | --new-edition-only]
"""

from __future__ import annotations

import argparse
import collections
import gzip
import json
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate_corpus import generate  # noqa: E402

ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
MKDOCS = [sys.executable, "-m", "mkdocs"]
PROPERDOCS = ROOT / ".venv-properdocs" / "bin" / "properdocs"
CITATION = re.compile(r" ?\[@(?!tbl:|fig:|sec:)[^\]]+\]")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--quick", action="store_true", help="skip the 500-page corpus")
    parser.add_argument("--real-site-only", action="store_true",
                        help="only the real site with and without citations and output checks (about a minute)")
    parser.add_argument("--new-edition-only", action="store_true",
                        help="only (e): one new edition against make build (a few minutes)")
    parser.add_argument("--synthetic-only", action="store_true",
                        help="only the 100x20 corpus: ours warm and cold, and no citations (about two minutes)")
    args = parser.parse_args()
    if args.synthetic_only:
        return _synthetic_only(args.rounds)
    work = Path(tempfile.mkdtemp(prefix="bench-"))
    results: dict = {"rounds": args.rounds, "cases": {}}
    try:
        if args.new_edition_only:
            results["cases"].update(_new_edition(args.rounds, work))
            return _report(results)
        real = {"real site": _config(ROOT, "mkdocs.yml"), "real site, no output checks": _unchecked_real_site(work),
                "real site, no citations": _plain_real_site(work)}
        if PROPERDOCS.exists():
            real["real site, ProperDocs"] = (*_config(ROOT, "mkdocs.yml"), [str(PROPERDOCS)])
        results["cases"].update(_compare(real, args.rounds + 2, work))  # cheap builds: more rounds, less noise
        if args.real_site_only:
            return _report(results)
        results["cases"].update(_new_edition(args.rounds, work))
        sizes = [10, 100] if args.quick else [10, 100, 500]
        for pages in sizes:
            corpus = work / f"corpus-{pages}"
            # An entry no page cites is an author error that fails the build: a small corpus has fewer.
            entries = min(2000, pages * 20)
            generate(corpus, pages, 20, entries)
            name = f"synthetic {pages}x20, {entries} entries"
            cases = {f"{name}: ours": _config(corpus, "mkdocs.yml"),
                     f"{name}: no citations": _config(corpus, "mkdocs-plain.yml")}
            if pages == 100:
                cases[f"{name}: ours, cold cache"] = _config(corpus, "mkdocs.yml")
                cases[f"{name}: stock mkdocs-bibtex"] = _config(corpus, "mkdocs-stock.yml")
            results["cases"].update(_compare(cases, args.rounds, work))
        results["serve rebuild after touching one page (s)"] = _serve_rebuild(ROOT, "mkdocs.yml", work)
        results["serve rebuild, no citations (s)"] = _serve_rebuild(work / "real-plain", "mkdocs-plain.yml", work)
        results["offline zip (MB)"] = _offline_zip(work)
        results["average page transfer, gzip (kB)"] = _page_weight(work / "site-real site")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    _report(results)


def _synthetic_only(rounds: int) -> None:
    """The issue's synthetic target alone (100 pages x 20 citations, 2,000 entries): warm and cold."""
    work = Path(tempfile.mkdtemp(prefix="bench-"))
    results: dict = {"rounds": rounds, "cases": {}}
    try:
        corpus = work / "corpus-100"
        generate(corpus, 100, 20, 2000)
        name = "synthetic 100x20, 2000 entries"
        cases = {f"{name}: ours": _config(corpus, "mkdocs.yml"),
                 f"{name}: no citations": _config(corpus, "mkdocs-plain.yml"),
                 f"{name}: ours, cold cache": _config(corpus, "mkdocs.yml")}
        results["cases"].update(_compare(cases, rounds, work))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    _report(results)


def _config(folder: Path, name: str) -> tuple[Path, Path]:
    return folder, folder / name


def _unchecked_real_site(work: Path) -> tuple[Path, Path]:
    """The real site without the output checks: what sanitizing, the CSP and the source rules cost."""
    copy = _copy_of_real_site(work / "real-unchecked")
    config = (copy / "mkdocs.yml").read_text(encoding="utf-8")
    config = config.replace("\nhooks:\n", f"\nhooks:\n  - {ROOT / 'bench' / 'unchecked.py'}\n", 1)
    (copy / "mkdocs-unchecked.yml").write_text(config, encoding="utf-8")
    return copy, copy / "mkdocs-unchecked.yml"


def _copy_of_real_site(copy: Path) -> Path:
    # .git stays: "Last updated" dates come from it, in every build alike.
    shutil.copytree(ROOT, copy, ignore=shutil.ignore_patterns(".venv", "node_modules", "site", "dist", ".cache",
                                                              "bench-results", "tests", "test-artifacts"))
    return copy


def _plain_real_site(work: Path) -> tuple[Path, Path]:
    """The real pages without citations, configured without the plugin (citations and output checks)."""
    copy = _copy_of_real_site(work / "real-plain")
    for page in (copy / "docs").glob("*.md"):
        page.write_text(CITATION.sub("", page.read_text(encoding="utf-8")).replace("\\full_bibliography", ""),
                        encoding="utf-8")
    config = (copy / "mkdocs.yml").read_text(encoding="utf-8")
    # Only the plugin goes: hooks/ holds this site's own customisations (its footer's build date, the
    # template cache), none of the citation machinery, so every variant is built with all of them.
    config = re.sub(r"\n  living-review:\n(    .*\n)+", "\n", config)
    (copy / "mkdocs-plain.yml").write_text(config, encoding="utf-8")
    return copy, copy / "mkdocs-plain.yml"


def _step(message: str) -> None:
    print(f"bench: {message}", file=sys.stderr, flush=True)


def _build(folder: Path, config: Path, site: Path, engine: list[str] = MKDOCS) -> tuple[float, int]:
    """One build in a fresh process: (seconds, peak memory in MB)."""
    return _timed([*engine, "build", "-q", "-f", str(config), "-d", str(site)], folder)


def _timed(command: list[str], folder: Path, env: dict | None = None) -> tuple[float, int]:
    """(seconds, peak memory in MB of the process or its largest child) of one command."""
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=folder, env=env or ENV, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - started
    if status != 0:
        raise SystemExit(f"bench: failed: {' '.join(command)}")
    return elapsed, usage.ru_maxrss // 1024


def _new_edition(rounds: int, work: Path) -> dict:
    """`make build` and one new edition, alternating, in a copy of the repository (its own tags)."""
    repo = work / "editions-repo"
    listed = subprocess.run(["git", "-C", str(ROOT), "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
                            capture_output=True, check=True).stdout.decode().split("\0")
    for name in filter(None, listed):
        if (ROOT / name).is_file():
            (repo / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, repo / name)
    git = ["git", "-C", str(repo), "-c", "user.name=bench", "-c", "user.email=bench@localhost"]
    env = {**ENV, "EDITIONS_DIR": str(work / "site-editions")}
    publish = [sys.executable, "release/publish_editions.py"]
    build = [sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-d", str(work / "site-build")]
    times: dict[str, list] = {"make build": [], "one new edition (make editions)": []}
    subprocess.run([*git, "init", "-q"], check=True)
    page = repo / "docs" / "04-pharmacokinetics.md"
    for round_ in range(rounds + 1):  # round 0 publishes the first edition and is not counted
        _step(f"{'warm-up' if not round_ else f'round {round_}'}: make build, then one new edition")
        page.write_text(page.read_text(encoding="utf-8") + f"\nOne more sentence, for edition 1.{round_}.\n",
                        encoding="utf-8")
        subprocess.run([*git, "add", "--all"], check=True)
        subprocess.run([*git, "commit", "-q", "-m", f"Edition 1.{round_}"], check=True)
        subprocess.run([*git, "tag", "-a", f"v1.{round_}", "-m", "Bench.\n\nConclusions-changed: no"], check=True)
        measured = {"make build": _timed(build, repo), "one new edition (make editions)": _timed(publish, repo, env)}
        if round_:
            for name, value in measured.items():
                times[name].append(value)
    return {f"real site: {name}": {"median s": statistics.median(t for t, _ in values),
                                   "min s": min(t for t, _ in values), "max s": max(t for t, _ in values),
                                   "peak MB": max(m for _, m in values)} for name, values in times.items()}


def _compare(cases: dict[str, tuple], rounds: int, work: Path) -> dict:
    times = {name: [] for name in cases}
    memory = {name: [] for name in cases}
    for round_ in range(rounds + 1):  # round 0 warms caches up and is not counted
        for name, (folder, config, *engine) in cases.items():
            _step(f"{'warm-up' if not round_ else f'round {round_}'}: {name}")
            if name.endswith("cold cache"):  # as on a fresh clone or in CI: every cache the plugin keeps
                for cached in (folder / ".cache").glob("*"):
                    if cached.name == "jinja":  # the theme's compiled templates: in every variant (template_cache)
                        continue
                    if cached.is_dir():
                        shutil.rmtree(cached)
                    else:
                        cached.unlink()
            seconds, megabytes = _build(folder, config, work / f"site-{name}", *engine)
            if round_:
                times[name].append(seconds)
                memory[name].append(megabytes)
    return {name: {"median s": statistics.median(times[name]), "min s": min(times[name]),
                   "max s": max(times[name]), "peak MB": max(memory[name])} for name in cases}


def _serve_rebuild(source: Path, config: str, work: Path) -> float:
    """Seconds a `mkdocs serve` rebuild takes after one page of the real site is edited: the
    median of three, each timed from serve's "Building documentation..." to its "Reloading
    browsers". (Its own "Documentation built in" line is unreliable here: MkDocs drops a log
    message it has already shown, so a rebuild as fast as an earlier one goes unreported.)"""
    _step(f"mkdocs serve -f {config}: rebuild after touching one page")
    copy = work / f"serve-{config}"
    shutil.copytree(source, copy, ignore=shutil.ignore_patterns(".venv", "node_modules", "site", "dist", "tests"))
    with socket.socket() as probe:  # a free port on loopback (serve cannot take port 0)
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    # Live reload stays on: without it, serve does not watch files at all.
    command = [sys.executable, "-m", "mkdocs", "serve", "-f", config, "--dev-addr", f"127.0.0.1:{port}"]
    process = subprocess.Popen(command, cwd=copy, env={**ENV, "GIT_DATES": "false"},  # as `make serve` runs it
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    page = copy / "docs" / "04-pharmacokinetics.md"
    idle = threading.Event()  # serve watches the files and waits for an edit
    done = threading.Event()

    def edit_until_noticed() -> None:
        # Serve's file watcher may start a moment after serve says it watches: edit again until it notices.
        while not done.is_set():
            if idle.wait(timeout=0.2):
                page.write_text(page.read_text(encoding="utf-8") + "\nOne more sentence.\n", encoding="utf-8")
                done.wait(2)

    threading.Thread(target=edit_until_noticed, daemon=True).start()
    timer = threading.Timer(120, process.kill)  # serve never noticing must not hang the bench
    timer.start()
    try:
        rebuilds, started, last_lines = [], 0.0, collections.deque(maxlen=20)
        for line in process.stdout:
            last_lines.append(line)
            if " Serving on " in line:  # logged once the first build is done and serve watches
                idle.set()
            elif "Detected file changes" in line:
                idle.clear()
            elif "Building documentation" in line:
                started = time.perf_counter()
            elif "Reloading browsers" in line:  # the end of a rebuild (never of the first build)
                rebuilds.append(time.perf_counter() - started)
                if len(rebuilds) == 3:
                    return statistics.median(rebuilds)
                idle.set()
        raise SystemExit("bench: mkdocs serve did not rebuild; its last lines:\n" + "".join(last_lines))
    finally:
        done.set()
        timer.cancel()
        process.terminate()
        process.wait(timeout=10)


def _offline_zip(work: Path) -> float:
    _step("offline zip")
    subprocess.run(["make", "--no-print-directory", "offline", f"DIST={work / 'dist'}"], cwd=ROOT, env=ENV,
                   check=True, capture_output=True)
    return (work / "dist" / "ketamine-chronic-pain-review-offline.zip").stat().st_size / 1e6


def _page_weight(site: Path) -> float:
    """Average over pages of gzip(HTML) + gzip(each local CSS and JS file the page loads)."""
    totals = []
    for page in site.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        total = len(gzip.compress(html.encode()))
        for asset in re.findall(r'(?:href|src)="([^"]+\.(?:css|js))"', html):
            path = (page.parent / asset).resolve()
            if path.is_file():
                total += len(gzip.compress(path.read_bytes()))
        totals.append(total)
    return statistics.mean(totals) / 1000


def _report(results: dict) -> None:
    cases = results["cases"]
    print(f"\n{'case':<58} {'median s':>9} {'min-max s':>13} {'peak MB':>8}")
    for name, case in cases.items():
        print(f"{name:<58} {case['median s']:>9.2f} {case['min s']:>6.2f}-{case['max s']:<6.2f} {case['peak MB']:>8}")
    ratios = {"real site: with / without citations and output checks": ("real site", "real site, no citations"),
              "real site: with / without output checks": ("real site", "real site, no output checks"),
              "real site: one new edition / make build (budget 2x)": ("real site: one new edition (make editions)",
                                                                      "real site: make build")}
    if "real site, ProperDocs" in cases:
        ratios["real site: ProperDocs / MkDocs"] = ("real site, ProperDocs", "real site")
    for name in cases:
        if name.endswith(": ours"):
            base = name.replace(": ours", ": no citations")
            ratios[f"{name.removesuffix(': ours')}: ours / no citations"] = (name, base)
            cold = name.replace(": ours", ": ours, cold cache")
            if cold in cases:
                ratios[f"{name.removesuffix(': ours')}: ours, cold cache / no citations"] = (cold, base)
            stock = name.replace(": ours", ": stock mkdocs-bibtex")
            if stock in cases:
                ratios[f"{name.removesuffix(': ours')}: stock mkdocs-bibtex / no citations"] = (stock, base)
    results["ratios"] = {}
    print()
    for label, (top, bottom) in ratios.items():
        if top not in cases or bottom not in cases:
            continue  # a case this run did not measure (--real-site-only)
        time_ratio = cases[top]["median s"] / cases[bottom]["median s"]
        memory_ratio = cases[top]["peak MB"] / cases[bottom]["peak MB"]
        results["ratios"][label] = {"time": round(time_ratio, 2), "peak memory": round(memory_ratio, 2)}
        print(f"{label:<72} time {time_ratio:5.2f}x   memory {memory_ratio:5.2f}x")
    growth = [n for n in cases if n.startswith("synthetic 500x")]
    if growth:
        large, medium = cases["synthetic 500x20, 2000 entries: ours"], cases["synthetic 100x20, 2000 entries: ours"]
        grow = large["median s"] / medium["median s"]
        memory = large["peak MB"] / medium["peak MB"]
        results["growth 100 -> 500 pages (ours)"] = {"time": round(grow, 2), "peak memory": round(memory, 2)}
        print(f"{'growth 100 -> 500 pages (ours)':<72} time {grow:5.2f}x   memory {memory:5.2f}x")
    for key in ("serve rebuild after touching one page (s)", "serve rebuild, no citations (s)", "offline zip (MB)",
                "average page transfer, gzip (kB)"):
        if key in results:
            print(f"{key:<72} {results[key]:.2f}")
    out = ROOT / "bench-results"
    out.mkdir(exist_ok=True)
    path = out / time.strftime("bench-%Y%m%d-%H%M%S.json")
    path.write_text(json.dumps(results, indent=2), encoding="utf-8")
    print(f"\nwritten: {path.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
