"""GitLab Code Quality report: a JSON array of issues, as GitLab's merge
request widget and pipeline tab read it.

Each issue has ``description``, ``check_name``, ``fingerprint`` (unique in the
report, stable when lines move), ``severity`` (``info``, ``minor``,
``major``, ``critical`` or ``blocker``) and ``location`` (``path`` relative to
the working directory, ``lines.begin``).  A file that fails gets one more
issue carrying its verdict; a file too large to scan is an issue of its own.
"""
from __future__ import annotations

import json

from spamgate.reporters import finding_hash, line_of, relative_path, verdict_line

SEVERITIES = {"error": "major", "warning": "minor", "info": "info"}


def _issue(check_name: str, description: str, severity: str, path: str, line: int, key: str) -> dict:
    import hashlib

    return {
        "type": "issue",
        "engine_name": "spamgate",
        "check_name": check_name,
        "description": description,
        "categories": ["Security"],
        "severity": severity,
        "fingerprint": hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest(),
        "location": {"path": path, "lines": {"begin": max(1, line)}},
    }


def build(results, context) -> list[dict]:
    issues = []
    for r in results:
        path = relative_path(r.path, context.cwd)
        if r.skipped is not None:
            if r.failed or r.skipped.is_error:
                issues.append(_issue("spamgate:not-scanned", f"{r.path}: {r.skipped.message}",
                                     "major", path, 1, f"not-scanned\0{path}"))
            continue
        for e in r.errors:
            issues.append(_issue("spamgate:internal-error", f"internal error in rule {e.rule}: {e.error}",
                                 "major", path, 1, f"error\0{path}\0{e.rule}"))
        if r.failed:
            severity = "critical" if r.verdict.verdict == "spam" else "major"
            issues.append(_issue("spamgate:verdict", f"{r.path} fails under the {context.profile} profile: "
                                 f"{verdict_line(r)}", severity, path, 1, f"verdict\0{path}"))
        seen: dict[str, int] = {}
        for f in r.findings:
            digest = finding_hash(f.code, path, line_of(r, f), f.text)
            seen[digest] = seen.get(digest, 0) + 1
            line = f.line if f.location != "path" else 1
            issues.append(_issue(f"{f.code} {f.name}", f.message, SEVERITIES.get(f.severity, "minor"),
                                 path, line, f"{digest}:{seen[digest]}"))
    return issues


def report(results, stream, context) -> None:
    # ASCII (other characters escaped): a report left in the work tree holds no
    # look-alikes for a later check of the tree to find.
    json.dump(build(results, context), stream, ensure_ascii=True, indent=2)
    stream.write("\n")
