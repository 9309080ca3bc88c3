"""What the site relies on in mkdocs-bibtex 4.4.0 (archived upstream), pinned.

The `bibliography` hook switches off the plugin's per-page pass and keeps the plugin as the
declared bibliography source. If an upgrade changes any of this, these tests say where.
"""

from __future__ import annotations

from conftest import FIXTURES, build_fixture


def test_plugin_page_pass_is_switched_off_so_code_keeps_its_text(tmp_path):
    messages, error = build_fixture("citations_in_code_clean", tmp_path)
    assert (messages, error) == ([], None)
    html = (tmp_path / "index.html").read_text(encoding="utf-8")
    assert "<code>[@smith1987]</code>" in html  # inline code stays literal
    assert "[@bell2009]\n</code></pre>" in html  # fenced code stays literal
    assert 'href="#ref-smith1987">1</a>' in html  # the prose citation is numbered by our hook
    assert "fn:smith1987" not in html  # no footnote from the plugin


def test_plugin_config_names_the_bibliography_and_the_placeholder():
    from mkdocs.config import load_config

    config = load_config(str(FIXTURES / "citations_in_code_clean" / "mkdocs.yml"))
    plugin = config.plugins["bibtex"]
    assert plugin.config.bib_dir.endswith("bib")
    assert plugin.config.full_bib_command == "\\full_bibliography"  # what references_page fills in
    assert plugin.config.enable_inline_citations is False
    assert plugin.on_page_markdown in config.plugins.events["page_markdown"]  # what the hook removes
    assert plugin.on_config in config.plugins.events["config"]  # likewise


def test_plugin_parse_is_skipped(tmp_path):
    """The bibliography is parsed once, by our hook: mkdocs-bibtex's registry is never built."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    config = load_config(str(FIXTURES / "citations_in_code_clean" / "mkdocs.yml"), site_dir=str(tmp_path))
    build(config)
    assert config.plugins["bibtex"].registry is None
    assert (tmp_path / "index.html").exists()
