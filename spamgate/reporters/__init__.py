"""Reporters turn file results into output.  Each module has ``report(results, stream, context)``."""
from __future__ import annotations

import importlib
from typing import NamedTuple

FORMATS = {
    "text": "spamgate.reporters.text",
    "json": "spamgate.reporters.json",
    "sarif": "spamgate.reporters.sarif",
    "github": "spamgate.reporters.github",
}


def use_color(choice: str = "auto", stream=None) -> bool:
    """Whether to color text output: ``always``, ``never``, or ``auto`` (a terminal,
    unless the NO_COLOR environment variable is set to a non-empty value)."""
    import os
    import sys

    if choice == "always":
        return True
    if choice == "never":
        return False
    if os.environ.get("NO_COLOR", ""):
        return False
    stream = sys.stdout if stream is None else stream
    try:
        return stream.isatty() and os.environ.get("TERM", "") != "dumb"
    except (AttributeError, ValueError):
        return False


class ReportContext(NamedTuple):
    profile: str = "commit"
    color: bool = False
    verbose: bool = False
    statistics: bool = False
    extra: dict | None = None  # reporter-specific values, e.g. {"cwd": ...}


def get(name: str):
    return importlib.import_module(FORMATS[name])
