"""What the pusher reads: ``remote:`` lines, the reason first and short.

Some Gitea versions keep only the first block of a hook's output, so each
message starts with the decision, what it is about and whom to ask.  Text from
the push is shown through ``safe``; no server path or configuration detail is
ever shown.
"""
from __future__ import annotations

from spamgate.server.safe import safe

PREFIX = "spamgate: "
GITLAB_PREFIX = "GL-HOOK-ERR: "


class Output:
    """Lines for the pusher, each with the spamgate (and GitLab) prefix, written at once."""

    def __init__(self, gitlab: bool):
        self.prefix = (GITLAB_PREFIX if gitlab else "") + PREFIX
        self.lines: list[str] = []

    def add(self, line: str = "") -> None:
        self.lines.append((self.prefix + line).rstrip())

    def text(self) -> str:
        return "".join(line + "\n" for line in self.lines)


def describe(hit, wiki: bool) -> str:
    if hit.kind == "commit-message":
        return f"the message of {hit.path.rsplit(' ', 1)[0]}"
    what = "wiki page" if wiki else "file"
    return f'{what} "{safe(hit.path, 120)}" in commit {hit.commit[:12]}'


def _reasons(result, n: int = 3) -> str:
    return "; ".join(safe(r, 80) for r in result.verdict.reasons[:n])


def refusal_lines(report, wiki: bool, config, out: Output, warn_only: bool) -> None:
    first = report.spam[0]
    verb = "push accepted in warning mode, but" if warn_only else "push refused:"
    out.add(f"{verb} {describe(first, wiki)} looks like spam")
    out.add(f"  verdict {first.result.verdict.verdict}, score {first.result.verdict.score:g}: {_reasons(first.result)}")
    if len(report.spam) > 1:
        out.add(f"  ({len(report.spam) - 1} more document{'s' if len(report.spam) > 2 else ''} in this push look like spam)")
    out.add(safe(config.contact, 300))
    if config.max_details <= 0:
        return
    out.add()
    out.add("details:")
    for hit in report.spam:
        for note in hit.notes:
            out.add(f"  {hit.commit[:12]} {safe(hit.path, 100)}: {safe(note, 160)}")
    ordered = [(hit, f) for hit in report.spam for f in details_order(hit.result)]
    for hit, f in ordered[:config.max_details]:
        where = hit.path if f.location == "content" else f"{hit.path} ({f.location})"
        pos = f":{f.line}:{f.column}" if f.line else ""
        out.add(f"  {hit.commit[:12]} {safe(where, 100)}{pos}: {f.code} {safe(f.message, 160)}")
    hidden = len(ordered) - config.max_details
    if hidden > 0:
        out.add(f"  ... and {hidden} more finding{'s' if hidden != 1 else ''}")


def details_order(result) -> list:
    """Findings with the strongest evidence first: a few of each check, biggest contribution first."""
    rank = {}
    for n, reason in enumerate(result.verdict.reasons):
        rank.setdefault(reason.split(" ", 1)[0], n)
    findings = sorted(result.findings, key=lambda f: rank.get(f.code, len(rank)))
    first, rest, per_code = [], [], {}
    for f in findings:
        per_code[f.code] = per_code.get(f.code, 0) + 1
        (first if per_code[f.code] <= 3 else rest).append(f)
    return first + rest


def unjudged_summary(report, reason: str | None) -> str:
    """``3 of 120 documents could not be checked for spam (the time budget of 4 s ran out)``."""
    reason = safe(reason or "unknown", 300)
    count = len(report.unjudged) if report is not None else 0
    if report is None or (not report.complete and not count):
        return f"this push could not be checked for spam ({reason})"
    if not report.complete:
        return f"{count} document{'s' if count != 1 else ''} and the rest of this push could not be checked for spam ({reason})"
    total = max(report.planned, count)
    return f"{count} of {total} document{'s' if total != 1 else ''} could not be checked for spam ({reason})"


def unjudged_lines(out: Output, summary: str, outcome: str, wiki: bool, contact: str) -> None:
    """``outcome``: "refused", "queued", "unqueued" (queueing failed, so refused) or "warned"."""
    place = "this wiki" if wiki else "this repository"
    if outcome == "queued":
        out.add(f"push accepted: {summary}; it is kept for a later check by the site's administrators")
        return
    if outcome == "warned":
        out.add(f"push accepted in warning mode, but {summary}")
        return
    if outcome == "unqueued":
        out.add(f"push refused: {summary}, and the server could not keep it for a later check")
    else:
        out.add(f"push refused: {summary}")
        out.add(f"  {place} accepts only pushes it can check in full; try again, or push less at a time")
    out.add(safe(contact, 300))
