"""The engine: run every rule over a document and judge the result."""
from __future__ import annotations

import traceback
from dataclasses import dataclass, field
from typing import Iterable

from spamgate.model import Document, Finding
from spamgate.reader import Skipped
from spamgate.registry import all_rules
from spamgate.verdict import CLEAN, Thresholds, Verdict, fails, judge


@dataclass
class RuleError:
    rule: str
    error: str
    detail: str


@dataclass
class FileResult:
    """What spamgate found in one file (or commit message)."""

    path: str
    findings: list[Finding] = field(default_factory=list)
    verdict: Verdict = field(default_factory=lambda: Verdict(CLEAN, 0.0))
    failed: bool = False
    skipped: Skipped | None = None
    errors: list[RuleError] = field(default_factory=list)
    document: Document | None = None

    def to_json(self) -> dict:
        out = {
            "path": self.path,
            "verdict": self.verdict.verdict,
            "score": self.verdict.score,
            "failed": self.failed,
            "reasons": self.verdict.reasons,
            "findings": [f.to_json() for f in self.findings],
        }
        if self.skipped is not None:
            out["skipped"] = {"reason": self.skipped.reason, "message": self.skipped.message}
        if self.errors:
            out["errors"] = [{"rule": e.rule, "error": e.error} for e in self.errors]
        return out


def run_rules(document: Document, select: Iterable[str] | None = None) -> tuple[list[Finding], list[RuleError]]:
    """All findings of all (selected) rules, in document order."""
    wanted = None if select is None else set(select)
    findings: list[Finding] = []
    errors: list[RuleError] = []
    for rule in all_rules():
        if wanted is not None and not any(c.code in wanted for c in rule.checks):
            continue
        try:
            for finding in rule.run(document):
                if wanted is None or finding.code in wanted:
                    findings.append(finding)
        except Exception as exc:  # a rule bug must not lose the other rules' results
            errors.append(RuleError(rule.id, f"{type(exc).__name__}: {exc}", traceback.format_exc()))
    findings.sort(key=lambda f: (f.location != "path", f.line, f.column, f.code))
    return findings, errors


def scan_document(document: Document, profile: str = "commit", thresholds: Thresholds | None = None,
                  select: Iterable[str] | None = None) -> FileResult:
    findings, errors = run_rules(document, select)
    verdict = judge(findings, thresholds)
    return FileResult(
        path=document.path, findings=findings, verdict=verdict,
        failed=fails(profile, verdict, findings), errors=errors, document=document,
    )


def skipped_result(skipped: Skipped) -> FileResult:
    return FileResult(path=skipped.path, skipped=skipped, failed=False)
