"""Step: what the pipeline needs of a site's settings, added when the site does not say it, so
that `plugins: [search, living-review]` is enough."""

from __future__ import annotations

from mkdocs.config.defaults import MkDocsConfig

# Captions' labels (attr_list), tables, editor's notes (admonition).
REQUIRED_EXTENSIONS = ("attr_list", "tables", "admonition")
# Material shows a citation's reference on hover and focus with this feature.
PREVIEW_FEATURE = "content.footnote.tooltips"

# Steps


def add_required_extensions(config: MkDocsConfig) -> None:
    for name in REQUIRED_EXTENSIONS:
        if name not in config.markdown_extensions:
            config.markdown_extensions.append(name)


def turn_on_previews(config: MkDocsConfig) -> None:
    features = config.theme.get("features") or []
    if config.theme.name == "material" and PREVIEW_FEATURE not in features:
        config.theme["features"] = [*features, PREVIEW_FEATURE]
