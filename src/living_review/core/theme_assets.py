"""Which of the theme's files a reader's browser can ever load, from the site's settings alone.

Core module (imports nothing from MkDocs), used by `steps/theme_assets`. Material ships a source
map beside each minified script and stylesheet, and lunr's stemmers for some thirty languages;
a browser fetches a map only when its developer tools ask, and the search worker loads only the
languages of the search index's `lang` setting.
"""

from __future__ import annotations

LUNR_FOLDER = "assets/javascripts/lunr/"  # the search worker's `../lunr`, as Material ships it


def lunr_files(languages: list[str]) -> frozenset[str]:
    """The files under LUNR_FOLDER the search worker loads for `languages`. The rule is Material's
    (9.x, its worker's `setupSearchLanguages`): English is built into lunr; any other language
    needs the stemmer support and its own stemmer, Japanese a segmenter, Hindi and Thai a word
    cutter, and more than one language the multi-language plugin."""
    files = set()
    for language in languages:
        if language == "ja":
            files.add("tinyseg.js")
        elif language in ("hi", "th"):
            files.add("wordcut.js")
        if language != "en":
            files.add(f"min/lunr.{language}.min.js")
    if len(languages) > 1:
        files.add("min/lunr.multi.min.js")
    if files:
        files.add("min/lunr.stemmer.support.min.js")
    return frozenset(files)


def unused(path: str, languages: list[str] | None) -> bool:
    """Whether the theme's file at `path` (in the site) is one no reader's browser loads: a source
    map, or a lunr file for a language the search does not use (`languages`; None: the site has
    no Material search, and its lunr files are left alone)."""
    if path.endswith(".map"):
        return True
    if languages is None or not path.startswith(LUNR_FOLDER):
        return False
    return path.removeprefix(LUNR_FOLDER) not in lunr_files(languages)
