"""From findings to a verdict: scores, thresholds and profiles.

Each finding carries a weight.  A document's score adds up the weights of its
findings, each check's total capped so that one kind of evidence alone cannot
run away with the score (like SpamAssassin's rule scores).  The verdict is
``spam`` at or above the spam threshold, ``suspicious`` at or above the
suspicious threshold, else ``clean``.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from spamgate.model import ERROR, Finding

SPAM = "spam"
SUSPICIOUS = "suspicious"
CLEAN = "clean"
VERDICTS = (SPAM, SUSPICIOUS, CLEAN)

COMMIT = "commit"
PUSH = "push"
PROFILES = (COMMIT, PUSH)

# Most one check can add to a score, whatever the number of its findings.
DEFAULT_CAP = 8.0


@dataclass
class Thresholds:
    spam: float = 10.0
    suspicious: float = 4.0


@dataclass
class Verdict:
    verdict: str
    score: float
    reasons: list[str] = field(default_factory=list)


def score(findings: list[Finding], caps: dict[str, float] | None = None) -> tuple[float, list[str]]:
    """The score of a set of findings and the reasons, biggest first."""
    per_code: dict[str, list[Finding]] = {}
    for f in findings:
        per_code.setdefault(f.code, []).append(f)
    parts = []
    for code, group in per_code.items():
        cap = (caps or {}).get(code, DEFAULT_CAP)
        total = min(cap, sum(f.weight for f in group))
        if total > 0:
            parts.append((total, code, group[0].name, len(group)))
    parts.sort(key=lambda p: (-p[0], p[1]))
    reasons = [f"{code} {name} x{n} (+{total:g})" for total, code, name, n in parts]
    return round(sum(p[0] for p in parts), 2), reasons


def judge(findings: list[Finding], thresholds: Thresholds | None = None) -> Verdict:
    thresholds = thresholds or Thresholds()
    total, reasons = score(findings)
    if total >= thresholds.spam:
        verdict = SPAM
    elif total >= thresholds.suspicious:
        verdict = SUSPICIOUS
    else:
        verdict = CLEAN
    return Verdict(verdict, total, reasons)


def fails(profile: str, verdict: Verdict, findings: list[Finding]) -> bool:
    """Whether a document fails under a profile.

    ``commit``: any error-level finding fails, so authors fix every look-alike.
    ``push``: only a ``spam`` verdict fails.
    """
    if profile == PUSH:
        return verdict.verdict == SPAM
    return any(f.severity == ERROR for f in findings)
