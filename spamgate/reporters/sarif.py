"""SARIF 2.1.0 report, as GitHub code scanning and other SARIF viewers read it.

One run; ``tool.driver.rules`` lists every check with its descriptions and
help; each finding is a result with its rule, level, message, a region in
code points (``columnKind: unicodeCodePoints``) and a ``partialFingerprints``
entry that stays the same when the finding's line moves.  Paths under the
working directory are written relative to ``%SRCROOT%``.  Each rule carries
``precision`` and ``security-severity`` derived from its declaration, and a
``helpUri`` to its page (docs/rules/<CODE>.md) when the rules' address is
known.  A file too large to scan is a result of its own (``not-scanned``), and
the invocation is not successful when a file could not be scanned or read.
"""
from __future__ import annotations

import json
import os
from urllib.parse import quote

SARIF_SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
FINGERPRINT_KEY = "spamgateFindingHash/v1"
LEVELS = {"error": "error", "warning": "warning", "info": "note"}


def artifact_location(path: str, cwd: str) -> dict:
    if path == "-":
        return {"uri": "stdin"}
    absolute = os.path.abspath(path)
    rel = os.path.relpath(absolute, cwd) if not path.startswith("-") else path
    if not rel.startswith(".." + os.sep) and rel != ".." and not os.path.isabs(rel):
        return {"uri": quote(rel.replace(os.sep, "/")), "uriBaseId": "%SRCROOT%"}
    from pathlib import Path

    return {"uri": Path(absolute).as_uri()}


MAX_DESCRIPTION = 1000  # GitHub code scanning cuts rule descriptions longer than this
PRECISION = {"error": "high", "warning": "medium", "info": "low"}
SECURITY_BASE = {"error": 7.0, "warning": 4.0, "info": 1.0}
NOT_SCANNED = "not-scanned"  # the result of a file too large to scan


def precision(check) -> str:
    """How rarely the check is wrong, from its severity: only confident checks are errors."""
    return PRECISION.get(check.severity, "medium")


def security_severity(check) -> str:
    """0.0-10.0 for code scanning: the severity's base plus a quarter of the weight
    (capped at 8), so an error is high (7-9), a warning medium, information low."""
    return f"{SECURITY_BASE.get(check.severity, 4.0) + min(check.weight, 8.0) * 0.25:.1f}"


def _short(text: str, limit: int = MAX_DESCRIPTION) -> str:
    """``text`` on one line, cut at a sentence (else a word) so it stays under ``limit``."""
    text = " ".join(text.split())
    if len(text) < limit:
        return text
    cut = text.rfind(". ", 0, limit - 1)
    if cut < limit // 2:
        cut = text.rfind(" ", 0, limit - 2)
        return text[:cut] + "\u2026"
    return text[:cut + 1]


def rules_url() -> str | None:
    """Where the rule pages (docs/rules/<CODE>.md of this repository) are
    published, from the SPAMGATE_RULES_URL environment variable: helpUri is
    that address + /<CODE>.md."""
    import os

    url = os.environ.get("SPAMGATE_RULES_URL", "").strip()
    return url.rstrip("/") or None


def _rule(check, base: str | None) -> dict:
    doc = check.doc.strip() or check.summary
    rule = {
        "id": check.code,
        "name": "".join(part.capitalize() for part in check.name.split("-")),
        "shortDescription": {"text": _short(check.summary)},
        "fullDescription": {"text": _short(check.reports.strip() or check.summary)},
        "help": {"text": f"{check.summary}\n\n{doc}", "markdown": f"**{check.code} {check.name}**: {check.summary}\n\n{doc}"},
        "defaultConfiguration": {"level": LEVELS.get(check.severity, "warning")},
        "properties": {"tags": [check.name, check.family], "weight": check.weight,
                       "precision": precision(check), "security-severity": security_severity(check),
                       "problem.severity": {"info": "recommendation"}.get(check.severity, check.severity)},
    }
    if base:
        rule["helpUri"] = f"{base}/{check.code}.md"
    return rule


_NOT_SCANNED_RULE = {
    "id": NOT_SCANNED,
    "name": "NotScanned",
    "shortDescription": {"text": "A file was too large to scan, so it fails."},
    "fullDescription": {"text": "The file is larger than max-file-size; spamgate did not read it and "
                                "counts it as failing rather than letting it pass unchecked."},
    "help": {"text": "Raise the limit (--max-file-size BYTES, or max-file-size in [tool.spamgate]) "
                     "or leave the file out (exclude in [tool.spamgate])."},
    "defaultConfiguration": {"level": "error"},
    "properties": {"precision": "very-high", "security-severity": "5.0", "problem.severity": "error"},
}


def fingerprint(code: str, uri: str, context: str, text: str, occurrence: int) -> str:
    from spamgate.reporters import finding_hash

    return f"{finding_hash(code, uri, context, text)[:32]}:{occurrence}"


def build(results, context) -> dict:
    from spamgate import __version__
    from spamgate.registry import all_checks
    from spamgate.reporters import is_error, line_of, statistics_json

    cwd = context.cwd
    checks = all_checks()
    codes = list(checks)
    index = {code: i for i, code in enumerate(codes)}
    base = rules_url()
    sarif_results = []
    notifications = []
    verdicts = []
    for r in results:
        location = artifact_location(r.path, cwd)
        if r.skipped is not None:
            if r.skipped.is_notable or r.failed:
                notifications.append({
                    "level": "error" if r.skipped.is_error or r.failed else "warning",
                    "message": {"text": f"{r.path}: {r.skipped.message}"},
                    "locations": [{"physicalLocation": {"artifactLocation": location}}],
                })
            if r.failed:
                sarif_results.append({
                    "ruleId": NOT_SCANNED, "ruleIndex": len(codes), "level": "error",
                    "message": {"text": r.skipped.message},
                    "locations": [{"physicalLocation": {"artifactLocation": dict(location), "region": {"startLine": 1}}}],
                    "partialFingerprints": {FINGERPRINT_KEY: fingerprint(NOT_SCANNED, location["uri"], "", "", 1)},
                })
                verdicts.append({"path": r.path, "verdict": None, "score": None, "failed": True,
                                 "reasons": [r.skipped.message]})
            continue
        for e in r.errors:
            notifications.append({
                "level": "error",
                "message": {"text": f"{r.path}: internal error in rule {e.rule}: {e.error}"},
                "locations": [{"physicalLocation": {"artifactLocation": location}}],
            })
        seen: dict[tuple, int] = {}
        for f in r.findings:
            line_text = line_of(r, f)
            if f.line > 0 and f.location != "path":
                region = {"startLine": f.line, "startColumn": f.column,
                          "endLine": max(f.end_line, f.line), "endColumn": f.end_column}
                if region["endLine"] == region["startLine"] and region["endColumn"] < region["startColumn"]:
                    region["endColumn"] = region["startColumn"]
                if f.text:
                    region["snippet"] = {"text": f.text}
            else:
                # About the file name (or the commit subject): code scanning needs a
                # region, so the finding is shown on the first line of the file.
                region = {"startLine": 1}
            key = (f.code, line_text.strip(), f.text)
            seen[key] = seen.get(key, 0) + 1
            result = {
                "ruleId": f.code,
                "level": LEVELS.get(f.severity, "warning"),
                "message": {"text": f.message + (f" (suggestion: {f.suggestion})" if f.suggestion and f.suggestion not in f.message else "")},
                "locations": [{"physicalLocation": {"artifactLocation": dict(location), "region": region}}],
                "partialFingerprints": {FINGERPRINT_KEY: fingerprint(f.code, location["uri"], line_text, f.text, seen[key])},
                "properties": {"name": f.name, "weight": f.weight, "location": f.location},
            }
            if f.code in index:
                result["ruleIndex"] = index[f.code]
            if f.characters:
                result["properties"]["characters"] = list(f.characters)
            sarif_results.append(result)
        if r.verdict.verdict != "clean" or r.failed:
            verdicts.append({"path": r.path, "verdict": r.verdict.verdict, "score": r.verdict.score,
                             "failed": r.failed, "reasons": r.verdict.reasons})
    invocation = {"executionSuccessful": not any(is_error(r) for r in results)}
    if notifications:
        invocation["toolExecutionNotifications"] = notifications
    properties = {"profile": context.profile, "verdicts": verdicts}
    if context.statistics:
        properties["statistics"] = statistics_json(results)
    if context.baselined:
        properties["baselined"] = context.baselined
    run = {
        "tool": {"driver": {
            "name": "spamgate",
            "version": __version__,
            "semanticVersion": __version__,
            "rules": [_rule(checks[c], base) for c in codes] + [_NOT_SCANNED_RULE],
        }},
        "originalUriBaseIds": {"%SRCROOT%": {"uri": _dir_uri(cwd)}},
        "columnKind": "unicodeCodePoints",
        "invocations": [invocation],
        "results": sarif_results,
        "properties": properties,
    }
    return {"$schema": SARIF_SCHEMA, "version": "2.1.0", "runs": [run]}


def _dir_uri(directory: str) -> str:
    from pathlib import Path

    uri = Path(os.path.abspath(directory)).as_uri()
    return uri if uri.endswith("/") else uri + "/"


def report(results, stream, context) -> None:
    # ASCII (other characters escaped): a report left in the work tree holds no
    # look-alikes for a later check of the tree to find.
    json.dump(build(results, context), stream, ensure_ascii=True, indent=2)
    stream.write("\n")
