"""Hook: the theme's templates are compiled once, not at every build.

MkDocs makes a new Jinja environment for every build, so `mkdocs serve` compiled Material's
templates again after every edit: about half of each rebuild of this site. Jinja's own bytecode
cache keeps the compiled templates in `.cache/jinja/` next to mkdocs.yml. Jinja compares each
template's source checksum and its own bytecode version before it uses an entry, so an edited
template in `overrides/` is compiled afresh.
This is no citation machinery: `make bench` builds every variant with it, so that the ratios
it reports still measure what citations cost.
"""

from __future__ import annotations

from pathlib import Path

from jinja2 import Environment, FileSystemBytecodeCache
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files

# Hooks


# Templates are loaded after this event: the pages' and the 404 page's.
def on_env(env: Environment, *, config: MkDocsConfig, files: Files) -> Environment:
    folder = Path(config.config_file_path).parent / ".cache" / "jinja"
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return env  # a read-only checkout builds as before, only slower
    env.bytecode_cache = FileSystemBytecodeCache(str(folder))
    return env
