"""From findings to a verdict: scores, kinds of evidence, thresholds and profiles.

Each finding carries a weight, and a document's score adds them up, as
SpamAssassin adds rule scores.  The weights are calibrated on labelled
documents (scripts/calibrate.py writes them to ``spamgate.weights``).  Three
limits keep one piece of evidence from deciding:

- each check's total is capped (``Check.cap``, calibrated), and checks that
  share a ``Check.group`` share the group's cap, so fifty look-alike words
  count little more than ten;
- each kind of evidence (``Check.evidence``: characters, promotion, links,
  title, generated style, spun text, context) adds at most ``KIND_CAP``
  points, below the spam threshold;
- evidence found inside a promotional sentence counts as promotion: a
  redirect link or a look-alike letter inside a call to action is part of
  that one sentence, and one sentence never decides.

The verdict is ``spam`` when the score reaches the spam threshold *and* kinds
other than the strongest add at least ``CORROBORATION`` times the spam
threshold: spam needs two independent kinds of evidence.  It is ``suspicious`` at the suspicious
threshold, else ``clean``.  The reasons list each check's contribution,
biggest first: ``SG201 promotional-closer x1 (+5.2)``.

Profiles decide what fails:

- ``commit`` (``spamgate check`` and the pre-commit hook): any error-level
  finding fails, so authors fix every look-alike letter they typed;
- ``push`` (server side): only a ``spam`` verdict fails, so a legitimate
  document with an accidental look-alike or a call to action is never refused.
"""
from __future__ import annotations

from typing import NamedTuple

from spamgate.model import ERROR, PROMOTION_EVIDENCE, PUSH, Finding
from spamgate.settings.schema import Thresholds  # declared with the settings, which give its defaults

SPAM = "spam"
SUSPICIOUS = "suspicious"
CLEAN = "clean"
VERDICTS = (SPAM, SUSPICIOUS, CLEAN)


# The cap of a finding whose code no rule declares (only tests make such findings).
UNDECLARED_CAP = 8.0
UNDECLARED_KIND = "undeclared"


DEFAULT_THRESHOLDS = Thresholds()


def policy() -> tuple[float, float]:
    """(KIND_CAP, CORROBORATION): the most one kind of evidence adds to a score,
    and the share of the spam threshold that the other kinds must add for a
    spam verdict (``spamgate.weights``)."""
    from spamgate.weights import CORROBORATION, KIND_CAP

    return KIND_CAP, CORROBORATION


class Verdict(NamedTuple):
    verdict: str
    score: float
    reasons: list[str] | tuple = ()
    evidence: tuple[tuple[str, float], ...] = ()  # (kind, points), strongest first

    def to_json(self) -> dict:
        return {"verdict": self.verdict, "score": self.score, "reasons": list(self.reasons),
                "evidence": dict(self.evidence)}

    def margin(self, thresholds: "Thresholds") -> float:
        """Score minus the spam threshold (negative: below it)."""
        return round(self.score - thresholds.spam, 2)


NO_EVIDENCE = Verdict(CLEAN, 0, (), ())


class Contribution(NamedTuple):
    points: float
    code: str
    name: str
    count: int
    note: str


def _kinds_of(findings: list[Finding], declared: dict) -> list[str]:
    """The kind of evidence each finding counts as: its check's, or promotion
    when it lies inside a promotional sentence (a link or a look-alike word in
    a call to action is part of that one sentence)."""
    def kind(f: Finding) -> str:
        check = declared.get(f.code)
        return (check.evidence or check.code) if check is not None else UNDECLARED_KIND

    kinds = [kind(f) for f in findings]
    sentences = [(f.offset, f.end_offset) for i, f in enumerate(findings)
                 if kinds[i] == PROMOTION_EVIDENCE and f.location == "content" and 0 <= f.offset < f.end_offset]
    if sentences:
        for i, f in enumerate(findings):
            if kinds[i] != PROMOTION_EVIDENCE and f.location == "content" and f.offset >= 0 \
                    and any(s <= f.offset and f.end_offset <= e for s, e in sentences):
                kinds[i] = PROMOTION_EVIDENCE
    return kinds


def tally(findings: list[Finding], caps: dict[str, float] | None = None
          ) -> tuple[list[Contribution], dict[str, float]]:
    """Each check's contribution (biggest first, rounded for display) and each kind's points."""
    from spamgate.registry import all_checks

    declared = all_checks()
    kind_cap, _ = policy()
    kinds = _kinds_of(findings, declared)
    per_code: dict[str, list[int]] = {}
    for i, f in enumerate(findings):
        per_code.setdefault(f.code, []).append(i)
    raw: dict[str, float] = {}
    notes: dict[str, str] = {}
    groups: dict = {}
    for code, members in per_code.items():
        check = declared.get(code)
        cap = (caps or {}).get(code, check.cap if check is not None else UNDECLARED_CAP)
        total = sum(max(0.0, findings[i].weight) for i in members)
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
    # Each finding's share of its check's points goes to the kind it counts as.
    by_kind: dict[str, float] = {}
    share: dict[str, dict[str, float]] = {}
    for code, members in per_code.items():
        total = sum(max(0.0, findings[i].weight) for i in members)
        for i in members:
            part = raw[code] * (max(0.0, findings[i].weight) / total if total else 1 / len(members))
            by_kind[kinds[i]] = by_kind.get(kinds[i], 0.0) + part
            share.setdefault(code, {})[kinds[i]] = share.get(code, {}).get(kinds[i], 0.0) + part
    # Kind caps: the checks of a kind share it in proportion to their points.
    scale = {k: (kind_cap / v if v > kind_cap else 1.0) for k, v in by_kind.items()}
    points: dict[str, float] = {}
    for code, parts in share.items():
        points[code] = sum(p * scale[k] for k, p in parts.items())
        capped = [k for k in parts if scale[k] < 1.0]
        if capped and not notes.get(code):
            notes[code] = f"{capped[0]} capped at {kind_cap:g}"
    kinds_points = {k: min(v, kind_cap) for k, v in by_kind.items()}
    out = []
    for code, p in points.items():
        p = round(p, 2)
        if p > 0:
            out.append(Contribution(p, code, findings[per_code[code][0]].name, len(per_code[code]), notes.get(code, "")))
    out.sort(key=lambda c: (-c.points, c.code))
    return out, {k: v for k, v in kinds_points.items() if v > 0}


def contributions(findings: list[Finding], caps: dict[str, float] | None = None) -> list[tuple[float, str, str, int, str]]:
    """(points, code, name, count, note) for each check with findings, biggest first."""
    return [tuple(c) for c in tally(findings, caps)[0]]


def score(findings: list[Finding], caps: dict[str, float] | None = None) -> tuple[float, list[str]]:
    """The score of a set of findings and the reasons, biggest first."""
    parts, evidence = tally(findings, caps)
    return round(sum(evidence.values()), 2), _reasons(parts)


def _reasons(parts: list[Contribution]) -> list[str]:
    return [f"{c.code} {c.name} x{c.count} (+{c.points:g}{', ' + c.note if c.note else ''})" for c in parts]


def corroboration_needed(thresholds: Thresholds) -> float:
    """Points that kinds other than the strongest must add for a spam verdict."""
    return round(policy()[1] * thresholds.spam, 2)


def corroborated(evidence: dict[str, float], thresholds: Thresholds) -> bool:
    """Whether kinds other than the strongest add what a spam verdict needs."""
    if len(evidence) < 2:
        return False
    return sum(evidence.values()) - max(evidence.values()) >= corroboration_needed(thresholds) - 1e-9


def judge(findings: list[Finding], thresholds: Thresholds | None = None) -> Verdict:
    """The verdict on one document's findings (under the default thresholds unless given)."""
    if not findings:  # thresholds are positive: no evidence is always clean
        return NO_EVIDENCE
    thresholds = thresholds or DEFAULT_THRESHOLDS
    parts, evidence = tally(findings)
    total = round(sum(evidence.values()), 2)
    reasons = _reasons(parts)
    ranked = tuple(sorted(((k, round(v, 2)) for k, v in evidence.items()), key=lambda kv: (-kv[1], kv[0])))
    if total >= thresholds.spam and corroborated(evidence, thresholds):
        verdict = SPAM
    elif total >= thresholds.suspicious:
        verdict = SUSPICIOUS
        if total >= thresholds.spam:
            reasons.append(f"not spam: the evidence is mostly of one kind ({ranked[0][0]}); spam needs other "
                           f"kinds adding {corroboration_needed(thresholds):g} points")
    else:
        verdict = CLEAN
    return Verdict(verdict, total, reasons, ranked)


def fails(profile: str, verdict: Verdict, findings: list[Finding]) -> bool:
    """Whether a document fails under a profile.

    ``commit``: any error-level finding fails, so authors fix every look-alike.
    ``push``: only a ``spam`` verdict fails.
    """
    if profile == PUSH:
        return verdict.verdict == SPAM
    return any(f.severity == ERROR for f in findings)
