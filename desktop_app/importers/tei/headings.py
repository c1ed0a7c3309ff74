"""What a document's head says in words: its number, its type, its senders and addressees."""

from __future__ import annotations

import re
from typing import Any

from desktop_app.importers.tei.markup import tidy

LEADING_NUMBER = re.compile(r"^\s*\[?\d+[A-Z]?\]?\.\s+")

#: What ends the type words at the start of a head ("Telegram From …", "Memorandum by …").
_TYPE_END = re.compile(
    r"\s+(?:From|from|By|by|To|to|Between|between|With|with|Prepared|prepared|Submitted|"
    r"submitted|Received|Issued|at|on|in|for(?!\s+the\s+(?:Record|Files?)\b))\s|,|\s\(|:"
)

#: A head whose first words are its sender, not a type (1949 and 1951: "The Ambassador in …").
_SENDER_FIRST = re.compile(
    r"^(?:The|Mr\.|Mrs\.|President|General|Major|Lieutenant|Admiral|Ambassador|Secretary|"
    r"Chairman|Premier|Prime)\b"
)

_CORRESPONDENTS = re.compile(
    r"(?:^|\s)(?:From|from|by)\s+(?P<sender>.+?)(?:\s+to\s+(?P<addressee>.+))?$"
)

_SENDER_TO = re.compile(r"^(?P<sender>.+?)\s+to\s+(?P<addressee>.+)$")
AT_PLACE = re.compile(r",?\s+at\s+[A-Z][\w .’'-]*$|,\s+in\s+[A-Z][\w .’'-]*$")
_HONORIFIC = re.compile(
    r"^(?:Mr|Mrs|Miss|Dr|Ambassador|Minister|General|Admiral|Colonel|Governor|Senator|"
    r"Secretary|President|Chairman|Premier|Prime Minister|Foreign Minister|Vice President|"
    r"Attorney General|Deputy|Under Secretary|Assistant Secretary)\.?\s+"
)

OFFICE_PLACE = re.compile(r"\s+((?:in|at)\s+(?:the\s+)?[A-Z][^()]*?)(?=\s+to\s|\s*$|\s*\()")

#: "Mr. Marshall Green of the Division of Northeast Asian Affairs": a person and their post.
DESCRIBED_PERSON = re.compile(
    r"^(?:Mr\.|Mrs\.|Miss|Dr\.)\s+(?P<name>[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,3})"
    r"(?:,|\s+of\s|\s+at\s|\s+in\s)"
)

_TYPE_SUFFIX = re.compile(r":\s*(?P<type>[A-Z][a-z]+(?: [a-z]+)?)\s*$")


def type_of(title: str, inline_source: Any | None) -> str | None:
    """A document's type from its head's first words, else from a 1949 source note's suffix."""
    if title and not _SENDER_FIRST.match(title):
        lead = _TYPE_END.split(title, maxsplit=1)[0].strip(" .")
        if lead and len(lead.split()) <= 8:
            return _normal_type(lead)
    if inline_source is not None:
        suffix = _TYPE_SUFFIX.search(tidy("".join(inline_source.itertext())))
        if suffix:
            return _normal_type(suffix.group("type"))
    return None


def _normal_type(lead: str) -> str:
    """One spelling of a type: "Memorandum of a Conversation" is a Memorandum of Conversation."""
    words = lead.replace(" of a ", " of ").replace(" of an ", " of ")
    words = re.sub(r"\bConversations\b", "Conversation", words)
    return " ".join(
        word[:1].upper() + word[1:] if word not in {"of", "for", "the"} else word
        for word in words.split()
    )


def correspondents_in(title: str) -> tuple[str | None, str | None]:
    """The words naming a head's sender and addressee: "From X to Y", "X to Y", "by X"."""
    found = _CORRESPONDENTS.search(title)
    if found:
        return found.group("sender"), found.group("addressee")
    if _SENDER_FIRST.match(title):
        found = _SENDER_TO.match(title)
        if found:
            return found.group("sender"), found.group("addressee")
    return None, None


def looks_like_name(text: str) -> bool:
    words = _HONORIFIC.sub("", text.strip()).split()
    return (
        1 <= len(words) <= 5
        and all(word[:1].isupper() for word in words)
        and not any("/" in word for word in words)
    )
