"""Invisible characters inside words and bidirectional controls (Trojan Source).

- SG105 invisible-character: zero-width and other default-ignorable characters
  hidden inside words (in<U+200B>visible), and tag characters, which can
  carry a whole hidden text.
- SG106 bidi-control: bidirectional embedding, override and isolate controls
  that are left open, close nothing, or override the order of letters, so the
  text shows differently from what it is (Trojan Source, CVE-2021-42574).

Legitimate uses are left alone: the zero-width joiner inside emoji sequences
and Indic or Arabic words, the zero-width non-joiner in Persian, variation
selectors after emoji, CJK and symbols, emoji tag sequences (flags of England
or Scotland), zero-width spaces between Thai or Japanese words, and paired
isolates and embeddings in right-to-left text.
"""
from __future__ import annotations

import re
from collections.abc import Iterable

from spamgate.model import CHARACTER_ALLOWANCES, CHARACTER_EVIDENCE, ERROR, LOOKALIKE_FAMILY, Check, Document, Finding

INVISIBLE = Check(
    "SG105", "invisible-character", ERROR, 1.5, 4.0,
    "An invisible character hides inside a word (zero-width space, word joiner, soft hyphen, tag characters).",
    reports="""A word holds a character that displays as nothing: zero-width space U+200B,
zero-width (non-)joiner U+200C/U+200D, word joiner U+2060, soft hyphen U+00AD,
left-to-right and right-to-left marks, invisible operators, zero-width
no-break space U+FEFF, Hangul fillers, or a variation selector after a Latin
letter.  Tag characters (U+E0000-U+E007F) are reported anywhere outside an
emoji flag sequence: they can spell a hidden text, which the message shows.""",
    why="""Spam hides invisible characters inside words so that filters see "in visible"
while readers see "invisible", and tag characters can carry a whole hidden
text past a reviewer.""",
    fix="""Delete the invisible characters (the suggestion is the word without them;
`--fix` applies it).  Not reported: joiners in emoji sequences and in Indic,
Arabic or Persian words, zero-width spaces between words of scripts written
without spaces (Thai, Khmer, Japanese), one variation selector after an emoji,
CJK character, symbol or digit (or the emoji selector typed twice, as some
editors leave it), emoji tag sequences, and invisible characters written as
character references or escapes (hyphenation&shy;hints, \\u200b), which a
reviewer of the file reads spelled out.""",
    flags=("This is in\u200bvisible to readers.\n",),
    passes=("A family: \U0001F468\u200d\U0001F469\u200d\U0001F467 and a heart \u2764\ufe0f.\n",
            "\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645 \u0628\u0631\u0648\u0645\n", "Sponsor us \u2764\ufe0f\ufe0f on GitHub.\n",
            "Donau&shy;dampf&shy;schiff\n"),
    family=LOOKALIKE_FAMILY, evidence=CHARACTER_EVIDENCE, fixable=True, allowances=CHARACTER_ALLOWANCES,
)
BIDI = Check(
    "SG106", "bidi-control", ERROR, 2.0, 6.0,
    "A bidirectional control is unpaired, overrides letter order, or has no right-to-left text to direct (Trojan Source).",
    reports="""Bidirectional embedding, override and isolate controls (U+202A-U+202E,
U+2066-U+2069) that override the order of letters, are left open at the end of
a line, close nothing, or sit on a line with no right-to-left letters to
direct; one finding per line.""",
    why="""These controls change the order in which a line is displayed: attackers use
them to make code or text read differently from what it is (Trojan Source,
CVE-2021-42574).  An override (U+202D, U+202E) reverses letters.""",
    fix="""Delete the controls, or pair them within the line.  Not reported: paired
isolates or embeddings in right-to-left (Hebrew, Arabic, ...) text, and the
left-to-right and right-to-left marks U+200E, U+200F.""",
    flags=("access = \"user\u202e \u2066// admin\u2069 \u2066\"\n",),
    passes=("\u05e9\u05dc\u05d5\u05dd \u2067\u05e2\u05d5\u05dc\u05dd\u2069 \u05d8\u05d5\u05d1\n",),
    family=LOOKALIKE_FAMILY, evidence=CHARACTER_EVIDENCE, allowances=CHARACTER_ALLOWANCES,
)
CHECKS = (INVISIBLE, BIDI)

_OPENERS = {"\u202a": "embedding", "\u202b": "embedding", "\u202d": "override",
            "\u202e": "override", "\u2066": "isolate", "\u2067": "isolate", "\u2068": "isolate"}
_BIDI = "[\u202a-\u202e\u2066-\u2069]"
_BIDI_RE = re.compile(_BIDI)
_BIDI_CHARS = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
_JOINERS = "\u200c\u200d"
_PRESENTATION = "\ufe0e\ufe0f"  # text and emoji presentation selectors
_MAX_REPEATED = 4
_EMOJI_TAG_BASE = "\U0001F3F4"
_CANCEL_TAG = "\U000E007F"

_INVISIBLE_RE = None
_HAS_ASCII_LETTER = re.compile("[A-Za-z]")


def _invisible_re():
    """Every default-ignorable character except the bidi controls (SG106's).  regex's
    property is the tables' (tests/test_unicode_tables.py) and scans faster than a class
    of ranges."""
    global _INVISIBLE_RE
    if _INVISIBLE_RE is None:
        import regex

        _INVISIBLE_RE = regex.compile(r"[\p{Default_Ignorable_Code_Point}--[%s]]+" % _BIDI_CHARS, regex.V1)
    return _INVISIBLE_RE


def _is_vs(ch: str) -> bool:
    from spamgate.ucd import is_variation_selector

    return is_variation_selector(ch)


def _is_tag(ch: str) -> bool:
    # Tag characters U+E0000-U+E007F mirror ASCII: U+E0041 is TAG LATIN CAPITAL LETTER A.
    return 0xE0000 <= ord(ch) <= 0xE007F


def _word_char(ch: str) -> bool:
    if ch < "\x80":
        return ch.isalnum() or ch == "_"
    from spamgate.ucd import is_alnum

    return is_alnum(ch)


def _suspect(text: str, start: int, end: int, span: tuple[int, int, bool]) -> bool:
    """Whether the invisible run text[start:end] is a spam signal."""
    run = text[start:end]
    before = text[start - 1] if start > 0 else ""
    after = text[end] if end < len(text) else ""
    if any(_is_tag(c) for c in run):
        tags_ok = before == _EMOJI_TAG_BASE or (before == "\ufe0f" and text[start - 2:start - 1] == _EMOJI_TAG_BASE)
        return not (tags_ok and run.endswith(_CANCEL_TAG) and all(_is_tag(c) for c in run))
    if all(_is_vs(c) for c in run):
        if before.isascii() and before.isalpha():
            return True
        from spamgate.ucd import is_common

        if len(run) > 1 and all(is_common(c) for c in run):
            # A variation sequence takes one selector; different ones in a row hide data (Mongolian
            # ones combine).  The emoji selector typed twice (❤<U+FE0F><U+FE0F>, as editors and
            # converters leave it) adds nothing.
            return not (run[0] in _PRESENTATION and run.count(run[0]) == len(run) <= _MAX_REPEATED)
        return False
    if not (before and after and _word_char(before) and _word_char(after)):
        return False  # not inside a word
    if run == "\u00ad":  # a soft hyphen is a hyphenation hint; between ASCII letters it only hides
        return before.isascii() and after.isascii()
    ascii_side = (before.isascii() and before.isalnum()) or (after.isascii() and after.isalnum())
    if all(c in _JOINERS for c in run):
        # ZWJ/ZWNJ shape Indic, Arabic and Persian words; next to ASCII letters they only hide.
        return ascii_side
    if not ascii_side:
        # A look-alike beside it counts when the word also holds ASCII letters (іn<ZWSP>to).
        from spamgate.deconfuse import prototype

        if prototype(before) is not None or prototype(after) is not None:
            ascii_side = span[2]
    return ascii_side


_SPAN_RES = None


def _word_span(text: str, start: int, end: int) -> tuple[int, int]:
    """Grow text[start:end] to the whole word (letters, digits, marks, invisibles) around it."""
    global _SPAN_RES
    if _SPAN_RES is None:
        import regex

        chars = r"[\w\p{M}\p{Cf}]*"
        _SPAN_RES = (regex.compile("(?r)" + chars), regex.compile(chars))
    back, forward = _SPAN_RES
    return back.match(text, 0, start).start(), forward.match(text, end).end()


def _invisible_findings(document: Document) -> list[Finding]:
    from spamgate.rules._words import non_ascii_spans, shown
    from spamgate.ucd import char_name

    text = document.text
    pattern = _invisible_re()
    groups: dict[tuple[int, int], list[str]] = {}
    order = []
    span = (-1, -1)
    word = (-1, -1, False)
    for m in (m for lo, hi in non_ascii_spans(text) for m in pattern.finditer(text, lo, hi)):
        if m.start() >= span[1]:  # a new word: find its bounds once
            span = _word_span(text, m.start(), m.end())
            word = (*span, _HAS_ASCII_LETTER.search(text, *span) is not None)
        if not _suspect(text, m.start(), m.end(), word):
            continue
        if span not in groups:
            groups[span] = []
            order.append(span)
        groups[span].append(m.group())
    findings = []
    for start, end in order:
        word = text[start:end]
        hidden = "".join(groups[(start, end)])
        chars = list(dict.fromkeys(hidden))
        names = ", ".join(char_name(c) for c in chars[:6]) + (f" and {len(chars) - 6} more" if len(chars) > 6 else "")
        cleaned = pattern.sub("", word)
        from spamgate.deconfuse import to_ascii

        plain = to_ascii(cleaned)
        suggestion = plain if plain.isascii() else None
        tags = "".join(chr(ord(c) - 0xE0000) for c in hidden if 0xE0020 <= ord(c) <= 0xE007E)
        extra = f'; tag characters spell hidden text "{shown(tags[:80])}"' if tags else ""
        tail = f'; plain spelling "{shown(suggestion)}"' if suggestion else ""
        message = f'Word "{shown(word[:80])}" hides invisible characters: {names}{extra}{tail}'
        findings.append(document.finding(INVISIBLE, start, end, message, suggestion=suggestion,
                                         characters=[char_name(c) for c in chars]))
    return findings


def _is_rtl_line(line: str) -> bool:
    from spamgate.ucd import bidi_class

    return any(bidi_class(c) in ("R", "AL") for c in line if c >= "\u0590")


def _bidi_findings(document: Document) -> list[Finding]:
    from spamgate.ucd import char_name

    text = document.text
    findings = []
    if not any(c in text for c in _BIDI_CHARS):
        return []
    line_end = -1
    for m in _BIDI_RE.finditer(text):
        if m.start() < line_end:
            continue  # this line is judged already
        line_start = text.rfind("\n", line_end + 1, m.start()) + 1 or line_end + 1
        line_end = text.find("\n", m.start())
        if line_end < 0:
            line_end = len(text)
        line = text[line_start:line_end]
        stack: list[tuple[int, str]] = []  # (offset, kind) of open controls
        bad: list[tuple[int, str]] = []
        paired: list[int] = []
        for c in _BIDI_RE.finditer(line):
            ch, pos = c.group(), c.start()
            if ch in _OPENERS:
                kind = _OPENERS[ch]
                if kind == "override":
                    bad.append((pos, "overrides the order of letters"))
                stack.append((pos, kind))
            elif ch == "\u202c":  # POP DIRECTIONAL FORMATTING closes an embedding or override
                if stack and stack[-1][1] != "isolate":
                    paired += [stack.pop()[0], pos]
                else:
                    bad.append((pos, "closes nothing"))
            else:  # POP DIRECTIONAL ISOLATE closes the last isolate and anything inside it
                if any(k == "isolate" for _, k in stack):
                    while stack:
                        p, k = stack.pop()
                        if k == "isolate":
                            paired += [p, pos]
                            break
                        bad.append((p, "is never closed"))
                else:
                    bad.append((pos, "closes nothing"))
        rtl = _is_rtl_line(line)
        # An embedding left open in right-to-left text ends with its paragraph: harmless.
        bad += [(p, "is never closed") for p, k in stack if not (rtl and k == "embedding")]
        if rtl:
            bad = [(p, why) for p, why in bad if not (why == "closes nothing" and line[p] == "\u202c")]
        elif paired:
            bad += [(p, "directs no right-to-left text") for p in paired]
        if not bad:
            continue
        reasons: dict[int, str] = {}
        for pos, why in bad:
            reasons.setdefault(pos, why)
        items = sorted(reasons.items())
        described = "; ".join(f"{char_name(line[p])} {why}" for p, why in items[:6])
        first, last = items[0][0], items[-1][0]
        message = ("Bidirectional controls can make this line display differently from what it is "
                   f"(Trojan Source): {described}")
        findings.append(document.finding(
            BIDI, line_start + first, line_start + last + 1, message,
            characters=list(dict.fromkeys(char_name(line[p]) for p, _ in items)),
        ))
    return findings


def find(document: Document) -> Iterable[Finding]:
    if document.text.isascii():
        return []
    return _invisible_findings(document) + _bidi_findings(document)
