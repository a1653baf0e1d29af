"""``--fix``: turn look-alike letters in flagged words back into ASCII.

Only the spans of fixable findings change: in each, a look-alike letter is
replaced by the ASCII letter it imitates (``spamgate.deconfuse.prototype``,
else the finding's plain-ASCII suggestion) and invisible characters are
removed.  Everything else -- encoding, byte-order mark, line endings, every
other byte -- is kept: each changed span is re-encoded on its own and spliced
into the original bytes.  Files are written atomically (a temporary file in
the same directory, then ``os.replace``) with their permissions kept.
"""
from __future__ import annotations

import codecs
import os
from dataclasses import dataclass


def fixable_codes() -> frozenset[str]:
    """The checks whose spans --fix rewrites, as their declarations say."""
    from spamgate.registry import all_checks

    return frozenset(code for code, check in all_checks().items() if check.fixable)


class FixError(Exception):
    """A file that cannot be fixed safely; nothing was written."""


@dataclass
class Fix:
    path: str
    old_text: str
    new_text: str
    new_bytes: bytes
    spans: int  # how many spans changed


def _invisible(ch: str) -> bool:
    if ch < "\x80":
        return False
    from spamgate.ucd import category, is_default_ignorable

    return is_default_ignorable(ch) or category(ch) == "Cf"


def fix_span(span: str, suggestion: str | None = None) -> str:
    """``span`` with look-alike letters as ASCII and invisible characters removed."""
    from spamgate.deconfuse import prototype

    visible = [c for c in span if not _invisible(c)]
    protos = [None if c < "\x80" else prototype(c) for c in visible]
    if (suggestion and suggestion.isascii() and len(suggestion) == len(visible)
            and all(p is None or len(p) == 1 for p in protos)):
        # A letter without a known prototype (a foreign letter that only looks
        # Latin): take the suggestion's letter at the same place.
        for i, c in enumerate(visible):
            if c >= "\x80" and protos[i] is None and suggestion[i].isalpha():
                protos[i] = suggestion[i]
    return "".join(c if p is None else p for c, p in zip(visible, protos))


def _spans(findings) -> list[tuple[int, int, str | None]]:
    """Merged (start, end, suggestion) spans of fixable content findings."""
    fixable = fixable_codes()
    raw = sorted(
        (f.offset, f.end_offset, f.suggestion)
        for f in findings
        if f.code in fixable and f.location == "content" and 0 <= f.offset < f.end_offset
    )
    merged: list[list] = []
    for start, end, suggestion in raw:
        if merged and start < merged[-1][1]:
            last = merged[-1]
            if end > last[1]:
                last[1] = end
            last[2] = None  # two findings overlap: fall back to prototypes only
        else:
            merged.append([start, end, suggestion])
    return [tuple(m) for m in merged]


def _codec(encoding: str, data: bytes) -> tuple[str, int]:
    """The codec to encode one span with, and the length of the byte-order mark."""
    if encoding == "utf-8":
        return "utf-8", 0
    if encoding == "utf-8-sig":
        return "utf-8", len(codecs.BOM_UTF8)
    if encoding == "utf-16":
        return ("utf-16-le" if data.startswith(codecs.BOM_UTF16_LE) else "utf-16-be"), 2
    if encoding == "utf-32":
        return ("utf-32-le" if data.startswith(codecs.BOM_UTF32_LE) else "utf-32-be"), 4
    return encoding, 0


def plan(data: bytes, document, findings) -> Fix | None:
    """The fixed bytes of a file, or None when nothing changes.

    ``data`` must be the bytes ``document`` was decoded from; raises FixError
    if they do not match (the file changed since it was read).
    """
    spans = _spans(findings)
    if not spans:
        return None
    text = document.text
    codec, bom = _codec(document.encoding, data)
    out = [data[:bom]]
    text_out = []
    pos_text = 0
    pos_byte = bom
    changed = 0
    for start, end, suggestion in spans:
        if end > len(text):
            raise FixError(f"{document.path}: finding outside the text")
        before = text[pos_text:start].encode(codec)
        old = text[start:end]
        old_bytes = old.encode(codec)
        b_start = pos_byte + len(before)
        if data[pos_byte:b_start] != before or data[b_start:b_start + len(old_bytes)] != old_bytes:
            raise FixError(f"{document.path}: file changed since it was read; not fixed")
        new = fix_span(old, suggestion)
        out.append(before)
        text_out.append(text[pos_text:start])
        if new != old:
            changed += 1
            out.append(new.encode(codec))
        else:
            out.append(old_bytes)
        text_out.append(new)
        pos_text = end
        pos_byte = b_start + len(old_bytes)
    if not changed:
        return None
    rest = text[pos_text:].encode(codec)
    if data[pos_byte:] != rest:
        raise FixError(f"{document.path}: file changed since it was read; not fixed")
    out.append(data[pos_byte:])
    text_out.append(text[pos_text:])
    return Fix(document.path, text, "".join(text_out), b"".join(out), changed)


def write_atomic(path: str, data: bytes) -> None:
    """Replace the file at ``path`` (following symbolic links) with ``data``, atomically."""
    import tempfile

    target = os.path.realpath(path)
    directory = os.path.dirname(target) or "."
    st = os.stat(target)
    fd, tmp = tempfile.mkstemp(prefix=".spamgate-", suffix=".tmp", dir=directory)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, st.st_mode & 0o7777)
        os.replace(tmp, target)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def unified_diff(fix: Fix) -> str:
    import difflib

    from spamgate.model import split_lines

    def split(text: str) -> list[str]:
        return split_lines(text, keepends=True)

    a, b = (fix.path, fix.path) if os.path.isabs(fix.path) else (f"a/{fix.path}", f"b/{fix.path}")
    lines = []
    for line in difflib.unified_diff(split(fix.old_text), split(fix.new_text), a, b, lineterm="\n"):
        if not line.endswith(("\n", "\r")):
            line += "\n\\ No newline at end of file\n"
        lines.append(line)
    return "".join(lines)
