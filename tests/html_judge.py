"""What in a finished page could run script, redirect or rebase it, judged as a browser parses it.

html5lib is a spec-compliant HTML parser of its own (the build checks with lexbor and sanitizes with
ammonia's html5ever): the tests judge the output with a third reading, never with patterns.
"""

from __future__ import annotations

import re
from pathlib import Path

import html5lib
import material


def _theme_script_patterns() -> list[re.Pattern]:
    """Material's inline scripts, read from its template files: each `<script>` body with its Jinja
    expressions as wildcards. A finished page's inline script must match one of them whole."""
    patterns = []
    for partial in sorted((Path(material.__file__).parent / "templates/partials/javascripts").glob("*.html")):
        for body in re.findall(r"<script>(.*?)</script>", partial.read_text(encoding="utf-8"), re.DOTALL):
            pieces = re.split(r"\{\{.*?\}\}", body)
            patterns.append(re.compile("[^\"]*".join(map(re.escape, pieces))))
    return patterns


THEME_SCRIPTS = _theme_script_patterns()


def live_markup(html: str) -> list[str]:
    """Event handlers, script URLs, embedded pages, <base>, refresh, forms and inline script that is
    not the theme's, in a finished page."""
    live = []
    for element in html5lib.parse(html, namespaceHTMLElements=False).iter():
        if not isinstance(element.tag, str):
            continue  # comments
        tag = element.tag.split("}")[-1]
        for name, value in element.attrib.items():
            name = name.split("}")[-1] if isinstance(name, str) else name[1]
            if name.lower().startswith("on"):
                live.append(f"<{tag} {name}>")
            elif url_scheme(value) in ("javascript", "vbscript", "data"):
                live.append(f"<{tag} {name}={value!r}>")
        if tag in ("base", "iframe", "frame", "object", "embed", "plaintext") or (
                tag == "meta" and element.get("http-equiv", "").lower() == "refresh"):
            live.append(f"<{tag}>")
        if tag == "form" and element.get("name") != "search":  # the theme's search box never submits
            live.append("<form>")
        if tag == "script" and not element.get("src") and element.get("type") != "application/json":
            if not any(pattern.fullmatch(element.text or "") for pattern in THEME_SCRIPTS):
                live.append(f"inline script {element.text!r:.60}")
    return live


def url_scheme(value: str) -> str:
    """The scheme a browser reads (WHATWG URL: trims C0 controls and spaces, drops tabs and newlines)."""
    url = re.sub(r"[\t\n\r]", "", value.strip("".join(map(chr, range(0x21)))))
    match = re.match(r"([a-zA-Z][a-zA-Z0-9+.-]*):", url)
    return match.group(1).lower() if match else ""
