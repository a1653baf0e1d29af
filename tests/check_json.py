"""What the bad-input tests share: two texts, and a check run with its JSON report."""
from __future__ import annotations

import json
from support import spamgate

# A sentence with three look-alike letters (Cyrillic o, e, a) inside English words.
LOOKALIKE = "How t\u043e find the b\u0435st model for your d\u0430ta pipeline\n"
PLAIN = "# Release notes\n\nThe parser now reads large files in one pass.\n"


def run_json(*args, **kwargs):
    proc = spamgate("check", "--format", "json", *args, **kwargs)
    assert "Traceback" not in proc.stderr, proc.stderr
    assert proc.returncode in (0, 1, 2), proc.stderr
    data = json.loads(proc.stdout) if proc.stdout.strip() else None
    return proc, data


def entry_for(data: dict, path) -> dict:
    [entry] = [f for f in data["files"] if f["path"] == str(path)]
    return entry


def positions(entry: dict) -> list[tuple]:
    return [(f["code"], f["line"], f["column"], f["end_line"], f["end_column"], f["text"])
            for f in entry["findings"]]
