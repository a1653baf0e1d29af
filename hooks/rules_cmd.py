"""spamgate rules [CODE ...]: each rule's code, name and documentation."""
from __future__ import annotations

import sys

from spamgate.registry import all_checks, find_check


def main(argv: list[str] | None = None) -> int:
    from spamgate.suggest import Parser, did_you_mean

    parser = Parser(prog="spamgate rules", description=__doc__)
    parser.add_argument("codes", nargs="*", metavar="CODE", help="a rule code (SG101) or name; default: list all")
    parser.add_argument("--format", choices=("text", "json"), default="text")
    args = parser.parse_args(argv)
    if args.codes:
        checks = []
        for code in args.codes:
            check = find_check(code)
            if check is None:
                known = [c for check in all_checks().values() for c in (check.code, check.name)]
                hint = did_you_mean(code, known) or " (see 'spamgate rules')"
                sys.stderr.write(f"spamgate rules: unknown rule {code!r}{hint}\n")
                return 2
            checks.append(check)
    else:
        checks = list(all_checks().values())
    if args.format == "json":
        import json

        from spamgate.model import example_of

        json.dump([{"code": c.code, "name": c.name, "severity": c.severity, "weight": c.weight, "cap": c.cap,
                    "group": None if c.group is None else {"name": c.group.name, "cap": c.group.cap},
                    "family": c.family, "evidence": c.evidence, "fixable": c.fixable,
                    "suppressible": c.suppressible, "allowances": sorted(c.allowances),
                    "summary": c.summary, "reports": c.reports, "why": c.why, "fix": c.fix,
                    "flags": [example_of(e)._asdict() for e in c.flags],
                    "passes": [example_of(e)._asdict() for e in c.passes],
                    "doc": c.doc} for c in checks], sys.stdout, indent=2, ensure_ascii=False)
        sys.stdout.write("\n")
        return 0
    if not args.codes:
        width = max((len(c.name) for c in checks), default=0)
        for c in checks:
            sys.stdout.write(f"{c.code}  {c.name.ljust(width)}  {c.severity:<7}  {c.summary}\n")
        return 0
    from spamgate.ruledocs import text

    sys.stdout.write("\n".join(text(c) for c in checks))
    return 0
