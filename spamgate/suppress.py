"""Inline suppressions: ``spamgate: ignore[SG101]`` in any comment syntax.

Three forms, each with a required list of codes:

- ``spamgate: ignore[SG101, SG102]`` -- findings on the marker's own line;
- ``spamgate: ignore-next-line[SG101]`` -- findings on the following line;
- ``spamgate: ignore-file[SG104]`` -- findings anywhere in the file (and its name).

The marker is recognised only when written in plain ASCII (upper or lower
case); it may sit in any comment (``#``, ``//``, ``<!-- -->``, ``--``, ``;``)
or anywhere on the line.  A marker written with look-alike letters or hidden
characters does nothing: ``rules/suppression.py`` reports it, as it reports a
marker without codes or with unknown codes.

Suppressions are honoured under the ``commit`` profile only; under ``push``
(and in the server hook) they are ignored unless the caller allows them.
"""
from __future__ import annotations

import re
from collections.abc import Iterator

from typing import NamedTuple

LINE = "ignore"
NEXT_LINE = "ignore-next-line"
FILE = "ignore-file"

# The marker in plain ASCII.  Codes are validated separately so that a
# malformed list can be reported instead of silently ignored.  The patterns are
# compiled when a text first mentions spamgate (_patterns).
MARKER = r"spamgate:[ \t]*(ignore-next-line|ignore-file|ignore)\b(?:[ \t]*\[([^\]\r\n]*)\])?"
_PATTERNS: tuple | None = None


def _patterns():
    """(the marker, a rule code, the separators of a code list), compiled.  The marker is
    regex's: it finds the literal start of a marker in any case far faster than re, and
    matches what re matches (tests/test_suppress.py)."""
    global _PATTERNS
    if _PATTERNS is None:
        import regex

        _PATTERNS = (regex.compile(MARKER, regex.IGNORECASE | regex.ASCII), re.compile(r"SG\d{3}\Z"),
                     re.compile(r"[\s,]+"))
    return _PATTERNS


class Marker(NamedTuple):
    kind: str  # LINE, NEXT_LINE or FILE
    codes: tuple[str, ...]  # valid codes, upper case
    bad_codes: tuple[str, ...]  # entries that are not codes
    has_list: bool  # written with brackets at all
    line: int  # 1-based line of the marker
    start: int  # offset of the marker in the text
    end: int


class Suppressions:
    """Codes suppressed per line, and for the whole file."""

    __slots__ = ("by_line", "file_codes")

    def __init__(self, by_line: dict[int, frozenset[str]], file_codes: frozenset[str]):
        self.by_line = by_line
        self.file_codes = file_codes

    def __repr__(self) -> str:
        return f"Suppressions(by_line={self.by_line!r}, file_codes={self.file_codes!r})"

    def __eq__(self, other) -> bool:
        if not isinstance(other, Suppressions):
            return NotImplemented
        return self.by_line == other.by_line and self.file_codes == other.file_codes

    def __bool__(self) -> bool:
        return bool(self.by_line or self.file_codes)

    def covers(self, finding) -> bool:
        if finding.code in self.file_codes:
            return True
        if not self.by_line or finding.line <= 0:
            return False
        last = max(finding.end_line, finding.line)
        for line in range(finding.line, last + 1):
            codes = self.by_line.get(line)
            if codes and finding.code in codes:
                return True
        return False


def _line_of(text: str, offset: int, starts: list[int] | None) -> int:
    if starts is not None:
        from bisect import bisect_right

        return bisect_right(starts, offset)
    return text.count("\n", 0, offset) + 1


def mentions_spamgate(text: str) -> bool:
    """Whether ``text`` holds the word "spamgate" in ASCII letters (any case): every
    plain marker does."""
    if text.isascii():
        return "spamgate" in text.lower()  # the same test, at the speed of a plain search
    global _ANY_TEXT
    if _ANY_TEXT is None:
        import regex  # searches for a literal in any case far faster than re

        _ANY_TEXT = regex.compile("spamgate", regex.IGNORECASE | regex.ASCII)
    return _ANY_TEXT.search(text) is not None


_ANY_TEXT = None


def iter_markers(text: str, line_starts: list[int] | None = None) -> Iterator[Marker]:
    """Every plain-ASCII marker in ``text``."""
    if not mentions_spamgate(text):
        return
    marker, code, split = _patterns()
    for m in marker.finditer(text):
        kind = m.group(1).lower()
        raw = m.group(2)
        codes: list[str] = []
        bad: list[str] = []
        if raw is not None:
            for item in split.split(raw.strip()):
                if not item:
                    continue
                if code.match(item.upper()):
                    codes.append(item.upper())
                else:
                    bad.append(item)
        yield Marker(kind, tuple(codes), tuple(bad), raw is not None,
                     _line_of(text, m.start(), line_starts), m.start(), m.end())


def collect(document) -> Suppressions:
    """The suppressions a document declares (only well-formed markers count)."""
    by_line: dict[int, set[str]] = {}
    file_codes: set[str] = set()
    text = document.text
    if not mentions_spamgate(text):
        return Suppressions({}, frozenset())
    for marker in iter_markers(text, document.line_starts):
        if not marker.codes:
            continue
        if marker.kind == FILE:
            file_codes.update(marker.codes)
        else:
            line = marker.line + (1 if marker.kind == NEXT_LINE else 0)
            by_line.setdefault(line, set()).update(marker.codes)
    return Suppressions({k: frozenset(v) for k, v in by_line.items()}, frozenset(file_codes))


def apply(findings: list, suppressions: Suppressions) -> tuple[list, list]:
    """Split findings into (kept, suppressed).  Findings of checks declared not
    suppressible (the checks of the markers themselves) are always kept."""
    if not suppressions:
        return findings, []
    from spamgate.registry import all_checks

    declared = all_checks()
    kept, dropped = [], []
    for f in findings:
        check = declared.get(f.code)
        if (check is None or check.suppressible) and suppressions.covers(f):
            dropped.append(f)
        else:
            kept.append(f)
    return kept, dropped


# --------------------------------------------------------------------------- look-alike markers


def _ascii_view(line: str) -> tuple[str, list[int]]:
    """``line`` with look-alike letters as ASCII and invisible characters removed,
    and for each character of the result the index it came from."""
    from spamgate.deconfuse import prototype
    from spamgate.ucd import category, is_default_ignorable, nfkc

    out: list[str] = []
    index: list[int] = []
    for i, ch in enumerate(line):
        if ch < "\x80":
            out.append(ch)
            index.append(i)
            continue
        if is_default_ignorable(ch) or category(ch) == "Cf":
            continue
        proto = prototype(ch)
        if proto is None:
            folded = nfkc(ch)
            if folded.isascii() and folded:
                proto = folded
            elif ch in _PUNCT:
                proto = _PUNCT[ch]
        if proto is None:
            out.append(ch)
            index.append(i)
        else:
            for c in proto:
                out.append(c)
                index.append(i)
    return "".join(out), index


# Look-alikes of the marker's punctuation that NFKC leaves alone.
_PUNCT = {"\u02d0": ":", "\u0589": ":", "\u2236": ":", "\ua789": ":", "\u0703": ":", "\u0704": ":",
          "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2212": "-", "\u02d7": "-"}


def disguised_markers(text: str) -> Iterator[tuple[int, int, str]]:
    """Markers written with look-alike letters or hidden characters.

    Yields ``(start, end, ascii_form)`` for each: the span in ``text`` and the
    marker as it reads once de-confused.  Plain-ASCII markers are not yielded.
    """
    if text.isascii():
        return
    # Fast tests first: every letter of "spamgate" (or a look-alike of it) must
    # occur in the text, and then in one non-ASCII line, in order.
    classes, word, colon = _word_pattern()
    if not all(any(c in text for c in cls) for cls in classes):
        return
    pos = 0
    for line in text.splitlines(keepends=True):
        start = pos
        pos += len(line)
        # A marker reads "spamgate:": a line without a character that reads as a colon holds none.
        if line.isascii() or not (":" in line or colon.search(line)) or not word.search(line):
            continue
        view, index = _ascii_view(line)
        if not mentions_spamgate(view):
            continue
        for m in _patterns()[0].finditer(view):
            a = index[m.start()]
            b = index[m.end() - 1] + 1
            if line[a:index[m.end(1) - 1] + 1].isascii():
                continue  # a real marker (look-alikes in its code list are reported as bad codes)
            yield start + a, start + b, m.group(0)



_WORD: tuple | None = None


def _word_pattern():
    """For each letter of "spamgate", the characters that can stand for it; a
    regular expression for the word written with them, hidden characters allowed;
    and one for the characters other than ":" that ``_ascii_view`` reads as one."""
    global _WORD
    if _WORD is None:
        from spamgate.deconfuse import table
        from spamgate.ucd import _load

        lookalikes: dict[str, set[str]] = {}
        for cp, proto in table().items():
            if len(proto) == 1:
                lookalikes.setdefault(proto.lower(), set()).add(chr(cp))
        classes = []
        for letter in "spamgate":
            chars = {letter, letter.upper()} | lookalikes.get(letter, set())
            # ASCII letters first: they decide the common case with one scan.
            classes.append(tuple(sorted(chars, key=lambda c: (c >= "\x80", c))))
        starts = _load().IGNORABLE_STARTS
        ranges = [f"{_esc(starts[i])}-{_esc(starts[i + 1] - 1)}" for i in range(1, len(starts) - 1, 2)]
        hidden = "[" + "".join(ranges) + "]*"
        body = hidden.join("[" + "".join(_esc(ord(c)) for c in sorted(cls)) + "]" for cls in classes)
        import regex  # scans for the word faster than re

        colons = "".join(sorted({c for c, p in _PUNCT.items() if p == ":"} | set(_load().ASCII_COLON_FORMS)))
        _WORD = (classes, regex.compile(body), re.compile(f"[{re.escape(colons)}]"))
    return _WORD


def _esc(cp: int) -> str:
    return f"\\U{cp:08x}"
