"""JSON report: the public, versioned schema.

{"version": 1, "profile": ..., "summary": {...}, "files": [{"path", "verdict",
 "score", "failed", "reasons", "findings": [{"code", "name", "severity",
 "line", "column", "end_line", "end_column", "text", "suggestion", "message",
 "characters", "weight", "location"}]}], "statistics": [...] (--statistics)}
Fields are only ever added, never removed or changed in meaning.
"""
from __future__ import annotations

import json

from spamgate.reporters import statistics_json, summarize

SCHEMA_VERSION = 1


def report(results, stream, context) -> None:
    summary = summarize(results)
    data = {
        "version": SCHEMA_VERSION,
        "profile": context.profile,
        "summary": {"files": len(results), "scanned": summary.scanned, "findings": summary.findings,
                    "failing": summary.failing, "not_scanned": summary.not_scanned,
                    "baselined": context.baselined},
        "files": [r.to_json() for r in results],
    }
    if context.statistics:
        data["statistics"] = statistics_json(results)
    json.dump(data, stream, ensure_ascii=False, indent=2)
    stream.write("\n")
