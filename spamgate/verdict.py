"""From findings to a verdict: scores, thresholds and profiles.

Each finding carries a weight.  A document's score adds up the weights of its
findings, as SpamAssassin adds rule scores, with two limits so that one kind
of evidence cannot run away with the score, both declared by each check
(``Check.cap`` and ``Check.group``):

- each check's total is capped, so fifty look-alike words count little more
  than ten;
- related checks share a group cap: all the look-alike letter checks together
  add at most their group's cap, below the spam threshold, so a document about
  homoglyphs full of examples is at most ``suspicious`` until other evidence
  of the spam genre joins in.

The verdict is ``spam`` at or above the spam threshold, ``suspicious`` at or
above the suspicious threshold, else ``clean``.  The reasons list each check's
contribution, biggest first: ``SG201 promotional-closer x1 (+8)``.

Profiles decide what fails:

- ``commit`` (``spamgate check`` and the pre-commit hook): any error-level
  finding fails, so authors fix every look-alike letter they typed;
- ``push`` (server side): only a ``spam`` verdict fails, so a legitimate
  document with an accidental look-alike or a call to action is never refused.
"""
from __future__ import annotations

from typing import NamedTuple

from spamgate.model import ERROR, Finding
from spamgate.settings.schema import Thresholds  # declared with the settings, which give its defaults

SPAM = "spam"
SUSPICIOUS = "suspicious"
CLEAN = "clean"
VERDICTS = (SPAM, SUSPICIOUS, CLEAN)

COMMIT = "commit"
PUSH = "push"
PROFILES = (COMMIT, PUSH)

# The cap of a finding whose code no rule declares (only tests make such findings).
UNDECLARED_CAP = 8.0


DEFAULT_THRESHOLDS = Thresholds()


class Verdict(NamedTuple):
    verdict: str
    score: float
    reasons: list[str] | tuple = ()

    def to_json(self) -> dict:
        return {"verdict": self.verdict, "score": self.score, "reasons": list(self.reasons)}


NO_EVIDENCE = Verdict(CLEAN, 0, ())


def contributions(findings: list[Finding], caps: dict[str, float] | None = None) -> list[tuple[float, str, str, int, str]]:
    """(points, code, name, count, note) for each check with findings, biggest first."""
    from spamgate.registry import all_checks

    declared = all_checks()
    per_code: dict[str, list[Finding]] = {}
    for f in findings:
        per_code.setdefault(f.code, []).append(f)
    raw: dict[str, float] = {}
    notes: dict[str, str] = {}
    groups: dict = {}
    for code, group in per_code.items():
        check = declared.get(code)
        cap = (caps or {}).get(code, check.cap if check is not None else UNDECLARED_CAP)
        total = sum(max(0.0, f.weight) for f in group)
        raw[code] = min(cap, total)
        if total > cap:
            notes[code] = f"capped at {cap:g}"
        if check is not None and check.group is not None:
            groups.setdefault(check.group, []).append(code)
    # Group caps: members share the cap in proportion to their own totals.
    for (name, cap), members in groups.items():
        total = sum(raw[c] for c in members)
        if total > cap:
            for c in members:
                raw[c] = raw[c] * cap / total
                notes[c] = f"{name} capped at {cap:g}"
    parts = []
    for code, points in raw.items():
        points = round(points, 2)
        if points > 0:
            group = per_code[code]
            parts.append((points, code, group[0].name, len(group), notes.get(code, "")))
    parts.sort(key=lambda p: (-p[0], p[1]))
    return parts


def score(findings: list[Finding], caps: dict[str, float] | None = None) -> tuple[float, list[str]]:
    """The score of a set of findings and the reasons, biggest first."""
    parts = contributions(findings, caps)
    reasons = [f"{code} {name} x{n} (+{points:g}{', ' + note if note else ''})" for points, code, name, n, note in parts]
    return round(sum(p[0] for p in parts), 2), reasons


def judge(findings: list[Finding], thresholds: Thresholds | None = None) -> Verdict:
    """The verdict on one document's findings (under the default thresholds unless given)."""
    if not findings:  # thresholds are positive: no evidence is always clean
        return NO_EVIDENCE
    thresholds = thresholds or DEFAULT_THRESHOLDS
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
