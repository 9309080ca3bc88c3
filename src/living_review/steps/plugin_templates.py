"""Step: the plugin's own templates, found where the theme's are, so a site can override any of them.

The markup the plugin writes (the edition's status box, cite box and changes section; the dose
notice) is in Jinja templates shipped in this package, under `templates/living-review/`. A site
overrides one by putting a file of the same path in its theme's `custom_dir`, for example
`overrides/living-review/edition-status.html`; each template's first comment lists the values it gets.
"""

from __future__ import annotations

from pathlib import Path

from jinja2 import FileSystemBytecodeCache
from mkdocs.config.defaults import MkDocsConfig

from ..core import build_caches

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"  # holds only `living-review/*.html`
PREFIX = "living-review/"

# Steps


def add_to_theme(config: MkDocsConfig) -> None:
    """The folder goes on the theme's own search path, not into a loader of our own (a ChoiceLoader):
    the theme's templates then reach these partials as well (the site's main.html includes the dose
    notice), and the site's custom_dir, searched first, overrides them. It goes last: holding only
    `living-review/` names, it can hide none of the theme's files, and a theme that ships its own
    versions of them wins over these defaults. Only `.html` files: MkDocs copies any other file of a
    theme folder into the site."""
    folder = str(TEMPLATES)
    if folder not in config.theme.dirs:  # a config object read twice adds it once
        config.theme.dirs.append(folder)


# Helper functions


def render(config: MkDocsConfig, name: str, **values) -> str:
    """`living-review/<name>`, as the site overrides it or as shipped, with `values`. Unlike the
    theme's, these templates escape every value they write (autoescape); a value marked as markup
    (`markupsafe.Markup`, such as the site name, escaped once by `theme_values`) goes in as it is."""
    return template(config, name).render(**values)


def template(config: MkDocsConfig, name: str):
    """The compiled template, for rendering it many times (`make editions`' notice, once per page)."""
    env = config.theme.get_env()  # the theme's loader and filters, over the theme's search path
    env.autoescape = True  # before any template is compiled: it is compiled with escaping
    env.bytecode_cache = _compiled_templates(config)
    return env.get_template(PREFIX + name)


def _compiled_templates(config: MkDocsConfig) -> FileSystemBytecodeCache | None:
    """Each call gets a new environment, which would compile its template again (about 10 ms
    each): compiled templates are kept in `.cache/` beside mkdocs.yml, as the theme's are
    (hooks/template_cache.py), but in a folder of their own, since these are compiled with
    escaping and Jinja keys a compiled template by its name and source only. Jinja checks
    the source's checksum and its own version, so an edited template is compiled afresh."""
    if config.config_file_path is None:
        return None
    folder = build_caches.folder(config.config_file_path) / "living-review-templates"
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None  # a read-only checkout renders as before, only slower
    return FileSystemBytecodeCache(str(folder))
