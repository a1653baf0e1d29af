"""From findings to a verdict: scores, thresholds and profiles.

Each finding carries a weight.  A document's score adds up the weights of its
findings, as SpamAssassin adds rule scores, with two limits so that one kind
of evidence cannot run away with the score:

- each check's total is capped (``CAPS``; ``DEFAULT_CAP`` for the rest), so
  fifty look-alike words count little more than ten;
- related checks share a group cap (``GROUPS``): all the look-alike letter
  checks together add at most ``GROUPS["look-alike letters"]``, below the spam
  threshold, so a document about homoglyphs full of examples is at most
  ``suspicious`` until other evidence of the spam genre joins in.

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

from spamgate._record import dataclass, field

from spamgate.model import ERROR, Finding
from spamgate.settings.schema import Thresholds  # declared with the settings, which give its defaults

SPAM = "spam"
SUSPICIOUS = "suspicious"
CLEAN = "clean"
VERDICTS = (SPAM, SUSPICIOUS, CLEAN)

COMMIT = "commit"
PUSH = "push"
PROFILES = (COMMIT, PUSH)

# Most one check can add to a score, whatever the number of its findings.
DEFAULT_CAP = 8.0
CAPS: dict[str, float] = {
    "SG101": 6.0,  # mixed-script-word
    "SG102": 4.0,  # restricted-latin-lookalike
    "SG103": 1.0,  # rare-latin-letter (a warning: real names use these)
    "SG104": 3.0,  # whole-word-lookalike
    "SG105": 4.0,  # invisible-character
    "SG106": 6.0,  # bidi-control
    "SG201": 8.0,  # promotional-closer
    "SG202": 3.0,  # promotional-call
    "SG203": 4.0,  # redirect-link
    "SG204": 3.0,  # shortened-link
    "SG205": 3.0,  # unrelated-keyword
    "SG301": 3.5,  # clickbait-title
    "SG302": 3.0,  # title-keyword-absent
    "SG303": 3.0,  # keyword-stuffed-title
    "SG401": 1.0,  # stock-opening
    "SG402": 4.0,  # leaked-reasoning
    "SG403": 3.0,  # keyword-link-mid-text
    "SG404": 3.0,  # crypto-address-keyword
    "SG405": 6.0,  # lookalike-variety
}
# Checks whose totals share one cap: name -> (code prefixes, cap).
GROUPS: dict[str, tuple[tuple[str, ...], float]] = {
    "look-alike letters": (("SG101", "SG102", "SG103", "SG104"), 5.0),
    "generated-text style": (("SG401", "SG402"), 4.0),
}


DEFAULT_THRESHOLDS = Thresholds()


@dataclass
class Verdict:
    verdict: str
    score: float
    reasons: list[str] = field(default_factory=list)

    def to_json(self) -> dict:
        return {"verdict": self.verdict, "score": self.score, "reasons": list(self.reasons)}


def _group_of(code: str) -> str | None:
    for name, (prefixes, _) in GROUPS.items():
        if any(code.startswith(p) for p in prefixes):
            return name
    return None


def contributions(findings: list[Finding], caps: dict[str, float] | None = None) -> list[tuple[float, str, str, int, str]]:
    """(points, code, name, count, note) for each check with findings, biggest first."""
    per_code: dict[str, list[Finding]] = {}
    for f in findings:
        per_code.setdefault(f.code, []).append(f)
    raw: dict[str, float] = {}
    notes: dict[str, str] = {}
    for code, group in per_code.items():
        cap = (caps or {}).get(code, CAPS.get(code, DEFAULT_CAP))
        total = sum(max(0.0, f.weight) for f in group)
        raw[code] = min(cap, total)
        if total > cap:
            notes[code] = f"capped at {cap:g}"
    # Group caps: members share the cap in proportion to their own totals.
    for name, (_, cap) in GROUPS.items():
        members = [c for c in raw if _group_of(c) == name]
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
        return Verdict(CLEAN, 0, [])  # as score([]) gives it
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
