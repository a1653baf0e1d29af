"""Every regular expression in spamgate runs in (near) linear time on hostile input.

A worker process imports every spamgate module with ``re`` and ``regex``
compilation instrumented, runs sample documents through every rule (so
patterns compiled lazily or passed as strings to ``re.search`` are seen too),
and also collects compiled patterns held in module globals, containers and
class attributes.  It then drives each pattern with crafted strings built from
the pattern's own literals (runs of one character, alternating pairs, literal
words and near-miss prefixes, each with a trailing character that breaks the
match): first all of them at 2,000 characters, then the slowest at 8,000,
32,000 and 128,000 characters, timing ``finditer`` (exhausted), ``match`` and
``fullmatch``.  Quadrupling the input must not multiply the time by more than
about 4 (allowing noise), and no call may exceed the time budget.  The parent
watches the worker, so a catastrophic (exponential) pattern is reported by
name instead of hanging the suite.
"""
from __future__ import annotations

import json
import os
import select
import subprocess
import sys
import time

import pytest

from regex_worker import STALL_TIMEOUT, TOTAL_TIMEOUT

WORKER = os.path.join(os.path.dirname(os.path.abspath(__file__)), "regex_worker.py")


# =========================================================================== test side

def run_worker(*extra) -> tuple[list[dict], str | None]:
    """Run the worker; returns its events and, if it stalled, what it was doing."""
    proc = subprocess.Popen([sys.executable, WORKER, *extra],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            cwd=os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    events: list[dict] = []
    stalled = None
    start = last = time.monotonic()
    buffer = ""
    try:
        while True:
            ready, _, _ = select.select([proc.stdout], [], [], 1.0)
            now = time.monotonic()
            if ready:
                chunk = os.read(proc.stdout.fileno(), 65536).decode("utf-8", "replace")
                if not chunk:
                    break
                buffer += chunk
                while "\n" in buffer:
                    line, buffer = buffer.split("\n", 1)
                    events.append(json.loads(line))
                last = now
            elif now - last > STALL_TIMEOUT or now - start > TOTAL_TIMEOUT:
                current = [e for e in events if e["event"] in ("start", "pattern")]
                stalled = json.dumps(current[-1]) if current else "before the first pattern"
                break
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.wait()
    if stalled is None and not any(e["event"] == "done" for e in events):
        raise AssertionError(f"the worker died: {proc.stderr.read()[-3000:]}")
    return events, stalled


def _describe(events, index):
    collected = next(e for e in events if e["event"] == "collected")
    return collected["patterns"][index]


def test_harness_catches_a_quadratic_pattern():
    events, stalled = run_worker("--selftest")
    assert stalled is None
    failures = [e for e in events if e["event"] == "fail"]
    assert [f["where"] for f in failures] == ["selftest:quadratic"], failures


@pytest.fixture(scope="module")
def linear_run():
    return run_worker()


def test_patterns_are_collected(linear_run):
    events, stalled = linear_run
    assert not [e for e in events if e["event"] == "import-error"], \
        [e["detail"] for e in events if e["event"] == "import-error"]
    collected = next(e for e in events if e["event"] == "collected")
    wheres = {p["where"].split(":")[0] for p in collected["patterns"]}
    # The title heuristics compile patterns at import: the collector must see them.
    assert any(w.endswith("titles.py") or w.startswith("spamgate.titles") for w in wheres), sorted(wheres)


def test_every_pattern_runs_in_linear_time(linear_run):
    events, stalled = linear_run
    problems = []
    if stalled:
        event = json.loads(stalled) if stalled.startswith("{") else {}
        if "index" in event:
            p = _describe(events, event["index"])
            problems.append(f"{p['where']}: {p['pattern']!r} made no progress for {STALL_TIMEOUT}s "
                            f"(catastrophic backtracking) on {event.get('family', '?')} / {event.get('op', '?')}"
                            f" at {event.get('n', '?')} characters")
        else:
            problems.append(f"the worker stalled {stalled}")
    for e in events:
        if e["event"] == "fail":
            problems.append(f"{e['where']}: {e['pattern']!r} on {e['family']}: {e['detail']}")
    assert not problems, "super-linear regular expressions:\n" + "\n".join(problems)
