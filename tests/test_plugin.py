"""The plugin's structure: an engine-free core, no state kept between builds, one visible pipeline,
settings that fail loudly, and a build that a rebuild repeats exactly (as `mkdocs serve` does)."""

from __future__ import annotations

import ast
import filecmp
from pathlib import Path

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort

from conftest import FIXTURES, ROOT

PACKAGE = ROOT / "src" / "living_review"
ENGINES = ("mkdocs", "material", "properdocs", "zensical")
MUTABLE_CALLS = {"dict", "list", "set", "defaultdict", "OrderedDict", "Counter", "deque"}


def _modules(*folders: Path) -> list[Path]:
    return sorted(path for folder in folders for path in folder.rglob("*.py"))


def test_the_core_imports_no_engine():
    """parsing, numbering, rules, formatting, editions: `make check`, the plugin and a later
    engine's module are adapters over it."""
    found = []
    for path in _modules(PACKAGE / "core"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = [alias.name for alias in node.names] if isinstance(node, ast.Import) else \
                [node.module or ""] if isinstance(node, ast.ImportFrom) and node.level == 0 else []
            found += [f"{path.relative_to(ROOT)}: {name}" for name in names if name.split(".")[0] in ENGINES]
    assert _modules(PACKAGE / "core") and found == []


def test_no_module_keeps_mutable_state():
    """Everything a build knows lives in its `Build` (or on the plugin): nothing to reset by hand.
    Module-level names in capitals are constants; a lower-case name bound to a container, or a
    `global` statement, would be state that outlives a build."""
    found = []
    for path in _modules(PACKAGE, ROOT / "hooks"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in tree.body:
            targets = node.targets if isinstance(node, ast.Assign) else \
                [node.target] if isinstance(node, ast.AnnAssign) and node.value is not None else []
            for target in targets:
                if isinstance(target, ast.Name) and not target.id.lstrip("_").isupper() and _mutable(node.value):
                    found.append(f"{path.relative_to(ROOT)}:{node.lineno}: {target.id}")
        found += [f"{path.relative_to(ROOT)}:{node.lineno}: global" for node in ast.walk(tree)
                  if isinstance(node, ast.Global)]
    assert found == []


def _mutable(value: ast.expr) -> bool:
    if isinstance(value, ast.Dict | ast.List | ast.Set | ast.DictComp | ast.ListComp | ast.SetComp):
        return True
    name = getattr(value, "func", None)
    return isinstance(value, ast.Call) and getattr(name, "id", getattr(name, "attr", None)) in MUTABLE_CALLS


# The order of the steps, event by event: a change to it is deliberate, and this list says so.
PIPELINE = {
    "on_config": ["source_checks.refuse_committed_caches", "site_defaults.add_required_extensions",
                  "site_defaults.turn_off_material_tooltips",
                  "previews.add_assets", "citations.parse_groups", "plugin_templates.add_to_theme",
                  "offline_assets.configure_shim", "search_index_on_open.configure", "bibliography.read",
                  "source_checks.leave_out_foreign_assets", "edition.read_history", "theme_values.escape_site_values",
                  "output_allowlist.key_markdown_names", "content_security_policy.read_shim"],
    "on_files": ["source_checks.refuse_files", "offline_assets.add_shim", "previews.add_files",
                 "search_index_on_open.add_script", "theme_assets.leave_out_unused", "page_roles.find",
                 "edition.find_pages"],
    "on_nav": ["citations.number_works", "cross_references.number_labels", "link_check.collect_links",
               "editor_notes.find_notes", "print_page.note_reading_order", "clinical_claims.find_marks",
               "source_checks.check_texts", "theme_values.escape_sections"],
    "on_page_markdown": ["source_checks.keep_front_matter_from_theme", "clinical_claims.render_marks",
                         "cross_references.number_captions", "citations.read_groups", "editor_notes.key_and_list",
                         "edition.write_changes"],
    "on_page_content": ["citations.check_groups_read", "edition.fill_boxes", "references_page.hold_full_list",
                        "print_page.keep_rendered",
                        "output_allowlist.sanitize", "editor_notes.anchor_boxes", "citations.list_in_contents",
                        "build.hide", "link_check.collect_ids"],
    "on_env": ["link_check.check_anchors_of_links", "previews.embed_targets", "print_page.fill",
               "theme_values.escape_page_values"],
    "on_page_context": ["clinical_claims.dose_notice", "scholar_metadata.references", "edition.last_changed_note",
                        "build.fill", "superseded_notice.add_slot", "citations.append_list"],
    "on_post_page": ["output_allowlist.check_finished_page", "content_security_policy.with_policy"],
    "on_post_template": ["output_allowlist.check_error_page", "content_security_policy.with_policy"],
    "_post_build_with_index": ["output_allowlist.keep_clean_pages", "references_page.index_each_work",
                               "edition.write_feed",
                               "source_checks.delete_refused_files"],
    "_post_build_verdict": ["output_allowlist.judge_search_index", "build_verdict.verdict"],
}


def test_each_event_lists_its_steps_in_one_method_in_this_order():
    tree = ast.parse((PACKAGE / "plugin.py").read_text(encoding="utf-8"))
    plugin = next(node for node in tree.body if isinstance(node, ast.ClassDef) and node.name == "LivingReviewPlugin")
    steps = {method.name: [_called(call.func) for call in ast.walk(method) if isinstance(call, ast.Call)
                           and _is_step(_called(call.func))]
             for method in plugin.body if isinstance(method, ast.FunctionDef) and method.name in PIPELINE}
    assert steps == PIPELINE, "the steps run in another order, or a step runs that the pipeline does not list"


def _is_step(called: str) -> bool:
    return called.split(".")[0] in {*_step_modules(), "build"}


def _called(func: ast.expr) -> str:
    return ast.unparse(func)


def _step_modules() -> set[str]:
    return {path.stem for path in (PACKAGE / "steps").glob("*.py")}


@pytest.mark.parametrize(("settings", "message"), [
    ("living-review: {bibliograpy: [bib/*.bib]}", "bibliograpy"),
    ("living-review: {style: apa}", "style"),
    ("living-review: {pages: {print: [92-print.md]}}", "pages"),
])
def test_a_wrong_setting_is_a_config_error_naming_it(settings, message, tmp_path, caplog):
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "index.md").write_text("# Home\n", encoding="utf-8")
    (tmp_path / "mkdocs.yml").write_text(f"site_name: S\nplugins:\n  - search\n  - {settings}\n", encoding="utf-8")
    with pytest.raises(Abort, match="configuration error"):
        load_config(str(tmp_path / "mkdocs.yml"))
    errors = [record.getMessage() for record in caplog.records if record.levelname == "ERROR"]
    assert any(f"Plugin 'living-review' option '{message}'" in error for error in errors), errors


def test_a_rebuild_in_the_same_process_writes_the_same_site(tmp_path):
    """`mkdocs serve` keeps the plugin between rebuilds (it has on_startup): nothing may leak."""
    fixture = FIXTURES / "citations_unknown_key_clean"
    for name in ("first", "second"):
        build(load_config(str(fixture / "mkdocs.yml"), site_dir=str(tmp_path / name)))
    comparison = filecmp.dircmp(tmp_path / "first", tmp_path / "second")
    assert comparison.left_only == comparison.right_only == comparison.diff_files == []
    for page in (tmp_path / "first").rglob("*.html"):
        assert page.read_bytes() == (tmp_path / "second" / page.relative_to(tmp_path / "first")).read_bytes()


@pytest.mark.parametrize("fixture", ["citations_unknown_key_clean", "citations_unknown_key"])
def test_the_garbage_collector_is_paused_for_a_build_and_put_back_after(fixture, tmp_path):
    """The build freezes what exists when it starts and collects young objects less often
    (steps/garbage_collection.py); once it has ended, well or not, the collector is as it was."""
    import gc

    from living_review.steps import garbage_collection

    before = (gc.get_threshold(), gc.get_freeze_count())
    seen = []
    original = garbage_collection.pause

    def pause():
        paused = original()
        seen.append((gc.get_threshold()[0], gc.get_freeze_count()))
        return paused

    garbage_collection.pause = pause
    try:
        config = load_config(str(FIXTURES / fixture / "mkdocs.yml"), site_dir=str(tmp_path / "site"), strict=True)
        try:
            build(config)
        except Abort:
            pass  # the fixture with an error: the build stops, the collector is put back all the same
    finally:
        garbage_collection.pause = original
    assert seen and seen[0][0] == garbage_collection.YOUNG_THRESHOLD and seen[0][1] > 0
    assert (gc.get_threshold(), gc.get_freeze_count()) == before
