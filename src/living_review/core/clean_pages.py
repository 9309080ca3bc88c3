"""Finished pages already judged clean, kept between builds, so that an unchanged page is not
parsed and walked again (`mkdocs serve` rebuilds, repeated builds); the same for drawings under docs/.

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
import importlib.util
import sys
from pathlib import Path

import selectolax

from . import finished_page, html_policy

_CODE = [Path(finished_page.__file__), Path(html_policy.__file__), Path(__file__)]  # what judges, and this
_CORE = Path(__file__).parent
_FILE = "finished-pages-clean.txt"
_DRAWING_CODE = [_CORE / "svg_policy.py", _CORE / "source_rules.py", Path(__file__)]
_DRAWINGS_FILE = "drawings-clean.txt"


class CleanPages:
    """The digests of pages judged clean in the last build, and of those judged clean in this one.
    The same store keeps the drawings under docs/ that `svg_policy` judged clean (`for_drawings`)."""

    def __init__(self, cache_dir: Path | None, name: str = _FILE, code_files: list[Path] = _CODE,
                 versions: str = selectolax.__version__) -> None:
        self.path = cache_dir / name if cache_dir is not None else None
        code = hashlib.sha256(versions.encode())
        for source in code_files:
            code.update(source.read_bytes())
        self.code = code.digest()
        self.known = _read(self.path)
        self.clean: set[str] = set()

    def digest(self, html: str, theme_scripts: frozenset[str] = frozenset()) -> str:
        digest = hashlib.sha256(self.code + len(theme_scripts).to_bytes(8, "big"))  # then one digest per script
        for script in sorted(theme_scripts):
            digest.update(hashlib.sha256(script.encode("utf-8", "surrogatepass")).digest())
        digest.update(b"\0" + html.encode("utf-8", "surrogatepass"))
        return digest.hexdigest()

    @classmethod
    def for_drawings(cls, cache_dir: Path | None) -> CleanPages:
        """SVG files judged clean: judging one imports expat and tinycss2 and parses it, at every build.
        By their bytes and what judges them: svg_policy and source_rules, tinycss2 (its package file
        holds its version, read without importing it) and Python (expat), as pages are."""
        tinycss2 = Path(importlib.util.find_spec("tinycss2").origin)
        return cls(cache_dir, _DRAWINGS_FILE, [*_DRAWING_CODE, tinycss2], sys.version)

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
