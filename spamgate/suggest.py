""""Did you mean ...?" for mistyped commands, options, choices and rule codes.

(Rule codes in settings and in --select/--ignore are checked, with suggestions,
by spamgate.settings.)
"""
from __future__ import annotations

import argparse
import re
from collections.abc import Iterable


def did_you_mean(word: str, candidates: Iterable[str]) -> str:
    """`` (did you mean X?)`` for the closest candidate, or "" when none is close."""
    import difflib

    candidates = list(candidates)
    folded = {c.lower(): c for c in candidates}
    matches = difflib.get_close_matches(word.lower(), list(folded), n=1, cutoff=0.6)
    if not matches:
        return ""
    return f" (did you mean {folded[matches[0]]}?)"


class Parser(argparse.ArgumentParser):
    """An argument parser whose errors suggest the option or choice meant."""

    def error(self, message: str):
        options = [s for action in self._actions for s in action.option_strings if s.startswith("--")]
        m = re.search(r"unrecognized arguments: (\S+)", message)
        if m:
            word = m.group(1).split("=", 1)[0]
            message += did_you_mean(word, options) if word.startswith("-") else ""
        m = re.search(r"invalid choice: '([^']*)' \(choose from (.*)\)", message)
        if m:
            choices = re.findall(r"'([^']*)'", m.group(2)) or [c.strip() for c in m.group(2).split(",")]
            message += did_you_mean(m.group(1), choices)
        super().error(message)
