"""Reporters turn file results into output.  Each module has ``report(results, stream, context)``."""
from __future__ import annotations

import importlib
from dataclasses import dataclass, field

FORMATS = {
    "text": "spamgate.reporters.text",
    "json": "spamgate.reporters.json",
}


@dataclass
class ReportContext:
    profile: str = "commit"
    color: bool = False
    verbose: bool = False
    statistics: bool = False
    extra: dict = field(default_factory=dict)


def get(name: str):
    return importlib.import_module(FORMATS[name])
