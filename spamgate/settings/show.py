"""``--show-config``: the settings in effect and where each came from, as text or JSON."""
from __future__ import annotations

import json

from spamgate.settings.kinds import toml_key
from spamgate.settings.schema import PROJECT, SERVER, scope_settings

NO_FILE = {PROJECT: "(none found; defaults)", SERVER: "(none given; defaults)"}


def toml_value(value: object) -> str:
    """Plain data (from ``Kind.plain``) written as a TOML value."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, list):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    if isinstance(value, dict):
        if not value:
            return "{}"
        return "{ " + ", ".join(f"{toml_key(k)} = {toml_value(v)}" for k, v in value.items()) + " }"
    raise TypeError(f"no TOML form for {type(value).__name__}")


def show(settings, scope: str, stream, fmt: str = "text") -> None:
    """Print every setting of ``scope`` in ``settings`` and where it came from."""
    declared = scope_settings(scope)
    data = {s.name: s.kind.plain(getattr(settings, s.attr)) for s in declared}
    if fmt == "json":
        json.dump({"config": settings.path,
                   "settings": {k: {"value": v, "source": settings.source(k)} for k, v in data.items()}},
                  stream, indent=2, ensure_ascii=False)
        stream.write("\n")
        return
    stream.write(f"# configuration file: {settings.path or NO_FILE[scope]}\n")
    width = max(len(s.name) for s in declared)
    for s in declared:
        value = data[s.name]
        shown = toml_value(value) if value is not None else f"({s.shown_default})"
        stream.write(f"{s.name.ljust(width)} = {shown}    # {settings.source(s.name)}\n")
