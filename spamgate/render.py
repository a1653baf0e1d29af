"""The text a reader sees: character references and escapes decoded, with a map back to the file.

A look-alike letter can be written as ``&#1086;`` in a wiki page or as
``\\u043e`` in a JSON catalog: the file is pure ASCII, yet every reader of the
rendered page or of the application sees a Cyrillic ``о``.  The character
rules judge this rendered text; ``Rendered.restore`` moves their findings back
to the characters as written (line, column, and the end of the reference or
escape), and a finding whose word is written differently says how.

What is decoded, and where:

- HTML and XML character references -- named (``&ocy;``), decimal
  (``&#1086;``) and hexadecimal (``&#x43e;``) -- in every text file but source
  code, as HTML, XML and Markdown render them: with their closing semicolon
  (HTML files also without it, as browsers accept).  In Markdown, references
  inside code spans and fenced code blocks are shown as written, so they stay
  as written.
- ``\\uXXXX`` escapes (surrogate pairs joined) in JSON files and notebooks
  (.json .jsonl .ndjson .geojson .ipynb .arb .webmanifest .har).
- ``\\xXX``, ``\\uXXXX`` and ``\\UXXXXXXXX`` escapes inside double-quoted
  strings of YAML and TOML files.
- ``\\uXXXX`` escapes in Java .properties catalogs.

Everything else is judged as written.  Source code (``SOURCE_EXTENSIONS``) is
read as source: a reference or escape in a string literal is what a reviewer
reads, and Markdown, reST and plain text show a backslash escape as it is.  A reference or escape is left
as written when what it stands for cannot change a word: ASCII punctuation and
spaces, and invisible (default-ignorable) characters such as ``&shy;`` or
``\\u200b``, which a reviewer of the file sees spelled out.  Bidirectional
controls are decoded: they change the order a reader sees.

A file without ``&`` and without a backslash (or whose backslashes are not
escapes of its format) costs two ``in`` tests.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from functools import lru_cache

JSON_EXTENSIONS = frozenset((".json", ".jsonl", ".ndjson", ".geojson", ".ipynb", ".arb", ".webmanifest", ".har"))
QUOTED_EXTENSIONS = frozenset((".yaml", ".yml", ".toml"))
PROPERTIES_EXTENSIONS = frozenset((".properties",))
MARKDOWN_EXTENSIONS = frozenset((".md", ".markdown", ".mdown", ".mkd", ".mkdn", ".mdx"))
HTML_EXTENSIONS = frozenset((".html", ".htm", ".xhtml"))
# Source code is read as written: a reference or escape in a string literal is what a reviewer reads.
SOURCE_EXTENSIONS = frozenset((
    ".py", ".pyi", ".pyx", ".js", ".mjs", ".cjs", ".jsx", ".ts", ".tsx", ".mts", ".cts", ".java", ".kt", ".kts",
    ".scala", ".groovy", ".go", ".rs", ".c", ".h", ".cc", ".cpp", ".cxx", ".hh", ".hpp", ".hxx", ".m", ".mm",
    ".swift", ".cs", ".fs", ".vb", ".rb", ".php", ".pl", ".pm", ".lua", ".r", ".jl", ".dart", ".ex", ".exs",
    ".erl", ".hs", ".ml", ".clj", ".sh", ".bash", ".zsh", ".fish", ".ps1", ".bat", ".sql", ".zig", ".nim",
))

# Named references that stand for punctuation, spaces or invisible characters:
# passed over without loading the table of all 2,231 names.
_PLAIN_NAMES = frozenset((
    "amp", "lt", "gt", "quot", "apos", "nbsp", "ensp", "emsp", "thinsp", "hairsp", "shy", "zwj", "zwnj",
    "lrm", "rlm", "mdash", "ndash", "hellip", "laquo", "raquo", "lsquo", "rsquo", "ldquo", "rdquo",
    "sbquo", "bdquo", "bull", "middot", "copy", "reg", "trade", "deg", "plusmn", "times", "divide",
    "para", "sect", "dagger", "Dagger", "larr", "rarr", "uarr", "darr", "harr", "euro", "pound", "cent",
    "yen", "iexcl", "iquest", "prime", "Prime", "minus", "dash", "vert", "lowbar", "ast", "num", "excl",
))
_REFERENCE = re.compile(
    r"&(?:#[xX]0{0,8}([0-9A-Fa-f]{1,6})(?![0-9A-Fa-f])|#0{0,8}([0-9]{1,7})(?![0-9])|([A-Za-z][A-Za-z0-9]{1,31}))(;?)")
# One escape (consumed whole, so that an escaped backslash never starts another).
_JSON_ESCAPE = re.compile(r"\\(?:u([0-9A-Fa-f]{4})|[\s\S])")
_PROPERTIES_ESCAPE = re.compile(r"\\(?:u{1,8}([0-9A-Fa-f]{4})|[\s\S])")
_QUOTED_ESCAPE = re.compile(r"\\(?:x([0-9A-Fa-f]{2})|u([0-9A-Fa-f]{4})|U([0-9A-Fa-f]{8})|[\s\S])")
_QUOTE_OUTSIDE = re.compile("[\"'#]")
_QUOTE_INSIDE = re.compile('["\\\\]')
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})(.*)$", re.M)
_TICKS = re.compile(r"`+")
_BLANK_LINE = re.compile(r"\n[ \t]*(?=\n)")
_BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def extension(path: str) -> str:
    name = path.replace("\\", "/").rsplit("/", 1)[-1]
    dot = name.rfind(".")
    return name[dot:].lower() if dot > 0 else ""


class Rendered:
    """A document's text as rendered, and the way back to the text as written.

    ``text`` is the rendered text.  Each decoded reference or escape is one
    replacement: ``written[i]`` (start, end) in the file became
    ``rendered[i]`` (start, end) in ``text``; between replacements the two
    texts run in step.
    """

    __slots__ = ("text", "_w_starts", "_w_ends", "_r_starts", "_r_ends", "_source", "_document")

    def __init__(self, source, text: str, replacements: list[tuple[int, int, int, int]]):
        self._source = source
        self.text = text
        self._w_starts = [r[0] for r in replacements]
        self._w_ends = [r[1] for r in replacements]
        self._r_starts = [r[2] for r in replacements]
        self._r_ends = [r[3] for r in replacements]
        self._document = None

    @property
    def document(self):
        """The rendered text as a ``Document`` with the source document's path and kind."""
        if self._document is None:
            from spamgate.model import Document

            s = self._source
            self._document = Document(s.path, self.text, s.kind, s.encoding, s.commit_subject, s.commit, s.context)
        return self._document

    def written_span(self, start: int, end: int) -> tuple[int, int]:
        """The span of the file that ``text[start:end]`` was rendered from."""
        i = bisect_right(self._r_starts, start) - 1
        if i >= 0:
            start = self._w_starts[i] if start < self._r_ends[i] else self._w_ends[i] + start - self._r_ends[i]
        if end > 0:
            j = bisect_right(self._r_starts, end - 1) - 1
            if j >= 0:
                end = self._w_ends[j] if end - 1 < self._r_ends[j] else self._w_ends[j] + end - self._r_ends[j]
        return start, end

    def restore(self, findings) -> list:
        """Findings on the rendered text, moved to the text as written.

        A finding keeps the word as rendered in ``text`` (what allowances and
        reports name); its position is the file's, and when the file spells the
        span differently the message ends with how it is written.
        """
        from spamgate.rules._words import shown

        source = self._source
        out = []
        for f in findings:
            if f.offset < 0:
                out.append(f)
                continue
            start, end = self.written_span(f.offset, f.end_offset)
            line, column = source.locate(start)
            end_line, end_column = source.locate(end)
            written = source.text[start:end]
            message = f.message
            if written != f.text:
                message += f'; written in the file as "{shown(written[:160])}"'
            out.append(f._replace(line=line, column=column, end_line=end_line, end_column=end_column,
                                  offset=start, end_offset=end, message=message))
        return out


def render(document) -> Rendered | None:
    """The rendered view of a file, or None when it reads as written."""
    if document.kind != "file":
        return None
    text = document.text
    ext = extension(document.path or "")
    if ext in SOURCE_EXTENSIONS:
        return None
    pieces = references(text, ext) if "&" in text else []
    if "\\" in text:
        pieces += escapes(text, ext)
    if not pieces:
        return None
    return Rendered(document, *_splice(text, pieces))


def render_span(written: str, path: str) -> str:
    """A span of a file as rendered (its references and escapes decoded as in the whole file)."""
    ext = extension(path)
    if ext in SOURCE_EXTENSIONS:
        return written
    pieces = references(written, ext, code=False) if "&" in written else []
    if "\\" in written:
        pieces += escapes(written, ext, strings=True)
    return _splice(written, pieces)[0] if pieces else written


def _splice(text: str, pieces: list[tuple[int, int, str]]) -> tuple[str, list[tuple[int, int, int, int]]]:
    """``text`` with each (start, end, value) piece put in, and the replacements made as
    (written start, written end, rendered start, rendered end)."""
    out: list[str] = []
    replacements = []
    pos = length = 0
    for start, end, value in sorted(pieces):
        if start < pos:
            continue  # overlaps the one before (a backslash before a reference)
        out.append(text[pos:start])
        length += start - pos
        out.append(value)
        replacements.append((start, end, length, length + len(value)))
        length += len(value)
        pos = end
    out.append(text[pos:])
    return "".join(out), replacements


@lru_cache(maxsize=4096)
def _worth(value: str) -> bool:
    """Whether decoding ``value`` can change a word: letters, marks, digits, symbols, bidi controls."""
    from spamgate.ucd import category, is_default_ignorable

    for ch in value:
        if ch < "\x80":
            if ch.isalnum():
                return True
            continue
        if ch in _BIDI_CONTROLS:
            return True
        if category(ch)[0] in "PZC" or is_default_ignorable(ch):
            continue
        return True
    return False


def _code_point(cp: int) -> str | None:
    if cp == 0 or cp > 0x10FFFF or 0xD800 <= cp <= 0xDFFF or 0x80 <= cp <= 0x9F:
        return None
    return chr(cp)


def references(text: str, ext: str, code: bool = True) -> list[tuple[int, int, str]]:
    """(start, end, value) of the character references worth decoding in ``text``."""
    first = _REFERENCE.search(text)
    if first is None:
        return []
    html = ext in HTML_EXTENSIONS
    spans = None if code and ext in MARKDOWN_EXTENSIONS else []  # Markdown code: found on first need
    span_starts: list[int] = []
    names = None
    out = []
    for m in _REFERENCE.finditer(text, first.start()):
        hexa, decimal, name, semicolon = m.groups()
        if name is not None:
            if not semicolon or name in _PLAIN_NAMES:
                continue
            if names is None:
                from html.entities import html5 as names
            value = names.get(name + ";")
        elif not semicolon and not html:
            continue
        else:
            value = _code_point(int(hexa, 16) if hexa is not None else int(decimal))
        if value is None or not _worth(value):
            continue
        if spans is None:
            spans = _markdown_code(text)
            span_starts = [s for s, _ in spans]
        if spans:
            i = bisect_right(span_starts, m.start()) - 1
            if i >= 0 and m.start() < spans[i][1]:
                continue  # shown as written inside Markdown code
        out.append((m.start(), m.end(), value))
    return out


def escapes(text: str, ext: str, strings: bool | None = None) -> list[tuple[int, int, str]]:
    """(start, end, value) of the escapes worth decoding in a file of this kind.

    ``strings``: True when ``text`` is known to lie inside a string (a span
    whose escapes the whole file decoded); by default YAML and TOML escapes
    count inside double-quoted strings only."""
    if ext in JSON_EXTENSIONS:
        found = _decode(_JSON_ESCAPE, text, 0, len(text))
    elif ext in PROPERTIES_EXTENSIONS:
        found = _decode(_PROPERTIES_ESCAPE, text, 0, len(text))
    elif ext in QUOTED_EXTENSIONS:
        strings = _double_quoted(text) if strings is None else [(0, len(text))]
        found = [e for lo, hi in strings for e in _decode(_QUOTED_ESCAPE, text, lo, hi)]
    else:
        return []
    return [e for e in found if _worth(e[2])]


def _decode(pattern, text: str, lo: int, hi: int) -> list[tuple[int, int, str]]:
    """The escapes that write a character by its code, with UTF-16 surrogate pairs joined."""
    out = []
    high = None  # (start, value) of a high surrogate waiting for its pair
    for m in pattern.finditer(text, lo, hi):
        digits = next((g for g in m.groups() if g is not None), None)
        if digits is None:
            high = None
            continue
        cp = int(digits, 16)
        if 0xDC00 <= cp <= 0xDFFF and high is not None and high[1] == m.start():
            out.append((high[0], m.end(), chr(0x10000 + (high[2] - 0xD800) * 0x400 + cp - 0xDC00)))
            high = None
            continue
        high = (m.start(), m.end(), cp) if 0xD800 <= cp <= 0xDBFF else None
        if cp and not 0xD800 <= cp <= 0xDFFF and cp <= 0x10FFFF:
            out.append((m.start(), m.end(), chr(cp)))
    return out


def _double_quoted(text: str) -> list[tuple[int, int]]:
    """Spans of the double-quoted strings (YAML, TOML) on the lines that hold a backslash."""
    spans = []
    done = -1
    pos = text.find("\\")
    while pos >= 0:
        if pos > done:
            start = text.rfind("\n", 0, pos) + 1
            end = text.find("\n", pos)
            end = len(text) if end < 0 else end
            spans.extend(_quoted_on_line(text, start, end))
            done = end
        pos = text.find("\\", done + 1)
    return spans


def _quoted_on_line(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Spans of the double-quoted strings on one line (one still open at the end runs to it)."""
    spans = []
    i = start
    while True:
        m = _QUOTE_OUTSIDE.search(text, i, end)
        if m is None:
            return spans
        i = m.start()
        ch = text[i]
        if ch == '"':
            j = i + 1
            while True:
                n = _QUOTE_INSIDE.search(text, j, end)
                if n is None:
                    spans.append((i + 1, end))
                    return spans
                if text[n.start()] == "\\":
                    j = n.start() + 2
                    continue
                spans.append((i + 1, n.start()))
                i = n.start() + 1
                break
        elif i > start and text[i - 1] not in " \t:[{,=-":
            i += 1  # an apostrophe or # inside a plain word
        elif ch == "'":
            close = text.find("'", i + 1, end)  # a single-quoted string: no escapes inside
            if close < 0:
                return spans
            i = close + 1
        else:
            return spans  # a comment


def _markdown_code(text: str) -> list[tuple[int, int]]:
    """Sorted (start, end) of fenced code blocks and code spans of a Markdown text."""
    fences = []
    opened = None
    for m in _FENCE.finditer(text):
        fence, rest = m.group(1), m.group(2)
        if opened is None:
            if fence[0] != "`" or "`" not in rest:
                opened = (m.start(), fence)
        elif fence[0] == opened[1][0] and len(fence) >= len(opened[1]) and not rest.strip():
            fences.append((opened[0], m.end()))
            opened = None
    if opened is not None:
        fences.append((opened[0], len(text)))
    fence_starts = [s for s, _ in fences]
    runs = []
    for m in _TICKS.finditer(text):
        i = bisect_right(fence_starts, m.start()) - 1
        if i < 0 or m.start() >= fences[i][1]:
            runs.append((m.start(), m.end()))
    blanks = [m.start() for m in _BLANK_LINE.finditer(text)] if runs else []
    later: dict[int, list[int]] = {}  # run length -> indexes of the runs of that length
    for k, (s, e) in enumerate(runs):
        later.setdefault(e - s, []).append(k)
    spans = []
    k = 0
    while k < len(runs):
        s, e = runs[k]
        same = later[e - s]
        n = bisect_right(same, k)
        if n < len(same):
            close = runs[same[n]]
            b = bisect_right(blanks, s)
            if b >= len(blanks) or blanks[b] >= close[0]:  # no blank line between: one paragraph
                spans.append((s, close[1]))
                k = same[n] + 1
                continue
        k += 1
    return sorted(fences + spans)
