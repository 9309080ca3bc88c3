"""Finished pages already judged clean, kept between builds, so that an unchanged page is not
parsed and walked again (`mkdocs serve` rebuilds, repeated builds).

Core module (imports nothing from MkDocs), used by `output_allowlist`. Why this is safe:
`finished_page.document_problems` is a pure function of the page's HTML and the theme's inline
scripts, given its code. A page counts as judged only by a SHA-256 digest of all of them: the
HTML, every script allowed, and the source of the modules that judge (with lexbor's version, in
selectolax's). Any change to any of them gives another digest, and the page is judged afresh. Only
clean verdicts are kept: a page with a problem is judged, and reported, at every build. The file
holds digests as text, never code or pickles, and is written beside mkdocs.yml in `.cache/`
(git-ignored), which the published build never restores (.github/workflows/site.yml): whoever can
write into it could as well edit the checking code in the same checkout.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import selectolax

from . import finished_page, html_policy

_CODE = [Path(finished_page.__file__), Path(html_policy.__file__), Path(__file__)]  # what judges, and this
_FILE = "finished-pages-clean.txt"


class CleanPages:
    """The digests of pages judged clean in the last build, and of those judged clean in this one."""

    def __init__(self, cache_dir: Path | None) -> None:
        self.path = cache_dir / _FILE if cache_dir is not None else None
        code = hashlib.sha256(selectolax.__version__.encode())
        for source in _CODE:
            code.update(source.read_bytes())
        self.code = code.digest()
        self.known = _read(self.path)
        self.clean: set[str] = set()

    def digest(self, html: str, theme_scripts: frozenset[str]) -> str:
        digest = hashlib.sha256(self.code + len(theme_scripts).to_bytes(8, "big"))  # then one digest per script
        for script in sorted(theme_scripts):
            digest.update(hashlib.sha256(script.encode("utf-8", "surrogatepass")).digest())
        digest.update(b"\0" + html.encode("utf-8", "surrogatepass"))
        return digest.hexdigest()

    def is_known_clean(self, digest: str) -> bool:
        if digest in self.known:
            self.clean.add(digest)
            return True
        return False

    def judged_clean(self, digest: str) -> None:
        self.clean.add(digest)

    def store(self) -> None:
        """This build's clean pages only: the file never grows beyond one build's."""
        if self.path is None or self.clean == self.known:
            return
        try:
            self.path.parent.mkdir(exist_ok=True)
            temporary = self.path.with_suffix(".tmp")
            temporary.write_text("".join(f"{digest}\n" for digest in sorted(self.clean)), encoding="ascii")
            temporary.replace(self.path)  # never a half-written file
        except OSError:
            pass  # a read-only checkout judges every page at every build, as before


def _read(path: Path | None) -> set[str]:
    try:
        return set(path.read_text(encoding="ascii").split()) if path is not None else set()
    except (OSError, UnicodeDecodeError):
        return set()
