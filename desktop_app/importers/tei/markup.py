"""TEI markup: the tags read, a stream parser that trusts no file, and where an element lies."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, Any

from lxml import etree

from desktop_app.domain.errors import InputError

TEI = "http://www.tei-c.org/ns/1.0"

XML_ID = "{http://www.w3.org/XML/1998/namespace}id"
DIV = f"{{{TEI}}}div"
HEAD = f"{{{TEI}}}head"


def local_name(tag: Any) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def tidy(text: str) -> str:
    return " ".join(text.split())


def parse(
    source: str | IO[bytes], events: tuple[str, ...], tags: Iterable[str] | None = None
) -> Iterator[tuple[str, Any]]:
    """Events of the file's elements (only those of `tags`, given in Clark notation)."""
    # Catalog files are untrusted: no DTD, no entities from outside, no network.
    return etree.iterparse(  # type: ignore[no-any-return]
        source,
        events=events,
        tag=None if tags is None else list(tags),
        load_dtd=False,
        no_network=True,
        resolve_entities=False,
        remove_comments=True,
        remove_pis=True,
    )


def syntax_error(path: Path, error: etree.XMLSyntaxError) -> InputError:
    line = error.lineno if error.lineno else None
    message = re.sub(r",\s*line \d+, column \d+$", "", str(error.msg or error))
    return InputError(f"not well-formed XML: {message}", path=str(path), line=line)


def drop(element: Any) -> None:
    """Free an element read to its end, and the siblings read before it."""
    element.clear(keep_tail=True)
    parent = element.getparent()
    if parent is not None:
        while element.getprevious() is not None:
            del parent[0]


def in_body(element: Any) -> bool:
    node = element.getparent()
    while node is not None:
        name = local_name(node.tag)
        if name == "body":
            return True
        if name in {"front", "back"}:
            return False
        node = node.getparent()
    return False


def inside_note(element: Any, stop: Any) -> bool:
    node = element.getparent()
    while node is not None and node is not stop:
        if local_name(node.tag) == "note":
            return True
        node = node.getparent()
    return False


def inside_text(element: Any, div: Any) -> bool:
    """Whether an element lies in the document's paragraphs or notes rather than its opener."""
    node = element.getparent()
    while node is not None and node is not div:
        if local_name(node.tag) in {"note", "p", "floatingText", "quote", "div"}:
            return True
        node = node.getparent()
    return False
