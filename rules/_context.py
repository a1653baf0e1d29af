"""Where a word stands on its line: inside a transcription, beside IPA, among Latin words.

The confusables rule asks these questions only of words it would report.
"""
from __future__ import annotations

import re


def enclosed(text: str, start: int, end: int) -> bool:
    """True when text[start:end] sits inside /.../ or [...] on its line (a transcription)."""
    line_start = text.rfind("\n", max(0, start - 80), start) + 1
    line_end = text.find("\n", end, end + 80)
    if line_end < 0:
        line_end = min(len(text), end + 80)
    for opener, closer in (("/", "/"), ("[", "]")):
        o = text.rfind(opener, max(line_start, start - 80), start)
        if o < 0 or text.find(closer, o + 1, start) >= 0:
            continue
        c = text.find(closer, end, min(line_end, end + 80))
        if c < 0:
            continue
        inside = text[o + 1:c]
        if "://" in text[max(0, o - 3):o + 3] or opener == "/" and "/" in inside:
            continue
        return True
    return False


def ipa_context(text: str, start: int, end: int) -> bool:
    """True when text[start:end] sits inside a transcription or beside a word with IPA-only letters."""
    from spamgate.rules._words import neighbour_words
    from spamgate.rules.confusables import judge_word

    if enclosed(text, start, end):
        return True
    for w in neighbour_words(text, start, end):
        if w and not w.isascii() and judge_word(w).ipa_tell:
            return True
    return False


def latin_context(text: str, start: int, end: int) -> bool:
    """True when a word with an ASCII letter stands next to text[start:end] on its line."""
    from spamgate.rules._words import neighbour_words

    for w in neighbour_words(text, start, end):
        if w and _ASCII_LETTER.search(w):
            return True
    return False


_ASCII_LETTER = re.compile("[A-Za-z]")
