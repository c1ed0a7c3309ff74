"""JSON arrays and JSON Lines read one record at a time, with the line each record starts on."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any, TextIO

from desktop_app.importers.listing import MAX_FIELD_CHARS

# The largest JSON item (one record) read before giving up on finding its end.
MAX_ITEM_CHARS = 20 * MAX_FIELD_CHARS


#: Why a record nested past what Python's decoder can hold is refused.
TOO_DEEP = "nests arrays or objects too deeply to be a record (hundreds of levels)"


def looks_like_lines(sample: str) -> bool:
    """A JSON Lines file: its first line is a whole JSON object and another line follows."""
    first, _, rest = sample.lstrip().partition("\n")
    if not first.strip().startswith("{"):
        return False
    try:
        json.loads(first)
    except (json.JSONDecodeError, RecursionError):
        return False
    return rest.lstrip().startswith("{")


def json_kind(value: object) -> str:
    """What a JSON value is, as a message about a record names it."""
    if isinstance(value, dict):
        return "object"
    if isinstance(value, list):
        return "array"
    if isinstance(value, str):
        return "string"
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true/false"
    return "number"


def json_line_items(stream: TextIO) -> Iterator[tuple[int, Any]]:
    """The records of a JSON Lines file; a line that is not JSON ends them with JsonError."""
    for number, text in enumerate(iter(lambda: stream.readline(MAX_ITEM_CHARS + 1), ""), 1):
        if not text.strip():
            continue
        try:
            item = json.loads(text)
        except json.JSONDecodeError as error:
            raise JsonError(
                number, f"is not valid JSON: {error.msg} (column {error.colno})"
            ) from None
        except RecursionError:
            raise JsonError(number, TOO_DEEP) from None
        yield number, item


class JsonError(Exception):
    def __init__(self, line: int, reason: str) -> None:
        super().__init__(reason)
        self.line = line
        self.reason = reason


class JsonStream:
    """The items of a JSON array read from a stream one at a time, with their line numbers."""

    CHUNK = 1 << 20

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.buffer = ""
        self.position = 0
        self.eof = False
        # The line number at `counted` (an offset into the buffer), advanced as reading goes.
        self.line = 1
        self.counted = 0
        self.decoder = json.JSONDecoder()

    def records(self) -> Iterator[tuple[int, Any]]:
        opening = self.peek()
        if opening == "[":
            yield from self.array()
        elif opening == "{":
            yield from self.object_records()
        elif opening == "":
            raise JsonError(self.line_at(self.position), "holds no JSON")
        else:
            raise JsonError(
                self.line_at(self.position),
                "is not a JSON array of records, nor an object with a 'records' array",
            )
        if self.peek() != "":
            raise JsonError(self.line_at(self.position), "has more text after the end of the JSON")

    def object_records(self) -> Iterator[tuple[int, Any]]:
        self.expect("{")
        found = False
        if self.peek() == "}":
            self.position += 1
        else:
            while True:
                _, key = self.value()
                if not isinstance(key, str):
                    raise self.problem("an object key must be a string")
                self.expect(":")
                if key == "records" and self.peek() == "[":
                    found = True
                    yield from self.array()
                else:
                    self.value()
                separator = self.peek()
                self.position += 1
                if separator == "}":
                    break
                if separator != ",":
                    self.position -= 1
                    raise self.problem("expected ',' or '}' after a value")
        if not found:
            raise JsonError(1, "is a JSON object without a 'records' array")

    def array(self) -> Iterator[tuple[int, Any]]:
        self.expect("[")
        if self.peek() == "]":
            self.position += 1
            return
        while True:
            yield self.value()
            separator = self.peek()
            self.position += 1
            if separator == "]":
                return
            if separator != ",":
                self.position -= 1
                raise self.problem("expected ',' or ']' after a record")

    def value(self) -> tuple[int, Any]:
        self.peek()
        line = self.line_at(self.position)
        last_failure: tuple[int, str] | None = None
        while True:
            try:
                value, end = self.decoder.raw_decode(self.buffer, self.position)
            except RecursionError:
                raise JsonError(line, TOO_DEEP) from None
            except json.JSONDecodeError as error:
                # The value may just go on in the next chunk; a failure that more text does not
                # move is a real one.
                failure = (error.pos - self.position, error.msg)
                if not self.eof and failure != last_failure:
                    if len(self.buffer) - self.position >= MAX_ITEM_CHARS:
                        raise JsonError(
                            line, f"a record is longer than {MAX_ITEM_CHARS:,} characters"
                        ) from None
                    last_failure = failure
                    self.fill()
                    continue
                raise JsonError(
                    self.line_at(error.pos), f"is not valid JSON: {error.msg}"
                ) from None
            # A number that ends where the buffer does may go on in the next chunk.
            if end == len(self.buffer) and not self.eof:
                self.fill()
                continue
            self.position = end
            return line, value

    def peek(self) -> str:
        """The next character that is not white space ("" at the end), left unread."""
        while True:
            while self.position < len(self.buffer) and self.buffer[self.position] in " \t\r\n":
                self.position += 1
            if self.position < len(self.buffer) or self.eof:
                break
            self.fill()
        return self.buffer[self.position] if self.position < len(self.buffer) else ""

    def expect(self, character: str) -> None:
        if self.peek() != character:
            raise self.problem(f"expected '{character}'")
        self.position += 1

    def problem(self, reason: str) -> JsonError:
        return JsonError(self.line_at(self.position), f"is not valid JSON: {reason}")

    def fill(self) -> None:
        chunk = self.stream.read(self.CHUNK)
        if not chunk:
            self.eof = True
            return
        # Drop what has been read, counting its lines first, so the buffer stays small.
        self.line_at(self.position)
        self.buffer = self.buffer[self.position :] + chunk
        self.counted -= self.position
        self.position = 0

    def line_at(self, offset: int) -> int:
        if offset >= self.counted:
            self.line += self.buffer.count("\n", self.counted, offset)
            self.counted = offset
            return self.line
        return self.line - self.buffer.count("\n", offset, self.counted)
