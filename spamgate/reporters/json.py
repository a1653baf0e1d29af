"""JSON report: the public, versioned schema.

{"version": 1, "profile": ..., "files": [{"path", "verdict", "score", "failed",
 "reasons", "findings": [{"code", "name", "severity", "line", "column",
 "end_line", "end_column", "text", "suggestion", "message", "characters",
 "weight", "location"}]}]}
Fields are only ever added, never removed or changed in meaning.
"""
from __future__ import annotations

import json

SCHEMA_VERSION = 1


def report(results, stream, context) -> None:
    data = {
        "version": SCHEMA_VERSION,
        "profile": context.profile,
        "files": [r.to_json() for r in results],
    }
    json.dump(data, stream, ensure_ascii=False, indent=2)
    stream.write("\n")
