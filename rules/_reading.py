"""Letters judged as a reader sees them: with their combining marks, raised or lowered, or enclosed.

The confusables rule judges a word letter by letter; this module looks at what
only shows when a letter is seen with what is drawn on or around it:

- a dotless ı or ȷ under a combining dot above reads as i or j, and an i or j
  with one more dot reads as itself (UTS #39 skeletons: ı -> i, and U+0358
  -> U+0307, so ı̇, i̇ and i͘ all share the skeleton of i plus a dot);
- combining marks of another script stacked on ASCII letters (a Hebrew
  accent on an e) make a word mixed-script, though a reader sees only the
  Latin letters;
- marks that UTS #39 restricts (overlays, doubled or enclosing marks), or
  more marks on one letter than any orthography uses, stacked on ASCII
  letters of an otherwise plain word: readers read through them, machines see
  another word;
- superscript and subscript letters (ᵉ ⁿ ₚ) inside an ASCII word (Hᵉllo);
- enclosed letters (Ⓗ 🄷 🅷) glued to ASCII letters (Ⓗello).

Real orthographies written decomposed (Vietnamese, French, Czech, Yoruba, NFD
file names from macOS) use marks that UTS #39 allows, at most two or three on
a letter, and are left alone; so are words where every letter carries the
same styling mark (s̶t̶r̶u̶c̶k̶, u̲n̲d̲e̲r̲l̲i̲n̲e̲d̲), ordinals and exponents (1ˢᵗ, nᵗʰ,
ℝⁿ: the raised letters end the word), and words written wholly in enclosed
letters.  Phonetic marks and raised letters (t̪, tʰa) count as IPA: the rule
accepts them where it accepts IPA letters.
"""
from __future__ import annotations

import re
from functools import lru_cache

from typing import NamedTuple

# More marks on one letter than any orthography stacks (Vietnamese and Yoruba use two).
MAX_MARKS = 3
_DOTLESS = {"\u0131": "i", "\u0237": "j"}
_DOT_ABOVE = "\u0307"
_ANY_SCRIPT = frozenset({"Zyyy", "Zinh"})
# Blocks that hold the raised and lowered Latin letters, and the enclosed ones.
_SMALL_BLOCKS = ((0x2B0, 0x2FF), (0x1D2C, 0x1DBF), (0x2070, 0x209F), (0x2C7C, 0x2C7D),
                 (0xA7F0, 0xA7FF), (0x10780, 0x107BF))
_ENCLOSED_BLOCKS = ((0x2460, 0x24FF), (0x1F100, 0x1F1FF))
_ENCLOSED_NAME = re.compile(r"(?:CIRCLED|SQUARED) (?:ITALIC )?LATIN (CAPITAL|SMALL) LETTER ([A-Z])$")


class Marked(NamedTuple):
    """What a reader sees in a word that letter-by-letter judging finds plain."""

    offenders: tuple[str, ...]  # the characters at fault, in order, distinct
    reading: str | None  # the word as a reader reads it, when that is plain ASCII
    scripts: frozenset[str]  # scripts of marks that belong to another script
    phonetic: bool  # only phonetic marks and raised letters: fine where IPA is
    what: str  # what the word does, for the message


_SMALL: dict[str, str] | None = None
_ENCLOSED: dict[str, str] | None = None


def small_letters() -> dict[str, str]:
    """Raised and lowered Latin letters -> the ASCII letter they show: the modifier letters whose
    compatibility form is <super> or <sub> of an ASCII letter (the ordinal indicators ª º, which
    abbreviations put before a plural s, are letters of their own)."""
    global _SMALL
    if _SMALL is None:
        from spamgate.ucd import category, decomposition

        out = {}
        for lo, hi in _SMALL_BLOCKS:
            for ch in map(chr, range(lo, hi + 1)):
                tag, letter = decomposition(ch)
                if tag in ("super", "sub") and len(letter) == 1 and letter.isascii() and letter.isalpha() \
                        and category(ch) == "Lm":
                    out[ch] = letter
        _SMALL = out
    return _SMALL


def enclosed_letters() -> dict[str, str]:
    """Circled and squared Latin letters (Ⓗ ⓗ 🄷 🅗 🅷) -> the ASCII letter inside."""
    global _ENCLOSED
    if _ENCLOSED is None:
        from spamgate.ucd import char_name

        out = {}
        for lo, hi in _ENCLOSED_BLOCKS:
            for ch in map(chr, range(lo, hi + 1)):
                m = _ENCLOSED_NAME.search(char_name(ch))
                if m:
                    out[ch] = m.group(2) if m.group(1) == "CAPITAL" else m.group(2).lower()
        _ENCLOSED = out
    return _ENCLOSED


@lru_cache(maxsize=4096)
def _mark(ch: str) -> bool:
    """A combining mark a reader sees on its letter (variation selectors and other invisibles are not)."""
    from spamgate.ucd import category, is_default_ignorable

    return category(ch)[0] == "M" and not is_default_ignorable(ch)


@lru_cache(maxsize=1024)
def _mark_kind(mark: str) -> str:
    """"dot" (reads as the dot of i and j), "foreign" (another script's mark),
    "restricted" (not an orthographic mark), "phonetic" (restricted, but one of
    the combining diacritics IPA uses) or "" (a mark orthographies use)."""
    import spamgate.ucd as ucd

    if mark == _DOT_ABOVE or ucd.confusable_prototype(mark) == _DOT_ABOVE:
        return "dot"
    scx = ucd.script_extensions(mark)
    if not scx <= _ANY_SCRIPT and "Latn" not in scx:
        return "foreign"
    if ucd.is_allowed(mark):
        return ""
    cp = ord(mark)
    return "phonetic" if 0x300 <= cp <= 0x36F or 0x1AB0 <= cp <= 0x1AFF or 0x1DC0 <= cp <= 0x1DFF else "restricted"


def may_hold(word: str) -> bool:
    """Whether ``word`` holds a combining mark or a raised or lowered letter at all."""
    small = small_letters()
    return any(ch in small or _mark(ch) for ch in word if ch >= "\u00aa")


_WHAT = {"dot": "writes i or j with a combining dot", "marks": "stacks combining marks on ASCII letters",
         "small": "holds raised or lowered letters inside the word"}


def judge_marks(word: str) -> Marked | None:
    """What a reader sees that the letters alone do not tell, or None."""
    if not may_hold(word):
        return None
    from spamgate.ucd import normalize

    # A letter and the marks that compose with it read as the precomposed letter (NFD
    # text such as macOS file names): only the marks left over are judged.
    units = _units(normalize("NFC", word))
    small = small_letters()
    offenders: list[str] = []
    reading: list[str] = []
    kinds: set[str] = set()
    scripts: set[str] = set()
    phonetic = True
    styles = set()  # the marks on each ASCII letter
    ascii_letters = 0
    for k, (base, marks) in enumerate(units):
        plain = base.isascii() and base.isalpha()
        if plain:
            ascii_letters += 1
            styles.add(marks)
        kind_of = [_mark_kind(m) for m in marks]
        read = base + marks
        if marks and (base in "ij" or base in _DOTLESS) and all(k_ == "dot" for k_ in kind_of):
            offenders += [base] * (base in _DOTLESS) + list(marks)
            read = _DOTLESS.get(base, base)
            kinds.add("dot")
            phonetic = False
        elif marks and len(stacked := normalize("NFD", base + marks)) > MAX_MARKS + 1 \
                and stacked[0].isascii() and stacked[0].isalpha():
            offenders += list(stacked[1:])
            read = stacked[0]
            kinds.add("marks")
            phonetic = False
        elif marks and plain:
            bad = [m for m, k_ in zip(marks, kind_of) if k_ in ("foreign", "restricted", "phonetic")]
            if bad:
                import spamgate.ucd as ucd

                foreign = {ucd.primary_script(m) for m, k_ in zip(marks, kind_of) if k_ == "foreign"}
                scripts |= foreign
                phonetic = phonetic and all(k_ == "phonetic" for k_ in kind_of if k_)
                offenders += bad
                read = base + "".join(m for m in marks if m not in bad)
                if len(bad) > len(foreign):
                    kinds.add("marks")
                if foreign:
                    kinds.add("foreign")
        elif base in small and _inside_ascii(units, k, small):
            offenders.append(base)
            read = small[base] + marks
            kinds.add("small")
        reading.append(read)
    if not kinds:
        return None
    if kinds == {"marks"} and not scripts and ascii_letters >= 2 and len(styles) == 1 and "" not in styles:
        return None  # every letter carries the same mark: styled text (s̶t̶r̶u̶c̶k̶, u̲n̲d̲e̲r̲l̲i̲n̲e̲d̲)
    text = "".join(reading)
    parts = [_WHAT[k] for k in ("dot", "marks", "small") if k in kinds]
    if scripts:
        import spamgate.ucd as ucd

        parts.insert(0, f"mixes {' and '.join(ucd.script_name(c) for c in sorted(scripts))} marks into Latin")
    what = " and ".join(parts)
    return Marked(tuple(dict.fromkeys(offenders)), text if text.isascii() else None, frozenset(scripts),
                  phonetic, what)


def _units(word: str) -> list[tuple[str, str]]:
    """(base character, the marks drawn on it) for each character a reader sees."""
    units: list[tuple[str, str]] = []
    for ch in word:
        if units and _mark(ch):
            base, marks = units[-1]
            units[-1] = (base, marks + ch)
        else:
            units.append((ch, ""))
    return units


def _inside_ascii(units, k: int, small: dict[str, str]) -> bool:
    """Whether the run of raised or lowered letters at ``units[k]`` has an ASCII letter on both sides."""
    i = k
    while i > 0 and units[i - 1][0] in small:
        i -= 1
    j = k
    while j + 1 < len(units) and units[j + 1][0] in small:
        j += 1
    before = units[i - 1][0] if i > 0 else ""
    after = units[j + 1][0] if j + 1 < len(units) else ""
    return before.isascii() and before.isalpha() and after.isascii() and after.isalpha()


_ENCLOSED_RE = None


def enclosed_words(text: str) -> list[tuple[int, int, str]]:
    """(start, end, reading) of words that glue enclosed letters to ASCII letters (Ⓗello)."""
    global _ENCLOSED_RE
    table = enclosed_letters()
    if _ENCLOSED_RE is None:
        letters = "".join(_ranges(sorted(map(ord, table))))
        # The probe takes each block's span of enclosed letters, two ranges that scan faster
        # than the letters' own; the letters are told apart by the table.
        spans = "".join(f"\\U{min(b):08X}-\\U{max(b):08X}" for b in (
            [ord(c) for c in table if c < "\U00010000"], [ord(c) for c in table if c >= "\U00010000"]))
        _ENCLOSED_RE = (re.compile(f"[{spans}]"), re.compile(f"[A-Za-z{letters}]+"))
    probe, word = _ENCLOSED_RE
    from spamgate.rules._words import non_ascii_spans

    out = []
    end = 0
    for lo, hi in non_ascii_spans(text):
        for m in probe.finditer(text, lo, hi):
            if m.start() < end or m.group() not in table:
                continue  # in the word just judged, or no enclosed letter
            start = m.start()
            while start > end and text[start - 1].isascii() and text[start - 1].isalpha():
                start -= 1
            end = word.match(text, m.start()).end()
            w = text[start:end]
            if any(c.isascii() for c in w):
                out.append((start, end, "".join(table.get(c, c) for c in w)))
    return out


def _ranges(cps: list[int]) -> list[str]:
    """A regular expression class body for sorted code points, as ranges."""
    out = []
    i = 0
    while i < len(cps):
        j = i
        while j + 1 < len(cps) and cps[j + 1] == cps[j] + 1:
            j += 1
        out.append(f"\\U{cps[i]:08X}" + (f"-\\U{cps[j]:08X}" if j > i else ""))
        i = j + 1
    return out


def enclosed_findings(document, check) -> list:
    """Findings of ``check`` (SG102) on enclosed letters glued to ASCII letters: each reads as the letter inside."""
    from spamgate.rules._words import shown
    from spamgate.ucd import char_name

    findings = []
    for start, end, reading in enclosed_words(document.text):
        word = document.text[start:end]
        names = [char_name(c) for c in dict.fromkeys(c for c in word if not c.isascii())]
        message = f'Word "{shown(word)}" uses enclosed letters: {", ".join(names)}; plain spelling "{reading}"'
        findings.append(document.finding(check, start, end, message, suggestion=reading, characters=names))
    return findings


def name_findings(document, judge) -> list:
    """Findings of ``judge`` (the confusables rule) on the file name as a reader sees it:
    URL encoding undone, as a wiki shows a page stored as ``H%D0%BEw-To.md`` under the title "Hоw To"."""
    from spamgate.model import Document, Finding
    from spamgate.titles import title_from_filename

    title = title_from_filename(document.path)
    if title.isascii():
        return []
    written = document.path.replace("\\", "/").rsplit("/", 1)[-1]
    prefix = f'File name "{written[:160]}"' if "%" in written else "File name"
    return [Finding(f.code, f.name, f.severity, 0, 0, 0, 0, f.text, f"{prefix}: {f.message}", f.suggestion,
                    f.characters, f.weight, location="path") for f in judge(Document("", title))]
