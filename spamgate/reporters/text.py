"""Plain text report, one finding a line: ``path:line:col: CODE message``."""
from __future__ import annotations

from spamgate.verdict import CLEAN


def _style(context, code: str, s: str) -> str:
    return f"\x1b[{code}m{s}\x1b[0m" if context is not None and context.color else s


def report(results, stream, context) -> None:
    write = stream.write
    n_findings = n_files = n_failed = 0
    for r in results:
        if r.skipped is not None:
            if r.skipped.is_notable or context.verbose:
                label = "error" if r.skipped.is_error else "warning" if r.skipped.is_notable else "skipped"
                write(f"{_style(context, '1', r.path)}: {_style(context, '31' if r.skipped.is_error else '33', label)}: {r.skipped.message}\n")
            continue
        for e in r.errors:
            write(f"{r.path}: internal error in rule {e.rule}: {e.error}\n")
        for f in r.findings:
            where = f"{r.path}:{f.line}:{f.column}:" if f.line else f"{r.path}:"
            sev = "" if f.severity == "error" else f" ({f.severity})"
            write(f"{_style(context, '1', where)} {_style(context, '31;1' if f.severity == 'error' else '33;1', f.code)}{sev} {f.message}\n")
        if r.findings:
            n_files += 1
            n_findings += len(r.findings)
        if r.verdict.verdict != CLEAN or (context.profile == "push" and r.findings):
            reasons = "; ".join(r.verdict.reasons[:6])
            write(f"{_style(context, '1', r.path)}: verdict {r.verdict.verdict} (score {r.verdict.score:g}): {reasons}\n")
        if r.failed:
            n_failed += 1
    if context.statistics:
        statistics(results, stream, context)
    scanned = sum(1 for r in results if r.skipped is None)
    if n_findings:
        write(f"Found {n_findings} finding{'s' if n_findings != 1 else ''} in {n_files} of {scanned} file{'s' if scanned != 1 else ''}"
              f" ({n_failed} failing under the {context.profile} profile).\n")
    elif scanned:
        write(f"All clear: no findings in {scanned} file{'s' if scanned != 1 else ''}.\n")


def statistics(results, stream, context=None) -> None:
    """The number of findings per rule, most frequent first."""
    counts: dict[tuple[str, str], int] = {}
    for r in results:
        for f in r.findings:
            counts[(f.code, f.name)] = counts.get((f.code, f.name), 0) + 1
    for (code, name), n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])):
        stream.write(f"{n:6d}\t{_style(context, '1', code)}\t{name}\n")
