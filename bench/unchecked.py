"""Bench only (a hook `make bench` adds to one variant): the plugin with its output checks turned
into no-ops, to measure what sanitizing, the finished-page check, the CSP and the source rules cost.
No site can do this: the plugin has no setting that turns its checks off.
"""

from __future__ import annotations

from living_review.steps import content_security_policy, output_allowlist, source_checks, theme_values


def _unchanged(build, html, *args):
    return html


output_allowlist.sanitize = _unchanged
output_allowlist.check_finished_page = lambda *args: None
output_allowlist.check_error_page = lambda *args: None
output_allowlist.judge_search_index = lambda *args: None
content_security_policy.with_policy = _unchanged
source_checks.check_texts = lambda *args: None
theme_values.escape_page_values = lambda *args: None
