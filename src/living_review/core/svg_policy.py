"""What an SVG figure under docs/ may hold: an allowlist of elements, attributes and CSS, judged as
a browser reads the file (an XML parser with namespaces, then a CSS tokenizer).

Core module (imports nothing from MkDocs), called by `source_rules.docs_file_problems` for every .svg under docs/.
One rule for every way a reader meets the file: shown as an image (where a browser runs no script
and loads nothing) or opened directly by following a link, where it is a document of the site's own
origin that can run script, redirect and load. The Content-Security-Policy our pages carry cannot
protect it: a CSP reaches a document only as an HTTP header or an HTML <meta>, SVG has no <meta
http-equiv>, and the hosts the site is read from (GitHub Pages, a reader's file:// copy) send no
header we control. So the allowlist is the whole defense: only what draws passes.

Everything is judged after the XML parser has decoded it (character references, namespaces bound
by prefix or default) and CSS after tinycss2 has decoded its escapes, so `&#x6a;avascript:`,
`<h:meta>` and `@\\69mport` are seen as what they are. `svg_problems()` returns `(line, col, message)`.
"""

from __future__ import annotations

import re
import xml.parsers.expat
from dataclasses import dataclass, field

import tinycss2

from .markdown_source import Lines

# Data

SVG = "http://www.w3.org/2000/svg"
XLINK = "http://www.w3.org/1999/xlink"
XML = "http://www.w3.org/XML/1998/namespace"

# The drawing elements a figure of this review needs (charts, timelines, diagrams): structure and
# reuse (svg, g, defs, symbol, use), accessible names (title, desc), shapes, text, paint servers
# (gradients, pattern and their stops), clipping, masking, arrowheads (marker), and a stylesheet
# (style, its CSS judged below), which exports such as matplotlib's write.
ELEMENTS = frozenset({
    "svg", "g", "defs", "symbol", "use", "title", "desc",
    "path", "rect", "circle", "ellipse", "line", "polyline", "polygon", "text", "tspan",
    "linearGradient", "radialGradient", "stop", "pattern", "clipPath", "mask", "marker", "style",
})
# Properties that only paint: colours, strokes, fonts, text layout, visibility, references to the
# figure's own gradients, clips, masks and markers. Each is an SVG presentation attribute and a
# CSS property of the same name; their values are CSS, judged by the same rules in both places.
# Left out on purpose: direction and unicode-bidi (they reorder text, as bidi characters do),
# cursor and filter (they load or run other resources), and everything layout-only.
PAINT_PROPERTIES = frozenset({
    "fill", "fill-opacity", "fill-rule", "stroke", "stroke-width", "stroke-opacity", "stroke-linecap",
    "stroke-linejoin", "stroke-miterlimit", "stroke-dasharray", "stroke-dashoffset", "opacity", "color",
    "display", "visibility", "overflow", "font-family", "font-size", "font-weight", "font-style",
    "font-variant", "font-stretch", "text-anchor", "dominant-baseline", "alignment-baseline",
    "baseline-shift", "letter-spacing", "word-spacing", "text-decoration", "writing-mode", "stop-color",
    "stop-opacity", "clip-path", "clip-rule", "mask", "marker-start", "marker-mid", "marker-end",
    "shape-rendering", "text-rendering", "vector-effect", "paint-order",
})
CSS_PROPERTIES = PAINT_PROPERTIES | {"font", "marker"}  # their shorthands, in CSS only
# CSS functions that compute a colour; `url()` is judged on its own (the figure's own #id only).
# Any other (image-set(), src(), attr(), var(), env(), ...) could load or compute what we cannot judge.
CSS_FUNCTIONS = frozenset({"rgb", "rgba", "hsl", "hsla"})
# Attributes whose values are geometry, units, names or text: no browser reads a URL from them.
PLAIN_ATTRIBUTES = frozenset({
    "id", "class", "lang", "role", "viewBox", "preserveAspectRatio", "version", "width", "height",
    "x", "y", "x1", "y1", "x2", "y2", "cx", "cy", "r", "rx", "ry", "fx", "fy", "fr", "d", "points",
    "pathLength", "transform", "dx", "dy", "rotate", "textLength", "lengthAdjust", "offset",
    "gradientUnits", "gradientTransform", "spreadMethod", "patternUnits", "patternContentUnits",
    "patternTransform", "clipPathUnits", "maskUnits", "maskContentUnits", "markerWidth", "markerHeight",
    "markerUnits", "refX", "refY", "orient",
})
ARIA_PREFIX = "aria-"  # accessible names and descriptions (aria-labelledby="title-id desc-id")
XML_ATTRIBUTES = frozenset({"lang", "space"})  # xml:lang, xml:space; not xml:base, which rebases URLs
# Elements that refer to another element of the figure (`use` draws it again, a gradient or pattern
# inherits from it): `href` or `xlink:href`, to `#id` only.
REFERRING_ELEMENTS = frozenset({"use", "linearGradient", "radialGradient", "pattern"})

_SCRIPT = "it runs script, and a figure only draws; remove it"
_ANIMATION = "an animation changes attributes (links included) while the file is open; draw the figure still"
_LOADS = "it loads another file into the figure; draw it in the SVG itself, or show the other image in the page"
_EMBEDS = "it embeds other content, which can run script; draw it with <text> and shapes instead"
_ADVICE = {
    **dict.fromkeys(("script", "handler", "listener"), _SCRIPT),
    **dict.fromkeys(("animate", "animateMotion", "animateTransform", "animateColor", "set", "discard"), _ANIMATION),
    **dict.fromkeys(("image", "feImage", "cursor", "font-face", "font-face-uri", "tref"), _LOADS),
    **dict.fromkeys(("foreignObject", "iframe", "embed", "object", "video", "audio", "canvas"), _EMBEDS),
    "a": "a link in a figure navigates a reader who opened the file; put the link in the page's text instead",
    "metadata": "it is not drawn, and exports fill it with other vocabularies (RDF); remove it",
}
_NAMESPACE_ADVICE = {
    "http://www.w3.org/1999/xhtml": "HTML in a figure can redirect or run script when the file is opened; "
                                    "draw it with SVG <text> and shapes instead",
    "http://www.w3.org/1998/Math/MathML": "write the formula as SVG <text>, or as an image of its own",
}
_ELEMENT_LIST = ", ".join(sorted(ELEMENTS, key=str.lower))
_ATTRIBUTE_HINT = ("allowed: geometry (x, y, width, d, points, transform, ...), paint (fill, stroke, font-size, "
                   "...), id, class, style, role, aria-*")
_C0_AND_SPACE = "".join(map(chr, range(0x21)))


# The check


def svg_problems(content: bytes) -> list[tuple[int, int, str]]:
    """Everything in an SVG file that the allowlist refuses, in file order, with what to do instead."""
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        return [(1, 1, f"the SVG is not UTF-8 text (byte {error.start}); save it again as UTF-8")]
    judge = _Judge(text)
    judge.run(content)
    return judge.found


class _Stop(Exception):
    """Parsing goes no further (an entity declaration: expanding it could be the attack)."""


@dataclass
class _Judge:
    """One file's parse: the expat callbacks, what they found, and the ids the file defines."""

    text: str
    lines: Lines = field(init=False)
    found: list = field(default_factory=list)
    ids: set = field(default_factory=set)
    references: list = field(default_factory=list)  # (line, col, element, attribute, id)
    refused_depth: int = 0  # > 0 inside a refused element: its content is not judged again
    seen_root: bool = False
    # Inside an accepted <style>: its text so far (expat reports text without its element), and where it starts.
    style_text: list | None = None
    style_at: tuple | None = None

    def __post_init__(self) -> None:
        self.lines = Lines(self.text)

    def run(self, content: bytes) -> None:
        self.parser = parser = xml.parsers.expat.ParserCreate(namespace_separator=" ")
        parser.namespace_prefixes = True  # names arrive as "uri local prefix", for messages as written
        parser.ordered_attributes = True
        parser.SetParamEntityParsing(xml.parsers.expat.XML_PARAM_ENTITY_PARSING_NEVER)
        parser.StartElementHandler = self.start
        parser.EndElementHandler = self.end
        parser.CharacterDataHandler = self.characters
        parser.XmlDeclHandler = self.declaration
        parser.StartDoctypeDeclHandler = self.doctype
        parser.EntityDeclHandler = self.entity
        parser.ProcessingInstructionHandler = self.instruction
        # Comments are allowed (no handler needed): they draw nothing, run nothing and load nothing,
        # the build copies the file byte for byte (no placeholder is ever filled in an SVG), and no
        # page inlines an SVG (the HTML allowlist refuses <svg>). Authors' notes such as
        # `<!-- axis -->` in the review's timeline stay readable in the source.
        try:
            parser.Parse(content, True)
        except xml.parsers.expat.ExpatError as error:
            reason = xml.parsers.expat.ErrorString(error.code)
            self.found.append((error.lineno, error.offset + 1, f"the SVG is not well-formed XML ({reason}); fix it "
                                                               "(an editor's 'plain SVG' export writes valid XML)"))
        except _Stop:
            pass
        for line, col, element, attribute, target in self.references:
            if target not in self.ids:
                self.found.append((line, col, f"the {attribute} on <{element}> refers to '#{target}', which no "
                                              f"element of this SVG has; give that element id=\"{target}\" "
                                              "or fix the reference"))
        self.found.sort(key=lambda problem: problem[:2])

    # Positions

    def here(self) -> tuple[int, int]:
        return self.parser.CurrentLineNumber, self.parser.CurrentColumnNumber + 1

    def attribute_at(self, start: tuple[int, int], written: str) -> tuple[int, int]:
        """Where an attribute is written inside the tag that starts at `start` (expat gives only the tag's)."""
        offset = self.lines.starts[start[0] - 1] + start[1] - 1
        tag_end = self.text.find(">", offset)
        match = re.compile(rf"(?<![\w:.-]){re.escape(written)}\s*=").search(self.text, offset, tag_end)
        return (self.lines.line(match.start()), self.lines.col(match.start())) if match else start

    def written_at(self, markup: str) -> tuple[int, int]:
        """Where markup that expat reports late (a DOCTYPE, an entity) is first written."""
        offset = self.text.find(markup)
        if offset < 0:
            return self.here()
        return self.lines.line(offset), self.lines.col(offset)

    # Callbacks

    def declaration(self, version, encoding, standalone) -> None:
        if encoding and encoding.lower().replace("_", "-") not in ("utf-8", "utf8"):
            self.found.append((*self.here(), f"the SVG declares encoding=\"{encoding}\"; save it as UTF-8 and "
                                             "write encoding=\"UTF-8\" (or leave it out), so every reader decodes "
                                             "it as this check did"))

    def doctype(self, *_) -> None:
        self.found.append((*self.written_at("<!DOCTYPE"), "an SVG with a DOCTYPE can define entities and load a "
                                                          "DTD; remove the <!DOCTYPE ...> line (a figure needs none)"))

    def entity(self, name, *_) -> None:
        self.found.append((*self.written_at("<!ENTITY"), f"the SVG defines the entity '{name}': remove the DOCTYPE "
                                                         "and its entities, and write the text itself (nothing after "
                                                         "this was checked)"))
        raise _Stop

    def instruction(self, target, data) -> None:
        what = "loads a stylesheet from elsewhere" if target.lower() == "xml-stylesheet" else "is not drawn"
        self.found.append((*self.here(), f"the processing instruction <?{target} ...?> {what}; remove it "
                                         "(style the figure with attributes such as fill, or a <style> element)"))

    def start(self, name: str, attributes: list) -> None:
        at = self.here()
        namespace, local, written = _split(name)
        if self.refused_depth:
            self.refused_depth += 1
            return
        if not self.seen_root:
            self.seen_root = True
            if (namespace, local) != (SVG, "svg"):
                where = f"the namespace {namespace}" if namespace else "no namespace"
                self.found.append((*at, f"the file's root element is <{written}> in {where}, which a browser does "
                                        f"not draw; start the file with <svg xmlns=\"{SVG}\">"))
                self.refused_depth = 1
                return
        if namespace != SVG or local not in ELEMENTS:
            self.found.append((*at, _element_message(namespace, local, written)))
            self.refused_depth = 1
            return
        named = dict(zip(attributes[::2], attributes[1::2], strict=True))
        if local == "style" and named.get("type", "text/css").strip().lower() not in ("", "text/css"):
            self.found.append((*self.attribute_at(at, "type"), f"<style type=\"{named['type']}\"> is not CSS; "
                                                               "write type=\"text/css\" or leave the type out"))
            self.refused_depth = 1  # its text is not CSS: not judged as CSS
            return
        for name, value in named.items():
            self.attribute(at, local, written, name, value)
        if local == "style":
            self.style_text, self.style_at = [], None

    def end(self, name: str) -> None:
        if self.refused_depth:
            self.refused_depth -= 1
            return
        if _split(name)[:2] == (SVG, "style") and self.style_text is not None:
            line, col = self.style_at or self.here()
            for css_line, css_col, message in stylesheet_problems("".join(self.style_text)):
                self.found.append((line + css_line - 1, css_col + (col - 1 if css_line == 1 else 0), message))
            self.style_text = None

    def characters(self, data: str) -> None:
        if self.style_text is not None and not self.refused_depth:
            self.style_at = self.style_at or self.here()
            self.style_text.append(data)

    # Attributes

    def attribute(self, at: tuple[int, int], element: str, element_written: str, name: str, value: str) -> None:
        namespace, local, written = _split(name)
        place = self.attribute_at(at, written)
        if not namespace and local == "id":
            self.ids.add(value)
        if not namespace and local.lower().startswith("on"):
            self.found.append((*place, f"the attribute '{written}' on <{element_written}> runs script; remove it"))
        elif local == "href" and (not namespace or namespace == XLINK):
            self.href(place, element, element_written, written, value)
        elif namespace == XML and local in XML_ATTRIBUTES or not namespace and (
                local in PLAIN_ATTRIBUTES or local.startswith(ARIA_PREFIX)):
            pass
        elif not namespace and local == "type" and element == "style":
            pass  # text/css: any other type is refused with its element
        elif not namespace and local == "style":
            self.found += [(*place, message) for message in declarations_problems(value, f"<{element_written}>")]
        elif not namespace and local in PAINT_PROPERTIES:
            self.found += [(*place, message) for message in value_problems(
                tinycss2.parse_component_value_list(value), f"the attribute '{local}' on <{element_written}>")]
        else:
            self.found.append((*place, f"the attribute '{written}' is not allowed on <{element_written}> in an SVG "
                                       f"figure; remove it ({_ATTRIBUTE_HINT})"))

    def href(self, place, element: str, element_written: str, written: str, value: str) -> None:
        target = local_reference(value)
        if element not in REFERRING_ELEMENTS:
            self.found.append((*place, f"the attribute '{written}' is not allowed on <{element_written}> in an SVG "
                                       f"figure; only {', '.join(f'<{name}>' for name in sorted(REFERRING_ELEMENTS))}"
                                       " may refer to an element of the figure (href=\"#id\")"))
        elif target is None:
            self.found.append((*place, f"<{element_written} {written}=\"{value[:60]}\"> points outside the figure; "
                                       "an SVG figure may only refer to its own elements: write href=\"#id\""))
        else:
            self.references.append((*place, element_written, f"attribute '{written}'", target))


# CSS: in <style>, in style="...", and in presentation attributes (fill="url(#g)")


def stylesheet_problems(css: str) -> list[tuple[int, int, str]]:
    """A <style> element's text: plain rules of allowed declarations; no at-rule of any kind."""
    found = []
    for rule in tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True):
        found += _rule_problems(rule)
    return found


def _rule_problems(rule) -> list[tuple[int, int, str]]:
    at = (rule.source_line, rule.source_column)
    if rule.type == "error":
        return [(*at, f"the style is not valid CSS ({rule.message}); fix it")]
    if rule.type == "at-rule":
        return [(*at, f"'@{rule.lower_at_keyword}' is not allowed in an SVG figure's style (at-rules import, load "
                      "fonts or restyle by context); write plain rules: selector { fill: ...; }")]
    if rule.type != "qualified-rule":
        return []
    found = []
    for item in tinycss2.parse_blocks_contents(rule.content, skip_comments=True, skip_whitespace=True):
        if item.type == "declaration":
            found += [(item.source_line, item.source_column, message)
                      for message in _declaration_problems(item, "a rule of the <style>")]
        else:  # a nested rule (CSS nesting) is judged like any other
            found += _rule_problems(item)
    return found


def declarations_problems(css: str, owner: str) -> list[str]:
    """A `style` attribute: allowed declarations only."""
    found = []
    for item in tinycss2.parse_blocks_contents(css, skip_comments=True, skip_whitespace=True):
        if item.type == "declaration":
            found += _declaration_problems(item, f"the style on {owner}")
        else:
            found.append(f"the style on {owner} is not a list of declarations (property: value;); write it as one")
    return found


def _declaration_problems(declaration, owner: str) -> list[str]:
    if declaration.lower_name not in CSS_PROPERTIES:
        return [f"the CSS property '{declaration.lower_name}' in {owner} is not allowed in an SVG figure; use "
                "paint properties only, such as fill, stroke, opacity, font-size (all: PAINT_PROPERTIES in "
                "src/living_review/core/svg_policy.py)"]
    return value_problems(declaration.value, f"'{declaration.lower_name}' in {owner}")


def value_problems(tokens: list, owner: str) -> list[str]:
    """A CSS value's tokens (escapes already decoded): colours, numbers, names, and url(#id) only."""
    found = []
    for token in tokens:
        if token.type == "url":
            found += _url_problems(token.value, owner)
        elif token.type == "function" and token.lower_name == "url":
            strings = [part for part in token.arguments if part.type not in ("whitespace", "comment")]
            found += _url_problems(strings[0].value if len(strings) == 1 and strings[0].type == "string" else "",
                                   owner)
        elif token.type == "function" and token.lower_name not in CSS_FUNCTIONS:
            found.append(f"the CSS function '{token.lower_name}()' in {owner} is not allowed in an SVG figure; "
                         "write colours as #rrggbb, rgb() or a name, and the figure's own elements as url(#id)")
        elif token.type == "function":
            found += value_problems(token.arguments, owner)
        elif token.type in ("() block", "[] block", "{} block"):
            found += value_problems(token.content, owner)
        elif token.type == "error":
            found.append(f"{owner} is not valid CSS ({token.message}); fix it")
    return found


def _url_problems(url: str, owner: str) -> list[str]:
    if local_reference(url) is not None:
        return []
    return [f"url({url[:60]}) in {owner} loads from outside the figure; refer to an element of the same SVG "
            "as url(#id), or draw it in the SVG"]


# Helper functions


def local_reference(url: str) -> str | None:
    """The id a URL points to within the same document, or None. As a browser parses URLs (WHATWG):
    leading and trailing C0 controls and spaces are stripped, tabs and newlines dropped."""
    url = re.sub(r"[\t\n\r]", "", url.strip(_C0_AND_SPACE))
    return url[1:] if url.startswith("#") and len(url) > 1 else None


def _split(name: str) -> tuple[str, str, str]:
    """expat's "uri local prefix" as (namespace, local name, name as written)."""
    parts = name.split(" ")
    if len(parts) == 1:
        return "", parts[0], parts[0]
    namespace, local = parts[0], parts[1]
    return namespace, local, f"{parts[2]}:{local}" if len(parts) == 3 else local


def _element_message(namespace: str, local: str, written: str) -> str:
    if namespace == SVG:
        advice = _ADVICE.get(local, f"draw with the elements SVG figures may use: {_ELEMENT_LIST}")
        return f"<{written}> is not allowed in an SVG figure: {advice}"
    advice = _NAMESPACE_ADVICE.get(namespace, "only SVG elements draw; remove it (an editor's own data, such as "
                                              "Inkscape's, is not needed: export as plain SVG)")
    where = f"the namespace {namespace}" if namespace else "no namespace"
    return f"<{written}> is in {where}, not SVG's ({SVG}): {advice}"
