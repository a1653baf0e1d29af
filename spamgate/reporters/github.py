"""GitHub Actions workflow annotations: ``::error file=F,line=L,col=C,...::message``.

GitHub shows only the first ten error annotations (and ten warnings) of a
step, so the order is: first the summary of the run, then one annotation per
file that fails or is judged spam or suspicious (its verdict and reasons, or
why it was not scanned), and only then one annotation per finding
(``error``, ``warning`` or ``notice`` by severity).  Messages escape ``%``,
CR and LF; properties also escape ``:`` and ``,``, so no text from a checked
file can end an annotation early or start a workflow command of its own.
"""
from __future__ import annotations

from spamgate.reporters import is_error, statistics, summarize, verdict_line

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
    summary = summarize(results)
    failed = summary.failing or summary.not_scanned or any(is_error(r) for r in results)
    text = summary.sentence(context.profile, context.baselined)
    if context.statistics:
        text += " By rule: " + ", ".join(f"{code} {name} x{n}" for code, name, n in statistics(results)) + "."
    write(command("error" if failed else "notice", text, title="spamgate"))
    # Each file's verdict before any finding.
    for r in results:
        if r.skipped is not None:
            if r.skipped.is_notable or r.failed:
                write(command("error" if r.skipped.is_error or r.failed else "warning", r.skipped.message,
                              file=r.path, title="spamgate: file not scanned"))
            continue
        for e in r.errors:
            write(command("error", f"internal error in rule {e.rule}: {e.error}", file=r.path,
                          title="spamgate internal error"))
        if r.failed or r.verdict.verdict != "clean":
            counts = f"{len(r.findings)} finding{'s' if len(r.findings) != 1 else ''}"
            state = f"fails under the {context.profile} profile" if r.failed else "passes"
            write(command("error" if r.failed else "warning", f"{counts}, {state}; {verdict_line(r)}",
                          file=r.path, title="spamgate: fails" if r.failed else f"spamgate: {r.verdict.verdict}"))
    for r in results:
        for f in r.findings:
            props = {"file": r.path}
            if f.line > 0 and f.location != "path":
                props.update(line=f.line, col=f.column, endLine=max(f.end_line, f.line), endColumn=f.end_column)
            props["title"] = f"{f.code} {f.name}"
            message = f.message
            if f.suggestion and f.suggestion not in message:
                message += f" (suggestion: {f.suggestion})"
            write(command(LEVELS.get(f.severity, "warning"), message, **props))
