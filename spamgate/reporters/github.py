"""GitHub Actions workflow annotations: ``::error file=F,line=L,col=C,...::message``.

Each finding becomes one annotation on its file and region (``error``,
``warning`` or ``notice`` by severity); a document judged spam or suspicious
gets one more on the file.  Messages escape ``%``, CR and LF; properties also
escape ``:`` and ``,``, so no text from a checked file can end an annotation
early or start a workflow command of its own.
"""
from __future__ import annotations

LEVELS = {"error": "error", "warning": "warning", "info": "notice"}


def escape_data(s: str) -> str:
    return s.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(s: str) -> str:
    return escape_data(s).replace(":", "%3A").replace(",", "%2C")


def command(level: str, message: str, **props) -> str:
    parts = ",".join(f"{k}={escape_property(str(v))}" for k, v in props.items() if v is not None)
    return f"::{level}{' ' + parts if parts else ''}::{escape_data(message)}\n"


def report(results, stream, context) -> None:
    write = stream.write
    for r in results:
        if r.skipped is not None:
            if r.skipped.is_notable:
                write(command("error" if r.skipped.is_error else "warning", r.skipped.message,
                              file=r.path, title="spamgate: file not scanned"))
            continue
        for e in r.errors:
            write(command("error", f"internal error in rule {e.rule}: {e.error}", file=r.path, title="spamgate internal error"))
        for f in r.findings:
            props = {"file": r.path}
            if f.line > 0 and f.location != "path":
                props.update(line=f.line, col=f.column, endLine=max(f.end_line, f.line), endColumn=f.end_column)
            props["title"] = f"{f.code} {f.name}"
            message = f.message
            if f.suggestion and f.suggestion not in message:
                message += f" (suggestion: {f.suggestion})"
            write(command(LEVELS.get(f.severity, "warning"), message, **props))
        if r.verdict.verdict != "clean":
            level = "error" if r.failed else "warning"
            write(command(level, f"verdict {r.verdict.verdict} (score {r.verdict.score:g}): " + "; ".join(r.verdict.reasons[:6]),
                          file=r.path, title=f"spamgate: {r.verdict.verdict}"))
    if context.statistics:
        from spamgate.reporters.text import statistics

        statistics(results, stream)
