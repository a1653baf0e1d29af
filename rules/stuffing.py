"""The keyword a page is written for (SG408, SG409).

A search-engine article is written for one keyword, a phrase of a few words
("roof repair near me", "counterfeit driving license", "best crypto casino
bonuses"): the page is named after it and the text repeats it far more often
than a writer would, and links it, word for word, to the page it promotes.
Neither is a look-alike letter or a closer that a spammer drops cheaply: the
repetition is what the page is for.

- SG408 keyword-stuffing: a phrase of three or more words from the title
  (first heading or file name) recurs in the text at least ``MIN_REPEATS``
  times and takes up at least ``MIN_SHARE`` of its words.  Plurals count with
  their singular.
- SG409 keyword-anchor-link: a link in the prose whose anchor text is that
  repeated title keyword, pointing to a page named after the same words
  (``[payday loans online](https://lender.example/payday-loans-online)``).

A real document repeats its subject too, but a subject of one or two words
("tide gauges", "git rebase"); a phrase of three or more repeated this densely
is written for search engines.  Both checks are evidence of a kind of their
own (keyword), so that with the article's style or title they corroborate.
"""
from __future__ import annotations

from typing import Iterable

from spamgate.model import INFO, Check, Document, Example, Finding

from ._articles import STOPWORDS, deconfuse_same_length, has_words, plain
from ._lexicon import words_of
from ._quoted import quoted

# A body for the examples: an article for the keyword "harbour tide tables".
_ARTICLE = "\n\n".join([
    "Harbour tide tables tell boat owners when the water is high enough to leave a mooring safely. "
    "Without them, a skipper can only guess when the channel will be deep enough for the keel.",
    "Harbour tide tables are printed every year, and harbour tide tables are sold in every chandlery along "
    "the coast. Sailors who read harbour tide tables carefully plan each trip around the rising water.",
    "Good harbour tide tables list the height of each tide as well as its time, and they warn of the "
    "spring tides that flood the quay twice a month. Fishermen buy "
    "[harbour tide tables](https://tides-shop.example/harbour-tide-tables) before the season begins.",
    "Many clubs hand out harbour tide tables to new members, because a boat left on the mud at low water "
    "can tip over and fill when the tide comes back in the night.",
    "In short, harbour tide tables keep boats off the mud and crews out of trouble, and every harbour "
    "office keeps a copy on the wall for visitors who arrive without one.",
]) + "\n"
_DOC = """The tide gauge at the harbour records the height of the sea every six minutes. The records go
into the national archive, where they are checked against the gauges of neighbouring ports. A gauge
needs a stable mount, a clear view of the water and regular levelling against a benchmark on land.
Engineers use the records to plan harbour walls, and scientists combine them with satellite data to
follow the slow rise of the oceans. The harbour office publishes tide tables for sailors each winter.
"""

STUFFING = Check(
    "SG408", "keyword-stuffing", INFO, 3.0, 3.0,
    "a keyword phrase from the title is repeated throughout the text, as pages written for search engines do",
    reports="""A phrase of three or more words from the document's title (first heading or file
name) that recurs in the text at least five times and makes up at least two in
every hundred of its words, as in an article written for "roof repair near me"
that says "roof repair near me" in every paragraph.""",
    why="""Spam articles are written to rank for one keyword and repeat it in every
paragraph.  A writer names a subject of three words a few times and then says
"it"; search-engine text does not.  Weak evidence on its own.""",
    fix="Write for readers: name the subject, then refer to it.  The finding only adds to other evidence.",
    flags=(Example(_ARTICLE, "Harbour-Tide-Tables.md"),),
    passes=(Example(_DOC, "Harbour-Tide-Gauge-Records.md"),
            Example("Tide gauges measure the sea. Tide gauges need care. Tide gauges are old.\n", "Tide-Gauges.md")),
    evidence="keyword",
)
ANCHOR = Check(
    "SG409", "keyword-anchor-link", INFO, 2.0, 2.0,
    "a link whose anchor is the page's repeated keyword points to a page named after the same words",
    reports="""A link in the prose whose anchor text is the keyword phrase the document repeats
(see SG408) and whose target page is named after the same words, as in
"[payday loans online](https://lender.example/payday-loans-online)".""",
    why="""The purpose of a search-engine article is to pass rank to the page it links,
under the keyword it was written for.""",
    fix="Remove the link, or link to the page under words that describe it.",
    flags=(Example(_ARTICLE, "Harbour-Tide-Tables.md"),),
    passes=(Example(_DOC + "See [the tide tables](https://harbour.example/tide-tables) for this year.\n",
                    "Harbour-Tide-Gauge-Records.md"),),
    evidence="keyword",
)
CHECKS = (STUFFING, ANCHOR)

MIN_WORDS = 150      # words of text before repetition says anything
MIN_PHRASE = 3       # words in a keyword phrase
MAX_PHRASE = 6
MIN_REPEATS = 5      # occurrences of the phrase in the text
MIN_SHARE = 0.02     # share of the text's words that the occurrences take up
PROSE_LINE = 8       # words of letters on a line of prose
MAX_SCAN = 400_000
# A phrase joined by these names two things ("crime and punishment", "tips and tricks"), often the
# title of a work, not a search keyword.
_JOINERS = frozenset({"and", "or", "nor", "vs", "versus"})


def _stem(word: str) -> str:
    """A word without its plural ending, as far as a pattern needs it: ``_pattern`` lets "s",
    "es" and "e" follow a stem, so licenses, license and licens- meet; bonuses and bonus meet."""
    if len(word) > 4 and word.endswith("es"):
        return word[:-2]
    if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


def _pattern(phrase: tuple[str, ...]):
    """The phrase as a regular expression over lower-case text: its words in order, each with
    or without a plural ending, separated by anything that is not a word character."""
    import re

    body = r"[\W_]+".join(re.escape(w) + "(?:e?s|e)?" for w in phrase)
    return re.compile(r"(?<![^\W_])" + body + r"(?![^\W_])")


def _adjacent(text: str, first: str, second: str) -> bool:
    """Whether ``first`` (with or without a plural ending) and then ``second`` stand together, a
    space apart, at least twice in ``text``."""
    return sum(text.count(first + ending + " " + second) for ending in _ENDINGS) >= 2


_ENDINGS = ("", "s", "es", "e")


def _title_phrases(document: Document) -> set[tuple[str, ...]]:
    """Runs of three to six words of the title candidates (heading, file name),
    neither starting nor ending with a small word, each word stemmed."""
    out: set[tuple[str, ...]] = set()
    for cand in document.title_candidates:
        if cand.source not in ("heading", "filename"):
            continue
        title = [_stem(w) for w in words_of(deconfuse_same_length(cand.text).lower())]
        for i in range(len(title)):
            for n in range(MIN_PHRASE, MAX_PHRASE + 1):
                run = tuple(title[i:i + n])
                if len(run) < n:
                    break
                if run[0] in STOPWORDS or run[-1] in STOPWORDS or not _JOINERS.isdisjoint(run) \
                        or not all(len(w) >= 2 and w.isalpha() for w in run) \
                        or sum(w not in STOPWORDS and len(w) >= 3 for w in run) < 2:
                    continue  # names, version numbers and pieces of words are no keyword
                out.add(run)
    return out


class _Keyword:
    __slots__ = ("phrase", "spans", "words")

    def __init__(self, phrase: tuple[str, ...], spans: list[tuple[int, int]], words: int):
        self.phrase, self.spans, self.words = phrase, spans, words

    @property
    def share(self) -> float:
        return len(self.spans) * len(self.phrase) / self.words


def keyword(document: Document) -> _Keyword | None:
    """The title phrase the text repeats as a search-engine keyword, if any."""
    if document.kind != "file" or not document.text or not has_words(document):
        return None
    phrases = _title_phrases(document)
    if not phrases:
        return None
    text = plain(document).text[:MAX_SCAN]  # lower case, links blanked, same offsets as the document
    # Each word of a repeated phrase (a stem is a prefix of its word) occurs often, and each pair of
    # its neighbouring words, written with a space, at least twice: most texts stop here.
    counts: dict[str, bool] = {}
    for word in {w for p in phrases for w in p}:
        counts[word] = text.count(word) >= MIN_REPEATS
    phrases = {p for p in phrases if all(counts[w] for w in p) and all(_adjacent(text, a, b) for a, b in zip(p, p[1:]))}
    if not phrases:
        return None
    best = None
    words = 0
    for phrase in phrases:
        spans = [m.span() for m in _pattern(phrase).finditer(text) if _in_prose(text, m.start())]
        if len(spans) < MIN_REPEATS:
            continue
        words = words or len(words_of(text))
        if words < MIN_WORDS:
            return None
        found = _Keyword(phrase, spans, words)
        if found.share >= MIN_SHARE and (best is None or (found.share, len(phrase)) > (best.share, len(best.phrase))):
            best = found
    return best


def _in_prose(text: str, offset: int) -> bool:
    """Whether the line at ``offset`` is prose: at least ``PROSE_LINE`` words of letters
    (a changelog's entry headers and a catalog's messages repeat their words in short lines)."""
    start = text.rfind("\n", 0, offset) + 1
    end = text.find("\n", offset)
    line = text[start:end if end >= 0 else len(text)]
    return sum(1 for w in words_of(line) if w.isalpha() and len(w) >= 2) >= PROSE_LINE


def _anchor_links(document: Document, found: _Keyword) -> Iterable[tuple[int, int, str]]:
    """Links whose anchor is the keyword and whose target page is named after it."""
    from urllib.parse import unquote, urlsplit

    for link in plain(document).links:
        anchor = tuple(_stem(w) for w in words_of(deconfuse_same_length(link.anchor or "").lower()))
        if not found.phrase[0] in anchor or not _contains(anchor, found.phrase) or len(anchor) > len(found.phrase) + 2:
            continue
        try:
            path = unquote(urlsplit(link.url).path).lower()
        except ValueError:
            continue
        named = tuple(_stem(w) for w in words_of(path))
        if _contains(named, found.phrase):
            yield link.start, link.end, link.url


def _contains(run: tuple[str, ...], phrase: tuple[str, ...]) -> bool:
    n = len(phrase)
    return any(run[i:i + n] == phrase for i in range(len(run) - n + 1))


def find(document: Document) -> Iterable[Finding]:
    found = keyword(document)
    if found is None:
        return
    q = quoted(document)
    s, e = found.spans[0]
    shown = " ".join(document.text[s:e].split()).lower()  # as written (a phrase may run over a line break)
    yield document.finding(STUFFING, s, e, f"the title keyword '{shown}' recurs {len(found.spans)} times "
                           f"in {found.words} words ({found.share:.0%} of the text)", scale=q.scale(s, e))
    for s, e, url in _anchor_links(document, found):
        yield document.finding(ANCHOR, s, e, f"a link with the keyword '{shown}' as its anchor goes to {url[:80]}",
                               scale=q.scale(s, e))
        return
