"""``--fix``: move stray letters back into the script of their word.

A flagged word is respelled in its own script, read from its letters: the
script most of its letters belong to.  ``іntroduсtion`` (ten Latin letters,
two Cyrillic) becomes ``introduction``; ``Пpивет`` (five Cyrillic letters, one
Latin ``p``) becomes ``Привет``; ``Αθήνa`` becomes ``Αθήνα``.  Letters move to
the Latin script through the ASCII letter they imitate
(``spamgate.deconfuse``), and to another script through the letter of that
script whose Unicode confusables prototype is the same ASCII letter.  A word
that only imitates Latin (SG104, Cyrillic ``а`` used as the English article)
becomes ASCII.  When a word has as many letters of one script as of another,
the other words of its line decide; when they do not, or when a letter has no
counterpart in the word's script, the word is left as it is and reported as
not fixed.  Invisible characters inside fixed words are removed.

Only the spans of fixable findings change.  Everything else -- encoding,
byte-order mark, line endings, every other byte -- is kept: each changed span
is re-encoded on its own and spliced into the original bytes.  Files are
written atomically (a temporary file in the same directory, then
``os.replace``) with their permissions kept.
"""
from __future__ import annotations

import codecs
import os
from dataclasses import dataclass, field
from functools import lru_cache
from typing import NamedTuple

LATIN = "Latn"
WHOLE_WORD_CODE = "SG104"  # a word that only imitates Latin: its target is Latin


def fixable_codes() -> frozenset[str]:
    """The checks whose spans --fix rewrites, as their declarations say."""
    from spamgate.registry import all_checks

    return frozenset(code for code, check in all_checks().items() if check.fixable)


class FixError(Exception):
    """A file that cannot be fixed safely; nothing was written."""


class Unfixed(NamedTuple):
    """A flagged word --fix left as it was, and why."""

    offset: int
    end_offset: int
    word: str
    reason: str


@dataclass
class Fix:
    path: str
    old_text: str
    new_text: str
    new_bytes: bytes
    spans: int  # how many spans changed
    unfixed: list[Unfixed] = field(default_factory=list)


def _invisible(ch: str) -> bool:
    if ch < "\x80":
        return False
    from spamgate.ucd import category, is_default_ignorable

    return is_default_ignorable(ch) or category(ch) == "Cf"


# --------------------------------------------------------------------------- scripts of letters


@lru_cache(maxsize=8192)
def letter_script(ch: str) -> str | None:
    """The script a letter counts for in its word, or None for what is not a letter.

    ASCII letters and Latin-script letters count as Latin; so do Common letters
    that read as ASCII letters (mathematical 𝐇).  Other letters count for their
    script (``Cyrl``, ``Grek``, ...); marks, digits and format characters for none.
    """
    if ch < "\x80":
        return LATIN if ch.isalpha() else None
    from spamgate.ucd import category, is_common, primary_script, script_extensions

    kind = category(ch)
    if kind[0] != "L" and kind != "Nl":
        return None

    if LATIN in script_extensions(ch):
        return LATIN
    if is_common(ch):
        from spamgate.deconfuse import prototype

        return LATIN if prototype(ch) else None
    return primary_script(ch)


def script_counts(word: str) -> dict[str, int]:
    """How many letters of ``word`` belong to each script."""
    counts: dict[str, int] = {}
    for ch in word:
        script = letter_script(ch)
        if script is not None:
            counts[script] = counts.get(script, 0) + 1
    return counts


def majority(counts: dict[str, int]) -> str | None:
    """The script with more letters than any other, or None when two tie (or none)."""
    if not counts:
        return None
    ranked = sorted(counts.values(), reverse=True)
    if len(ranked) > 1 and ranked[0] == ranked[1]:
        return None
    return max(counts, key=counts.__getitem__)


def _tied(counts: dict[str, int]) -> list[str]:
    top = max(counts.values())
    return sorted(s for s, n in counts.items() if n == top)


def _script_names(codes) -> str:
    from spamgate.ucd import script_name

    names = [script_name(c) for c in codes]
    return " as ".join(names) if len(names) == 2 else ", ".join(names)


# --------------------------------------------------------------------------- letters of a script


@lru_cache(maxsize=16)
def twins(script: str) -> dict[str, str]:
    """ASCII letter -> the letter of ``script`` that imitates it (``"p"`` -> Cyrillic ``р``).

    The reverse of ``deconfuse.prototype`` within one script: among the letters
    of ``script`` that read as an ASCII letter, the one of the same case that
    UTS #39 allows in identifiers, used by that script alone, lowest code point first.
    """
    from spamgate.deconfuse import prototype
    from spamgate.ucd import _load, category, is_allowed, script_extensions
    from spamgate.ucd.supplement import SUPPLEMENT

    best: dict[str, tuple] = {}
    for cp in (*_load().CONFUSABLES, *map(ord, SUPPLEMENT)):
        ch = chr(cp)
        if cp < 0x80 or not category(ch).startswith("L") or not is_allowed(ch):
            continue
        scripts = script_extensions(ch)
        if script not in scripts:
            continue
        plain = prototype(ch)
        if plain is None or len(plain) != 1 or plain.isupper() != ch.isupper():
            continue
        rank = (len(scripts), cp)
        if plain not in best or rank < best[plain][0]:
            best[plain] = (rank, ch)
    return {plain: ch for plain, (_, ch) in best.items()}


# --------------------------------------------------------------------------- one word


def respell(word: str, script: str, suggestion: str | None = None) -> tuple[str, str | None]:
    """``word`` with every letter in ``script`` and invisible characters removed.

    Returns (new word, None), or (``word`` unchanged, the reason) when a letter
    has no counterpart in ``script``.  ``suggestion`` (the finding's plain
    ASCII spelling) supplies Latin letters that have no prototype.
    """
    from spamgate.deconfuse import prototype
    from spamgate.ucd import char_name, script_name

    visible = [c for c in word if not _invisible(c)]
    if script == LATIN:
        out = [c if c < "\x80" else prototype(c) for c in visible]
        if suggestion and suggestion.isascii() and len(suggestion) == len(visible) \
                and all(p is None or len(p) == 1 for p in out):
            # A letter without a known prototype (a foreign letter that only
            # looks Latin): the suggestion's letter at the same place.
            out = [p if p is not None or not suggestion[i].isalpha() else suggestion[i] for i, p in enumerate(out)]
        for c, p in zip(visible, out):
            if p is None and letter_script(c) not in (None, LATIN):
                return word, f"{char_name(c)} looks like no ASCII letter"
        fixed = "".join(c if p is None else p for c, p in zip(visible, out))
        if suggestion and suggestion.isascii() and fixed != suggestion and _bare(fixed) == suggestion:
            fixed = suggestion  # marks stacked on its letters; raised or enclosed letters (Hᵉllo, Ⓗello)
        return fixed, None
    mapping = twins(script)
    out = []
    for c in visible:
        own = letter_script(c)
        if own is None or own == script:
            out.append(c)
            continue
        plain = c if c < "\x80" else prototype(c)
        twin = mapping.get(plain) if plain else None
        if twin is None:
            return word, f"no {script_name(script)} letter looks like {char_name(c)}"
        out.append(twin)
    return "".join(out), None


def _bare(text: str) -> str:
    """``text`` in compatibility form without its combining marks (Ⓗ -> H, ᵉ -> e, i̇ -> i)."""
    from spamgate.ucd import category, normalize

    return "".join(c for c in normalize("NFKD", text) if category(c)[0] != "M")


def _as_rendered(written: str, path: str) -> str:
    """A span as a reader sees it: character references and escapes decoded as in its file."""
    if "&" not in written and "\\" not in written:
        return written
    from spamgate.render import render_span

    return render_span(written, path)


def fix_span(span: str, suggestion: str | None = None) -> str:
    """``span`` with look-alike letters as ASCII and invisible characters removed
    (a span whose letters cannot all be read as ASCII is returned unchanged)."""
    return respell(span, LATIN, suggestion)[0]


# --------------------------------------------------------------------------- a document


class _Span(NamedTuple):
    start: int
    end: int
    suggestion: str | None
    codes: frozenset


def _spans(findings) -> list[_Span]:
    """Merged spans of fixable content findings."""
    fixable = fixable_codes()
    raw = sorted(
        (f.offset, f.end_offset, f.suggestion, f.code)
        for f in findings
        if f.code in fixable and f.location == "content" and 0 <= f.offset < f.end_offset
    )
    merged: list[list] = []
    for start, end, suggestion, code in raw:
        if merged and start < merged[-1][1]:
            last = merged[-1]
            last[1] = max(last[1], end)
            last[2] = None  # two findings overlap: fall back to prototypes only
            last[3] = last[3] | {code}
        else:
            merged.append([start, end, suggestion, frozenset({code})])
    return [_Span(*m) for m in merged]


def _target(text: str, span: _Span, spans: list[_Span], word: str | None = None) -> tuple[str | None, str | None]:
    """(script the word of ``span`` is respelled in, None) or (None, why it is unclear).
    ``word``: the span as a reader sees it, when the file writes it with references or escapes."""
    word = text[span.start:span.end] if word is None else word
    counts = script_counts(word)
    if not counts:
        return LATIN, None  # only invisible characters and marks: they go
    if WHOLE_WORD_CODE in span.codes and LATIN not in counts:
        return LATIN, None
    script = majority(counts)
    if script is not None:
        return script, None
    tied = _tied(counts)
    script = _line_script(text, span, spans, tied)
    if script is not None:
        return script, None
    return None, f"it has as many {_script_names(tied)} letters, and its line does not say which script it is in"


def _line_script(text: str, span: _Span, spans: list[_Span], tied: list[str]) -> str | None:
    """The script most other words of the span's line are in, if it is one of ``tied``.

    Each word counts for the script it will have after fixing (its own
    majority; Latin for a whole-word look-alike), so fixing never changes the
    answer and a second run decides as the first did.
    """
    import regex

    start = text.rfind("\n", 0, span.start) + 1
    end = text.find("\n", span.end)
    end = len(text) if end < 0 else end
    by_start = {s.start: s for s in spans}
    votes: dict[str, int] = {}
    for m in regex.finditer(r"[\p{L}\p{M}\p{N}\p{Cf}]+", text[start:end]):
        w_start = start + m.start()
        if w_start == span.start:
            continue
        other = by_start.get(w_start)
        counts = script_counts(m.group())
        script = LATIN if other is not None and WHOLE_WORD_CODE in other.codes and LATIN not in counts \
            else majority(counts)
        if script is not None:
            votes[script] = votes.get(script, 0) + 1
    winner = majority(votes)
    return winner if winner in tied else None


def _codec(encoding: str, data: bytes) -> tuple[str, int]:
    """The codec to encode one span with, and the length of the byte-order mark."""
    if encoding == "utf-8":
        return "utf-8", 0
    if encoding == "utf-8-sig":
        return "utf-8", len(codecs.BOM_UTF8)
    if encoding == "utf-16":
        return ("utf-16-le" if data.startswith(codecs.BOM_UTF16_LE) else "utf-16-be"), 2
    if encoding == "utf-32":
        return ("utf-32-le" if data.startswith(codecs.BOM_UTF32_LE) else "utf-32-be"), 4
    return encoding, 0


def plan(data: bytes, document, findings) -> Fix | None:
    """The fixed bytes of a file and the words left unfixed, or None when no
    finding is fixable.

    ``data`` must be the bytes ``document`` was decoded from; raises FixError
    if they do not match (the file changed since it was read).
    """
    spans = _spans(findings)
    if not spans:
        return None
    text = document.text
    codec, bom = _codec(document.encoding, data)
    out = [data[:bom]]
    text_out = []
    unfixed: list[Unfixed] = []
    pos_text = 0
    pos_byte = bom
    changed = 0
    for span in spans:
        start, end = span.start, span.end
        if end > len(text):
            raise FixError(f"{document.path}: finding outside the text")
        before = text[pos_text:start].encode(codec)
        old = text[start:end]
        old_bytes = old.encode(codec)
        b_start = pos_byte + len(before)
        if data[pos_byte:b_start] != before or data[b_start:b_start + len(old_bytes)] != old_bytes:
            raise FixError(f"{document.path}: file changed since it was read; not fixed")
        word = _as_rendered(old, document.path)
        script, reason = _target(text, span, spans, word)
        new = old
        if script is not None:
            respelled, reason = respell(word, script, span.suggestion)
            if reason is None and respelled != word:
                if word != old and not respelled.isascii():
                    reason = "it is written with character references or escapes, and its fix is not plain ASCII"
                else:
                    new = respelled
        if reason is not None:
            unfixed.append(Unfixed(start, end, old, reason))
        out.append(before)
        text_out.append(text[pos_text:start])
        if new != old:
            changed += 1
            out.append(new.encode(codec))
        else:
            out.append(old_bytes)
        text_out.append(new)
        pos_text = end
        pos_byte = b_start + len(old_bytes)
    rest = text[pos_text:].encode(codec)
    if data[pos_byte:] != rest:
        raise FixError(f"{document.path}: file changed since it was read; not fixed")
    if not changed:
        return Fix(document.path, text, text, data, 0, unfixed)
    out.append(data[pos_byte:])
    text_out.append(text[pos_text:])
    return Fix(document.path, text, "".join(text_out), b"".join(out), changed, unfixed)


def write_atomic(path: str, data: bytes) -> None:
    """Replace the file at ``path`` (following symbolic links) with ``data``,
    atomically, keeping its permissions; a new file gets the usual ones."""
    import tempfile

    target = os.path.realpath(path)
    directory = os.path.dirname(target) or "."
    try:
        mode = os.stat(target).st_mode & 0o7777
    except FileNotFoundError:
        umask = os.umask(0o022)
        os.umask(umask)
        mode = 0o666 & ~umask
    fd, tmp = tempfile.mkstemp(prefix=".spamgate-", suffix=".tmp", dir=directory)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, target)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def unified_diff(fix: Fix) -> str:
    import difflib

    from spamgate.model import split_lines

    def split(text: str) -> list[str]:
        return split_lines(text, keepends=True)

    a, b = (fix.path, fix.path) if os.path.isabs(fix.path) else (f"a/{fix.path}", f"b/{fix.path}")
    lines = []
    for line in difflib.unified_diff(split(fix.old_text), split(fix.new_text), a, b, lineterm="\n"):
        if not line.endswith(("\n", "\r")):
            line += "\n\\ No newline at end of file\n"
        lines.append(line)
    return "".join(lines)
