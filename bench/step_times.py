"""Where a build's time goes: each plugin's handler of each event, Markdown's conversion of the pages,
and each step the living-review plugin runs (the functions of `living_review.steps` that plugin.py
lists), in milliseconds, medians over several builds.

`make bench` gives the ratios; this says which part of the difference to look at. Each round is a
`mkdocs build` in a fresh process (this file run with `--one`), so imports and caches are those of a
real build; the first round fills the caches and is not counted. Figures are wall-clock times of
one process on a shared machine: compare them within one run, not across runs.

Usage: python bench/step_times.py [--rounds 5] [--top 40] [-f mkdocs.yml]   (from the site's folder)
"""

from __future__ import annotations

import argparse
import collections
import importlib
import inspect
import json
import os
import pkgutil
import statistics
import subprocess
import sys
import tempfile
import time

ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--top", type=int, default=40, help="how many lines to print, longest first")
    parser.add_argument("-f", "--config-file", default="mkdocs.yml")
    parser.add_argument("--one", action="store_true", help=argparse.SUPPRESS)  # one timed build, as JSON
    args = parser.parse_args()
    if args.one:
        print(json.dumps(_one_build(args.config_file)))
        return
    rounds: dict[str, list[float]] = collections.defaultdict(list)
    for round_ in range(args.rounds + 1):
        print(f"step_times: {'warm-up' if not round_ else f'round {round_}'}", file=sys.stderr, flush=True)
        done = subprocess.run([sys.executable, __file__, "--one", "-f", args.config_file], env=ENV,
                              capture_output=True, text=True)
        if done.returncode != 0:
            raise SystemExit(f"step_times: the build failed:\n{done.stderr}")
        if round_:
            for name, seconds in json.loads(done.stdout.splitlines()[-1]).items():
                rounds[name].append(seconds)
    # A part that did not run in some round (no such page that time) counts as 0 ms there.
    medians = {name: statistics.median(values + [0.0] * (args.rounds - len(values))) for name, values in rounds.items()}
    for name, seconds in sorted(medians.items(), key=lambda item: -item[1])[:args.top]:
        print(f"{1000 * seconds:8.1f} ms  {name}")


def _one_build(config_file: str) -> dict[str, float]:
    """Build once, with every timer in place; the seconds each part took."""
    spent: dict[str, float] = collections.defaultdict(float)
    started = time.perf_counter()
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    _time_events(spent)
    _time_markdown(spent)
    _time_steps(spent)
    imported = time.perf_counter()
    spent["imports before the build (MkDocs, the steps)"] = imported - started
    with tempfile.TemporaryDirectory() as site:
        config = load_config(config_file, site_dir=site)
        config.plugins.on_startup(command="build", dirty=False)
        try:
            build(config)
        finally:
            config.plugins.on_shutdown()
    spent["whole build (after imports)"] = time.perf_counter() - imported
    return spent


def _time_events(spent: dict[str, float]) -> None:
    """MkDocs' own loop over an event's handlers (PluginCollection.run_event), with a timer per handler."""
    from mkdocs.plugins import PluginCollection

    def run_event(self, name, item=None, **kwargs):
        for method in self.events[name]:
            self._current_plugin = self._event_origins.get(method, "<unknown>")
            begun = time.perf_counter()
            result = method(item, **kwargs) if item is not None else method(**kwargs)
            spent[f"event {name}: {self._current_plugin}"] += time.perf_counter() - begun
            item = item if result is None else result
        self._current_plugin = None
        return item

    PluginCollection.run_event = run_event


def _time_markdown(spent: dict[str, float]) -> None:
    """Markdown's conversion of every page: its extensions' work, ours (citations) among them."""
    from markdown import Markdown

    Markdown.convert = _timed(Markdown.convert, "Markdown.convert (all pages)", spent)


def _time_steps(spent: dict[str, float]) -> None:
    """Each public function of living_review.steps: plugin.py calls them as `module.function`, so a
    timed function set on the module is the one it runs. Missing (another site's plugins): no steps."""
    try:
        steps = importlib.import_module("living_review.steps")
    except ImportError:
        return
    for info in pkgutil.iter_modules(steps.__path__):
        module = importlib.import_module(f"{steps.__name__}.{info.name}")
        for name, function in list(vars(module).items()):
            if inspect.isfunction(function) and function.__module__ == module.__name__ and not name.startswith("_"):
                setattr(module, name, _timed(function, f"step {info.name}.{name}", spent))


def _timed(function, label: str, spent: dict[str, float]):
    def timed(*args, **kwargs):
        begun = time.perf_counter()
        try:
            return function(*args, **kwargs)
        finally:
            spent[label] += time.perf_counter() - begun

    return timed


if __name__ == "__main__":
    main()
