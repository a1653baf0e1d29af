"""The documentation of the rules, rendered from their declarations.

``spamgate rules CODE`` prints ``text(check)``; the README's rules table is
``table()`` and each ``docs/rules/<CODE>.md`` page is ``page(check)``, both
written by scripts/update_readme.py, so no description of a check is kept
anywhere but in its declaration.
"""
from __future__ import annotations

from spamgate.model import Check, example_of

DOCS_DIR = "docs/rules"


def _policy(check: Check) -> list[tuple[str, str]]:
    rows = [
        ("severity", check.severity),
        ("weight", f"{check.weight:g} per finding, at most {check.cap:g} per document"),
    ]
    if check.group is not None:
        rows.append(("shares a cap", f"{check.group.name}: at most {check.group.cap:g} together"))
    rows += [
        ("family", check.family),
        ("evidence", check.evidence),
        ("fixable", "yes (`spamgate check --fix`)" if check.fixable else "no"),
        ("suppressible", "yes (`spamgate: ignore[%s]`)" % check.code if check.suppressible else "no"),
        ("allowances", ", ".join(f"allowed-{a}" for a in sorted(check.allowances)) or "none"),
    ]
    return rows


def text(check: Check) -> str:
    """Plain-text documentation for a terminal."""
    lines = [f"{check.code} {check.name}", "", check.summary, ""]
    width = max(len(k) for k, _ in _policy(check))
    lines += [f"  {k.ljust(width)}  {v.replace('`', '')}" for k, v in _policy(check)]
    lines += ["", "What it reports", "", check.reports.strip(), "", "Why it matters", "", check.why.strip(), "",
              "How to fix or allow it", "", check.fix.strip()]
    for title, examples in (("Flagged", check.flags), ("Not flagged", check.passes)):
        if examples:
            lines += ["", title, ""]
            for e in examples:
                e = example_of(e)
                name = "" if e.path == "example.md" else f"(file {e.path}) "
                lines.append("  " + name + _short(e.text))
    return "\n".join(lines) + "\n"


def _short(s: str, limit: int = 200) -> str:
    """One line; a long example keeps its start and its end, where titles and closers sit."""
    one = " ".join(s.split())
    return one if len(one) <= limit else one[:60] + " \u2026 " + one[-(limit - 63):]


def _codepoints(s: str) -> str:
    """Non-ASCII characters of an example named, so a reader can tell look-alikes apart."""
    from spamgate.ucd import char_name

    names = [char_name(c) for c in dict.fromkeys(s) if c >= "\x80"]
    return ", ".join(names)


def page(check: Check) -> str:
    """The Markdown page of one check (docs/rules/<CODE>.md)."""
    out = [f"# {check.code} {check.name}", "", check.summary, "", "| | |", "| --- | --- |"]
    out += [f"| {k} | {v} |" for k, v in _policy(check)]
    out += ["", "## What it reports", "", check.reports.strip(), "", "## Why it matters", "", check.why.strip(), "",
            "## How to fix or allow it", "", check.fix.strip()]
    for title, examples in (("Flagged", check.flags), ("Not flagged", check.passes)):
        if not examples:
            continue
        out += ["", f"## {title}", ""]
        for e in examples:
            e = example_of(e)
            if e.path != "example.md":
                out.append(f"File `{e.path}`:")
                out.append("")
            out += ["```text", e.text.rstrip("\n"), "```"]
            named = _codepoints(e.text)
            if named:
                out += ["", f"Characters beyond ASCII: {named}."]
            out.append("")
    return "\n".join(out).rstrip("\n") + "\n"


def table(checks) -> str:
    """The rules table of the README."""
    lines = ["| code | name | severity | weight (cap) | what it reports |", "| --- | --- | --- | --- | --- |"]
    for c in checks:
        summary = c.summary.replace("|", "\\|")
        lines.append(f"| [{c.code}]({DOCS_DIR}/{c.code}.md) | `{c.name}` | {c.severity} | "
                     f"{c.weight:g} ({c.cap:g}) | {summary} |")
    return "\n".join(lines) + "\n"
