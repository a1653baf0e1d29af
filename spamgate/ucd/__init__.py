"""Unicode character data for spamgate: every character property the rules use.

One Unicode version serves them all (``unicode_version()``): the tables in
``tables.py``, generated from that version's data files by
``scripts/generate_unicode_tables.py`` (scripts, identifier status and type,
default-ignorables, confusables), and the pinned dependencies that hold the same
version -- unicodedata2 (general category, bidi class, decompositions, names,
normalization) and regex (the ``\\p{...}`` classes of the rules' patterns, and the
case and variation-selector properties below).  Python's own ``unicodedata``
follows the interpreter's Unicode version and is not used.

Tables and libraries are loaded on first use, so importing this module costs
nothing until a non-ASCII character needs judging.
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


_UD = None


def _unicodedata():
    """unicodedata2, imported on first use."""
    global _UD
    if _UD is None:
        import unicodedata2

        _UD = unicodedata2
    return _UD


def category(ch: str) -> str:
    """General_Category of one character: ``"Lu"``, ``"Mn"``, ``"Cf"``, ``"Cn"`` (unassigned), ..."""
    return _unicodedata().category(ch)


def bidi_class(ch: str) -> str:
    """Bidi_Class of one character (``"L"``, ``"R"``, ``"AL"``, ...; empty when unassigned)."""
    return _unicodedata().bidirectional(ch)


def is_word_char(ch: str) -> bool:
    """A letter, mark, number or format character: what words are made of."""
    cat = _unicodedata().category(ch)
    return cat[0] in "LMN" or cat == "Cf"


def is_alnum(ch: str) -> bool:
    """A letter or a number (``str.isalnum`` of this Unicode version)."""
    return _unicodedata().category(ch)[0] in "LN"


def is_space(ch: str) -> bool:
    """White space (``str.isspace`` of this Unicode version): separators and the
    characters the bidi algorithm treats as white space or paragraph and segment breaks."""
    ud = _unicodedata()
    return ud.category(ch) == "Zs" or ud.bidirectional(ch) in ("WS", "B", "S")


def decomposition(ch: str) -> tuple[str | None, str]:
    """(tag, mapping) of a character's decomposition.

    The tag names a compatibility decomposition (``"font"`` for 𝐇, ``"wide"``
    for Ｈ, ``"compat"``, ...) and is ``""`` for a canonical one (K KELVIN SIGN
    -> K); ``(None, "")`` when the character has none.
    """
    fields = _unicodedata().decomposition(ch).split()
    if not fields:
        return None, ""
    tag = fields[0][1:-1] if fields[0].startswith("<") else ""
    return tag, "".join(chr(int(f, 16)) for f in fields[1 if tag else 0:])


def nfkc(text: str) -> str:
    """``text`` in Normalization Form KC."""
    return _unicodedata().normalize("NFKC", text)


def normalize(form: str, text: str) -> str:
    """``text`` in Normalization Form ``form``: ``"NFC"``, ``"NFD"``, ``"NFKC"`` or ``"NFKD"``."""
    return _unicodedata().normalize(form, text)


_PROPERTIES: dict = {}


def _property(name: str):
    """``match`` of a compiled regex character class of a binary property."""
    match = _PROPERTIES.get(name)
    if match is None:
        import regex

        match = _PROPERTIES[name] = regex.compile(r"\p{%s}" % name).match
    return match


def changes_when_lowercased(ch: str) -> bool:
    """Changes_When_Lowercased: ``ch`` is a capital (or titlecase) form of a letter."""
    return _property("Changes_When_Lowercased")(ch) is not None


def is_lowercase(ch: str) -> bool:
    """Lowercase: a small letter (ß, α) or a modifier standing for one (ͺ)."""
    return _property("Lowercase")(ch) is not None


def is_variation_selector(ch: str) -> bool:
    """Variation_Selector: selects a glyph variant of the character before it."""
    return _property("Variation_Selector")(ch) is not None


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


@lru_cache(maxsize=4096)
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
    name = _unicodedata().name(ch, None)
    if name is None:
        name = _CONTROL_NAMES.get(ch, "UNNAMED CHARACTER")
    return f"U+{ord(ch):04X} {name}"


_CONTROL_NAMES = {
    "\t": "CHARACTER TABULATION", "\n": "LINE FEED", "\r": "CARRIAGE RETURN",
    "\x00": "NULL", "\x1b": "ESCAPE", "\x7f": "DELETE",
}
