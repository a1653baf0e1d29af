"""What one character is, for judging the words that hold it (``rules/confusables.py``).

Each non-ASCII character is looked at once per process: its category, its
role in a word (a Latin letter, a letter of another script, or neither), the
ASCII letter it imitates, how UTS #39 restricts it, its script and whether it
gives a word away as phonetic.  Letters of other scripts also get a class, so
that a whole word can be read through ``str.translate``.
"""
from __future__ import annotations

from functools import lru_cache

# Letters that only IPA uses (and its length and stress marks): a word beside them is phonetic.
IPA_EXTRA = frozenset("æðθŋəɛɔʃʒβχɣʔˈˌːˑ")
LATN = frozenset({"Latn"})


def unicode_data():
    """``spamgate.ucd``, imported on first use."""
    import spamgate.ucd as ucd

    return ucd


@lru_cache(maxsize=4096)
def character(ch: str) -> tuple[str, str, str | None, str | None]:
    """(category, role, reading, restricted class) of one non-ASCII character.

    role: "latin" (Latin, Common or Inherited), "foreign" (another script) or
    "other" (not a letter: marks, format characters, digits that read as nothing).
    The restricted class of a Latin look-alike comes from its Unicode properties:
    "numeral" (letterlike numbers: Roman numerals), "math" (letters styled by a
    <font> decomposition, 𝐇 ℍ, and letterlike symbols that are canonically a
    letter, K KELVIN SIGN), "fullwidth" (<wide> decomposition), "ipa" (phonetic
    letters: Identifier_Type Technical, no decomposition), "restricted" (other
    Technical or Not_NFKC letters) and "rare" (other letters UTS #39 does not allow).
    """
    from spamgate.deconfuse import reading
    from spamgate.ucd.supplement import RARE_LATIN

    ucd = unicode_data()
    cat = ucd.category(ch)
    r = reading(ch)
    plain = r[0] if r else None
    if cat[0] not in "LN" or (cat[0] == "N" and plain is None):
        return cat, "other", plain, None
    scx = ucd.script_extensions(ch)
    if "Latn" not in scx and not ucd.is_common(ch):
        return cat, "foreign", plain, None
    klass = None
    if plain is not None and len(plain) == 1:
        tag, mapping = ucd.decomposition(ch)
        if ch in RARE_LATIN:
            klass = "rare"
        elif cat == "Nl":
            klass = "numeral"
        elif tag == "font" or (tag == "" and len(mapping) == 1):
            klass = "math"
        elif tag == "wide":
            klass = "fullwidth"
        elif not ucd.is_allowed(ch):
            types = ucd.identifier_types(ch)
            if "Technical" in types or "Not_NFKC" in types:
                klass = "ipa" if "Technical" in types and tag is None else "restricted"
            else:
                klass = "rare"
    return cat, "latin", plain, klass


def is_ipa_tell(ch: str, plain: str | None) -> bool:
    """A Latin or Common letter that only phonetic notation uses: a modifier letter
    (ʰ ˈ ː) or a Technical letter of its own (ʃ ɐ, not ȁ, which is a with a
    diacritic) that imitates no ASCII letter."""
    if ch in IPA_EXTRA:
        return True
    if plain is not None:
        return False
    ucd = unicode_data()
    if ucd.category(ch) == "Lm":
        return True
    return "Technical" in ucd.identifier_types(ch) and ucd.decomposition(ch)[0] is None


FACTS: dict[str, tuple] = {}
# The class of each letter of another script met so far, as a private-use character (no word holds
# one): code point -> class.  Each script has two classes, its letters that read as one ASCII
# letter and the others; CLASS_PAIRS: class -> (script, both classes, the class of the others).
CLASSES: dict[int, str] = {}
CLASS_PAIRS: dict[str, tuple[str, str, str]] = {}
_SCRIPTCLASSES: dict[str, tuple[str, str]] = {}


def facts(ch: str) -> tuple:
    """(category, role, reading, restricted class, script, IPA tell) of a non-ASCII character
    as the confusables rule reads it: a modifier letter shared between scripts (\u02bc \u02c8 \u02d0)
    has the role "other", and "script" is the primary script of a letter of another script."""
    info = FACTS.get(ch)
    if info is None:
        ucd = unicode_data()
        cat, role, plain, klass = character(ch)
        if role == "latin" and cat == "Lm" and plain is None and ucd.script_extensions(ch) != LATN:
            role = "other"  # a modifier shared between scripts (ʼ, ˈ, ː): no letter of one script
        if role == "other":
            ipa = cat == "Lm" or ch in IPA_EXTRA
        else:
            ipa = role == "latin" and is_ipa_tell(ch, plain)
        script = ucd.primary_script(ch) if role == "foreign" else ""
        info = FACTS[ch] = (cat, role, plain, klass, script, ipa)
        if role == "foreign":
            pair = _SCRIPTCLASSES.get(script)
            if pair is None:
                base = 0xF0000 + 2 * len(_SCRIPTCLASSES)
                readable, other = pair = _SCRIPTCLASSES[script] = (chr(base), chr(base + 1))
                CLASS_PAIRS[readable] = CLASS_PAIRS[other] = (script, readable + other, other)
            CLASSES[ord(ch)] = pair[0] if plain is not None and len(plain) == 1 else pair[1]
    return info
