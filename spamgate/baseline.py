"""A baseline: the findings a project already had, so that only new ones are reported.

``spamgate check --write-baseline FILE`` records every finding of a run;
``--baseline FILE`` (or the ``baseline`` setting) leaves out the findings the
file holds.  A finding is known by its fingerprint -- its code, its file
(relative to the baseline file's directory), its text and the content of its
line -- not by its line number, so a baseline survives lines being added or
moved.  Each fingerprint keeps a count: when a file holds the same finding
more often than the baseline says, the extra ones are new and reported.

The file is JSON, sorted, one entry per fingerprint, so that it diffs well,
and ASCII (other characters are written as ``\\uXXXX``)::

    {"version": 1, "findings": [{"fingerprint": "...", "count": 1, "code": "SG101",
      "path": "docs/intro.md", "text": "\\u0456ntrodu\\u0441tion"}, ...]}
"""
from __future__ import annotations

import os
from typing import NamedTuple

from spamgate.config import ConfigError

VERSION = 1


class BaselineError(ConfigError):
    """A baseline file that cannot be read or written; the message names it."""

    def __init__(self, message: str):
        super().__init__(None, None, message)


class Baseline(NamedTuple):
    path: str  # the baseline file
    counts: dict  # fingerprint -> how many findings it covers

    @property
    def root(self) -> str:
        return os.path.dirname(os.path.abspath(self.path))


def _where(path: str, root: str) -> str:
    if path == "-":
        return path
    return os.path.relpath(os.path.abspath(path), root).replace(os.sep, "/")


def fingerprints(result, root: str) -> list[str]:
    """The fingerprint of each finding of one file result, in order."""
    from spamgate.reporters import finding_hash, line_of

    where = _where(result.path, root)
    return [finding_hash(f.code, where, line_of(result, f), f.text) for f in result.findings]


def load(path: str) -> Baseline:
    import json

    try:
        with open(path, "rb") as f:
            data = json.loads(f.read().decode("utf-8"))
    except FileNotFoundError:
        raise BaselineError(f"{path}: no such baseline file (write one with --write-baseline {path})") from None
    except OSError as exc:
        raise BaselineError(f"{path}: cannot read: {exc.strerror or exc}") from None
    except (UnicodeDecodeError, ValueError) as exc:
        raise BaselineError(f"{path}: not a spamgate baseline (not valid JSON: {exc})") from None
    if not isinstance(data, dict) or not isinstance(data.get("findings"), list):
        raise BaselineError(f"{path}: not a spamgate baseline (no \"findings\" list)")
    if data.get("version") != VERSION:
        raise BaselineError(f"{path}: baseline version {data.get('version')!r} is not {VERSION}")
    counts: dict[str, int] = {}
    for n, entry in enumerate(data["findings"]):
        if not (isinstance(entry, dict) and isinstance(entry.get("fingerprint"), str)
                and isinstance(entry.get("count", 1), int) and not isinstance(entry.get("count", 1), bool)
                and entry.get("count", 1) > 0):
            raise BaselineError(f"{path}: findings[{n}]: expected a fingerprint and a positive count")
        counts[entry["fingerprint"]] = counts.get(entry["fingerprint"], 0) + entry.get("count", 1)
    return Baseline(path, counts)


def write(path: str, results) -> int:
    """Record every finding of ``results`` in a new baseline file; returns how many."""
    import json

    root = os.path.dirname(os.path.abspath(path))
    entries: dict[str, dict] = {}
    total = 0
    for r in results:
        for finding, fp in zip(r.findings, fingerprints(r, root)):
            total += 1
            entry = entries.get(fp)
            if entry is None:
                entries[fp] = {"fingerprint": fp, "count": 1, "code": finding.code,
                               "path": _where(r.path, root), "text": finding.text}
            else:
                entry["count"] += 1
    data = {"version": VERSION, "findings": sorted(entries.values(), key=lambda e: (e["path"], e["code"], e["fingerprint"]))}
    # ASCII only: the file quotes look-alike and invisible characters, and must
    # not itself be a file full of them (to a reader, or to a scan of the repository).
    text = json.dumps(data, ensure_ascii=True, indent=1) + "\n"
    from spamgate.fix import write_atomic

    try:
        write_atomic(path, text.encode("utf-8"))
    except OSError as exc:
        raise BaselineError(f"{path}: cannot write: {exc.strerror or exc}") from None
    return total


def apply(result, baseline: Baseline, rejudge) -> tuple[object, int]:
    """``result`` without the findings ``baseline`` holds, judged again by
    ``rejudge(findings) -> (verdict, failed)``; and how many were left out."""
    if not result.findings:
        return result, 0
    budget = dict(baseline.counts)
    kept = []
    for finding, fp in zip(result.findings, fingerprints(result, baseline.root)):
        if budget.get(fp, 0) > 0:
            budget[fp] -= 1
        else:
            kept.append(finding)
    dropped = len(result.findings) - len(kept)
    if not dropped:
        return result, 0
    verdict, failed = rejudge(kept)
    return result._replace(findings=kept, verdict=verdict, failed=failed), dropped
