"""The review's editions, read from git: every annotated tag `vX.Y` is one edition.

Core module (imports nothing from MkDocs): the `edition` step, `make editions` and the tests read editions here.
A tag's message is the edition's summary; two trailer lines at its end say what readers need:

    Conclusions-changed: no
    Assessed-up-to-date: 2026-11-20

`Conclusions-changed` (yes or no) is required. `Assessed-up-to-date` is Cochrane's "date assessed
as up to date": optional, an edition without it keeps the previous edition's date (the first keeps
the original article's publication date).
"""

from __future__ import annotations

import datetime
import fnmatch
import os
import re
import subprocess
from dataclasses import dataclass

TAG = re.compile(r"v(\d+)\.(\d+)")
_TRAILER = re.compile(r"^(Conclusions-changed|Assessed-up-to-date):[ \t]*(.*)$", re.MULTILINE | re.IGNORECASE)
# Fields of one tag, split by control characters that a tag message cannot hold.
_FORMAT = "%(refname:short)\x1f%(objecttype)\x1f%(taggerdate:short)\x1f%(contents)\x1e"


@dataclass(frozen=True)
class Edition:
    name: str  # the tag, `v1.2`: also the edition's folder on the hosted site
    date: str  # the tag's date, YYYY-MM-DD
    summary: str  # the tag's message without its trailers
    conclusions_changed: bool
    assessed: str  # date assessed as up to date, YYYY-MM-DD

    @property
    def number(self) -> str:
        return self.name[1:]


class EditionError(Exception):
    """A tag that cannot be an edition; the message says which tag and how to fix it."""


def editions(root: str, assessed_at_start: str) -> list[Edition]:
    """Every edition in version order. `assessed_at_start`: the original article's date."""
    found = []
    for record in _git(root, "for-each-ref", f"--format={_FORMAT}", "refs/tags/v*").split("\x1e"):
        if not record.strip():
            continue
        name, kind, date, message = record.strip("\n").split("\x1f")
        match = TAG.fullmatch(name)
        if match and kind == "tag":  # lightweight tags and other names are not editions
            found.append(((int(match[1]), int(match[2])), name, date, message))
    result: list[Edition] = []
    assessed = assessed_at_start
    for _, name, date, message in sorted(found):
        trailers = {key.lower(): value.strip() for key, value in _TRAILER.findall(message)}
        changed = trailers.get("conclusions-changed", "").lower()
        if changed not in ("yes", "no"):
            raise EditionError(f"tag {name}: its message must end with a line 'Conclusions-changed: yes' or "
                               f"'Conclusions-changed: no'; retag it (see MAINTAINING.md, Publish a new edition)")
        assessed = trailers.get("assessed-up-to-date", assessed)
        if not _is_date(assessed):
            raise EditionError(f"tag {name}: 'Assessed-up-to-date: {assessed}' is not a date; write it as YYYY-MM-DD")
        summary = _TRAILER.sub("", message).strip()
        result.append(Edition(name, date, summary, changed == "yes", assessed))
    return result


def at_head(root: str, all_editions: list[Edition], sources: list[str] = ()) -> Edition | None:
    """The edition whose tag points at the commit being built, if any; a draft has none. A tagged
    commit with uncommitted edits under `sources` (paths from `root`: the pages' folder, the
    bibliography's folders, mkdocs.yml), tracked files changed or new files git would add, is a
    draft as well: what it shows is not what the edition holds."""
    tags = set(_git(root, "tag", "--points-at", "HEAD").split())
    edition = next((edition for edition in reversed(all_editions) if edition.name in tags), None)
    if edition and sources and _git(root, "status", "--porcelain", "--untracked-files=all", "--", *sources):
        return None
    return edition


def page_blobs(root: str, revision: str, folder: str) -> dict[str, str]:
    """`path inside folder` -> git blob id of every file under `folder` at `revision`."""
    listing = _git(root, "ls-tree", "-r", "-z", revision, "--", f"{folder}/")
    blobs = {}
    for item in filter(None, listing.split("\0")):
        meta, path = item.split("\t", 1)
        blobs[path.removeprefix(f"{folder}/")] = meta.split()[2]
    return blobs


def pages_at(root: str, revision: str, folder: str = "docs") -> dict[str, str]:
    """Every Markdown page under `folder` at `revision`: path inside the folder -> its text."""
    paths = [path for path in page_blobs(root, revision, folder) if path.endswith(".md")]
    contents = read_all(root, [f"{revision}:{folder}/{path}" for path in paths])
    return {path: (content or b"").decode("utf-8") for path, content in zip(paths, contents, strict=True)}


def files_at(root: str, revision: str, patterns: list[str]) -> list[tuple[str, bytes]]:
    """The files at `revision` that the glob `patterns` (from the repository's root) name, as
    (path, content): an edition's bibliography, as the `bibliography` setting names it."""
    listing = _git(root, "ls-tree", "-r", "-z", "--name-only", revision)
    paths = sorted(path for path in filter(None, listing.split("\0"))
                   if any(fnmatch.fnmatchcase(path, pattern) for pattern in patterns))
    contents = read_all(root, [f"{revision}:{path}" for path in paths])
    return [(path, content or b"") for path, content in zip(paths, contents, strict=True)]


def read_all(root: str, objects: list[str]) -> list[bytes | None]:
    """Many files' bytes (`revision:path` each) from one git process; None for one that does not exist."""
    if not objects:
        return []
    output = subprocess.run(["git", "-C", root, "cat-file", "--batch"], capture_output=True,
                            input="".join(f"{name}\n" for name in objects).encode("utf-8")).stdout
    contents, position = [], 0
    for _ in objects:  # each: "<id> blob <size>\n<content>\n", or "<name> missing\n"
        header_end = output.index(b"\n", position)
        header = output[position:header_end].split()
        if len(header) != 3:
            contents.append(None)
            position = header_end + 1
            continue
        size = int(header[2])
        contents.append(output[header_end + 1: header_end + 1 + size])
        position = header_end + 1 + size + 1
    return contents


def read_at(root: str, revision: str, path: str) -> bytes | None:
    """A file's bytes at `revision`, or None if it did not exist."""
    result = subprocess.run(["git", "-C", root, "show", f"{revision}:{path}"], capture_output=True)
    return result.stdout if result.returncode == 0 else None


def tracked_files(root: str, revision: str) -> dict[str, str]:
    """`docs/...` and `bib/...` path -> git blob id at `revision`: what a page's content comes from."""
    return {f"{folder}/{path}": blob
            for folder in ("docs", "bib") for path, blob in page_blobs(root, revision, folder).items()}


def last_change(history: list[dict[str, str]], inputs: list[str]) -> int | None:
    """Index in `history` (each edition's tracked files, oldest first) of the last edition that changed
    any of `inputs`: paths, or folders written with a final `/`. None if no edition holds them."""
    last, before = None, None
    for index, files in enumerate(history):
        selected = {path: blob for path, blob in files.items()
                    if any(path == wanted or (wanted.endswith("/") and path.startswith(wanted)) for wanted in inputs)}
        if selected and selected != before:
            last = index
        before = selected
    return last


def long_date(iso: str) -> str:
    """`2026-11-26` -> `26 November 2026`."""
    day = datetime.date.fromisoformat(iso)
    return f"{day.day} {day:%B %Y}"


# Helper functions


def _is_date(text: str) -> bool:
    try:
        datetime.date.fromisoformat(text)
    except ValueError:
        return False
    return bool(re.fullmatch(r"\d{4}-\d{2}-\d{2}", text))


def _git(root: str, *args: str) -> str:
    result = subprocess.run(["git", "-C", root, *args], capture_output=True, text=True,
                            env={**os.environ, "GIT_TERMINAL_PROMPT": "0"})
    return result.stdout if result.returncode == 0 else ""
