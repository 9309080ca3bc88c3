"""The plugin's settings, typed: what a review site may say under `plugins: - living-review:`.

Every setting has a default that suits a site laid out as this one is (`docs/`, `bib/*.bib`), so
`plugins: [search, living-review]` is enough. A wrong value or an unknown name stops the build
with MkDocs' own config error, which names the key and what it accepts.
"""

from __future__ import annotations

from mkdocs.config import base
from mkdocs.config import config_options as c


class PageRoles(base.Config):
    """Pages with a part to play, by their path inside docs/."""

    print = c.Type(str, default="print.md")  # holds `\print_review`; the PDF is printed from it
    # Found by the directive they hold when not named: `\full_bibliography`, `\edition_changes`,
    # `\editor_notes`. Templates and links reach them through `review.pages` (see plugin.py).
    references = c.Optional(c.Type(str))
    changelog = c.Optional(c.Type(str))
    about = c.Optional(c.Type(str))


class OriginalArticle(base.Config):
    """The article the site restates: Google Scholar's tags on the home page, the cite box, the
    date an edition's evidence is assessed from until the first edition says otherwise."""

    title = c.Optional(c.Type(str))
    authors = c.ListOfItems(c.Type(str), default=[])  # "Family, Given", as Scholar reads them
    publication_date = c.Optional(c.Type(str))  # YYYY/MM/DD
    journal = c.Optional(c.Type(str))
    volume = c.Optional(c.Type(str))
    issue = c.Optional(c.Type(str))
    firstpage = c.Optional(c.Type(str))
    doi = c.Optional(c.Type(str))
    pmid = c.Optional(c.Type(str))
    licence = c.Optional(c.Type(str))  # e.g. "CC BY 4.0"
    # The credit in an edition's BibTeX `note`; by default made from the fields above.
    bibtex_note = c.Optional(c.Type(str))


class ReviewConfig(base.Config):
    bibliography = c.ListOfItems(c.Type(str), default=["bib/**/*.bib"])  # globs, from the folder of mkdocs.yml
    style = c.Choice(["vancouver"], default="vancouver")  # how references are formatted
    pages = c.SubConfig(PageRoles)
    original_article = c.SubConfig(OriginalArticle)
    # The PDF of an edition, as `make pdf` names it and the edition's release offers it.
    pdf_name = c.Type(str, default="review-{edition}.pdf")
    citation_key = c.Type(str, default="review")  # an edition's BibTeX key: `<key>_web_v1_0`


def site_settings(config_file: str):
    """mkdocs.yml read as MkDocs reads it (hooks not loaded), and the plugin's settings in it: for
    the maintainers' commands that need them outside a build (`make pdf`, `make editions`)."""
    from mkdocs.config import load_config

    config = load_config(config_file, hooks=[])
    return config, config.plugins["living-review"].config
