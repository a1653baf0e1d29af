"""Weaker evidence of generated spam articles (SG4xx).

None of these is enough on its own; each adds a little to a document's
score when the stronger signs (look-alike letters, a promotional closer, a
templated title) are also there.

- SG401 stock-opening: the stock openings of generated reports: a bare
  "Introduction" or "Title: …" first line, "In the realm of natural language
  processing", "In the rapidly evolving field of …", "This report delves
  into …", "This observational research article aims to …".
- SG402 leaked-reasoning: the generator's own reasoning left in the text:
  "Okay, the user wants me to write…", "Alright, I need to write an article…".
- SG403 keyword-link-mid-text: traces of keyword links inside the prose: a
  link whose URL is a site search for its own anchor text
  (``[processes requests](https://…/search?searchtext=processes%20requests)``),
  or a rendered link whose domain is glued to the next word ("nove.teamExamining").
- SG404 crypto-address-keyword: a cryptocurrency address used as a title or
  heading keyword ("The Low Down on 4Mtd…Xyzw2 Exposed").  Addresses in a
  donation section are not reported.
- SG405 lookalike-variety: look-alike letters from many different characters
  sprinkled through the prose (eight or more distinct ones), the fingerprint
  of spam that rewrites letters at random.  A document about homoglyphs that
  quotes a few examples, or a language with one such letter, stays below it.
"""
from __future__ import annotations

import re
from typing import Iterable

import regex

from spamgate.model import INFO, WARNING, Check, Document, Finding, Group, split_lines

from ._articles import LazyPattern, _table, _table_chars, path_finding, plain

# Generated-text style (stock openings, leaked reasoning) counts once as one kind of evidence.
GENERATED_STYLE = Group("generated-text style", 4.0)

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
    group=GENERATED_STYLE, evidence="generated style",
)
REASONING = Check(
    "SG402", "leaked-reasoning", WARNING, 3.0, 4.0,
    "the text contains a text generator's reasoning ('Okay, the user wants me to write\u2026')",
    reports="A sentence in which a text generator talks about the request it was given.",
    why="Such a sentence left in a document is a sign of text generated in bulk and pushed unread.",
    fix="Remove the sentence.",
    flags=("Okay, the user wants me to write an article about tide gauges. Tide gauges measure the sea.\n",),
    passes=("The user can set the gauge interval in the settings.\n",),
    group=GENERATED_STYLE, evidence="generated style",
)
MIDLINK = Check(
    "SG403", "keyword-link-mid-text", INFO, 1.5, 3.0,
    "a keyword link inside the prose (a site search for its own anchor text, or a rendered link glued to a word)",
    reports="""Traces of keyword links inside the prose: a link whose URL is a site search for
its own anchor text, or a rendered link whose domain is glued to the next word
("nove.teamExamining").""",
    why="Spam articles place keyword links inside the prose to pass search rank to other pages.",
    fix="Remove the link, or link to the page it names.",
    flags=("Servers that [processes requests](https://example.org/search?searchtext=processes%20requests) "
           "quickly are popular.\n",),
    passes=("See [the tide tables](https://example.org/tides) for details.\n",),
    evidence="links",
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
VARIETY = Check(
    "SG405", "lookalike-variety", WARNING, 6.0, 6.0,
    "look-alike letters of many different kinds are sprinkled through the prose",
    reports="""Eight or more different look-alike letters (Cyrillic, Greek, Armenian, Latin
small capitals, ...) stand in for ASCII letters inside otherwise-ASCII words
across the prose.""",
    why="""Spam rewrites letters at random to dodge duplicate-content filters.  Legitimate
text about homoglyphs quotes a few examples, and a language's own letters are
not look-alikes inside its words.""",
    fix="Retype the words in ASCII (`spamgate check --fix` rewrites them).",
    flags=("T\u0456de g\u0430uges re\u0441ord the he\u0456ght \u03bff the s\u0435a at a h\u0430rbour \u0435very few "
           "m\u0456nutes. Eng\u0456neers use the re\u0441ords to \u0440lan harb\u043eur wa\u217c\u217cs, and "
           "s\u0441ientists \u0441ombine them with s\u0251tellite data to fo\u217c\u217cow the s\u217cow "
           "r\u0456se of the o\u0441eans. A g\u0430uge needs a st\u0430b\u217ce mount and \u0441\u217cear "
           "v\u0456ews \u03bff the w\u0430ter, \u0430nd reg\u057dlar ch\u0435cks ag\u0430inst a "
           "ben\u0441hmark \u03bfn \u217cand.\n",),
    passes=("Homoglyph attacks swap letters: the Cyrillic \u0430 in \"p\u0430ypal\" looks like a Latin a.\n",),
    evidence="look-alike letters",
)
CHECKS = (STOCK, REASONING, MIDLINK, CRYPTO, VARIETY)

OPENING_CHARS = 1500
MIN_VARIETY = 8
MIN_VARIETY_WORDS = 10

_FIELD = r"(?:field|domain|landscape|world|realm|area|arena|sphere|space|era|age|discipline)"
_STOCK_PHRASES = "|".join([
    r"in (?:the |today's )?(?:realm|domain|world|landscape|era|age|sphere) of",
    r"in recent years",
    r"in the (?:rapidly |ever[- ]|constantly |fast[- ])?(?:evolving|changing|advancing|growing|paced) " + _FIELD,
    r"in the (?:ever[- ]evolving|rapidly evolving|fast[- ]paced) ",
    r"this (?:report|article|paper|study|case study|observational (?:research )?(?:article|study)) "
    r"(?:delves into|explores|examines|investigates|aims to|seeks to|will (?:explore|delve|examine)"
    r"|provides an? (?:comprehensive|in-depth|detailed) (?:overview|analysis|exploration))",
])
_STOCK_RX = LazyPattern(
    r"(?im)^[ \t#*]*+(?:"
    r"(?P<intro>introduct\w{0,3}+(?: to [^\n]{1,60}+)?)[ \t*:]*+$"
    r"|(?P<title>title:[ \t]*+\S[^\n]{0,200}+)$"
    r"|(?P<phrase>" + _STOCK_PHRASES + r"))"
)
_REASONING_RX = LazyPattern(
    r"(?i)(?<![^\s.!?>])(?:"
    r"(?:okay|ok|alright|all right|hmm)[,.]?[ \t]++(?:so,?[ \t]++)?"
    r"(?:the user (?:wants|asked|is asking|needs|has asked|requested)(?: me)? (?:to|for)"
    r"|i need to (?:write|create|come up with|produce|generate|draft)"
    r"|let me (?:start|think|break|figure|try to (?:write|figure)))"
    r"|(?:so,?[ \t]++)?the user (?:wants|has asked|asked) me to (?:write|create|produce|generate|draft)"
    r"|</?think>)"
)
_SEARCH_Q = LazyPattern(r"[?&](?:q|query|search|searchtext|search_query|s|keyword|keywords|k|text|term)=([^&#\s]{1,300}+)", regex.I)
_GLUED_TLD = LazyPattern(
    r"\.(?:com|net|org|team|io|ru|de|info|biz|xyz|co|me|us|site|online|top|club|shop|store|app|dev|ai|pl|cz|uk|in|cn|kz|fr)"
    r"(?P<word>[A-Z][a-z]{2,}+)"
)

_ADDRESS = LazyPattern(
    r"(?<![A-Za-z0-9])(?:0x[0-9a-fA-F]{40}|bc1[02-9ac-hj-np-z]{25,60}|[13][1-9A-HJ-NP-Za-km-z]{25,34}"
    r"|[1-9A-HJ-NP-Za-km-z]{32,44})(?![A-Za-z0-9])"
)


# Every alternative of _STOCK_RX holds one of these (compared case-folded).
_STOCK_WORDS = ("introduct", "title:", "in recent years", "realm of", "domain of", "world of", "landscape of",
                "era of", "age of", "sphere of", "evolving", "changing", "advancing", "growing", "paced",
                "this report", "this article", "this paper", "this study", "this case study", "this observational")


def _may_open_stock(opening: str) -> bool:
    folded = opening.casefold()
    return any(w in folded for w in _STOCK_WORDS)


def _is_address(s: str) -> bool:
    if s.startswith(("0x", "bc1")):
        return True
    return bool(regex.search(r"\d", s) and regex.search(r"[a-z]", s) and regex.search(r"[A-Z]", s))


def _stock(document: Document) -> Iterable[Finding]:
    text = plain(document).cased[:OPENING_CHARS]
    # YAML front matter ("---" … "---") holds metadata, not the opening.
    fm = text.startswith("---") and regex.match(r"---[ \t]*+\r?\n(?:[^\n]*+\n){0,60}?(?:---|\.\.\.)[ \t]*+(?:\r?\n|$)", text)
    if fm:
        text = " " * fm.end() + text[fm.end():]
    seen = set()
    if not _may_open_stock(text):
        return
    for m in _STOCK_RX.finditer(text):
        kind = m.lastgroup
        if kind in seen:
            continue
        if kind in ("intro", "title"):
            # Only the first few non-empty lines count as an opening.
            before = [ln for ln in split_lines(text[:m.start()]) if ln.strip()]
            if len(before) > 2:
                continue
        seen.add(kind)
        phrase = regex.sub(r"\s++", " ", m.group(kind)).strip()
        yield document.finding(STOCK, m.start(kind), m.end(kind), f"stock opening of generated articles: '{phrase[:60]}'")


def _reasoning(document: Document) -> Iterable[Finding]:
    text = plain(document).text  # lower case, same offsets
    head = text[:400_000]
    # Every alternative of _REASONING_RX holds one of these (the plain text is lower case).
    if "the user" not in head and "think>" not in head and "i need to" not in head and "let me" not in head:
        return
    n = 0
    for m in _REASONING_RX.finditer(text[:400_000]):
        s = m.start() + (len(m.group()) - len(m.group().lstrip()))
        yield document.finding(REASONING, s, m.end(), "a text generator's reasoning about its request was left in the text")
        n += 1
        if n >= 3:
            break


def _midlinks(document: Document) -> Iterable[Finding]:
    pl = plain(document)
    n = 0
    for link in pl.links:
        if link.kind not in ("markdown", "html") or not link.anchor.strip():
            continue
        m = _SEARCH_Q.search(link.url) if "=" in link.url else None
        if not m:
            continue
        from urllib.parse import unquote_plus

        query = unquote_plus(m.group(1)).strip().lower()
        anchor = regex.sub(r"\s++", " ", link.anchor).strip().lower()
        if query and anchor and query == anchor and len(anchor.split()) <= 6:
            yield document.finding(MIDLINK, link.start, link.end,
                                   f"link on '{link.anchor.strip()}' is a site search for its own anchor text")
            n += 1
    text = pl.cased[:400_000]
    for m in _GLUED_TLD.finditer(text):
        start = m.start()
        while start > 0 and m.start() - start < 41 and (text[start - 1].isascii() and (text[start - 1].isalnum() or text[start - 1] == "-")):
            start -= 1
        if start == m.start() or not text[start].isalnum() or text[start].isupper() \
                or (start > 0 and (text[start - 1] in "@/._" or text[start - 1].isalnum())):
            continue
        domain = text[start:m.start("word")]
        yield document.finding(MIDLINK, start, m.end(),
                               f"rendered link '{domain}' is glued to the word '{m.group('word')}'")
        n += 1
        if n >= 4:
            break


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


_CODE_FENCE = LazyPattern(r"(?ms)^[ \t]{0,3}+(```|~~~)[^\n]*+\n.*?(?:^[ \t]{0,3}+\1[^\n]*+$|\Z)")
_INLINE_CODE = LazyPattern(r"`[^`\n]{1,500}+`")
_QUOTED = LazyPattern(r"\"[^\"\n]{1,200}+\"|\u201c[^\u201d\n]{1,200}+\u201d")
# Words with at least one non-ASCII letter (ASCII-only words are skipped by the scanner).
_WORD = LazyPattern(r"(?<![^\W\d_])[A-Za-z]*+[^\x00-\x7f\W\d_][^\W\d_]*+")
# Where an ASCII letter touches a non-ASCII character: every word that holds both
# an ASCII letter and a non-ASCII letter has such a place.
_ADJACENT = re.compile(r"[A-Za-z](?=[^\x00-\x7f])|[^\x00-\x7f](?=[A-Za-z])")
_RUN = LazyPattern(r"[^\W\d_]*+")
_RUN_BACK = LazyPattern(r"(?r)[^\W\d_]*+")


def _variety(document: Document) -> Iterable[Finding]:
    text = document.text
    if text.isascii():
        return
    # A cheap first pass over the raw text; mask code and quotes only when it could matter.
    from spamgate.rules._words import non_ascii_segments

    chunks = _chunks(text, non_ascii_segments(text))
    counted = _count_lookalikes(text, chunks)
    if counted[0] < MIN_VARIETY:
        return
    masked = _mask_code_and_quotes(text)
    distinct, chars, count, first = counted if masked == text else _count_lookalikes(masked, chunks)
    if distinct >= MIN_VARIETY and count >= MIN_VARIETY_WORDS and first is not None:
        from spamgate.ucd import char_name

        shown = sorted(chars, key=lambda c: -chars[c])
        yield document.finding(
            VARIETY, first.start(), first.end(),
            f"{count} words carry look-alike letters of {len(chars)} different kinds "
            f"({' '.join(shown[:12])}{' …' if len(shown) > 12 else ''})",
            characters=[char_name(c) for c in shown[:12]],
        )


_INDENTED = LazyPattern(r"(?m)^(?:    |\t)[^\n]*+")


def _blank(m) -> str:
    return " " * len(m.group())


def _mask_code_and_quotes(text: str) -> str:
    """``text`` with code blocks, inline code, quotations and indented lines as spaces.

    Each pattern runs only when the text holds the characters every one of its
    matches starts with (scanning for a pattern that cannot match costs more
    than the scan for its first characters).
    """
    masked = text
    if "```" in masked or "~~~" in masked:
        masked = _CODE_FENCE.sub(_blank, masked)
    if "`" in masked:
        masked = _INLINE_CODE.sub(_blank, masked)
    if '"' in masked or "\u201c" in masked:
        masked = _QUOTED.sub(_blank, masked)
    # An indented line starts the text or follows a line break ("^" in multi-line mode).
    if masked.startswith(("    ", "\t")) or "\n    " in masked or "\n\t" in masked:
        masked = _INDENTED.sub(_blank, masked)
    return masked


_ASCII_SPACE = re.compile(r"[ \t\n\r\f\v]")


def _chunks(text: str, runs) -> list[tuple[int, int]]:
    """Stretches of ``text`` between ASCII white space that hold its non-ASCII runs.

    A word of ``_WORD`` holds a non-ASCII letter and no white space, so it lies
    in one of them.  Masking code and quotes only turns characters into
    spaces, so the same stretches serve for the masked text.
    """
    out: list[tuple[int, int]] = []
    covered = 0
    search = _ASCII_SPACE.search
    n = len(runs)
    i = 0
    while i < n:
        p, q = runs[i]
        i += 1
        while i < n and runs[i][0] - q < 64:  # runs close together: one stretch
            q = runs[i][1]
            i += 1
        if q <= covered:
            continue
        left = max(text.rfind(c, covered, p) for c in " \t\n\r\f\v")
        start = covered if left < 0 else left + 1
        m = search(text, q)
        covered = len(text) if m is None else m.start()
        out.append((start, covered))
    return out


def _mixed_words(text: str, chunks):
    """The matches of ``_WORD`` that also hold an ASCII letter, in text order.

    Found from the places where an ASCII letter touches a non-ASCII character
    (a C-speed scan of the stretches around non-ASCII characters), so text
    wholly in another script costs nothing in Python.
    """
    back, forward, word = _RUN_BACK.match, _RUN.match, _WORD.match
    covered = -1
    finditer = _ADJACENT.finditer
    for a in (a for lo, hi in chunks for a in finditer(text, lo, hi)):
        i = a.start()
        if text[i] >= "\x80":
            i += 1  # the ASCII letter after it
        if i < covered:
            continue  # a word already looked at
        start = back(text, 0, i).start()
        covered = forward(text, i).end()
        m = word(text, start)
        if m is not None:
            yield m


def _count_lookalikes(masked: str, chunks):
    """(distinct look-alike letters, their counts, words carrying them, first such word)."""
    table = _table()
    lookalikes = _table_chars()
    chars: dict[str, int] = {}
    first = None
    count = 0
    for m in _mixed_words(masked, chunks):
        w = m.group()
        if len(w) < 2 or lookalikes.isdisjoint(w):
            continue
        ascii_letters = sum(1 for c in w if c < "\x80")
        if ascii_letters < 1 or ascii_letters < len(w) / 2:
            continue
        found = [c for c in w if c >= "\x80" and ord(c) in table and table[ord(c)].isalpha()]
        if not found:
            continue
        count += 1
        if first is None:
            first = m
        for c in found:
            chars[c] = chars.get(c, 0) + 1
    return len(chars), chars, count, first


def compile_all() -> list:
    """Every lazily compiled pattern of this module (for tests that examine them)."""
    from ._articles import compile_lazy

    return compile_lazy(globals())


def check(document: Document) -> Iterable[Finding]:
    if not document.text:
        return
    yield from _stock(document)
    yield from _midlinks(document)
    yield from _variety(document)
    yield from _reasoning(document)
    yield from _crypto(document)
