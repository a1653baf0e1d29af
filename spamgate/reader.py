"""Read bytes into a Document: decoding, binary detection and size limits."""
from __future__ import annotations

import codecs
import os

from typing import NamedTuple
from spamgate.model import Document

DEFAULT_MAX_BYTES = 5 * 1024 * 1024
BINARY_SNIFF = 8000  # git's binary test: a NUL byte in the first 8,000 bytes
_BOM_STARTS = (b"\xef", b"\xff", b"\xfe", b"\x00")  # first bytes of the BOMs decode() knows


class Skipped(NamedTuple):
    """A file that was not scanned, and why."""

    path: str
    reason: str  # "binary", "too-large", "undecodable", "unreadable", "not-a-file"
    message: str
    is_error: bool = False  # True when the file could not be read at all

    @property
    def is_notable(self) -> bool:
        """Worth telling the user about even without --verbose."""
        return self.is_error or self.reason in ("undecodable", "too-large")


def _bom(data: bytes) -> tuple[str, bytes] | None:
    """(encoding, body to decode) for content that starts with a byte-order mark."""
    if data.startswith(codecs.BOM_UTF8):
        return "utf-8-sig", data[3:]
    if data.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        return "utf-32", data  # the codec reads and drops the mark
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16", data
    return None


def decode(data: bytes, path: str = "") -> tuple[str, str] | Skipped:
    """Decode file content: UTF-8 (BOM or not), UTF-16/32 with BOM.

    Returns (text, encoding) or a Skipped saying why it cannot be read as text.
    """
    marked = _bom(data) if data[:1] in _BOM_STARTS else None
    if marked is None:
        if data.find(b"\x00", 0, BINARY_SNIFF) >= 0:
            return Skipped(path, "binary", "binary file (NUL byte), not scanned")
        encoding, body = "utf-8", data
    else:
        encoding, body = marked
    try:
        text = body.decode("utf-8" if encoding == "utf-8-sig" else encoding)
    except UnicodeDecodeError as exc:
        start = exc.start
        line = _line_of(body, start, encoding)
        return Skipped(
            path, "undecodable",
            f"not valid {encoding.upper().replace('-SIG', '')} (byte 0x{body[start]:02X} at offset {start}, line {line}); not scanned",
        )
    return text, encoding


# Control bytes other than the white space of text (tab, line ends, form feed) and ESC.
_CONTROL = bytes(b for b in range(32) if b not in (9, 10, 11, 12, 13, 27)) + b"\x7f"
BINARY_SHARE = 20  # more than one control byte in this many, in the first BINARY_SNIFF bytes: binary


def looks_binary(data: bytes) -> bool:
    """Whether content is binary by the share of control bytes among its first
    ``BINARY_SNIFF`` bytes: a stray NUL in a text does not make it binary."""
    sample = data[:BINARY_SNIFF]
    controls = len(sample) - len(sample.translate(None, _CONTROL))
    return controls * BINARY_SHARE > len(sample)


def decode_replacing(data: bytes) -> tuple[str, str, int]:
    """``(text, encoding, replaced)``: content decoded as ``decode`` does, each
    byte sequence that is not valid in its encoding replaced by U+FFFD;
    ``replaced`` counts them."""
    marked = _bom(data) if data[:1] in _BOM_STARTS else None
    encoding, body = marked if marked is not None else ("utf-8", data)
    codec = "utf-8" if encoding == "utf-8-sig" else encoding
    try:
        return body.decode(codec), encoding, 0
    except UnicodeDecodeError:
        text = body.decode(codec, "replace")
    present = text.count("\ufffd")
    genuine = body.count("\ufffd".encode(codec)) if codec == "utf-8" else 0
    return text, encoding, max(1, present - genuine)


def document_from_bytes(data: bytes, path: str, **kwargs) -> Document | Skipped:
    result = decode(data, path)
    if isinstance(result, Skipped):
        return result
    text, encoding = result
    return Document(path=path, text=text, encoding=encoding, **kwargs)


def _line_of(body: bytes, offset: int, encoding: str) -> int:
    """1-based line of a byte offset; \\n, \\r\\n and a lone \\r each end a line."""
    if encoding in ("utf-8", "utf-8-sig"):
        prefix = body[:offset]
        return prefix.count(b"\n") + prefix.count(b"\r") - prefix.count(b"\r\n") + 1
    text = body[:offset].decode(encoding, "ignore")
    return text.count("\n") + text.count("\r") - text.count("\r\n") + 1


def read_path(path: str, max_bytes: int = DEFAULT_MAX_BYTES) -> Document | Skipped:
    """Read one file from disk; never raises for an ordinary I/O problem.

    The file is opened once and judged by ``fstat`` on the open descriptor, so
    a file swapped for a FIFO, a directory or a huge file between a look and
    a read cannot block or exhaust the reader.  A file over ``max_bytes`` is
    never read.
    """
    import stat as _stat

    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(path, flags)
    except FileNotFoundError:
        if os.path.islink(path):
            try:
                target = os.readlink(path)
            except OSError:
                target = "?"
            return Skipped(path, "not-a-file", f"broken symbolic link (to {target!r}), not scanned")
        return Skipped(path, "unreadable", "no such file", is_error=True)
    except (OSError, ValueError) as exc:  # ValueError: a NUL byte in the path
        if isinstance(exc, IsADirectoryError):
            return Skipped(path, "not-a-file", "is a directory", is_error=True)
        if isinstance(exc, OSError) and os.path.islink(path):  # e.g. a symbolic link loop
            return Skipped(path, "not-a-file", f"symbolic link that cannot be followed ({exc.strerror or exc}), not scanned")
        message = getattr(exc, "strerror", None) or str(exc)
        return Skipped(path, "unreadable", f"cannot read: {message}", is_error=True)
    try:
        st = os.fstat(fd)
        if _stat.S_ISDIR(st.st_mode):
            if os.path.islink(path):
                return Skipped(path, "not-a-file", "symbolic link to a directory, not followed")
            return Skipped(path, "not-a-file", "is a directory", is_error=True)
        if not _stat.S_ISREG(st.st_mode):
            return Skipped(path, "not-a-file", "not a regular file, not scanned")
        if st.st_size > max_bytes:
            return Skipped(path, "too-large", f"{st.st_size} bytes is over the {max_bytes}-byte limit, not scanned")
        chunks = []
        remaining = max_bytes + 1
        while remaining > 0:
            chunk = os.read(fd, min(remaining, 1 << 20))
            if not chunk:
                break
            chunks.append(chunk)
            remaining -= len(chunk)
        data = b"".join(chunks)
    except OSError as exc:
        return Skipped(path, "unreadable", f"cannot read: {exc.strerror or exc}", is_error=True)
    finally:
        os.close(fd)
    if len(data) > max_bytes:
        return Skipped(path, "too-large", f"over the {max_bytes}-byte limit, not scanned")
    return document_from_bytes(data, path)
