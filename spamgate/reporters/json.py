"""JSON report: the public, versioned schema.

{"version": 1, "profile": ..., "summary": {...}, "files": [{"path", "verdict",
 "score", "failed", "reasons", "findings": [{"code", "name", "severity",
 "line", "column", "end_line", "end_column", "text", "suggestion", "message",
 "characters", "weight", "location"}]}], "statistics": [...] (--statistics)}
Fields are only ever added, never removed or changed in meaning.

The document is written as ``json.dump(..., ensure_ascii=False, indent=2)``
writes it, byte for byte, but a file's entry at a time: strings are escaped by
the json module's C function, and each finding is filled into a template
rather than passed through the json module's pure-Python indenting encoder
(which writes each token to the stream on its own).
"""
from __future__ import annotations

from json.encoder import encode_basestring as _string

from spamgate.reporters import statistics_json, summarize

SCHEMA_VERSION = 1
_INDENT = "  "
_FINDING_PAD = _INDENT * 4  # "files" > a file > "findings" > a finding
_INF = float("inf")


def report(results, stream, context) -> None:
    summary = summarize(results)
    data = {
        "version": SCHEMA_VERSION,
        "profile": context.profile,
        "summary": {"files": len(results), "scanned": summary.scanned, "findings": summary.findings,
                    "failing": summary.failing, "not_scanned": summary.not_scanned,
                    "baselined": context.baselined},
        "files": [r.to_json(finding_json=_finding) for r in results],
    }
    if context.statistics:
        data["statistics"] = statistics_json(results)
    # The document as _encode writes it, each entry of a list at the top written as it is made.
    write = stream.write
    write("{\n")
    for n, (key, value) in enumerate(data.items()):
        write(("" if n == 0 else ",\n") + _INDENT + _string(key) + ": ")
        items = value if type(value) is list and value else None
        if items is None:
            out: list[str] = []
            _encode(value, out, _INDENT)
            write("".join(out))
            continue
        write("[\n")
        for i, item in enumerate(items):
            out = [",\n" + _INDENT * 2 if i else _INDENT * 2]
            _encode(item, out, _INDENT * 2)
            write("".join(out))
        write("\n" + _INDENT + "]")
    write("\n}\n")


class _Encoded(str):
    """JSON text already written at its place in the document."""

    __slots__ = ()


def _encode(value, out: list, pad: str) -> None:
    """``value`` as ``json.dumps(value, ensure_ascii=False, indent=2)`` writes it at indentation ``pad``."""
    kind = type(value)
    if kind is str:
        out.append(_string(value))
    elif kind is _Encoded:
        out.append(value)
    elif kind is dict or kind is list or kind is tuple:
        if not value:
            out.append("{}" if kind is dict else "[]")
            return
        inner = pad + _INDENT
        out.append("{\n" if kind is dict else "[\n")
        first = True
        for item in value.items() if kind is dict else value:
            out.append(inner if first else ",\n" + inner)
            first = False
            if kind is dict:
                out.append(_string(item[0]) + ": ")
                item = item[1]
            _encode(item, out, inner)
        out.append("\n" + pad + ("}" if kind is dict else "]"))
    else:
        out.append(_scalar(value))


def _scalar(value) -> str:
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if type(value) is int:
        return int.__repr__(value)
    if type(value) is float:
        if value != value or value in (_INF, -_INF):  # as the json module spells them
            return "NaN" if value != value else ("Infinity" if value > 0 else "-Infinity")
        return float.__repr__(value)
    raise TypeError(f"cannot write {type(value).__name__} as JSON")


def _strings(items, pad: str) -> str:
    if not items:
        return "[]"
    inner = pad + _INDENT
    return "[\n" + inner + (",\n" + inner).join(map(_string, items)) + "\n" + pad + "]"


def _finding(f) -> _Encoded:
    """``Finding.to_json`` of ``f``, written at its place in a file's findings."""
    p = _FINDING_PAD + _INDENT
    s = _string
    suggestion = "null" if f.suggestion is None else s(f.suggestion)
    return _Encoded(
        f'{{\n{p}"code": {s(f.code)},\n{p}"name": {s(f.name)},\n{p}"severity": {s(f.severity)},\n'
        f'{p}"line": {_scalar(f.line)},\n{p}"column": {_scalar(f.column)},\n{p}"end_line": {_scalar(f.end_line)},\n'
        f'{p}"end_column": {_scalar(f.end_column)},\n{p}"text": {s(f.text)},\n{p}"suggestion": {suggestion},\n'
        f'{p}"message": {s(f.message)},\n{p}"characters": {_strings(f.characters, p)},\n'
        f'{p}"weight": {_scalar(f.weight)},\n{p}"location": {s(f.location)}\n{_FINDING_PAD}}}')
