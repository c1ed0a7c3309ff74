"""A CSV file's delimiter told from its header, a strict reader, and its errors in words."""

from __future__ import annotations

import csv
from typing import Any, TextIO

from desktop_app.importers.listing import MAX_FIELD_CHARS


def csv_reader(stream: TextIO, sample: str, tab_separated: bool) -> Any:
    """A strict CSV reader over `stream`, its delimiter told by the header (or a `sep=` line)."""
    first_line = sample.split("\n", 1)[0].strip()
    # Excel's `sep=;` line names the delimiter and comes before the header.
    excel_hint = len(first_line) == 5 and first_line.casefold().startswith("sep=")
    if excel_hint:
        delimiter = first_line[4]
    else:
        delimiter = delimiter_of(first_line, "\t" if tab_separated else None)
    reader = csv.reader(stream, delimiter=delimiter, strict=True)
    if excel_hint:
        next(reader, None)
    return reader


def csv_reason(message: str) -> tuple[str, bool]:
    """A CSV syntax error as a person reads it, and whether reading can go on after its line."""
    if "field larger than field limit" in message:
        return f"a cell is longer than the limit of {MAX_FIELD_CHARS:,} characters", False
    if "unexpected end of data" in message:
        return 'a quoted cell that starts here is never closed (a " is missing)', False
    if "expected after" in message:
        return (
            'a quote is missing or stray: a quoted cell must end with " just before the '
            'delimiter or the end of the line (write "" for a quote inside a cell)',
            True,
        )
    return f"is not valid CSV: {message}", True


def delimiter_of(line: str, preferred: str | None) -> str:
    """The delimiter of a header line: the most frequent of , ; tab | outside quotes."""
    counts = dict.fromkeys(",;\t|", 0)
    quoted = False
    for character in line:
        if character == '"':
            quoted = not quoted
        elif not quoted and character in counts:
            counts[character] += 1
    if preferred is not None and counts[preferred]:
        return preferred
    best = max(counts, key=lambda character: counts[character])
    if counts[best]:
        return best
    try:
        return csv.Sniffer().sniff(line, delimiters=",;\t|").delimiter
    except csv.Error:
        return ","
