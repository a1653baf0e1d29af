"""The configuration reference in README.md, written from the schema.

``python scripts/update_readme.py`` embeds ``reference(PROJECT)`` and
``reference(SERVER)``; a test fails when README.md differs.
"""
from __future__ import annotations

from spamgate.settings.kinds import Mapping, Number, toml_key
from spamgate.settings.schema import PROJECT, SERVER, Setting, Table, scope_settings
from spamgate.settings.show import toml_value

# scope -> (the sentence before the example, the table the example's keys go in)
EXAMPLES = {
    PROJECT: ("Every key in one `pyproject.toml`:", "tool.spamgate"),
    SERVER: ("Every key in one server configuration file:", ""),
}
MIB = 1024 * 1024


def reference(scope: str) -> str:
    """A Markdown table of every key of ``scope``, then an example file that sets each."""
    lines = ["| Key | Type | Default | Meaning |", "| --- | --- | --- | --- |"]
    for s in scope_settings(scope):
        if isinstance(s.kind, Table):
            for sub in s.kind.settings:
                constraints = [c for rule in s.kind.rules if (c := rule.constraint(sub.name, s.name))]
                lines.append(_row(f"{s.name}.{sub.name}", sub, constraints))
        else:
            lines.append(_row(s.name, s, []))
    intro, table = EXAMPLES[scope]
    lines += ["", intro, "", "```toml"]
    if table:
        lines.append(f"[{table}]")
    sections = []
    for s in scope_settings(scope):
        if isinstance(s.kind, Table):
            sections.append((s.name, {sub.name: sub.example for sub in s.kind.settings}))
        elif isinstance(s.kind, Mapping):
            sections.append((s.name, s.example))
        else:
            lines.append(f"{s.name} = {toml_value(s.example)}")
    for name, values in sections:
        lines += ["", f"[{table + '.' if table else ''}{name}]"]
        lines += [f"{toml_key(key)} = {toml_value(value)}" for key, value in values.items()]
    lines.append("```")
    return "\n".join(lines) + "\n"


def _row(key: str, s: Setting, constraints: list[str]) -> str:
    kind = ", ".join([s.kind.doc, *constraints])
    return f"| `{key}` | {kind} | {_default(s)} | {s.doc} |"


def _default(s: Setting) -> str:
    if s.shown_default is not None:
        return s.shown_default
    shown = f"`{toml_value(s.kind.plain(s.default))}`"
    if isinstance(s.kind, Number) and s.kind.unit == "bytes" and s.default % MIB == 0:
        shown += f" ({s.default // MIB} MiB)"
    return shown
