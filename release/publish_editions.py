"""`make editions`: publish every edition (annotated tag vX.Y) with mike, then write site-editions/.

Each edition is built once, from its own tag, in a throwaway git worktree, and committed by mike
into its own folder on a local branch (EDITIONS_BRANCH, `editions-preview` by default, a name of
its own so that `git log editions-preview` never means the folder; CI fetches the hosted `gh-pages`
into it first). An edition already on that branch is never rebuilt: a new edition adds one folder
and moves the `latest` alias (a copy, which GitHub Pages serves as is); the root redirects to
`latest/`. Every page of each older edition then gets, in its slot and nowhere else, the notice
that a newer edition exists, linking to the same page in `latest/` (one commit; an edition
superseded again gets its notice updated). The branch's tree is then exported to EDITIONS_DIR,
which is the whole hosted site: versions.json at its root, one folder per edition. Neither your
working tree nor any other branch is touched.

Usage: python release/publish_editions.py   (environment: EDITIONS_BRANCH, EDITIONS_DIR)
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

from mike.git_utils import Commit, FileInfo  # noqa: E402

from living_review.config import site_settings  # noqa: E402
from living_review.core import superseded_notice  # noqa: E402
from living_review.core.edition_history import Edition, EditionError, editions, long_date, read_all  # noqa: E402
from living_review.steps import plugin_templates  # noqa: E402

BRANCH = os.environ.get("EDITIONS_BRANCH", "editions-preview")
OUTPUT = Path(os.environ.get("EDITIONS_DIR", ROOT / "site-editions"))
LATEST = "latest"


def main() -> int:
    os.chdir(ROOT)  # mike's git utilities run git in the current directory
    # Who commits to the branch, unless the environment says (CI, a maintainer).
    os.environ.setdefault("GIT_COMMITTER_NAME", "editions")
    os.environ.setdefault("GIT_COMMITTER_EMAIL", "editions@localhost")
    config, settings = site_settings(str(ROOT / "mkdocs.yml"))
    start = settings.original_article.publication_date or "1970/01/01"
    try:
        every = editions(str(ROOT), start.replace("/", "-"))
    except EditionError as error:
        print(f"editions: error: {error}", file=sys.stderr)
        return 1
    if not every:
        print("editions: error: no edition yet: publish one with an annotated tag, e.g. "
              "git tag -a v1.0 (see MAINTAINING.md, Publish a new edition)", file=sys.stderr)
        return 1
    done = _published()
    if kept := [edition.name for edition in every if edition.name in done]:
        print(f"editions: already published, left as they are: {', '.join(kept)}", file=sys.stderr)
    for edition in every:
        if edition.name not in done:
            print(f"editions: building {edition.name} from its tag", file=sys.stderr)
            _deploy(edition, edition is every[-1])
    if marked := _mark_superseded(every, config):
        print(f"editions: marked as superseded by {every[-1].name}: {', '.join(marked)}", file=sys.stderr)
    _export()
    print(f"editions: {OUTPUT}: {', '.join(e.name for e in every)} (latest: {every[-1].name})", file=sys.stderr)
    return 0


def _published() -> set[str]:
    shown = subprocess.run(["git", "-C", str(ROOT), "show", f"refs/heads/{BRANCH}:versions.json"],
                           capture_output=True, text=True)
    return {item["version"] for item in json.loads(shown.stdout)} if shown.returncode == 0 else set()


def _deploy(edition, is_newest: bool) -> None:
    """Build one edition from its tag in a throwaway worktree and commit it to BRANCH with mike."""
    worktree = Path(tempfile.mkdtemp(prefix=f"edition-{edition.name}-"))
    _git("worktree", "add", "--quiet", "--detach", str(worktree), edition.name)
    try:
        epoch = _git("log", "-1", "--format=%ct", edition.name).strip()
        env = {**os.environ, "SOURCE_DATE_EPOCH": epoch, "NO_MKDOCS_2_WARNING": "1"}
        title = f"Edition {edition.number} ({long_date(edition.date)})"
        cache = ROOT / ".cache"  # parsed bibliography and compiled templates, keyed by their inputs
        if cache.is_dir():
            shutil.copytree(cache, worktree / ".cache")
        subprocess.run([sys.executable, str(ROOT / "release" / "build_edition.py"), edition.name, title, edition.date,
                        BRANCH, str(ROOT / "release" / "redirect.html"), *(["--latest"] if is_newest else [])],
                       cwd=worktree, env=env, check=True)
    finally:
        _git("worktree", "remove", "--force", str(worktree))
        shutil.rmtree(worktree, ignore_errors=True)


def _mark_superseded(every: list[Edition], config) -> list[str]:
    """Fill the notice slot of every page of every edition but the newest, in one commit; the
    editions whose pages changed (none when each already names the newest edition)."""
    newest, older = every[-1], {edition.name: edition for edition in every[:-1]}
    paths = _git("ls-tree", "-r", "-z", "--name-only", f"refs/heads/{BRANCH}").split("\0")
    latest_files = {path for path in paths if path.startswith(f"{LATEST}/")}
    pages = [path for path in paths if path.endswith(".html") and path.partition("/")[0] in older]
    plugin_templates.add_to_theme(config)
    template = plugin_templates.template(config, "superseded-notice.html")
    changed = []
    contents = read_all(str(ROOT), [f"refs/heads/{BRANCH}:{path}" for path in pages])  # one git process
    for path, content in zip(pages, contents, strict=True):
        html = content.decode("utf-8")
        href, same_page = superseded_notice.same_page_href(path, LATEST, latest_files)
        notice = template.render(edition=_shown(older[path.partition("/")[0]]), newer=_shown(newest), href=href,
                                 same_page=same_page)
        filled = superseded_notice.fill(html, notice)
        if filled is not None and filled != html:
            changed.append(FileInfo(path, filled))
    if changed:
        with Commit(BRANCH, f"Mark the editions before {newest.name} as superseded by it") as commit:
            for file in changed:
                commit.add_file(file)
    return sorted({file.path.partition("/")[0] for file in changed}, key=lambda name: every.index(older[name]))


def _shown(edition: Edition) -> dict:
    return {"number": edition.number, "date": long_date(edition.date), "iso_date": edition.date}


def _export() -> None:
    """The branch's tree, as GitHub Pages serves it, replaces OUTPUT in one move."""
    staging = Path(tempfile.mkdtemp(prefix="site-editions-", dir=OUTPUT.parent))
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", "--format=tar", f"refs/heads/{BRANCH}"],
                             capture_output=True, check=True).stdout
    subprocess.run(["tar", "-x", "-C", str(staging)], input=archive, check=True)
    shutil.rmtree(OUTPUT, ignore_errors=True)
    staging.rename(OUTPUT)


def _git(*args: str) -> str:
    return subprocess.run(["git", "-C", str(ROOT), *args], capture_output=True, text=True, check=True).stdout


if __name__ == "__main__":
    sys.exit(main())
