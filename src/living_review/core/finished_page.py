"""What a finished page (theme, hooks and content together) may hold, and the theme's own scripts.

Core module (imports nothing from MkDocs), used by `output_allowlist` (the check of every finished page),
`content_security_policy` (the hashes of the scripts it allows) and `theme_values` (the words of
headings). Nothing here trusts the page: the scripts allowed are rendered from the theme's own
templates with the site's configuration, and compared whole.
"""

from __future__ import annotations

import base64
import hashlib
import re
from dataclasses import dataclass

from jinja2 import TemplateNotFound
from selectolax.lexbor import LexborHTMLParser

from .html_policy import URL_ATTRIBUTES

# Data

# Material's templates that write its inline scripts (each a partial of its own), with whether
# the theme writes it for this site's configuration (as Material's base.html decides).
THEME_SCRIPT_PARTIALS = {
    "partials/javascripts/base.html": lambda config, features: True,
    "partials/javascripts/palette.html": lambda config, features: not isinstance(config.theme.get("palette"), dict),
    "partials/javascripts/content.html": lambda config, features: True,
    "partials/javascripts/announce.html": lambda config, features: "announce.dismiss" in features,
    "partials/javascripts/outdated.html": lambda config, features: bool(config.extra.get("version")),
    "partials/javascripts/consent.html": lambda config, features: bool(config.extra.get("consent")),
}


# Finished pages


def document_problems(html: str, theme_scripts: frozenset[str]) -> list[str]:
    """What a finished page (theme, hooks and content together) must never hold. `theme_scripts`
    are the bodies of the inline scripts the theme ships for this page (`shipped_inline_scripts`):
    an inline script is allowed only if it is one of them, whole."""
    problems, ids = [], set()
    document = LexborHTMLParser(html)
    for node in document.root.traverse():
        tag, attributes = node.tag, node.attributes
        for name, value in attributes.items():
            if name.startswith("on"):
                problems.append(f"<{tag}> has an event handler attribute '{name}'")
            elif name in URL_ATTRIBUTES and (value or "").strip().lower().startswith(("javascript:", "vbscript:")):
                problems.append(f"<{tag} {name}> runs script: {value[:60]}")
        if (identifier := attributes.get("id")) is not None:
            if identifier in ids:  # the theme's scripts and the hovers take the first element with an id
                problems.append(f"two elements with the id '{identifier}'")
            ids.add(identifier)
        if tag in ("base", "iframe", "frame", "object", "embed"):
            problems.append(f"<{tag}> in the page")
        elif tag == "meta" and (attributes.get("http-equiv") or "").lower() == "refresh":
            problems.append("<meta http-equiv=refresh> redirects the reader")
        elif tag == "script" and "src" not in attributes and _executable(attributes):
            body = node.text(deep=True)
            if body not in theme_scripts:
                problems.append(f"an inline <script> that is not one of the theme's: {body[:60]!r}")
        elif tag == "script" and "src" in attributes and re.match(r"(?i)([a-z]+:|//)", attributes["src"] or ""):
            problems.append(f"a script from elsewhere: {attributes['src']}")
    return problems


@dataclass(frozen=True)
class HeadingTexts:
    by_id: dict[str, str]  # heading id -> its words
    first_h1: str | None


def heading_texts(html: str) -> HeadingTexts:
    """The words of each heading of a page's HTML, as readers see them (no permalink sign, no
    footnote marker), by id: what the table of contents and the page's title may show."""
    by_id, first_h1 = {}, None
    document = LexborHTMLParser(html)
    for heading in document.css("h1, h2, h3, h4, h5, h6"):
        for extra in heading.css("a.headerlink, sup[id^='fnref']"):
            extra.decompose()
        words = " ".join(heading.text(deep=True).split())
        if heading.tag == "h1" and first_h1 is None:
            first_h1 = words
        if heading.attributes.get("id"):
            by_id[heading.attributes["id"]] = words
    return HeadingTexts(by_id, first_h1)


def shipped_inline_scripts(env, config, base_url: str) -> frozenset[str]:
    """The bodies of the inline scripts the theme writes into a page at `base_url`: its script
    partials, rendered with the theme's own templates and the site's configuration only (never a
    page's content), so the policy comes from what the site ships."""
    bodies = set()
    features = config.theme.get("features") or []
    for name, written in THEME_SCRIPT_PARTIALS.items():
        if not written(config, features):
            continue
        try:
            template = env.get_template(name)
        except TemplateNotFound:  # another theme, or another version of it
            continue
        rendered = template.render(config=config, base_url=base_url, features=features)
        bodies.update(node.text(deep=True) for node in LexborHTMLParser(rendered).css("script")
                      if "src" not in node.attributes and _executable(node.attributes))
    return frozenset(bodies)


def script_hash(body: str) -> str:
    digest = hashlib.sha256(body.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


def _executable(attributes: dict) -> bool:
    kind = (attributes.get("type") or "").strip().lower()
    return kind in ("", "text/javascript", "module", "application/javascript")
