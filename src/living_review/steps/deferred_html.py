"""Hook: markup that other hooks hold back (`site_registry.defer`) goes in after search indexing.

Citation markers and the References page's list are many small tags. The search plugin parses
every tag of every page it indexes, and it needs none of these: the words around a citation are
what readers search for, and the References page's works are indexed one by one, by the
`references_page` hook. So the search plugin reads the page with an HTML comment where such
markup belongs, and this hook puts the markup in just before the page is written.
"""

from __future__ import annotations

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

import site_registry

# Hooks


# After the sanitizer (-100), which removes every comment a page wrote: the comments made here
# are then the build's own, and none can hide or unbalance the markup that goes in for them.
@event_priority(-110)
def on_page_content(content: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    return site_registry.hide(content)


# After the search plugin's on_page_context (0), before the template renders the page.
@event_priority(-50)
def on_page_context(context: dict, *, page: Page, config: MkDocsConfig, nav: Navigation) -> dict:
    page.content = site_registry.fill(page.content, page.file.src_uri)
    return context
