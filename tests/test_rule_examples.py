"""Every check's declared examples, run through the real engine.

Each check declares texts it must flag and texts it must leave alone; this is
where those declarations are held to.  Emptying a rule module's ``check``
makes its examples fail here.
"""
from __future__ import annotations

import pytest

from spamgate.engine import scan_document
from spamgate.model import SEVERITIES, Document, example_of
from spamgate.registry import all_checks

CHECKS = list(all_checks().values())


def _codes(example) -> set[str]:
    example = example_of(example)
    result = scan_document(Document(path=example.path, text=example.text, context=example.context), profile="commit")
    assert not result.errors, result.errors
    return {f.code for f in result.findings}


@pytest.mark.parametrize("check", CHECKS, ids=[c.code for c in CHECKS])
def test_flags_every_example_it_declares(check):
    assert check.flags, f"{check.code} declares no example it flags"
    for example in check.flags:
        assert check.code in _codes(example), f"{check.code} does not flag {example_of(example)}"


@pytest.mark.parametrize("check", CHECKS, ids=[c.code for c in CHECKS])
def test_leaves_alone_every_example_it_declares(check):
    assert check.passes, f"{check.code} declares no example it leaves alone"
    for example in check.passes:
        assert check.code not in _codes(example), f"{check.code} flags {example_of(example)}"


@pytest.mark.parametrize("check", CHECKS, ids=[c.code for c in CHECKS])
def test_declaration_is_complete(check):
    assert check.severity in SEVERITIES
    assert 0 <= check.weight <= check.cap or check.weight == check.cap == 0
    assert "\n" not in check.summary and check.summary.strip()
    for section in (check.reports, check.why, check.fix):
        assert section.strip()
    assert check.family and check.evidence
    if check.group is not None:
        assert check.group.cap > 0


def test_every_rule_module_declares_checks_and_a_find_function():
    """An emptied rule module must not drop out of the registry unnoticed."""
    import importlib
    from pathlib import Path

    import spamgate.rules

    names = sorted(p.stem for p in Path(spamgate.rules.__file__).parent.glob("*.py") if not p.stem.startswith("_"))
    assert names
    registered = {check.code for check in CHECKS}
    for name in names:
        module = importlib.import_module(f"spamgate.rules.{name}")
        checks = getattr(module, "CHECKS", ())
        assert checks and callable(getattr(module, "find", None)), f"rules/{name}.py declares no rule"
        assert {c.code for c in checks} <= registered
