"""Step: the pages with a part to play (print, references, changelog, about), by their path in docs/.

A role named in the plugin's settings is that page; otherwise it is the page holding the role's
directive (`\\full_bibliography`, `\\edition_changes`, `\\editor_notes`), which stands on one page
only (page_directives). Templates reach them as `review.pages` (a path, or None).
"""

from __future__ import annotations

import os

from mkdocs.structure.files import Files

from ..core.build_model import Build
from ..core.citation_index import FULL_BIBLIOGRAPHY
from ..core.editor_note_index import LIST_PLACEHOLDER as EDITOR_NOTES
from ..core.page_directives import EDITION_CHANGES

DIRECTIVES = {"references": FULL_BIBLIOGRAPHY, "changelog": EDITION_CHANGES, "about": EDITOR_NOTES}


def find(build: Build, files: Files) -> None:
    settings = build.settings.pages
    build.roles = {"print": settings.print}
    for role, directive in DIRECTIVES.items():  # the pages are read only for a role the settings leave out
        build.roles[role] = settings[role] or _holding(build, files, directive)


def _holding(build: Build, files: Files, directive: str) -> str | None:
    """The page whose source holds `directive` on a line of its own (pages plugins generate have none)."""
    return next((file.src_uri for file in files.documentation_pages()
                 if file.abs_src_path and os.path.isfile(file.abs_src_path)
                 and directive in build.source_text(file).splitlines()), None)

