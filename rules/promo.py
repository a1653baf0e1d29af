"""Promotional closing paragraph (SG201, SG202, SG205).

Spam articles end with a sentence that turns the article into a link: "If you
loved this article and you would like to get more info about KEYWORD kindly
check out our own web site", spun from synonyms ("If you beloved this write-up
and you would like to receive additional details regarding KEYWORD kindly go
to our own site", "Should you have virtually any questions about where by and
also how you can make use of KEYWORD, you can email us at the website"),
rephrased ("For more on KEYWORD, our team's page has everything you need"), or
written in the article's own language ("Pokud se vám tento článek líbil a
chtěli byste získat více informací o KEYWORD, navštivte naše stránky").

The rule recognises such a sentence by its parts, whatever their wording:

- an offer of more about a keyword ("more info about", "additional details
  regarding", "more on"), or a questions clause about using it ("if you have
  any questions about where and how to use");
- an invitation to a site or to write to it ("kindly visit our own web site",
  "you can email us at the website", "our team's page has everything");
- optionally an appreciation clause ("if you loved this article").

The vocabularies of these parts, for English, German, Czech, French, Spanish,
Polish, Portuguese, Italian, Dutch and Russian, are data (rules/promo.toml).
Words are compared with look-alike letters turned into ASCII, case folded, and
one letter may be missing from a long word ("detals", "nformation").  Link
markup is ignored, so the keyword may be a markdown or HTML link, be followed
by a bare URL, or be plain anchor text.

A sentence with an offer (or questions clause) and an invitation is
promotional.  Its confidence grows with an appreciation clause, words only
article spinners write ("kindly", "i implore you", "our own", "in regards
to"), a link in the sentence, and a keyword that the rest of the document
never mentions.  A confident one among the closing paragraphs (the last
paragraphs of prose, whatever footer, link list or signature follows them)
is SG201; a weaker one, or one in the middle of the text, is SG202.  A call to
action without a keyword ("For more information, visit our website") or about
the author's own work ("more about our services") is not reported.  Sentences
inside code, quotations or block quotes of a document that is mostly prose
count for little.
"""
from __future__ import annotations

import re
from bisect import bisect_left
from typing import Iterable, Iterator

from spamgate.model import ERROR, PROMOTION_EVIDENCE, WARNING, Check, Document, Finding

from ._articles import (Body, as_plain, for_document, has_words, iter_paragraphs, plain, plain_words,
                        sentences, significant)
from ._articles import words as ascii_words
from ._quoted import quoted
from ._lexicon import Lexicon, Sequence, derived, parse_sequence, prepare, tokens, words_of

# An article for the examples: it is about tide gauges, never about the keyword its closers promote.
_ARTICLE = """# Tide gauges

Tide gauges record the height of the sea at a harbour every few minutes. Engineers use the records
to plan harbour walls, and scientists combine them with satellite data to follow the slow rise of
the oceans. A gauge needs a stable mount, a clear view of the water and regular checks against a
benchmark on land, because a sinking pier looks exactly like a rising sea.

Modern gauges send their readings by radio, so a storm surge shows up on a screen while it happens.
Older gauges drew their curves on paper drums, and volunteers still type those curves into tables
so that the long records can be compared with new ones.

"""
_SPUN_CLOSER = ("If you loved this article and you would like to get more info about "
                "[Nimbus-XL](https://shop.example.com/nimbus) kindly check out our own web-site.\n")

CLOSER = Check(
    "SG201", "promotional-closer", ERROR, 8.0, 8.0,
    "closing paragraph pushes a keyword link to 'our web site' in the spun style of spam articles",
    reports="""A sentence among the closing paragraphs made of the parts of a spam article's
closer: an offer of more about a keyword ("more info about", "additional
details regarding", "more on") or a question about using it, and an invitation
to visit or write to "our (own) web site", with an appreciation clause ("If you
loved this article"), spinner wording ("kindly", "i implore you", "our own"), a
link, or a keyword the article never mentions.  It is recognised in English,
German, Czech, French, Spanish, Polish, Portuguese, Italian, Dutch and
Russian.  With spinner wording it is an error; a plain call to action of the
same shape is a warning.""",
    why="""The closing paragraph is what the spam is for: it turns a machine-written
article into a link to the spammer's page.  On its own it never makes a
document spam: real articles end with calls to action too.""",
    fix="""Remove the paragraph.  A call to action that names your own project or site is
not reported: "For more information, visit our website", "If you like this
project, give it a star".""",
    flags=(_ARTICLE + _SPUN_CLOSER,
           _ARTICLE + "If you beloved this write-up and you would like to receive additional details regarding "
                      "Nimbus-XL kindly go to our own site.\n\n- [Home](/)\n- [Archive](/archive)\n",
           _ARTICLE + "Pokud se v\u00e1m tento \u010dl\u00e1nek l\u00edbil a cht\u011bli byste z\u00edskat "
                      "v\u00edce informac\u00ed o Nimbus-XL, nav\u0161tivte pros\u00edm na\u0161e webov\u00e9 "
                      "str\u00e1nky.\n"),
    passes=(_ARTICLE + "For more information, visit our website: https://example.org\n",
            _ARTICLE + "If you find this project helpful, please give it a star on GitHub!\n"),
    evidence=PROMOTION_EVIDENCE,
)
CALL = Check(
    "SG202", "promotional-call", WARNING, 3.0, 3.0,
    "a sentence sends readers to 'our web site' for more about a keyword",
    reports="""A sentence asks readers who want more about a keyword to visit or contact a
web site, in the shape of the spam-article closer but without enough of its
other marks to be sure, or outside the closing paragraphs.""",
    why="Weak evidence on its own: spam articles carry such sentences mid-text too.",
    fix="Remove the sentence, or name your own project or site in it.",
    flags=("# Tide gauges\n\nIf you want to read more about tide gauges, visit our web site. "
           "Tide gauges record the height of the sea.\n\n" + _ARTICLE,),
    passes=(_ARTICLE + "To learn more about our consulting services, visit our website.\n",),
    evidence=PROMOTION_EVIDENCE,
)
UNRELATED = Check(
    "SG205", "unrelated-keyword", WARNING, 3.0, 3.0,
    "the promoted keyword never occurs in the rest of the document",
    reports="The keyword that a promotional closer links or names does not occur anywhere else in the document.",
    why="The paragraph promotes something the article is not about: the article was generated to carry "
        "the link.",
    fix="Remove the promotional paragraph.",
    flags=(_ARTICLE + _SPUN_CLOSER,),
    passes=(_ARTICLE + "If you loved this article and you would like to get more info about tide gauges "
            "kindly check out our own web-site.\n",),
    evidence=PROMOTION_EVIDENCE,
)
CHECKS = (CLOSER, CALL, UNRELATED)

# The closing paragraphs: the last paragraphs of prose.
CLOSING_BLOCKS = 3
CLOSING_LINES = 6
CLOSING_CHARS = 6000  # never further than this before the end of the last paragraph of prose
MAX_SENTENCES = 300  # sentences judged outside the closing paragraphs
MAX_SCAN = 400_000  # characters scanned for mid-text promotion in long files
MAX_SENTENCE = 1500  # characters of one sentence looked at (its end)
CONFIDENT = 6  # score of a sentence in the closing paragraphs that makes it SG201
REPORTED = 4
FULL_STRENGTH = 9  # a sentence with this score (keyword aside) weighs a whole finding


# ---------------------------------------------------------------- data

def _languages_of(data: dict) -> list[str]:
    return [name for name, section in data.items() if isinstance(section, dict)]


def _build_language(data: dict, lang: str) -> dict:
    """One language's lexicon and sequences, derived from rules/promo.toml."""
    section = data[lang]
    slots = dict(section["slots"])
    slots["_spin"] = section.get("spin", ())
    slots["_self"] = section.get("self", ())
    slots["_stop"] = section.get("keyword_stop", ())
    required = {step.slot for part in ("appreciation", "questions", "offer", "invite")
                for spec in section.get(part, ()) for step in parse_sequence(spec) if not step.optional}
    return {
        "lexicon": prepare(slots, section.get("variants"), normalize=as_plain, anchors=required),
        "parts": {part: tuple(section.get(part, ())) for part in ("appreciation", "questions", "offer", "invite")},
        "gap": data.get("gap", 3),
        "keyword_words": data.get("keyword_words", 8),
    }


def _build_gate(data: dict) -> dict:
    """For each language, the words of which a text must hold one from each set
    before its grammar is worth loading: the anchors of the slots that every
    invitation needs and of those that every offer and questions clause needs
    (a weaker form of ``Language.may_match``)."""
    gate = {}
    for lang in _languages_of(data):
        language = Language(lang, _build_language(data, lang))
        sets = []
        for parts in (("invite",), ("offer", "questions")):
            sequences = [s for part in parts for s in language.parts[part]]
            common = set.intersection(*({st.slot for st in s.steps if not st.optional} for s in sequences))
            sets.append(tuple(language.lexicon.anchors(slot) for slot in sorted(common)))
        gate[lang] = tuple(sets)  # (what every invitation needs, what every offer or question needs)
    return gate


class Language:
    """The closer grammar of one language."""

    def __init__(self, name: str, prepared: dict):
        self.name = name
        self.lexicon = Lexicon(prepared["lexicon"])
        self.keyword_words = prepared["keyword_words"]
        self.parts = {part: [Sequence(self.lexicon, spec, prepared["gap"]) for spec in specs]
                      for part, specs in prepared["parts"].items()}
        phrases = self.lexicon.phrases
        # Words of the offer and questions slots, which a keyword does not start with.
        self.connective = frozenset(w for slot in ("about", "more", "use") for phrase in phrases[slot] for w in phrase)
        self.stop = frozenset(w for phrase in phrases["_stop"] for w in phrase)

    def _part_may_match(self, part: str, vocabulary) -> bool:
        return any(s.may_match(vocabulary) for s in self.parts[part])

    def may_match(self, vocabulary) -> bool:
        """Whether a text with these words could hold a promotional sentence:
        an invitation and an offer or questions clause (the prefilter,
        derived from the sequences)."""
        return self._part_may_match("invite", vocabulary) and (
            self._part_may_match("offer", vocabulary) or self._part_may_match("questions", vocabulary))

    def first(self, part: str, words: list[str], found) -> tuple[int, int] | None:
        best = None
        for sequence in self.parts[part]:
            span = sequence.match(words, found)
            if span is not None and (best is None or span[1] < best[1]):
                best = span
        return best


_LANGUAGES: dict[str, Language] = {}


def language(name: str) -> Language:
    got = _LANGUAGES.get(name)
    if got is None:
        got = _LANGUAGES[name] = Language(name, derived("promo", lambda data: _build_language(data, name),
                                                        __file__, part=name))
    return got


def gate() -> dict[str, tuple]:
    return derived("promo", _build_gate, __file__, part="gate")


def languages() -> list[Language]:
    """Every language's grammar."""
    return [language(name) for name in gate()]


def promotional(sentence: str) -> bool:
    """Whether ``sentence`` (plain text) reads as a promotional sentence in some
    language: an offer or questions clause and an invitation, without the
    prefilter.  For tests that hold the prefilter to the grammar."""
    words = words_of(as_plain(sentence))
    for lang in languages():
        found = lang.lexicon.find(words)
        if lang.first("invite", words, found) and (
                lang.first("offer", words, found) or lang.first("questions", words, found)):
            return True
    return False


# ---------------------------------------------------------------- closing paragraphs

_RULE = re.compile(r"^\s*(?:[-*_]\s*){3,}$")
_LINK_DEFINITION = re.compile(r"^\s*\[[^\]\n]+\]:\s*\S+")
_LIST_ITEM = re.compile(r"^\s*(?:[-*+|>]|\d{1,3}[.)])\s")


def _is_prose(line: str, blanked: str) -> bool:
    """Whether a line is prose (not a heading, rule, link list, footer line or signature)."""
    s = line.strip()
    if not s or s.startswith(("#", "<!--", "|", "```", "~~~")) or _RULE.match(s) or _LINK_DEFINITION.match(s):
        return False
    n = len(words_of(blanked))
    if n < 5:
        return False
    if _LIST_ITEM.match(line) and n < 12:
        return False
    return True


def closing_start(document: Document) -> int:
    """Offset where the closing paragraphs begin: the last CLOSING_BLOCKS
    paragraphs (at most CLOSING_LINES lines) of prose, passing over whatever
    follows them (link lists, footers, signatures)."""
    text, original = plain(document).text, document.text
    floor = max(0, len(text) - 4 * CLOSING_CHARS)
    start = last_end = None
    lines = blocks = 0
    gap = False
    pos = len(text)
    while pos > floor:
        line_start = text.rfind("\n", floor, pos - 1) + 1
        if _is_prose(original[line_start:pos], text[line_start:pos]):
            if start is not None and gap:
                blocks += 1
                if blocks >= CLOSING_BLOCKS:
                    break
            if last_end is None:
                last_end = pos
            elif last_end - line_start > CLOSING_CHARS:
                break
            start = line_start
            gap = False
            lines += 1
            if lines >= CLOSING_LINES:
                break
        elif start is not None:
            gap = True
        pos = line_start
        if pos == 0:
            break
    if start is None:
        return max(0, len(text) - CLOSING_CHARS)
    return start


# ---------------------------------------------------------------- sentences

_BREAK = re.compile(r"[,.;:!?()\[\]<>\n\"]")


def _keyword_end(text: str, toks, first: int, limit: int, stop) -> int:
    """Index after the last token of the keyword that starts at token ``first``."""
    k = first
    while k < limit:
        if k > first and _BREAK.search(text, toks[k - 1].end, toks[k].start):
            break
        if toks[k].text in stop and k > first:
            break
        k += 1
    return k


def _judge(document: Document, pl, s: int, e: int, lang: Language) -> dict | None:
    toks = tokens(pl.text, s, e)
    words = [t.text for t in toks]
    found = lang.lexicon.find(words)
    invite = lang.first("invite", words, found)
    if invite is None:
        return None
    limit_words = lang.keyword_words
    best = None
    for part, base in (("questions", 5), ("offer", 4)):
        span = lang.first(part, words, found)
        if span is None:
            continue
        first = span[1]
        while first < len(toks) - 1 and toks[first].text in lang.connective:
            first += 1  # "make use | of X", "plus d' | informations sur X"
        if first >= len(toks):
            continue
        limit = min(len(toks), first + limit_words)
        if invite[0] >= first:
            limit = min(limit, invite[0])
        last = _keyword_end(pl.text, toks, first, limit, lang.stop)
        if last <= first or toks[first].text in lang.stop:
            continue
        ks, ke = toks[first].start, toks[last - 1].end
        keyword = " ".join(pl.cased[ks:ke].split())  # look-alikes undone, case kept
        kw_words = words_of(as_plain(keyword))
        if _names_self(lang, kw_words) or not _significant(kw_words):
            continue
        cand = {"score": base, "keyword": keyword, "kstart": ks, "kend": ke, "marks": []}
        if best is None or cand["score"] > best["score"]:
            best = cand
    if best is None:
        return None
    marks = best["marks"]
    if lang.first("appreciation", words, found) is not None:
        best["score"] += 2
        marks.append("an appreciation clause")
    spin = {" ".join(words[m.start:m.end]) for m in found.get("_spin", ())}
    spin = sorted(p for p in spin if not any(p != q and f" {p} " in f" {q} " for q in spin))  # "our own" in "visit our own"
    best["spun"] = bool(spin)
    if spin:
        best["score"] += min(2, len(spin))
        marks.append("spinner wording (" + ", ".join(spin[:3]) + ")")
    if any(link.start < e and link.end > s for link in pl.links):
        best["score"] += 1
        marks.append("a link")
    kw_plain = " ".join(ascii_words(pl.text[best["kstart"]:best["kend"]]))
    related = _whole_body(document).related(kw_plain, exclude=Body(pl.text[s:e])) if kw_plain else None
    best["related"] = related
    if related is False:
        best["score"] += 2
        marks.append("a keyword the document never mentions")
    return best


def _names_self(lang: Language, kw_words: list[str]) -> bool:
    for phrase in lang.lexicon.phrases["_self"]:
        if tuple(kw_words[:len(phrase)]) == phrase:
            return True
    return False


def _significant(kw_words: list[str]) -> bool:
    latin = [w for w in kw_words if w.isascii()]
    if len(latin) < len(kw_words):
        return any(len(w) >= 3 or w.isdigit() for w in kw_words if not w.isascii()) or bool(significant(latin))
    return bool(significant(kw_words))


def _whole_body(document: Document) -> Body:
    """The words of the whole document, to tell whether a keyword occurs elsewhere in it."""
    return for_document("body", document, lambda d: Body(plain(d).text))


def _spans(document: Document, pl, closing: int, places: list[int]) -> list[tuple[int, int, bool]]:
    """Sentences to judge: every sentence of the closing paragraphs, and the
    sentences before them (within MAX_SCAN characters, at most MAX_SENTENCES).

    A sentence is judged only when it holds one of ``places`` (sorted): the
    paragraphs before the closing ones are not split once the sentence limit is
    reached or no place lies at or after them.
    """
    text = pl.text
    out = []
    head_end = min(closing, MAX_SCAN)
    i = bisect_left(places, head_end)
    last_place = places[i - 1] if i else -1  # the last place a sentence before the closing can hold
    outside = 0
    for ps, pe in iter_paragraphs(text[:head_end]):
        if outside >= MAX_SENTENCES or ps > last_place:
            break
        for s, e in sentences(text, ps, pe):
            outside += 1
            if outside > MAX_SENTENCES:
                break
            out.append((s, e, False))
    for ps, pe in iter_paragraphs(text[closing:]):
        out.extend((s, e, True) for s, e in sentences(text, closing + ps, closing + pe))
    return out


def _places(text: str, words) -> list[int]:
    """Where each of ``words`` stands in ``text`` as a whole word (a word as
    rules/_lexicon.words_of reads words: letters and digits), in order."""
    out = []
    end = len(text)
    for word in words:
        i = text.find(word)
        while i >= 0:
            j = i + len(word)
            if (i == 0 or not text[i - 1].isalnum()) and (j == end or not text[j].isalnum()):
                out.append(i)
            i = text.find(word, i + 1)
    out.sort()
    return out


def _promotions(document: Document) -> Iterator[Finding]:
    pl = plain(document)
    text = pl.text
    # Long files: the words of the first part; shorter ones: all of them.
    vocabulary = plain_words(document, MAX_SCAN if not MAX_SCAN < len(text) <= 2 * MAX_SCAN else len(text))[1]
    gates = gate()
    names = [name for name, sets in gates.items() if all(not vocabulary.isdisjoint(n) for part in sets for n in part)]
    langs = [lang for lang in map(language, names) if lang.may_match(vocabulary)]
    if not langs:
        return
    # Every promotional sentence holds a word that every invitation needs (a site): the places of those words.
    invitation = frozenset().union(*(n for lang in langs for n in gates[lang.name][0]))
    places = _places(text, invitation.intersection(vocabulary) if len(text) <= 2 * MAX_SCAN else invitation)
    # The closing paragraphs lie within CLOSING_CHARS of the end, even in a text without line breaks.
    closing = max(closing_start(document), len(text) - CLOSING_CHARS)
    for s, e, in_closing in _spans(document, pl, closing, places):
        if e - s > MAX_SENTENCE:
            s = e - MAX_SENTENCE
        i = bisect_left(places, s)
        if i == len(places) or places[i] >= e:
            continue
        sentence_words = set(words_of(text[s:e]))
        verdict = None
        for lang in langs:
            if lang.may_match(sentence_words):
                got = _judge(document, pl, s, e, lang)
                if got is not None and (verdict is None or got["score"] > verdict["score"]):
                    verdict = got
        if verdict is None or verdict["score"] < REPORTED:
            continue
        confident = verdict["score"] >= CONFIDENT and in_closing
        check = CLOSER if confident else CALL
        start = s + (len(document.text[s:e]) - len(document.text[s:e].lstrip()))
        where = "closing paragraph" if in_closing else "sentence"
        marks = verdict["marks"]
        message = (f"promotional {where}: sends readers to a web site for more about "
                   f"'{verdict['keyword']}'" + (" with " + ", ".join(marks) if marks else ""))
        scale = quoted(document).scale(start, e)
        # A sentence with more of the genre's marks (appreciation, spinner wording, a link) counts for more.
        marked = verdict["score"] - (2 if verdict["related"] is False else 0)
        strength = max(1, min(FULL_STRENGTH, marked) - REPORTED + 1) / (FULL_STRENGTH - REPORTED + 1)
        # The spun wording of the genre makes a closer an error: a plain call to action is only a warning.
        severity = None if check is CALL or verdict["spun"] else WARNING
        yield document.finding(check, start, e, message, suggestion="remove the promotional paragraph",
                               scale=scale * strength, severity=severity)
        if confident and verdict["related"] is False:
            yield document.finding(
                UNRELATED, verdict["kstart"], max(verdict["kend"], verdict["kstart"] + 1),
                f"promoted keyword '{verdict['keyword']}' does not occur anywhere else in the document", scale=scale)


def find(document: Document) -> Iterable[Finding]:
    if not has_words(document):
        return
    yield from _promotions(document)

