"""CSV and JSON files opened as text: the encoding told from their first bytes, a sample."""

from __future__ import annotations

import codecs
import io
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TextIO

from desktop_app.domain.errors import InputError

# Enough of a file to tell its encoding, delimiter and shape.
_SAMPLE_BYTES = 1 << 20
#: The encodings as a message names them, by their codec names.
ENCODING_NAMES = {"utf-8": "UTF-8", "cp1252": "Windows-1252", "charmap": "Windows-1252"}


@contextmanager
def open_text(
    path: Path, source: str
) -> Iterator[tuple[TextIO, str, Callable[[UnicodeDecodeError], int | None]]]:
    """A file as text in its own encoding, a decoded sample of its start, and a function that
    tells the line of a decoding error met while reading it."""
    try:
        raw = path.open("rb")
    except FileNotFoundError:
        raise InputError("no such file", path=source) from None
    except OSError as error:
        raise InputError(f"cannot be read: {error.strerror or error}", path=source) from None
    with raw:
        try:
            head = raw.read(_SAMPLE_BYTES)
        except OSError as error:
            raise InputError(f"cannot be read: {error.strerror or error}", path=source) from None
        encoding = _encoding(head, final=len(head) < _SAMPLE_BYTES)
        if encoding == _MOSTLY_UTF8:
            offset = _first_bad_byte(head)
            raise InputError(
                f"is UTF-8 text but for the byte 0x{head[offset]:02x} here, which is not "
                "UTF-8: save the file as UTF-8 and import it again (nothing was imported)",
                path=source,
                line=head.count(b"\n", 0, offset) + 1,
            )
        if encoding is None:
            raise InputError(
                "is a binary file (it contains NUL bytes), not CSV or JSON text",
                path=source,
                line=head.count(b"\n", 0, head.find(b"\x00")) + 1,
            )
        if not head.strip(b" \t\r\n\xef\xbb\xbf\xff\xfe\x00"):
            raise InputError("is empty", path=source)
        raw.seek(0)
        stream = io.TextIOWrapper(raw, encoding=encoding, newline="")

        def locate(error: UnicodeDecodeError) -> int | None:
            # The text is decoded a chunk ahead of the rows read, so the line the reader is at
            # is not the bad byte's: count the lines before that byte in the file itself.
            if encoding.startswith("utf-16"):
                return None
            offset = raw.tell() - len(error.object) + error.start
            return _lines_before(path, offset) + 1

        try:
            yield stream, decode_sample(head), locate
        finally:
            # The wrapper would close `raw` when collected; detaching leaves that to `with raw`.
            stream.detach()


def _lines_before(path: Path, offset: int) -> int:
    count = 0
    with path.open("rb") as again:
        while offset > 0:
            block = again.read(min(offset, _SAMPLE_BYTES))
            if not block:
                break
            count += block.count(b"\n")
            offset -= len(block)
    return count


def _encoding(head: bytes, *, final: bool) -> str | None:
    """UTF-8 (with or without BOM), UTF-16 with its BOM, else Windows-1252; None: binary."""
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    if b"\x00" in head:
        return None
    try:
        codecs.getincrementaldecoder("utf-8")().decode(head, final=final)
    except UnicodeDecodeError:
        # Text whose other non-ASCII characters are UTF-8 is UTF-8 with a few bad bytes, never
        # a legacy encoding: read as Windows-1252 every é and Ж in it would come out garbled.
        return _MOSTLY_UTF8 if _utf8_characters(head, final) else "cp1252"
    return "utf-8"


#: What `_encoding` says of UTF-8 text with a byte or a few that are not UTF-8.
_MOSTLY_UTF8 = "mostly-utf-8"


def _utf8_characters(head: bytes, final: bool) -> int:
    """How many characters beyond ASCII are well-formed UTF-8 in `head`, when more are than
    are not (0 otherwise: the text is in another encoding)."""
    if not final:
        head = head[:-3]  # a character the sample cuts in two is neither
    decoded = head.decode("utf-8", errors="surrogateescape")
    bad = sum(1 for character in decoded if "\udc80" <= character <= "\udcff")
    good = sum(1 for character in decoded if ord(character) > 0x7F) - bad
    return good if good > bad else 0


def _first_bad_byte(head: bytes) -> int:
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as error:
        return error.start
    return 0


def decode_sample(head: bytes) -> str:
    encoding = _encoding(head, final=False) or "utf-8"
    return head.decode(encoding, errors="ignore").lstrip("\ufeff")
