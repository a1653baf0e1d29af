"""Words for the character rules: only the words that hold non-ASCII characters.

Pure-ASCII text costs one ``str.isascii()`` call.  Otherwise a C-speed regex
finds the non-ASCII characters; only the whitespace-separated chunks around
them are split into words, so the per-character Python work is limited to
words that can hold a look-alike.
"""
from __future__ import annotations

import re
from typing import Iterator

_NON_ASCII = re.compile(r"[^\x00-\x7f]+")
_SPACE = re.compile(r"[ \t\n\r\f\v]")

_TOKENS = None


def _tokens():
    """The word tokenizer (compiled on first use)."""
    global _TOKENS
    if _TOKENS is None:
        import regex

        # Scripts written without spaces between words: a run of them is a word
        # of its own, so "Pythonの場合" is "Python" + "の場合".
        nospace = (r"\p{Han}\p{Hiragana}\p{Katakana}\p{Hangul}\p{Bopomofo}\p{Thai}\p{Lao}"
                   r"\p{Khmer}\p{Myanmar}\u30FC\u3005\u3006\u303B")
        skip = "|".join((
            # printf, Python and Qt placeholders glued to words: %s, %1$d, %(name)s, %1
            r"%(?:\d+\$)?[-+ #0']{0,4}(?:\d{1,3}|\*)?(?:\.(?:\d{1,3}|\*))?"
            r"(?:hh|h|ll|l|L|q|j|z|t)?[diouxXeEfFgGaAcCsSpn@]",
            r"%\([A-Za-z_][A-Za-z0-9_]{0,40}\)[-+ #0]{0,4}\d{0,3}(?:\.\d{1,3})?[diouxXeEfFgGcrsa]",
            r"%\d{1,2}",
            # a command-line short option glued to a translated argument name: -cОЗНАКА
            r"(?<![\w-])-[A-Za-z](?=[^\x00-\x7f])",
            # escapes in string literals: \n, \t, \x41, \u0441, \U0001F600
            r"\\(?:[abfnrtv0]|x[0-9A-Fa-f]{2}|u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8})",
            # HTML and XML entities: &nbsp; &#1089; &#x441;
            r"&#?[A-Za-z0-9]{1,32};",
        ))
        word = (rf"[{nospace}][\p{{M}}\p{{Cf}}]*(?:[{nospace}][\p{{M}}\p{{Cf}}]*)*"
                rf"|[[\p{{L}}\p{{M}}\p{{N}}\p{{Cf}}]--[{nospace}]]+")
        _TOKENS = regex.compile(rf"(?P<skip>{skip})|(?P<word>{word})", regex.V1)
    return _TOKENS


def chunks(text: str) -> Iterator[tuple[int, int]]:
    """(start, end) of each whitespace-separated chunk that holds a non-ASCII character."""
    covered = 0
    search_space = _SPACE.search
    for m in _NON_ASCII.finditer(text):
        p = m.start()
        if p < covered:
            continue
        left = max(text.rfind(" ", covered, p), text.rfind("\n", covered, p),
                   text.rfind("\t", covered, p), text.rfind("\r", covered, p),
                   text.rfind("\f", covered, p), text.rfind("\v", covered, p))
        start = covered if left < 0 else left + 1
        s = search_space(text, m.end())
        end = len(text) if s is None else s.start()
        covered = end
        yield start, end


def words_in(text: str, start: int, end: int) -> Iterator[tuple[int, int, str]]:
    """(start, end, word) of every word in ``text[start:end]``."""
    for m in _tokens().finditer(text, start, end):
        if m.lastgroup == "word":
            yield m.start(), m.end(), m.group()


def non_ascii_words(text: str) -> Iterator[tuple[int, int, str]]:
    """(start, end, word) of every word that holds a non-ASCII character."""
    if text.isascii():
        return
    for start, end in chunks(text):
        for s, e, w in words_in(text, start, end):
            if not w.isascii():
                yield s, e, w


def neighbour_words(text: str, start: int, end: int, reach: int = 80) -> tuple[str | None, str | None]:
    """The nearest word before ``start`` and after ``end`` on the same line (None if none)."""
    lo = text.rfind("\n", max(0, start - reach), start) + 1 or max(0, start - reach)
    line_end = text.find("\n", end, end + reach)
    if line_end < 0:
        line_end = min(len(text), end + reach)
    before = after = None
    for m in _tokens().finditer(text, lo, start):
        if m.lastgroup == "word" and any(c.isalpha() for c in m.group()):
            before = m.group()
    for m in _tokens().finditer(text, end, line_end):
        if m.lastgroup == "word" and any(c.isalpha() for c in m.group()):
            after = m.group()
            break
    return before, after


def shown(text: str) -> str:
    """``text`` safe to print in a terminal: invisible, control and format characters as <U+XXXX>."""
    import unicodedata2 as unicodedata

    out = []
    for ch in text:
        if ch < "\x80":
            out.append(ch if " " <= ch < "\x7f" else f"<U+{ord(ch):04X}>")
        elif unicodedata.category(ch) in ("Cf", "Cc", "Zl", "Zp", "Co", "Cn", "Cs") or 0xFE00 <= ord(ch) <= 0xFE0F \
                or 0xE0100 <= ord(ch) <= 0xE01EF or ord(ch) in (0x115F, 0x1160, 0x3164, 0xFFA0, 0x034F, 0x180E):
            out.append(f"<U+{ord(ch):04X}>")
        else:
            out.append(ch)
    return "".join(out)
