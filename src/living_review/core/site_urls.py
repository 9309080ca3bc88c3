"""Pages' URLs as MkDocs writes them (`04-pharmacokinetics/`, or `04-pharmacokinetics.html` in the
offline bundle), and links between them: one reading for the steps that follow links inside the
site (the print page, the previews).

Core module (imports nothing from MkDocs).
"""

from __future__ import annotations

import posixpath
import re


def page_key(url: str) -> str:
    """The same page whichever way a link writes it: `x/`, `x/index.html`, `x`."""
    return re.sub(r"(index\.html)?$", "", url).rstrip("/")


def resolve(base_url: str, path: str) -> str:
    """The site URL a relative `path` leads to from the page at `base_url` (the home page's is "")."""
    folder = base_url if base_url.endswith("/") or not base_url else posixpath.dirname(base_url)
    joined = posixpath.normpath(posixpath.join(folder, path))
    return "" if joined == "." else joined + ("/" if path.endswith("/") else "")
