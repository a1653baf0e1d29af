"""Spun wording (SG407).

To pass copied or generated text off as new, spam is run through an article
spinner that replaces words by odd synonyms: "be taught" for learn, "legal
guidelines" for laws, "synthetic intelligence" for artificial intelligence,
"language mannequin" for language model, "often asked concerns" for frequently
asked questions, "run a lorry" for operate a vehicle, "grownups" for adults.
The phrases are data (rules/spun.toml): collocations that people do not write.
Two or more different ones in a document are reported, one finding each;
those inside code, quotations or block quotes of a document that is mostly
prose count for little.
"""
from __future__ import annotations

from typing import Iterable

from spamgate.model import WARNING, Check, Document, Finding

from ._articles import plain, plain_words
from ._quoted import quoted
from ._lexicon import Lexicon, derived, prepare, tokens

SPUN = Check(
    "SG407", "spun-wording", WARNING, 1.0, 4.0,
    "phrases that article spinners produce ('be taught', 'legal guidelines', 'synthetic intelligence')",
    reports="""Two or more different phrases that article spinners produce when they replace
words by odd synonyms: "be taught" (learn), "legal guidelines" (laws),
"synthetic intelligence" (artificial intelligence), "language mannequin"
(language model), "often asked concerns" (frequently asked questions), "run
a lorry" (operate a vehicle).  Each phrase is one finding.""",
    why="""Spam is spun so that search engines do not see it as a copy; no writer
produces these collocations, so they mark machine-rewritten text.""",
    fix="Rewrite the text in your own words; a document that quotes such phrases as examples may put them "
        "in code or quotation marks.",
    flags=("Tide gauges use a language mannequin to be taught the tides, and synthetic intelligence does the rest.\n",),
    passes=("Tide gauges use a language model to learn the tides, and artificial intelligence does the rest.\n",),
    evidence="spun text",
)
CHECKS = (SPUN,)

MAX_SCAN = 400_000


def _build(data: dict) -> dict:
    section = data["spun"]
    return {"lexicon": prepare({"phrase": section["phrases"]}, fuzzy=False), "min_phrases": section["min_phrases"]}


_DATA: list = []


def _data() -> tuple[Lexicon, int]:
    if not _DATA:
        built = derived("spun", _build, __file__)
        _DATA.extend((Lexicon(built["lexicon"]), built["min_phrases"]))
    return _DATA[0], _DATA[1]


def find(document: Document) -> Iterable[Finding]:
    if not document.text:
        return
    text = plain(document).text[:MAX_SCAN]
    lexicon, least = _data()
    words, vocabulary = plain_words(document, MAX_SCAN)
    if vocabulary.isdisjoint(lexicon.anchors("phrase")):
        return  # every phrase holds its longest word
    if len({" ".join(words[m.start:m.end]) for m in lexicon.find(words, present=vocabulary).get("phrase", ())}) < least:
        return
    toks = tokens(text)
    words = [t.text for t in toks]
    first: dict[str, tuple[int, int]] = {}
    for m in lexicon.find(words).get("phrase", ()):
        phrase = " ".join(words[m.start:m.end])
        first.setdefault(phrase, (toks[m.start].start, toks[m.end - 1].end))
    if len(first) < least:
        return
    q = quoted(document)
    for phrase, (s, e) in sorted(first.items(), key=lambda kv: kv[1]):
        shown = " ".join(document.text[s:e].split())  # a phrase may run over a line break
        yield document.finding(SPUN, s, e, f"spun wording: '{shown}'", scale=q.scale(s, e))
