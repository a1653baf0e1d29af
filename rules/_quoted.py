"""Where a document quotes, and how much: evidence in quoted examples counts for little.

A document about spam (this project's README, its rule pages, a homoglyph
library's documentation) shows its examples in code blocks, inline code,
quotations and block quotes.  Article evidence found only there counts a
tenth (``QUOTED_SCALE``), in a document that is mostly prose; a document made
mostly of quotations is judged by them, so that quoting a whole article is no
way around the rules.  HTML comments are never seen by a reader: they take no
room in the prose either.
"""
from __future__ import annotations

from spamgate.model import Document

from ._articles import LazyPattern, for_document

_NOT_NEWLINE = LazyPattern(r"[^\n]")

_CODE_FENCE = LazyPattern(r"(?ms)^[ \t]{0,3}+(```|~~~)[^\n]*+\n.*?(?:^[ \t]{0,3}+\1[^\n]*+$|\Z)")
_INLINE_CODE = LazyPattern(r"`[^`\n]{1,500}+`")
# A quotation may run over one line break ("…\n…"), as wrapped prose does.
_QUOTATION = LazyPattern(r"\"[^\"\n]{1,200}+(?:\n[^\"\n]{1,200}+)?\"|\u201c[^\u201d\n]{1,200}+(?:\n[^\u201d\n]{1,200}+)?\u201d"
                         r"|(?<![^\s(\[])'[^'\n]{2,200}+'(?![^\s.,;:!?)\]])")
_INDENTED = LazyPattern(r"(?m)^(?:    |\t)[^\n]*+")
_BLOCKQUOTE = LazyPattern(r"(?m)^[ \t]{0,3}+>[^\n]*+")
_HTML_CODE_OPEN = LazyPattern(r"(?i)<(pre|code|kbd|samp)\b[^<>]{0,200}+>")

# Article evidence found only inside code, quotations and block quotes counts this much.
QUOTED_SCALE = 0.1
# ... unless the document is mostly made of such parts (then they are its text).
MIN_PROSE_SHARE = 0.3


def _blank(m) -> str:
    return _NOT_NEWLINE.sub(" ", m.group())


def _blank_spans(text: str, spans: list[tuple[int, int]]) -> str:
    if not spans:
        return text
    pieces, pos = [], 0
    for s, e in spans:
        pieces += [text[pos:s], _NOT_NEWLINE.sub(" ", text[s:e])]
        pos = e
    pieces.append(text[pos:])
    return "".join(pieces)


def comment_spans(text: str, start: int = 0) -> list[tuple[int, int]]:
    """The HTML comments (``<!-- … -->``) of ``text`` from ``start``, in order."""
    out = []
    i = text.find("<!--", start)
    while i >= 0:
        j = text.find("-->", i + 4)
        if j < 0:
            break  # no comment is closed after this point
        out.append((i, j + 3))
        i = text.find("<!--", j + 3)
    return out


def _html_code_spans(text: str) -> list[tuple[int, int]]:
    """``<pre>``, ``<code>``, ``<kbd>`` and ``<samp>`` elements, from their opening tag to their closing one."""
    low = text.lower()
    out: list[tuple[int, int]] = []
    unclosed = set()
    pos = 0
    for m in _HTML_CODE_OPEN.finditer(text):
        tag = m.group(1).lower()
        if m.start() < pos or tag in unclosed:
            continue
        j = low.find("</" + tag, m.end())
        if j < 0:
            unclosed.add(tag)  # no later element of this kind is closed either
            continue
        k = low.find(">", j)
        pos = k + 1 if k >= 0 else j + len(tag) + 2
        out.append((m.start(), pos))
    return out


def mask_quoted(text: str) -> str:
    """``text`` with code blocks, inline code, quotations, block quotes and
    indented lines turned into spaces (line breaks kept); same length.

    Each pattern runs only when the text holds the characters every one of its
    matches starts with."""
    masked = text
    if "```" in masked or "~~~" in masked:
        masked = _CODE_FENCE.sub(_blank, masked)
    if "<" in masked:
        masked = _blank_spans(masked, _html_code_spans(masked))
    if "`" in masked:
        masked = _INLINE_CODE.sub(_blank, masked)
    if '"' in masked or "\u201c" in masked or "'" in masked:
        masked = _QUOTATION.sub(_blank, masked)
    if masked.startswith(("    ", "\t")) or "\n    " in masked or "\n\t" in masked:
        masked = _INDENTED.sub(_blank, masked)
    if ">" in masked:
        masked = _BLOCKQUOTE.sub(_blank, masked)
    return masked


def _solid(text: str) -> int:
    """Characters that are neither spaces nor line breaks."""
    return len(text) - text.count(" ") - text.count("\n")


def visible(text: str) -> str:
    """``text`` with HTML comments (which a reader never sees) turned into spaces; same length."""
    return _blank_spans(text, comment_spans(text)) if "<!--" in text else text


class Quoted:
    """Where a document quotes (code, quotations, block quotes), and how much it does.

    ``visible`` is the text without its HTML comments; ``masked`` is that
    without its quoted parts; ``discount`` says whether the document is mostly
    prose, so that its quoted parts count for little (a document made mostly
    of quotations is judged by them)."""

    __slots__ = ("text", "visible", "masked", "discount")

    def __init__(self, text: str):
        self.text = text
        self.visible = visible(text)
        self.masked = mask_quoted(self.visible)
        total = _solid(self.visible)
        self.discount = self.masked is not text and total > 0 and _solid(self.masked) >= MIN_PROSE_SHARE * total

    def scale(self, start: int, end: int) -> float:
        """``QUOTED_SCALE`` when most of ``text[start:end]`` is quoted in a
        document that is mostly prose, else 1."""
        if not self.discount or end <= start:
            return 1.0
        solid = _solid(self.text[start:end])
        return QUOTED_SCALE if solid and _solid(self.masked[start:end]) * 2 <= solid else 1.0


def quoted(document: Document) -> Quoted:
    """The quoted parts of a document (kept for the last document asked about)."""
    return for_document("quoted", document, lambda d: Quoted(d.text))


def compile_all() -> list:
    """Every lazily compiled pattern of this module (for tests that examine them)."""
    from ._articles import compile_lazy

    return compile_lazy(globals())
