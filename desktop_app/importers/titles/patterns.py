"""The patterns a title is read by: its dates and numbers, the words between its names."""

from __future__ import annotations

import re

_MONTH_NAME = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December"
    r"|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?"
)

# Dates as titles name them (`24 December 1951`, `December 24, 1951`, `July 1952`); a bare year
# is left alone because titles also name periods (`Korean War, 1950-1953`).
_DATE_IN_TITLE = (
    rf"\b\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTH_NAME},?\s+\d{{4}}\b"
    rf"|\b{_MONTH_NAME}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}\b"
    r"|\b\d{4}-\d{2}-\d{2}\b"
    rf"|\b{_MONTH_NAME},?\s+\d{{4}}\b"
)

DATE = re.compile(_DATE_IN_TITLE)
DATE_PHRASE = re.compile(rf"(?:,\s*|\s+(?:on|dated|of|for)\s+)?(?:{_DATE_IN_TITLE})")

# A number as written after `No.`: `25025`, `969/I`, `2592/98`, `1930-33`, `76.041`.
_NUMBER_VALUE = r"[A-Za-z]{0,3}-?\d(?:[\w/-]|\.(?=\d))*"

# `No. 25025`, `Special No. 1821`: a qualifier word is part of the number as written.
_NUMBER_MARK = r"(?:(?P<qualifier>[A-Z][\w-]*)\s+)?(?P<no>Nos?\.?|Number|Nr\.|#)\s*"
NUMBER = re.compile(r"^\s*,?\s*" + _NUMBER_MARK + r"(?P<value>" + _NUMBER_VALUE + r")")

# `[Ciphergram No. 7353]`: a number in editorial brackets, anywhere in the title.
BRACKETED_NUMBER = re.compile(r"\s*\[" + _NUMBER_MARK + r"(?P<value>" + _NUMBER_VALUE + r")\s*\]")

# `(Excerpt)`, `(excerpts)`, `[Excerpt]`: the document is in part, which names nobody.
EXCERPT_MARK = re.compile(r"[(\[]\s*(?:excerpts?|extracts?|abridged)\s*[)\]]", re.IGNORECASE)

# Where the naming part of a title ends and a description of the content begins. The verbs are
# never part of a name, in any case (`Transmitting` in Title Case too); the short prepositions
# only in lower case, as capitalised they may begin a name.
TRAILING = re.compile(
    r"\s(?:(?i:conveying|transmitting|forwarding|enclosing|attaching|regarding|concerning|about"
    r"|reporting|requesting|informing|asking|approving|agreeing|explaining|discussing|containing"
    r"|summari[sz]ing|replying|responding|proposing|outlining|describing|instructing|referring|reported|forwarded|led)"
    r"|on|re:?|at|with regard to|in reply to|in response to)\s|\s[-–—]\s|:\s|\s['‘\"“]"
)

HANGING_CONJUNCTION = re.compile(r"\s+(?:and|or|&)\s*$", re.IGNORECASE)
CORRESPONDENTS_AFTER_DASH = re.compile(r"(?:from|to|by)\s", re.IGNORECASE)
TO = re.compile(r"\sto\s")
FOR = re.compile(r"\s+for\s")
VIA = re.compile(r"\s+via\s")
WITH = re.compile(r"\swith\s")
BETWEEN = re.compile(r"(?:^|\s)between\s", re.IGNORECASE)
FROM = re.compile(r"\sfrom\s", re.IGNORECASE)
BY = re.compile(r"\sby\s")
AND = re.compile(r"\s(?:and|&)\s")

# `(via Terebin)`, `[via Terebin]`: an intermediary, in parentheses or editorial brackets.
VIA_PARENTHESES = re.compile(r"[(\[]\s*via\s+([^()\[\]]*)[)\]]", re.IGNORECASE)
PARENTHESISED = re.compile(r"\([^()]*\)")

# The words after a body's head noun (`Embassy in Beijing`, `Government of the PRC`).
HEAD_ENDS = frozenset({"of", "in", "at", "for", "to", "on"})
FOR_IN_BRACKETS = re.compile(r"\s*\[\s*for\s+([^\[\]]+?)\s*\]", re.IGNORECASE)
LEADING_FROM = re.compile(r"^\s*from\s+(?=[A-Z\[])", re.IGNORECASE)
REPORTED_LEAD = re.compile(r"^\s*(?:about|on|regarding|concerning)\s+", re.IGNORECASE)
REPORTED_CONVERSATION = re.compile(
    r"^(?P<owner>[^'’]+?)['’]s\s+(?P<kind>\w+(?:\s+of\s+\w+)?)\s+(?:with|between)\s+(?P<other>.+)$",
    re.IGNORECASE,
)

PLACE_SUFFIX = re.compile(r"^(?P<name>.*\S)\s+(?:in|at)\s+(?P<place>[^\[\]]+)$")
EDITORIAL_ASIDE = re.compile(r"\s*\[[^\[\]]*\]\s*$")
PLAIN_PLACE = re.compile(r"^[A-Z][\w'’.-]+(?:\s[A-Z][\w'’.-]+)?$")
PLACE_IN_PARENTHESES = re.compile(r"^(?P<name>[^()]*\S)\s*\((?P<place>[^()]+)\)$")

# The most words a registry name takes (`Iosif Vissarionovich Stalin`), for mentions.
LONGEST_NAME = 4
POSSESSIVES = re.compile(r"(?<=\w)['’]s\b")
