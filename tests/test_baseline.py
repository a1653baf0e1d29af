"""Baselines: record today's findings, report only new ones, survive lines moving."""
from __future__ import annotations

import json

from support import spamgate, write

OLD = "# Notes\n\nThe w\u043erd and the w\u043erd.\nA t\u0435st line.\n"


def test_write_then_only_new_findings_are_reported(tmp_path):
    write(tmp_path / "docs" / "notes.md", OLD)
    proc = spamgate("check", "--write-baseline", "baseline.json", "docs", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr == ("spamgate check: wrote 3 findings in 1 file to baseline.json; with --baseline "
                           "baseline.json (or the baseline setting) only new findings are reported\n")
    written = (tmp_path / "baseline.json").read_text(encoding="utf-8")
    assert written.isascii()  # the file quotes look-alikes without holding any
    data = json.loads(written)
    assert data["version"] == 1
    assert sorted((e["path"], e["code"], e["text"], e["count"]) for e in data["findings"]) == [
        ("docs/notes.md", "SG101", "t\u0435st", 1), ("docs/notes.md", "SG101", "w\u043erd", 2)]

    # Nothing new: exit 0, and the summary says what the baseline holds back.
    proc = spamgate("check", "--baseline", "baseline.json", "docs", cwd=tmp_path)
    assert proc.returncode == 0, proc.stdout
    assert "All clear: no findings in 1 file; 3 findings already in the baseline not shown." in proc.stdout

    # Lines added above and the old lines moved: still nothing new.  A third
    # "wоrd" on a line of its own is new, and so is a new word.
    write(tmp_path / "docs" / "notes.md", "Intro.\n\n" + OLD + "\nOne more w\u043erd.\nA n\u0435w one.\n")
    proc = spamgate("check", "--format", "concise", "--baseline", "baseline.json", "docs", cwd=tmp_path)
    assert proc.returncode == 1
    lines = [l for l in proc.stdout.splitlines() if ": SG1" in l]
    assert [l.split(": SG")[0] for l in lines] == ["docs/notes.md:8:10", "docs/notes.md:9:3"]


def test_count_per_fingerprint(tmp_path):
    # The same word twice on one line is two findings with one fingerprint:
    # a third copy of that line brings new findings.
    write(tmp_path / "a.md", "the w\u043erd w\u043erd\n")
    spamgate("check", "--write-baseline", "b.json", "a.md", cwd=tmp_path)
    write(tmp_path / "a.md", "the w\u043erd w\u043erd w\u043erd\n")  # another line content: all new
    assert spamgate("check", "--baseline", "b.json", "a.md", cwd=tmp_path).returncode == 1
    write(tmp_path / "a.md", "x\nthe w\u043erd w\u043erd\n")
    assert spamgate("check", "--baseline", "b.json", "a.md", cwd=tmp_path).returncode == 0


def test_baseline_setting_and_verdict(tmp_path):
    write(tmp_path / "pyproject.toml", '[tool.spamgate]\nbaseline = "ci/spamgate-baseline.json"\n')
    write(tmp_path / "a.md", OLD)
    (tmp_path / "ci").mkdir()
    proc = spamgate("check", "--write-baseline", "ci/spamgate-baseline.json", "a.md", cwd=tmp_path)
    assert proc.returncode == 0
    # Paths in the baseline are relative to its own directory, so it works from anywhere.
    entry = json.loads((tmp_path / "ci" / "spamgate-baseline.json").read_text(encoding="utf-8"))["findings"][0]
    assert entry["path"] == "../a.md"
    sub = tmp_path / "ci"
    proc = spamgate("check", "--format", "json", "../a.md", cwd=sub)
    assert proc.returncode == 0, proc.stdout
    data = json.loads(proc.stdout)
    assert data["summary"]["baselined"] == 3
    [entry] = data["files"]
    assert entry["findings"] == [] and entry["failed"] is False and entry["score"] == 0


def test_bad_baselines_are_clear_errors(tmp_path):
    write(tmp_path / "a.md", OLD)
    proc = spamgate("check", "--baseline", "missing.json", "a.md", cwd=tmp_path)
    assert proc.returncode == 2
    assert proc.stderr == ("spamgate check: missing.json: no such baseline file (write one with "
                           "--write-baseline missing.json)\n")
    write(tmp_path / "bad.json", "{not json")
    proc = spamgate("check", "--baseline", "bad.json", "a.md", cwd=tmp_path)
    assert proc.returncode == 2 and "bad.json: not a spamgate baseline (not valid JSON" in proc.stderr
    write(tmp_path / "bad.json", '{"version": 1, "findings": [{"count": 2}]}')
    proc = spamgate("check", "--baseline", "bad.json", "a.md", cwd=tmp_path)
    assert proc.returncode == 2
    assert "bad.json: findings[0]: expected a fingerprint and a positive count" in proc.stderr
    proc = spamgate("check", "--write-baseline", "b.json", "--fix", "a.md", cwd=tmp_path)
    assert proc.returncode == 2 and "--write-baseline records findings" in proc.stderr
    write(tmp_path / "pyproject.toml", "[tool.spamgate]\nbaseline = 3\n")
    proc = spamgate("check", "a.md", cwd=tmp_path)
    assert proc.returncode == 2 and "pyproject.toml: baseline: expected a file path, got 3" in proc.stderr
