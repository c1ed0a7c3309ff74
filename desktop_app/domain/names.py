"""When names written differently are one person's: `Roshchin`, `N.V. Roshchin`, `Nikolai Roshchin`.

The rules of a catalog's one name per person, for names written given names first (Western and
Russian): the same surname, and given names that agree where both give them, an initial
standing for any name it begins. Which of the names the person keeps is the fullest.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from desktop_app.domain.text import fold


@dataclass(frozen=True, slots=True)
class WrittenName:
    """A name split as written: its given names (an initial as one letter) and its surname."""

    given: tuple[str, ...]
    surname: str

    @property
    def full_given(self) -> int:
        """How many given names are written out rather than as initials."""
        return sum(len(part) > 1 for part in self.given)


def written_name(name: str) -> WrittenName | None:
    """`N.V. Roshchin` -> (n, v) roshchin; None for what is not a name of that shape."""
    tokens = name.split()
    surname = surname_of(name)
    if not surname:
        return None
    given: list[str] = []
    for token in tokens[:-1]:
        if "." in token.rstrip(".") or (token.endswith(".") and len(token) <= 4):
            # `N.V.`, `Sh.`, `Yu.`: initials, each standing for a name it begins.
            given.extend(_folded(part)[:1] for part in token.split(".") if part)
        elif token[:1].isupper():
            given.append(_folded(token))
        else:
            return None  # a particle or a word in lower case: a name of another shape
    if any(not part for part in given):
        return None
    return WrittenName(tuple(given), surname)


def surname_of(name: str) -> str:
    """The folded surname `written_name` would read (the last word), or "" where none."""
    last = name.rsplit(None, 1)[-1] if name.strip() else ""
    surname = _folded(last) if last[:1].isupper() else ""
    return surname if len(surname) >= 2 else ""


def same_person(first: WrittenName, second: WrittenName) -> bool:
    """Whether two names can be one person's: one surname, given names that agree so far."""
    if first.surname != second.surname:
        return False
    for mine, theirs in zip(first.given, second.given, strict=False):
        if len(mine) == 1 or len(theirs) == 1:
            if mine[0] != theirs[0]:
                return False
        elif mine != theirs:
            return False
    return True


def fullest(names: Sequence[str]) -> str:
    """The name to keep of several for one person: most given names written out, then most
    given names or initials, then the first."""

    def fullness(name: str) -> tuple[int, int]:
        read = written_name(name)
        return (0, 0) if read is None else (read.full_given, len(read.given))

    return max(names, key=fullness)


def _folded(token: str) -> str:
    return _NOT_IN_A_NAME_WORD.sub("", fold(token))


_NOT_IN_A_NAME_WORD = re.compile(r"[^\w'-]|_")
