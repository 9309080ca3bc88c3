"""Step: what the pipeline needs of a site's settings, added when the site does not say it, so
that `plugins: [search, living-review]` is enough."""

from __future__ import annotations

from mkdocs.config.defaults import MkDocsConfig

# Captions' labels (attr_list), tables, editor's notes (admonition), the changes section (md_in_html).
REQUIRED_EXTENSIONS = ("attr_list", "tables", "admonition", "md_in_html")
# Material's own footnote tooltips: the plugin's previews replace them (two popups would fight).
MATERIAL_TOOLTIPS = "content.footnote.tooltips"

# Steps


def add_required_extensions(config: MkDocsConfig) -> None:
    for name in REQUIRED_EXTENSIONS:
        if name not in config.markdown_extensions:
            config.markdown_extensions.append(name)


def turn_off_material_tooltips(config: MkDocsConfig) -> None:
    features = config.theme.get("features") or []
    if MATERIAL_TOOLTIPS in features:
        config.theme["features"] = [feature for feature in features if feature != MATERIAL_TOOLTIPS]
