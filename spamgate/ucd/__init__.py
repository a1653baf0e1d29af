"""Unicode character data for spamgate: scripts, identifier status, confusables.

The tables in ``tables.py`` are generated from the Unicode data files by
``scripts/generate_unicode_tables.py`` and are loaded on first use, so importing
this module costs nothing until a non-ASCII character needs judging.
"""
from __future__ import annotations

from bisect import bisect_right
from functools import lru_cache

_T = None

# Scripts that stand for every script in a resolved script set (UTS #39 §5.1).
_ANY = frozenset({"Zyyy", "Zinh"})
# Augmentation of UTS #39 §5.1: Han, Hiragana, Katakana and Hangul join the
# writing systems that use them together.
_AUGMENT = {
    "Hani": ("Hanb", "Jpan", "Kore"),
    "Hira": ("Jpan",),
    "Kana": ("Jpan",),
    "Hang": ("Kore",),
    "Bopo": ("Hanb",),
}


def _load():
    """The generated tables module, imported on first use."""
    global _T
    if _T is None:
        import importlib

        _T = importlib.import_module("spamgate.ucd.tables")
    return _T


def unicode_version() -> str:
    return _load().UNICODE_VERSION


@lru_cache(maxsize=4096)
def script_extensions(ch: str) -> frozenset[str]:
    """Script_Extensions of one character as short codes ({'Latn'}, {'Zyyy'}, ...)."""
    t = _load()
    codes = t.SCRIPT_SETS[t.SCX_VALUES[bisect_right(t.SCX_STARTS, ord(ch)) - 1]]
    scripts = set(codes.split())
    for s in list(scripts):
        scripts.update(_AUGMENT.get(s, ()))
    return frozenset(scripts)


def script_name(code: str) -> str:
    """Long name of a script code: ``"Cyrl"`` -> ``"Cyrillic"``."""
    return _load().SCRIPT_NAMES.get(code, code)


_AUGMENTED = frozenset({"Hanb", "Jpan", "Kore"})


def primary_script(ch: str) -> str:
    """One script code for a character (its only script, or the first of its
    Script_Extensions, augmentation codes aside)."""
    scx = script_extensions(ch)
    plain = sorted(scx - _AUGMENTED) or sorted(scx)
    return plain[0] if plain else "Zzzz"


def is_common(ch: str) -> bool:
    """True for Common and Inherited characters, which go with any script."""
    return script_extensions(ch) <= _ANY


def resolved_scripts(text: str) -> frozenset[str] | None:
    """The resolved script set of ``text`` (UTS #39 §5.1).

    ``None`` stands for "all scripts" (only Common/Inherited characters);
    an empty set means the text is mixed-script.
    """
    result: set[str] | None = None
    for ch in text:
        if ch < "\x80":
            scx = _LATN if ch.isalpha() else None
        else:
            scx = script_extensions(ch)
            if scx <= _ANY:
                scx = None
        if scx is None:
            continue
        if result is None:
            result = set(scx)
        else:
            result &= scx
            if not result:
                return frozenset()
    return None if result is None else frozenset(result)


_LATN = frozenset({"Latn"})


def is_allowed(ch: str) -> bool:
    """Identifier_Status=Allowed (UTS #39 IdentifierStatus.txt)."""
    t = _load()
    index = bisect_right(t.ALLOWED_STARTS, ord(ch)) - 1
    return bool(index % 2) != t.ALLOWED_FIRST


@lru_cache(maxsize=4096)
def identifier_types(ch: str) -> frozenset[str]:
    """Identifier_Type values of one character ({'Technical'}, {'Recommended'}, ...)."""
    t = _load()
    name = t.ID_TYPE_NAMES[t.ID_TYPE_VALUES[bisect_right(t.ID_TYPE_STARTS, ord(ch)) - 1]]
    return frozenset(name.split())


def is_default_ignorable(ch: str) -> bool:
    """Default_Ignorable_Code_Point: invisible when not supported."""
    index = bisect_right(_load().IGNORABLE_STARTS, ord(ch)) - 1
    return bool(index % 2)


def confusable_prototype(ch: str) -> str | None:
    """The prototype confusables.txt gives for ``ch``, or None."""
    return _load().CONFUSABLES.get(ord(ch))


def intentional_twins(ch: str) -> tuple[str, ...]:
    """Characters intentional.txt declares identical in appearance to ``ch``."""
    return tuple(chr(c) for c in _load().INTENTIONAL.get(ord(ch), ()))


def char_name(ch: str) -> str:
    """``U+0433 CYRILLIC SMALL LETTER GHE`` for a character."""
    import unicodedata2

    name = unicodedata2.name(ch, None)
    if name is None:
        name = _CONTROL_NAMES.get(ch, "UNNAMED CHARACTER")
    return f"U+{ord(ch):04X} {name}"


_CONTROL_NAMES = {
    "\t": "CHARACTER TABULATION", "\n": "LINE FEED", "\r": "CARRIAGE RETURN",
    "\x00": "NULL", "\x1b": "ESCAPE", "\x7f": "DELETE",
}
