"""The decision log: one JSON object a line for every refused, suspicious,
queued or failed push (and every queue record the audit judges), appended to
the file named by ``log_file`` in the server config.

A record is one complete line or nothing: the line is written with a single
``write`` on a descriptor opened with O_APPEND, under an exclusive ``flock``
(so concurrent hooks never interleave), and a short write (a full disk, a file
size limit) is cut back off, so the next record never lands glued to half of
this one.
"""
from __future__ import annotations

import os
import time

MAX_LOGGED_REFS = 50


def utc_now() -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())


def inside(path: str, directory: str) -> bool:
    """True when ``path`` is ``directory`` or lies below it (symlinks resolved)."""
    path = os.path.realpath(path)
    directory = os.path.realpath(directory)
    return path == directory or path.startswith(directory.rstrip(os.sep) + os.sep)


def append(path: str, record: dict, forbidden_dir: str | None = None) -> str | None:
    """Append ``record`` as one JSON line; returns what went wrong, or None.

    ``forbidden_dir`` (the repository) is never written to, even when the
    configuration points there.
    """
    if forbidden_dir and inside(path, forbidden_dir):
        return f"log file {path} lies inside the repository; not written"
    import fcntl
    import json

    line = (json.dumps(record, ensure_ascii=True, sort_keys=False) + "\n").encode("ascii")
    try:
        fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT | getattr(os, "O_CLOEXEC", 0), 0o640)
    except OSError as exc:
        return f"cannot open log file {path}: {exc.strerror or exc}"
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        start = os.fstat(fd).st_size
        try:
            written = os.write(fd, line)
        except OSError as exc:
            _cut(fd, start)
            return f"cannot write log file {path}: {exc.strerror or exc}"
        if written != len(line):
            _cut(fd, start)
            return f"cannot write log file {path}: only {written} of {len(line)} bytes fit; the record was left out"
    except OSError as exc:
        return f"cannot write log file {path}: {exc.strerror or exc}"
    finally:
        os.close(fd)  # releases the lock
    return None


def _cut(fd: int, size: int) -> None:
    """Cut the file back to ``size`` bytes: a partial line never stays."""
    try:
        if os.fstat(fd).st_size > size:
            os.ftruncate(fd, size)
    except OSError:
        pass


def tell_admin(message: str) -> None:
    """A problem the admin must see and the pusher must not: to the system log (best effort)."""
    try:
        import syslog

        syslog.openlog("spamgate", syslog.LOG_PID, syslog.LOG_USER)
        syslog.syslog(syslog.LOG_ERR, message.encode("ascii", "backslashreplace").decode("ascii"))
    except (ImportError, OSError):
        pass


def _documents(hits) -> tuple[list[dict], list[dict]]:
    documents = [
        {"commit": h.commit, "path": h.path, "kind": h.kind, "verdict": h.result.verdict.verdict,
         "score": h.result.verdict.score, "reasons": h.result.verdict.reasons[:5], **({"notes": h.notes} if h.notes else {})}
        for h in hits[:10]
    ]
    findings = []
    for h in hits:
        for f in h.result.findings:
            if len(findings) >= 20:
                break
            findings.append({"commit": h.commit, "path": h.path, "code": f.code, "name": f.name,
                             "line": f.line, "column": f.column, "text": f.text[:200]})
    return documents, findings


def log_record(decision: str, reason: str, push, updates, report, elapsed: float, error: str | None = None) -> dict:
    """The decision log's record of one push (``report`` None when nothing was scanned)."""
    record = {
        "time": utc_now(),
        "decision": decision,
        "reason": reason,
        "repository": push.repository,
        "repository_path": push.repo_dir,
        "wiki": push.wiki,
        "pusher": push.pusher,
        "refs": [{"ref": u.ref, "old": u.old, "new": u.new} for u in updates[:MAX_LOGGED_REFS]],
        "ref_count": len(updates),
    }
    hits = (report.spam or report.suspicious) if report else []
    worst = max(hits, key=lambda h: h.result.verdict.score) if hits else None
    record["verdict"] = worst.result.verdict.verdict if worst else None
    record["score"] = worst.result.verdict.score if worst else None
    record["documents"], record["findings"] = _documents(hits)
    if report is not None:
        record["scanned"] = {"commits": report.commits, "documents": report.documents, "planned": report.planned,
                             "skipped": report.skipped, "suspicious": report.suspicious_count,
                             "replaced": report.replaced, "windowed": report.windowed,
                             "timed_out": report.timed_out, "complete": report.complete}
        if report.unjudged or not report.complete:
            record["unjudged"] = {
                "count": len(report.unjudged), "complete": report.complete,
                "examples": [{"kind": u.kind, "commit": u.commit, "blob": u.blob, "path": u.path, "reason": u.reason}
                             for u in report.unjudged[:10]]}
        if report.errors:
            record["errors"] = report.errors[:10]
    if error:
        record["error"] = error
    record["elapsed"] = round(elapsed, 3)
    return record
