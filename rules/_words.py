"""Words for the character rules: only the words that hold non-ASCII characters.

Pure-ASCII text costs one ``str.isascii()`` call.  Otherwise a C-speed regex
finds the non-ASCII characters; only the whitespace-separated chunks around
them are split into words, so the per-character Python work is limited to
words that can hold a look-alike.
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

_SPACE = re.compile(r"[ \t\n\r\f\v]")


def non_ascii_spans(text: str) -> tuple[tuple[int, int], ...]:
    """(start, end) of spans of ``text`` that cover every non-ASCII character:
    runs of them, merged when less than 64 characters apart."""
    if _SPANS_CACHE[0] is text:
        return _SPANS_CACHE[1]
    spans: list[tuple[int, int]] = []
    n = len(text)
    pos = 0 if not text.isascii() else n
    isascii, match = str.isascii, _NON_ASCII_SPAN.match
    while pos < n:
        # The next non-ASCII character: ASCII spans are skipped in doubling steps and the
        # step holding it is halved down, each test one C-speed isascii(); the span that
        # starts there is then one match.
        start, step = pos, _STEP
        while start < n and isascii(text[start:start + step]):
            start += step
            step = min(step * 2, _MAX_STEP)
        if start >= n:
            break
        end = min(n, start + step)
        while end - start > 16:
            middle = (start + end) // 2
            if isascii(text[start:middle]):
                start = middle
            else:
                end = middle
        while text[start] < "\x80":
            start += 1
        pos = match(text, start).end()
        spans.append((start, pos))
    _SPANS_CACHE[0], _SPANS_CACHE[1] = text, tuple(spans)
    return _SPANS_CACHE[1]


# A run of non-ASCII characters and the runs that follow it less than 64 characters apart.
_NON_ASCII_SPAN = re.compile(r"[^\x00-\x7f]+(?:[\x00-\x7f]{1,63}[^\x00-\x7f]+)*")
_SPANS_CACHE: list = [None, ()]  # [text, spans] of the last text asked about
_STEP, _MAX_STEP = 64, 1 << 16  # characters tested at once for the next non-ASCII one, first and at most


_TOKENS = None
_SIMPLE = None
_NOSPACE_RE = None
_NOSPACE = (r"\p{Han}\p{Hiragana}\p{Katakana}\p{Hangul}\p{Bopomofo}\p{Thai}\p{Lao}"
            r"\p{Khmer}\p{Myanmar}\u30FC\u3005\u3006\u303B")
# Characters after which a placeholder, escape or entity may be glued to a word.
_GLUE = frozenset("%\\&-$)'.;0123456789")


def _simple():
    global _SIMPLE
    if _SIMPLE is None:
        import regex

        _SIMPLE = regex.compile(r"[\p{L}\p{M}\p{N}\p{Cf}]+")
    return _SIMPLE


def _nospace():
    global _NOSPACE_RE
    if _NOSPACE_RE is None:
        import regex

        _NOSPACE_RE = regex.compile(f"[{_NOSPACE}]")
    return _NOSPACE_RE


def _skips():
    """Placeholders, escapes and entities that may be glued to words (compiled on first use)."""
    global _TOKENS
    if _TOKENS is None:
        import regex

        _TOKENS = regex.compile("|".join((
            # printf, Python and Qt placeholders glued to words: %s, %1$d, %(name)s, %1
            r"%(?:\d+\$)?[-+ #0']{0,4}(?:\d{1,3}|\*)?(?:\.(?:\d{1,3}|\*))?"
            r"(?:hh|h|ll|l|L|q|j|z|t)?[diouxXeEfFgGaAcCsSpn@]",
            r"%\([A-Za-z_][A-Za-z0-9_]{0,40}\)[-+ #0]{0,4}\d{0,3}(?:\.\d{1,3})?[diouxXeEfFgGcrsa]",
            r"%\d{1,2}",
            # a command-line short option glued to a translated argument name: -cОЗНАКА
            r"(?<![\w-])-[A-Za-z](?=[^\x00-\x7f])",
            # escapes in string literals: \n, \t, \x41, \u0441, \U0001F600
            r"\\(?:[abfnrtv0]|x[0-9A-Fa-f]{2}|u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8})",
            # HTML and XML entities: &nbsp; &#1089; &#x441;
            r"&#?[A-Za-z0-9]{1,32};",
        )))
    return _TOKENS


_NOSPACE_RUN = None


def _nospace_run():
    global _NOSPACE_RUN
    if _NOSPACE_RUN is None:
        import regex

        _NOSPACE_RUN = regex.compile(rf"(?:[{_NOSPACE}][\p{{M}}\p{{Cf}}]*)+")
    return _NOSPACE_RUN


def _split_nospace(chunk: str, a: int, b: int) -> Iterator[tuple[int, int]]:
    """Split chunk[a:b] where a script written without spaces starts or ends:
    a run of such characters is a word of its own ("Pythonの場合" -> "Python", "の場合")."""
    piece = chunk[a:b]
    if max(piece) < "\u0e00" or not _nospace().search(piece):
        yield a, b
        return
    pos = 0
    for m in _nospace_run().finditer(piece):
        if m.start() > pos:
            yield a + pos, a + m.start()
        yield a + m.start(), a + m.end()
        pos = m.end()
    if pos < len(piece):
        yield a + pos, b


def words_in(text: str, start: int, end: int) -> Iterator[tuple[int, int, str]]:
    """(start, end, word) of every word in ``text[start:end]``.

    A word is a run of letters, marks, digits and format characters, less any
    placeholder, escape or entity glued to it (``%sЭта`` -> ``Эта``), split
    where a script written without spaces begins or ends.
    """
    chunk = text[start:end]
    skips = [m.span() for m in _skips().finditer(chunk)]
    for m in _simple().finditer(chunk):
        pieces = [m.span()]
        if skips:
            ws, we = pieces[0]
            for ss, se in skips:
                if se <= ws or ss >= we:
                    continue
                cut = []
                for a, b in pieces:
                    if se <= a or ss >= b:
                        cut.append((a, b))
                        continue
                    if a < ss:
                        cut.append((a, ss))
                    if se < b:
                        cut.append((se, b))
                pieces = cut
        for a, b in pieces:
            for x, y in _split_nospace(chunk, a, b):
                yield start + x, start + y, chunk[x:y]


def word_spans(text: str) -> Iterator[tuple[int, int]]:
    """(start, end) of the spans of ``text`` that ``non_ascii_words`` splits into
    words: the non-ASCII spans widened to the white space around them."""
    if text.isascii():
        return
    covered = 0
    search_space = _SPACE.search
    for p, q in non_ascii_spans(text):
        if q <= covered:
            continue
        start = covered if p < covered else _after_space(text, covered, p)
        m = search_space(text, q)
        end = len(text) if m is None else m.start()
        covered = end
        yield start, end


def _after_space(text: str, lo: int, p: int) -> int:
    """The start of the white-space-separated chunk that holds ``text[p]``, no earlier than ``lo``."""
    left = max(text.rfind(" ", lo, p), text.rfind("\n", lo, p), text.rfind("\t", lo, p),
               text.rfind("\r", lo, p), text.rfind("\f", lo, p), text.rfind("\v", lo, p))
    return lo if left < 0 else left + 1


def non_ascii_words(text: str) -> Iterator[tuple[int, int, str]]:
    """(start, end, word) of every word that holds a non-ASCII character.

    Runs of non-ASCII characters close together (a line of Russian) are split
    into words in one pass; an isolated run (one look-alike in English) costs
    only the whitespace-separated chunk around it.
    """
    for start, end in word_spans(text):
        yield from span_words(text, start, end)


def span_words(text: str, start: int, end: int, first: int | None = None) -> Iterator[tuple[int, int, str]]:
    """The words of ``non_ascii_words`` in one span (from ``first`` on, when given:
    an offset after white space in it)."""
    # Fast pass: plain runs of word characters.  A word glued to punctuation
    # that may open a placeholder or escape (%sЭта, \\nПривет), or holding a
    # script written without spaces (Pythonの場合), is split again by the
    # full tokenizer.
    for m in _simple().finditer(text, start if first is None else first, end):
        w = m.group()
        if w.isascii():
            continue
        s, e = m.span()
        if (s > start and text[s - 1] in _GLUE) or (max(w) >= "\u0e00" and _nospace().search(w)):
            # Placeholders, escapes and entities are short and start with % \\ & or -.
            back = max(start, s - 48)
            lo = max(back, min((i for i in (text.rfind(c, back, s) for c in "%\\&-") if i >= 0),
                               default=s) - 1)  # one more, for the -x lookbehind
            for s2, e2, w2 in words_in(text, lo, e):
                if s2 >= s and not w2.isascii():
                    yield s2, e2, w2
        else:
            yield s, e, w


_GLUED = None
# What opens a placeholder, escape or entity that ``span_words`` cuts off a word it
# finds within 48 characters after it.
_OPENER = re.compile(r"[%\\&-]")
_OPENER_REACH = 48


def plain_word_counts(text: str, start: int, end: int) -> dict[str, int]:
    """How often each word ``span_words`` yields in a span occurs.

    A word with no % \\ & or - in the 48 characters before it is cut up by
    ``span_words`` according to itself alone, so those are counted per
    distinct white-space-separated chunk, at C speed; the chunks near such a
    character go through ``span_words`` itself."""
    counts: dict[str, int] = {}
    pos = start
    for lo, hi in _near_openers(text, start, end):
        _count_chunks(text[pos:lo], counts)
        for _, _, w in span_words(text, start, hi, lo):
            counts[w] = counts.get(w, 0) + 1
        pos = hi
    _count_chunks(text[pos:end], counts)
    return counts


def _near_openers(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The white-space-separated chunks of ``text[start:end]`` that hold a word starting
    within reach after a % \\ & or -, as merged (start, end) spans."""
    spans: list[list[int]] = []
    search_space = _SPACE.search
    for m in _OPENER.finditer(text, start, end):
        p = m.start()
        if spans and p < spans[-1][1]:
            lo = spans[-1][0]
        else:
            lo = _after_space(text, max(start, spans[-1][1] if spans else start), p)
        reach = min(end, p + _OPENER_REACH)
        space = search_space(text, reach, end)
        hi = end if space is None else space.start()
        if spans and lo == spans[-1][0]:
            spans[-1][1] = max(spans[-1][1], hi)
        else:
            spans.append([lo, hi])
    return [(lo, hi) for lo, hi in spans]


def _count_chunks(chunk: str, counts: dict[str, int]) -> None:
    """Count the words ``span_words`` yields in ``chunk``, which holds no % \\ & or -."""
    from collections import Counter

    for token, n in Counter(chunk.split()).items():
        if not token.isascii():
            for w in _token_words(token):
                counts[w] = counts.get(w, 0) + n


@lru_cache(maxsize=65536)
def _token_words(token: str) -> tuple[str, ...]:
    """The words ``span_words`` yields for a white-space-separated token with no % \\ & or -
    in the 48 characters before it: each word run, split again when glued to punctuation or
    holding a script written without spaces."""
    global _GLUED
    if _GLUED is None:
        import regex

        # A word, and the punctuation before it that may glue a placeholder to it
        # (the digits of _GLUE are word characters, so never stand before a word).
        _GLUED = regex.compile(r"([%\\&\-$)'.;])?([\p{L}\p{M}\p{N}\p{Cf}]+)")
    words: list[str] = []
    for glue, w in _GLUED.findall(token):
        if w.isascii():
            continue
        if max(w) >= "\u0e00" and _nospace_run().fullmatch(w):
            words.append(w)  # all of it written without spaces (中文): one word
        elif glue or (max(w) >= "\u0e00" and _nospace().search(w)):
            words += [w[a:b] for a, b in _split_nospace(w, 0, len(w)) if not w[a:b].isascii()]
        else:
            words.append(w)
    return tuple(words)


_NEIGHBOURS = None


def neighbour_words(text: str, start: int, end: int, reach: int = 80) -> tuple[str | None, str | None]:
    """The nearest word (holding a letter) before ``start`` and after ``end`` on the same line."""
    global _NEIGHBOURS
    if _NEIGHBOURS is None:
        import regex

        word = r"[\p{L}\p{M}\p{N}\p{Cf}]*\p{L}[\p{L}\p{M}\p{N}\p{Cf}]*"
        _NEIGHBOURS = (regex.compile("(?r)" + word), regex.compile(word))
    back, forward = _NEIGHBOURS
    lo = text.rfind("\n", max(0, start - reach), start) + 1 or max(0, start - reach)
    hi = text.find("\n", end, end + reach)
    if hi < 0:
        hi = min(len(text), end + reach)
    m = back.search(text, lo, start)
    n = forward.search(text, end, hi)
    return (m.group() if m else None), (n.group() if n else None)


def shown(text: str) -> str:
    """``text`` safe to print in a terminal: invisible (default-ignorable), control
    and format characters as <U+XXXX>."""
    from spamgate.ucd import category, is_default_ignorable

    out = []
    for ch in text:
        if ch < "\x80":
            out.append(ch if " " <= ch < "\x7f" else f"<U+{ord(ch):04X}>")
        elif category(ch) in _HIDDEN_CATEGORIES or is_default_ignorable(ch):
            out.append(f"<U+{ord(ch):04X}>")
        else:
            out.append(ch)
    return "".join(out)


# Format, control, line and paragraph separators, private use, unassigned, surrogates.
_HIDDEN_CATEGORIES = frozenset(("Cf", "Cc", "Zl", "Zp", "Co", "Cn", "Cs"))
