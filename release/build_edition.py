"""Build one edition where it runs (a throwaway worktree at the edition's tag) and commit it with mike.

Run by publish_editions.py, one process per edition: the edition is built with its own hooks and
configuration, strictly, and mike's library commits it to its folder on the branch, with the
`latest` alias (a copy) when it is the newest edition. mike's command line would load MkDocs and
the configuration twice, in two processes, and build without --strict.

Usage: python build_edition.py VERSION TITLE DATE BRANCH REDIRECT_TEMPLATE [--latest]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import tempfile

from mike import commands, jsonpath
from mkdocs.commands.build import build
from mkdocs.config import load_config

LATEST = "latest"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    for name in ("version", "title", "date", "branch", "redirect_template"):
        parser.add_argument(name)
    parser.add_argument("--latest", action="store_true", help="also serve it as latest/ and send the root there")
    args = parser.parse_args()
    os.environ["MIKE_DOCS_VERSION"] = args.version  # tells the edition hook it builds into the edition's folder
    with tempfile.TemporaryDirectory(prefix="edition-site-") as site:
        config = load_config("mkdocs.yml", site_dir=site, strict=True)
        with commands.deploy(config, args.version, args.title, [LATEST] if args.latest else [], update_aliases=True,
                             alias_type=commands.AliasType.copy, branch=args.branch,
                             set_props=[(jsonpath.parse("date"), args.date)]):
            build(config)
    if args.latest and not _has_root(args.branch):
        commands.set_default(LATEST, template=args.redirect_template, branch=args.branch)


def _has_root(branch: str) -> bool:
    """Whether the branch has its root page yet; git's "does not exist" is the expected answer for a
    first edition, not an error to show."""
    return subprocess.run(["git", "cat-file", "-e", f"refs/heads/{branch}:index.html"],
                          stderr=subprocess.DEVNULL).returncode == 0


if __name__ == "__main__":
    main()
