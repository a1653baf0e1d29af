"""SARIF 2.1.0 report, as GitHub code scanning and other SARIF viewers read it.

One run; ``tool.driver.rules`` lists every check with its descriptions and
help; each finding is a result with its rule, level, message, a region in
code points (``columnKind: unicodeCodePoints``) and a ``partialFingerprints``
entry that stays the same when the finding's line moves.  Paths under the
working directory are written relative to ``%SRCROOT%``.
"""
from __future__ import annotations

import hashlib
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


def _rule(check) -> dict:
    doc = check.doc.strip() or check.summary
    return {
        "id": check.code,
        "name": "".join(part.capitalize() for part in check.name.split("-")),
        "shortDescription": {"text": check.summary},
        "fullDescription": {"text": doc},
        "help": {"text": f"{check.summary}\n\n{doc}", "markdown": f"**{check.code} {check.name}**: {check.summary}\n\n{doc}"},
        "defaultConfiguration": {"level": LEVELS.get(check.severity, "warning")},
        "properties": {"tags": [check.name, check.family], "weight": check.weight},
    }


def fingerprint(code: str, uri: str, context: str, text: str, occurrence: int) -> str:
    digest = hashlib.sha256("\0".join((code, uri, context.strip(), text)).encode("utf-8", "surrogatepass")).hexdigest()
    return f"{digest[:32]}:{occurrence}"


def build(results, context) -> dict:
    from spamgate import __version__
    from spamgate.registry import all_checks

    cwd = (context.extra or {}).get("cwd") or os.getcwd()
    checks = all_checks()
    codes = list(checks)
    index = {code: i for i, code in enumerate(codes)}
    sarif_results = []
    notifications = []
    verdicts = []
    for r in results:
        location = artifact_location(r.path, cwd)
        if r.skipped is not None:
            if r.skipped.is_notable:
                notifications.append({
                    "level": "error" if r.skipped.is_error else "warning",
                    "message": {"text": f"{r.path}: {r.skipped.message}"},
                    "locations": [{"physicalLocation": {"artifactLocation": location}}],
                })
            continue
        for e in r.errors:
            notifications.append({
                "level": "error",
                "message": {"text": f"{r.path}: internal error in rule {e.rule}: {e.error}"},
                "locations": [{"physicalLocation": {"artifactLocation": location}}],
            })
        seen: dict[tuple, int] = {}
        for f in r.findings:
            physical: dict = {"artifactLocation": dict(location)}
            line_text = ""
            if f.line > 0 and f.location != "path":
                region = {"startLine": f.line, "startColumn": f.column,
                          "endLine": max(f.end_line, f.line), "endColumn": f.end_column}
                if region["endLine"] == region["startLine"] and region["endColumn"] < region["startColumn"]:
                    region["endColumn"] = region["startColumn"]
                if f.text:
                    region["snippet"] = {"text": f.text}
                physical["region"] = region
                if r.document is not None:
                    try:
                        line_text = r.document.line_text(f.line)
                    except IndexError:
                        line_text = ""
            key = (f.code, line_text.strip(), f.text)
            seen[key] = seen.get(key, 0) + 1
            result = {
                "ruleId": f.code,
                "level": LEVELS.get(f.severity, "warning"),
                "message": {"text": f.message + (f" (suggestion: {f.suggestion})" if f.suggestion and f.suggestion not in f.message else "")},
                "locations": [{"physicalLocation": physical}],
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
    invocation = {"executionSuccessful": not any(r.errors for r in results)}
    if notifications:
        invocation["toolExecutionNotifications"] = notifications
    run = {
        "tool": {"driver": {
            "name": "spamgate",
            "version": __version__,
            "semanticVersion": __version__,
            "rules": [_rule(checks[c]) for c in codes],
        }},
        "originalUriBaseIds": {"%SRCROOT%": {"uri": _dir_uri(cwd)}},
        "columnKind": "unicodeCodePoints",
        "invocations": [invocation],
        "results": sarif_results,
        "properties": {"profile": context.profile, "verdicts": verdicts},
    }
    return {"$schema": SARIF_SCHEMA, "version": "2.1.0", "runs": [run]}


def _dir_uri(directory: str) -> str:
    from pathlib import Path

    uri = Path(os.path.abspath(directory)).as_uri()
    return uri if uri.endswith("/") else uri + "/"


def report(results, stream, context) -> None:
    json.dump(build(results, context), stream, ensure_ascii=False, indent=2)
    stream.write("\n")
