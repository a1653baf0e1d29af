"""Turn look-alike letters back into the ASCII letters they imitate.

``to_ascii("іntroduсtion")`` -> ``"introduction"``.  Only characters whose
prototype (supplement table first, then confusables.txt) is made of ASCII
letters are replaced; everything else, ASCII included, is left as it is, so
de-confusing plain ASCII is the identity.
"""
from __future__ import annotations

_TABLE: dict[int, str] | None = None


def table() -> dict[int, str]:
    """code point -> ASCII prototype, for every non-ASCII look-alike of ASCII letters."""
    global _TABLE
    if _TABLE is None:
        from spamgate.ucd import _load
        from spamgate.ucd.supplement import SUPPLEMENT

        out: dict[int, str] = {}
        for cp, proto in _load().CONFUSABLES.items():
            if cp < 0x80 or not proto.isascii() or not proto.isalpha():
                continue
            out[cp] = proto
        for ch, proto in SUPPLEMENT.items():
            out[ord(ch)] = proto
        _TABLE = out
    return _TABLE


def prototype(ch: str) -> str | None:
    """The ASCII letters ``ch`` imitates, or None."""
    if ch < "\x80":
        return None
    return table().get(ord(ch))


def to_ascii(text: str) -> str:
    """``text`` with every look-alike letter replaced by its ASCII prototype."""
    if text.isascii():
        return text
    return text.translate(table())
