"""What the server scans of a blob: all of its text, or for a blob over the
size limit the parts where a page's title and its closing paragraph sit.

A large blob is read once as a stream.  Runs of 256 or more white-space bytes
(say the inside of an HTML comment padding a page past the limit) are counted
but not kept; of the rest, the first ``window`` bytes (the head) and the last
``window`` bytes (the tail) are kept, so padding anywhere cannot push the title
out of the head or the closing paragraph out of the tail.  The kept parts are scanned as one text, one part a
line, and every finding is placed back at its line, column and offset in the
file.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from collections import deque

from spamgate.reader import BINARY_SNIFF, looks_binary

BLOCK = 1 << 16
_PADDING = re.compile(rb"[ \t\n\r\x0b\x0c]{256,}")  # a run of white space this long is padding
_CONTINUATION = bytes(range(0x80, 0xC0))


def _chars(data) -> int:
    """Characters in UTF-8 bytes (continuation bytes do not start one)."""
    return len(data.translate(None, _CONTINUATION))


def _advance(data, line: int, column: int) -> tuple[int, int]:
    """(line, column) just past ``data``, from (line, column) at its start; LF, CRLF and CR end a line."""
    breaks = data.count(b"\n") + data.count(b"\r") - data.count(b"\r\n")
    if not breaks:
        return line, column + _chars(data)
    last = max(data.rfind(b"\n"), data.rfind(b"\r"))
    return line + breaks, _chars(data[last + 1:]) + 1


def place(places: list[tuple[int, int, int, int]], document, findings) -> list:
    """The findings with their positions moved from an excerpt's text (``document``)
    to the file; ``places``: (start in the text, line, column, offset in the file)
    of each part."""
    starts = [p[0] for p in places]
    lines = [document.locate(p[0])[0] for p in places]

    def where(offset: int, line: int, column: int) -> tuple[int, int, int]:
        index = max(0, bisect_right(starts, offset) - 1)
        start, file_line, file_column, file_offset = places[index]
        first = lines[index]
        column = file_column + column - 1 if line == first else column
        return file_line + line - first, column, file_offset + offset - start

    placed = []
    for f in findings:
        if f.location != "content" or f.offset < 0:
            placed.append(f)
            continue
        line, column, offset = where(f.offset, f.line, f.column)
        end_line, end_column, end_offset = where(max(f.offset, f.end_offset), f.end_line, f.end_column)
        placed.append(f._replace(line=line, column=column, offset=offset, end_line=end_line,
                                 end_column=end_column, end_offset=end_offset))
    return placed


class Excerpt:
    """The parts of a file that were scanned, joined by line ends, and where each lies in the file."""

    __slots__ = ("text", "places", "size", "kept", "replaced")

    def __init__(self, parts: list[tuple[int, int, int, str]], size: int, kept: int, replaced: int):
        texts = []
        self.places = []  # (start in text, line, column, offset in the file)
        at = 0
        for line, column, offset, text in parts:
            if texts:
                texts.append("\n")
                at += 1
            self.places.append((at, line, column, offset))
            texts.append(text)
            at += len(text)
        self.text = "".join(texts)
        self.size, self.kept, self.replaced = size, kept, replaced

    def note(self) -> str:
        return (f"{self.size:,} bytes, over the size limit: scanned {self.kept:,} bytes of its start "
                f"and end, blank padding left out")


class Windows:
    """Collects the head and the tail of a large blob fed in pieces, leaving out blank padding."""

    def __init__(self, window: int):
        self.window = window
        self.head: list[list] = []  # pieces: [line, column, offset, bytearray, end position in the file]
        self.tail: deque[list] = deque()
        self.head_size = self.tail_size = 0
        self.first = b""  # the blob's first bytes, for the binary test
        self.carry = b""
        self.size = 0
        self.line, self.column, self.offset = 1, 1, 0

    def feed(self, piece: bytes) -> None:
        data = self.carry + piece if self.carry else piece
        if len(self.first) < BINARY_SNIFF:
            self.first += data[:BINARY_SNIFF - len(self.first)]
        at = 0
        while len(data) - at >= BLOCK + 4:
            cut = at + BLOCK
            while 0x80 <= data[cut] < 0xC0 and cut > at + BLOCK - 4:
                cut -= 1  # never split a character
            self._block(data[at:cut])
            at = cut
        self.carry = data[at:]

    def _block(self, block: bytes) -> None:
        at = 0
        for m in _PADDING.finditer(block):
            if m.start() > at:
                self._content(block[at:m.start()])
            self._count(block[m.start():m.end()])
            at = m.end()
        if at < len(block):
            self._content(block[at:])

    def _content(self, data: bytes) -> None:
        if self.head_size < self.window:
            take = self.window - self.head_size
            while take < len(data) and 0x80 <= data[take] < 0xC0:
                take += 1
            self.head_size += self._keep(self.head, data[:take])
            data = data[take:]
            if not data:
                return
        self.tail_size += self._keep(self.tail, data)
        self._trim()

    def _keep(self, pieces, data: bytes) -> int:
        if pieces and pieces[-1][4] == self.size:
            pieces[-1][3] += data
            pieces[-1][4] += len(data)
        else:
            pieces.append([self.line, self.column, self.offset, bytearray(data), self.size + len(data)])
        self._count(data)
        return len(data)

    def _count(self, data) -> None:
        self.line, self.column = _advance(data, self.line, self.column)
        self.offset += _chars(data)
        self.size += len(data)

    def _trim(self) -> None:
        """Keep at most ``window`` bytes of tail, dropping from its front."""
        tail = self.tail
        while self.tail_size - len(tail[0][3]) >= self.window:
            self.tail_size -= len(tail.popleft()[3])
        extra = self.tail_size - self.window
        if extra > 0:
            first = tail[0]
            data = first[3]
            while extra < len(data) and 0x80 <= data[extra] < 0xC0:
                extra += 1
            cut = data[:extra]
            first[0], first[1] = _advance(cut, first[0], first[1])
            first[2] += _chars(cut)
            del data[:extra]
            self.tail_size -= extra

    def excerpt(self, page: bool) -> Excerpt | None:
        """The scanned text, or None when the blob is binary (a page never is)."""
        if self.carry:
            self._block(self.carry)
            self.carry = b""
        if not page and looks_binary(self.first):
            return None
        parts = []
        replaced = 0
        for line, column, offset, data, _ in [*self.head, *self.tail]:
            text = data.decode("utf-8", "replace")
            replaced += text.count("\ufffd") - data.count("\ufffd".encode())
            parts.append((line, column, offset, text))
        return Excerpt(parts, self.size, self.head_size + self.tail_size, max(0, replaced))
