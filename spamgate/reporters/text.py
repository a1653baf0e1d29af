"""Plain text report: ``path:line:col: CODE message``, then the source line with
the flagged characters marked, as compilers and ruff show them::

    notes.md:3:6: SG101 Word "іntroduсtion" mixes Cyrillic into Latin: ...
      |
    3 | This іntroduсtion explains the parser.
      |      ^^^^^^^^^^^^ SG101

Characters that cannot be seen (invisible, control and bidi characters) are
shown as ``<U+XXXX>`` in the quoted line and named under the carets.  The
``concise`` format leaves the source lines out.
"""
from __future__ import annotations

from spamgate.reporters import is_error, statistics as _statistics, summarize, verdict_line
from spamgate.verdict import CLEAN

SEVERITY_STYLE = {"error": "31;1", "warning": "33;1", "info": "36;1"}
BEFORE, AFTER = 60, 60  # characters of a long line quoted around a finding


def _style(context, code: str, s: str) -> str:
    return f"\x1b[{code}m{s}\x1b[0m" if context is not None and context.color else s


def report(results, stream, context) -> None:
    write = stream.write
    for r in results:
        if r.skipped is not None:
            if r.skipped.is_notable or context.verbose or r.failed:
                failing = r.skipped.is_error or r.failed
                label = "error" if failing else "warning" if r.skipped.is_notable else "skipped"
                write(f"{_style(context, '1', r.path)}: {_style(context, '31' if failing else '33', label)}: "
                      f"{r.skipped.message}\n")
            continue
        for e in r.errors:
            write(f"{r.path}: internal error in rule {e.rule}: {e.error}\n")
        for f in r.findings:
            where = f"{r.path}:{f.line}:{f.column}:" if f.line else f"{r.path}:"
            sev = "" if f.severity == "error" else f" ({f.severity})"
            style = SEVERITY_STYLE.get(f.severity, "33;1")
            write(f"{_style(context, '1', where)} {_style(context, style, f.code)}{sev} {f.message}\n")
            if context.snippets and f.line > 0 and f.location != "path" and r.document is not None:
                write(snippet(r.document, f, context))
        if r.verdict.verdict != CLEAN or (context.profile == "push" and r.findings):
            write(f"{_style(context, '1', r.path)}: {verdict_line(r)}\n")
    if context.statistics:
        statistics(results, stream, context)
    summary = summarize(results)
    if summary.scanned or summary.not_scanned or any(is_error(r) for r in results):
        write(summary.sentence(context.profile, context.baselined) + "\n")


def statistics(results, stream, context=None) -> None:
    """The number of findings per rule, most frequent first."""
    for code, name, n in _statistics(results):
        stream.write(f"{n:6d}\t{_style(context, '1', code)}\t{name}\n")


# --------------------------------------------------------------------------- the quoted source line


def _hidden(ch: str) -> bool:
    """Characters a terminal shows as nothing, or that reorder or break the line."""
    if ch < "\x80":
        return not (" " <= ch < "\x7f")
    from spamgate.ucd import category, is_default_ignorable, is_variation_selector

    return (category(ch) in ("Cf", "Cc", "Zl", "Zp", "Co", "Cn", "Cs")
            or is_default_ignorable(ch) or is_variation_selector(ch))


def _cells(ch: str) -> tuple[str, int]:
    """(what to print for ``ch``, how many terminal columns it takes)."""
    if ch == "\t":
        return "    ", 4
    if _hidden(ch):
        shown = f"<U+{ord(ch):04X}>"
        return shown, len(shown)
    if ch < "\x80":
        return ch, 1
    import unicodedata2

    if unicodedata2.combining(ch):
        return ch, 0
    return ch, 2 if unicodedata2.east_asian_width(ch) in ("W", "F") else 1


def printable(text: str) -> str:
    """``text`` as the quoted lines show it: what cannot be seen as ``<U+XXXX>``."""
    return "".join(_cells(ch)[0] for ch in text)


def snippet(document, finding, context) -> str:
    """The finding's line, numbered, with carets under its characters.

    Only a window of the line around the finding is rendered (``BEFORE``
    characters before it, ``AFTER`` after), so a long line costs no more than a short one.
    """
    text = document.text
    starts = document.line_starts
    line_start = starts[finding.line - 1]
    line_end = starts[finding.line] if finding.line < len(starts) else len(text)
    while line_end > line_start and text[line_end - 1] in "\r\n":
        line_end -= 1
    start = finding.offset if finding.offset >= 0 else line_start + finding.column - 1
    end = finding.end_offset if finding.end_offset > start else start + 1
    end = min(end, line_end, start + AFTER)
    lo_char = max(line_start, start - BEFORE)
    hi_char = min(line_end, end + AFTER)
    before = [_cells(ch) for ch in text[lo_char:start]]
    span = [_cells(ch) for ch in text[start:end]]
    after = [_cells(ch) for ch in text[end:hi_char]]
    lead = "\u2026" if lo_char > line_start else ""
    shown = lead + "".join(p for p, _ in before + span + after) + ("\u2026" if hi_char < line_end else "")
    lo = len(lead) + sum(w for _, w in before)
    width = max(1, sum(w for _, w in span))
    number = str(finding.line)
    gutter = " " * len(number)
    bar = _style(context, "34;1", "|")
    label = finding.code
    hidden = [c for c in finding.text if _hidden(c) and c not in "\r\n"]
    if hidden:
        from spamgate.ucd import char_name

        label += ": " + ", ".join(char_name(c) for c in dict.fromkeys(hidden))
    carets = _style(context, SEVERITY_STYLE.get(finding.severity, "33;1"), "^" * width + " " + label)
    return (f"{gutter} {bar}\n{_style(context, '34;1', number)} {bar} {shown}\n"
            f"{gutter} {bar} {' ' * lo}{carets}\n")
