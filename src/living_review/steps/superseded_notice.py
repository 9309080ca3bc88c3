"""Step: every page of an edition carries an empty slot for the notice that a newer edition exists.

An edition, once published, is never rebuilt; when a newer one is published, `make editions` fills
this slot on every page of the older editions (`core/superseded_notice.py`; the notice's markup is the
template `living-review/superseded-notice.html`). The slot goes at the top of the page's content, so
every site of the plugin has it whatever its theme overrides, and only into an edition's build (mike
sets its folder): a draft or a preview is never superseded.
"""

from __future__ import annotations

from mkdocs.structure.pages import Page

from ..core import superseded_notice
from ..core.build_model import Build

# Steps


def add_slot(build: Build, page: Page) -> None:
    """After the search plugin has read the page (the slot is no text to find) and after the print
    page took its copies of the pages (one slot per page, its own)."""
    if build.edition.get("folder") and page.content is not None:
        page.content = superseded_notice.SLOT + page.content
