"""Safe display of text written by a pusher.

Everything the server prints reaches a terminal (``remote:`` lines), a web
page or a log.  Text from the push (paths, commit subjects, matched words)
may carry control characters, bidi overrides or invisible characters that
reorder or hide what the admin or pusher reads, and look-alike letters that
pass for ASCII.  ``safe()`` shows each of those as ``<U+XXXX>`` and keeps
every other character as it is.
"""
from __future__ import annotations

# Categories shown as code points: controls, format (invisible, and the bidi
# controls that change the direction of the text around them), line and
# paragraph separators, private use, surrogates (undecodable bytes), unassigned.
_UNSAFE_CATEGORIES = frozenset(["Cc", "Cf", "Zl", "Zp", "Co", "Cs", "Cn"])


def _escape(ch: str) -> str:
    return f"<U+{ord(ch):04X}>"


def is_unsafe(ch: str) -> bool:
    """True when ``ch`` must not be shown as itself."""
    cp = ord(ch)
    if cp < 0x80:
        return not (0x20 <= cp < 0x7F)
    from spamgate.ucd import category, is_space

    if category(ch) in _UNSAFE_CATEGORIES:
        return True
    if is_space(ch):
        return True  # NBSP and friends look like a plain space
    from spamgate.deconfuse import prototype

    return prototype(ch) is not None


def safe(text: str, limit: int = 200) -> str:
    """``text`` with control, bidi, invisible and look-alike characters as ``<U+XXXX>``.

    The result is cut to about ``limit`` characters (``...`` marks the cut).
    """
    if text is None:
        return ""
    out = []
    size = 0
    for ch in text:
        piece = _escape(ch) if is_unsafe(ch) else ch
        out.append(piece)
        size += len(piece)
        if size > limit:
            out.append("...")
            break
    return "".join(out)

