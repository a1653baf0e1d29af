"""Shared text helpers for the spam-article rules (promo, title, genre).

Everything here works on a *plain* view of a document that keeps offsets:
look-alike letters are replaced one-for-one by the ASCII letter they imitate,
letters are lower-cased one-for-one, and link markup is blanked out so that
only the anchor text stays where it was.  A match in the plain view is
therefore a match at the same offsets in the original text.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from typing import NamedTuple

import regex

from spamgate.model import Document

# --------------------------------------------------------------------------
# patterns compiled on first use


class LazyPattern:
    """A ``regex`` pattern compiled the first time it is used.

    Start-up of a pre-commit hook pays for every pattern compiled at import;
    most documents never need most patterns.  After the first use, the
    pattern's methods are plain attributes of this object (no indirection).
    """

    __slots__ = ("source", "flags", "compiled", "__dict__")

    def __init__(self, source: str, flags: int = 0):
        self.source = source
        self.flags = flags
        self.compiled = None

    def compile(self):
        if self.compiled is None:
            self.compiled = regex.compile(self.source, self.flags)
        return self.compiled

    def __getattr__(self, name: str):
        value = getattr(self.compile(), name)
        if callable(value):
            setattr(self, name, value)
        return value


def compile_lazy(namespace: dict) -> list:
    """Compile every ``LazyPattern`` of a module's namespace; the compiled patterns."""
    return [value.compile() for value in list(namespace.values()) if isinstance(value, LazyPattern)]


def compile_all() -> list:
    """Every lazily compiled pattern of this module (for tests that examine them)."""
    return compile_lazy(globals())


# --------------------------------------------------------------------------
# plain view

_ONE_FOR_ONE: dict[int, str] | None = None


def _table() -> dict[int, str]:
    """code point -> single ASCII letter, for look-alikes of one ASCII letter."""
    global _ONE_FOR_ONE
    if _ONE_FOR_ONE is None:
        from spamgate.deconfuse import table

        out = {cp: proto for cp, proto in table().items() if len(proto) == 1}
        # Typographic apostrophes and quotes become ASCII so grammar can see them.
        out.update({0x2019: "'", 0x2018: "'", 0x02BC: "'", 0x201C: '"', 0x201D: '"'})
        _ONE_FOR_ONE = out
    return _ONE_FOR_ONE


def deconfuse_same_length(text: str) -> str:
    """``text`` with one-letter look-alikes turned to ASCII; same length as ``text``."""
    if text.isascii():
        return text
    from spamgate.rules._words import non_ascii_spans

    table = _table()
    # Every look-alike is a non-ASCII character: look only where those are.
    present = _table_chars().intersection("".join([text[a:b] for a, b in non_ascii_spans(text)]))
    for ch in present:
        text = text.replace(ch, table[ord(ch)])
    return text


_CHARS: frozenset | None = None


def _table_chars() -> frozenset:
    global _CHARS
    if _CHARS is None:
        _CHARS = frozenset(chr(cp) for cp in _table())
    return _CHARS



def lower_same_length(text: str) -> str:
    low = text.lower()
    if len(low) == len(text):
        return low
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in text)


def as_plain(text: str) -> str:
    """``text`` as the plain view shows it (look-alikes as ASCII, lower case):
    how rules bring their data to the form of the text they match it in."""
    return lower_same_length(deconfuse_same_length(text))


class Link(NamedTuple):
    start: int  # span of the whole link markup in the text
    end: int
    url: str
    anchor: str
    anchor_start: int
    anchor_end: int
    kind: str  # "markdown", "html" or "bare"


# Markdown inline link; anchors may hold one level of nested brackets ([[pin.it](…)]).
_MD_LINK = LazyPattern(
    r"\[(?P<anchor>[^\[\]\n]{0,300}+)\]\(\s*+<?(?P<url>[^\s()<>]{1,2000}+)>?(?:\s++\"[^\"\n]{0,200}+\")?\s*+\)"
)
_HTML_LINK = LazyPattern(
    r"<a\s[^<>]{0,1000}?href\s*+=\s*+[\"']?+(?P<url>[^\"'\s<>]{1,2000}+)[^<>]{0,1000}+>(?P<anchor>[^<]{0,300}+)</a\s*+>",
    regex.I,
)
_BARE_URL = LazyPattern(r"(?:https?://|HTTPS?://|[Hh]ttps?://|www\.|WWW\.)[^\s<>()\[\]\"'`]{2,2000}+")


class _Spans:
    """Non-overlapping (start, end) spans kept sorted, for overlap tests in O(log n)."""

    def __init__(self):
        self.starts: list[int] = []
        self.ends: list[int] = []

    def overlaps(self, s: int, e: int) -> bool:
        i = bisect_right(self.starts, s) - 1
        if i >= 0 and self.ends[i] > s:
            return True
        return i + 1 < len(self.starts) and self.starts[i + 1] < e

    def contains(self, s: int, e: int) -> bool:
        i = bisect_right(self.starts, s) - 1
        return i >= 0 and self.starts[i] <= s and e <= self.ends[i]

    def add(self, s: int, e: int) -> None:
        i = bisect_right(self.starts, s)
        self.starts.insert(i, s)
        self.ends.insert(i, e)


def _bare_urls(text: str):
    """The matches of ``_BARE_URL.finditer(text)``, found faster.

    Every match starts with "http://", "https://" (in the spellings of the
    pattern), "www." or "WWW.", so it starts 4 or 5 characters before a "://"
    or at a "www." / "WWW.".  Trying the pattern at those places only, left to
    right and never inside the previous match, gives the same matches as the
    scan of every position (the pattern looks neither behind nor ahead of its
    start).
    """
    starts = set()
    find = text.find
    for needle, offsets in (("://", (4, 5)), ("www.", (0,)), ("WWW.", (0,))):
        i = find(needle)
        while i >= 0:
            for o in offsets:
                if i >= o:
                    starts.add(i - o)
            i = find(needle, i + 1)
    match = _BARE_URL.match
    end = 0
    for s in sorted(starts):
        if s < end:
            continue
        m = match(text, s)
        if m is not None:
            end = m.end()
            yield m


def find_links(text: str) -> list[Link]:
    """Markdown, HTML and bare links, in text order, not overlapping."""
    links: list[Link] = []
    taken = _Spans()
    anchors = _Spans()
    for m in (_MD_LINK.finditer(text) if "](" in text else ()):
        links.append(Link(m.start(), m.end(), m.group("url"), m.group("anchor"), m.start("anchor"), m.end("anchor"), "markdown"))
        taken.add(m.start(), m.end())
        if m.end("anchor") > m.start("anchor"):
            anchors.add(m.start("anchor"), m.end("anchor"))
    if "<a" in text or "<A" in text:
        for m in _HTML_LINK.finditer(text):
            if not taken.overlaps(m.start(), m.end()):
                links.append(Link(m.start(), m.end(), m.group("url"), m.group("anchor"), m.start("anchor"), m.end("anchor"), "html"))
                taken.add(m.start(), m.end())
    bare = "://" in text or "www." in text or "WWW." in text  # in every alternative of _BARE_URL
    for m in (_bare_urls(text) if bare else ()):
        s = m.start()
        if s > 0 and (text[s - 1].isalnum() or text[s - 1] in "_/@."):
            continue  # part of a longer word or URL
        url = m.group().rstrip(".,;:!?")
        e = s + len(url)
        # A bare URL that is itself the anchor of a markdown link stays an anchor.
        if not taken.overlaps(s, e):
            links.append(Link(s, e, url, "", s, s, "bare"))
            taken.add(s, e)
        elif anchors.contains(s, e):
            links.append(Link(s, e, url, "", s, s, "bare-anchor"))
    links.sort(key=lambda l: l.start)
    return links


def blank_links(text: str, links: list[Link]) -> str:
    """``text`` with link markup and URLs replaced by spaces, anchor text kept in place."""
    if not links:
        return text

    def spaces(seg: str) -> str:
        return _NOT_NEWLINE.sub(" ", seg) if "\n" in seg else " " * len(seg)

    pieces = []
    pos = 0
    for link in sorted(links, key=lambda l: l.start):
        if link.start < pos:
            continue
        pieces.append(text[pos:link.start])
        if link.kind in ("bare", "bare-anchor") or link.anchor_end <= link.anchor_start:
            pieces.append(spaces(text[link.start:link.end]))
        else:
            pieces.append(spaces(text[link.start:link.anchor_start]))
            pieces.append(text[link.anchor_start:link.anchor_end])
            pieces.append(spaces(text[link.anchor_end:link.end]))
        pos = link.end
    pieces.append(text[pos:])
    return "".join(pieces)


_NOT_NEWLINE = LazyPattern(r"[^\n]")


class Plain:
    """The plain view of a document."""

    __slots__ = ("text", "cased", "links")

    def __init__(self, text: str, cased: str, links: list[Link]):
        self.text = text  # de-confused, lower-cased, links blanked; same length as the document
        self.cased = cased  # de-confused only (case kept), same length
        self.links = links


_CACHE: list[tuple[Document, str, Plain]] = []
_LAST: dict[str, tuple] = {}


def for_document(name: str, document: Document, make):
    """``make(document)``, kept for the last document asked about under ``name``
    (the rules of one document share what they work out about it)."""
    got = _LAST.get(name)
    if got is not None and got[0] is document and got[1] is document.text:
        return got[2]
    value = make(document)
    _LAST[name] = (document, document.text, value)
    return value


def has_words(document: Document) -> bool:
    """Whether a document may hold words: not an empty one, nor an ASCII one
    without a Latin letter in its first 200,000 characters (data, base64)."""
    text = document.text
    return bool(text) and not (text.isascii() and not _ASCII_LETTER.search(text, 0, 200_000))


_ASCII_LETTER = re.compile("[A-Za-z]")


def plain_words(document: Document, limit: int) -> tuple[list[str], frozenset[str]]:
    """The words of the first ``limit`` characters of the plain view of a
    document, and the set of them (shared by the rules that look for phrases)."""
    def make(doc: Document):
        from ._lexicon import words_of

        words = words_of(plain(doc).text[:limit])
        return words, frozenset(words)

    return for_document(f"words {limit}", document, make)


def plain(document: Document) -> Plain:
    """The plain view of a document (cached for the last few documents)."""
    for doc, text, value in _CACHE:
        if doc is document and text is document.text:
            return value
    cased = deconfuse_same_length(document.text)
    links = find_links(cased)
    value = Plain(lower_same_length(blank_links(cased, links)), cased, links)
    _CACHE.append((document, document.text, value))
    del _CACHE[:-4]
    return value


# --------------------------------------------------------------------------
# words and relatedness

WORD = LazyPattern(r"[a-z0-9]++(?:['\-][a-z0-9]++)*+")

STOPWORDS = frozenset("""
a an the and or of to in on at for by with from as is are was were be been it its this that these those
you your our my we us i me he she they them his her their not no but if so than then there here what which who
how why when where all any some more most much many very can could would should will shall may might do does did
about into over under up down out off new get got just also only own same such too s t
""".split())
# Words too general to tie a keyword to a body.
GENERIC = frozenset("""
info information details facts data site website page web article post blog read learn more stuff things
thing way ways tips guide online free best top review reviews service services company business
""".split())


def words(text: str) -> list[str]:
    return WORD.findall(text)


def significant(tokens: list[str]) -> list[str]:
    return [t for t in tokens if t not in STOPWORDS and t not in GENERIC and (len(t) >= 3 or any(c.isdigit() for c in t))]


class Body:
    """The words of (part of) a document, for asking whether a keyword occurs in it."""

    def __init__(self, text: str):
        from collections import Counter

        toks = words(text)
        self.tokens = Counter(toks)
        self.parts: Counter = Counter()
        for t in toks:
            if "-" in t:
                self.parts.update(p for p in t.split("-") if p)
        self.spaced = " " + " ".join(t.replace("-", " ") for t in toks) + " "

    def _count(self, token: str) -> int:
        n = self.tokens.get(token, 0)
        if "-" in token:
            return max(n, self.spaced.count(" " + token.replace("-", " ") + " "))
        return n + self.parts.get(token, 0)

    def related(self, keyword: str, exclude: "Body | None" = None) -> bool | None:
        """Whether ``keyword`` (lower-case plain text) occurs in the body.

        ``exclude`` is a part of the body not to count (the sentence that
        names the keyword).  None when the keyword has no significant word.
        """
        sig = significant(words(keyword))
        if not sig:
            return None
        phrase = " " + " ".join(t.replace("-", " ") for t in words(keyword)) + " "
        if self.spaced.count(phrase) - (exclude.spaced.count(phrase) if exclude else 0) > 0:
            return True
        present = sum(1 for t in sig if self._count(t) - (exclude._count(t) if exclude else 0) > 0)
        return present * 2 >= len(sig) and present > 0


def paragraphs(text: str) -> list[tuple[int, int]]:
    """Blocks of text separated by blank lines, as (start, end) offsets."""
    return list(iter_paragraphs(text))


def iter_paragraphs(text: str):
    """The blocks of ``paragraphs(text)``, one at a time (a caller may stop early)."""
    pos = 0
    for m in _BLANK_LINES.finditer(text):
        block = _block(text, pos, m.start())
        if block is not None:
            yield block
        pos = m.end()
    block = _block(text, pos, len(text))
    if block is not None:
        yield block


# A line break followed by one or more blank lines (a blank line may hold spaces).
_BLANK_LINES = LazyPattern(r"\n(?:[ \t\r\f\v]*+\n)++")
_NON_SPACE = LazyPattern(r"\S")


def _block(text: str, start: int, end: int) -> tuple[int, int] | None:
    m = _NON_SPACE.search(text, start, end)
    if m is None:
        return None
    # Start at the first non-blank line, end at the end of the last non-blank character's line.
    line_start = text.rfind("\n", start, m.start()) + 1
    s = max(start, line_start)
    e = end
    while e > s and text[e - 1] in " \t\r\n\f\v":
        e -= 1
    return s, e


# Sentence ends: a run of . ! ? (matched only from its first character, so a long
# run is scanned once) before a space or quote, or a line break before a list item.
_SENT_END = LazyPattern(r"(?<![.!?])[.!?]++(?=[\s\"')\]]|$)|\n[ \t]*+(?=[#*\->|]|\d++\.)")


def sentences(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Sentences of ``text[start:end]``: split at . ! ? before a space, and at list items."""
    out = []
    s = start
    for m in _SENT_END.finditer(text, start, end):
        if m.end() > s:
            out.append((s, m.end()))
        s = m.end()
    if s < end:
        out.append((s, end))
    return [(a, b) for a, b in out if text[a:b].strip()]


_LOCATIONS = {"commit-subject": "commit-message", "filename": "path", "push": "push"}


def path_finding(check, document: Document, text: str, message: str, *, source: str,
                 weight: float | None = None, severity: str | None = None, suggestion: str | None = None,
                 scale: float = 1.0):
    """A finding about something outside the document's text: its file name or
    commit subject as a title (``source`` "filename", "commit-subject"), or the
    push that brings it (``source`` "push")."""
    from spamgate.model import Finding, weight_of

    return Finding(
        code=check.code, name=check.name, severity=severity or check.severity,
        line=0, column=0, end_line=0, end_column=0, text=text, message=message,
        suggestion=suggestion, weight=(weight_of(check) if weight is None else weight) * scale,
        location=_LOCATIONS.get(source, "path"),
    )
