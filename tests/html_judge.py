"""What in a finished page could run script, redirect or rebase it, judged as a browser parses it.

html5lib is a spec-compliant HTML parser of its own (the build checks with lexbor and sanitizes with
ammonia's html5ever): the tests judge the output with a third reading, never with patterns.
"""

from __future__ import annotations

import re

import html5lib

THEME_INLINE_SCRIPTS = ("__md_scope=", "var palette=", "var target=")


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
            if not (element.text or "").startswith(THEME_INLINE_SCRIPTS):
                live.append(f"inline script {element.text!r:.60}")
    return live


def url_scheme(value: str) -> str:
    """The scheme a browser reads (WHATWG URL: trims C0 controls and spaces, drops tabs and newlines)."""
    url = re.sub(r"[\t\n\r]", "", value.strip("".join(map(chr, range(0x21)))))
    match = re.match(r"([a-zA-Z][a-zA-Z0-9+.-]*):", url)
    return match.group(1).lower() if match else ""
