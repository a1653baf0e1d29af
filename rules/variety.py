"""Look-alike letters of many kinds sprinkled through the prose (SG405).

Spam articles rewrite a few percent of their letters at random, each time
with another look-alike (Cyrillic а е о, Greek ο ν, Armenian օ, Latin small
capitals, Roman numerals...), to dodge duplicate-content filters.  Eight or
more different look-alike letters, inside otherwise-ASCII words of ten or
more words of the prose, are that fingerprint.  Code, quotations and block
quotes are left out: a document about homoglyphs quotes a few examples, and
a language's own letters are not look-alikes inside its words.  It is
character evidence, of the same kind as SG101-SG106.
"""
from __future__ import annotations

import re
from typing import Iterable

from spamgate.model import CHARACTER_EVIDENCE, WARNING, Check, Document, Finding

from ._articles import LazyPattern, _table, _table_chars
from ._quoted import mask_quoted

VARIETY = Check(
    "SG405", "lookalike-variety", WARNING, 6.0, 6.0,
    "look-alike letters of many different kinds are sprinkled through the prose",
    reports="""Eight or more different look-alike letters (Cyrillic, Greek, Armenian, Latin
small capitals, ...) stand in for ASCII letters inside otherwise-ASCII words
across the prose.""",
    why="""Spam rewrites letters at random to dodge duplicate-content filters.  Legitimate
text about homoglyphs quotes a few examples, and a language's own letters are
not look-alikes inside its words.""",
    fix="Retype the words in ASCII (`spamgate check --fix` rewrites them).",
    flags=("T\u0456de g\u0430uges re\u0441ord the he\u0456ght \u03bff the s\u0435a at a h\u0430rbour \u0435very few "
           "m\u0456nutes. Eng\u0456neers use the re\u0441ords to \u0440lan harb\u043eur wa\u217c\u217cs, and "
           "s\u0441ientists \u0441ombine them with s\u0251tellite data to fo\u217c\u217cow the s\u217cow "
           "r\u0456se of the o\u0441eans. A g\u0430uge needs a st\u0430b\u217ce mount and \u0441\u217cear "
           "v\u0456ews \u03bff the w\u0430ter, \u0430nd reg\u057dlar ch\u0435cks ag\u0430inst a "
           "ben\u0441hmark \u03bfn \u217cand.\n",),
    passes=("Homoglyph attacks swap letters: the Cyrillic \u0430 in \"p\u0430ypal\" looks like a Latin a.\n",),
    evidence=CHARACTER_EVIDENCE,
)
CHECKS = (VARIETY,)

MIN_VARIETY = 8
MIN_VARIETY_WORDS = 10

# Words with at least one non-ASCII letter (ASCII-only words are skipped by the scanner).
_WORD = LazyPattern(r"(?<![^\W\d_])[A-Za-z]*+[^\x00-\x7f\W\d_][^\W\d_]*+")
# Where an ASCII letter touches a non-ASCII character: every word that holds both
# an ASCII letter and a non-ASCII letter has such a place.
_ADJACENT = re.compile(r"[A-Za-z](?=[^\x00-\x7f])|[^\x00-\x7f](?=[A-Za-z])")
_RUN = LazyPattern(r"[^\W\d_]*+")
_RUN_BACK = LazyPattern(r"(?r)[^\W\d_]*+")


def _variety(document: Document) -> Iterable[Finding]:
    text = document.text
    if text.isascii():
        return
    # A cheap first pass over the raw text; mask code and quotes only when it could matter.
    from spamgate.rules._words import non_ascii_spans

    chunks = _chunks(text, non_ascii_spans(text))
    counted = _count_lookalikes(text, chunks)
    if counted[0] < MIN_VARIETY:
        return
    masked = mask_quoted(text)
    distinct, chars, count, first = counted if masked == text else _count_lookalikes(masked, chunks)
    if distinct >= MIN_VARIETY and count >= MIN_VARIETY_WORDS and first is not None:
        from spamgate.ucd import char_name

        shown = sorted(chars, key=lambda c: -chars[c])
        yield document.finding(
            VARIETY, first.start(), first.end(),
            f"{count} words carry look-alike letters of {len(chars)} different kinds "
            f"({' '.join(shown[:12])}{' …' if len(shown) > 12 else ''})",
            characters=[char_name(c) for c in shown[:12]],
        )


_ASCII_SPACE = re.compile(r"[ \t\n\r\f\v]")


def _chunks(text: str, runs) -> list[tuple[int, int]]:
    """Stretches of ``text`` between ASCII white space that hold its non-ASCII runs.

    A word of ``_WORD`` holds a non-ASCII letter and no white space, so it lies
    in one of them.  Masking code and quotes only turns characters into
    spaces, so the same spans serve for the masked text.
    """
    out: list[tuple[int, int]] = []
    covered = 0
    search = _ASCII_SPACE.search
    n = len(runs)
    i = 0
    while i < n:
        p, q = runs[i]
        i += 1
        while i < n and runs[i][0] - q < 64:  # runs close together: one span
            q = runs[i][1]
            i += 1
        if q <= covered:
            continue
        left = max(text.rfind(c, covered, p) for c in " \t\n\r\f\v")
        start = covered if left < 0 else left + 1
        m = search(text, q)
        covered = len(text) if m is None else m.start()
        out.append((start, covered))
    return out


def _mixed_words(text: str, chunks):
    """The matches of ``_WORD`` that also hold an ASCII letter, in text order.

    Found from the places where an ASCII letter touches a non-ASCII character
    (a C-speed scan of the spans around non-ASCII characters), so text
    wholly in another script costs nothing in Python.
    """
    back, forward, word = _RUN_BACK.match, _RUN.match, _WORD.match
    covered = -1
    finditer = _ADJACENT.finditer
    for a in (a for lo, hi in chunks for a in finditer(text, lo, hi)):
        i = a.start()
        if text[i] >= "\x80":
            i += 1  # the ASCII letter after it
        if i < covered:
            continue  # a word already looked at
        start = back(text, 0, i).start()
        covered = forward(text, i).end()
        m = word(text, start)
        if m is not None:
            yield m


def _count_lookalikes(masked: str, chunks):
    """(distinct look-alike letters, their counts, words carrying them, first such word)."""
    table = _table()
    lookalikes = _table_chars()
    chars: dict[str, int] = {}
    first = None
    count = 0
    for m in _mixed_words(masked, chunks):
        w = m.group()
        if len(w) < 2 or lookalikes.isdisjoint(w):
            continue
        ascii_letters = sum(1 for c in w if c < "\x80")
        if ascii_letters < 1 or ascii_letters < len(w) / 2:
            continue
        found = [c for c in w if c >= "\x80" and ord(c) in table and table[ord(c)].isalpha()]
        if not found:
            continue
        count += 1
        if first is None:
            first = m
        for c in found:
            chars[c] = chars.get(c, 0) + 1
    return len(chars), chars, count, first


def compile_all() -> list:
    """Every lazily compiled pattern of this module (for tests that examine them)."""
    from ._articles import compile_lazy

    return compile_lazy(globals())


def find(document: Document) -> Iterable[Finding]:
    if document.text:  # a file, or a commit message that carries an article
        yield from _variety(document)
