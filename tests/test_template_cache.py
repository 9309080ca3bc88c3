"""The template cache (hook `template_cache`): compiled once, reused, never stale."""

from __future__ import annotations

from mkdocs.commands.build import build
from mkdocs.config import load_config

from conftest import ROOT


def _site(tmp_path, template: str):
    (tmp_path / "docs").mkdir(exist_ok=True)
    (tmp_path / "overrides").mkdir(exist_ok=True)
    (tmp_path / "docs" / "index.md").write_text("# Home\n", encoding="utf-8")
    (tmp_path / "overrides" / "main.html").write_text(template, encoding="utf-8")
    (tmp_path / "mkdocs.yml").write_text(
        f"site_name: Cache\ntheme:\n  name: mkdocs\n  custom_dir: overrides\n"
        f"hooks:\n  - {ROOT / 'hooks' / 'template_cache.py'}\n", encoding="utf-8")
    build(load_config(str(tmp_path / "mkdocs.yml"), site_dir=str(tmp_path / "site")))
    cache = tmp_path / ".cache" / "jinja"
    return (tmp_path / "site" / "index.html").read_text(encoding="utf-8"), {
        path.name: path.stat().st_mtime_ns for path in cache.iterdir()}


def test_templates_are_compiled_once_and_an_edited_template_afresh(tmp_path):
    first = '{% extends "base.html" %}{% block content %}FIRST {{ super() }}{% endblock %}'
    html, compiled = _site(tmp_path, first)
    assert "FIRST" in html and compiled, "the first build stores the compiled templates"
    html, reused = _site(tmp_path, first)
    assert "FIRST" in html and reused == compiled, "an unchanged template is loaded, not compiled again"
    html, changed = _site(tmp_path, first.replace("FIRST", "SECOND"))
    assert "SECOND" in html and "FIRST" not in html, "an edited template is never served stale"
    assert [name for name in changed if changed[name] != compiled.get(name)], "the edited template was recompiled"


def test_the_plugin_s_templates_are_compiled_once_with_escaping_and_an_edited_one_afresh(tmp_path):
    """The plugin's own templates (plugin_templates.render) are kept compiled in a folder of their own:
    escaping holds when a compiled template is read back, and an edited override is compiled again."""
    from living_review.steps import plugin_templates

    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "index.md").write_text("# Home\n", encoding="utf-8")
    override = tmp_path / "overrides" / "living-review" / "edition-status.html"
    override.parent.mkdir(parents=True)
    (tmp_path / "mkdocs.yml").write_text("site_name: Cache\ntheme:\n  name: mkdocs\n  custom_dir: overrides\n",
                                         encoding="utf-8")
    config = load_config(str(tmp_path / "mkdocs.yml"))
    plugin_templates.add_to_theme(config)
    override.write_text("FIRST {{ value }}", encoding="utf-8")
    assert plugin_templates.render(config, "edition-status.html", value="<b>") == "FIRST &lt;b&gt;"
    cache = tmp_path / ".cache" / "living-review-templates"
    compiled = {path.name: path.stat().st_mtime_ns for path in cache.iterdir()}
    assert compiled, "the first render stores the compiled template"
    assert plugin_templates.render(config, "edition-status.html", value="<b>") == "FIRST &lt;b&gt;"
    assert {path.name: path.stat().st_mtime_ns for path in cache.iterdir()} == compiled, "read back, not compiled"
    override.write_text("SECOND {{ value }}", encoding="utf-8")
    assert plugin_templates.render(config, "edition-status.html", value="<b>") == "SECOND &lt;b&gt;"
