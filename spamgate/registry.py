"""Find the rule modules in ``spamgate.rules`` and their checks.

A rule module defines ``CHECKS`` (a tuple of ``Check``) and a pure function
``find(document) -> Iterable[Finding]``; its docstring documents it.  Adding
a rule means adding one module to rules/.
"""
from __future__ import annotations

import importlib
import os
from functools import lru_cache

from spamgate.model import Check, Rule


@lru_cache(maxsize=1)
def all_rules() -> tuple[Rule, ...]:
    import spamgate.rules as package

    rules = []
    for name in _module_names(package.__path__):
        module = importlib.import_module(f"spamgate.rules.{name}")
        checks = getattr(module, "CHECKS", None)
        run = getattr(module, "find", None)
        if not checks or run is None:
            continue
        rules.append(Rule(id=name, checks=tuple(checks), run=run, doc=(module.__doc__ or "").strip()))
    rules.sort(key=lambda r: r.checks[0].code)
    return tuple(rules)


def _module_names(paths) -> list[str]:
    """The public modules of the rules package: ``*.py`` files (or compiled
    extension modules) whose names do not start with ``_``.  Listing the
    directory directly keeps ``pkgutil`` (and the ``inspect`` import it makes)
    off the start-up path."""
    names = set()
    for path in paths:
        try:
            entries = os.listdir(path)
        except OSError:
            continue
        for entry in entries:
            stem, dot, ext = entry.partition(".")
            if not dot or stem.startswith("_") or not stem.isidentifier():
                continue
            if ext == "py" or (ext.endswith(("so", "pyd")) and ext.count(".") <= 1) or ext == "pyc":
                names.add(stem)
    return sorted(names)


@lru_cache(maxsize=1)
def all_checks() -> dict[str, Check]:
    """Every check by code, in code order, with its calibrated weight and cap
    (``spamgate.weights``, written by scripts/calibrate.py) in place of the
    declared ones where the calibration has seen the check."""
    from spamgate.weights import WEIGHTS

    checks = {}
    for rule in all_rules():
        for check in rule.checks:
            if check.code in checks:
                raise RuntimeError(f"duplicate rule code {check.code}")
            calibrated = WEIGHTS.get(check.code)
            checks[check.code] = check if calibrated is None else check._replace(weight=calibrated[0], cap=calibrated[1])
    return dict(sorted(checks.items()))


def find_check(code_or_name: str) -> Check | None:
    key = code_or_name.strip()
    for check in all_checks().values():
        if key.upper() == check.code or key.lower() == check.name:
            return check
    return None
