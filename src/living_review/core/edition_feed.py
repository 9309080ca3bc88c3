"""The Atom feed of a review's editions (RFC 4287), written with Python's own ElementTree.

Core module (imports nothing from MkDocs), used by the `edition` step. ElementTree, which
Python-Markdown loads anyway, escapes every value it writes; a feed library would cost every
build about 10 ms of imports (lxml, dateutil) for a file of a few elements. Characters that XML
cannot hold (control characters, in a tag's message) are dropped: a feed reader refuses the whole
file for one of them.
"""

from __future__ import annotations

import datetime
import re
import xml.etree.ElementTree as etree
from dataclasses import dataclass

ATOM = "http://www.w3.org/2005/Atom"
# What XML 1.0 cannot hold, listed (the complement, a class of every other character, takes 3 ms to compile).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


@dataclass(frozen=True)
class FeedEntry:
    id: str
    title: str
    link: str
    date: datetime.datetime
    summary: str


@dataclass(frozen=True)
class Feed:
    id: str
    title: str
    subtitle: str
    self_link: str
    site_link: str
    author: str
    updated: datetime.datetime
    entries: list[FeedEntry]  # newest first


def atom(feed: Feed) -> bytes:
    root = etree.Element("feed", {"xmlns": ATOM, "xml:lang": "en"})
    _text(root, "id", feed.id)
    _text(root, "title", feed.title)
    _text(root, "subtitle", feed.subtitle)
    _text(root, "updated", feed.updated.isoformat())
    _text(etree.SubElement(root, "author"), "name", feed.author)
    etree.SubElement(root, "link", {"href": _xml(feed.self_link), "rel": "self"})
    etree.SubElement(root, "link", {"href": _xml(feed.site_link), "rel": "alternate"})
    for entry in feed.entries:
        element = etree.SubElement(root, "entry")
        _text(element, "id", entry.id)
        _text(element, "title", entry.title)
        etree.SubElement(element, "link", {"href": _xml(entry.link), "rel": "alternate"})
        _text(element, "updated", entry.date.isoformat())
        _text(element, "published", entry.date.isoformat())
        _text(element, "summary", entry.summary)
    etree.indent(root)
    return etree.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"


def _text(parent: etree.Element, tag: str, text: str) -> None:
    etree.SubElement(parent, tag).text = _xml(text)


def _xml(text: str) -> str:
    return _NOT_XML.sub("", text)
