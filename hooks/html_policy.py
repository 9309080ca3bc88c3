"""What HTML the site may carry: the allowlist, the sanitizer, and the checks of a finished page.

Library module (not a hook), shared by the build (`output_allowlist`, `content_security_policy`)
and `make check`, so both apply one policy. Contributors' HTML is judged after Markdown has
rendered it, as a browser parses it, never by patterns over the Markdown source:
- `sanitize()` passes a page's HTML through ammonia (the `nh3` bindings) with the allowlist below
  and returns what was refused, found by comparing the page before and after as a spec-compliant
  HTML parser (lexbor, through `selectolax`) reads them. The sanitized HTML is what gets written,
  so anything a comparison could miss is still removed; the comparison makes sure it is never
  removed silently.
- `locate()` finds each refusal in the sources (the page, then its includes) for a located error.
- `document_problems()` checks a whole finished page (theme and hooks included) for what no page
  of this site ever needs: a tripwire for template and hook bugs.
- `inline_script_hashes()` gives the CSP hashes of the theme's inline scripts.
"""

from __future__ import annotations

import base64
import difflib
import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

import nh3
from selectolax.lexbor import LexborHTMLParser

import media_rules
from author_errors import Problem
from markdown_source import Lines, mask_code

# Data

# Elements that Markdown and its extensions write on this site (tables, footnotes, admonitions,
# details, abbreviations, captions, code), plus plain text-level HTML authors may use.
TAGS = {
    "a", "abbr", "b", "blockquote", "br", "caption", "cite", "code", "col", "colgroup", "dd", "del",
    "details", "dfn", "div", "dl", "dt", "em", "figcaption", "figure", "h1", "h2", "h3", "h4", "h5",
    "h6", "hr", "i", "img", "ins", "kbd", "li", "mark", "ol", "p", "pre", "q", "s", "samp", "section",
    "small", "span", "strong", "sub", "summary", "sup", "table", "tbody", "td", "tfoot", "th", "thead",
    "time", "tr", "u", "ul", "var", "wbr",
}
ATTRIBUTES = {
    # id: anchors and cross-references; class: admonitions, footnotes, citations, captions;
    # title: abbreviations and link titles; aria-label: back-links; lang/dir: quoted foreign text.
    "*": {"id", "class", "title", "lang", "dir", "aria-label", "aria-hidden"},
    "a": {"href"},
    "img": {"src", "alt", "width", "height", "loading"},
    "ol": {"start", "reversed", "type"},
    "li": {"value"},
    "td": {"colspan", "rowspan", "style"},  # style: Markdown tables write their alignment as text-align
    "th": {"colspan", "rowspan", "scope", "style"},
    "col": {"span"},
    "colgroup": {"span"},
    "blockquote": {"cite"},
    "q": {"cite"},
    "del": {"cite", "datetime"},
    "ins": {"cite", "datetime"},
    "time": {"datetime"},
    "details": {"open"},
}
# data-* attributes carry our hooks' markers (data-search-exclude); data-md-* are the theme's own.
DATA_PREFIX = "data-"
THEME_PREFIX = "data-md-"
URL_SCHEMES = {"https", "http", "mailto"}
STYLE_PROPERTIES = {"text-align"}
# Removed with their content: their text is code or styling, never the page's words.
REMOVED_WITH_CONTENT = {"script", "style"}
URL_ATTRIBUTES = {"href", "src", "cite", "action", "formaction", "xlink:href", "poster", "data", "background"}

_NO_EMBEDS = "the site embeds no other {}; link to it instead: [title](https://...)"
_NO_FORMS = "the site has no forms; link to the page that has one"
_NO_SCRIPT = "the site carries no contributed script; describe what it would show in words"
_ADVICE = {
    **dict.fromkeys(("script", "noscript"), _NO_SCRIPT),
    **dict.fromkeys(("iframe", "frame"), _NO_EMBEDS.format("page")),
    **dict.fromkeys(("object", "embed"), _NO_EMBEDS.format("content")),
    **dict.fromkeys(("form", "input", "button", "textarea", "select"), _NO_FORMS),
    **dict.fromkeys(("font", "center"), "use Markdown emphasis (*text*, **text**) instead"),
    "style": "styles come from docs/stylesheets/review.css, reviewed by maintainers; use Markdown emphasis or a class",
    "svg": "put the drawing in an .svg file under docs/figures/ and show it as an image: "
           "![description](figures/name.svg)",
    "math": "write the formula in words or as an image under docs/figures/",
    "base": "links resolve against the site itself; remove it",
    "meta": "the page's head comes from the theme; put a description in the front matter (description: ...)",
    "link": "the page's head comes from the theme; link in the text instead: [title](https://...)",
    "title": "the page's title is its first heading, or `title:` in the front matter",
}
# Material's inline scripts, by how each begins: anything else inline in a finished page is a bug.
THEME_INLINE_SCRIPTS = ("__md_scope=new URL(", "var palette=__md_get(", "var target=document.getElementById(")

# Helper types


@dataclass(frozen=True)
class Refusal:
    """One thing the allowlist would remove: an element, an attribute, or a link target."""

    tag: str
    attribute: str | None
    value: str | None
    message: str

    def needles(self) -> list[re.Pattern]:
        """What to look for in the source, most precise first."""
        if not self.tag:
            return []
        if self.attribute is None:
            return [re.compile(rf"<\s*{re.escape(self.tag)}(?![\w-])", re.IGNORECASE)]
        found = []
        if self.value and self.attribute in URL_ATTRIBUTES:
            found.append(re.compile(re.escape(self.value.strip()), re.IGNORECASE))
            scheme = self.value.strip().split(":", 1)[0]
            if ":" in self.value and scheme.isalpha():
                found.append(re.compile(re.escape(scheme), re.IGNORECASE))
        found.append(re.compile(rf"(?<![\w:-]){re.escape(self.attribute)}\s*=", re.IGNORECASE))
        return found


# Sanitizing


def sanitize(html: str) -> tuple[str, list[Refusal]]:
    """The HTML with everything outside the allowlist removed, and what was removed."""
    clean = nh3.clean(
        html, tags=TAGS, clean_content_tags=REMOVED_WITH_CONTENT, attributes=ATTRIBUTES,
        attribute_filter=_attribute_filter, strip_comments=False, link_rel=None,
        generic_attribute_prefixes={DATA_PREFIX}, url_schemes=URL_SCHEMES,
        filter_style_properties=STYLE_PROPERTIES,
    )
    before, after = _tokens(html), _tokens(clean)
    if before == after:
        return clean, []
    return clean, _refusals(before, after)


def _attribute_filter(tag: str, attribute: str, value: str) -> str | None:
    """Values the allowlist refuses although the attribute is allowed."""
    if attribute.startswith(THEME_PREFIX):
        return None  # would switch on the theme's own components
    if attribute in ("id", "name") and value.startswith("__"):
        return None  # the theme's own ids (__config, __search, ...) must stay unique
    return value


def _tokens(html: str) -> list[tuple]:
    """The document as a browser builds it: elements with their attributes, text, comments."""
    tokens = []
    for node in LexborHTMLParser(html).root.traverse(include_text=True):
        if node.tag == "-text":
            tokens.append(("#text", node.text_content))
        elif node.tag == "-comment":
            tokens.append(("#comment", node.html))
        elif node.tag not in ("html", "head", "body"):
            attributes = {name: _normal(name, value or "") for name, value in node.attributes.items()}
            tokens.append((node.tag, tuple(sorted(attributes.items()))))
    return tokens


def _normal(name: str, value: str) -> str:
    # The sanitizer rewrites `text-align: left;` as `text-align:left`: the same declaration.
    return re.sub(r"\s+|;$", "", value) if name == "style" else value


def _refusals(before: list[tuple], after: list[tuple]) -> list[Refusal]:
    """Elements and attributes present before sanitizing and missing after, in document order."""
    refusals, inside_refused_drawing = [], False
    matcher = difflib.SequenceMatcher(None, before, after, autojunk=False)
    for operation, start, end, other_start, other_end in matcher.get_opcodes():
        if operation == "equal":
            inside_refused_drawing = False
            continue
        kept = {token[0]: dict(token[1]) for token in after[other_start:other_end] if not token[0].startswith("#")}
        for tag, attributes in (token for token in before[start:end] if not token[0].startswith("#")):
            if tag in kept:  # the element stays: some of its attributes go
                refusals += [_attribute_refusal(tag, name, value) for name, value in attributes
                             if kept[tag].get(name) != value]
            elif not inside_refused_drawing:
                refusals.append(Refusal(tag, None, None, _element_message(tag)))
                inside_refused_drawing = tag in ("svg", "math")  # one message for a whole drawing
    if not refusals:  # the text changed without an element or attribute going: say so anyway
        refusals.append(Refusal("", None, None, "this page's HTML changes when sanitized, though no element or "
                                                "attribute is refused; write the raw HTML in Markdown instead"))
    return refusals


def _element_message(tag: str) -> str:
    advice = _ADVICE.get(tag, "write it in Markdown instead, or use one of the elements the site allows: "
                              + ", ".join(sorted(TAGS)))
    return f"<{tag}> is not allowed in a page: {advice}"


def _attribute_refusal(tag: str, name: str, value: str) -> Refusal:
    if name.startswith("on"):
        message = f"the attribute '{name}' on <{tag}> runs script; remove it"
    elif (tag, name) in media_rules.MEDIA_SOURCES and name in ATTRIBUTES.get(tag, set()):  # data:, javascript:
        message = media_rules.refused_source_message(tag, name, value)
    elif name in URL_ATTRIBUTES and name in ATTRIBUTES.get(tag, set()) | ATTRIBUTES["*"]:
        scheme = value.strip().split(":", 1)[0].lower()
        message = (f"the link target '{scheme}:' on <{tag}> is not allowed; link to a page of the site, "
                   "an https:// address or a mailto: address")
    elif name == "style":
        message = (f"the style '{value}' on <{tag}> is not allowed (only text-align, which Markdown tables write);"
                   " use Markdown formatting")
    elif name.startswith(THEME_PREFIX) or name in ("id", "name"):
        message = f"the {name} '{value}' on <{tag}> belongs to the theme; choose another"
    else:
        allowed = sorted(ATTRIBUTES.get(tag, set()) | ATTRIBUTES["*"] | {DATA_PREFIX + "*"})
        message = f"the attribute '{name}' is not allowed on <{tag}>; allowed there: {', '.join(allowed)}"
    return Refusal(tag, name, value, message)


# Locating


def locate(refusals: list[Refusal], sources: list[tuple[str, str]]) -> list[Problem]:
    """Each refusal at its place in the first source that holds it: (path, text) in search order.
    A place found is used up (a refused element's whole tag), so two bad links get two lines and an
    attribute of a refused element is not mistaken for a later refusal."""
    located, used = [], {path: [] for path, _ in sources}
    for refusal in refusals:
        place = _find(refusal, sources, used)
        if place is None:
            path = sources[0][0]
            located.append(Problem(path, 1, 1, refusal.message + " (not found in the page's source or its includes)"))
        else:
            located.append(Problem(*place, refusal.message))
    return located


def _find(refusal: Refusal, sources: list[tuple[str, str]], used: dict) -> tuple[str, int, int] | None:
    for needle in refusal.needles():
        for path, text in sources:
            for searched in (mask_code(text), text):  # outside code first: code shows HTML as text
                for match in needle.finditer(searched):
                    if any(start <= match.start() < end for start, end in used[path]):
                        continue
                    tag_end = text.find(">", match.end()) + 1 if refusal.attribute is None else 0
                    used[path].append((match.start(), max(match.end(), tag_end)))
                    lines = Lines(text)
                    return path, lines.line(match.start()), lines.col(match.start())
    return None


# Finished pages


def document_problems(html: str) -> list[str]:
    """What a finished page (theme, hooks and content together) must never hold."""
    problems = []
    document = LexborHTMLParser(html)
    for node in document.root.traverse():
        tag, attributes = node.tag, node.attributes
        for name, value in attributes.items():
            if name.startswith("on"):
                problems.append(f"<{tag}> has an event handler attribute '{name}'")
            elif name in URL_ATTRIBUTES and (value or "").strip().lower().startswith(("javascript:", "vbscript:")):
                problems.append(f"<{tag} {name}> runs script: {value[:60]}")
        if tag in ("base", "iframe", "frame", "object", "embed"):
            problems.append(f"<{tag}> in the page")
        elif tag == "meta" and (attributes.get("http-equiv") or "").lower() == "refresh":
            problems.append("<meta http-equiv=refresh> redirects the reader")
        elif tag == "script" and "src" not in attributes and _executable(attributes):
            body = node.text(deep=True)
            if not body.startswith(THEME_INLINE_SCRIPTS):
                problems.append(f"an inline <script> that is not the theme's: {body[:60]!r}")
        elif tag == "script" and "src" in attributes and re.match(r"(?i)([a-z]+:|//)", attributes["src"] or ""):
            problems.append(f"a script from elsewhere: {attributes['src']}")
    return problems


def inline_script_hashes(html: str) -> list[str]:
    """CSP source expressions for each inline script that runs (JSON data blocks do not)."""
    hashes = []
    for node in LexborHTMLParser(html).css("script"):
        if "src" not in node.attributes and _executable(node.attributes):
            hashes.append(script_hash(node.text(deep=True)))
    return sorted(set(hashes))


def script_hash(body: str) -> str:
    digest = hashlib.sha256(body.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


def _executable(attributes: dict) -> bool:
    kind = (attributes.get("type") or "").strip().lower()
    return kind in ("", "text/javascript", "module", "application/javascript")


# Sources


def page_sources(path: str, text: str, config, root: Path) -> list[tuple[str, str]]:
    """Where a page's HTML comes from, in search order: the page, the snippets it includes, then
    the files appended to every page (the glossary). Paths are as authors see them."""
    snippets = config.mdx_configs.get("pymdownx.snippets", {}) if "pymdownx.snippets" in config.markdown_extensions \
        else None
    if snippets is None:
        return [(path, text)]
    base_paths = snippets.get("base_path", ["."])
    bases = [root / str(base) for base in ([base_paths] if isinstance(base_paths, str) else base_paths)]
    named = _SNIPPET_LINE.findall(text) + [name for block in _SNIPPET_BLOCK.findall(text) for name in block.split()]
    sources = [(path, text)]
    for name in [*named, *snippets.get("auto_append", [])]:
        name = name.split(":")[0]  # `file.md:3:5` includes some lines of file.md
        for base in bases:
            if (base / name).is_file():
                file = (base / name).resolve()
                sources.append((file.relative_to(root.resolve()).as_posix() if file.is_relative_to(root.resolve())
                                else str(file), file.read_text(encoding="utf-8", errors="replace")))
                break
    return sources


_SNIPPET_LINE = re.compile(r"""^[ \t]*-{1,}8<-{1,}[ \t]+["']([^"'\n]+)["']""", re.MULTILINE)
_SNIPPET_BLOCK = re.compile(r"^[ \t]*-{1,}8<-{1,}[ \t]*\n(.*?)^[ \t]*-{1,}8<-{1,}[ \t]*$", re.MULTILINE | re.DOTALL)
