"""Turn look-alike letters back into the ASCII letters they imitate.

``to_ascii("іntroduсtion")`` -> ``"introduction"``.  A character's reading
comes from the supplement table first (``spamgate.ucd.supplement``), then from
confusables.txt.  confusables.txt maps to *prototypes*, which are not always
the letter a reader sees: it maps ``I`` to ``l`` and ``m`` to ``rn``.  So a
prototype is turned back into the ASCII letter(s) whose own prototype it is
(``rn`` -> ``m``; ``l`` -> ``I`` for a capital letter, ``l`` otherwise).
Only characters that read as ASCII letters are replaced; everything else,
ASCII included, is left as it is, so de-confusing plain ASCII is the identity.
"""
from __future__ import annotations

from functools import lru_cache

_TABLE: dict[int, str] | None = None
_BACK: dict[str, tuple[str, ...]] | None = None


def _back() -> dict[str, tuple[str, ...]]:
    """prototype -> the ASCII letters that have it (``"l"`` -> ``("I", "l")``)."""
    global _BACK
    if _BACK is None:
        from spamgate.ucd import _load

        confusables = _load().CONFUSABLES
        back: dict[str, list[str]] = {}
        for c in "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz":
            back.setdefault(confusables.get(ord(c), c), []).append(c)
        _BACK = {k: tuple(v) for k, v in back.items()}
    return _BACK


@lru_cache(maxsize=8192)
def reading(ch: str) -> tuple[str, str] | None:
    """(ASCII letters ``ch`` imitates, where that came from) or None.

    The source is ``"supplement"``, ``"confusables"`` or ``"fullwidth"``.  ASCII characters
    have no reading.
    """
    if ch < "\x80":
        return None
    from spamgate.ucd.supplement import NOT_LOOKALIKE, SUPPLEMENT

    plain = SUPPLEMENT.get(ch)
    if plain is not None:
        return plain, "supplement"
    if ch in NOT_LOOKALIKE:
        return None
    from spamgate.ucd import _load, changes_when_lowercased

    t = _load()
    plain = t.FULLWIDTH_LETTERS.get(ord(ch))
    if plain is not None:
        return plain, "fullwidth"
    proto = t.CONFUSABLES.get(ord(ch))
    if proto is None:
        return None
    letters = _back().get(proto)
    if letters:
        if len(letters) == 1:
            return letters[0], "confusables"
        # "l" is the prototype of both I and l: a capital reads as I.
        upper = [c for c in letters if c.isupper()]
        lower = [c for c in letters if c.islower()]
        if upper and changes_when_lowercased(ch):
            return upper[0], "confusables"
        return (lower or upper)[0], "confusables"
    if proto.isascii() and proto.isalpha():
        return proto, "confusables"  # ligatures and digraphs: ﬁ -> fi
    return None


def prototype(ch: str) -> str | None:
    """The ASCII letters ``ch`` imitates, or None."""
    if ch < "\x80":
        return None
    r = reading(ch)
    return None if r is None else r[0]


def table() -> dict[int, str]:
    """code point -> ASCII letters, for every non-ASCII look-alike of ASCII letters."""
    global _TABLE
    if _TABLE is None:
        from spamgate.ucd import _load
        from spamgate.ucd.supplement import NOT_LOOKALIKE, SUPPLEMENT

        out: dict[int, str] = {}
        for cp in _load().CONFUSABLES:
            if cp >= 0x80:
                plain = prototype(chr(cp))
                if plain is not None:
                    out[cp] = plain
        for ch, plain in SUPPLEMENT.items():
            out[ord(ch)] = plain
        out.update(_load().FULLWIDTH_LETTERS)
        for ch in NOT_LOOKALIKE:
            out.pop(ord(ch), None)
        _TABLE = out
    return _TABLE


def to_ascii(text: str) -> str:
    """``text`` with every look-alike letter replaced by the ASCII letter(s) it imitates."""
    if text.isascii():
        return text
    return text.translate(table())
