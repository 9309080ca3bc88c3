"""What HTML the site may carry: the allowlist, the sanitizer, and the checks of a finished page.

Core module (imports nothing from MkDocs), shared by the build (`output_allowlist`, `content_security_policy`)
and `make check`, so both apply one policy. Contributors' HTML is judged after Markdown has
rendered it, as a browser parses it, never by patterns over the Markdown source:
- `sanitize()` passes a page's HTML through ammonia (the `nh3` bindings) with the allowlist below
  and returns what was refused, found by comparing the page before and after as a spec-compliant
  HTML parser (lexbor, through `selectolax`) reads them. The sanitized HTML is what gets written,
  so anything a comparison could miss is still removed; the comparison makes sure it is never
  removed silently.
- `locate()` finds each refusal in the sources (the page, then its includes) for a located error.
The checks of finished pages (theme and hooks included) are in `finished_page`.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path

import nh3
from pygments.token import STANDARD_TYPES
from selectolax.lexbor import LexborHTMLParser

from . import media_rules
from .author_errors import Problem
from .markdown_source import Lines, mask_code

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
    # id: anchors and cross-references; class: admonitions, footnotes, captions; title:
    # abbreviations and link titles; lang: quoted foreign text. Not `aria-label` or `aria-hidden`:
    # they make a screen reader say other words than the page shows (the back-links that need a
    # label are the build's, written after this check); not `dir`: like the bidi controls refused
    # in sources, it reorders what readers see.
    "*": {"id", "class", "title", "lang"},
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
# Names the build gives its own markup, which contributors' HTML must not take: the theme's
# scripts and the citation hovers find elements by these ids, classes and data attributes.
# Ids: reference list items (ref-), citation markers (cite-KEY-N), editor's notes (editor-note-),
# marks of uncited claims (uncited-claim-), the theme's own (__config, __search, ...), footnotes
# (fn:, fnref:). Where the build writes such a name before the sanitizer (Markdown's footnotes, the
# marks), it carries the build's key until the sanitizer has run (see `ContentRules`).
PAGE_LIST_ID = "references"  # the heading of a citing page's own reference list, which the build adds
RESERVED_IDS = re.compile(r"ref-|cite-.*-[0-9]+$|editor-note-|uncited-claim-|__|fn:|fnref:")
RESERVED_IDS_TEXT = "ids starting ref-, editor-note-, uncited-claim-, fn:, fnref: or __, and cite-…-N"
# Classes: admonition and details kinds (Material's, and the site's editor's note through its
# keyed kind), what Markdown's extensions write (footnotes, permalinks, highlighted code) and
# the site's own styles. Everything else is refused: md-* is the theme's chrome, and the
# citations' own classes (footnote-ref on a marker, citation, references) drive the hovers.
ADMONITION_KINDS = {
    "note", "abstract", "summary", "tldr", "info", "todo", "tip", "hint", "important", "success", "check", "done",
    "question", "help", "faq", "warning", "caution", "attention", "failure", "fail", "missing", "danger", "error",
    "bug", "example", "quote", "cite",
}
MARKDOWN_CLASSES = {
    "admonition", "admonition-title",  # admonitions
    "footnote", "footnote-ref", "footnote-backref",  # Markdown's footnotes (a marker must lead to one: see below)
    "headerlink",  # the permalink after each heading
    "highlight", *STANDARD_TYPES.values(),  # code blocks, highlighted by Pygments
}
SITE_CLASSES = {
    "caption",  # a table's or figure's caption (cross_references)
    "print-hint",  # the print page's hint (docs/92-print.md)
    "edition-status", "edition-citation",  # the edition's boxes (steps/edition.py fills them before this check)
}
# A fenced code block's language (```python), except the one the theme turns into a diagram by
# loading a script from a CDN.
CODE_LANGUAGE = re.compile(r"language-(?!mermaid$)[a-z0-9_+#.-]+")
ALLOWED_CLASSES = ADMONITION_KINDS | MARKDOWN_CLASSES | SITE_CLASSES - {""}
# data-* attributes: only the one the site uses (search leaves such text out); data-md-*, a
# clipboard text, a tooltip label would switch on the theme's own components.
DATA_ATTRIBUTES = {"data-search-exclude"}
DATA_PREFIX = "data-"
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
        if self.tag == "!--":
            return [re.compile(re.escape(self.value or "")), re.compile("<!--")]
        if self.value and _PRIVATE_USE.search(self.value):  # a citation written inside a tag
            return [re.compile(r"<[a-zA-Z][^<>]*\[-?@")]
        if self.attribute is None:
            return [re.compile(rf"<\s*{re.escape(self.tag)}(?![\w-])", re.IGNORECASE)]
        found = []
        if self.value and self.attribute in ("class", "id"):  # also as attr_list writes them: {: .name #id }
            found += [re.compile(rf"(?<![\w-]){re.escape(part)}(?![\w-])") for part in self.value.split()[:1]]
        if self.value and self.attribute in URL_ATTRIBUTES:
            found.append(re.compile(re.escape(self.value.strip()), re.IGNORECASE))
            scheme = self.value.strip().split(":", 1)[0]
            if ":" in self.value and scheme.isalpha():
                found.append(re.compile(re.escape(scheme), re.IGNORECASE))
        found.append(re.compile(rf"(?<![\w:-]){re.escape(self.attribute)}\s*=", re.IGNORECASE))
        return found


# Sanitizing


@dataclass(frozen=True)
class ContentRules:
    """What one page's own HTML may hold beyond the allowlist's elements and attributes.
    `key` is the build's secret (build_model.Build.key). Names the build writes into the Markdown for its own
    markup carry it (`keyed`: the editor's note kind, the marks of uncited claims, Markdown's
    footnote ids), so the sanitizer lets them pass and `unkey` then gives them their real names,
    which content cannot write: no page can produce the build's markup, or pass for it.
    `reserved_ids` are ids the build adds to this page after the sanitizer (its reference list heading)."""

    key: str = ""
    reserved_ids: frozenset[str] = frozenset()

    @classmethod
    @lru_cache(maxsize=4)  # two per build: the sanitizer (its `cleaner`) is then built twice, not per page
    def for_page(cls, key: str, cites_works: bool) -> ContentRules:
        """A page that cites works gets its reference list, under a heading with a fixed id."""
        return cls(key, frozenset({PAGE_LIST_ID}) if cites_works else frozenset())

    def class_allowed(self, name: str) -> bool:
        return name in ALLOWED_CLASSES or bool(CODE_LANGUAGE.fullmatch(name)) or self._is_keyed(name)

    def id_allowed(self, value: str) -> bool:
        if value in self.reserved_ids:
            return False
        return self._is_keyed(value) or not RESERVED_IDS.match(value)

    def _is_keyed(self, name: str) -> bool:
        return bool(self.key) and keyed("", self.key) in name

    @cached_property
    def cleaner(self) -> nh3.Cleaner:
        """The sanitizer for these rules, built once: `nh3.clean()` converts the whole allowlist from
        Python on every call, which takes longer than cleaning a search entry."""
        return nh3.Cleaner(
            tags=TAGS, clean_content_tags=REMOVED_WITH_CONTENT, attributes=ATTRIBUTES,
            attribute_filter=lambda tag, name, value: _attribute_filter(tag, name, value, self), strip_comments=True,
            link_rel=None, generic_attribute_prefixes={DATA_PREFIX}, url_schemes=URL_SCHEMES,
            filter_style_properties=STYLE_PROPERTIES,
        )


def keyed(name: str, key: str) -> str:
    """A name of the build's own markup as the build writes it into the Markdown (`KEY-name`)."""
    return f"{key}-{name}"


def keyed_markdown_configs(extensions: list, configs: dict, key: str) -> dict:
    """Markdown's extension settings for a build with `key`: footnote ids carry it (`fn:KEY-1`)."""
    if "footnotes" not in extensions:
        return configs
    return {**configs, "footnotes": {**configs.get("footnotes", {}), "SEPARATOR": ":" + keyed("", key)}}


def unkey(html: str, rules: ContentRules) -> str:
    """The sanitized HTML with the build's keyed names as readers get them."""
    return html.replace(keyed("", rules.key), "") if rules.key else html


def is_plain_text(value: str) -> bool:
    """Whether `sanitize(value)` can refuse nothing, known without running it: text, perhaps in the
    bare elements the search index keeps of a page (`<p>text</p>`: allowed, without attributes, closed,
    holding text only); see _MAY_HOLD_MARKUP. What is left once they are taken out is judged again,
    so no tag can be built from the pieces around one."""
    return not _MAY_HOLD_MARKUP.search(_BARE_ELEMENTS.sub("", value) if "<" in value else value)


def sanitize(html: str, rules: ContentRules = ContentRules()) -> tuple[str, list[Refusal]]:
    """The HTML with everything outside the allowlist removed, and what was removed."""
    # Markdown's toc writes its default permalink sign as a character reference, which the sanitizer
    # writes back as the character: the same text, but every page would then be compared token by token.
    html = html.replace(_PERMALINK_REFERENCE, _PERMALINK_SIGN)
    clean = rules.cleaner.clean(html)
    if clean == html and "footnote-ref" not in html:  # nothing removed, nothing to look for: most search entries
        return clean, []
    before, after = _tokens(html), _tokens(clean)
    forged = _forged_footnote_markers(after, rules) if "footnote-ref" in clean else []
    if forged:
        clean = _without_classes(clean, "footnote-ref", forged)
    if before == after and not forged:
        return clean, []
    refusals = _refusals(before, after, rules) if before != after else []
    return clean, refusals + [Refusal("a", "class", "footnote-ref", _FORGED_MARKER) for _ in forged]


def _attribute_filter(tag: str, attribute: str, value: str, rules: ContentRules) -> str | None:
    """Values the allowlist refuses although the attribute is allowed."""
    if _PRIVATE_USE.search(value):
        return None  # a citation's placeholder in an attribute: the marker would break out of it
    if attribute.startswith(DATA_PREFIX) and attribute not in DATA_ATTRIBUTES:
        return None  # would switch on the theme's own components (data-md-*, data-clipboard-text)
    if attribute in ("id", "name") and not rules.id_allowed(value):
        return None
    if attribute == "class":
        names = value.split()
        kept = [name for name in names if rules.class_allowed(name)]
        return value if kept == names else (" ".join(kept) or None)
    return value


def _forged_footnote_markers(tokens: list[tuple], rules: ContentRules) -> list[int]:
    """Links that look like footnote markers (the hover shows what they point at) but lead elsewhere
    than to one of Markdown's own footnotes: their positions among the page's links."""
    target = "#fn:" + keyed("", rules.key) if rules.key else "#fn:"
    forged, position = [], 0
    for tag, attributes in tokens:
        if tag != "a":
            continue
        attributes = dict(attributes)
        if "footnote-ref" in attributes.get("class", "").split() and not attributes.get("href", "").startswith(target):
            forged.append(position)
        position += 1
    return forged


def _without_classes(html: str, name: str, positions: list[int]) -> str:
    document = LexborHTMLParser(html)
    links = [node for node in document.root.traverse() if node.tag == "a"]
    for position in positions:
        link = links[position]
        kept = " ".join(part for part in link.attributes["class"].split() if part != name)
        if kept:
            link.attrs["class"] = kept
        else:
            del link.attrs["class"]
    return document.body.inner_html if document.body else html


_PRIVATE_USE = re.compile("[\ue000-\uf8ff]")
_PERMALINK_REFERENCE, _PERMALINK_SIGN = ">&para;</a>", ">\u00b6</a>"
# Text without these characters holds no tag, comment or character reference for a parser to find,
# and the sanitizer only escapes it (`>` as &gt;, a no-break space as &nbsp;), which parses back to
# the same text. Judged in full: carriage returns and NULs, which parsers rewrite; a byte order mark,
# dropped when it leads (such text is refused); a lone surrogate, which nh3 cannot take.
_MAY_HOLD_MARKUP = re.compile("[<&\x00\r\ufeff\ud800-\udfff]")
# Elements of the allowlist that the search plugin keeps in its index, bare and holding only text (a
# stray end tag is not safe: `</p>` alone becomes `<p></p>`). No table parts: the parser moves text
# out of a table.
_BARE_ELEMENTS = re.compile(r"<(p|li|dt|dd|code|pre|strong|em|b|i|sub|sup|kbd|mark)>"
                            r"[^<&\x00\r\ufeff\ud800-\udfff]*</\1>")
_FORGED_MARKER = ("the class 'footnote-ref' makes a link show what it points at on hover, as citations do; a link "
                  "with it must lead to a footnote ([^1]); cite works with [@key] and write other links "
                  "without the class")


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


def _refusals(before: list[tuple], after: list[tuple], rules: ContentRules) -> list[Refusal]:
    """Elements, attributes and comments present before sanitizing and missing after, in document order."""
    refusals, inside_refused_drawing = [], False
    matcher = difflib.SequenceMatcher(None, before, after, autojunk=False)
    for operation, start, end, other_start, other_end in matcher.get_opcodes():
        if operation == "equal":
            inside_refused_drawing = False
            continue
        kept = {token[0]: dict(token[1]) for token in after[other_start:other_end] if not token[0].startswith("#")}
        for tag, attributes in before[start:end]:
            if tag == "#comment":  # its whole text, to find it in the source
                refusals.append(Refusal("!--", None, attributes, _COMMENT_MESSAGE))
            elif tag.startswith("#"):
                continue
            elif tag in kept:  # the element stays: some of its attributes go
                refusals += [_attribute_refusal(tag, name, value, rules) for name, value in attributes
                             if kept[tag].get(name) != value]
            elif not inside_refused_drawing:
                refusals.append(Refusal(tag, None, None, _element_message(tag)))
                inside_refused_drawing = tag in ("svg", "math")  # one message for a whole drawing
    if not refusals:  # the text changed without an element or attribute going: say so anyway
        refusals.append(Refusal("", None, None, "this page's HTML changes when sanitized, though no element or "
                                                "attribute is refused; write the raw HTML in Markdown instead"))
    return refusals


_COMMENT_MESSAGE = ("an HTML comment: readers never see it, and the build fills in its own markup where comments "
                    "would hide it; delete it (notes for reviewers belong in the pull request)")


def _element_message(tag: str) -> str:
    advice = _ADVICE.get(tag, "write it in Markdown instead, or use one of the elements the site allows: "
                              + ", ".join(sorted(TAGS)))
    return f"<{tag}> is not allowed in a page: {advice}"


def _attribute_refusal(tag: str, name: str, value: str, rules: ContentRules) -> Refusal:
    if _PRIVATE_USE.search(value):
        message = (f"a citation or cross-reference inside the attribute '{name}' of <{tag}> cannot be shown; "
                   "move it out of the HTML tag, into the text")
    elif name.startswith("on"):
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
    elif name == "class":
        refused = [part for part in value.split() if not rules.class_allowed(part)]
        message = _class_message(tag, refused)
    elif name in ("id", "name") and value in rules.reserved_ids:
        message = (f"the id '{value}' is the one the build gives this page's list of references; "
                   f"give this element another id, e.g. {{#{value}-section}}")
    elif name in ("id", "name"):
        message = (f"the {name} '{value}' on <{tag}> is one the build or the theme gives its own elements "
                   f"({RESERVED_IDS_TEXT}); choose another")
    elif name.startswith("aria-") or name in ("role", "dir"):
        message = (f"the attribute '{name}' on <{tag}> makes what a screen reader says, or the order readers see, "
                   "differ from the page's words; remove it and write the words themselves")
    elif name.startswith(DATA_PREFIX):
        message = (f"the attribute '{name}' on <{tag}> would switch on the theme's own components; remove it "
                   f"(pages may use only {', '.join(sorted(DATA_ATTRIBUTES))})")
    else:
        allowed = sorted(ATTRIBUTES.get(tag, set()) | ATTRIBUTES["*"] | DATA_ATTRIBUTES)
        message = f"the attribute '{name}' is not allowed on <{tag}>; allowed there: {', '.join(allowed)}"
    return Refusal(tag, name, value, message)


def _class_message(tag: str, refused: list[str]) -> str:
    names = ", ".join(f"'{name}'" for name in refused)
    if "editor-note" in refused:
        advice = 'write an editor\'s note as `!!! editor-note "Title"`, which the build numbers and lists'
    elif {"citation", "footnote-ref", "references", "cited-in"} & set(refused):
        advice = "cite works with [@key]: the build writes the markers and lists itself"
    else:
        advice = ("use an admonition (`!!! note`), or ask a maintainer to add a style to "
                  "docs/stylesheets/review.css and the class to SITE_CLASSES in src/living_review/core/html_policy.py")
    return (f"the class {names} on <{tag}> is not one pages may use (the theme and the build give their own "
            f"markup classes); {advice}")


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
                    whole_tag = refusal.attribute is None and refusal.tag != "!--"  # a comment is matched whole
                    tag_end = text.find(">", match.end()) + 1 if whole_tag else 0
                    used[path].append((match.start(), max(match.end(), tag_end)))
                    lines = Lines(text)
                    return path, lines.line(match.start()), lines.col(match.start())
    return None


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
