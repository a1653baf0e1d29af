"""Look-alike letters smuggled into Latin words (homoglyphs).

Spam articles swap 2-4 % of their letters for characters of other scripts that
look like ASCII letters (іntroduсtion, Languɑge, ⅼanguage, worқ), so that
filters and search engines see different words than readers do.  This rule
judges each word that holds a non-ASCII letter, using the Unicode 17.0.0 data
of UTS #39 (Script_Extensions, Identifier_Status, confusables.txt) and
spamgate's supplement table (``spamgate.ucd.supplement``):

- SG101 mixed-script-word: ASCII letters mixed with letters of another script.
- SG102 restricted-latin-lookalike: Latin-script look-alikes that UTS #39
  marks Restricted (ɑ ɡ ʏ ᴢ ⅼ, mathematical letters 𝐇) in ASCII words.
- SG103 rare-latin-letter: rare Latin hook and stroke letters (ɗ Ƭ Ɍ ƅ) in
  ASCII words, at lower confidence.
- SG104 whole-word-lookalike: a word made only of look-alike letters of
  another script inside Latin text ("а" as the English article).

Legitimate text is left alone: words written in one script (Russian, Greek,
Armenian, Cherokee, Japanese, ...), Latin letters of real orthographies
(Turkish ı, Vietnamese, accented names in NFC or NFD), units (µs, kΩ), Greek
letters in formulas (Δx, α), Roman numerals standing alone (Ⅻ), ligatures
(ﬁ), IPA in /…/ or […], placeholders glued to words (%sЭта) and native
affixes on loanwords (SELinux_ის).  A document that really uses a script
(its words hold letters that imitate nothing, such as б д ж ш in Russian) may
use that script's one-letter words (а, о, с).  Each finding covers one word,
names every offending character and gives the plain ASCII spelling.
"""
from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache

from typing import NamedTuple

from spamgate.model import (CHARACTER_ALLOWANCES, CHARACTER_EVIDENCE, ERROR, LOOKALIKE_FAMILY, WARNING, Check,
                            Document, Example, Finding, Group)
from spamgate.rules._letters import CLASS_PAIRS, CLASSES, FACTS, character, facts, unicode_data

# All look-alike letter checks together add at most this much to a score: one
# kind of evidence, however many words carry it.
LOOKALIKE_LETTERS = Group("look-alike letters", 6.0)
_POLICY = dict(group=LOOKALIKE_LETTERS, family=LOOKALIKE_FAMILY, evidence=CHARACTER_EVIDENCE, fixable=True,
               allowances=CHARACTER_ALLOWANCES)

MIXED = Check(
    "SG101", "mixed-script-word", ERROR, 1.5, 6.0,
    "A word mixes ASCII letters with letters of another script (\u0456ntrodu\u0441tion, wor\u049b).",
    reports="""A word mixes ASCII (Latin) letters with letters of another script: Cyrillic,
Greek, Armenian, Cherokee, Coptic and others.  The script of a word is its
UTS #39 resolved script set (Script_Extensions, with Common and Inherited
characters going with any script).  Letters are reported whether or not
confusables.txt gives them an ASCII prototype, so wor\u049b (Cyrillic \u049b) and
Feedforwar\u0500 (Komi \u0500) are caught too, and so are combining marks of another
script stacked on ASCII letters (a Hebrew accent on an e).  A word of another
script with a stray Latin letter (\u043fp\u0438\u0432\u0435\u0442) is reported as Latin mixed into
that script.  Words are judged as a reader sees them: character references
(m&#1086;del) and the escapes of JSON, YAML, TOML and .properties strings
(m\\u043edel) are decoded, and the finding points at the characters as written.
The file name is judged too, URL encoding undone, as a wiki shows a page stored
as H%D0%BEw-To.md under the title "H\u043ew To".""",
    why="""Spam swaps a few percent of its letters for look-alikes of other scripts so
that readers see English while filters and search engines see other words:
"\u0456ntrodu\u0441tion" holds a Cyrillic \u0456 and \u0441.  In code, a look-alike
letter makes two names that look the same differ.""",
    fix="""Retype the word in one script; the finding's suggestion is the plain ASCII
spelling when every foreign letter imitates an ASCII letter, and
`spamgate check --fix` applies it.  Not reported: units (k\u03a9, \u00b5s, \u03bcF),
Greek letters in formulas (\u0394x, d\u03b8), native affixes glued to loanwords
(Python\u306e, USB\u0448\u043a\u0430, SELinux_\u10d8\u10e1), placeholders and escapes glued to
words (%s\u042d\u0442\u0430, \\n\u041f\u0440\u0438\u0432\u0435\u0442), Greek elision with a modifier
apostrophe (\u03b1\u03c0\u02bc), and Japanese, Chinese or Korean next to Latin.  A word that is meant (a product name) can be allowed with
`allowed-words`, a script with `allowed-scripts`.""",
    flags=("The \u0456ntrodu\u0441tion explains the model.\n", "It takes some wor\u049b to set up.\n",
           "The m&#1086;del is ready.\n", Example('{"title": "The m\\u043edel is ready"}\n', "strings.json"),
           "Hello\u0591 world.\n"),
    passes=("\u041f\u0440\u0438\u0432\u0435\u0442, \u043c\u0438\u0440! Hello, world.\n", "A 10 k\u03a9 resistor and a 5 \u00b5s pulse.\n",
            "Python\u306e\u5834\u5408\n", "\u0389\u03c1\u03b8\u03b5 \u03b1\u03c0\u02bc \u03c4\u03bf \u03c3\u03c0\u03af\u03c4\u03b9.\n",
            Example('{"title": "\\u041f\\u0440\\u0438\\u0432\\u0435\\u0442"}\n', "ru.json")),
    **_POLICY,
)
RESTRICTED = Check(
    "SG102", "restricted-latin-lookalike", ERROR, 1.5, 4.0,
    "A Latin look-alike that UTS #39 restricts sits in an ASCII word (Langu\u0251ge, \u217canguage, \U0001d407ello).",
    reports="""A letter of the Latin script that UTS #39 marks Restricted -- technical and
phonetic letters (\u0251 \u0261 \u028f \u1d22 \u1d20 \u1d21 \u026a), Roman numerals (\u217c \u217e \u217d \u216f),
mathematical alphanumerics (\U0001d407 \U0001d44e) and fullwidth letters -- stands in for
an ASCII letter in an otherwise ASCII word.  So does what reads as an ASCII
letter only as drawn: a dotless \u0131 or \u0237 under a combining dot (\u0131\u0307 reads as i),
marks that UTS #39 restricts (overlays, enclosing marks) or more than three
marks stacked on an ASCII letter (Clic\u0337k), superscript or subscript letters
inside a word (H\u1d49llo), and enclosed letters glued to ASCII letters (\u24bdello).""",
    why="""Such words are in the same script as English, so a mixed-script check cannot
see them, yet they read as a different word to every machine: spam uses them
exactly for that.""",
    fix="""Retype the letter as its ASCII original (the suggestion; `--fix` applies it).
Not reported: IPA in slashes or brackets (/\u02c8l\u0251\u02d0\u0261/, [\u0261]) or next to
IPA-only letters (\u0283 \u0292 \u014b \u00e6 \u02c8 \u02d0), IPA in a table of transcriptions (a
document whose IPA words mostly hold IPA-only letters), Roman numerals standing
alone (\u216b, \u2172), words written wholly in mathematical, fullwidth or enclosed
letters (\U0001d400\U0001d401\U0001d402, \u24bd\u24ba\u24c1\u24c1\u24c4), maths notation (\u211d\u207f, \U0001d53d\u209a, \u2124/n\u2124), ordinals and
exponents (1\u02e2\u1d57, n\u1d57\u02b0), the same styling mark on every letter (s\u0336t\u0336r\u0336u\u0336c\u0336k\u0336),
real orthographies written decomposed (Vie\u0323\u0302t, I\u0307stanbul), regional indicator
letters (flags) and ligatures (\ufb01 \ufb02).""",
    flags=("A new Langu\u0251ge model.\n", "The \u217canguage of the report.\n", "The \u0131\u0307ntroduction is short.\n",
           "H\u1d49llo world.\n", "\u24bdello world.\n"),
    passes=("The word is pronounced /\u02c8l\u0251\u02d0\u0261/ in British English.\n", "Chapter \u216b begins here.\n",
            "Let \u211d\u207f be the space over \U0001d53d\u209a.\n", "s\u0336t\u0336r\u0336u\u0336c\u0336k\u0336 out\n",
            Example("word,ipa\ngit,\u0261\u026at\ngo,\u0261o\u028a\ncat,k\u00e6t\n", "ipa.csv")),
    **_POLICY,
)
RARE = Check(
    "SG103", "rare-latin-letter", WARNING, 0.5, 1.0,
    "A rare Latin hook or stroke letter stands in for an ASCII letter (mo\u0257els, \u01ache, BE\u024cT).",
    reports="""A rare Latin letter with a hook or stroke (\u0257 \u018a \u01ac \u01ad \u024c \u024d \u0185 \u0184 \u0138) stands
in for the ASCII letter it resembles in an otherwise ASCII word.""",
    why="""Spam uses these letters like other look-alikes, but they also belong to real
orthographies (Hausa \u0257, Ewe \u018a) and old phonetic usage, so the finding is a
warning with a low weight.""",
    fix="""Retype the letter as its ASCII original (the suggestion).  In a document that
also uses the letters of such an orthography (\u0253 \u0199 \u01b4 \u025b \u0254 \u014b \u0259 \u0256) it is not
reported.""",
    flags=("The new mo\u0257els are here.\n",),
    passes=("\u0181\u0101 \u0257aki, \u0199asa da \u01b4ar\u0101 suna \u0257aukar kaya.\n",),
    **_POLICY,
)
WHOLE = Check(
    "SG104", "whole-word-lookalike", ERROR, 1.5, 3.0,
    "A word made only of look-alike letters of another script sits in Latin text (Cyrillic \"\u0430\" as \"a\").",
    reports="""A word made only of letters of another script that each imitate an ASCII
letter -- Cyrillic "\u0430" used as the English article, "\u0440\u043e\u0440", "7\u0412" -- sits between
Latin words.""",
    why="""A whole word of look-alikes reads as English but is invisible to every search
and filter for that word.  The same word is ordinary in a document that really
uses the script: a document counts as Russian, Greek, ... when its words of
that script also hold letters that imitate nothing (\u0431 \u0434 \u0436 \u0448 in Russian,
\u03bb \u03c0 in Greek).  Single Greek letters other than omicron stand for themselves
(\u03b1, \u03b2 in maths).""",
    fix="Retype the word in ASCII (the suggestion; `--fix` applies it).",
    flags=("Pick \u0430 card and read it aloud.\n",),
    passes=("\u042f \u0438 \u0442\u044b \u0438\u0434\u0451\u043c \u0434\u043e\u043c\u043e\u0439, \u0430 \u043e\u043d \u0436\u0434\u0451\u0442 \u0431\u044b\u0441\u0442\u0440\u043e.\n", "Let \u03b1 be the angle.\n"),
    **_POLICY,
)
CHECKS = (MIXED, RESTRICTED, RARE, WHOLE)

# Longer "words" are not judged: no language has them, and judging them costs time.
MAX_WORD = 256
SHORT_SPAN = 200  # characters of a span (a word or two) that is split into its words at once

# Letters of orthographies that use hook letters such as ɗ (Hausa, Ewe, Fula, ...).
_HOOK_ORTHOGRAPHY = frozenset("ɓƙƴɛɔŋəɖʋɣƁƘƳƐƆŊƏƉƲƔ")


class WordJudgement(NamedTuple):
    """What one word is, independent of its document."""

    kind: str | None  # "mixed", "restricted", "rare", "lookalike", "native" or None
    script: str = ""  # foreign script code(s), space-separated
    offenders: tuple[str, ...] = ()  # the offending characters, in order, distinct
    suggestion: str | None = None
    framing: str = ""  # for "mixed": the phrase after "mixes"
    ipa_exempt: bool = False  # "restricted": IPA letters only, fine in IPA context
    ipa_tell: bool = False  # the word holds IPA-only letters
    greek_symbol: bool = False  # "lookalike": one Greek letter, a symbol in maths
    standalone: bool = False  # "restricted": no ASCII letter in the word (ɑ, ɪ)


def _plain(word: str) -> str | None:
    """The word in plain ASCII: look-alikes read, invisibles dropped; None if impossible."""
    out = []
    for ch in word:
        if ch < "\x80":
            out.append(ch)
            continue
        cat, _, plain, _ = character(ch)
        if plain is not None:
            out.append(plain)
        elif cat != "Cf":
            return None
    result = "".join(out)
    return result if result.isascii() else None


def _distinct(chars) -> tuple[str, ...]:
    return tuple(dict.fromkeys(chars))


def _names(codes: Iterable[str]) -> str:
    ucd = unicode_data()
    names = [ucd.script_name(c) for c in sorted(set(codes))]
    return " and ".join(names) if len(names) < 3 else ", ".join(names[:-1]) + " and " + names[-1]


@lru_cache(maxsize=65536)
def judge_word(word: str) -> WordJudgement:
    """The judgement of one word (a word holding at least one non-ASCII character)."""
    # A word of letters of one other script, some of which imitate nothing (привет, 中文): the
    # letters' classes, read in C, say so at once.
    classes = word.translate(CLASSES)
    pair = CLASS_PAIRS.get(classes[:1])
    if pair is not None and not classes.strip(pair[1]) and pair[2] in classes:
        return WordJudgement("native", pair[0])
    judgement = _judge_letters(word)
    if judgement.kind is None:
        from spamgate.rules._reading import judge_marks

        marked = judge_marks(word)
        if marked is not None:
            return WordJudgement("mixed" if marked.scripts else "restricted", " ".join(sorted(marked.scripts)),
                           marked.offenders, marked.reading, marked.what, ipa_exempt=marked.phonetic)
    return judgement


def _judge_letters(word: str) -> WordJudgement:
    """The judgement of the letters of one word, each judged as a character of its own."""
    ucd = unicode_data()
    seq = []  # (char, role, plain, klass) for letters, in order
    ascii_letters = 0
    ipa_tell = False
    real_digits = False
    infos = FACTS
    for ch in word:
        if ch < "\x80":
            if ch.isalpha():
                ascii_letters += 1
                seq.append((ch, "ascii", None, None))
            continue
        cat, role, plain, klass, _, ipa = infos.get(ch) or facts(ch)
        ipa_tell = ipa_tell or ipa
        if role == "other":
            real_digits = real_digits or cat == "Nd"
            continue
        seq.append((ch, role, plain, klass))
    if real_digits:
        # The word uses real digits of another script (၁၀, ੧੦x੧੪): its digits are digits.
        seq = [s for s in seq if s[1] == "ascii" or ucd.category(s[0]) != "Nd"]
    foreign = [s for s in seq if s[1] == "foreign"]
    latin = [s for s in seq if s[1] != "foreign"]
    flagged_latin = [s[0] for s in latin if s[3] in ("rare", "ipa", "restricted", "numeral", "math", "fullwidth")]

    if foreign:
        scripts = {infos[s[0]][4] for s in foreign}
        readable = all(s[2] is not None and len(s[2]) == 1 for s in foreign)
        if not latin:
            if len(scripts) == 1 or ucd.resolved_scripts(word):
                code = " ".join(sorted(scripts))
                if readable:
                    greek_symbol = (len(foreign) == 1 and code == "Grek" and ucd.is_lowercase(foreign[0][0])
                                    and foreign[0][0] != "\u03bf")
                    return WordJudgement("lookalike", code, _distinct(s[0] for s in foreign), _plain(word),
                                   greek_symbol=greek_symbol)
                return WordJudgement("native", code)
            framing = f"mixes {_names(scripts)}"
            return WordJudgement("mixed", " ".join(sorted(scripts)), _distinct(s[0] for s in foreign),
                           _plain(word) if readable else None, framing)
        # Latin letters together with letters of another script.
        if scripts == {"Grek"} and all(s[2] is None for s in foreign):
            return WordJudgement(None)  # units and formulas: kΩ, μs, Δx, dθ
        if not readable and _native_affix(seq):
            return WordJudgement(None)
        if readable or len(latin) >= len(foreign):
            offenders = _distinct(s[0] for s in seq if s[1] == "foreign" or s[0] in flagged_latin)
            return WordJudgement("mixed", " ".join(sorted(scripts)), offenders,
                           _plain(word) if readable else None, f"mixes {_names(scripts)} into Latin")
        return WordJudgement("mixed", " ".join(sorted(scripts)), _distinct(s[0] for s in latin), None,
                       f"mixes Latin into {_names(scripts)}")

    if not flagged_latin:
        return WordJudgement(None, ipa_tell=ipa_tell)
    klasses = {s[3] for s in latin if s[3] is not None}
    if ascii_letters == 0:
        from spamgate.rules._reading import small_letters as raised
        others = [s for s in latin if s[3] is None and s[0] not in raised()]  # ℝⁿ, 𝔽ₚ: exponents, indexes
        if not others and len(klasses) == 1 and klasses <= {"numeral", "math", "fullwidth"}:
            return WordJudgement(None)  # Ⅻ, ⅲ, 𝐀𝐁𝐂, ＰＤＦ: numerals and styled letters standing alone
    if ipa_tell:
        return WordJudgement(None, ipa_tell=True)  # a phonetic transcription: ˈlɑːɡ, tʃɑ
    if klasses == {"math"} and ascii_letters == 1 and all(ucd.decomposition(c)[0] == "font" for c in flagged_latin):
        return WordJudgement(None)  # notation: nℤ, ℤ/pℤ, 𝔽q (a styled letter beside one variable)
    offenders = _distinct(flagged_latin)
    kind = "rare" if klasses == {"rare"} else "restricted"
    return WordJudgement(kind, "", offenders, _plain(word), ipa_exempt=klasses <= {"ipa"},
                   standalone=ascii_letters == 0)


def _native_affix(seq) -> bool:
    """True for a Latin stem with a native affix: one run of foreign letters at
    either end, holding a letter that imitates nothing (SELinuxის, USBшка)."""
    roles = [s[1] == "foreign" for s in seq]
    n = len(roles)
    first = roles.index(True)
    last = n - 1 - roles[::-1].index(True)
    if not all(roles[first:last + 1]):
        return False
    if first != 0 and last != n - 1:
        return False
    run = seq[first:last + 1]
    if n - len(run) < 2:
        return False
    if len(run) == 1 and unicode_data().category(run[0][0]) not in ("Lo", "Lm"):
        return False
    return any(s[2] is None for s in run)


def _message(word_shown: str, judgement: WordJudgement, what: str) -> str:
    ucd = unicode_data()
    names = ", ".join(ucd.char_name(c) for c in judgement.offenders)
    tail = f'plain spelling "{judgement.suggestion}"' if judgement.suggestion else "no plain ASCII spelling"
    return f'Word "{word_shown}" {what}: {names}; {tail}'


def find(document: Document) -> Iterable[Finding]:
    findings = [] if document.text.isascii() else _word_findings(document)
    if findings:
        findings = _weighed_by_place(document, findings)
    path = document.path
    if document.kind == "file" and path and not (path.isascii() and "%" not in path):
        from spamgate.rules._reading import name_findings

        findings += name_findings(document, find)
    return findings


def _weighed_by_place(document: Document, findings: list[Finding]) -> list[Finding]:
    """Look-alike words quoted in code, quotations or block quotes of a document that is
    mostly prose (a homoglyph library's examples) weigh a tenth in the verdict, as the
    article checks' evidence does; the findings are reported all the same."""
    from spamgate.rules._quoted import quoted

    q = quoted(document)
    if not q.discount:
        return findings
    out = []
    for f in findings:
        scale = q.scale(f.offset, f.end_offset) if f.offset >= 0 else 1.0
        out.append(f if scale == 1.0 else f._replace(weight=f.weight * scale))
    return out


def _word_findings(document: Document) -> list[Finding]:
    text = document.text
    from spamgate.rules._context import ipa_context, latin_context
    from spamgate.rules._words import plain_word_counts, span_words, word_spans

    native: dict[str, int] = {}
    lookalike: dict[str, int] = {}
    ipa_words = 0

    def needing_a_look(words) -> list:
        """The words (start, end, word) of a span that may need a finding, in order."""
        out = []
        for start, end, word in words:
            if len(word) > MAX_WORD:
                continue  # not a word of prose or code: encoded data, a run of one character
            judgement = judge_word(word)
            if judgement.kind is not None and judgement.kind != "native":
                out.append((start, end, word, judgement))
        return out

    # Most spans (a paragraph of Russian) hold only words that need no finding,
    # or whole-word look-alikes that the document's own use of their script
    # excuses: those are counted by their distinct spellings, and their words
    # are looked at one by one only when a finding may come of it.  A short
    # span (a word or two) is split into its words at once.
    parts: list = []  # per span: (lo, hi, scripts of its look-alike words or None, its words when split)
    for lo, hi in word_spans(text):
        words = list(span_words(text, lo, hi)) if hi - lo <= SHORT_SPAN else None
        if words is None:
            counts = plain_word_counts(text, lo, hi)
        else:
            counts = {}
            for _, _, w in words:
                counts[w] = counts.get(w, 0) + 1
        scripts = set()
        for w, n in counts.items():
            if len(w) > MAX_WORD:
                continue
            judgement = judge_word(w)
            kind = judgement.kind
            if kind is None:
                ipa_words += judgement.ipa_tell * n
            elif kind == "native":
                native[judgement.script] = native.get(judgement.script, 0) + n
            elif kind == "lookalike":
                lookalike[judgement.script] = lookalike.get(judgement.script, 0) + n
                scripts.add(judgement.script)
            else:
                scripts.add(None)  # always needs a look
        if scripts:
            parts.append((lo, hi, scripts, words))

    def uses(script: str) -> bool:
        n = native.get(script, 0)
        return n >= 3 or (n >= 1 and n >= lookalike.get(script, 0))

    judged = []
    for lo, hi, scripts, words in parts:
        if any(s is None or not uses(s) for s in scripts):
            judged.extend(needing_a_look(span_words(text, lo, hi) if words is None else words))

    hook_orthography = None
    # A phonetic document (transcriptions in a table): its IPA words often hold IPA-only letters (ʃ ŋ æ ˈ ː).
    phonetic = ipa_words >= 2 and ipa_words * 3 >= sum(v.ipa_exempt for _, _, _, v in judged)
    findings = []
    for start, end, word, judgement in judged:
        kind = judgement.kind
        if kind == "mixed":
            check_, what = MIXED, judgement.framing
        elif kind == "restricted":
            if judgement.ipa_exempt and (judgement.standalone and ipa_words >= 2 or phonetic
                                       or ipa_context(text, start, end)):
                continue  # a phonetic symbol in a document about phonetics, or IPA in context
            check_, what = RESTRICTED, judgement.framing or "uses restricted Latin look-alikes"
        elif kind == "rare":
            if hook_orthography is None:
                hook_orthography = any(c in text for c in _HOOK_ORTHOGRAPHY)
            if hook_orthography:
                continue
            check_, what = RARE, "uses rare Latin letters as look-alikes"
        else:  # lookalike
            if judgement.greek_symbol or uses(judgement.script) or not latin_context(text, start, end):
                continue
            check_ = WHOLE
            what = f"is written in {_names(judgement.script.split())} look-alikes of Latin letters"
        message, characters = _describe(word, what)
        findings.append(document.finding(check_, start, end, message,
                                         suggestion=judgement.suggestion, characters=characters))
    from spamgate.rules._reading import enclosed_findings

    return findings + enclosed_findings(document, RESTRICTED)


@lru_cache(maxsize=16384)
def _describe(word: str, what: str) -> tuple[str, tuple[str, ...]]:
    """(message, named characters) of a finding on ``word``."""
    from spamgate.rules._words import shown

    judgement = judge_word(word)
    return _message(shown(word), judgement, what), tuple(unicode_data().char_name(c) for c in judgement.offenders)
