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
    pages = [file for file in files.documentation_pages() if file.abs_src_path and os.path.isfile(file.abs_src_path)]
    settings = build.settings.pages
    build.roles = {"print": settings.print}
    for role, directive in DIRECTIVES.items():
        named = settings[role]
        found = next((file.src_uri for file in pages if directive in file.content_string.splitlines()), None)
        build.roles[role] = named or found

