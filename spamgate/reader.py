"""Read bytes into a Document: decoding, binary detection and size limits."""
from __future__ import annotations

import codecs
import os
from dataclasses import dataclass

from spamgate.model import Document

DEFAULT_MAX_BYTES = 5 * 1024 * 1024
BINARY_SNIFF = 8000  # git's binary test: a NUL byte in the first 8,000 bytes


@dataclass(frozen=True)
class Skipped:
    """A file that was not scanned, and why."""

    path: str
    reason: str  # "binary", "too-large", "undecodable", "unreadable", "not-a-file"
    message: str
    is_error: bool = False  # True when the file could not be read at all

    @property
    def is_notable(self) -> bool:
        """Worth telling the user about even without --verbose."""
        return self.is_error or self.reason in ("undecodable", "too-large")


def decode(data: bytes, path: str = "") -> tuple[str, str] | Skipped:
    """Decode file content: UTF-8 (BOM or not), UTF-16/32 with BOM.

    Returns (text, encoding) or a Skipped saying why it cannot be read as text.
    """
    if data.startswith(codecs.BOM_UTF8):
        encoding, body = "utf-8-sig", data[3:]
    elif data.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        encoding, body = "utf-32", data
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encoding, body = "utf-16", data
    else:
        if b"\x00" in data[:BINARY_SNIFF]:
            return Skipped(path, "binary", "binary file (NUL byte), not scanned")
        encoding, body = "utf-8", data
    try:
        if encoding == "utf-8":
            text = body.decode("utf-8")
        elif encoding == "utf-8-sig":
            text = body.decode("utf-8")
        else:
            text = data.decode(encoding)
    except UnicodeDecodeError as exc:
        start = exc.start
        line = body[:start].count(b"\n") + 1
        return Skipped(
            path, "undecodable",
            f"not valid {encoding.upper().replace('-SIG', '')} (byte 0x{body[start]:02X} at offset {start}, line {line}); not scanned",
        )
    return text, encoding


def document_from_bytes(data: bytes, path: str, **kwargs) -> Document | Skipped:
    result = decode(data, path)
    if isinstance(result, Skipped):
        return result
    text, encoding = result
    return Document(path=path, text=text, encoding=encoding, **kwargs)


def read_path(path: str, max_bytes: int = DEFAULT_MAX_BYTES) -> Document | Skipped:
    """Read one file from disk; never raises for an ordinary I/O problem."""
    try:
        st = os.stat(path)
    except FileNotFoundError:
        return Skipped(path, "unreadable", "no such file", is_error=True)
    except OSError as exc:
        return Skipped(path, "unreadable", f"cannot read: {exc.strerror or exc}", is_error=True)
    import stat as _stat

    if _stat.S_ISDIR(st.st_mode):
        return Skipped(path, "not-a-file", "is a directory", is_error=True)
    if not _stat.S_ISREG(st.st_mode):
        return Skipped(path, "not-a-file", "not a regular file, not scanned")
    if st.st_size > max_bytes:
        return Skipped(path, "too-large", f"{st.st_size} bytes is over the {max_bytes}-byte limit, not scanned")
    try:
        with open(path, "rb") as f:
            data = f.read(max_bytes + 1)
    except OSError as exc:
        return Skipped(path, "unreadable", f"cannot read: {exc.strerror or exc}", is_error=True)
    if len(data) > max_bytes:
        return Skipped(path, "too-large", f"over the {max_bytes}-byte limit, not scanned")
    return document_from_bytes(data, path)
