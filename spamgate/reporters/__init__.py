"""Reporters turn file results into output.  Each module has ``report(results, stream, context)``.

The helpers here are what every format says the same way: the summary of a
run, the findings per rule, which files failed, and a finding's fingerprint.
"""
from __future__ import annotations

import importlib

from typing import NamedTuple

FORMATS = {
    "text": "spamgate.reporters.text",
    "concise": "spamgate.reporters.text",
    "json": "spamgate.reporters.json",
    "sarif": "spamgate.reporters.sarif",
    "github": "spamgate.reporters.github",
    "gitlab": "spamgate.reporters.gitlab",
    "junit": "spamgate.reporters.junit",
}


def use_color(choice: str = "auto", stream=None) -> bool:
    """Whether to color text output: ``always``, ``never``, or ``auto`` (a terminal,
    unless the NO_COLOR environment variable is set to a non-empty value)."""
    import os
    import sys

    if choice == "always":
        return True
    if choice == "never":
        return False
    if os.environ.get("NO_COLOR", ""):
        return False
    stream = sys.stdout if stream is None else stream
    try:
        return stream.isatty() and os.environ.get("TERM", "") != "dumb"
    except (AttributeError, ValueError):
        return False


class ReportContext(NamedTuple):
    profile: str = "commit"
    color: bool = False
    verbose: bool = False
    statistics: bool = False
    extra: dict | None = None  # reporter-specific values, e.g. {"cwd": ...}
    snippets: bool = True  # text: show the source line under each finding
    baselined: int = 0  # findings left out because the baseline holds them

    @property
    def cwd(self) -> str:
        import os

        return (self.extra or {}).get("cwd") or os.getcwd()


def get(name: str):
    return importlib.import_module(FORMATS[name])


# --------------------------------------------------------------------------- shared by the formats


def not_scanned_fails(result) -> bool:
    """A file that was not scanned and fails the run for it (too large to scan)."""
    return result.skipped is not None and result.failed


def is_error(result) -> bool:
    """A file that makes the run incomplete: unreadable, not scanned, or a rule failed on it."""
    return bool(result.errors) or (result.skipped is not None and (result.skipped.is_error or result.failed))


class Summary(NamedTuple):
    findings: int
    files_with_findings: int
    scanned: int
    failing: int  # scanned files that fail
    not_scanned: int  # files that fail because they were not scanned

    def sentence(self, profile: str, baselined: int = 0) -> str:
        def n(count: int, word: str) -> str:
            return f"{count} {word}{'' if count == 1 else 's'}"

        if self.findings:
            text = (f"Found {n(self.findings, 'finding')} in {self.files_with_findings} of "
                    f"{n(self.scanned, 'file')} ({self.failing} failing under the {profile} profile)")
        elif self.scanned:
            text = f"{'No' if self.not_scanned else 'All clear: no'} findings in {n(self.scanned, 'file')}"
        else:
            text = "No text files checked"
        if self.not_scanned:
            text += f"; {n(self.not_scanned, 'file')} too large to scan, failing"
        if baselined:
            text += f"; {n(baselined, 'finding')} already in the baseline not shown"
        return text + "."


def summarize(results) -> Summary:
    scanned = [r for r in results if r.skipped is None]
    return Summary(
        findings=sum(len(r.findings) for r in scanned),
        files_with_findings=sum(1 for r in scanned if r.findings),
        scanned=len(scanned),
        failing=sum(1 for r in scanned if r.failed),
        not_scanned=sum(1 for r in results if not_scanned_fails(r)),
    )


def statistics(results) -> list[tuple[str, str, int]]:
    """(code, name, count) of the findings per rule, most frequent first."""
    counts: dict[tuple[str, str], int] = {}
    for r in results:
        for f in r.findings:
            counts[(f.code, f.name)] = counts.get((f.code, f.name), 0) + 1
    return [(code, name, n) for (code, name), n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))]


def statistics_json(results) -> list[dict]:
    return [{"code": code, "name": name, "count": n} for code, name, n in statistics(results)]


def finding_hash(code: str, where: str, line_text: str, text: str) -> str:
    """A finding's identity that survives lines moving: its rule, its file, the
    content of its line and its text -- not its line number."""
    import hashlib

    key = "\0".join((code, where, line_text.strip(), text))
    return hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()


def line_of(result, finding) -> str:
    """The text of a finding's line ("" for a finding about the file name)."""
    if finding.line <= 0 or finding.location == "path" or result.document is None:
        return ""
    try:
        return result.document.line_text(finding.line)
    except IndexError:
        return ""


def relative_path(path: str, cwd: str) -> str:
    """``path`` relative to ``cwd`` with ``/`` separators, when it is under ``cwd``."""
    import os

    if path == "-":
        return path
    rel = os.path.relpath(os.path.abspath(path), cwd)
    if rel == ".." or rel.startswith(".." + os.sep) or os.path.isabs(rel):
        return os.path.abspath(path).replace(os.sep, "/")
    return rel.replace(os.sep, "/")


def verdict_line(result) -> str:
    """``verdict spam (score 24.5): SG201 promotional-closer x1 (+8); ...``"""
    reasons = "; ".join(result.verdict.reasons[:6])
    return f"verdict {result.verdict.verdict} (score {result.verdict.score:g})" + (f": {reasons}" if reasons else "")
