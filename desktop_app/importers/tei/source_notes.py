"""A document's source note, and the archive and security marking it and the opener give."""

from __future__ import annotations

import re
from typing import Any

from desktop_app.importers.tei.markup import TEI, local_name, tidy

#: Markings of a source note, longest first so that "Top Secret" is not read as "Secret".
_CLASSIFICATIONS = (
    "No classification marking",
    "Limited Official Use",
    "Official Use Only",
    "Top Secret",
    "Confidential",
    "Unclassified",
    "Restricted",
    "Secret",
)

SOURCE_LEAD = re.compile(r"^\s*Source:\s*", re.IGNORECASE)


def inline_source_note(div: Any) -> Any | None:
    """The 1949 and 1951 volumes' source note, written before the head."""
    for child in div:
        name = local_name(child.tag)
        if name == "note" and child.get("type") == "source":
            return child
        if name == "head":
            return None
    return None


def head_source_note(head: Any) -> Any | None:
    notes = [note for note in head.iter(f"{{{TEI}}}note")]
    for note in notes:
        if note.get("type") == "source":
            return note
    for note in notes:
        if SOURCE_LEAD.match("".join(note.itertext())):
            return note
    return None


def opener_classification(div: Any) -> str | None:
    opener = div.find(f"{{{TEI}}}opener")
    if opener is None:
        return None
    for seg in opener.iter(f"{{{TEI}}}seg"):
        words = tidy("".join(seg.itertext()))
        marking = classification_of(words + ".")
        if marking is not None and len(words) <= len(marking) + 2:
            return marking
    return None


def classification_of(citation: str) -> str | None:
    """The security marking a source note gives in one of its sentences ("Secret; Priority.")."""
    for sentence in re.split(r"(?<=[.;])\s+", citation):
        folded = sentence.strip().lower()
        for marking in _CLASSIFICATIONS:
            if folded.startswith(marking.lower()) and (
                len(folded) == len(marking) or not folded[len(marking)].isalpha()
            ):
                return marking
    return None


def archive_of(citation: str) -> str | None:
    """Where a source note says the original is: its first part ("Eisenhower Library")."""
    first = re.split(r"[,:]|(?<![A-Z])\.\s", citation, maxsplit=1)[0].strip(" .")
    if not first or len(first) > 80 or not first[:1].isupper():
        return None
    return first
