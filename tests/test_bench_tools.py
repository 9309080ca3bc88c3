"""bench/step_times.py, the tool that says where a build's time goes, times what the plugin runs:
every step plugin.py lists for an event is among its lines, on the tiny second review site."""

from __future__ import annotations

import inspect
import re
import subprocess
import sys

from conftest import FIXTURES, ROOT
from living_review.plugin import LivingReviewPlugin


def test_step_times_lists_each_step_of_the_pipeline_and_each_event_handler():
    site = FIXTURES / "review_without_settings_clean"
    done = subprocess.run([sys.executable, str(ROOT / "bench" / "step_times.py"), "--rounds", "1", "--top", "1000"],
                          cwd=site, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    timed = {line.split("ms", 1)[1].strip() for line in done.stdout.splitlines()}
    listed = re.findall(r"^\s+(?:\w+ = )?(\w+)\.(\w+)\(", inspect.getsource(LivingReviewPlugin.on_nav), re.MULTILINE)
    assert listed, "no steps found in on_nav's listing: has plugin.py changed form?"
    for module, function in listed:
        assert f"step {module}.{function}" in timed, f"{module}.{function} is not timed:\n{done.stdout}"
    assert {"event nav: living-review", "Markdown.convert (all pages)", "whole build (after imports)"} <= timed
