"""Generated-text style of spam articles (SG401, SG402, SG404, SG406).

None of these is enough on its own; each adds a little to a document's
score when other kinds of evidence (look-alike letters, a promotional closer,
a templated title, link-farm links) are also there.

- SG401 stock-opening: the stock openings of generated reports: a bare
  "Introduction" (or "Abstract", "Einleitung", "Úvod", "Введение", ...) or
  "Title: …" first line, "In the realm of natural language processing", "In
  today's fast-paced world", "This report delves into …", "Understanding X: A
  Comprehensive Guide".
- SG402 leaked-reasoning: the generator's own reasoning left in the text:
  "Okay, the user wants me to write…", "Alright, I need to write an article…".
- SG404 crypto-address-keyword: a cryptocurrency address used as a title or
  heading keyword ("The Low Down on 4Mtd…Xyzw2 Exposed").  Addresses in a
  donation section are not reported.
- SG406 generated-prose: prose dense with the filler phrases text generators
  write ("plays a pivotal role", "a testament to", "paving the way",
  "delves into", "harnessing the power"): four or more different ones, and
  one for every 250 words of prose.

The openings, the reasoning and the filler phrases are data (rules/genre.toml).
Evidence inside code, quotations or block quotes of a document that is mostly
prose counts for little.
"""
from __future__ import annotations

from typing import Iterable

import regex

from spamgate.model import INFO, WARNING, Check, Document, Finding, split_lines

from ._articles import LazyPattern, deconfuse_same_length, path_finding, plain, plain_words
from ._quoted import quoted, visible
from ._lexicon import Lexicon, derived, fold, leading_words, may_contain, prepare, template_requirements, tokens

STOCK = Check(
    "SG401", "stock-opening", INFO, 0.5, 1.0,
    "the document opens like a generated report ('Introduction', 'In the realm of\u2026', 'This report delves into\u2026')",
    reports="""The opening lines use the stock phrases of machine-generated filler articles:
a bare "Introduction" or "Title: ..." first line, "In the realm of natural
language processing", "In the rapidly evolving field of ...", "This report
delves into ...", "This observational research article aims to ...".""",
    why="Generated filler articles open this way. Weak evidence on its own.",
    fix="Nothing to fix in a real document; the finding only adds to other evidence.",
    flags=("Introduction\n\nIn the realm of natural language processing, models have grown.\n",),
    passes=("# Tide gauges\n\nTide gauges record the height of the sea.\n",),
    evidence="generated style",
)
REASONING = Check(
    "SG402", "leaked-reasoning", WARNING, 3.0, 4.0,
    "the text contains a text generator's reasoning ('Okay, the user wants me to write\u2026')",
    reports="A sentence in which a text generator talks about the request it was given.",
    why="Such a sentence left in a document is a sign of text generated in bulk and pushed unread.",
    fix="Remove the sentence.",
    flags=("Okay, the user wants me to write an article about tide gauges. Tide gauges measure the sea.\n",),
    passes=("The user can set the gauge interval in the settings.\n",),
    evidence="generated style",
)
CRYPTO = Check(
    "SG404", "crypto-address-keyword", WARNING, 3.0, 3.0,
    "a cryptocurrency address is used as the keyword of a title or heading",
    reports="A cryptocurrency address slotted into a title or heading as its keyword.",
    why="Some spam slots a token address into its title template (\"The Low Down on <address> Exposed\").",
    fix="Retitle the document. An address in a donation section is not reported.",
    flags=("# The Low Down on 0x52908400098527886E0F7030069857D2E4169EE7 Exposed\n\nText.\n",),
    passes=("# Donations\n\nBitcoin: bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq\n",),
    evidence="title",
)
PROSE = Check(
    "SG406", "generated-prose", INFO, 0.5, 4.0,
    "the prose is dense with the filler phrases of generated articles ('plays a pivotal role', 'a testament to')",
    reports="""Prose that holds four or more different filler phrases of machine-written
articles ("plays a pivotal role", "a testament to", "paving the way", "delves
into", "harnessing the power", "in today's fast-paced world"), at least one in
every 250 words.  Each phrase is one finding.""",
    why="""Spam articles are generated in bulk, and generators write this filler.  People
write some of these phrases too, so only a dense run counts, and only a
little.""",
    fix="Nothing to fix in a real document; the findings only add to other evidence.",
    flags=("Tide gauges play a pivotal role in coastal science. Their records stand as a testament to decades of "
           "care, paving the way for new models. This article delves into how engineers are harnessing the power "
           "of satellites and navigating the complexities of a rapidly evolving field.\n",),
    passes=("Tide gauges record the height of the sea every few minutes. Engineers use the records to plan "
            "harbour walls, and scientists combine them with satellite data.\n",),
    evidence="generated style",
)
CHECKS = (STOCK, REASONING, CRYPTO, PROSE)

OPENING_CHARS = 1500
MAX_SCAN = 400_000


_LINE_START = r"(?im)^[ \t#*]*+"


def _build(data: dict) -> dict:
    """The patterns of this rule, each with what a text must hold for it to match:
    a list of alternatives, each a list of word sets (see ``may_contain``)."""
    opening = data["opening"]
    # Each heading also capitalised and in capitals: a capital may read as another letter than its small
    # letter once look-alikes are undone (Cyrillic В as B), so the forms are kept apart.
    headings = list(dict.fromkeys(f for h in opening["headings"]
                                  for f in ((h, h.capitalize(), h.upper()) if h.isalpha() else (h,))))
    # The text is matched in its plain view: the data goes through the same mapping.
    headings = [deconfuse_same_length(h) for h in headings]
    phrases = [deconfuse_same_length(p) for p in opening["phrases"]]
    announcements = [deconfuse_same_length(p) for p in opening.get("announcements", ())]
    heading_group = "(?:" + "|".join(headings) + ")"
    reasoning = data["reasoning"]["patterns"]
    # Each pattern is a list of alternatives, each with what a text must hold for it to match.
    patterns = {
        "intro": [(_LINE_START + "(" + heading_group + r"(?: to [^\n]{1,60}+)?)[ \t*:]*+$",
                   template_requirements(heading_group))],
        "title": [(_LINE_START + r"(title:[ \t]*+\S[^\n]{0,200}+)$", template_requirements("title:"))],
        "phrase": [(_LINE_START + "(" + p + ")", template_requirements(p)) for p in phrases],
        "announce": [(r"(?im)(?:^|(?<=[.!?:][ \t]))(" + p + ")", template_requirements(p)) for p in announcements],
        "reasoning": [(r"(?i)(?<![^\s.!?>])(" + p + ")", template_requirements(p)) for p in reasoning],
    }
    # Where each reasoning pattern's matches can start: at its leading words, when it has them.
    starts = [leading_words(p) for p in reasoning]
    prose = data["prose"]
    return {
        "patterns": {k: tuple((source, tuple(needs)) for source, needs in alternatives)
                     for k, alternatives in patterns.items()},
        "prose": prepare({"phrase": prose["phrases"]}, fuzzy=False),
        "min_phrases": prose["min_phrases"], "words_per_phrase": prose["words_per_phrase"],
        "starts": {"reasoning": tuple(starts)},
    }


class _Data:
    """The data of this rule: its patterns as alternatives, each compiled the
    first time a text passes its prefilter (most texts pass none)."""

    __slots__ = ("patterns", "compiled", "prose", "min_phrases", "words_per_phrase", "starts")

    def __init__(self, built: dict):
        self.patterns = built["patterns"]
        self.starts = built["starts"]
        self.compiled: dict = {}
        self.prose = Lexicon(built["prose"])
        self.min_phrases = built["min_phrases"]
        self.words_per_phrase = built["words_per_phrase"]

    def candidates(self, name: str, folded: str) -> list:
        """The compiled alternatives of pattern ``name`` whose required words
        ``folded`` (see ``fold``) holds."""
        out = []
        for i, (source, needs) in enumerate(self.patterns[name]):
            if may_contain(folded, needs):
                out.append(self._compiled(name, i, source))
        return out

    def search(self, name: str, text: str, folded: str):
        """The earliest match of pattern ``name`` in ``text``, or None."""
        found = [m for rx in self.candidates(name, folded) for m in [rx.search(text)] if m is not None]
        return min(found, key=lambda m: m.start()) if found else None

    def finditer(self, name: str, text: str, folded: str) -> list:
        """Every match of pattern ``name`` in ``text``, in order.

        An alternative whose matches start with one of a few words is tried
        only where ``folded`` holds one of them (the same matches, found sooner)."""
        starts = self.starts.get(name, ())
        # fold(text) has the offsets of text unless text holds a character whose lower case is longer.
        aligned = len(folded) == len(text) and "\u0130" not in text and "\u0307" not in text
        found = []
        for i, (source, needs) in enumerate(self.patterns[name]):
            if not may_contain(folded, needs):
                continue
            rx = self._compiled(name, i, source)
            leading = starts[i] if i < len(starts) else None
            found.extend(matches_at(rx, text, folded, leading) if aligned and leading else rx.finditer(text))
        return sorted(found, key=lambda m: m.start())

    def _compiled(self, name: str, i: int, source: str):
        rx = self.compiled.get((name, i))
        if rx is None:
            rx = self.compiled[(name, i)] = regex.compile(source)
        return rx


def matches_at(pattern, text: str, folded: str, leading: tuple[str, ...]) -> list:
    """``list(pattern.finditer(text))`` for a pattern whose matches start with
    one of ``leading`` (see ``leading_words``), found by trying it only where
    ``folded`` (``fold(text)``, same offsets) holds one of them, left to right
    and never inside the previous match."""
    starts = set()
    find = folded.find
    for word in leading:
        i = find(word)
        while i >= 0:
            starts.add(i)
            i = find(word, i + 1)
    out = []
    end = 0
    match = pattern.match
    for s in sorted(starts):
        if s < end:
            continue
        m = match(text, s)
        if m is not None:
            out.append(m)
            end = m.end() if m.end() > s else s + 1
    return out


_DATA: list[_Data] = []


def data() -> _Data:
    if not _DATA:
        _DATA.append(_Data(derived("genre", _build, __file__)))
    return _DATA[0]


_ADDRESS = LazyPattern(
    r"(?<![A-Za-z0-9])(?:0x[0-9a-fA-F]{40}|bc1[02-9ac-hj-np-z]{25,60}|[13][1-9A-HJ-NP-Za-km-z]{25,34}"
    r"|[1-9A-HJ-NP-Za-km-z]{32,44})(?![A-Za-z0-9])"
)


def _is_address(s: str) -> bool:
    if s.startswith(("0x", "bc1")):
        return True
    return bool(regex.search(r"\d", s) and regex.search(r"[a-z]", s) and regex.search(r"[A-Z]", s))


_SOLID_RUN = LazyPattern(r"\S++")
_FRONT_MATTER = LazyPattern(r"---[ \t]*+\r?\n(?:[^\n]*+\n){0,60}?(?:---|\.\.\.)[ \t]*+(?:\r?\n|$)")


def _stock(document: Document) -> Iterable[Finding]:
    cased = plain(document).cased
    # YAML front matter ("---" … "---") holds metadata and comments are hidden: the opening is the
    # first OPENING_CHARS characters a reader sees.
    fm = _FRONT_MATTER.match(cased) if cased.startswith("---") else None
    start = fm.end() if fm else 0
    text = " " * start + cased[start:start + OPENING_CHARS]
    if "<!--" in text:  # comments take no room in the opening
        text = " " * start + visible(cased[start:start + 20 * OPENING_CHARS])
        seen_chars = 0
        for m in _SOLID_RUN.finditer(text, start):
            seen_chars += m.end() - m.start()
            if seen_chars >= OPENING_CHARS:
                text = text[:m.end()]
                break
    d = data()
    folded = fold(text)
    for kind in ("intro", "title", "phrase", "announce"):
        m = d.search(kind, text, folded)
        if m is None:
            continue
        if kind in ("intro", "title"):
            # Only the first few non-empty lines count as an opening.
            before = [ln for ln in split_lines(text[:m.start()]) if ln.strip()]
            if len(before) > 2:
                continue
        phrase = regex.sub(r"\s++", " ", m.group(1)).strip()
        yield document.finding(STOCK, m.start(1), m.end(1), f"stock opening of generated articles: '{phrase[:60]}'",
                               scale=quoted(document).scale(m.start(1), m.end(1)))


def _reasoning(document: Document) -> Iterable[Finding]:
    text = plain(document).text[:MAX_SCAN]  # lower case, same offsets as the document
    n = 0
    for m in data().finditer("reasoning", text, fold(text)):
        s = m.start() + (len(m.group()) - len(m.group().lstrip()))
        yield document.finding(REASONING, s, m.end(), "a text generator's reasoning about its request was left in the text",
                               scale=quoted(document).scale(s, m.end()))
        n += 1
        if n >= 3:
            break


def _prose(document: Document) -> Iterable[Finding]:
    """SG406: one finding for each distinct filler phrase of a dense document."""
    text = plain(document).text[:MAX_SCAN]
    d = data()
    words, vocabulary = plain_words(document, MAX_SCAN)
    if vocabulary.isdisjoint(d.prose.anchors("phrase")):
        return  # every phrase holds its longest word
    if len({m.start for m in d.prose.find(words, present=vocabulary).get("phrase", ())}) < d.min_phrases:
        return  # not enough phrases even counting the quoted ones
    q = quoted(document)
    prose = (q.masked if q.discount else q.visible)[:MAX_SCAN]
    toks = [t for t in tokens(text) if prose[t.start] != " "]
    words = [t.text for t in toks]
    found = d.prose.find(words).get("phrase", ())
    first: dict[str, tuple[int, int]] = {}
    for m in found:
        phrase = " ".join(words[m.start:m.end])
        if phrase not in first:
            first[phrase] = (toks[m.start].start, toks[m.end - 1].end)
    # Phrases inside longer ones ("the realm of" in "in the realm of") count once.
    distinct = {p: span for p, span in first.items()
                if not any(p != q and f" {p} " in f" {q} " for q in first)}
    if len(distinct) < d.min_phrases or len(distinct) * d.words_per_phrase < len(words):
        return
    for phrase, (s, e) in sorted(distinct.items(), key=lambda kv: kv[1]):
        yield document.finding(PROSE, s, e, f"filler phrase of generated articles: '{phrase}'")


def _crypto(document: Document) -> Iterable[Finding]:
    for cand in document.title_candidates:
        if not any(len(token) >= 25 for token in cand.text.split()):
            continue  # every address is a run of 25 or more letters and digits
        for m in _ADDRESS.finditer(cand.text):
            if _is_address(m.group()) and len(cand.text.split()) >= 2:
                message = f"title uses the cryptocurrency address {m.group()} as its keyword"
                if cand.source == "heading" and 0 < cand.line <= len(document.line_starts):
                    start = document.line_starts[cand.line - 1]
                    line = document.line_text(cand.line)
                    off = line.find(m.group())
                    if off >= 0:
                        yield document.finding(CRYPTO, start + off, start + off + len(m.group()), message)
                        return
                yield path_finding(CRYPTO, document, cand.text, message, source=cand.source)
                return


def compile_all() -> list:
    """Every pattern of this module, compiled (for tests that examine them)."""
    from ._articles import compile_lazy

    d = data()
    return [regex.compile(source) for alternatives in d.patterns.values() for source, _ in alternatives] \
        + compile_lazy(globals())


def find(document: Document) -> Iterable[Finding]:
    if not document.text:
        return
    yield from _stock(document)  # files, and commit and tag messages, which can carry an article too
    yield from _prose(document)
    yield from _reasoning(document)
    yield from _crypto(document)
